/**
 * The pull-request comment and the notification, against local stand-ins for GitHub's REST API and a
 * Slack-style webhook.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../src/model/types.js';
import { parseNotifySettings } from '../../src/plan/notify-settings.js';
import { Redactor } from '../../src/report/redact.js';
import { deliverWebhook } from '../../src/report/webhook.js';
import { makeSummary } from '../report/fixtures.js';
import { FakeGitHub } from '../support/github-api/server.js';

const TOKEN = 'ghs_comment0token0value000000000000002';
const HOOK_SECRET = 'T000/B000/XXXXhooksecretXXXX';
const gh = new FakeGitHub('octo', 'models', TOKEN);

let reportToGitHub: typeof import('../../src/action/github-report.js').reportToGitHub;
let createGitHubRequest: typeof import('../../src/action/github-api.js').createGitHubRequest;
let logs: string[];
let eventFile: string;
const logger: Logger = {
  info: (m) => logs.push(`info: ${m}`),
  warn: (m) => logs.push(`warn: ${m}`),
  error: (m) => logs.push(`error: ${m}`),
  debug: (m) => logs.push(`debug: ${m}`),
};

beforeAll(async () => {
  await gh.start();
  ({ reportToGitHub } = await import('../../src/action/github-report.js'));
  ({ createGitHubRequest } = await import('../../src/action/github-api.js'));
  eventFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'to-event-')), 'event.json');
  fs.writeFileSync(
    eventFile,
    JSON.stringify({ number: 7, pull_request: { number: 7 }, repository: { default_branch: 'main' } }),
  );
});
afterAll(async () => {
  await gh.stop();
  fs.rmSync(path.dirname(eventFile), { recursive: true, force: true });
});
beforeEach(() => {
  logs = [];
  gh.reset();
  gh.comments = new Map();
});

function env(over: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    GITHUB_REPOSITORY: 'octo/models',
    GITHUB_RUN_ID: '900',
    GITHUB_WORKFLOW: 'Train models',
    GITHUB_WORKFLOW_REF: 'octo/models/.github/workflows/train.yml@refs/pull/7/merge',
    GITHUB_JOB: 'train',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_SERVER_URL: 'https://github.com',
    ...over,
  };
}

async function report(
  summary = makeSummary({
    status: 'failure',
    jobs: [{ id: 'train_a' }, { id: 'train_b', status: 'failed' }],
  }),
  opts: { env?: NodeJS.ProcessEnv; raw?: Record<string, string>; artifact?: string } = {},
) {
  return reportToGitHub({
    summary,
    raw: { github_token: TOKEN, comment_on_pr: 'true', ...opts.raw },
    notify: { webhook: undefined, on: 'failure' },
    redactor: new Redactor([TOKEN, HOOK_SECRET]),
    workingDirectory: os.tmpdir(),
    summaryArtifactName: opts.artifact ?? 'training-summary',
    logger,
    env: opts.env ?? env(),
    request: createGitHubRequest({ token: TOKEN, baseUrl: gh.url, retryDelayMs: 10, timeoutMs: 5000 }),
  });
}

describe('comment_on_pr', () => {
  it('creates the comment, then replaces the same comment on the next run', async () => {
    gh.comments.set(7, [{ id: 1, body: 'LGTM' }]);
    const first = await report();
    expect(first.comment).toMatchObject({ action: 'created' });
    const id = (first.comment as { id: number }).id;
    expect(gh.comments.get(7)!.map((c) => c.id)).toEqual([1, id]);
    expect(gh.comments.get(7)![1].body).toContain('Training failed');

    const second = await report(makeSummary({ jobs: [{ id: 'train_a' }, { id: 'train_b' }] }));
    expect(second.comment).toEqual({ action: 'updated', id, url: expect.any(String) });
    expect(gh.comments.get(7)!.map((c) => c.id)).toEqual([1, id]);
    expect(gh.comments.get(7)![1].body).toContain('Training succeeded');
    expect(gh.comments.get(7)![1].body).not.toContain('Training failed');
    expect(gh.requestsTo(/^PATCH \/repos\/octo\/models\/issues\/comments\/\d+$/)).toHaveLength(1);
    for (const body of gh.requests.map((r) => r.body)) expect(body).not.toContain(TOKEN);
  });

  it('finds its comment on a later page', async () => {
    const many = Array.from({ length: 150 }, (_, i) => ({ id: i + 1, body: `comment ${i}` }));
    gh.comments.set(7, many);
    const first = await report();
    const id = (first.comment as { id: number }).id;
    gh.reset();
    const second = await report();
    expect(second.comment).toMatchObject({ action: 'updated', id });
    expect(gh.requestsTo(/\/issues\/7\/comments$/).map((r) => r.query.get('page'))).toEqual(['1', '2']);
  });

  it('another job (or matrix leg) keeps a comment of its own', async () => {
    await report();
    await report(undefined, { artifact: 'training-summary-gpu' });
    expect(gh.comments.get(7)).toHaveLength(2);
    await report(undefined, { env: env({ GITHUB_JOB: 'evaluate' }) });
    expect(gh.comments.get(7)).toHaveLength(3);
  });

  it('uses pr_number outside a pull_request run', async () => {
    const result = await report(undefined, {
      raw: { pr_number: '12' },
      env: env({ GITHUB_EVENT_NAME: 'push' }),
    });
    expect(result.comment).toMatchObject({ action: 'created' });
    expect(gh.comments.get(12)).toHaveLength(1);
  });

  it('a read-only token (a fork): a warning, never a failure', async () => {
    gh.fault({
      route: /^POST \/repos\/octo\/models\/issues\/7\/comments$/,
      status: 403,
      body: { message: 'Resource not accessible by integration' },
    });
    const result = await report();
    expect(result.comment).toMatchObject({ action: 'failed' });
    const warning = logs.find((l) => l.startsWith('warn'))!;
    expect(warning).toMatch(
      /Could not comment on pull request #7: .*HTTP 403.*Resource not accessible by integration/,
    );
    expect(warning).toMatch(/pull-requests: write/);
    expect(logs.join('\n')).not.toContain(TOKEN);
  });

  it('not a pull request and no pr_number: no request, a note', async () => {
    const result = await report(undefined, { env: env({ GITHUB_EVENT_NAME: 'push' }) });
    expect(result.comment).toBeUndefined();
    expect(gh.requests).toHaveLength(0);
    expect(logs.join('\n')).toMatch(/not a pull_request run/);
  });

  it('comment_on_pr false: nothing asked', async () => {
    await report(undefined, { raw: { comment_on_pr: 'false' } });
    expect(gh.requests).toHaveLength(0);
  });
});

/** A webhook that answers each POST from a script of statuses (`hang` never answers). */
async function startHook(script: Array<number | 'hang' | { status: number; retryAfter: string }>) {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      const step = script.length > 1 ? script.shift()! : script[0];
      if (step === 'hang') return;
      const status = typeof step === 'number' ? step : step.status;
      const headers = typeof step === 'number' ? {} : { 'retry-after': step.retryAfter };
      res.writeHead(status, headers);
      res.end(status === 200 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/${HOOK_SECRET}`;
  return {
    url,
    bodies,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('notify_webhook', () => {
  const failing = () =>
    makeSummary({ status: 'failure', jobs: [{ id: 'train_a' }, { id: 'train_b', status: 'failed' }] });

  it('500 then 200: two POSTs, delivered, the payload names the failed job and links the run', async () => {
    const hook = await startHook([500, 200]);
    try {
      const result = await reportToGitHub({
        summary: failing(),
        raw: {},
        notify: parseNotifySettings({ notify_webhook: hook.url }),
        redactor: new Redactor([TOKEN, hook.url]),
        workingDirectory: os.tmpdir(),
        summaryArtifactName: 'training-summary',
        logger,
        env: env(),
        retryDelayMs: 10,
      });
      expect(result.notified).toBe(true);
      expect(hook.bodies).toHaveLength(2);
      const payload = JSON.parse(hook.bodies[1]) as { text: string };
      expect(payload.text).toMatch(/Training failed\* in octo\/models: 1 of 2 jobs succeeded, 1 failed/);
      expect(payload.text).toContain('train_b (failed)');
      expect(payload.text).toContain('<https://github.com/octo/models/actions/runs/900|View the run>');
      expect(hook.bodies.join('\n')).not.toContain(HOOK_SECRET);
      expect(logs.join('\n')).not.toContain(HOOK_SECRET);
    } finally {
      await hook.stop();
    }
  });

  it('404 (a deleted webhook): one POST, a warning', async () => {
    const hook = await startHook([404]);
    try {
      const outcome = await deliverWebhook(hook.url, { text: 'x' }, { logger, retryDelayMs: 10 });
      expect(outcome).toEqual({ delivered: false, attempts: 1, status: 404 });
      expect(hook.bodies).toHaveLength(1);
      expect(logs.find((l) => l.startsWith('warn'))).toMatch(/could not be delivered .* HTTP 404/);
      expect(logs.join('\n')).not.toContain(HOOK_SECRET);
    } finally {
      await hook.stop();
    }
  });

  it('a webhook that never answers: bounded by the timeout and retries, a warning', async () => {
    const hook = await startHook(['hang']);
    try {
      const started = Date.now();
      const outcome = await deliverWebhook(
        hook.url,
        { text: 'x' },
        { logger, retryDelayMs: 10, timeoutMs: 200, retries: 1 },
      );
      expect(outcome).toMatchObject({ delivered: false, attempts: 2 });
      expect(hook.bodies).toHaveLength(2);
      expect(logs.find((l) => l.startsWith('warn'))).toMatch(/no answer within 0\.2 s/);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await hook.stop();
    }
  });

  it('429 with Retry-After: waited for (within the bound), then delivered', async () => {
    const hook = await startHook([{ status: 429, retryAfter: '1' }, 200]);
    const waits: number[] = [];
    try {
      const outcome = await deliverWebhook(
        hook.url,
        { text: 'x' },
        {
          logger,
          retryDelayMs: 10,
          sleep: async (ms) => void waits.push(ms),
        },
      );
      expect(outcome).toMatchObject({ delivered: true, attempts: 2 });
      expect(waits).toEqual([1000]);
    } finally {
      await hook.stop();
    }
  });

  it('429 asking for longer than the bound: given up at once', async () => {
    const hook = await startHook([{ status: 429, retryAfter: '3600' }, 200]);
    try {
      const outcome = await deliverWebhook(hook.url, { text: 'x' }, { logger, retryDelayMs: 10 });
      expect(outcome).toMatchObject({ delivered: false, attempts: 1 });
      expect(logs.find((l) => l.startsWith('warn'))).toMatch(/retry after 3600 s/);
    } finally {
      await hook.stop();
    }
  });

  it('a refused connection: retried, then a warning without the URL', async () => {
    const hook = await startHook([200]);
    await hook.stop();
    const outcome = await deliverWebhook(hook.url, { text: 'x' }, { logger, retryDelayMs: 10, retries: 1 });
    expect(outcome).toMatchObject({ delivered: false, attempts: 2 });
    expect(logs.find((l) => l.startsWith('warn'))).toMatch(/ECONNREFUSED/);
    expect(logs.join('\n')).not.toContain(HOOK_SECRET);
  });

  it('notify_on failure: a successful run sends nothing', async () => {
    const hook = await startHook([200]);
    try {
      const result = await reportToGitHub({
        summary: makeSummary({ jobs: [{ id: 'train_a' }] }),
        raw: {},
        notify: parseNotifySettings({ notify_webhook: hook.url }),
        redactor: new Redactor([hook.url]),
        workingDirectory: os.tmpdir(),
        summaryArtifactName: 'training-summary',
        logger,
        env: env(),
      });
      expect(result.notified).toBeUndefined();
      expect(hook.bodies).toHaveLength(0);
    } finally {
      await hook.stop();
    }
  });
});
