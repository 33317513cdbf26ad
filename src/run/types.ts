import type { openLogFile } from './safe-open.js';
import type { spawn } from 'node:child_process';
import type { JobResult, Logger, PlannedJob, SpawnServiceMode } from '../model/types.js';
import type { Redactor } from '../report/redact.js';
import type { ProcessMonitor } from '../resources/usage-monitor.js';

import type { RunResources } from '../resources/requests.js';
import type { JobLauncher } from './spawn-service.js';

/**
 * What the runner tells the shells while it works. Events are synchronous notifications: a listener
 * that throws is an orchestrator bug and is reported through the logger, never allowed to stop the run.
 */
export type RunEvent =
  | { type: 'run-start'; total: number; parallel: boolean; workers: number }
  /** Once per job, right before its first attempt spawns. `index`: 1-based start order. Later attempts announce themselves with `job-retry`. */
  | { type: 'job-start'; job: PlannedJob; attempt: number; index: number; total: number }
  /**
   * Live console echo: one or more whole lines joined by '\n' (no trailing newline), redacted.
   * Stops after `echoLimitBytes` per job with one notice line; the log file always gets everything.
   */
  | { type: 'job-output'; job: PlannedJob; attempt: number; text: string }
  /** An attempt failed and attempt `attempt` starts after `delayMs`. `reason` is like `exit code 3` or `timed out after 60s`. */
  | { type: 'job-retry'; job: PlannedJob; attempt: number; delayMs: number; reason: string }
  /**
   * A job is finished. `index` is the job's number from its `job-start` (so both console lines of a job
   * carry the same `[k/n]`); after a cancellation every job that never started also gets a `job-end` with
   * status `skipped` (and no `job-start`), numbered after the jobs that started.
   */
  | { type: 'job-end'; job: PlannedJob; result: JobResult; index: number; total: number }
  /** Emitted once, when the signal aborts. */
  | { type: 'run-cancelled'; reason: string };

export interface RunOptions {
  /** Absolute; job.logPath and job.outputDir are relative to it. */
  workingDirectory: string;
  parallel: boolean;
  /** ≥ 1; treated as 1 unless `parallel`. */
  maxWorkers: number;
  /** Aborting it cancels the run: no new job or attempt starts, running process groups are terminated. */
  signal?: AbortSignal;
  /** Masks secrets in log files, live echo, tails and metrics. */
  redactor?: Redactor;
  onEvent?: (event: RunEvent) => void;
  /**
   * Seconds per job id from a previous summary. When `parallel`, jobs start longest first; a job the history
   * does not know counts as the median of the known ones (see order.ts). Ignored when sequential.
   */
  expectedDurations?: Map<string, number>;
  /** Per job, cap of the live console echo (default 1 MiB; 0: no echo). Log files always get everything. */
  echoLimitBytes?: number;
  /** Lines kept for JobResult.tail (default 30). */
  tailLines?: number;
  /** SIGTERM → SIGKILL grace after a timeout (default 10 s). */
  timeoutKillGraceMs?: number;
  /** SIGTERM → SIGKILL grace after a cancellation (default 2 s). */
  cancelKillGraceMs?: number;
  /** Pause between attempts (default 2 s). */
  retryDelayMs?: number;
  /** Samples what each job uses (see src/resources); absent: nothing is measured, results carry no `resources`. */
  monitor?: ProcessMonitor;

  /**
   * CPUs, memory and GPUs (src/resources): when given, a job starts only when its request fits (if gated) and
   * gets thread variables and CUDA_VISIBLE_DEVICES; its JobResult carries the allocation. Absent: worker count
   * only, environment untouched.
   */
  resources?: RunResources;
  /**
   * The Python interpreter the spawn service may run on (spawn-service.ts): the plan's, or the `python` setting,
   * found on PATH without running it. Used on Linux only, when the run has more jobs than workers and no secret
   * is registered; absent: every job starts with Node's spawn.
   */
  spawnServicePython?: string;
  /** `off`: no spawn service, every job starts with Node's spawn (TRAINING_ORCHESTRATOR_SPAWN_SERVICE); absent: `auto`. */
  spawnService?: SpawnServiceMode;
}

/** Side effects, with real defaults (see defaults.ts), so tests can inject fakes. */
export interface RunDeps {
  spawn: typeof spawn;
  /** Milliseconds since the epoch. */
  now: () => number;
  /** Resolves after `ms`; rejects at once when `signal` aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  logger: Logger;
  /** Opens a job's log file, never through a link (openLogFile in safe-open.ts); tests hand in a full disk. */
  openLog: typeof openLogFile;
  /**
   * Starts jobs that write straight to their log file instead of Node's spawn (the spawn service), or declines;
   * absent: Node's spawn for every job. runPlan starts one for the run when `spawnServicePython` allows it.
   */
  launch?: JobLauncher;
}
