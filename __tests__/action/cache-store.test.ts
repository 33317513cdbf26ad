/**
 * The GitHub Actions cache store through the real @actions/cache (tar, zstd, its Twirp client, the Azure
 * SDK upload) against the cache-service stand-in and Azurite, in this process: miss, save, hit, scoping
 * between refs, a prefix match that is not the job's entry, an entry that already exists, a service that
 * answers 500 or nothing. See __tests__/support/cache-service/cache-service.ts for the rules implemented.
 */
import { EntryExistsError } from '../../src/cache/store.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, jest, test } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startAzurite, type AzuriteHandle } from '../support/artifact-service/azurite.js';
import {
  branchScopes,
  cacheClientEnv,
  pullRequestScopes,
  startCacheService,
  type CacheScope,
  type CacheServiceStandIn,
} from '../support/cache-service/cache-service.js';
import {
  CACHE_TRANSFER_FOLDER,
  GitHubCacheError,
  createGitHubCacheStore,
  githubCacheKey,
} from '../../src/action/cache-store.js';
import type { CacheStore } from '../../src/cache/store.js';

jest.setTimeout(120_000);

const MAIN = branchScopes('refs/heads/main');
const FEATURE = branchScopes('refs/heads/feature');
const PR = pullRequestScopes(7);
const PREFIX = 'training-orchestrator';

let azurite: AzuriteHandle;
let service: CacheServiceStandIn;
let workspace: string;
let scratch: string;
let printed: string[];
const originalCwd = process.cwd();
const originalEnv = { ...process.env };
const originalWrite = process.stdout.write;

beforeAll(async () => {
  azurite = await startAzurite();
  service = await startCacheService({ azurite });
});

afterAll(async () => {
  // The call abandoned by the timeout test ends when the service closes; its late warning is not for Jest's output.
  process.stdout.write = (() => true) as typeof process.stdout.write;
  await service?.close();
  await new Promise((resolve) => setTimeout(resolve, 100));
  process.stdout.write = originalWrite;
  await azurite?.stop();
});

beforeEach(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'to-cache-store-'));
  workspace = path.join(scratch, 'workspace');
  fs.mkdirSync(path.join(scratch, 'runner-temp'), { recursive: true });
  fs.mkdirSync(workspace);
  // The library resolves relative paths against the process's folder, as on a runner (the workspace).
  process.chdir(workspace);
  service.clearFaults();
  // Everything the library prints reaches this record instead of Jest's output (the store's capture
  // wraps it in turn, so what is recorded is what a workflow log would show).
  printed = [];
  process.stdout.write = ((chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
});

afterEach(() => {
  process.stdout.write = originalWrite;
  process.chdir(originalCwd);
  for (const name of Object.keys(process.env)) if (!(name in originalEnv)) delete process.env[name];
  Object.assign(process.env, originalEnv);
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** A store as one run with these cache scopes sees it. */
function storeFor(scopes: CacheScope[], opts: { timeoutMs?: number } = {}): CacheStore {
  Object.assign(process.env, cacheClientEnv(service, scopes, workspace, path.join(scratch, 'runner-temp')));
  return createGitHubCacheStore({
    keyPrefix: PREFIX,
    runnerOs: 'Linux',
    workingDirectory: workspace,
    timeoutMs: opts.timeoutMs,
  });
}

let keyCounter = 0;
/** A fresh job key (hex, like the core's) per test, so entries of earlier tests never match. */
function jobKey(): string {
  keyCounter += 1;
  return `${keyCounter.toString(16).padStart(8, '0')}${'ab'.repeat(28)}`;
}

/** An entry folder as the core packs it: nested files, bytes of every value, an empty folder. */
function entryFolder(name: string): string {
  const folder = path.join(scratch, name);
  fs.mkdirSync(path.join(folder, 'outputs', 'models'), { recursive: true });
  fs.mkdirSync(path.join(folder, 'outputs', 'empty'), { recursive: true });
  fs.writeFileSync(
    path.join(folder, 'outputs', 'models', 'weights.bin'),
    Buffer.from([...Array(256).keys()]),
  );
  fs.writeFileSync(path.join(folder, 'outputs', 'metrics.json'), '{"accuracy": 0.91}\n');
  fs.writeFileSync(path.join(folder, 'job.log'), 'epoch 1\nepoch 2\n');
  fs.writeFileSync(path.join(folder, 'manifest.json'), '{"files": []}\n');
  return folder;
}

/** Every file and folder under `root`, with file contents, for exact comparison. */
function tree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const rel = path.relative(root, full);
      if (entry.isDirectory()) {
        out[`${rel}/`] = '';
        walk(full);
      } else out[rel] = fs.readFileSync(full).toString('base64');
    }
  };
  walk(root);
  return out;
}

function emptyFolder(name: string): string {
  const folder = path.join(scratch, name);
  fs.mkdirSync(folder);
  return folder;
}

/** Annotations the run's log would show (the store's own faults are thrown, not printed). */
function annotations(): string[] {
  return printed
    .join('')
    .split('\n')
    .filter((line) => /^::(warning|error)::/.test(line));
}

describe('GitHub Actions cache store', () => {
  test('a miss restores nothing and says so; the lookup agrees', async () => {
    const store = storeFor(MAIN);
    const key = jobKey();
    const destination = emptyFolder('restored');
    await expect(store.restore(key, destination)).resolves.toBe(false);
    await expect(store.has(key)).resolves.toBe(false);
    expect(fs.readdirSync(destination)).toEqual([]);
    expect(fs.existsSync(path.join(workspace, CACHE_TRANSFER_FOLDER))).toBe(false);
    expect(annotations()).toEqual([]);
  });

  test('a saved entry restores byte for byte under <prefix>-<OS>-<key>, and the lookup finds it without downloading', async () => {
    const store = storeFor(MAIN);
    const key = jobKey();
    const source = entryFolder('entry');
    await store.save(key, source);
    const fullKey = githubCacheKey(PREFIX, 'Linux', key);
    const saved = service.entries.filter((entry) => entry.key === fullKey);
    expect(saved).toEqual([expect.objectContaining({ scope: 'refs/heads/main', finalized: true })]);
    // The source is the core's: left as it was.
    expect(tree(source)).toEqual(tree(entryFolder('entry-again')));

    const before = service.calls.length;
    await expect(store.has(key)).resolves.toBe(true);
    expect(service.calls.slice(before).map((call) => call.method)).toEqual(['GetCacheEntryDownloadURL']);

    const destination = emptyFolder('restored');
    await expect(store.restore(key, destination)).resolves.toBe(true);
    expect(tree(destination)).toEqual(tree(source));
    expect(fs.existsSync(path.join(workspace, CACHE_TRANSFER_FOLDER))).toBe(false);
    expect(annotations()).toEqual([]);
  });

  test('the same entry restores in another checkout folder (the path of the checkout is not in the version)', async () => {
    const key = jobKey();
    await storeFor(MAIN).save(key, entryFolder('entry'));
    const elsewhere = path.join(scratch, 'other-checkout');
    fs.mkdirSync(elsewhere);
    process.chdir(elsewhere);
    workspace = elsewhere;
    const destination = emptyFolder('restored');
    await expect(storeFor(MAIN).restore(key, destination)).resolves.toBe(true);
    expect(tree(destination)).toEqual(tree(entryFolder('entry-again')));
  });

  test("an entry whose key only starts with the job's key is not the job's entry", async () => {
    const store = storeFor(MAIN);
    const key = jobKey();
    await store.save(`${key}ff`, entryFolder('entry'));
    const destination = emptyFolder('restored');
    await expect(store.restore(key, destination)).resolves.toBe(false);
    await expect(store.has(key)).resolves.toBe(false);
    expect(fs.readdirSync(destination)).toEqual([]);
  });

  test("branch scoping: a pull request and a branch read main's entries; main reads neither's, nor do they read each other's", async () => {
    const fromMain = jobKey();
    const fromFeature = jobKey();
    const fromPr = jobKey();
    await storeFor(MAIN).save(fromMain, entryFolder('main-entry'));
    await storeFor(FEATURE).save(fromFeature, entryFolder('feature-entry'));
    await storeFor(PR).save(fromPr, entryFolder('pr-entry'));
    expect(
      service.entries
        .filter((e) => [fromMain, fromFeature, fromPr].some((k) => e.key.endsWith(k)))
        .map((e) => e.scope),
    ).toEqual(['refs/heads/main', 'refs/heads/feature', 'refs/pull/7/merge']);

    const visible = async (scopes: CacheScope[]) => {
      const store = storeFor(scopes);
      const seen: string[] = [];
      for (const [name, key] of Object.entries({ main: fromMain, feature: fromFeature, pr: fromPr })) {
        const destination = emptyFolder(`restored-${scopes[0].scope.replace(/\W/g, '-')}-${name}`);
        if (await store.restore(key, destination)) seen.push(name);
      }
      return seen;
    };
    expect(await visible(MAIN)).toEqual(['main']);
    expect(await visible(FEATURE)).toEqual(['main', 'feature']);
    expect(await visible(PR)).toEqual(['main', 'pr']);
  });

  test('an entry another run already saved: the save reports it skipped, and the store keeps working', async () => {
    const key = jobKey();
    await storeFor(MAIN).save(key, entryFolder('entry'));
    const store = storeFor(MAIN);
    const error = await store.save(key, entryFolder('entry-again')).catch((e: unknown) => e);
    // The core's own "exists" (a forced job then says the entry stays, without a warning), not a fault.
    expect(error).toBeInstanceOf(EntryExistsError);
    expect((error as Error).message).toMatch(/already holds it/);
    await expect(store.has(key)).resolves.toBe(true);
    // Asked to replace, GitHub still cannot: the same error.
    const replaced = await store
      .save(key, entryFolder('entry-forced'), { replace: true })
      .catch((e: unknown) => e);
    expect(replaced).toBeInstanceOf(EntryExistsError);
    expect(annotations()).toEqual([]);
  });

  test('a service answering 500 on lookups: restore throws (no annotation of the library), and later calls of the run fail at once', async () => {
    const store = storeFor(MAIN);
    service.injectFault({ method: 'GetCacheEntryDownloadURL', kind: 'http-500', times: Infinity });
    const error = await store.restore(jobKey(), emptyFolder('restored')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubCacheError);
    expect((error as Error).message).toMatch(/Restoring the cache entry .* failed: .*\(500\)/);
    expect(annotations()).toEqual([]);

    const before = service.calls.length;
    await expect(store.has(jobKey())).rejects.toThrow(/failed earlier in this run/);
    await expect(store.save(jobKey(), entryFolder('entry'))).rejects.toThrow(/failed earlier in this run/);
    expect(service.calls.length).toBe(before);
  });

  test('a service answering 500 when an entry is reserved: save throws with the cause, not as "already exists"', async () => {
    const store = storeFor(MAIN);
    service.injectFault({ method: 'CreateCacheEntry', kind: 'http-500', times: Infinity });
    const error = await store.save(jobKey(), entryFolder('entry')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubCacheError);
    expect((error as Error).message).toMatch(/Saving the cache entry .* failed: .*\(500\)/);
    expect((error as GitHubCacheError).serviceDown).toBe(true);
    expect(annotations()).toEqual([]);
    expect(fs.existsSync(path.join(workspace, CACHE_TRANSFER_FOLDER))).toBe(false);
  });

  test('a service that never answers: the call times out, and the store stops calling it', async () => {
    const store = storeFor(MAIN, { timeoutMs: 1500 });
    service.injectFault({ method: 'GetCacheEntryDownloadURL', kind: 'hang', times: 1 });
    await expect(store.restore(jobKey(), emptyFolder('restored'))).rejects.toThrow(/timed out after 2 s/);
    await expect(store.has(jobKey())).rejects.toThrow(/failed earlier in this run/);
  });

  test('the transfer folder must not be a link out of the working directory', async () => {
    const outside = emptyFolder('outside');
    fs.symlinkSync(outside, path.join(workspace, '.training-orchestrator'));
    const store = storeFor(MAIN);
    await expect(store.save(jobKey(), entryFolder('entry'))).rejects.toThrow(/is not a folder \(a link\?\)/);
    expect(fs.readdirSync(outside)).toEqual([]);
  });
});
