/**
 * A stand-in for the parts of GitHub's REST API the action calls, on 127.0.0.1, speaking the real
 * routes and shapes: a workflow's runs (`GET /repos/{o}/{r}/actions/workflows/{file}/runs`), a run's
 * artifacts, an artifact's zip (302 to a signed blob URL, served without the token, as GitHub does),
 * the repository, an issue's comments (list with pages, create, update), plus a Slack-style webhook at
 * `/hooks/…`. Every request is recorded; faults (a status, a Retry-After, silence) are queued per route.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRun {
  id: number;
  head_branch: string;
  status: 'completed' | 'in_progress';
  conclusion: 'success' | 'failure' | 'cancelled' | null;
  /** Defaults to the repository itself; a fork's name to model a pull request from a fork. */
  head_repository?: string;
  workflow: string;
}

export interface FakeArtifact {
  id: number;
  name: string;
  runId: number;
  zip: Buffer;
  expired?: boolean;
  created_at?: string;
}

export interface FakeComment {
  id: number;
  body: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  body: string;
}

export interface Fault {
  /** Matched against `METHOD /path` (no query). */
  route: RegExp;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Never answer (the socket stays open until the server closes). */
  hang?: boolean;
  /** How many requests it applies to (default 1). */
  times?: number;
}

export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  runs: FakeRun[] = [];
  artifacts: FakeArtifact[] = [];
  comments = new Map<number, FakeComment[]>();
  hookBodies: string[] = [];
  defaultBranch = 'main';
  private faults: Array<Fault & { left: number }> = [];
  private nextCommentId = 1000;
  private server: http.Server | undefined;
  url = '';

  constructor(
    readonly owner: string,
    readonly repo: string,
    readonly token: string,
  ) {}

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Forgets requests, faults and webhook bodies (runs, artifacts and comments stay). */
  reset(): void {
    this.requests.length = 0;
    this.faults = [];
    this.hookBodies = [];
  }

  fault(fault: Fault): void {
    this.faults.push({ ...fault, left: fault.times ?? 1 });
  }

  requestsTo(route: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => route.test(`${r.method} ${r.path}`));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', this.url);
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      authorization: req.headers.authorization,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    this.requests.push(record);
    const key = `${record.method} ${record.path}`;
    const fault = this.faults.find((f) => f.left > 0 && f.route.test(key));
    if (fault) {
      fault.left -= 1;
      if (fault.hang) return;
      res.writeHead(fault.status ?? 500, { 'content-type': 'application/json', ...fault.headers });
      res.end(JSON.stringify(fault.body ?? { message: `injected ${fault.status ?? 500}` }));
      return;
    }
    if (record.path.startsWith('/hooks/')) {
      this.hookBodies.push(record.body);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
      return;
    }
    const blob = /^\/blob\/(\d+)\.zip$/.exec(record.path);
    if (blob) {
      // Blob storage: a signed URL, no token expected (the client must not send it there).
      const artifact = this.artifacts.find((a) => a.id === Number(blob[1]));
      if (!artifact || record.authorization) return this.json(res, 403, { message: 'blob: bad request' });
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': artifact.zip.length });
      res.end(artifact.zip);
      return;
    }
    if (record.authorization !== `token ${this.token}` && record.authorization !== `Bearer ${this.token}`)
      return this.json(res, 401, { message: 'Bad credentials' });
    const repoPrefix = `/repos/${this.owner}/${this.repo}`;
    if (!record.path.startsWith(repoPrefix)) return this.json(res, 404, { message: 'Not Found' });
    const rest = record.path.slice(repoPrefix.length);
    let m: RegExpExecArray | null;
    if (rest === '' && record.method === 'GET')
      return this.json(res, 200, {
        full_name: `${this.owner}/${this.repo}`,
        default_branch: this.defaultBranch,
      });
    if ((m = /^\/actions\/workflows\/([^/]+)\/runs$/.exec(rest)) && record.method === 'GET') {
      const branch = url.searchParams.get('branch');
      const status = url.searchParams.get('status');
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const runs = this.runs
        .filter((run) => run.workflow === decodeURIComponent(m![1]))
        .filter((run) => !branch || run.head_branch === branch)
        .filter((run) =>
          !status ? true : status === 'completed' ? run.status === 'completed' : run.conclusion === status,
        )
        .sort((a, b) => b.id - a.id);
      return this.json(res, 200, {
        total_count: runs.length,
        workflow_runs: runs.slice(0, perPage).map((run) => this.runJson(run)),
      });
    }
    if ((m = /^\/actions\/runs\/(\d+)\/artifacts$/.exec(rest)) && record.method === 'GET') {
      const list = this.artifacts.filter((a) => a.runId === Number(m![1]));
      return this.json(res, 200, {
        total_count: list.length,
        artifacts: list.map((a) => ({
          id: a.id,
          name: a.name,
          size_in_bytes: a.zip.length,
          expired: a.expired ?? false,
          created_at: a.created_at ?? '2026-12-01T10:00:00Z',
          archive_download_url: `${this.url}${repoPrefix}/actions/artifacts/${a.id}/zip`,
          workflow_run: { id: a.runId },
        })),
      });
    }
    if ((m = /^\/actions\/artifacts\/(\d+)\/zip$/.exec(rest)) && record.method === 'GET') {
      const artifact = this.artifacts.find((a) => a.id === Number(m![1]));
      if (!artifact) return this.json(res, 404, { message: 'Not Found' });
      res.writeHead(302, { location: `${this.url}/blob/${artifact.id}.zip?sig=blob-signature-secret` });
      res.end();
      return;
    }
    if ((m = /^\/issues\/(\d+)\/comments$/.exec(rest))) {
      const list = this.comments.get(Number(m[1])) ?? [];
      if (record.method === 'GET') {
        const perPage = Number(url.searchParams.get('per_page') ?? 30);
        const page = Number(url.searchParams.get('page') ?? 1);
        return this.json(
          res,
          200,
          list.slice((page - 1) * perPage, page * perPage).map((c) => this.commentJson(Number(m![1]), c)),
        );
      }
      if (record.method === 'POST') {
        const comment = {
          id: this.nextCommentId++,
          body: (JSON.parse(record.body) as { body: string }).body,
        };
        list.push(comment);
        this.comments.set(Number(m[1]), list);
        return this.json(res, 201, this.commentJson(Number(m[1]), comment));
      }
    }
    if ((m = /^\/issues\/comments\/(\d+)$/.exec(rest)) && record.method === 'PATCH') {
      for (const [issue, list] of this.comments) {
        const comment = list.find((c) => c.id === Number(m![1]));
        if (comment) {
          comment.body = (JSON.parse(record.body) as { body: string }).body;
          return this.json(res, 200, this.commentJson(issue, comment));
        }
      }
      return this.json(res, 404, { message: 'Not Found' });
    }
    return this.json(res, 404, { message: 'Not Found' });
  }

  private runJson(run: FakeRun): Record<string, unknown> {
    return {
      id: run.id,
      name: 'Train',
      head_branch: run.head_branch,
      status: run.status,
      conclusion: run.conclusion,
      html_url: `https://github.com/${this.owner}/${this.repo}/actions/runs/${run.id}`,
      head_repository: { full_name: run.head_repository ?? `${this.owner}/${this.repo}` },
      path: `.github/workflows/${run.workflow}`,
    };
  }

  private commentJson(issue: number, comment: FakeComment): Record<string, unknown> {
    return {
      id: comment.id,
      body: comment.body,
      html_url: `https://github.com/${this.owner}/${this.repo}/pull/${issue}#issuecomment-${comment.id}`,
      user: { login: 'github-actions[bot]', type: 'Bot' },
    };
  }

  private json(res: http.ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  }
}
