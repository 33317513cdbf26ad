import fs from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import type { AttemptResult, PlannedJob } from '../model/types.js';
import { RUN_DEFAULTS } from './defaults.js';
import type { JobLog } from './job-log.js';
import type { JobOutput } from './job-output.js';
import { LogFollower } from './log-follower.js';
import { readInPlace } from './pipe-reader.js';
import { groupAlive, signalGroup } from './process-group.js';
import { quoteForShell } from '../plan/shell-words.js';
import { ServiceJob } from './spawn-service.js';
import type { RunDeps } from './types.js';
import type { ProcessMonitor } from '../resources/usage-monitor.js';

export interface AttemptSpec {
  job: PlannedJob;
  attempt: number;
  attempts: number;
  env: NodeJS.ProcessEnv;
  /** 0: no timeout. */
  timeoutMs: number;
  timeoutKillGraceMs: number;
  cancelKillGraceMs: number;
  /** Aborted: terminate the attempt (status `cancelled`). */
  signal: AbortSignal;
  log: JobLog;
  output: JobOutput;
  deps: Pick<RunDeps, 'spawn' | 'now' | 'logger' | 'launch'>;
  monitor?: ProcessMonitor;
}

export interface AttemptOutcome {
  result: AttemptResult;
  /** Why it ended, for people: `exit code 3`, `timed out after 1.2s`, `could not start: …`. */
  reason: string;
}

type TerminationReason = 'timeout' | 'cancel';

/**
 * Runs one attempt of a job: spawn without a shell in a new process group, stream its output into the log,
 * enforce the timeout, obey the cancellation, and make sure nothing of the group is left when it returns.
 * Never throws for anything the job does.
 */
export function runAttempt(spec: AttemptSpec): Promise<AttemptOutcome> {
  const { job, log, output, deps } = spec;
  const startedAt = deps.now();
  log.line(
    `=== attempt ${spec.attempt}/${spec.attempts} · ${isoSeconds(startedAt)} · ${quoteForShell(job.command)} ===`,
  );
  output.startAttempt(spec.attempt);
  // No secret to mask: the job writes straight to its log file, Node copies nothing (echo and tail are read
  // back from the file). Otherwise its output comes through pipes and the redactor (see JobLog).
  const direct = log.directDescriptor();
  // Begun before the job starts: a job started by the spawn service may print before its pid comes back.
  const follower = direct === undefined ? undefined : new LogFollower(log, output);
  follower?.begin();
  // The spawn service (spawn-service.ts) starts jobs that write straight to their log; it declines what it
  // cannot start exactly as Node would (and Node's spawn starts those), or is not there: then Node starts it.
  const launched =
    direct === undefined
      ? undefined
      : deps.launch?.launch({
          argv: job.command,
          cwd: job.cwd,
          env: spec.env,
          logFd: direct,
          logPath: log.absolutePath,
        });
  if (!launched) return spawnWithNode(spec, startedAt, direct, follower);
  return launched.then((launch) => {
    if ('started' in launch) {
      spec.monitor?.attemptStarted(job, spec.attempt, launch.started.pid, 'service');
      return new AttemptProcess(spec, launch.started, startedAt, follower).done;
    }
    if ('failed' in launch) {
      follower?.end();
      return spawnFailed(spec, startedAt, launch.failed);
    }
    return spawnWithNode(spec, startedAt, direct, follower);
  });
}

/** Node's own spawn: without a shell, in a new process group (setsid), straight to the log or through pipes. */
function spawnWithNode(
  spec: AttemptSpec,
  startedAt: number,
  direct: number | undefined,
  follower: LogFollower | undefined,
): Promise<AttemptOutcome> {
  const { job, deps } = spec;
  let child: ChildProcess;
  try {
    child = deps.spawn(job.command[0], job.command.slice(1), {
      cwd: job.cwd,
      env: spec.env,
      stdio: direct === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', direct, direct],
      detached: true,
      shell: false,
      windowsHide: true,
    });
  } catch (error) {
    // Invalid arguments (a NUL byte) throw synchronously; a missing program arrives as 'error'.
    follower?.end();
    return Promise.resolve(spawnFailed(spec, startedAt, error as NodeJS.ErrnoException));
  }
  if (child.pid !== undefined) spec.monitor?.attemptStarted(job, spec.attempt, child.pid);
  return new AttemptProcess(spec, child, startedAt, follower).done;
}

/** What AttemptProcess uses of a started job: a ChildProcess of Node's spawn, or a ServiceJob. */
interface StartedJob {
  readonly pid?: number | undefined;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
  once(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
  once(event: 'close', listener: () => void): unknown;
}

class AttemptProcess {
  readonly done: Promise<AttemptOutcome>;
  private resolve!: (outcome: AttemptOutcome) => void;
  private readonly pid: number | undefined;
  /** What reads the job's stdout and stderr (pipe path): our sockets reading in place, or the child's own. */
  private pipes: Readable[];
  /** Our sockets not closed yet (reading in place): the output is complete once they and the child closed. */
  private openReaders = 0;
  private childClosed = false;
  /** Set when the job writes straight to its log file: what reads its output back. */
  private readonly follower: LogFollower | undefined;
  private exitCode: number | null = null;
  private exitSignal: NodeJS.Signals | null = null;
  /** Started by the spawn service, which stopped before it reported the exit: the status is unknown. */
  private lost = false;
  private exited = false;
  private closed = false;
  private settled = false;
  /** Recorded once: a cancellation during a timeout's grace period does not turn the timeout into a cancel. */
  private terminationReason: TerminationReason | undefined;
  private timeoutTimer: NodeJS.Timeout | undefined;
  private killTimer: NodeJS.Timeout | undefined;
  private killDeadline = Infinity;
  private killSentAt: number | undefined;
  private wakeUp: (() => void) | undefined;
  /** Chunks received so far: the drain window needs it. */
  private chunks = 0;
  private readonly onAbort = () => this.terminate('cancel', this.spec.cancelKillGraceMs);

  constructor(
    private readonly spec: AttemptSpec,
    child: StartedJob,
    private readonly startedAt: number,
    /** Set (and begun) when the job writes straight to its log file. */
    follower: LogFollower | undefined,
  ) {
    this.done = new Promise((resolve) => (this.resolve = resolve));
    this.pid = child.pid;
    this.follower = follower;
    this.pipes = follower
      ? []
      : [child.stdout, child.stderr].filter((pipe): pipe is Readable => pipe !== null);

    child.on('error', (error: NodeJS.ErrnoException) => {
      if (this.pid === undefined) this.finish(error);
      // Otherwise a failed kill(): the group is handled by signalGroup; nothing else to do.
    });
    if (this.pid === undefined) return;

    // Both pipes into one log in arrival order. The write is synchronous (see JobLog): the chunk is done with
    // when it returns, so it may be the reused buffer of readInPlace; a job printing faster than the disk
    // waits on its full pipe meanwhile (backpressure without pausing).
    const onData = (pipe: number) => (chunk: Buffer) => {
      this.chunks++;
      spec.output.push(chunk);
      spec.log.write(chunk, pipe);
    };
    this.pipes = this.pipes.map((pipe, index) => {
      const onBytes = onData(index);
      const reader = readInPlace(pipe, onBytes);
      if (!reader) {
        pipe.on('data', onBytes);
        return pipe;
      }
      this.openReaders++;
      reader.once('close', () => {
        this.openReaders--;
        this.checkClosed();
      });
      return reader;
    });

    child.once('exit', (code, signal) => {
      this.exited = true;
      this.exitCode = code;
      this.exitSignal = signal;
      if (child instanceof ServiceJob) {
        this.lost = child.lost;
        // The leader's exact CPU figures, from the service's wait4 (the orchestrator did not wait for it).
        if (child.usage) spec.monitor?.leaderExited?.(spec.job, spec.attempt, child.usage);
      }
      clearTimeout(this.timeoutTimer);
      this.afterExit().catch((error: Error) => {
        spec.deps.logger.error(
          `Runner fault after job ${spec.job.id} exited: ${error.stack ?? error.message}`,
        );
        this.finish(undefined);
      });
    });
    child.once('close', () => {
      this.childClosed = true;
      this.checkClosed();
    });

    if (spec.timeoutMs > 0) {
      this.timeoutTimer = setTimeout(
        () => this.terminate('timeout', spec.timeoutKillGraceMs),
        spec.timeoutMs,
      );
    }
    if (spec.signal.aborted) this.onAbort();
    else spec.signal.addEventListener('abort', this.onAbort, { once: true });
  }

  /** The child and every pipe we read are closed: all of the output is in. */
  private checkClosed(): void {
    if (!this.childClosed || this.openReaders > 0) return;
    this.closed = true;
    this.wakeUp?.();
  }

  /** SIGTERM to the group now, SIGKILL at the deadline if anything of it is still alive. */
  private terminate(reason: TerminationReason | 'leftovers', graceMs: number): void {
    if (this.settled) return;
    if (reason !== 'leftovers' && !this.exited) {
      if (this.terminationReason === undefined) {
        this.terminationReason = reason;
        this.spec.log.line(
          reason === 'timeout'
            ? `--- timed out after ${describeLimit(this.spec.timeoutMs)}: SIGTERM to the process group, SIGKILL in ${seconds(graceMs)}`
            : `--- run cancelled: SIGTERM to the process group, SIGKILL in ${seconds(graceMs)}`,
        );
      } else if (reason === 'cancel' && Date.now() + graceMs < this.killDeadline) {
        this.spec.log.line(`--- run cancelled during the grace period: SIGKILL in ${seconds(graceMs)}`);
      }
    }
    const deadline = Date.now() + graceMs;
    if (deadline >= this.killDeadline) return;
    const first = this.killDeadline === Infinity;
    this.killDeadline = deadline;
    if (first && this.pid !== undefined) signalGroup(this.pid, 'SIGTERM');
    clearTimeout(this.killTimer);
    this.killTimer = setTimeout(() => this.kill(), graceMs);
  }

  private kill(): void {
    if (this.pid === undefined || this.settled || this.killSentAt !== undefined) return;
    if (!groupAlive(this.pid)) return;
    this.killSentAt = Date.now();
    this.spec.log.line('--- SIGKILL to the process group');
    signalGroup(this.pid, 'SIGKILL');
  }

  /**
   * The main process is gone. Its pipes may still be open: wait briefly for the rest of its output. Whatever it
   * left in its group is terminated (a job is its whole process group). A process that left the group and still
   * holds the pipes cannot make us wait more than the drain window: we stop reading.
   */
  private async afterExit(): Promise<void> {
    const pid = this.pid as number;
    await this.drainPipes();
    if (groupAlive(pid)) {
      if (this.killDeadline === Infinity) {
        this.spec.log.line('--- the job exited but left processes in its group: terminating them');
      }
      this.terminate('leftovers', this.spec.cancelKillGraceMs);
      // Until SIGKILL: once it is sent, nothing in the group can outlive it (the kernel does the rest).
      while (this.killSentAt === undefined && groupAlive(pid)) await delay(RUN_DEFAULTS.groupPollMs);
    }
    await this.drainPipes();
    this.finish(undefined);
  }

  /**
   * Reads the pipes until they close, but stops once they have been idle (nothing arrived) for the drain
   * window, or after the cap: only a process that left the group can hold them open, and it must not hold
   * the run.
   */
  private async drainPipes(): Promise<void> {
    // Writing straight to the file: nothing to drain (a process that left the group writes on; see README).
    if (this.pipes.length === 0) return;
    const started = Date.now();
    while (!this.closed) {
      const seen = this.chunks;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, RUN_DEFAULTS.pipeDrainMs);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.wakeUp = done;
      });
      this.wakeUp = undefined;
      if (this.closed) return;
      if (this.chunks === seen) return;
      if (Date.now() - started > RUN_DEFAULTS.pipeDrainMaxMs) return;
    }
  }

  private finish(spawnError: NodeJS.ErrnoException | undefined): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timeoutTimer);
    clearTimeout(this.killTimer);
    this.spec.signal.removeEventListener('abort', this.onAbort);
    for (const pipe of this.pipes) {
      pipe.removeAllListeners('data');
      if (!this.closed) pipe.destroy();
    }
    // What each pipe held back (the beginning of a secret that never came) goes before the footer.
    this.spec.log.endPipes();
    this.follower?.end();
    if (spawnError) {
      this.resolve(spawnFailed(this.spec, this.startedAt, spawnError));
      return;
    }
    this.spec.output.endAttempt();
    const finishedAt = this.spec.deps.now();
    const status =
      this.terminationReason === 'timeout'
        ? 'timed_out'
        : this.terminationReason === 'cancel'
          ? 'cancelled'
          : this.exitCode === 0
            ? 'succeeded'
            : 'failed';
    const result = attemptResult(
      this.spec.attempt,
      status,
      this.exitCode,
      this.exitSignal,
      this.startedAt,
      finishedAt,
    );
    const reason =
      status === 'timed_out'
        ? `timed out after ${describeLimit(this.spec.timeoutMs)}`
        : status === 'cancelled'
          ? 'cancelled'
          : this.lost
            ? 'exit status unknown: the spawn service stopped while the job ran'
            : this.exitSignal !== null
              ? `killed by ${this.exitSignal}`
              : `exit code ${this.exitCode}`;
    writeFooter(this.spec, result, reason);
    this.resolve({ result, reason });
  }
}

function spawnFailed(spec: AttemptSpec, startedAt: number, error: NodeJS.ErrnoException): AttemptOutcome {
  const reason = `could not start: ${describeSpawnError(spec.job, error)}`;
  spec.log.line(reason);
  spec.output.note(reason);
  spec.output.endAttempt();
  const result = attemptResult(spec.attempt, 'failed', null, null, startedAt, spec.deps.now());
  writeFooter(spec, result, reason);
  return { result, reason };
}

function describeSpawnError(job: PlannedJob, error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOENT') {
    // spawn reports a missing cwd as a missing program; tell them apart (error path only, sync is fine).
    if (!fs.existsSync(job.cwd)) return `working directory ${job.cwd} does not exist (ENOENT)`;
    return `command not found: ${job.command[0]} (ENOENT)`;
  }
  if (error.code === 'EACCES') return `permission denied: ${job.command[0]} is not executable (EACCES)`;
  return error.code ? `${error.message} (${error.code})` : error.message;
}

function writeFooter(spec: AttemptSpec, result: AttemptResult, reason: string): void {
  const status = result.status.replace('_', ' ');
  spec.log.line(
    `=== attempt ${spec.attempt}/${spec.attempts} · ${status} · ${reason} · ${result.duration_seconds}s ===`,
  );
}

function attemptResult(
  attempt: number,
  status: AttemptResult['status'],
  exitCode: number | null,
  signal: string | null,
  startedAt: number,
  finishedAt: number,
): AttemptResult {
  return {
    attempt,
    exit_code: exitCode,
    signal,
    status,
    started_at: new Date(startedAt).toISOString(),
    finished_at: new Date(finishedAt).toISOString(),
    duration_seconds: roundSeconds(finishedAt - startedAt),
  };
}

export function roundSeconds(ms: number): number {
  return Math.round(Math.max(0, ms)) / 1000;
}

/** 90000 → "1.5 min", 1200 → "1.2s". */
function describeLimit(ms: number): string {
  return ms >= 60_000 ? `${Math.round(ms / 600) / 100} min` : seconds(ms);
}

function seconds(ms: number): string {
  return `${roundSeconds(ms)}s`;
}

/** 2026-11-28T22:10:00Z: the header is for people, milliseconds are noise there. */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
