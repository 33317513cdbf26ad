import type { JobResources, Logger, PlannedJob, RunResources } from '../model/types.js';
import { JobAccount, type MemberSample } from './usage-account.js';
import { ResourceTimeline } from './usage-timeline.js';
import {
  CLOCK_TICKS_PER_SECOND,
  linuxProcReader,
  parseProcStat,
  pageSizeOf,
  parseProcStatus,
  type ProcReader,
} from './sample-proc.js';
import {
  COMPUTE_APPS_ARGS,
  findOnPath,
  GPU_DEVICES_ARGS,
  nvidiaSmiQuery,
  parseComputeApps,
  parseGpuDevices,
  type GpuQuery,
} from './sample-gpu.js';

/**
 * What the runner tells the sampler (RunOptions.monitor), and asks it at a job's end. The runner calls it
 * right after each spawn and at each attempt's end; it never learns how sampling works.
 */
export interface ProcessMonitor {
  /**
   * Right after spawn: `pid` is the process-group id (jobs spawn detached, in a session of their own).
   * `waiter`: who waits for the job's first process: this process (default; its own cutime then grows by the
   * leader's exact CPU figures), or the spawn service (which reports them through `leaderExited`).
   */
  attemptStarted(job: PlannedJob, attempt: number, pid: number, waiter?: 'self' | 'service'): void;
  /** The leader's exact CPU figures from whoever waited for it (wait4's rusage), before `attemptEnded`. */
  leaderExited?(
    job: PlannedJob,
    attempt: number,
    usage: { userSeconds: number; systemSeconds: number },
  ): void;
  /** When the attempt is over (its group terminated). */
  attemptEnded(job: PlannedJob, attempt: number): void;
  /** The job's figures over all its attempts; null when it was never sampled (never started). */
  jobResources(job: PlannedJob): JobResources | null;
}

/** `resource_interval` when not given: a 1 s job still gets about five samples. */
/** nvidia-smi takes tens of milliseconds: it is asked at most this often, whatever the interval. */
export const GPU_INTERVAL_MIN_MS = 1000;
/** The shortest span a peak-cores figure is computed over (CPU times come in 10 ms ticks). */
const CORES_WINDOW_MIN_MS = 100;
/**
 * How long after a job's start its first sample is taken (or the interval, if shorter): long enough for the
 * job to be past its exec and its interpreter's start, short enough to catch a job of a tenth of a second.
 */
export const FIRST_SAMPLE_DELAY_MS = 50;
/** Every this many samples every process is looked at again, not only new ones and our sessions. */
const FULL_SCAN_EVERY = 25;
/**
 * A member's /proc/<pid>/status (its VmHWM, the peak between samples) is read every this many samples, in
 * turns by pid; its resident memory comes from /proc/<pid>/stat at every sample. The status file costs twice
 * what the stat line does.
 */
const HWM_EVERY = 5;

export interface UsageMonitorOptions {
  /** > 0. */
  intervalMs: number;
  /** /proc, or null where there is none (default: the real one on Linux, null elsewhere). */
  reader?: ProcReader | null;
  /** Milliseconds, monotonic enough for spans (default Date.now). */
  now?: () => number;
  /** Calls `tick` every `ms` until the returned stop is called (default: one unref'd setInterval). */
  every?: (ms: number, tick: () => void) => () => void;
  /** nvidia-smi, or null when there is none (default: `nvidia-smi` found on PATH). */
  gpu?: GpuQuery | null;
  gpuIntervalMs?: number;
  /** Default process.platform, for the words of `unavailable`. */
  platform?: string;
  logger?: Pick<Logger, 'debug'>;
}

/** What kind of process a pid is, as far as the sampler is concerned. */
const OTHER = 0; // in a session of no running job: it can never join one of their groups
const WATCH = 1; // in a job's session: read it at every sample

/**
 * Samples every running attempt's process group with one timer for the whole run. Each sample lists /proc,
 * reads /proc/<pid>/stat only of processes it has not classified yet and of those in a job's session, and
 * /proc/<pid>/status only of group members (resident memory and its high-water mark). A process outside every
 * job's session can never enter one (setpgid only joins groups of its own session), so it is read once.
 * Never throws into the runner: a fault of its own stops sampling with a debug line.
 */
export class UsageMonitor implements ProcessMonitor {
  private readonly reader: ProcReader | null;
  private readonly now: () => number;
  private readonly every: (ms: number, tick: () => void) => () => void;
  private readonly gpu: GpuQuery | null;
  private readonly gpuIntervalMs: number;
  private readonly unavailable: string[] = [];
  private readonly logger: Pick<Logger, 'debug'> | undefined;
  private readonly jobs = new Map<string, JobAccount>();
  /** The jobs with an attempt running, by process-group id. */
  private readonly running = new Map<number, JobAccount>();
  private known = new Map<number, number>();
  private stopTimer: (() => void) | undefined;
  private sampleCount = 0;
  private firstSampleAt: number | undefined;
  private reaped: { user: number; sys: number } | null = null;
  private failed = false;
  /** A first sample after a start is scheduled (see attemptStarted). */
  private firstSamplePending = false;
  // The run's totals.
  private readonly timeline = new ResourceTimeline();
  private runSamples = 0;
  private runPeakRss = 0;
  private runPeakCores = 0;
  private runPeakProcesses = 0;
  private runWindow: { at: number; ticks: number } | undefined;
  /** CPU ticks of the jobs with no attempt running (the running ones are summed at each sample). */
  private idleTicks = 0;
  // GPUs.
  private gpuInFlight = false;
  /** A query ran since the last look at the orchestrator's children's CPU: nvidia-smi's own time is in it. */
  private gpuDirty = false;
  private lastGpuAt = -Infinity;
  private gpuFailures = 0;
  /** The sampler's own CPU time (this thread), microseconds, and the most processes one sample read. */
  private costMicros = 0;
  private firstStartAt: number | undefined;
  private pageSize: number | undefined;

  constructor(readonly options: UsageMonitorOptions) {
    const platform = options.platform ?? process.platform;
    this.reader =
      options.reader !== undefined ? options.reader : platform === 'linux' ? linuxProcReader() : null;
    this.now = options.now ?? Date.now;
    this.every = options.every ?? everyInterval;
    this.gpu = options.gpu !== undefined ? options.gpu : defaultGpuQuery(process.env.PATH);
    this.gpuIntervalMs = Math.max(options.intervalMs, options.gpuIntervalMs ?? GPU_INTERVAL_MIN_MS);
    this.logger = options.logger;
    if (!this.reader) {
      this.unavailable.push(
        `memory, CPU time, process counts and GPU use: no /proc on ${platform} (only Linux is sampled)`,
      );
    }
  }

  attemptStarted(job: PlannedJob, _attempt: number, pid: number, waiter: 'self' | 'service' = 'self'): void {
    let account = this.jobs.get(job.id);
    if (!account) {
      account = new JobAccount(this.options.intervalMs, this.reader !== null);
      this.jobs.set(job.id, account);
    } else if (!account.running) {
      this.idleTicks -= account.ticks;
    }
    account.startAttempt(pid, this.now(), waiter === 'service');
    this.firstStartAt ??= this.now();
    this.running.set(pid, account);
    this.known.delete(pid); // a reused pid is a new process
    if (!this.reader || this.failed) return;
    this.stopTimer ??= this.every(this.options.intervalMs, () => this.sample());
    // A first sample soon after the start, so a job shorter than the interval still gets figures. Not at
    // once: right after spawn the job has only just exec'd (a Python job showed 0 B to a few KiB), so the
    // figure would be its loader's, not its own. One pending sample serves every job started meanwhile, so a
    // thousand short jobs cost a sample per FIRST_SAMPLE_DELAY_MS at most, not one per start.
    if (!this.firstSamplePending) {
      this.firstSamplePending = true;
      const timer = setTimeout(
        () => {
          this.firstSamplePending = false;
          if (this.running.size > 0) this.sample();
        },
        Math.min(this.options.intervalMs, FIRST_SAMPLE_DELAY_MS),
      );
      timer.unref();
    }
  }

  leaderExited(
    job: PlannedJob,
    _attempt: number,
    usage: { userSeconds: number; systemSeconds: number },
  ): void {
    this.jobs
      .get(job.id)
      ?.reportLeader(
        usage.userSeconds * CLOCK_TICKS_PER_SECOND,
        usage.systemSeconds * CLOCK_TICKS_PER_SECOND,
      );
  }

  attemptEnded(job: PlannedJob, _attempt: number): void {
    const account = this.jobs.get(job.id);
    const attempt = account?.running;
    if (!account || !attempt) return;
    if (attempt.reported && this.reader && !this.failed) {
      // The spawn service gave the leader's exact figures and the runner saw the group gone: no /proc scan
      // needed (it would find none of the group); everyone last seen departs, the leader is settled. With a
      // thousand short jobs, this scan was a quarter of the runner's main thread.
      account.observe([]);
    } else {
      // A last look: the leader's exact CPU figures are known once it is gone (the runner waited for it). When
      // no process is left in any running group (this one, and the others' when jobs end together), listing
      // /proc could only find them empty: the look is taken without the listing (after a short job it was the
      // first sample, which reads every process on the machine: ~5 ms). Else every group is sampled as usual.
      this.sample(this.runningGroupsEmpty() ? 'known-empty' : 'list');
    }
    account.endAttempt(this.now());
    this.idleTicks += account.ticks;
    this.running.delete(attempt.leader);
    if (this.running.size === 0) this.stop();
  }

  /** True when the reader can tell, and tells, that no running group has a process left (zombies count). */
  private runningGroupsEmpty(): boolean {
    const reader = this.reader;
    if (!reader?.groupExists) return false;
    for (const pgid of this.running.keys()) if (reader.groupExists(pgid)) return false;
    return true;
  }

  jobResources(job: PlannedJob): JobResources | null {
    const account = this.jobs.get(job.id);
    return account ? account.result(this.unavailable, this.gpu !== null) : null;
  }

  /** The run's totals and timeline; null when no job was sampled. */
  runResources(): RunResources | null {
    if (this.jobs.size === 0) return null;
    const measured = this.reader !== null && this.runSamples > 0;
    let ticks = this.idleTicks;
    for (const account of this.running.values()) ticks += account.ticks;
    const result: RunResources = {
      interval_ms: this.options.intervalMs,
      samples: this.runSamples,
      peak_rss_bytes: measured ? this.runPeakRss : null,
      cpu_seconds: measured ? Math.round((ticks / CLOCK_TICKS_PER_SECOND) * 100) / 100 : null,
      cpu_peak_cores: measured ? Math.round(this.runPeakCores * 100) / 100 : null,
      peak_processes: measured ? this.runPeakProcesses : null,
      timeline: measured ? this.timeline.result() : [],
    };
    if (this.unavailable.length > 0) result.unavailable = [...this.unavailable];
    return result;
  }

  /** Stops the timer (the run is over), lets go of open files, says what sampling cost; figures stay readable. */
  close(): void {
    this.stop();
    if (this.sampleCount === 0 || this.firstStartAt === undefined) return;
    const { samples, cpuMs, coreFraction } = this.cost();
    this.logger?.debug(
      `Resource sampling: ${samples} samples every ${this.options.intervalMs} ms cost ${cpuMs.toFixed(1)} ms of CPU ` +
        `(${(coreFraction * 100).toFixed(3)}% of a core over ${((this.now() - this.firstStartAt) / 1000).toFixed(1)} s).`,
    );
  }

  /** What sampling cost so far: its own CPU time (the sampling thread's) and that as a share of one core. */
  cost(): { samples: number; cpuMs: number; coreFraction: number } {
    const wallMs = this.firstStartAt === undefined ? 0 : this.now() - this.firstStartAt;
    const cpuMs = this.costMicros / 1000;
    return { samples: this.sampleCount, cpuMs, coreFraction: wallMs > 0 ? cpuMs / wallMs : 0 };
  }

  /**
   * One sample of every running group. Public for tests; the timer calls it. `known-empty`: the caller knows
   * every running group is empty (no process is in any of them), so /proc is not listed.
   */
  sample(groups: 'list' | 'known-empty' = 'list'): void {
    if (!this.reader || this.failed || this.running.size === 0) return;
    const before = threadCpuMicros();
    try {
      this.sampleGroups(this.reader, groups === 'list');
      this.costMicros += threadCpuMicros() - before;
    } catch (error) {
      // A fault of ours must never cost a job: sampling stops, the figures so far stay.
      this.failed = true;
      this.stop();
      this.unavailable.push(`sampling stopped after an internal error: ${(error as Error).message}`);
      this.logger?.debug(`Resource sampling stopped: ${(error as Error).stack ?? String(error)}`);
    }
  }

  private sampleGroups(reader: ProcReader, list: boolean): void {
    const pids = list ? reader.pids() : [];
    if (pids === null) return;
    const at = this.now();
    const full = this.sampleCount % FULL_SCAN_EVERY === 0;
    const turn = this.sampleCount % HWM_EVERY;
    this.sampleCount += 1;
    const pageSize = (this.pageSize ??= this.measurePageSize(reader));
    const members = new Map<number, MemberSample[]>();
    const known = new Map<number, number>();
    for (const pid of pids) {
      if (!full && this.known.get(pid) === OTHER) {
        known.set(pid, OTHER);
        continue;
      }
      const text = reader.stat(pid);
      const stat = text === null ? null : parseProcStat(text);
      if (stat === null) continue;
      if (this.running.has(stat.pgrp)) {
        const status = pid % HWM_EVERY === turn ? reader.status(pid) : null;
        const hwmBytes = status === null ? null : parseProcStatus(status).hwmBytes;
        const list = members.get(stat.pgrp) ?? [];
        list.push({ stat, memory: { rssBytes: stat.rssPages * pageSize, hwmBytes } });
        members.set(stat.pgrp, list);
        known.set(pid, WATCH);
      } else {
        known.set(pid, this.running.has(stat.session) ? WATCH : OTHER);
      }
    }
    // Without a listing, what is known of the other processes still holds.
    if (list) this.known = known;
    const kept = new Set<number>();
    for (const list of members.values()) for (const member of list) kept.add(member.stat.pid);
    reader.keep?.(kept);

    const gone: JobAccount[] = [];
    for (const [pgid, account] of this.running) {
      // A leader the spawn service waited for takes its figures from the service (reportLeader), not from us.
      if (account.observe(members.get(pgid) ?? []) && !account.running?.reportedLeader) gone.push(account);
    }
    this.settleLeaders(reader, gone);

    let rss = 0;
    let processes = 0;
    let ticks = this.idleTicks;
    for (const account of this.running.values()) {
      account.finishSample(at, Math.max(CORES_WINDOW_MIN_MS, this.options.intervalMs * 0.9));
      rss += account.lastRss;
      processes += account.lastProcesses;
      ticks += account.ticks;
    }
    this.recordRun(at, rss, processes, ticks);
    this.maybeQueryGpus(at, members);
  }

  /** The page size, from the orchestrator's own resident memory read in pages and in kB. */
  private measurePageSize(reader: ProcReader): number {
    const stat = reader.stat(process.pid);
    const status = reader.status(process.pid);
    return pageSizeOf(
      stat === null ? null : parseProcStat(stat),
      status === null ? null : parseProcStatus(status),
    );
  }

  /**
   * The orchestrator waits for each job's first process; its own cutime/cstime then grow by that process's
   * whole CPU time, children it waited for included (what `/usr/bin/time` reports). When exactly one leader
   * went since the last look, and no nvidia-smi ran meanwhile, that growth is its exact figure.
   */
  private settleLeaders(reader: ProcReader, gone: readonly JobAccount[]): void {
    const text = reader.selfStat();
    const self = text === null ? null : parseProcStat(text);
    if (self === null) return;
    const now = { user: self.cutime, sys: self.cstime };
    const before = this.reaped;
    this.reaped = now;
    if (before && gone.length === 1 && !this.gpuDirty) {
      gone[0].settleLeader(now.user - before.user, now.sys - before.sys);
    }
    if (before && (now.user !== before.user || now.sys !== before.sys || gone.length > 0)) {
      this.gpuDirty = this.gpuInFlight;
    }
  }

  private recordRun(at: number, rss: number, processes: number, ticks: number): void {
    this.runSamples += 1;
    this.firstSampleAt ??= at;
    this.runPeakRss = Math.max(this.runPeakRss, rss);
    this.runPeakProcesses = Math.max(this.runPeakProcesses, processes);
    const window = (this.runWindow ??= { at, ticks });
    const span = at - window.at;
    if (span < Math.max(CORES_WINDOW_MIN_MS, this.options.intervalMs * 0.9)) return;
    const cores = Math.max(0, (ticks - window.ticks) / CLOCK_TICKS_PER_SECOND / (span / 1000));
    this.runPeakCores = Math.max(this.runPeakCores, cores);
    this.runWindow = { at, ticks };
    this.timeline.add((at - this.firstSampleAt) / 1000, rss, cores);
  }

  private maybeQueryGpus(at: number, members: ReadonlyMap<number, MemberSample[]>): void {
    const gpu = this.gpu;
    if (!gpu || this.gpuInFlight || at - this.lastGpuAt < this.gpuIntervalMs) return;
    this.lastGpuAt = at;
    this.gpuInFlight = true;
    this.gpuDirty = true;
    const owners = new Map<number, JobAccount>();
    for (const [pgid, list] of members) {
      const account = this.running.get(pgid);
      if (account) for (const member of list) owners.set(member.stat.pid, account);
    }
    void (async () => {
      const [apps, devices] = await Promise.all([gpu(COMPUTE_APPS_ARGS), gpu(GPU_DEVICES_ARGS)]);
      this.gpuInFlight = false;
      if (apps === null || devices === null) {
        this.gpuFailures += 1;
        if (this.gpuFailures === 3) {
          this.unavailable.push(
            'GPU figures: nvidia-smi failed three times in a row, so it was no longer asked',
          );
          this.logger?.debug('nvidia-smi failed three times in a row: GPU sampling stopped.');
        }
        if (this.gpuFailures >= 3) this.lastGpuAt = Infinity;
        return;
      }
      this.gpuFailures = 0;
      const deviceList = parseGpuDevices(devices);
      const byJob = new Map<JobAccount, ReturnType<typeof parseComputeApps>>();
      for (const app of parseComputeApps(apps)) {
        const account = owners.get(app.pid);
        if (!account) continue;
        const list = byJob.get(account) ?? [];
        list.push(app);
        byJob.set(account, list);
      }
      for (const [account, list] of byJob) account.observeGpus(list, deviceList);
    })().catch((error: Error) => {
      this.gpuInFlight = false;
      this.logger?.debug(`GPU sampling failed: ${error.message}`);
    });
  }

  private stop(): void {
    this.stopTimer?.();
    this.stopTimer = undefined;
    this.reader?.keep?.(new Set());
  }
}

/** CPU time of this thread (the event loop's), where Node can tell it, else of the whole process. */
function threadCpuMicros(): number {
  const usage =
    (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage?.() ?? process.cpuUsage();
  return usage.user + usage.system;
}

/** One unref'd interval timer: the sampler never keeps the process alive. */
function everyInterval(ms: number, tick: () => void): () => void {
  const timer = setInterval(tick, ms);
  timer.unref();
  return () => clearInterval(timer);
}

function defaultGpuQuery(searchPath: string | undefined): GpuQuery | null {
  const executable = findOnPath('nvidia-smi', searchPath);
  return executable ? nvidiaSmiQuery(executable) : null;
}
