import type { JobResult, PlannedJob } from '../model/types.js';
import { shellLine } from '../plan/shell-line.js';
import type { RunEvent } from '../run/types.js';
import { formatJobEnd, formatJobStart } from '../report/console.js';
import { commandSafeLine } from '../plan/workflow-commands.js';
import { PARALLEL_TAIL_LINES } from './constants.js';

/** The part of the Actions log the renderer writes to; `core` in production, a recorder in tests. */
export interface ActionLog {
  /** One or more of the orchestrator's own lines; a newline is added. */
  info(line: string): void;
  /**
   * A job's own output (one or more lines), printed as the job wrote it; default `info`. The action's
   * `info` makes every line command-safe, this does not: what a script prints is its business.
   */
  output?(text: string): void;
  startGroup(name: string): void;
  endGroup(): void;
}

export interface RenderOptions {
  parallel: boolean;
  verbose: boolean;
  /** Lines of a job's tail echoed after it ends (parallel without verbose). */
  tailLines?: number;
}

/** Renders run events, and the action's own notices, without breaking the log's groups. */
export interface ActionEventRenderer {
  onEvent(event: RunEvent): void;
  /** A line that must be seen now (a cancel signal): printed outside any open group. */
  notice(line: string): void;
}

/**
 * Renders run events for the Actions log.
 *
 * - Sequential: each attempt's output streams live inside a `::group::<id>`; the start and end lines
 *   stay outside the group, so the collapsed log reads as the list of jobs and their outcomes.
 * - Parallel with `verbose`: every line streams as it arrives, prefixed `[id] ` (groups cannot nest or
 *   interleave, so prefixes are what keeps concurrent jobs apart).
 * - Parallel without `verbose`: only the start and end lines, then the job's last lines in a group once it
 *   ends. Nothing is buffered for that: the runner already keeps each job's tail, and the full output is
 *   in `logs/<id>.log`. Interleaved output of several jobs is hard to read, and buffering whole outputs to
 *   print them grouped later would make memory grow with what the jobs print.
 *
 * The runner hands over whole lines, already redacted and capped per job (see RunEvent), and GitHub masks
 * the registered secrets once more, so the text is printed as is. `run-cancelled` prints nothing: the
 * action announces the signal itself through `notice`, as soon as it arrives.
 */
export function createActionEventRenderer(log: ActionLog, opts: RenderOptions): ActionEventRenderer {
  if (!opts.parallel) return sequentialRenderer(log);
  const onEvent = opts.verbose
    ? prefixedRenderer(log)
    : tailRenderer(log, opts.tailLines ?? PARALLEL_TAIL_LINES);
  return { onEvent, notice: (line) => log.info(line) };
}

function sequentialRenderer(log: ActionLog): ActionEventRenderer {
  const output = jobOutput(log);
  // The group that is open (`::group::` cannot nest, so a new one closes it first), and the attempt whose
  // group was closed early by a notice: its late output (a job dying after a cancel) is marked as such.
  let open: { id: string; attempt: number } | undefined;
  let interrupted: { id: string; attempt: number } | undefined;
  const closeGroup = (): void => {
    if (open === undefined) return;
    log.endGroup();
    open = undefined;
  };
  const openGroup = (job: PlannedJob, attempt: number): void => {
    closeGroup();
    const resumed = interrupted?.id === job.id && interrupted.attempt === attempt;
    const title = attempt > 1 ? `${job.id} (attempt ${attempt})` : job.id;
    log.startGroup(resumed ? `${title} (continued)` : title);
    open = { id: job.id, attempt };
  };

  const onEvent = (event: RunEvent): void => {
    switch (event.type) {
      case 'job-start':
        closeGroup();
        log.info(formatJobStart(event.job, event.attempt, event.index, event.total));
        openGroup(event.job, event.attempt);
        break;
      case 'job-output':
        if (open?.id !== event.job.id || open.attempt !== event.attempt) openGroup(event.job, event.attempt);
        output(event.text);
        break;
      case 'job-retry':
        closeGroup();
        log.info(retryLine(event));
        break;
      case 'job-end':
        closeGroup();
        log.info(formatJobEnd(event.result, event.job, event.index, event.total));
        break;
      default:
        break;
    }
  };
  return {
    onEvent,
    notice: (line) => {
      if (open) interrupted = open;
      closeGroup();
      log.info(line);
    },
  };
}

function prefixedRenderer(log: ActionLog): (event: RunEvent) => void {
  const output = jobOutput(log);
  return (event) => {
    switch (event.type) {
      case 'job-start':
        log.info(formatJobStart(event.job, event.attempt, event.index, event.total));
        break;
      case 'job-output': {
        // The job's text is its own business, the prefix is ours: it carries no line break or `##[`.
        const prefix = `[${commandSafeLine(event.job.id)}] `;
        output(prefix + event.text.split('\n').join(`\n${prefix}`));
        break;
      }
      case 'job-retry':
        log.info(retryLine(event));
        break;
      case 'job-end':
        log.info(formatJobEnd(event.result, event.job, event.index, event.total));
        break;
      default:
        break;
    }
  };
}

function tailRenderer(log: ActionLog, tailLines: number): (event: RunEvent) => void {
  return (event) => {
    switch (event.type) {
      case 'job-start':
        log.info(formatJobStart(event.job, event.attempt, event.index, event.total));
        break;
      case 'job-retry':
        log.info(retryLine(event));
        break;
      case 'job-end':
        log.info(formatJobEnd(event.result, event.job, event.index, event.total));
        printTail(log, event.job, event.result, tailLines);
        break;
      default:
        break;
    }
  };
}

function printTail(log: ActionLog, job: PlannedJob, result: JobResult, count: number): void {
  if (result.status === 'skipped' || count <= 0) return;
  const lines = result.tail.slice(-count);
  if (lines.length === 0) return;
  log.startGroup(
    `${job.id}: last ${lines.length} line${lines.length === 1 ? '' : 's'} (full log: ${job.logPath})`,
  );
  jobOutput(log)(lines.join('\n'));
  log.endGroup();
}

function jobOutput(log: ActionLog): (text: string) => void {
  return (text) => (log.output ? log.output(text) : log.info(text));
}

function retryLine(event: Extract<RunEvent, { type: 'job-retry' }>): string {
  const delay = (event.delayMs / 1000).toFixed(1);
  return `  ↻ ${event.job.id}: ${event.reason}; attempt ${event.attempt} starts in ${delay}s`;
}

/**
 * A dry run's line for a job: what the runner will run, pasteable into bash at the workspace root (see
 * shellLine: the job's folder, its env, every word quoted), then the job id as a shell comment. `redact`
 * masks secrets word by word before quoting; the caller redacts the whole line as well.
 */
export function dryRunLine(job: PlannedJob, from: string, redact?: (text: string) => string): string {
  return `${pasteableCommand(job, from, redact)}  # ${job.id}`;
}

/** The same line without the comment, for the step summary's table. */
export function pasteableCommand(job: PlannedJob, from: string, redact?: (text: string) => string): string {
  return shellLine(job, from, redact);
}
