import fsp from 'node:fs/promises';
import path from 'node:path';
import { EntryExistsError, type CacheStore } from '../cache/store.js';
import type { Logger } from '../model/types.js';
import { captureLibraryFailures, type Captured, type WritableLike } from './cache-library-output.js';

/**
 * The job cache on GitHub Actions: a CacheStore over `@actions/cache` (restoreCache / saveCache, the
 * library behind actions/cache). See docs/decisions/0006-github-cache-client.md.
 *
 * - Keys are `<prefix>-<runner OS>-<job key>`: the job key is the core's hex digest, the prefix an input
 *   checked to hold no secret, so no secret reaches a key (keys are listed to anyone who can read the
 *   repository).
 * - GitHub scopes entries by branch: a run reads entries of its own ref and of the default branch, and
 *   writes to its own ref (a pull request reads main's entries; main never reads a pull request's).
 * - The library archives paths relative to the workspace and folds the path strings into the entry's
 *   "version"; an entry restores only where the same strings are asked for. So every entry goes through
 *   one fixed folder, `<working directory>/.training-orchestrator/cache-transfer`, named relative to the
 *   process's folder: the same string in every run of the same workflow, whatever the checkout's path.
 *   One folder means one library call at a time: the store serializes its calls.
 * - A fault (HTTP 5xx after the library's retries, a timeout, a refused reservation) throws; the core
 *   turns it into a warning and the job runs. After a fault that says the service is unwell, later calls
 *   of the run throw at once instead of paying the library's retries (about 30 s) per job.
 */

/** The part of `@actions/cache` the store uses (the real module is imported lazily: see loadActionsCache). */
export interface ActionsCacheLibrary {
  restoreCache(
    paths: string[],
    primaryKey: string,
    restoreKeys?: string[],
    options?: { lookupOnly?: boolean },
  ): Promise<string | undefined>;
  saveCache(paths: string[], key: string): Promise<number>;
  /** Whether this job has a cache service at all (its URL variable is set). */
  isFeatureAvailable(): boolean;
}

export interface GitHubCacheStoreOptions {
  /** The validated `cache_key_prefix`. */
  keyPrefix: string;
  /** `RUNNER_OS` (Linux, Windows, macOS): see runnerOs. */
  runnerOs: string;
  /** The run's working directory: the transfer folder lives under it. */
  workingDirectory: string;
  /** The folder relative paths are resolved against by the library (the process's); default process.cwd(). */
  cwd?: string;
  /** Loads the library; default a dynamic import, so runs without `cache: true` never load it. */
  load?: () => Promise<ActionsCacheLibrary>;
  /** Where the library prints (its failure lines are taken out while a call runs); default process.stdout. */
  stdout?: WritableLike;
  /** The longest one library call may take before it counts as a fault; default GITHUB_CACHE_CALL_TIMEOUT_MS. */
  timeoutMs?: number;
}

/** How long one restore, save or lookup may take: an entry of a few GB downloads in minutes, not hours. */
export const GITHUB_CACHE_CALL_TIMEOUT_MS = 20 * 60_000;

/** The transfer folder, under the working directory. */
export const CACHE_TRANSFER_FOLDER = path.join('.training-orchestrator', 'cache-transfer');

/** The store's name in the summary and in messages. */
export const GITHUB_CACHE_DESCRIPTION = 'GitHub Actions cache';

/** `RUNNER_OS` as the runner sets it, else the same spelling derived from the platform. */
export function runnerOs(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  const fromRunner = env.RUNNER_OS?.trim();
  if (fromRunner && /^[A-Za-z0-9]+$/.test(fromRunner)) return fromRunner;
  if (platform === 'win32') return 'Windows';
  if (platform === 'darwin') return 'macOS';
  return platform === 'linux' ? 'Linux' : platform;
}

/** The key an entry has in the GitHub cache: `<prefix>-<runner OS>-<job key>`. */
export function githubCacheKey(prefix: string, os: string, jobKey: string): string {
  return `${prefix}-${os}-${jobKey}`;
}

/** The real library, imported on first use (its chunk stays unloaded in runs without `cache: true`). */
export async function loadActionsCache(): Promise<ActionsCacheLibrary> {
  const library = await import('@actions/cache');
  return {
    restoreCache: library.restoreCache,
    saveCache: library.saveCache,
    isFeatureAvailable: library.isFeatureAvailable,
  };
}

/**
 * The store for a run of the action: undefined when `cache` is off (the library is then never loaded), or
 * when the job has no cache service (a local runner such as act, a runner without the service's
 * variables): one warning, and every job runs.
 */
export async function createActionCacheStore(
  cache: { enabled: boolean; keyPrefix: string },
  opts: {
    workingDirectory: string;
    logger: Logger;
    env?: NodeJS.ProcessEnv;
    load?: () => Promise<ActionsCacheLibrary>;
  },
): Promise<CacheStore | undefined> {
  if (!cache.enabled) return undefined;
  const load = opts.load ?? loadActionsCache;
  const library = await load();
  if (!library.isFeatureAvailable()) {
    opts.logger.warn(
      `cache is on, but this job has no ${GITHUB_CACHE_DESCRIPTION} service (ACTIONS_RESULTS_URL or ACTIONS_CACHE_URL is not set): every job runs and nothing is saved.`,
    );
    return undefined;
  }
  return createGitHubCacheStore({
    keyPrefix: cache.keyPrefix,
    runnerOs: runnerOs(opts.env ?? process.env),
    workingDirectory: opts.workingDirectory,
    load: async () => library,
  });
}

/** A fault the store reports; `serviceDown` faults stop the store's later calls for this run. */
export class GitHubCacheError extends Error {
  constructor(
    message: string,
    readonly serviceDown: boolean,
  ) {
    super(message);
    this.name = 'GitHubCacheError';
  }
}

export function createGitHubCacheStore(opts: GitHubCacheStoreOptions): CacheStore {
  const cwd = opts.cwd ?? process.cwd();
  const transfer = path.join(opts.workingDirectory, CACHE_TRANSFER_FOLDER);
  // The string the library hashes into the entry's version: relative, so the checkout's path is not in it.
  const relativeTransfer = path.relative(cwd, transfer).split(path.sep).join('/');
  const timeoutMs = opts.timeoutMs ?? GITHUB_CACHE_CALL_TIMEOUT_MS;
  const keyOf = (jobKey: string): string => githubCacheKey(opts.keyPrefix, opts.runnerOs, jobKey);
  let library: Promise<ActionsCacheLibrary> | undefined;
  // Set by the first fault that says the service is unwell; later calls of the run do not try again.
  let down = false;
  let queue: Promise<unknown> = Promise.resolve();

  /** One call at a time (one transfer folder); a call after a service fault throws at once. */
  const serialized = <T>(what: string, step: () => Promise<T>): Promise<T> => {
    const next = queue.then(async () => {
      if (down)
        throw new GitHubCacheError(
          `${what} skipped: the ${GITHUB_CACHE_DESCRIPTION} failed earlier in this run (see the first warning)`,
          true,
        );
      try {
        return await step();
      } catch (error) {
        if (error instanceof GitHubCacheError && error.serviceDown) down = true;
        throw error;
      }
    });
    queue = next.catch(() => undefined);
    return next;
  };

  /** One library call, its failure lines captured, bounded by the deadline. */
  const call = async <T>(
    what: string,
    run: (lib: ActionsCacheLibrary) => Promise<T>,
  ): Promise<Captured<T>> => {
    library ??= (opts.load ?? loadActionsCache)();
    const lib = await library;
    const captured = captureLibraryFailures(() => run(lib), opts.stdout);
    // Abandoned at the deadline, the call may still settle later: never as an unhandled rejection.
    captured.result.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        captured.release();
        reject(new GitHubCacheError(`${what} timed out after ${Math.round(timeoutMs / 1000)} s`, true));
      }, timeoutMs);
    });
    try {
      return await Promise.race([captured.result, deadline]);
    } catch (error) {
      if (error instanceof GitHubCacheError) throw error;
      // The library throws only for what it calls validation (a key too long, with a comma): our bug.
      throw new GitHubCacheError(`${what} failed: ${messageOf(error)}`, false);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    description: GITHUB_CACHE_DESCRIPTION,

    has: (jobKey) =>
      serialized('Looking up the cache entry', async () => {
        const key = keyOf(jobKey);
        await prepareTransfer(opts.workingDirectory, transfer);
        const { value, failures } = await call('Looking up the cache entry', (lib) =>
          lib.restoreCache([relativeTransfer], key, [], { lookupOnly: true }),
        );
        if (failures.length > 0) throw restoreFault('Looking up', key, failures);
        return value === key;
      }),

    restore: (jobKey, destination) =>
      serialized('Restoring the cache entry', async () => {
        const key = keyOf(jobKey);
        await prepareTransfer(opts.workingDirectory, transfer);
        try {
          const { value, failures } = await call('Restoring the cache entry', (lib) =>
            lib.restoreCache([relativeTransfer], key),
          );
          if (failures.length > 0) throw restoreFault('Restoring', key, failures);
          // The service also matches keys by prefix: only this very key is this job's entry.
          if (value !== key) return false;
          const stats = await fsp.lstat(transfer).catch(() => undefined);
          if (!stats?.isDirectory())
            throw new GitHubCacheError(`The cache entry ${key} did not hold the expected folder`, false);
          await moveChildren(transfer, destination);
          return true;
        } finally {
          await fsp.rm(transfer, { recursive: true, force: true });
        }
      }),

    save: (jobKey, source) =>
      serialized('Saving the cache entry', async () => {
        const key = keyOf(jobKey);
        await prepareTransfer(opts.workingDirectory, transfer);
        try {
          await fsp.cp(source, transfer, { recursive: true, verbatimSymlinks: true, errorOnExist: true });
          const { value, failures, reserveCause } = await call('Saving the cache entry', (lib) =>
            lib.saveCache([relativeTransfer], key),
          );
          if (failures.length > 0) throw saveFault(key, failures, reserveCause);
          if (value === -1)
            throw new GitHubCacheError(
              `Saving the cache entry ${key} failed: the cache service did not accept it (see the message above)`,
              false,
            );
        } finally {
          await fsp.rm(transfer, { recursive: true, force: true });
        }
      }),
  };
}

function restoreFault(what: string, key: string, failures: string[]): GitHubCacheError {
  return new GitHubCacheError(`${what} the cache entry ${key} failed: ${causeOf(failures)}`, true);
}

/**
 * The library reports every failed reservation alike ("another job may be creating this cache"); its debug
 * line tells an entry that exists (409: another run or job saved it, nothing is wrong) from a service that
 * fails (a 5xx after its retries, a dropped connection).
 */
function saveFault(key: string, failures: string[], reserveCause: string | undefined): Error {
  const reserved = failures.some((line) => /Unable to reserve cache|Cache reservation failed/.test(line));
  if (reserved && (reserveCause === undefined || /\(409\)|already exists/i.test(reserveCause)))
    return new EntryExistsError(
      `Saving the cache entry ${key} skipped: the cache service already holds it (saved by another run or job)`,
    );
  const cause = reserved && reserveCause ? reserveCause.replace(/^Error: /, '') : causeOf(failures);
  return new GitHubCacheError(`Saving the cache entry ${key} failed: ${cause}`, true);
}

/** The library's messages without its own "Failed to restore: " lead-in, one line. */
function causeOf(failures: string[]): string {
  return failures
    .map((line) => line.replace(/^Failed to (?:restore|save): /, ''))
    .join('; ')
    .replace(/\s*\n\s*/g, ' ');
}

/**
 * Makes sure the transfer folder is absent and its parent a real folder inside the working directory:
 * neither `.training-orchestrator` nor the transfer folder may be a link (an entry would then be written,
 * or a save read, somewhere else).
 */
async function prepareTransfer(workingDirectory: string, transfer: string): Promise<void> {
  const parent = path.dirname(transfer);
  const parentStats = await fsp.lstat(parent).catch(() => undefined);
  if (parentStats && !parentStats.isDirectory())
    throw new GitHubCacheError(
      `${path.relative(workingDirectory, parent)} is not a folder (a link?): the cache cannot use it`,
      false,
    );
  if (!parentStats) await fsp.mkdir(parent, { recursive: true });
  await fsp.rm(transfer, { recursive: true, force: true });
}

/** Moves each child of `from` into `to` (renamed; copied when `to` is on another file system). */
async function moveChildren(from: string, to: string): Promise<void> {
  await fsp.mkdir(to, { recursive: true });
  for (const name of await fsp.readdir(from)) {
    const source = path.join(from, name);
    const target = path.join(to, name);
    try {
      await fsp.rename(source, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      await fsp.cp(source, target, { recursive: true, verbatimSymlinks: true, errorOnExist: true });
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
