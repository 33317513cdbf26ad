import { cleanLine, escapeMarkdownInline } from './escape.js';
import type { SummaryJob } from './summary.js';

/** Sweep-parameter columns in one table, at most; more stay visible in the job ids. */
export const PARAM_COLUMNS_MAX = 6;

/** The effective parameters of a job (`params` in the summary, written from schema version 2 on). */
type WithParams = SummaryJob & { params?: Record<string, string | number | boolean> | null };

/** Run-wide settings, not sweep parameters: every job has them, a column would repeat one value. */
const NOT_SWEEP = new Set(['epochs', 'folds']);

/**
 * The sweep parameters that get a column of their own in the jobs table: the keys of `params` of sweep
 * variants (jobs with a `base_id`), in first-seen order, `epochs`/`folds` left out, at most
 * PARAM_COLUMNS_MAX. Empty when the run has no sweep (or the summary predates `params`).
 */
export function paramColumns(jobs: readonly SummaryJob[]): string[] {
  const names: string[] = [];
  for (const job of jobs as readonly WithParams[]) {
    if (!job.base_id || !job.params || typeof job.params !== 'object') continue;
    for (const key of Object.keys(job.params)) {
      if (!NOT_SWEEP.has(key) && !names.includes(key)) names.push(key);
      if (names.length >= PARAM_COLUMNS_MAX) return names;
    }
  }
  return names;
}

/** A job's cells for `columns`: its value, escaped for a table cell, or `—`. */
export function paramCells(job: SummaryJob, columns: readonly string[]): string[] {
  const params = (job as WithParams).params;
  return columns.map((name) => {
    const value = params && Object.hasOwn(params, name) ? params[name] : undefined;
    return value === undefined || value === null ? '—' : escapeMarkdownInline(cleanLine(String(value), 40));
  });
}

/** Succeeded, but not at the first attempt. */
export function retriedThenPassed(job: Pick<SummaryJob, 'status' | 'attempts'>): boolean {
  return job.status === 'succeeded' && job.attempts > 1;
}
