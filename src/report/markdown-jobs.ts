import { cleanLine, escapeMarkdownInline } from './escape.js';
import type { SummaryJob } from './summary.js';

/** Sweep-parameter columns in one table, at most; more stay visible in the job ids. */
export const PARAM_COLUMNS_MAX = 6;

/** The effective parameters of a job (`params` in the summary, written from schema version 2 on). */
type WithParams = SummaryJob & { params?: Record<string, string | number | boolean> | null };

/** Run-wide settings, not sweep parameters: every job has them, a column would repeat one value. */
const NOT_SWEEP = new Set(['epochs', 'folds']);

type Params = Record<string, string | number | boolean>;

/**
 * The sweep parameters of a job: its `params` (the summary field, from schema version 2 on) without
 * `epochs`/`folds`; for a sweep variant of an older summary, derived from its id and command (see
 * paramsFromCommand). Undefined for a job that is not a sweep variant.
 */
export function sweepParams(job: SummaryJob, extraArgs: readonly string[] = []): Params | undefined {
  if (!job.base_id) return undefined;
  const given = (job as WithParams).params;
  if (given && typeof given === 'object') {
    const kept = Object.entries(given).filter(([key]) => !NOT_SWEEP.has(key));
    return kept.length > 0 ? Object.fromEntries(kept) : undefined;
  }
  return paramsFromCommand(job, extraArgs);
}

/**
 * A sweep variant's parameters read back from what the planner built: its id is `<base_id>.<key>-<value>…`
 * (values made file-safe, joined by `.`) and its command ends with `--<key> <value>` pairs (the key's `_` as
 * `-`), then the run's extra arguments. Taken from the right, each pair must account for the end of the
 * suffix exactly and the whole suffix must be used up; otherwise (a `matrix_flags` rename, a masked value)
 * the answer is undefined rather than a guess. Values come from the command, unmangled.
 */
export function paramsFromCommand(
  job: Pick<SummaryJob, 'id' | 'base_id' | 'command'>,
  extraArgs: readonly string[],
): Params | undefined {
  if (!job.base_id || !job.id.startsWith(`${job.base_id}.`) || !Array.isArray(job.command)) return undefined;
  let words = job.command;
  const extra = Array.isArray(extraArgs) ? extraArgs : [];
  if (extra.length > 0) {
    const tail = words.slice(words.length - extra.length);
    if (tail.length !== extra.length || tail.some((word, i) => word !== extra[i])) return undefined;
    words = words.slice(0, words.length - extra.length);
  }
  let rest = job.id.slice(job.base_id.length + 1);
  const found: Array<[string, string]> = [];
  for (let end = words.length; rest.length > 0 && end >= 2; end -= 2) {
    const [flag, value] = [words[end - 2], words[end - 1]];
    if (!flag.startsWith('--')) return undefined;
    const ending = `-${value.replace(/[^A-Za-z0-9._-]/g, '_')}`;
    if (!rest.endsWith(ending)) return undefined;
    rest = rest.slice(0, rest.length - ending.length);
    const keyLength = flag.length - 2;
    const key = rest.slice(rest.length - keyLength);
    if (keyLength <= 0 || key.replaceAll('_', '-') !== flag.slice(2)) return undefined;
    rest = rest.slice(0, rest.length - keyLength);
    if (rest.length > 0) {
      if (!rest.endsWith('.')) return undefined;
      rest = rest.slice(0, -1);
    }
    found.unshift([key, value]);
  }
  return rest.length === 0 && found.length > 0 ? Object.fromEntries(found) : undefined;
}

/**
 * The sweep parameters that get a column of their own in the jobs table: the keys of the jobs' sweep
 * parameters (see sweepParams), in first-seen order, at most PARAM_COLUMNS_MAX. Empty without a sweep.
 */
export function paramColumns(params: ReadonlyArray<Params | undefined>): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const entry of params) {
    if (!entry) continue;
    for (const key of Object.keys(entry)) {
      if (seen.has(key)) continue;
      seen.add(key);
      names.push(key);
      if (names.length >= PARAM_COLUMNS_MAX) return names;
    }
  }
  return names;
}

/** A job's cells for `columns`: its value, escaped for a table cell, or `—`. */
export function paramCells(params: Params | undefined, columns: readonly string[]): string[] {
  return columns.map((name) => {
    const value = params && Object.hasOwn(params, name) ? params[name] : undefined;
    return value === undefined || value === null ? '—' : escapeMarkdownInline(cleanLine(String(value), 40));
  });
}

/** Succeeded, but not at the first attempt. */
export function retriedThenPassed(job: Pick<SummaryJob, 'status' | 'attempts'>): boolean {
  return job.status === 'succeeded' && job.attempts > 1;
}
