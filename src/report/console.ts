import type { JobResult, JobStatus, Plan, PlannedJob } from '../model/types.js';
import type { Summary, SummaryJob } from './summary.js';
import { formatDuration } from './duration.js';
import { describeSucceeded } from './job-count.js';
import { cleanLine } from './escape.js';
import { attemptCount, describeOutcome, isSuccessStatus } from './outcome.js';
import { formatMetricValue, mainMetric } from './metrics.js';
import { printable } from '../plan/workflow-commands.js';
import { anyResources, formatCpu, formatPeakMemory } from './resources-text.js';

/*
 * Plain-text lines for terminals and the Actions log. No colour unless `color: true` (the CLI
 * decides from the TTY and NO_COLOR); the Actions log gets plain text.
 */

export { formatDuration };

export interface ConsoleOptions {
  color?: boolean;
  /** A merge's shards without a summary (`3/3`): the counts then cover only the shards reported. */
  missingShards?: readonly string[];
}

const ANSI_CODES = { green: 32, red: 31, yellow: 33, dim: 2, bold: 1 } as const;
type Style = keyof typeof ANSI_CODES;

function paint(text: string, style: Style, color: boolean | undefined): string {
  return color ? `\u001b[${ANSI_CODES[style]}m${text}\u001b[0m` : text;
}

/**
 * A verbose debug message as printed by both shells (the action with `verbose: true`, the CLI with
 * `--verbose`): every line prefixed `debug: `, like the CLI's `warning: ` and `error: `, so the two
 * read the same and one grep finds them.
 */
export function formatDebugLines(message: string): string {
  return message.replace(/^/gm, 'debug: ');
}

/**
 * `Running 9 jobs sequentially` / `Running 9 jobs in parallel, up to 4 at a time`; with `max_workers: auto`,
 * `workers` is what auto came to and the line says so: `up to 2 at a time (max_workers auto)`.
 */
export function formatPlanHeader(
  plan: Plan,
  opts: { parallel: boolean; workers: number; auto?: boolean },
): string {
  const n = plan.jobs.length;
  const jobs = `${n} job${n === 1 ? '' : 's'}`;
  const optional = plan.jobs.filter((job) => job.optional).length;
  const note = optional > 0 ? ` (${optional} optional)` : '';
  if (!opts.parallel || n <= 1) return `Running ${jobs}${note} sequentially`;
  const workers = Math.max(1, Math.min(opts.workers, n));
  return `Running ${jobs}${note} in parallel, up to ${workers} at a time${opts.auto ? ' (max_workers auto)' : ''}`;
}

/**
 * `[3/9] ▶ als`, or `[3/9] ▶ als (attempt 2 of 3)` on a retry.
 * `index` is the job's 1-based number (its start order; the same on its start and end lines), `total`
 * the number of jobs in the run.
 */
export function formatJobStart(
  job: Pick<PlannedJob, 'id' | 'optional'> & Partial<Pick<PlannedJob, 'retries'>>,
  attempt: number,
  index: number,
  total: number,
  opts: ConsoleOptions = {},
): string {
  const retry =
    attempt > 1 ? ` (attempt ${attempt}${job.retries !== undefined ? ` of ${job.retries + 1}` : ''})` : '';
  const optional = job.optional ? ' (optional)' : '';
  return `${counter(index, total)} ${paint('▶', 'dim', opts.color)} ${job.id}${optional}${retry}`;
}

/**
 * `[3/9] ✓ als 12.4s`, `[4/9] ✗ diabetes exit 3 after 2 attempts`, `[5/9] ✗ bert timed out after 30m`,
 * `[6/9] ✗ gpt cancelled`, `[7/9] - xgb not run`; an optional job's failure is marked `(optional)`.
 */
export function formatJobEnd(
  result: Pick<
    JobResult,
    'id' | 'status' | 'exit_code' | 'signal' | 'duration_seconds' | 'attempts' | 'cache'
  >,
  job: Pick<PlannedJob, 'optional' | 'timeoutMinutes'> | undefined,
  index: number,
  total: number,
  opts: ConsoleOptions = {},
): string {
  const outcome = { ...result, timeout_minutes: job?.timeoutMinutes };
  const mark = statusMark(result.status, job?.optional ?? false, opts.color);
  let text: string;
  if (result.status === 'cached') {
    text = `cached${result.cache?.source ? ` (from ${result.cache.source})` : ''}`;
  } else if (result.status === 'succeeded') {
    const attempts = attemptCount(result);
    text = `${formatDuration(result.duration_seconds)}${attempts > 1 ? ` after ${attempts} attempts` : ''}`;
  } else {
    text = describeOutcome(outcome);
    if (job?.optional && result.status !== 'skipped') text += ' (optional)';
  }
  return `${counter(index, total)} ${mark} ${result.id} ${text}`;
}

/**
 * The run as an aligned plain-text table, then a status line:
 * ```
 * JOB       STATUS     ATTEMPTS  DURATION  RESULT
 * als       succeeded         1     12.4s  accuracy 0.9123
 * diabetes  failed            2     45.1s  exit 3 after 2 attempts
 * ```
 */
export function formatFinalTable(summary: Summary, opts: ConsoleOptions = {}): string {
  // PEAK MEM and CPU only when the jobs were measured (resource_interval not 0).
  const measured = anyResources(summary.jobs);
  const header = [
    'JOB',
    'STATUS',
    'ATTEMPTS',
    'DURATION',
    ...(measured ? ['PEAK MEM', 'CPU'] : []),
    'RESULT',
  ];
  const rightAligned = [false, false, true, true, ...(measured ? [true, true] : []), false];
  const rows = summary.jobs.map((job) => [
    cleanLine(job.id, 80),
    statusWord(job),
    job.status === 'skipped' ? '-' : String(job.attempts),
    job.status === 'skipped' ? '-' : formatDuration(job.duration_seconds),
    ...(measured ? [formatPeakMemory(job.resources), formatCpu(job.resources)] : []),
    resultText(job),
  ]);
  // A loop, not Math.max(...rows): spreading 150,000 arguments overflows the call stack.
  const widths = header.map((h, col) => rows.reduce((max, row) => Math.max(max, width(row[col])), width(h)));
  const line = (cells: string[], styles?: (Style | undefined)[]): string =>
    cells
      .map((cell, col) => {
        // The last column is not padded: no trailing spaces, with or without colour codes.
        const padded = col === cells.length - 1 ? cell : pad(cell, widths[col], rightAligned[col]);
        const style = styles?.[col];
        return style ? paint(padded, style, opts.color) : padded;
      })
      .join('  ')
      .replace(/ +$/, '');
  const out = [
    line(
      header,
      header.map(() => 'bold' as const),
    ),
  ];
  summary.jobs.forEach((job, i) => out.push(line(rows[i], [undefined, statusStyle(job)])));
  out.push('');
  out.push(
    paint(
      statusLine(summary, opts),
      summary.status === 'success' ? 'green' : statusStyleOfRun(summary),
      opts.color,
    ),
  );
  return out.join('\n');
}

/** `failure in 3m 12s: 7 of 9 jobs succeeded; 1 failed, 1 timed out; 1 optional failure`. */
export function statusLine(summary: Summary, opts: Pick<ConsoleOptions, 'missingShards'> = {}): string {
  const c = summary.counts;
  const others: string[] = [];
  if (c.failed) others.push(`${c.failed} failed`);
  if (c.timed_out) others.push(`${c.timed_out} timed out`);
  if (c.cancelled) others.push(`${c.cancelled} cancelled`);
  if (c.skipped) others.push(`${c.skipped} not run`);
  const parts = [describeSucceeded(c, opts.missingShards)];
  if (others.length > 0) parts.push(others.join(', '));
  if (c.optional_failed)
    parts.push(`${c.optional_failed} optional failure${c.optional_failed === 1 ? '' : 's'}`);
  if (c.gate_failed) parts.push(`${c.gate_failed} broke a quality gate`);
  const shard = summary.shard ? ` [shard ${cleanLine(summary.shard, 40)}]` : '';
  return `${summary.status}${shard} in ${formatDuration(summary.duration_seconds)}: ${parts.join('; ')}`;
}

function counter(index: number, total: number): string {
  return `[${index}/${total}]`;
}

function statusMark(status: JobStatus, optional: boolean, color: boolean | undefined): string {
  if (isSuccessStatus(status)) return paint('✓', 'green', color);
  if (status === 'skipped') return paint('-', 'dim', color);
  return paint('✗', optional ? 'yellow' : 'red', color);
}

function statusWord(job: SummaryJob): string {
  const word = job.status === 'timed_out' ? 'timed out' : job.status === 'skipped' ? 'not run' : job.status;
  return job.optional && !isSuccessStatus(job.status) && job.status !== 'skipped'
    ? `${word} (optional)`
    : word;
}

function statusStyle(job: SummaryJob): Style | undefined {
  if (isSuccessStatus(job.status)) return 'green';
  if (job.status === 'skipped') return 'dim';
  return job.optional ? 'yellow' : 'red';
}

function statusStyleOfRun(summary: Summary): Style {
  return summary.status === 'failure' ? 'red' : 'yellow';
}

function resultText(job: SummaryJob): string {
  if (isSuccessStatus(job.status)) {
    const metric = mainMetric(job.metrics);
    return metric ? `${cleanLine(metric.name, 40)} ${formatMetricValue(metric.value)}` : '';
  }
  return job.status === 'skipped' ? '' : describeOutcome(job);
}

/** Columns in code points: ids and statuses are ASCII, metric names rarely wide. */
function width(text: string): number {
  return Array.from(text).length;
}

function pad(text: string, size: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, size - width(text)));
  return right ? fill + text : text + fill;
}

/**
 * The `--list` table: id, script, optional, supported flags; aligned for a terminal. A script path or
 * command with a control character or line break shows it escaped (`\n`), so each job stays one row.
 */
export function formatJobList(plan: Plan): string {
  const rows = plan.jobs.map((job) => [
    job.id,
    printable(job.script ?? job.command.join(' ')),
    job.optional ? 'optional' : 'required',
    (['output_dir', 'epochs', 'folds'] as const)
      .filter((flag) => job.supports[flag])
      .map((flag) => `--${flag.replace('_', '-')}`)
      .join(' ') || '-',
  ]);
  const header = ['JOB', 'SCRIPT', 'KIND', 'FLAGS'];
  const widths = header.map((title, column) =>
    rows.reduce((max, row) => Math.max(max, row[column].length), title.length),
  );
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  return [`${plan.jobs.length} job(s)`, line(header), ...rows.map(line)].join('\n') + '\n';
}
