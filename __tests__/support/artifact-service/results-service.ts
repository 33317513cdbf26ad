import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  BlobSASPermissions,
  ContainerClient,
  StorageSharedKeyCredential,
  generateBlobSASQueryParameters,
} from '@azure/storage-blob';
import type { AzuriteHandle } from './azurite.js';

/**
 * A stand-in for the part of GitHub's results service `@actions/artifact` uploads through: Twirp JSON
 * `CreateArtifact` (answers a signed URL into Azurite) and `FinalizeArtifact` (answers the id). It
 * records what arrived, checks what the real service checks that matters here (bearer token, backend
 * ids, unique names per workflow run) and can be told to fail.
 */

export const TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.ArtifactService/';

export type TwirpMethod = 'CreateArtifact' | 'FinalizeArtifact';

/**
 * - `http-500`: a Twirp `internal` error (the client retries 5xx itself, 5 attempts over about 31 s);
 * - `not-ok`: 200 with `ok: false` (the client gives up at once: InvalidResponseError);
 * - `reset`: the connection is dropped without an answer (a network error the client does not retry).
 */
export type FaultKind = 'http-500' | 'not-ok' | 'reset';

export interface Fault {
  method: TwirpMethod;
  kind: FaultKind;
  /** How many requests fail; Infinity = every one. */
  times: number;
  /** Only requests for this artifact name (default: any). */
  name?: string;
}

export interface RecordedArtifact {
  id: number;
  name: string;
  workflowRunBackendId: string;
  workflowJobRunBackendId: string;
  version: number;
  mimeType: string | undefined;
  /** RFC 3339, as the client sent it; undefined when no retention was given. */
  expiresAt: string | undefined;
  createdAt: Date;
  finalized: boolean;
  /** As sent by FinalizeArtifact (an int64 as a string). */
  size: string | undefined;
  hash: string | undefined;
  blobName: string;
  /** Signed (read/create/write) URL of the blob. */
  signedUrl: string;
}

export interface RecordedCall {
  method: string;
  status: number;
  name: string | undefined;
}

export interface ArtifactServiceStandIn {
  /** Base URL for ACTIONS_RESULTS_URL. */
  url: string;
  token: string;
  /** Every CreateArtifact that succeeded, in order (a re-created unfinalized artifact replaces its record). */
  artifacts: RecordedArtifact[];
  calls: RecordedCall[];
  injectFault(fault: Fault): void;
  clearFaults(): void;
  /** Forget artifacts, calls and faults (a fresh workflow run). */
  reset(): void;
  finalized(name: string): RecordedArtifact | undefined;
  /** The uploaded zip of a finalized artifact, downloaded from Azurite. */
  download(name: string): Promise<Buffer>;
  close(): Promise<void>;
}

export interface StandInOptions {
  azurite: AzuriteHandle;
  /** The bearer token the client must send (ACTIONS_RUNTIME_TOKEN). */
  token: string;
  workflowRunBackendId: string;
  workflowJobRunBackendId: string;
  container?: string;
}

export async function startArtifactService(opts: StandInOptions): Promise<ArtifactServiceStandIn> {
  const container = opts.container ?? 'actions-results';
  const credential = new StorageSharedKeyCredential(opts.azurite.accountName, opts.azurite.accountKey);
  await new ContainerClient(`${opts.azurite.blobEndpoint}/${container}`, credential).createIfNotExists();

  const artifacts: RecordedArtifact[] = [];
  const calls: RecordedCall[] = [];
  let faults: Fault[] = [];
  let nextId = 1000;

  const signedUrlFor = (blobName: string): string => {
    const sas = generateBlobSASQueryParameters(
      {
        containerName: container,
        blobName,
        permissions: BlobSASPermissions.parse('rcw'),
        startsOn: new Date(Date.now() - 5 * 60_000),
        expiresOn: new Date(Date.now() + 60 * 60_000),
      },
      credential,
    ).toString();
    const encoded = blobName.split('/').map(encodeURIComponent).join('/');
    return `${opts.azurite.blobEndpoint}/${container}/${encoded}?${sas}`;
  };

  const takeFault = (method: TwirpMethod, name: string | undefined): Fault | undefined => {
    const fault = faults.find(
      (f) => f.method === method && f.times > 0 && (f.name === undefined || f.name === name),
    );
    if (fault) fault.times -= 1;
    return fault;
  };

  const handle = (method: string, body: Record<string, unknown>): { status: number; json: unknown } => {
    const name = typeof body.name === 'string' ? body.name : '';
    if (
      body.workflow_run_backend_id !== opts.workflowRunBackendId ||
      body.workflow_job_run_backend_id !== opts.workflowJobRunBackendId
    ) {
      return { status: 400, json: { code: 'invalid_argument', msg: 'backend ids do not match the token' } };
    }
    if (name === '') return { status: 400, json: { code: 'invalid_argument', msg: 'name is required' } };
    if (method === 'CreateArtifact') {
      const existing = artifacts.findIndex((a) => a.name === name);
      if (existing >= 0 && artifacts[existing].finalized) {
        return {
          status: 409,
          json: {
            code: 'already_exists',
            msg: 'an artifact with this name already exists on the workflow run',
          },
        };
      }
      const id = nextId++;
      const blobName = `${opts.workflowRunBackendId}/${opts.workflowJobRunBackendId}/${id}/${name}.zip`;
      const record: RecordedArtifact = {
        id,
        name,
        workflowRunBackendId: opts.workflowRunBackendId,
        workflowJobRunBackendId: opts.workflowJobRunBackendId,
        version: Number(body.version ?? 0),
        mimeType: typeof body.mime_type === 'string' ? body.mime_type : undefined,
        expiresAt: typeof body.expires_at === 'string' ? body.expires_at : undefined,
        createdAt: new Date(),
        finalized: false,
        size: undefined,
        hash: undefined,
        blobName,
        signedUrl: signedUrlFor(blobName),
      };
      if (existing >= 0) artifacts.splice(existing, 1, record);
      else artifacts.push(record);
      return { status: 200, json: { ok: true, signed_upload_url: record.signedUrl } };
    }
    if (method === 'FinalizeArtifact') {
      const record = artifacts.find((a) => a.name === name && !a.finalized);
      if (!record) return { status: 404, json: { code: 'not_found', msg: 'no artifact to finalize' } };
      record.finalized = true;
      record.size = typeof body.size === 'string' ? body.size : String(body.size ?? '0');
      record.hash = typeof body.hash === 'string' ? body.hash : undefined;
      return { status: 200, json: { ok: true, artifact_id: String(record.id) } };
    }
    return { status: 404, json: { code: 'bad_route', msg: `no handler for ${method}` } };
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const method = (req.url ?? '').startsWith(TWIRP_PREFIX)
        ? (req.url ?? '').slice(TWIRP_PREFIX.length)
        : '';
      const send = (status: number, json: unknown): void => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        calls.push({ method, status: 400, name: undefined });
        send(400, { code: 'malformed', msg: 'the body is not JSON' });
        return;
      }
      const name = typeof body.name === 'string' ? body.name : undefined;
      if (req.method !== 'POST' || method === '') {
        calls.push({ method, status: 404, name });
        send(404, { code: 'bad_route', msg: 'unknown route' });
        return;
      }
      if (req.headers.authorization !== `Bearer ${opts.token}`) {
        calls.push({ method, status: 401, name });
        send(401, { code: 'unauthenticated', msg: 'missing or wrong bearer token' });
        return;
      }
      const fault =
        method === 'CreateArtifact' || method === 'FinalizeArtifact' ? takeFault(method, name) : undefined;
      if (fault?.kind === 'reset') {
        calls.push({ method, status: 0, name });
        req.socket.destroy();
        return;
      }
      if (fault?.kind === 'http-500') {
        calls.push({ method, status: 500, name });
        send(500, { code: 'internal', msg: 'injected failure' });
        return;
      }
      if (fault?.kind === 'not-ok') {
        calls.push({ method, status: 200, name });
        send(200, { ok: false });
        return;
      }
      const answer = handle(method, body);
      calls.push({ method, status: answer.status, name });
      send(answer.status, answer.json);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    token: opts.token,
    artifacts,
    calls,
    injectFault: (fault) => {
      faults.push({ ...fault });
    },
    clearFaults: () => {
      faults = [];
    },
    reset: () => {
      artifacts.splice(0);
      calls.splice(0);
      faults = [];
    },
    finalized: (name) => artifacts.find((a) => a.name === name && a.finalized),
    download: async (name) => {
      const record = artifacts.find((a) => a.name === name && a.finalized);
      if (!record)
        throw new Error(
          `No finalized artifact named '${name}' (have: ${artifacts.map((a) => a.name).join(', ')})`,
        );
      const response = await fetch(record.signedUrl);
      if (!response.ok) throw new Error(`Downloading ${record.blobName} failed: ${response.status}`);
      return Buffer.from(await response.arrayBuffer());
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
