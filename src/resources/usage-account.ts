import type { JobGpuUsage, JobResources } from '../model/types.js';
import { CLOCK_TICKS_PER_SECOND, type ProcMemory, type ProcStat } from './sample-proc.js';
import type { GpuApp, GpuDevice } from './sample-gpu.js';

/** One process of a job's group at one sample. */
export interface MemberSample {
  stat: ProcStat;
  /** null when its status could not be read (it exited in between). */
  memory: ProcMemory | null;
}

/** What the sampler last saw of a process: enough to count its CPU once when it goes. */
interface Seen {
  starttime: number;
  ppid: number;
  /** utime + cutime, ticks. */
  user: number;
  /** stime + cstime, ticks. */
  sys: number;
}

/** One attempt's process group, from spawn to its end. */
class AttemptAccount {
  /** Processes seen at the last sample, by pid. */
  seen = new Map<number, Seen>();
  /** CPU of processes gone from the group and not waited for by a member (so no member's cutime holds it). */
  departedUser = 0;
  departedSys = 0;
  /**
   * CPU of processes that went in the same interval as the leader, their last parent being the leader: the
   * leader most likely waited for them, so its exact figure (settleLeader) holds them. Added only if that
   * figure never comes.
   */
  deferredUser = 0;
  deferredSys = 0;
  leaderSettled = false;
  /** The leader is waited for by the spawn service: its exact figures come through reportLeader. */
  reportedLeader = false;
  /** Those figures, in ticks, kept until a sample has seen the leader gone. */
  reported: { user: number; sys: number } | undefined;
  /** CPU of the members at the last sample (own + waited-for children). */
  liveUser = 0;
  liveSys = 0;
  leaderGone = false;
  /** The leader as last seen (zeros if it exited before any sample saw it). */
  leaderLast: Seen = { starttime: -1, ppid: 0, user: 0, sys: 0 };
  /** Where the current window for the peak-cores figure started. */
  windowStart: { at: number; ticks: number };

  constructor(
    readonly leader: number,
    readonly startedAt: number,
  ) {
    this.windowStart = { at: startedAt, ticks: 0 };
  }

  get ticks(): number {
    return this.departedUser + this.departedSys + this.liveUser + this.liveSys;
  }
}

interface GpuAccount {
  index: number;
  uuid: string;
  peakBytes: number | null;
  utilizationSum: number;
  utilizationCount: number;
}

/**
 * The figures of one job over all its attempts. A process's CPU time is counted once: while it lives as its
 * own utime/stime (plus cutime/cstime: the children it waited for, which are dead and so not counted
 * elsewhere); when it goes, its last figures stay in the total unless a member of the group waited for it
 * (its time then moved into that member's cutime/cstime). The leader is waited for by the orchestrator, whose
 * own cutime/cstime then tell its exact final figures (see settleLeader).
 */
export class JobAccount {
  samples = 0;
  private peakRss: number | null = null;
  private peakProcesses: number | null = null;
  private peakCores: number | null = null;
  private doneUser = 0;
  private doneSys = 0;
  private wallMs = 0;
  private current: AttemptAccount | undefined;
  private readonly gpus = new Map<string, GpuAccount>();
  /** The group's resident memory at the last sample (for the run's total). */
  lastRss = 0;
  lastProcesses = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly measured: boolean,
  ) {}

  get running(): AttemptAccount | undefined {
    return this.current;
  }

  /** CPU ticks so far, all attempts (the run's total cores are computed from it). */
  get ticks(): number {
    return this.doneUser + this.doneSys + (this.current?.ticks ?? 0);
  }

  startAttempt(leader: number, at: number, reportedLeader = false): void {
    if (this.current) this.endAttempt(at);
    this.current = new AttemptAccount(leader, at);
    this.current.reportedLeader = reportedLeader;
  }

  /**
   * The leader's exact CPU figures (ticks) from the spawn service's wait4, which waited for it. Applied like
   * settleLeader once a sample has seen the leader gone (its last sampled figures are then known).
   */
  reportLeader(userTicks: number, sysTicks: number): void {
    const attempt = this.current;
    if (!attempt || !attempt.reportedLeader) return;
    attempt.reported = { user: userTicks, sys: sysTicks };
    if (attempt.leaderGone) this.settleLeader(userTicks, sysTicks);
  }

  /**
   * One sample of the running attempt's group. Returns true when the leader has just been seen gone (the
   * orchestrator has waited for it). finishSample completes the sample.
   */
  observe(members: readonly MemberSample[]): boolean {
    const attempt = this.current;
    if (!attempt) return false;
    const present = new Map<number, ProcStat>();
    for (const member of members) present.set(member.stat.pid, member.stat);
    let rss = 0;
    let hwm = 0;
    let user = 0;
    let sys = 0;
    for (const { stat, memory } of members) {
      rss += memory?.rssBytes ?? 0;
      hwm = Math.max(hwm, memory?.hwmBytes ?? 0);
      user += stat.utime + stat.cutime;
      sys += stat.stime + stat.cstime;
    }
    for (const [pid, seen] of attempt.seen) {
      const now = present.get(pid);
      if (now && now.starttime === seen.starttime) continue;
      const waiter = waiterInGroup(pid, attempt.seen, present, attempt.leader);
      if (waiter === 'leader') {
        attempt.deferredUser += seen.user;
        attempt.deferredSys += seen.sys;
      } else if (waiter === 'none') {
        attempt.departedUser += seen.user;
        attempt.departedSys += seen.sys;
      }
      if (pid === attempt.leader) attempt.leaderLast = seen;
    }
    let leaderJustGone = false;
    if (!attempt.leaderGone && !present.has(attempt.leader)) {
      attempt.leaderGone = true;
      leaderJustGone = true;
      // The service's exact figures came first: its last sampled ones are known only now.
      if (attempt.reported) this.settleLeader(attempt.reported.user, attempt.reported.sys);
    }
    const seen = new Map<number, Seen>();
    for (const { stat } of members) {
      seen.set(stat.pid, {
        starttime: stat.starttime,
        ppid: stat.ppid,
        user: stat.utime + stat.cutime,
        sys: stat.stime + stat.cstime,
      });
    }
    attempt.seen = seen;
    attempt.liveUser = user;
    attempt.liveSys = sys;

    this.samples += 1;
    this.lastRss = rss;
    this.lastProcesses = members.length;
    this.peakRss = Math.max(this.peakRss ?? 0, rss, hwm);
    this.peakProcesses = Math.max(this.peakProcesses ?? 0, members.length);
    return leaderJustGone;
  }

  /**
   * Ends a sample: the peak-cores window closes once it spans `windowMs` (ticks are 10 ms: a shorter span
   * would exaggerate).
   */
  finishSample(at: number, windowMs: number): void {
    const attempt = this.current;
    if (!attempt) return;
    const span = at - attempt.windowStart.at;
    if (span >= windowMs && span > 0) {
      const cores = (attempt.ticks - attempt.windowStart.ticks) / CLOCK_TICKS_PER_SECOND / (span / 1000);
      this.peakCores = Math.max(this.peakCores ?? 0, Math.max(0, cores));
      attempt.windowStart = { at, ticks: attempt.ticks };
    }
  }

  /**
   * The leader's exact CPU figures, known from the orchestrator's own cutime/cstime growing when it waited for
   * it: they replace its last sampled ones (which miss whatever it and its waited-for children did after).
   */
  settleLeader(userTicks: number, sysTicks: number): void {
    const attempt = this.current;
    if (!attempt || attempt.leaderSettled) return;
    attempt.leaderSettled = true;
    // The sampled figures (leader's last plus what it probably waited for) are a floor: keep the larger.
    const user = attempt.leaderLast.user + attempt.deferredUser;
    const sys = attempt.leaderLast.sys + attempt.deferredSys;
    attempt.departedUser += Math.max(userTicks, user) - attempt.leaderLast.user;
    attempt.departedSys += Math.max(sysTicks, sys) - attempt.leaderLast.sys;
    attempt.deferredUser = attempt.deferredSys = 0;
  }

  /** Memory per device of this job's processes, and the devices' utilisation, at one nvidia-smi sample. */
  observeGpus(apps: readonly GpuApp[], devices: readonly GpuDevice[]): void {
    const used = new Map<string, number | null>();
    for (const app of apps) {
      const before = used.get(app.uuid);
      used.set(app.uuid, app.usedBytes === null ? (before ?? null) : (before ?? 0) + app.usedBytes);
    }
    for (const [uuid, bytes] of used) {
      const device = devices.find((d) => d.uuid === uuid);
      let account = this.gpus.get(uuid);
      if (!account) {
        account = {
          index: device?.index ?? -1,
          uuid,
          peakBytes: null,
          utilizationSum: 0,
          utilizationCount: 0,
        };
        this.gpus.set(uuid, account);
      }
      if (bytes !== null) account.peakBytes = Math.max(account.peakBytes ?? 0, bytes);
      if (device?.utilizationPercent != null) {
        account.utilizationSum += device.utilizationPercent;
        account.utilizationCount += 1;
      }
    }
  }

  endAttempt(at: number): void {
    const attempt = this.current;
    if (!attempt) return;
    // No exact figure for the leader: what it probably waited for counts as sampled.
    attempt.departedUser += attempt.deferredUser;
    attempt.departedSys += attempt.deferredSys;
    this.doneUser += attempt.departedUser + attempt.liveUser;
    this.doneSys += attempt.departedSys + attempt.liveSys;
    this.wallMs += Math.max(0, at - attempt.startedAt);
    this.current = undefined;
    this.lastRss = 0;
    this.lastProcesses = 0;
  }

  /** The figures so far; every number null when nothing could be measured here. */
  result(unavailable: readonly string[], withGpus: boolean): JobResources {
    const measured = this.measured && this.samples > 0;
    const user =
      (this.doneUser + (this.current ? this.current.departedUser + this.current.liveUser : 0)) /
      CLOCK_TICKS_PER_SECOND;
    const sys =
      (this.doneSys + (this.current ? this.current.departedSys + this.current.liveSys : 0)) /
      CLOCK_TICKS_PER_SECOND;
    const resources: JobResources = {
      interval_ms: this.intervalMs,
      samples: this.samples,
      // No sample saw a process of the group (a job over before its first sample): its memory is unknown,
      // not 0 B. Its CPU figures still hold (they come from whoever waited for it).
      peak_rss_bytes: measured && (this.peakProcesses ?? 0) > 0 ? this.peakRss : null,
      cpu_user_seconds: measured ? round(user, 2) : null,
      cpu_system_seconds: measured ? round(sys, 2) : null,
      cpu_avg_cores: measured && this.wallMs > 0 ? round((user + sys) / (this.wallMs / 1000), 2) : null,
      cpu_peak_cores: measured ? round(this.peakCores ?? 0, 2) : null,
      peak_processes: measured ? this.peakProcesses : null,
    };
    if (withGpus) {
      resources.gpus = [...this.gpus.values()]
        .sort((a, b) => a.index - b.index || a.uuid.localeCompare(b.uuid))
        .map((gpu): JobGpuUsage => ({
          index: gpu.index,
          uuid: gpu.uuid,
          peak_memory_bytes: gpu.peakBytes,
          avg_utilization_percent:
            gpu.utilizationCount > 0 ? round(gpu.utilizationSum / gpu.utilizationCount, 1) : null,
        }));
    }
    if (unavailable.length > 0) resources.unavailable = [...unavailable];
    return resources;
  }
}

/**
 * Who waited for a process gone from the group: a member (its parent, or, if the parent went too, the
 * nearest ancestor through the departed ones, is still in the group: its time is then in that member's
 * cutime/cstime, and counting its last figures too would count it twice), the leader that went in the same
 * interval, or nobody we see (init, a subreaper, or the orchestrator for the leader itself).
 */
function waiterInGroup(
  pid: number,
  seen: ReadonlyMap<number, Seen>,
  present: ReadonlyMap<number, ProcStat>,
  leader: number,
): 'member' | 'leader' | 'none' {
  if (pid === leader) return 'none';
  let parent = seen.get(pid)?.ppid;
  for (let depth = 0; parent !== undefined && depth < 64; depth += 1) {
    if (present.has(parent)) return 'member';
    if (parent === leader) return 'leader';
    parent = seen.get(parent)?.ppid;
  }
  return 'none';
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
