import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger, SpawnServiceMode } from '../model/types.js';
import { AUTO_PYTHON_CANDIDATES } from '../plan/defaults.js';
import { findExecutables } from '../plan/executable.js';
import { RUN_DEFAULTS } from './defaults.js';
import { groupAlive } from './process-group.js';

/**
 * The spawn service: a small long-lived stdlib-Python process (spawn-service.py, shipped beside the bundles in
 * dist/) that starts jobs for the runner. Node's spawn() forks the whole orchestrator, ~110 MB of page tables,
 * and blocks the event loop until the child has exec'd; Python's subprocess.Popen uses vfork(), so a job starts
 * several times faster and the main thread only writes one line. Everything else stays here: the pool,
 * retries, timeouts, cancellation and every signal (sent to the job's process group, -pid, as before).
 *
 * Used only where it changes nothing a job can see (docs/decisions/0007-spawn-service.md): Linux, a job that
 * writes straight to its log (no secret registered), strings that cross as UTF-8, and once the service has said
 * it is ready; any other job, and every job after the service failed, starts with Node's spawn.
 */

/** The service's file name, beside this module (src/run in tests, dist/ and dist/cli/ once bundled). */
export const SPAWN_SERVICE_SCRIPT = 'spawn-service.py';

/** A line longer than this from the service is garbage (a reply is ~100 bytes). */
const MAX_LINE_CHARS = 64 * 1024;
/** What is kept of the service's stderr (a Python traceback) for the warning. */
const MAX_STDERR_CHARS = 2000;

/** The exact figures of a job's first process and of what it waited for (wait4's rusage, like /usr/bin/time). */
export interface LeaderUsage {
  userSeconds: number;
  systemSeconds: number;
  /**
   * ru_maxrss in KiB. Not a figure of the job alone: it includes the spawner's memory before exec (the
   * service's with vfork, the orchestrator's with Node's fork), so the sampler does not use it.
   */
  maxRssKib: number;
}

/**
 * A job the service started, as much of a ChildProcess as the runner uses: `pid` (its process-group id),
 * 'exit' (code, signal) then 'close'; no pipes (it writes straight to its log file).
 */
export class ServiceJob extends EventEmitter {
  readonly stdout = null;
  readonly stderr = null;
  /** Set with 'exit' when the service reported it. */
  usage: LeaderUsage | undefined;
  /**
   * The service stopped before this job ended: its end was seen by watching its process group (kill(-pid, 0))
   * until it was gone, but its exit status is unknown ('exit' with null, null).
   */
  lost = false;

  constructor(readonly pid: number) {
    super();
  }

  /** 'exit' then 'close', as a ChildProcess without pipes. */
  end(code: number | null, signal: NodeJS.Signals | null): void {
    this.emit('exit', code, signal);
    this.emit('close', code, signal);
  }
}

export type LaunchResult =
  /** Running; 'exit' follows. */
  | { started: ServiceJob }
  /** It could not start (ENOENT, EACCES, …): the same error Node's spawn would have given. */
  | { failed: NodeJS.ErrnoException }
  /** Not started: start it with Node's spawn (`reason` for the debug log). */
  | { declined: string };

export interface LaunchRequest {
  argv: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The log file JobLog opened (the service opens it again by path and checks it is the same file). */
  logFd: number;
  logPath: string;
}

/** What the runner asks of a launcher (RunDeps.launch). */
export interface JobLauncher {
  /** undefined: not now (not ready, stopped, or a request it cannot carry): start the job with Node's spawn. */
  launch(request: LaunchRequest): Promise<LaunchResult> | undefined;
}

export interface SpawnServiceOptions {
  /** An absolute interpreter, or a `python` setting (`auto`, a name on PATH, a path) found without running it. */
  python: string;
  /** Where a relative `python` is resolved. */
  cwd: string;
  logger: Logger;
  /** Default: spawn-service.py beside this module. Tests hand in other programs. */
  script?: string;
  /** Arguments before the script (default `-I -S`: isolated, no site: stdlib only, fast to start). */
  pythonArgs?: readonly string[];
  /** Default RUN_DEFAULTS.spawnServiceReplyMs. */
  replyMs?: number;
}

/**
 * Whether the runner should start a service for this run: never when the user turned it off (`mode: 'off'`,
 * TRAINING_ORCHESTRATOR_SPAWN_SERVICE); else only on Linux, with an interpreter known, when no secret is
 * registered (every job writes through the redactor's pipes then), when the caller did not hand in its own
 * spawn, and when there are more jobs than workers (a run of a few jobs must not pay its start).
 */
export function wantsSpawnService(run: {
  python: string | undefined;
  jobs: number;
  workers: number;
  secrets: boolean;
  ownSpawn: boolean;
  /** Absent: `auto`. */
  mode?: SpawnServiceMode;
  platform?: string;
}): boolean {
  return (
    run.mode !== 'off' &&
    (run.platform ?? process.platform) === 'linux' &&
    !!run.python &&
    run.jobs > run.workers &&
    !run.secrets &&
    !run.ownSpawn
  );
}

type State = 'starting' | 'ready' | 'stopped';

/**
 * One service process for a run. Starts in the background (`ready` says when, or that it never will be); until
 * then, and after any failure, `launch` returns undefined. A failure (it cannot start, exits, writes something
 * that is not a reply) is one warning; the service is killed, the jobs it started are watched to their end, and
 * everything after starts with Node's spawn. Never throws into the runner.
 */
export class SpawnService implements JobLauncher {
  /** True once it is ready; false when it never will be (or stopped before). */
  readonly ready: Promise<boolean>;
  private resolveReady!: (ready: boolean) => void;
  private state: State = 'starting';
  private closed = false;
  private child: ChildProcess | undefined;
  private interpreter: string | undefined;
  private nextId = 1;
  /** Requests sent and not answered yet, oldest first (the service answers in order). */
  private readonly pending = new Map<
    number,
    { file: string; resolve: (result: LaunchResult) => void; timer: NodeJS.Timeout }
  >();
  /** Jobs it started that have not ended. */
  private readonly jobs = new Map<number, ServiceJob>();
  /** Jobs whose end is watched by polling their group, after the service stopped. */
  private readonly watched = new Set<ServiceJob>();
  private watchTimer: NodeJS.Timeout | undefined;
  private partial = '';
  /** The environment of the last request sent, as JSON: a request with the same one sends null instead. */
  private lastEnv: string | undefined;
  private stderrText = '';
  /** Requests not written yet (see send). */
  private readonly outbox: string[] = [];
  /** The id of the newest request queued, and of the newest written to the service. */
  private lastQueued = 0;
  private lastSent = 0;

  constructor(private readonly options: SpawnServiceOptions) {
    this.ready = new Promise((resolve) => (this.resolveReady = resolve));
    this.boot().catch((error: Error) => this.fail(`could not start: ${error.message}`));
  }

  launch(request: LaunchRequest): Promise<LaunchResult> | undefined {
    const child = this.child;
    if (this.state !== 'ready' || this.closed || !child?.stdin?.writable) return undefined;
    const env = carriableEnv(request.env);
    if (
      !env ||
      !request.argv.every(carriable) ||
      request.argv[0] === '' ||
      !carriable(request.cwd) ||
      !carriable(request.logPath)
    ) {
      return undefined;
    }
    let dev: string;
    let ino: string;
    try {
      const stats = fs.fstatSync(request.logFd, { bigint: true });
      dev = String(stats.dev);
      ino = String(stats.ino);
    } catch {
      return undefined;
    }
    const id = this.nextId++;
    // Most jobs of a run share one environment (a few KB): it crosses once, then as null ("the same").
    const envText = JSON.stringify(env);
    const line =
      `{"id":${id},"argv":${JSON.stringify(request.argv)},"cwd":${JSON.stringify(request.cwd)},` +
      `"env":${envText === this.lastEnv ? 'null' : envText},` +
      `"log":${JSON.stringify({ path: request.logPath, dev, ino })}}`;
    this.lastEnv = envText;
    return new Promise((resolve) => {
      const replyMs = this.options.replyMs ?? RUN_DEFAULTS.spawnServiceReplyMs;
      const timer = setTimeout(
        () => this.fail(`did not answer a start request within ${replyMs} ms`),
        replyMs,
      );
      this.pending.set(id, { file: request.argv[0], resolve, timer });
      this.send(child, id, `${line}\n`);
    });
  }

  /**
   * Requests made in one turn of the event loop go out in one write, once it is over: jobs that ended together
   * start their successors together, and each write wakes the service (a context switch on a busy machine,
   * measured at 50-550 µs a write with 4 workers of no-op jobs).
   */
  private send(child: ChildProcess, id: number, text: string): void {
    this.outbox.push(text);
    this.lastQueued = id;
    if (this.outbox.length === 1) setImmediate(() => this.flush(child));
  }

  private flush(child: ChildProcess): void {
    if (this.outbox.length === 0) return;
    const text = this.outbox.join('');
    this.outbox.length = 0;
    if (this.state !== 'ready' || !child.stdin?.writable) return;
    child.stdin.write(text);
    this.lastSent = this.lastQueued;
  }

  /**
   * The run is over: the service stops taking requests and exits once the jobs it started have ended (it
   * reports them first). Never waits, and never holds this process.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const child = this.child;
    if (this.state === 'ready' && child) {
      this.flush(child);
      child.stdin?.end();
    } else if (this.state === 'starting') this.stop(undefined);
    if (this.jobs.size === 0) this.release();
  }

  private async boot(): Promise<void> {
    // After the run's first jobs have started (this is called from runPlan, before the pool).
    await new Promise((resolve) => setImmediate(resolve));
    const interpreter = locateInterpreter(this.options.python, this.options.cwd);
    if (this.closed) return this.stop(undefined);
    if (!interpreter) {
      this.options.logger.debug(`Spawn service: no interpreter found for ${this.options.python}.`);
      return this.stop(undefined);
    }
    this.interpreter = interpreter;
    const script = this.options.script ?? defaultScript();
    if (!fs.existsSync(script)) throw new Error(`${script} is missing`);
    const child = spawn(interpreter, [...(this.options.pythonArgs ?? ['-I', '-S']), script], {
      cwd: path.dirname(script),
      stdio: ['pipe', 'pipe', 'pipe'],
      // A session of its own: the terminal's Ctrl-C goes to the orchestrator, which decides what the jobs get.
      detached: true,
      windowsHide: true,
    });
    this.child = child;
    child.on('error', (error) => this.fail(`could not start: ${error.message}`));
    child.stdin!.on('error', () => {
      // It exited: 'close' says how.
    });
    child.stdout!.setEncoding('latin1');
    child.stdout!.on('data', (text: string) => this.receive(text));
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (text: string) => {
      if (this.stderrText.length < MAX_STDERR_CHARS) this.stderrText += text.slice(0, MAX_STDERR_CHARS);
    });
    child.on('close', (code, signal) => {
      if (
        this.state !== 'stopped' &&
        (!this.closed || this.jobs.size > 0 || this.pending.size > 0 || code !== 0)
      )
        this.fail(signal ? `was killed by ${signal}` : `exited with code ${code}`);
      this.state = 'stopped';
      this.resolveReady(false);
      this.release();
    });
  }

  private receive(text: string): void {
    let data = this.partial + text;
    let newline = data.indexOf('\n');
    while (newline >= 0 && this.state !== 'stopped') {
      this.handle(data.slice(0, newline));
      data = data.slice(newline + 1);
      newline = data.indexOf('\n');
    }
    this.partial = this.state === 'stopped' ? '' : data;
    if (this.partial.length > MAX_LINE_CHARS)
      this.fail(`wrote a line longer than ${MAX_LINE_CHARS} characters`);
  }

  private handle(line: string): void {
    let message: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('not an object');
      message = parsed as Record<string, unknown>;
    } catch {
      return this.garbage(line);
    }
    if (this.state === 'starting') {
      if (message.ready === true && isPid(message.pid)) {
        this.state = 'ready';
        this.options.logger.debug(
          `Spawn service ready: ${this.interpreter} (Python ${String(message.version)}), pid ${message.pid}` +
            (typeof message.spawn === 'string' ? `, starting jobs with ${message.spawn}.` : '.'),
        );
        this.resolveReady(true);
        return;
      }
      if (typeof message.unsupported === 'string') {
        this.options.logger.debug(`Spawn service not used: ${message.unsupported}.`);
        return this.stop(undefined);
      }
      return this.garbage(line);
    }
    const id = message.id;
    const oldest = this.pending.keys().next().value;
    const waiting = oldest === undefined ? undefined : this.pending.get(oldest);
    if (oldest !== undefined && id === oldest && waiting) {
      const resolve = waiting.resolve;
      clearTimeout(waiting.timer);
      if (isPid(message.pid)) {
        const job = new ServiceJob(message.pid);
        this.jobs.set(oldest, job);
        this.pending.delete(oldest);
        return resolve({ started: job });
      }
      const error = message.error as Record<string, unknown> | undefined;
      if (typeof error === 'object' && error !== null && typeof error.message === 'string') {
        this.pending.delete(oldest);
        return resolve({ failed: startError(error, waiting.file) });
      }
      if (typeof message.refused === 'string') {
        this.pending.delete(oldest);
        this.options.logger.debug(
          `Spawn service declined a job (${message.refused}): Node's spawn starts it.`,
        );
        return resolve({ declined: message.refused });
      }
      return this.garbage(line);
    }
    const job = typeof id === 'number' ? this.jobs.get(id) : undefined;
    const usage = leaderUsage(message.rusage);
    const code = message.exit_code;
    const signal = message.signal;
    const exited =
      Number.isInteger(code) && (code as number) >= 0 && (code as number) <= 255 && signal === undefined;
    const killed = typeof signal === 'string' && /^SIG[A-Z0-9+]+$/.test(signal) && code === undefined;
    if (!job || !usage || !(exited || killed)) return this.garbage(line);
    this.jobs.delete(id as number);
    job.usage = usage;
    // Its pid may have come in the same chunk: the runner attaches its listeners when the start resolves (a
    // promise reaction, run before any setImmediate callback).
    setImmediate(() => job.end(exited ? (code as number) : null, killed ? (signal as NodeJS.Signals) : null));
    if (this.closed && this.jobs.size === 0) this.release();
  }

  private garbage(line: string): void {
    const shown = line.length > 120 ? `${line.slice(0, 120)}…` : line;
    this.fail(`wrote something that is not a reply (${JSON.stringify(shown)})`);
  }

  /** A failure: one warning, the service killed; what it had not answered and what it started, handled. */
  private fail(reason: string): void {
    if (this.state === 'stopped') return;
    const stderr = this.stderrText.trim();
    this.options.logger.warn(
      `The spawn service (${this.interpreter ?? this.options.python}) ${reason}; the rest of the run starts jobs ` +
        `with Node's spawn.${stderr ? ` Its error output: ${stderr.slice(0, MAX_STDERR_CHARS)}` : ''}`,
    );
    this.stop(reason);
  }

  /**
   * Stops for good. `reason` undefined: a quiet stop (not started, unsupported, closed before it was ready).
   * The service answers requests in order, one at a time: the oldest unanswered one may have been starting when
   * it stopped (the job then runs, untracked: it is reported as not started, with that said); the others were
   * never read and start with Node's spawn. Jobs it started are watched until their group is gone.
   */
  private stop(reason: string | undefined): void {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    this.resolveReady(false);
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      try {
        child.kill('SIGKILL');
      } catch {
        // Already gone.
      }
    }
    let first = true;
    for (const [id, { resolve, timer }] of this.pending) {
      clearTimeout(timer);
      // A request still in the outbox never reached the service: it did not start.
      if (first && reason !== undefined && id <= this.lastSent) {
        const error = new Error(
          `the spawn service stopped while starting it (${reason}); if it did start, it runs untracked`,
        ) as NodeJS.ErrnoException;
        resolve({ failed: error });
      } else resolve({ declined: 'the spawn service stopped' });
      first = false;
    }
    this.pending.clear();
    for (const job of this.jobs.values()) this.watched.add(job);
    this.jobs.clear();
    if (this.watched.size > 0) this.watch();
    else this.release();
  }

  /** Polls the groups of the jobs the service started, until each is gone: their end, exit status unknown. */
  private watch(): void {
    if (this.watchTimer) return;
    this.watchTimer = setInterval(() => {
      for (const job of this.watched) {
        if (groupAlive(job.pid)) continue;
        this.watched.delete(job);
        job.lost = true;
        job.end(null, null);
      }
      if (this.watched.size === 0) {
        clearInterval(this.watchTimer);
        this.watchTimer = undefined;
        this.release();
      }
    }, RUN_DEFAULTS.groupPollMs);
  }

  /** Nothing left to wait for: the service (if still exiting) no longer keeps this process alive. */
  private release(): void {
    if (!this.closed && this.state !== 'stopped') return;
    const child = this.child;
    if (!child) return;
    child.unref();
    for (const stream of [child.stdin, child.stdout, child.stderr]) {
      (stream as unknown as { unref?: () => void } | null)?.unref?.();
    }
  }
}

/** spawn-service.py beside this module: src/run/ under tests, dist/ or dist/cli/ in a bundle. */
function defaultScript(): string {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), SPAWN_SERVICE_SCRIPT);
}

/**
 * The interpreter to run the service with. An absolute `python` as it is; a `python` setting found as the
 * planner finds it (a path relative to `cwd`, or a name on PATH), without running it. The service needs any
 * Python 3.6+ with its standard library and nothing of the project's, so where the first one found is a script
 * (a version manager's shim: pyenv's runs bash and `pyenv exec`, 100-800 ms before Python starts, while every
 * job waits on Node's slower spawn), a real interpreter of the same name later on PATH is taken instead; with
 * none, the script.
 */
export function locateInterpreter(
  python: string,
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (path.isAbsolute(python)) return python;
  for (const candidate of python === 'auto' ? AUTO_PYTHON_CANDIDATES : [python]) {
    // The first name found wins, as for the planner (a `python` after a shimmed `python3` may be Python 2).
    const found = findExecutables(candidate, env, cwd);
    if (found.length > 0) return found.find((file) => !isScript(file)) ?? found[0];
  }
  return undefined;
}

/** Whether `file` starts with '#!' (run through another program), as far as it can be read. */
function isScript(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(2);
    return fs.readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x23 && head[1] === 0x21;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A string that crosses to Python as UTF-8 and means the same there (no lone surrogate, no NUL). */
function carriable(text: string): boolean {
  return !text.includes('\0') && !LONE_SURROGATE.test(text);
}

/**
 * The environment as Node's spawn would pass it (string values only, in key order), or undefined when a key or
 * value cannot cross, or a key holds '=' (Python refuses it where Node passes it on).
 */
function carriableEnv(env: NodeJS.ProcessEnv): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const key of Object.keys(env)) {
    const value = env[key];
    if (value === undefined) continue;
    if (key.includes('=') || !carriable(key) || !carriable(value)) return undefined;
    out[key] = value;
  }
  return out;
}

function isPid(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) > 0;
}

function leaderUsage(value: unknown): LeaderUsage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { utime, stime, maxrss } = value as Record<string, unknown>;
  const ok = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0;
  return ok(utime) && ok(stime) && ok(maxrss)
    ? { userSeconds: utime, systemSeconds: stime, maxRssKib: maxrss }
    : undefined;
}

/** The error Node's spawn gives for the same failure: code ENOENT, message `spawn FILE ENOENT`. */
function startError(error: Record<string, unknown>, file: string): NodeJS.ErrnoException {
  const code = typeof error.code === 'string' && /^E[A-Z0-9]+$/.test(error.code) ? error.code : undefined;
  const made = new Error(code ? `spawn ${file} ${code}` : String(error.message)) as NodeJS.ErrnoException;
  if (code) made.code = code;
  if (typeof error.errno === 'number') made.errno = -error.errno;
  return made;
}
