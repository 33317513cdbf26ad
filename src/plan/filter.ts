import { InputError } from '../model/types.js';
import { closestCandidate } from './did-you-mean.js';
import { quoteValue } from './input-values.js';
import { readSummaryJobs } from './summary-file.js';

/** The statuses `rerun_failed_from` selects. */
export const RERUN_STATUSES: readonly string[] = ['failed', 'timed_out', 'cancelled'];

export interface FilterableJob {
  id: string;
  baseId: string | undefined;
}

export interface FilterOptions {
  only: readonly string[];
  exclude: readonly string[];
  /** Ids that failed in an earlier run (readFailedJobIds), and the file they came from. */
  rerunFailed?: { file: string; ids: ReadonlySet<string> };
  /** Why there are no jobs at all, said when the plan is empty before any filter (e.g. nothing discovered). */
  emptyReason: { where: string; message: string };
}

export interface FilterResult<T> {
  jobs: T[];
  warnings: string[];
}

/** Whether one of `selectors` names the job or its sweep's base id (all its variants). */
function selectedBy(selectors: ReadonlySet<string>, job: FilterableJob): boolean {
  return selectors.has(job.id) || (job.baseId !== undefined && selectors.has(job.baseId));
}

/**
 * Applies `only` (an unknown id is an InputError listing the known ones), then `exclude` (an unknown
 * id is a warning), then the re-run selection. Both lists accept job ids and sweep base ids. Selecting
 * zero jobs is an InputError that says which step removed them all.
 */
export function filterJobs<T extends FilterableJob>(
  jobs: readonly T[],
  options: FilterOptions,
): FilterResult<T> {
  const warnings: string[] = [];
  if (jobs.length === 0) throw new InputError(options.emptyReason.where, options.emptyReason.message);

  // Sets, not nested scans: a shard's `only` can name thousands of the plan's ids. Built only when a
  // selector needs checking.
  let names: Set<string> | undefined;
  const isName = (selector: string): boolean => {
    if (!names) {
      names = new Set<string>();
      for (const job of jobs) {
        names.add(job.id);
        if (job.baseId !== undefined) names.add(job.baseId);
      }
    }
    return names.has(selector);
  };
  let selected = [...jobs];
  if (options.only.length > 0) {
    const unknown = options.only.filter((selector) => !isName(selector));
    if (unknown.length > 0) {
      throw new InputError(
        'only',
        `Invalid only ${describeUnknown(unknown, jobs)}: no such job. Known ids: ${knownIds(jobs)}.`,
      );
    }
    const only = new Set(options.only);
    selected = selected.filter((job) => selectedBy(only, job));
  }

  if (options.exclude.length > 0) {
    const unknown = options.exclude.filter((selector) => !isName(selector));
    if (unknown.length > 0) {
      warnings.push(
        `exclude names no job: ${describeUnknown(unknown, jobs, (id) => id)} (known ids: ${knownIds(jobs)}).`,
      );
    }
    const before = selected.length;
    const exclude = new Set(options.exclude);
    selected = selected.filter((job) => !selectedBy(exclude, job));
    if (selected.length === 0) {
      throw new InputError(
        'exclude',
        `Invalid exclude ${listValues(options.exclude)}: no jobs left to run, all ${before} ` +
          `${options.only.length > 0 ? 'jobs selected by only' : 'jobs'} are excluded.`,
      );
    }
  }

  if (options.rerunFailed) {
    const { file, ids } = options.rerunFailed;
    const planned = new Set(jobs.map((job) => job.id));
    const missing = [...ids].filter((id) => !planned.has(id));
    if (missing.length > 0) warnings.push(`Failed in ${file} but no longer planned: ${missing.join(', ')}.`);
    selected = selected.filter((job) => ids.has(job.id));
    if (selected.length === 0) {
      throw new InputError(
        'rerun_failed_from',
        `Nothing to re-run: none of the jobs that failed in ${file} (${[...ids].join(', ')}) is among the ` +
          `selected jobs.`,
      );
    }
  }
  return { jobs: selected, warnings };
}

function selectableIds(jobs: readonly FilterableJob[]): string[] {
  return [...new Set(jobs.flatMap((job) => (job.baseId ? [job.baseId, job.id] : [job.id])))];
}

/** Unknown ids named in a message, and given a "did you mean" hint: a stale shard list can hold thousands. */
const MAX_UNKNOWN_SHOWN = 20;

/**
 * `'alz' (did you mean 'als'?), 'zzz'`: each unknown id with the closest job id when it looks like a typo;
 * at most MAX_UNKNOWN_SHOWN of them, then how many more (each hint scans every id).
 */
function describeUnknown(
  unknown: readonly string[],
  jobs: readonly FilterableJob[],
  show: (id: string) => string = quoteValue,
): string {
  const ids = selectableIds(jobs);
  const shown = unknown.slice(0, MAX_UNKNOWN_SHOWN).map((id) => {
    const hint = closestCandidate(id, ids);
    return hint === undefined ? show(id) : `${show(id)} (did you mean '${hint}'?)`;
  });
  const more = unknown.length - shown.length;
  return more > 0 ? `${shown.join(', ')}, … (${more} more)` : shown.join(', ');
}

function listValues(values: readonly string[]): string {
  const shown = values.slice(0, MAX_UNKNOWN_SHOWN).map(quoteValue).join(', ');
  return values.length > MAX_UNKNOWN_SHOWN
    ? `${shown}, … (${values.length - MAX_UNKNOWN_SHOWN} more)`
    : shown;
}

function knownIds(jobs: readonly FilterableJob[]): string {
  const ids = selectableIds(jobs);
  const shown = ids.slice(0, 40).join(', ');
  return ids.length > 40 ? `${shown}, … (${ids.length - 40} more)` : shown;
}

/**
 * The ids of the jobs that failed, timed out or were cancelled in a previous summary. An unreadable or
 * invalid file, or one where nothing failed, is an InputError (`rerun_failed_from`): there is nothing to re-run.
 */
export async function readFailedJobIds(file: string): Promise<Set<string>> {
  const jobs = await readSummaryJobs(file, 'rerun_failed_from');
  const failed = new Set(
    jobs.filter((job) => RERUN_STATUSES.includes(job.status ?? '')).map((job) => job.id),
  );
  if (failed.size === 0) {
    throw new InputError(
      'rerun_failed_from',
      `Nothing to re-run: no job failed, timed out or was cancelled in ${file} (${jobs.length} job(s) listed).`,
    );
  }
  return failed;
}
