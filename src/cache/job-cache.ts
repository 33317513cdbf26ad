import fs from 'node:fs';
import path from 'node:path';
import type { JobCache, JobResult, Logger, Plan, PlannedJob, Settings } from '../model/types.js';
import type { Redactor } from '../report/redact.js';
import { EntryError, packEntry, placeEntry, verifyEntry } from './entry.js';
import { describeChanges } from './job-key.js';
import { computeJobKeys, type JobKey, type JobKeys } from './job-keys.js';
import type { CacheHistory } from './local-store.js';
import { EntryExistsError, type CacheStore } from './store.js';

/** What the orchestration's cache steps share. */
export interface JobCacheContext {
  store: CacheStore;
  workingDirectory: string;
  logger: Logger;
  redactor: Redactor;
  now: () => Date;
  /** Names the run that stores entries ("local 2026-12-03T10:00:00Z", a run URL). */
  source: string;
}

/** Restores at once: enough to keep the file system's thread pool busy on a cached run of many small jobs. */
const RESTORE_CONCURRENCY = 16;

/** Calls `task` on every item, at most `limit` at a time. */
async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** The keys of the plan's jobs; warnings (a declared input matching nothing) go to the logger. */
export async function planJobKeys(
  plan: Plan,
  settings: Settings,
  redactor: Redactor,
  logger: Logger,
): Promise<JobKeys> {
  const keys = await computeJobKeys(plan, settings, redactor);
  for (const warning of keys.warnings) logger.warn(warning);
  return keys;
}

/**
 * Restores every job whose entry exists and verifies, before any job runs. Returns the restored results (status
 * `cached`) and, for every other job, what the cache did (`forced`, `miss` with why, `restore_failed`). A store
 * fault or a corrupted entry is a warning and the job runs; a job's folder is never left half restored.
 */
export async function restoreJobs(
  plan: Plan,
  keys: JobKeys,
  force: ReadonlySet<string>,
  context: JobCacheContext,
): Promise<{ restored: Map<string, JobResult>; decisions: Map<string, JobCache> }> {
  const restored = new Map<string, JobResult>();
  const decisions = new Map<string, JobCache>();
  const restoreOne = async (job: PlannedJob): Promise<void> => {
    const jobKey = keys.keys.get(job.id);
    if (!jobKey) return;
    const { key } = jobKey;
    if (force.has(job.id)) {
      decisions.set(job.id, { key, outcome: 'forced', reason: 'forced to run' });
      return;
    }
    const started = context.now();
    let staging: string | undefined;
    try {
      staging = await fs.promises.mkdtemp(
        path.join(context.workingDirectory, '.training-orchestrator-restore-'),
      );
      const entry = path.join(staging, 'entry');
      await fs.promises.mkdir(entry);
      if (!(await context.store.restore(key, entry))) {
        decisions.set(job.id, { key, outcome: 'miss', reason: await whyMiss(job.id, jobKey, context.store) });
        return;
      }
      const verified = await verifyEntry(entry, key);
      const source = verified.manifest.source;
      const header = `[training-orchestrator] Restored from the job cache: key ${key}, stored by ${source}.`;
      await placeEntry(entry, verified, job, context.workingDirectory, header);
      const finished = context.now();
      restored.set(job.id, {
        ...verified.result,
        id: job.id,
        status: 'cached',
        attempts: [],
        exit_code: 0,
        signal: null,
        started_at: started.toISOString(),
        finished_at: finished.toISOString(),
        duration_seconds: Math.max(0, (finished.getTime() - started.getTime()) / 1000),
        cache: { key, outcome: 'restored', source },
      });
    } catch (error) {
      const problem =
        error instanceof EntryError
          ? `the entry is corrupted: ${error.message}`
          : describe(error, context.redactor);
      context.logger.warn(`Job cache: could not restore ${job.id} (${problem}); it runs instead.`);
      decisions.set(job.id, { key, outcome: 'restore_failed', reason: problem });
    } finally {
      if (staging) await fs.promises.rm(staging, { recursive: true, force: true }).catch(() => undefined);
    }
  };
  await eachLimited(plan.jobs, RESTORE_CONCURRENCY, restoreOne);
  return { restored, decisions };
}

/**
 * Stores a succeeded job's entry (a job that broke a quality gate included: gates are checked again on every
 * run against the restored metrics). Never throws: a fault is a warning and `save_failed`. `forced`: the job ran
 * because `force` named it, so its new entry replaces the one held (or, where entries cannot be replaced, the
 * old one stays and the outcome says so, without a warning).
 */
export async function saveJob(
  job: PlannedJob,
  result: JobResult,
  jobKey: JobKey,
  context: JobCacheContext,
  options: { forced?: boolean } = {},
): Promise<JobCache> {
  const { key } = jobKey;
  if (result.status !== 'succeeded')
    return { key, outcome: 'miss', reason: 'not stored: the job did not succeed' };
  let staging: string | undefined;
  try {
    staging = await fs.promises.mkdtemp(path.join(context.workingDirectory, '.training-orchestrator-save-'));
    await packEntry(staging, {
      workingDirectory: context.workingDirectory,
      job,
      result,
      key,
      components: jobKey.components,
      source: context.source,
      createdAt: context.now().toISOString(),
    });
    await context.store.save(key, staging, { replace: options.forced === true });
    return { key, outcome: 'stored' };
  } catch (error) {
    // Forced on a store that cannot replace (GitHub's): expected, not a fault worth a warning.
    if (options.forced && error instanceof EntryExistsError)
      return {
        key,
        outcome: 'forced',
        reason: `forced to run; not stored: the ${context.store.description} keeps its earlier entry for this key (its entries cannot be replaced)`,
      };
    const problem = describe(error, context.redactor);
    context.logger.warn(`Job cache: could not store ${job.id} (${problem}); the next run runs it again.`);
    return { key, outcome: 'save_failed', reason: problem };
  } finally {
    if (staging) await fs.promises.rm(staging, { recursive: true, force: true }).catch(() => undefined);
  }
}

/**
 * Per job, for `--dry-run` and list-only: "cached" or "will run" and why. Asks the store only `has` (nothing is
 * downloaded); a store fault reads as "will run".
 */
export async function cacheStatusLines(
  plan: Plan,
  keys: JobKeys,
  force: ReadonlySet<string>,
  store: CacheStore,
  redactor: Redactor,
): Promise<string[]> {
  const lines: string[] = [];
  for (const job of plan.jobs) {
    const jobKey = keys.keys.get(job.id);
    if (!jobKey) continue;
    let status: string;
    if (force.has(job.id)) status = 'will run (forced)';
    else {
      try {
        status = (await store.has(jobKey.key))
          ? 'cached'
          : `will run (${await whyMiss(job.id, jobKey, store)})`;
      } catch (error) {
        status = `will run (the cache could not be asked: ${describe(error, redactor)})`;
      }
    }
    lines.push(`cache: ${job.id}: ${status} [key ${jobKey.key.slice(0, 12)}]`);
  }
  return lines;
}

/** Which key component changed since the newest entry of this job id, when the store can tell. */
async function whyMiss(jobId: string, jobKey: JobKey, store: CacheStore): Promise<string> {
  const history = store as Partial<CacheHistory>;
  if (typeof history.newestComponents !== 'function') return 'no cache entry for this key';
  const before = await history.newestComponents(jobId).catch(() => null);
  if (!before) return 'no cache entry for this job yet';
  const changes = describeChanges(before, jobKey.components);
  if (changes.length === 0) return 'no cache entry for this key';
  const shown = changes.slice(0, 3).join('; ');
  return changes.length > 3 ? `${shown}; and ${changes.length - 3} more` : shown;
}

function describe(error: unknown, redactor: Redactor): string {
  return redactor.redact(error instanceof Error ? error.message : String(error));
}
