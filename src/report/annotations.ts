import path from 'node:path';
import type { Summary, SummaryJob } from './summary.js';
import { cleanLine } from './escape.js';
import { describeOutcome, isFailureStatus } from './outcome.js';

/** An `::error` / `::warning` for the shells to emit (`core.error(message, { title })` in the action). */
export interface Annotation {
  level: 'error' | 'warning';
  title: string;
  message: string;
  /** The job's script relative to the repository root (POSIX), so GitHub attaches the annotation to it. */
  file?: string;
}

export interface AnnotationOptions {
  limit?: number;
  /**
   * Where the working directory is inside the repository, relative to its root with POSIX separators
   * (`''` or `.` when it is the root; `ml` when jobs run in a subfolder). Undefined: it is not inside the
   * repository, and annotations carry no file.
   */
  workingDirectoryInRepository?: string;
}

/** GitHub shows at most 10 annotations of each level per step and drops the rest silently. */
export const ANNOTATIONS_PER_LEVEL = 10;

/** Ids listed in the closing "and N more" annotation before it says `…`. */
const MAX_LISTED_IDS = 50;

/**
 * One error per required job that failed, timed out or was cancelled, one warning per optional one,
 * in plan order (skipped jobs did not run and get none). Title: the job id; message: the cause
 * (`exit 3 after 2 attempts`, `timed out after 30m`, `killed by SIGKILL`, `cancelled`) and the last
 * non-empty log line. When a level has more than `limit`, the last one of that level lists the rest
 * (`and 4 more failed jobs: a, b, c, d`) so nothing is dropped without a word.
 */
export function buildAnnotations(summary: Summary, opts: AnnotationOptions = {}): Annotation[] {
  const limit = Math.max(1, Math.floor(opts.limit ?? ANNOTATIONS_PER_LEVEL));
  const base = 'workingDirectoryInRepository' in opts ? opts.workingDirectoryInRepository : '';
  const annotate = (level: Annotation['level'], job: SummaryJob): Annotation => annotateJob(level, job, base);
  const failed = summary.jobs.filter((job) => isFailureStatus(job.status));
  return [
    ...capped(
      'error',
      failed.filter((job) => !job.optional),
      limit,
      'failed jobs',
      annotate,
    ),
    ...capped(
      'warning',
      failed.filter((job) => job.optional),
      limit,
      'failed optional jobs',
      annotate,
    ),
  ];
}

function capped(
  level: Annotation['level'],
  jobs: SummaryJob[],
  limit: number,
  what: string,
  annotate: (level: Annotation['level'], job: SummaryJob) => Annotation,
): Annotation[] {
  if (jobs.length <= limit) return jobs.map((job) => annotate(level, job));
  const shown = jobs.slice(0, limit - 1).map((job) => annotate(level, job));
  const rest = jobs.slice(limit - 1);
  const ids = rest.slice(0, MAX_LISTED_IDS).map((job) => cleanLine(job.id, 100));
  const more = rest.length > MAX_LISTED_IDS ? `, … (${rest.length - MAX_LISTED_IDS} more)` : '';
  const lead = shown.length > 0 ? `and ${rest.length} more` : `${rest.length}`;
  shown.push({
    level,
    title: `${lead} ${what}`,
    message: `${lead} ${what}: ${ids.join(', ')}${more}. See the step summary and the logs.`,
  });
  return shown;
}

function annotateJob(level: Annotation['level'], job: SummaryJob, base: string | undefined): Annotation {
  const cause = describeOutcome(job) + (job.optional ? ' (optional job)' : '');
  const last = lastNonEmptyLine(job.tail ?? []);
  const file = scriptInRepository(job.script, base);
  return {
    level,
    title: cleanLine(job.id, 100),
    message: last ? `${cause}: ${last}` : cause,
    ...(file !== undefined ? { file } : {}),
  };
}

/** `ml/training/train_a.py` for script `training/train_a.py` run in `ml`; undefined when it cannot be placed. */
function scriptInRepository(script: string | null, base: string | undefined): string | undefined {
  if (script === null || base === undefined || path.posix.isAbsolute(script)) return undefined;
  const file = path.posix.normalize(path.posix.join(base, script.split(path.sep).join('/')));
  if (path.posix.isAbsolute(file) || file === '..' || file.startsWith('../')) return undefined;
  return file;
}

function lastNonEmptyLine(lines: readonly string[]): string | undefined {
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const line = cleanLine(lines[i], 500).trim();
    if (line.length > 0) return line;
  }
  return undefined;
}
