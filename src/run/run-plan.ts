import { setMaxListeners } from 'node:events';
import path from 'node:path';
import { realRootOf } from '../plan/real-path.js';
import type { JobResult, Plan, PlannedJob } from '../model/types.js';
import { defaultRunDeps, RUN_DEFAULTS } from './defaults.js';
import { startOrder } from './order.js';
import { runPool } from './pool.js';
import { describeAllocation, JobScheduler } from '../resources/scheduler.js';
import { directoryMaker, runJob, skippedResult } from './run-job.js';
import { SpawnService, wantsSpawnService } from './spawn-service.js';
import type { RunDeps, RunEvent, RunOptions } from './types.js';

/**
 * An orchestrator fault during the run, with every result known when it happened: jobs that finished keep
 * their results, the job whose bookkeeping failed is `failed` with the fault in its tail and notes, jobs that
 * were running were cancelled, and jobs that never started are `skipped`. A fault never costs the results
 * of the jobs that did run.
 */
export class RunFault extends Error {
  override name = 'RunFault';
  constructor(
    override readonly cause: unknown,
    readonly results: JobResult[],
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/**
 * Runs every job of the plan and returns their results in plan order. Never throws for what a job does
 * (a failed job is a result); it rejects only on a fault of the orchestrator itself, after terminating
 * whatever was running, with a RunFault that carries the results.
 *
 * Cancellation (options.signal): nothing new starts, running process groups get SIGTERM then SIGKILL after
 * `cancelKillGraceMs`, and the promise resolves once every log is flushed and closed. Jobs that were running
 * end `cancelled`; jobs that never started are `skipped`.
 */
export async function runPlan(
  plan: Plan,
  options: RunOptions,
  deps: Partial<RunDeps> = {},
): Promise<JobResult[]> {
  const runDeps = defaultRunDeps(deps);
  const { logger } = runDeps;
  const jobs = plan.jobs;
  const total = jobs.length;
  const workers = options.parallel ? Math.max(1, Math.floor(options.maxWorkers)) : 1;
  // Jobs start through the spawn service once it is ready (Node's spawn until then, and after any failure).
  const service =
    !deps.launch &&
    wantsSpawnService({
      python: options.spawnServicePython,
      jobs: total,
      workers,
      secrets: options.redactor?.active ?? false,
      ownSpawn: deps.spawn !== undefined,
      mode: options.spawnService,
    })
      ? new SpawnService({
          python: options.spawnServicePython!,
          cwd: options.workingDirectory,
          logger,
        })
      : undefined;
  if (service) runDeps.launch = service;
  else if (options.spawnService === 'off' && !deps.launch)
    logger.debug("Spawn service turned off (spawnService: off): every job starts with Node's spawn.");

  const listener = options.onEvent;
  const emit = listener
    ? (event: RunEvent) => {
        try {
          listener(event);
        } catch (error) {
          logger.error(
            `A run event listener failed on ${event.type}: ${(error as Error).stack ?? String(error)}`,
          );
        }
      }
    : undefined;

  // One internal signal for every job, so an orchestrator fault can cancel too, and the caller's signal gets a
  // single listener however many jobs and attempts there are.
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const cancel = (reason: string) => {
    if (controller.signal.aborted) return;
    logger.debug(`Cancelling the run: ${reason}`);
    emit?.({ type: 'run-cancelled', reason });
    controller.abort(reason);
  };
  const external = options.signal;
  const onExternalAbort = () => cancel(describeReason(external?.reason));

  emit?.({ type: 'run-start', total, parallel: options.parallel, workers });
  if (external?.aborted) onExternalAbort();
  else external?.addEventListener('abort', onExternalAbort, { once: true });

  const order = startOrder(jobs, options.parallel, options.expectedDurations);
  if (options.parallel && options.expectedDurations && options.expectedDurations.size > 0) {
    logger.debug(`Start order (longest first from history): ${order.map((i) => jobs[i].id).join(', ')}`);
  }

  // Each job's number in the console (`[3/9]`): given when it starts and repeated when it ends, so the two
  // lines of a parallel job match. A job that never started gets the next free number when it is skipped.
  let numbered = 0;
  const numbers = new Map<PlannedJob, number>();
  const results: (JobResult | undefined)[] = new Array(total).fill(undefined);
  const finish = (index: number, result: JobResult) => {
    results[index] = result;
    const job = jobs[index];
    const number = numbers.get(job) ?? ++numbered;
    emit?.({ type: 'job-end', job, result, index: number, total });
  };
  const context = {
    workingDirectory: options.workingDirectory,
    root: { path: path.resolve(options.workingDirectory), real: realRootOf(options.workingDirectory) },
    redactor: options.redactor,
    signal: controller.signal,
    deps: runDeps,
    emit,
    total,
    onStart: (job: PlannedJob) => {
      const number = ++numbered;
      numbers.set(job, number);
      emit?.({ type: 'job-start', job, attempt: 1, index: number, total });
      return number;
    },
    baseEnv: { ...process.env },
    ensureDirectory: directoryMaker(),
    echoLimitBytes: options.echoLimitBytes ?? RUN_DEFAULTS.echoLimitBytes,
    tailLines: options.tailLines ?? RUN_DEFAULTS.tailLines,
    timeoutKillGraceMs: options.timeoutKillGraceMs ?? RUN_DEFAULTS.timeoutKillGraceMs,
    cancelKillGraceMs: options.cancelKillGraceMs ?? RUN_DEFAULTS.cancelKillGraceMs,
    retryDelayMs: options.retryDelayMs ?? RUN_DEFAULTS.retryDelayMs,
    monitor: options.monitor,
  };

  // CPUs, memory and GPUs: which job may start, what it gets (see src/resources/scheduler.ts).
  const scheduler = options.resources ? new JobScheduler(jobs, options.resources, workers) : undefined;
  let fault: { error: unknown } | undefined;
  const task = async (index: number) => {
    let result: JobResult;
    const granted = scheduler?.grant(index, context.baseEnv);
    try {
      if (granted && !controller.signal.aborted)
        logger.debug(describeAllocation(jobs[index].id, granted.allocation));
      result = await runJob(jobs[index], granted ? { ...context, allocationEnv: granted.env } : context);
    } catch (error) {
      finish(index, faultedResult(jobs[index], error));
      throw error;
    }
    finish(
      index,
      granted && result.attempts.length > 0 ? { ...result, allocation: granted.allocation } : result,
    );
  };
  try {
    await runPool(order, workers, task, {
      canStart: () => !controller.signal.aborted,
      onFault: (error) => cancel(`orchestrator error: ${(error as Error).message ?? String(error)}`),
      resources: scheduler?.gated
        ? {
            fits: (index) => scheduler.fits(index),
            take: (index) => scheduler.take(index),
            release: (index) => scheduler.release(index),
          }
        : undefined,
    });
  } catch (error) {
    fault = { error };
  } finally {
    external?.removeEventListener('abort', onExternalAbort);
    service?.close();
  }
  // Only a cancellation (or a fault) leaves jobs unstarted; they are reported in start order too.
  for (const index of order) if (results[index] === undefined) finish(index, skippedResult(jobs[index]));
  if (fault) throw new RunFault(fault.error, results as JobResult[]);
  return results as JobResult[];
}

/** The job whose own bookkeeping failed (not the job's doing): `failed`, with the fault as its tail and note. */
function faultedResult(job: PlannedJob, error: unknown): JobResult {
  const note = `The orchestrator failed while running this job: ${error instanceof Error ? error.message : String(error)}`;
  return { ...skippedResult(job), status: 'failed', tail: [note], notes: [note] };
}

function describeReason(reason: unknown): string {
  if (typeof reason === 'string' && reason.length > 0) return reason;
  if (reason instanceof Error && reason.name !== 'AbortError') return reason.message;
  return 'cancelled';
}
