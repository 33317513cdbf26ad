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
 * After a level's failed jobs come its broken quality gates, one per gate (errors for required jobs,
 * warnings for optional ones), titled `<job>: gate <metric>`, the message naming value, bound and baseline.
 */
export function buildAnnotations(summary: Summary, opts: AnnotationOptions = {}): Annotation[] {
  const limit = Math.max(1, Math.floor(opts.limit ?? ANNOTATIONS_PER_LEVEL));
  const base = 'workingDirectoryInRepository' in opts ? opts.workingDirectoryInRepository : '';
  const annotate = (level: Annotation['level'], job: SummaryJob): Annotation => annotateJob(level, job, base);
  const failed = summary.jobs.filter((job) => isFailureStatus(job.status));
  const items = (level: Annotation['level'], optional: boolean): Item[] => [
    ...failed
      .filter((job) => job.optional === optional)
      .map((job) => ({ id: job.id, annotation: annotate(level, job) })),
    ...gateAnnotations(
      summary.jobs.filter((job) => job.optional === optional),
      level,
    ),
  ];
  const what = (optional: boolean, list: Item[]): string => {
    const gates = list.some((item) => item.gate);
    const jobs = list.some((item) => !item.gate);
    const kind = gates && jobs ? 'failures' : gates ? 'gates' : 'jobs';
    return WHAT[kind][optional ? 1 : 0];
  };
  const errors = items('error', false);
  const warnings = items('warning', true);
  return [
    ...capped('error', errors, limit, what(false, errors)),
    ...capped('warning', warnings, limit, what(true, warnings)),
  ];
}

/** What the closing annotation counts: [required, optional]. */
const WHAT = {
  jobs: ['failed jobs', 'failed optional jobs'],
  gates: ['broken gates', 'broken gates of optional jobs'],
  failures: [
    'failures (failed jobs and broken gates)',
    'failures of optional jobs (failed jobs and broken gates)',
  ],
} as const;

interface Item {
  id: string;
  annotation: Annotation;
  gate?: true;
}

function gateAnnotations(jobs: readonly SummaryJob[], level: Annotation['level']): Item[] {
  return jobs.flatMap((job) =>
    (job.gates?.broken ?? []).map((gate) => ({
      id: job.id,
      gate: true as const,
      annotation: {
        level,
        title: cleanLine(`${job.id}: gate ${gate.metric}`, 100),
        message: cleanLine(gate.message + (job.optional ? ' (optional job)' : ''), 1000),
      },
    })),
  );
}

function capped(level: Annotation['level'], list: Item[], limit: number, what: string): Annotation[] {
  if (list.length <= limit) return list.map((item) => item.annotation);
  const shown = list.slice(0, limit - 1).map((item) => item.annotation);
  const rest = list.slice(limit - 1);
  const ids = rest
    .slice(0, MAX_LISTED_IDS)
    .map((item) => cleanLine(item.gate ? item.annotation.title : item.id, 100));
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
