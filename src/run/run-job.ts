import fs from 'node:fs';
import path from 'node:path';
import type { AttemptResult, JobResult, PlannedJob } from '../model/types.js';
import type { Redactor } from '../report/redact.js';
import { RUN_DEFAULTS } from './defaults.js';
import { JobLog } from './job-log.js';
import { JobOutput } from './job-output.js';
import { roundSeconds, runAttempt, type AttemptOutcome } from './job-process.js';
import { metricsFolderReadable } from './metrics-links.js';
import { readMetrics, snapshotMetrics } from './read-metrics.js';
import type { KnownFolder } from '../plan/real-path.js';
import { makeFoldersInside, PathEscapeError, type OpenedLog } from './safe-open.js';
import { readCurves, redactCurves, snapshotCurves } from './read-curves.js';
import type { RunDeps, RunEvent } from './types.js';
import type { ProcessMonitor } from '../resources/usage-monitor.js';

/** Everything runJob needs from the run, with every default filled in. */
export interface JobRunContext {
  workingDirectory: string;
  /** The working directory and its real path: nothing is created or opened for writing outside it. */
  root: KnownFolder;
  redactor: Redactor | undefined;
  /** The run's signal (the caller's, or an orchestrator fault). */
  signal: AbortSignal;
  deps: RunDeps;
  /** undefined when nobody listens: no output is split into lines then. */
  emit: ((event: RunEvent) => void) | undefined;
  /** Called right before the first attempt spawns; returns the job's 1-based start index. */
  onStart: (job: PlannedJob) => number;
  total: number;
  baseEnv: NodeJS.ProcessEnv;
  /** The scheduler's variables for this job (thread counts, CUDA_VISIBLE_DEVICES), over the job's env. */
  allocationEnv?: Record<string, string>;
  /** mkdir -p, each directory once per run. */
  ensureDirectory: DirectoryMaker;
  echoLimitBytes: number;
  tailLines: number;
  timeoutKillGraceMs: number;
  cancelKillGraceMs: number;
  retryDelayMs: number;
  monitor?: ProcessMonitor;
}

/** A failed, timed-out attempt: p-retry retries it. */
class AttemptFailed extends Error {
  constructor(readonly outcome: AttemptOutcome) {
    super(outcome.reason);
  }
}

/** The longest delay setTimeout honours; beyond it the timer fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The timer for a job's timeout in minutes, 0 for none (0, negative or NaN). The planner only lets
 * through 0 or a range the timer can hold; this keeps the runner safe on its own: a positive timeout
 * is rounded up to at least 1 ms (never down to 0, which would mean none) and capped at what setTimeout
 * can arm (a longer limit is no limit in practice, where an overflow would fire at once).
 */
export function timeoutMsFor(minutes: number): number {
  if (!(minutes > 0)) return 0;
  return Math.min(Math.max(1, Math.ceil(minutes * 60_000)), MAX_TIMER_MS);
}

type PRetryModule = typeof import('p-retry');
let pRetryModule: Promise<PRetryModule> | undefined;

/**
 * Runs one job to its end: output folders, one log file for all attempts, retries, metrics.
 * A failed job is a result; a job that never spawned (cancelled first) is `skipped`.
 */
export async function runJob(job: PlannedJob, context: JobRunContext): Promise<JobResult> {
  const { deps, signal } = context;
  const logPath = path.resolve(context.workingDirectory, job.logPath);
  const outputDir = path.resolve(context.workingDirectory, job.outputDir);
  if (signal.aborted) return skippedResult(job);
  let opened: OpenedLog;
  let created: Set<string>;
  try {
    // Checked again here, not only in the plan: a link planted since (by an earlier job) is refused too.
    created = makeFoldersInside(
      outputDir,
      OUTPUT_FOLDERS,
      context.root,
      job.outputDir,
      context.ensureDirectory,
    );
    const logFolder = path.dirname(logPath);
    // Made (after the same check) by the first job that writes there; the open checks it again for every job.
    if (!context.ensureDirectory.made(logFolder)) {
      makeFoldersInside(
        logFolder,
        [],
        context.root,
        path.posix.dirname(job.logPath),
        context.ensureDirectory,
      );
    }
    opened = deps.openLog(logPath, context.root, job.logPath);
  } catch (error) {
    return unpreparedResult(job, context, error as Error);
  }

  const emit = context.emit;
  const log = new JobLog(logPath, context.redactor, deps.logger, opened, job.logPath);
  const output = new JobOutput({
    tailLines: context.tailLines,
    tailLineChars: RUN_DEFAULTS.tailLineChars,
    redactor: context.redactor,
    echo:
      emit && context.echoLimitBytes > 0
        ? {
            limitBytes: context.echoLimitBytes,
            logPath: job.logPath,
            emit: (attempt, text) => emit({ type: 'job-output', job, attempt, text }),
          }
        : undefined,
  });
  const metricsDir = path.join(outputDir, 'metrics');
  // A metrics/ folder made just now is empty: nothing from an earlier run to tell apart.
  const fresh = created.has('metrics');
  const metricsBefore = fresh ? undefined : snapshotMetrics(metricsDir);
  const curvesBefore = fresh ? undefined : snapshotCurves(metricsDir);
  const attempts: AttemptResult[] = [];
  const totalAttempts = 1 + Math.max(0, Math.floor(job.retries));
  // Python block-buffers a pipe: unbuffered, its output arrives live and stdout/stderr stay in print order.
  const env = { ...context.baseEnv, ...job.env, ...context.allocationEnv, PYTHONUNBUFFERED: '1' };
  const timeoutMs = timeoutMsFor(job.timeoutMinutes);

  try {
    const { default: pRetry, AbortError } = await (pRetryModule ??= import('p-retry'));
    await pRetry(
      async (attempt: number) => {
        if (attempt === 1) context.onStart(job);
        const outcome = await runAttempt({
          job,
          attempt,
          attempts: totalAttempts,
          env,
          timeoutMs,
          timeoutKillGraceMs: context.timeoutKillGraceMs,
          cancelKillGraceMs: context.cancelKillGraceMs,
          signal,
          log,
          output,
          deps,
          monitor: context.monitor,
        });
        context.monitor?.attemptEnded(job, attempt);
        attempts.push(outcome.result);
        if (outcome.result.status === 'succeeded') return;
        if (outcome.result.status === 'cancelled' || signal.aborted) throw new AbortError(outcome.reason);
        throw new AttemptFailed(outcome);
      },
      {
        retries: totalAttempts - 1,
        // The delay is ours (deps.sleep, abortable), so p-retry's own timer stays off.
        minTimeout: 0,
        factor: 1,
        randomize: false,
        signal,
        // Only a failed attempt is worth another; a fault of ours must surface at once.
        shouldRetry: ({ error }) => error instanceof AttemptFailed,
        onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
          if (retriesLeft <= 0 || !(error instanceof AttemptFailed)) return;
          const delayMs = context.retryDelayMs;
          log.line(`--- retrying in ${roundSeconds(delayMs)}s`);
          const reason = context.redactor ? context.redactor.redact(error.message) : error.message;
          emit?.({ type: 'job-retry', job, attempt: attemptNumber + 1, delayMs, reason });
          await deps.sleep(delayMs, signal);
        },
      },
    );
  } catch (error) {
    // A failed last attempt, or a cancellation (during an attempt or the pause between two) ends retrying;
    // anything else is a fault of ours.
    if (!(error instanceof AttemptFailed) && !signal.aborted) {
      await log.close();
      throw error;
    }
  }
  const lastStatus = attempts.at(-1)?.status;
  if (lastStatus === undefined) log.line('--- not started: the run was cancelled');
  else if (
    signal.aborted &&
    (lastStatus === 'failed' || lastStatus === 'timed_out') &&
    attempts.length < totalAttempts
  ) {
    log.line('--- run cancelled: no further attempt');
  }
  await log.close();

  if (attempts.length === 0) return skippedResult(job);
  const linked = metricsFolderReadable(metricsDir, context.root, deps.logger, job.id);
  // An empty metrics/ (most jobs) holds neither metrics nor curves: one readdir says so.
  const read = linked.readable && !linked.empty;
  const { metrics, notes: metricsNotes } = read
    ? readMetrics(metricsDir, {
        maxBytes: RUN_DEFAULTS.metricsFileMaxBytes,
        maxTotalBytes: RUN_DEFAULTS.metricsJobMaxBytes,
        logger: deps.logger,
        label: path.posix.join(job.outputDir, 'metrics'),
        before: metricsBefore,
      })
    : { metrics: null, notes: [] };
  // The same gate: a metrics/ folder that now leads outside the working directory is not read at all.
  const { curves, notes: curveNotes } = read
    ? await readCurves(metricsDir, {
        workingDirectory: context.workingDirectory,
        logger: deps.logger,
        before: curvesBefore,
      })
    : { curves: null, notes: [] };
  const notes = [...(log.failure ? [log.failure] : []), ...linked.notes, ...metricsNotes, ...curveNotes].map(
    (note) => (context.redactor ? context.redactor.redact(note) : note),
  );
  const first = attempts[0];
  const last = attempts[attempts.length - 1];
  return {
    id: job.id,
    status: last.status,
    attempts,
    exit_code: last.exit_code,
    signal: last.signal,
    started_at: first.started_at,
    finished_at: last.finished_at,
    duration_seconds: roundSeconds(Date.parse(last.finished_at) - Date.parse(first.started_at)),
    tail: output.tailLines(),
    metrics: metrics && context.redactor ? context.redactor.redactData(metrics) : metrics,
    curves: curves && context.redactor ? redactCurves(curves, context.redactor) : curves,
    output_bytes: output.bytes,
    ...(notes.length > 0 ? { notes } : {}),
    ...(context.monitor ? { resources: context.monitor.jobResources(job) } : {}),
  };
}

export function skippedResult(job: PlannedJob): JobResult {
  return {
    id: job.id,
    status: 'skipped',
    attempts: [],
    exit_code: null,
    signal: null,
    started_at: null,
    finished_at: null,
    duration_seconds: 0,
    tail: [],
    metrics: null,
    output_bytes: 0,
  };
}

/** The output or log folder could not be created (a file in the way, no permission): the job fails, the run goes on. */
function unpreparedResult(job: PlannedJob, context: JobRunContext, error: Error): JobResult {
  const reason =
    error instanceof PathEscapeError ? error.message : `could not create the job's folders: ${error.message}`;
  context.deps.logger.error(`${job.id}: ${reason}`);
  context.onStart(job);
  const at = new Date(context.deps.now()).toISOString();
  const attempt: AttemptResult = {
    attempt: 1,
    exit_code: null,
    signal: null,
    status: 'failed',
    started_at: at,
    finished_at: at,
    duration_seconds: 0,
  };
  return {
    ...skippedResult(job),
    status: 'failed',
    attempts: [attempt],
    started_at: at,
    finished_at: at,
    tail: [context.redactor ? context.redactor.redact(reason) : reason],
  };
}

/** The folders every job gets in its output folder, created before it starts (the script contract). */
const OUTPUT_FOLDERS = ['models', 'metrics', 'predictions'] as const;

/** mkdir -p with a per-run memo; `made` says whether a folder was already made by it in this run. */
export interface DirectoryMaker {
  (absolute: string): void;
  made(absolute: string): boolean;
}

/**
 * mkdir -p with a per-run memo (a thousand jobs share one logs/ folder). Synchronous on purpose: a mkdir is a
 * few microseconds, a trip through the thread pool costs far more CPU (see JobLog).
 */
export function directoryMaker(): DirectoryMaker {
  const done = new Set<string>();
  const make = (absolute: string): void => {
    if (done.has(absolute)) return;
    fs.mkdirSync(absolute, { recursive: true });
    done.add(absolute);
  };
  return Object.assign(make, { made: (absolute: string) => done.has(absolute) });
}
