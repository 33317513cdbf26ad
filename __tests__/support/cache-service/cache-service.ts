/**
 * A stand-in for GitHub's cache service (v2, the one `@actions/cache` 4+ calls on github.com): the
 * results service's Twirp JSON methods `GetCacheEntryDownloadURL`, `CreateCacheEntry` and
 * `FinalizeCacheEntryUpload` under `/twirp/github.actions.results.api.v1.CacheService/`, answering signed
 * blob URLs into Azurite (the same emulator the artifact stand-in uses). Field names are the proto names
 * of the library's generated client (`lib/generated/results/api/v1/cache.js`).
 *
 * Scoping, as GitHub documents it: the runtime token carries the run's cache scopes (claim `ac`, a JSON
 * list of `{Scope, Permission}`; permission 1 = read, 2 = write, 3 = both). A run of a branch holds its own
 * ref (read and write) and the default branch's (read); a pull request's run holds `refs/pull/N/merge`
 * (read/write) and the base/default branch (read). Lookups search each readable scope in the token's
 * order: the key exactly, then the newest entry whose key starts with it, then each restore key the same
 * way; always with an equal version. Entries are written to the first writable scope; a key and version
 * already present there is refused (409 `already_exists`).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  BlobSASPermissions,
  BlobClient,
  ContainerClient,
  StorageSharedKeyCredential,
  generateBlobSASQueryParameters,
} from '@azure/storage-blob';
import type { AzuriteHandle } from '../artifact-service/azurite.js';

export const CACHE_TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.CacheService/';

export type CacheMethod = 'GetCacheEntryDownloadURL' | 'CreateCacheEntry' | 'FinalizeCacheEntryUpload';

/** A cache scope of a runtime token. */
export interface CacheScope {
  scope: string;
  /** 1 read, 2 write, 3 both. */
  permission: 1 | 2 | 3;
}

/**
 * - `http-500`: a Twirp `internal` error (the library retries 5xx: 5 attempts over about 25–35 s);
 * - `hang`: the request is read and never answered (a silent service);
 * - `reset`: the connection is dropped without an answer.
 */
export type CacheFaultKind = 'http-500' | 'hang' | 'reset';

export interface CacheFault {
  method: CacheMethod;
  kind: CacheFaultKind;
  /** How many requests fail; Infinity = every one. */
  times: number;
}

export interface CacheEntryRecord {
  id: number;
  key: string;
  version: string;
  scope: string;
  finalized: boolean;
  sizeBytes: number | undefined;
  blobName: string;
  createdAt: number;
}

export interface CacheCall {
  method: string;
  status: number;
  key: string | undefined;
  /** The scopes of the token that made the call. */
  scopes: string[];
}

export interface CacheServiceStandIn {
  /** Base URL for ACTIONS_RESULTS_URL. */
  url: string;
  entries: CacheEntryRecord[];
  calls: CacheCall[];
  /** A runtime token holding these cache scopes (in lookup order). */
  tokenFor(scopes: CacheScope[]): string;
  injectFault(fault: CacheFault): void;
  clearFaults(): void;
  /** The archive of a finalized entry, downloaded from Azurite. */
  download(key: string, scope?: string): Promise<Buffer>;
  close(): Promise<void>;
}

/** The scopes of a run on branch `ref` of a repository whose default branch is `defaultRef`. */
export function branchScopes(ref: string, defaultRef = 'refs/heads/main'): CacheScope[] {
  return ref === defaultRef
    ? [{ scope: ref, permission: 3 }]
    : [
        { scope: ref, permission: 3 },
        { scope: defaultRef, permission: 1 },
      ];
}

/** The scopes of a pull request's run (`refs/pull/N/merge`), based on `baseRef`. */
export function pullRequestScopes(number: number, baseRef = 'refs/heads/main'): CacheScope[] {
  return [
    { scope: `refs/pull/${number}/merge`, permission: 3 },
    { scope: baseRef, permission: 1 },
  ];
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Reads the `ac` claim of a token; undefined when the token is not one of ours. */
function scopesOf(token: string): CacheScope[] | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as { ac?: unknown };
    if (typeof payload.ac !== 'string') return undefined;
    const list = JSON.parse(payload.ac) as Array<{ Scope?: unknown; Permission?: unknown }>;
    if (!Array.isArray(list)) return undefined;
    return list.map((entry) => ({
      scope: String(entry.Scope),
      permission: Number(entry.Permission) as CacheScope['permission'],
    }));
  } catch {
    return undefined;
  }
}

export async function startCacheService(opts: {
  azurite: AzuriteHandle;
  container?: string;
}): Promise<CacheServiceStandIn> {
  const container = opts.container ?? 'actions-cache';
  const credential = new StorageSharedKeyCredential(opts.azurite.accountName, opts.azurite.accountKey);
  await new ContainerClient(`${opts.azurite.blobEndpoint}/${container}`, credential).createIfNotExists();

  const entries: CacheEntryRecord[] = [];
  const calls: CacheCall[] = [];
  let faults: CacheFault[] = [];
  let nextId = 1;
  let clock = 0;
  const hanging = new Set<http.ServerResponse>();

  const blobUrl = (blobName: string, permissions: string): string => {
    const sas = generateBlobSASQueryParameters(
      {
        containerName: container,
        blobName,
        permissions: BlobSASPermissions.parse(permissions),
        startsOn: new Date(Date.now() - 5 * 60_000),
        expiresOn: new Date(Date.now() + 60 * 60_000),
      },
      credential,
    ).toString();
    return `${opts.azurite.blobEndpoint}/${container}/${blobName}?${sas}`;
  };

  const takeFault = (method: string): CacheFault | undefined => {
    const fault = faults.find((f) => f.method === method && f.times > 0);
    if (fault) fault.times -= 1;
    return fault;
  };

  /** Newest first among finalized entries of one scope and version. */
  const finalizedIn = (scope: string, version: string): CacheEntryRecord[] =>
    entries
      .filter((e) => e.finalized && e.scope === scope && e.version === version)
      .sort((a, b) => b.createdAt - a.createdAt);

  const lookup = (
    scopes: CacheScope[],
    key: string,
    restoreKeys: string[],
    version: string,
  ): CacheEntryRecord | undefined => {
    for (const { scope, permission } of scopes) {
      if ((permission & 1) === 0) continue;
      const candidates = finalizedIn(scope, version);
      for (const wanted of [key, ...restoreKeys]) {
        const hit =
          candidates.find((e) => e.key === wanted) ?? candidates.find((e) => e.key.startsWith(wanted));
        if (hit) return hit;
      }
    }
    return undefined;
  };

  const handle = async (
    method: string,
    body: Record<string, unknown>,
    scopes: CacheScope[],
  ): Promise<{ status: number; json: unknown }> => {
    const key = typeof body.key === 'string' ? body.key : '';
    const version = typeof body.version === 'string' ? body.version : '';
    if (key === '' || version === '')
      return { status: 400, json: { code: 'invalid_argument', msg: 'key and version are required' } };
    if (method === 'GetCacheEntryDownloadURL') {
      const restoreKeys = Array.isArray(body.restore_keys) ? body.restore_keys.map(String) : [];
      const hit = lookup(scopes, key, restoreKeys, version);
      if (!hit) return { status: 200, json: { ok: false } };
      return {
        status: 200,
        json: { ok: true, signed_download_url: blobUrl(hit.blobName, 'r'), matched_key: hit.key },
      };
    }
    const writable = scopes.find((s) => (s.permission & 2) !== 0);
    if (!writable)
      return { status: 403, json: { code: 'permission_denied', msg: 'cache write denied: read-only token' } };
    if (method === 'CreateCacheEntry') {
      if (entries.some((e) => e.scope === writable.scope && e.key === key && e.version === version))
        return { status: 409, json: { code: 'already_exists', msg: 'cache entry already exists' } };
      const id = nextId++;
      const record: CacheEntryRecord = {
        id,
        key,
        version,
        scope: writable.scope,
        finalized: false,
        sizeBytes: undefined,
        blobName: `${id}/${encodeURIComponent(key)}`,
        createdAt: ++clock,
      };
      entries.push(record);
      return { status: 200, json: { ok: true, signed_upload_url: blobUrl(record.blobName, 'cw') } };
    }
    if (method === 'FinalizeCacheEntryUpload') {
      const record = entries.find(
        (e) => e.scope === writable.scope && e.key === key && e.version === version && !e.finalized,
      );
      if (!record) return { status: 404, json: { code: 'not_found', msg: 'no cache entry to finalize' } };
      const size = Number(body.size_bytes ?? 0);
      const blob = new BlobClient(blobUrl(record.blobName, 'r'));
      const properties = await blob.getProperties().catch(() => undefined);
      if (properties?.contentLength !== size)
        return {
          status: 200,
          json: { ok: false, message: `uploaded size ${properties?.contentLength} is not ${size}` },
        };
      record.finalized = true;
      record.sizeBytes = size;
      return { status: 200, json: { ok: true, entry_id: String(record.id) } };
    }
    return { status: 404, json: { code: 'bad_route', msg: `no handler for ${method}` } };
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const route = req.url ?? '';
        const method = route.startsWith(CACHE_TWIRP_PREFIX) ? route.slice(CACHE_TWIRP_PREFIX.length) : '';
        const send = (status: number, json: unknown): void => {
          res.writeHead(status, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify(json));
        };
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
        } catch {
          send(400, { code: 'malformed', msg: 'the body is not JSON' });
          return;
        }
        const key = typeof body.key === 'string' ? body.key : undefined;
        const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
        const scopes = scopesOf(token);
        const record = (status: number): void => {
          calls.push({ method, status, key, scopes: (scopes ?? []).map((s) => s.scope) });
        };
        if (req.method !== 'POST' || method === '') {
          record(404);
          send(404, { code: 'bad_route', msg: 'unknown route' });
          return;
        }
        if (!scopes) {
          record(401);
          send(401, { code: 'unauthenticated', msg: 'missing or malformed bearer token' });
          return;
        }
        const fault = takeFault(method);
        if (fault?.kind === 'reset') {
          record(0);
          req.socket.destroy();
          return;
        }
        if (fault?.kind === 'hang') {
          record(0);
          hanging.add(res);
          return;
        }
        if (fault?.kind === 'http-500') {
          record(500);
          send(500, { code: 'internal', msg: 'injected failure' });
          return;
        }
        const answer = await handle(method, body, scopes);
        record(answer.status);
        send(answer.status, answer.json);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    entries,
    calls,
    tokenFor: (scopes) => {
      const header = base64url({ typ: 'JWT', alg: 'none' });
      const ac = JSON.stringify(scopes.map((s) => ({ Scope: s.scope, Permission: s.permission })));
      return `${header}.${base64url({ ac, iat: 1 })}.c2lnbmF0dXJl`;
    },
    injectFault: (fault) => {
      faults.push({ ...fault });
    },
    clearFaults: () => {
      faults = [];
    },
    download: async (key, scope) => {
      const record = entries.find((e) => e.key === key && e.finalized && (!scope || e.scope === scope));
      if (!record) throw new Error(`No finalized cache entry '${key}'`);
      const response = await fetch(blobUrl(record.blobName, 'r'));
      if (!response.ok) throw new Error(`Downloading ${record.blobName} failed: ${response.status}`);
      return Buffer.from(await response.arrayBuffer());
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The environment `@actions/cache` reads, pointed at the stand-in: cache service v2 (the results service),
 * a token with `scopes`, a github.com server URL (anything else is taken for GHES, which uses v1).
 */
export function cacheClientEnv(
  service: CacheServiceStandIn,
  scopes: CacheScope[],
  workspace: string,
  runnerTemp: string,
): Record<string, string> {
  return {
    ACTIONS_CACHE_SERVICE_V2: 'true',
    ACTIONS_RESULTS_URL: service.url,
    ACTIONS_RUNTIME_TOKEN: service.tokenFor(scopes),
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: 'Linux',
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost',
  };
}
