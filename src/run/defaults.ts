import { spawn } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '../model/types.js';
import { openLogFile } from './safe-open.js';
import type { RunDeps } from './types.js';

/** Every default of the runner, in one place. */
export const RUN_DEFAULTS = {
  /**
   * Live console echo per job. 1 MiB is ~15,000 lines: plenty to follow a training run in the Actions UI,
   * far below what makes the log viewer crawl. The log file is never capped.
   */
  echoLimitBytes: 1024 * 1024,
  /** Lines of output kept in memory per job for summaries and annotations. */
  tailLines: 30,
  /** A tail line longer than this is cut (with '…'): one minified line must not bloat the summary. */
  tailLineChars: 1000,
  /**
   * After a timeout, time between SIGTERM and SIGKILL. Long enough for a training script to save a
   * checkpoint or flush its metrics, short enough not to waste much of a CI minute.
   */
  timeoutKillGraceMs: 10_000,
  /**
   * After a cancellation, time between SIGTERM and SIGKILL. GitHub sends SIGTERM 7.5 s after SIGINT and kills
   * the runner soon after; 2 s leaves room to kill, drain the pipes and write the summary well within 5 s.
   */
  cancelKillGraceMs: 2_000,
  /** Pause between attempts of a failed job (issue 3: "2 seconds apart"). */
  retryDelayMs: 2_000,
  /**
   * After the job's main process exits, how long its pipes may stay open before we stop reading them. Only a
   * process that left the group (setsid) and still holds the pipes can make this wait happen.
   */
  pipeDrainMs: 500,
  /** Even if output keeps trickling in from such an escaped process, we stop reading after this. */
  pipeDrainMaxMs: 1_000,
  /** How often we check whether a process group has gone during a grace period. */
  groupPollMs: 50,
  /** Metrics files larger than this are skipped with a warning (a metrics file is a few numbers). */
  metricsFileMaxBytes: 1024 * 1024,
  /** All of a job's metrics files together: files beyond are skipped with a warning (bounds the summary). */
  metricsJobMaxBytes: 1024 * 1024,
  /**
   * How often the live echo looks for new output in the log file of a job that writes straight to it (no
   * secret to mask), until the echo's cap. The file gets the output at once; only the console lags this much.
   */
  echoPollMs: 100,
  /**
   * How long the spawn service may take to answer a start request (it answers in milliseconds: a vfork and an
   * exec). Past it the service counts as hung: a warning, and Node's spawn for the rest of the run. Bounds how
   * long a cancellation can wait for a start that was asked for.
   */
  spawnServiceReplyMs: 10_000,
} as const;

const silentLogger: Logger = { info() {}, warn() {}, error() {}, debug() {} };

export function defaultRunDeps(overrides: Partial<RunDeps> = {}): RunDeps {
  return {
    spawn: overrides.spawn ?? spawn,
    now: overrides.now ?? Date.now,
    sleep: overrides.sleep ?? ((ms, signal) => delay(ms, undefined, signal ? { signal } : undefined)),
    logger: overrides.logger ?? silentLogger,
    openLog: overrides.openLog ?? openLogFile,
    launch: overrides.launch,
  };
}
