import { spawn } from 'node:child_process';
import fc from 'fast-check';
import type { PlannedJob } from '../../src/model/types.js';
import { FIRST_SAMPLE_DELAY_MS, UsageMonitor } from '../../src/resources/usage-monitor.js';
import {
  linuxProcReader,
  pageSizeOf,
  parseProcStat,
  parseProcStatus,
  type ProcReader,
} from '../../src/resources/sample-proc.js';
import { ResourceTimeline, RESOURCE_TIMELINE_MAX_POINTS } from '../../src/resources/usage-timeline.js';
import { parseComputeApps, parseGpuDevices } from '../../src/resources/sample-gpu.js';

/** One fake process; times in ticks (100 a second), memory in pages of 4 KiB. */
interface FakeProc {
  pid: number;
  ppid: number;
  pgrp: number;
  session?: number;
  utime?: number;
  stime?: number;
  cutime?: number;
  cstime?: number;
  start?: number;
  rssPages?: number;
  hwmKb?: number;
}

const ORCHESTRATOR = 100;

function statLine(p: FakeProc): string {
  // 52 fields, as Linux prints them; the command name holds a space and a parenthesis on purpose.
  const fields = new Array<string>(50).fill('0');
  const set = (n: number, v: number) => (fields[n - 3] = String(v));
  fields[0] = 'S';
  set(4, p.ppid);
  set(5, p.pgrp);
  set(6, p.session ?? p.pgrp);
  set(14, p.utime ?? 0);
  set(15, p.stime ?? 0);
  set(16, p.cutime ?? 0);
  set(17, p.cstime ?? 0);
  set(22, p.start ?? p.pid);
  set(24, p.rssPages ?? 0);
  return `${p.pid} (py thon) x) ${fields.join(' ')}\n`;
}

/** A /proc that tests change between samples; counts reads, to check what the sampler skips. */
class FakeSystem implements ProcReader {
  procs = new Map<number, FakeProc>();
  /** The orchestrator's cutime/cstime: what it has reaped so far. */
  reaped = { user: 0, sys: 0 };
  statReads = new Map<number, number>();
  set(...procs: FakeProc[]): void {
    for (const p of procs) this.procs.set(p.pid, p);
  }
  remove(...pids: number[]): void {
    for (const pid of pids) this.procs.delete(pid);
  }
  pids(): number[] {
    return [...this.procs.keys()];
  }
  stat(pid: number): string | null {
    this.statReads.set(pid, (this.statReads.get(pid) ?? 0) + 1);
    const p = this.procs.get(pid);
    return p ? statLine(p) : null;
  }
  status(pid: number): string | null {
    const p = this.procs.get(pid);
    if (!p) return null;
    return `Name:\tpython\nVmHWM:\t  ${p.hwmKb ?? 0} kB\nVmRSS:\t  ${(p.rssPages ?? 0) * 4} kB\n`;
  }
  selfStat(): string | null {
    return statLine({
      pid: ORCHESTRATOR,
      ppid: 1,
      pgrp: 1,
      cutime: this.reaped.user,
      cstime: this.reaped.sys,
    });
  }
}

function plannedJob(id: string): PlannedJob {
  return { id } as PlannedJob;
}

/** A monitor over the fake system, sampled by hand, with a hand-moved clock. */
function monitorOn(system: FakeSystem, intervalMs = 200) {
  const clock = { now: 0 };
  const monitor = new UsageMonitor({
    intervalMs,
    reader: system,
    now: () => clock.now,
    every: () => () => {},
    gpu: null,
  });
  return { monitor, clock };
}

const MIB = 1024 * 1024;

describe('parsing /proc', () => {
  test('a stat line whose command holds spaces and parentheses', () => {
    const stat = parseProcStat(statLine({ pid: 7, ppid: 3, pgrp: 7, utime: 5, cstime: 2, rssPages: 10 }));
    expect(stat).toMatchObject({ pid: 7, ppid: 3, pgrp: 7, session: 7, utime: 5, cstime: 2, rssPages: 10 });
  });
  test.each(['', 'garbage', '12 (x) S 1 2', '12 x) S'])('not a stat line: %p', (text) => {
    expect(parseProcStat(text)).toBeNull();
  });
  test('status: VmRSS and VmHWM in bytes; a zombie has neither', () => {
    expect(parseProcStatus('VmHWM:\t 2048 kB\nVmRSS:\t 1024 kB\n')).toEqual({
      rssBytes: 1024 * 1024,
      hwmBytes: 2048 * 1024,
    });
    expect(parseProcStatus('Name:\tz\nState:\tZ (zombie)\n')).toEqual({ rssBytes: null, hwmBytes: null });
  });
  test.each([
    [1000, 4096 * 1000, 4096],
    [10, 65536 * 10, 65536],
    [0, 100, 4096],
  ])('page size from %p pages = %p bytes', (pages, bytes, expected) => {
    const stat = parseProcStat(statLine({ pid: 1, ppid: 0, pgrp: 1, rssPages: pages }));
    expect(pageSizeOf(stat, { rssBytes: bytes, hwmBytes: null })).toBe(expected);
  });
});

describe('counting a job group', () => {
  test('a child waited for by a member is counted once (in the parent), not again when it goes', () => {
    const system = new FakeSystem();
    const { monitor, clock } = monitorOn(system);
    const job = plannedJob('a');
    system.set(
      { pid: 10, ppid: ORCHESTRATOR, pgrp: 10, utime: 10 },
      { pid: 11, ppid: 10, pgrp: 10, utime: 50 },
    );
    monitor.attemptStarted(job, 1, 10);
    monitor.sample();
    // The child ends (100 ticks in all) and the leader waits for it: its time moves to the leader's cutime.
    system.remove(11);
    system.set({ pid: 10, ppid: ORCHESTRATOR, pgrp: 10, utime: 10, cutime: 100 });
    clock.now = 200;
    monitor.sample();
    // The leader ends; the orchestrator waited for it: 10 own + 100 of the child + 5 more since.
    system.remove(10);
    system.reaped = { user: 115, sys: 0 };
    clock.now = 400;
    monitor.attemptEnded(job, 1);
    expect(monitor.jobResources(job)?.cpu_user_seconds).toBe(1.15);
  });

  test('a child and the leader that waited for it going in the same interval: the exact figure, not both', () => {
    const system = new FakeSystem();
    const { monitor, clock } = monitorOn(system);
    const job = plannedJob('a');
    system.set(
      { pid: 10, ppid: ORCHESTRATOR, pgrp: 10, utime: 5 },
      { pid: 11, ppid: 10, pgrp: 10, utime: 150 },
    );
    monitor.attemptStarted(job, 1, 10);
    monitor.sample();
    system.remove(10, 11);
    system.reaped = { user: 205, sys: 3 };
    clock.now = 1000;
    monitor.attemptEnded(job, 1);
    const resources = monitor.jobResources(job);
    expect(resources?.cpu_user_seconds).toBe(2.05);
    expect(resources?.cpu_system_seconds).toBe(0.03);
    expect(resources?.cpu_avg_cores).toBe(2.08);
  });

  test('two leaders gone at once: no exact figure for either, the sampled ones are kept', () => {
    const system = new FakeSystem();
    const { monitor, clock } = monitorOn(system);
    const [a, b] = [plannedJob('a'), plannedJob('b')];
    system.set(
      { pid: 10, ppid: ORCHESTRATOR, pgrp: 10, utime: 40 },
      { pid: 11, ppid: 10, pgrp: 10, utime: 60 },
      { pid: 20, ppid: ORCHESTRATOR, pgrp: 20, utime: 30 },
    );
    monitor.attemptStarted(a, 1, 10);
    monitor.attemptStarted(b, 1, 20);
    monitor.sample();
    system.remove(10, 11, 20);
    system.reaped = { user: 500, sys: 0 };
    clock.now = 1000;
    monitor.attemptEnded(a, 1);
    monitor.attemptEnded(b, 1);
    expect(monitor.jobResources(a)?.cpu_user_seconds).toBe(1);
    expect(monitor.jobResources(b)?.cpu_user_seconds).toBe(0.3);
  });

  test('an orphan (re-parented to init) that dies later keeps its last sampled time', () => {
    const system = new FakeSystem();
    const { monitor, clock } = monitorOn(system);
    const job = plannedJob('a');
    system.set(
      { pid: 10, ppid: ORCHESTRATOR, pgrp: 10, utime: 10 },
      { pid: 11, ppid: 10, pgrp: 10, utime: 20 },
    );
    monitor.attemptStarted(job, 1, 10);
    monitor.sample();
    system.remove(10);
    system.reaped = { user: 12, sys: 0 };
    system.set({ pid: 11, ppid: 1, pgrp: 10, utime: 70 });
    clock.now = 200;
    monitor.sample();
    system.remove(11);
    clock.now = 400;
    monitor.attemptEnded(job, 1);
    expect(monitor.jobResources(job)?.cpu_user_seconds).toBe(0.82);
  });

  test('a reused pid is a new process: the old one is counted when it goes', () => {
    const system = new FakeSystem();
    const { monitor, clock } = monitorOn(system);
    const job = plannedJob('a');
    system.set(
      { pid: 10, ppid: ORCHESTRATOR, pgrp: 10 },
      { pid: 11, ppid: 1, pgrp: 10, utime: 30, start: 1 },
    );
    monitor.attemptStarted(job, 1, 10);
    monitor.sample();
    system.set({ pid: 11, ppid: 1, pgrp: 10, utime: 5, start: 2 });
    clock.now = 200;
    monitor.sample();
    system.remove(10, 11);
    clock.now = 400;
    monitor.attemptEnded(job, 1);
    expect(monitor.jobResources(job)?.cpu_user_seconds).toBe(0.35);
  });

  test('peak memory: the larger of the summed resident memory and one process’s own high-water mark', () => {
    const system = new FakeSystem();
    const { monitor, clock } = monitorOn(system);
    const job = plannedJob('a');
    // 100 MiB + 50 MiB resident together; one process once held 400 MiB between samples (VmHWM).
    system.set(
      { pid: 10, ppid: ORCHESTRATOR, pgrp: 10, rssPages: 25_600, hwmKb: 400 * 1024 },
      { pid: 11, ppid: 10, pgrp: 10, rssPages: 12_800, hwmKb: 50 * 1024 },
    );
    monitor.attemptStarted(job, 1, 10);
    for (let i = 0; i < 5; i += 1) {
      clock.now += 200;
      monitor.sample();
    }
    expect(monitor.jobResources(job)?.peak_rss_bytes).toBe(400 * MIB);
    expect(monitor.jobResources(job)?.peak_processes).toBe(2);
    system.set({ pid: 10, ppid: ORCHESTRATOR, pgrp: 10, rssPages: 128_000, hwmKb: 400 * 1024 });
    clock.now += 200;
    monitor.sample();
    expect(monitor.jobResources(job)?.peak_rss_bytes).toBe(550 * MIB);
  });

  test('processes of other groups: read once, then left alone; same session, other group: read every time', () => {
    const system = new FakeSystem();
    const { monitor, clock } = monitorOn(system);
    const job = plannedJob('a');
    system.set(
      { pid: 10, ppid: ORCHESTRATOR, pgrp: 10 },
      { pid: 500, ppid: 1, pgrp: 500 }, // somebody else's
      { pid: 12, ppid: 10, pgrp: 12, session: 10, rssPages: 99_999 }, // left the group, still in the session
    );
    monitor.attemptStarted(job, 1, 10);
    for (let i = 0; i < 10; i += 1) {
      clock.now += 200;
      monitor.sample();
    }
    expect(system.statReads.get(500)).toBe(1);
    expect(system.statReads.get(12)).toBeGreaterThanOrEqual(10);
    // Not in the group: its memory is not the job's.
    expect(monitor.jobResources(job)?.peak_rss_bytes).toBe(0);
  });

  test('retries: CPU times add up over attempts, peaks are maxima', () => {
    const system = new FakeSystem();
    const { monitor, clock } = monitorOn(system);
    const job = plannedJob('a');
    for (const [attempt, pid] of [
      [1, 10],
      [2, 20],
    ]) {
      system.set({ pid, ppid: ORCHESTRATOR, pgrp: pid, utime: 50, rssPages: pid * 256 });
      monitor.attemptStarted(job, attempt, pid);
      clock.now += 500;
      monitor.sample();
      system.remove(pid);
      system.reaped = { user: system.reaped.user + 100, sys: 0 };
      clock.now += 500;
      monitor.attemptEnded(job, attempt);
    }
    const resources = monitor.jobResources(job);
    expect(resources?.cpu_user_seconds).toBe(2);
    expect(resources?.peak_rss_bytes).toBe(20 * MIB);
    expect(resources?.cpu_avg_cores).toBe(1);
  });

  test('no /proc (macOS, Windows): every figure null, and `unavailable` says why', () => {
    const monitor = new UsageMonitor({ intervalMs: 200, reader: null, platform: 'darwin', gpu: null });
    const job = plannedJob('a');
    monitor.attemptStarted(job, 1, 10);
    monitor.attemptEnded(job, 1);
    const resources = monitor.jobResources(job);
    expect(resources).toMatchObject({ samples: 0, peak_rss_bytes: null, cpu_user_seconds: null });
    expect(resources?.unavailable?.[0]).toMatch(/no \/proc on darwin/);
    expect(monitor.runResources()?.unavailable).toEqual(resources?.unavailable);
  });

  test('a reader that throws stops sampling; the job is not affected and the fault is named', () => {
    const system = new FakeSystem();
    system.pids = () => {
      throw new Error('boom');
    };
    const { monitor } = monitorOn(system);
    const job = plannedJob('a');
    monitor.attemptStarted(job, 1, 10);
    expect(() => monitor.sample()).not.toThrow();
    expect(() => monitor.attemptEnded(job, 1)).not.toThrow();
    expect(monitor.jobResources(job)?.unavailable?.[0]).toMatch(
      /sampling stopped after an internal error: boom/,
    );
  });

  test('a job that never started has no figures', () => {
    const { monitor } = monitorOn(new FakeSystem());
    expect(monitor.jobResources(plannedJob('never'))).toBeNull();
    expect(monitor.runResources()).toBeNull();
  });
});

describe('GPUs (nvidia-smi)', () => {
  test('parses the two queries; [N/A] and junk lines are tolerated', () => {
    expect(parseComputeApps('123, GPU-a, 1024\n\n456, GPU-b, [N/A]\nnot a row\n')).toEqual([
      { pid: 123, uuid: 'GPU-a', usedBytes: 1024 * MIB },
      { pid: 456, uuid: 'GPU-b', usedBytes: null },
    ]);
    expect(parseGpuDevices('0, GPU-a, 87\n1, GPU-b, [Not Supported]\nx, y, z\n')).toEqual([
      { index: 0, uuid: 'GPU-a', utilizationPercent: 87 },
      { index: 1, uuid: 'GPU-b', utilizationPercent: null },
    ]);
  });

  test('each job gets the memory of its own processes per device, and the device utilisation averaged', async () => {
    const system = new FakeSystem();
    const answers = [
      ['10, GPU-a, 100\n11, GPU-a, 50\n20, GPU-b, 10\n999, GPU-a, 4000\n', '0, GPU-a, 40\n1, GPU-b, 90\n'],
      ['10, GPU-a, 300\n', '0, GPU-a, 60\n1, GPU-b, 10\n'],
    ];
    let call = 0;
    const gpu = async (args: readonly string[]) => {
      const round = answers[Math.min(Math.floor(call++ / 2), answers.length - 1)];
      return args[0].startsWith('--query-compute-apps') ? round[0] : round[1];
    };
    const clock = { now: 0 };
    const monitor = new UsageMonitor({
      intervalMs: 200,
      reader: system,
      now: () => clock.now,
      every: () => () => {},
      gpu,
      gpuIntervalMs: 1000,
    });
    const [a, b] = [plannedJob('a'), plannedJob('b')];
    system.set(
      { pid: 10, ppid: ORCHESTRATOR, pgrp: 10 },
      { pid: 11, ppid: 10, pgrp: 10 },
      { pid: 20, ppid: ORCHESTRATOR, pgrp: 20 },
    );
    monitor.attemptStarted(a, 1, 10);
    monitor.attemptStarted(b, 1, 20);
    for (let i = 0; i < 2; i += 1) {
      monitor.sample();
      await new Promise((resolve) => setImmediate(resolve));
      clock.now += 1000;
    }
    expect(monitor.jobResources(a)?.gpus).toEqual([
      { index: 0, uuid: 'GPU-a', peak_memory_bytes: 300 * MIB, avg_utilization_percent: 50 },
    ]);
    expect(monitor.jobResources(b)?.gpus).toEqual([
      { index: 1, uuid: 'GPU-b', peak_memory_bytes: 10 * MIB, avg_utilization_percent: 90 },
    ]);
  });
});

describe('the first sample after a start', () => {
  /** A FakeSystem that counts how often /proc was listed: once per sample. */
  class CountingSystem extends FakeSystem {
    listings = 0;
    override pids(): number[] {
      this.listings += 1;
      return super.pids();
    }
  }
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

  function monitorOn(system: FakeSystem, intervalMs = 60_000): UsageMonitor {
    // The interval timer never fires here: only the first-sample logic samples.
    return new UsageMonitor({ intervalMs, reader: system, every: () => () => {}, gpu: null });
  }

  test("is not taken right after spawn (the job has only just exec'd) but soon after", async () => {
    const system = new CountingSystem();
    system.set({ pid: 10, ppid: ORCHESTRATOR, pgrp: 10, rssPages: 2560 });
    const monitor = monitorOn(system);
    monitor.attemptStarted(plannedJob('short'), 1, 10);
    await nextTurn();
    expect(system.listings).toBe(0);
    await wait(FIRST_SAMPLE_DELAY_MS + 50);
    expect(system.listings).toBe(1);
    expect(monitor.jobResources(plannedJob('short'))?.peak_rss_bytes).toBe(2560 * 4096);
  });

  test('one sample serves every job started meanwhile: starts in separate turns do not each cost one', async () => {
    const system = new CountingSystem();
    const monitor = monitorOn(system);
    for (let i = 0; i < 20; i += 1) {
      const pid = 10 + i;
      system.set({ pid, ppid: ORCHESTRATOR, pgrp: pid, rssPages: 100 });
      monitor.attemptStarted(plannedJob(`job${i}`), 1, pid);
      await nextTurn();
    }
    await wait(FIRST_SAMPLE_DELAY_MS + 50);
    expect(system.listings).toBeGreaterThanOrEqual(1);
    expect(system.listings).toBeLessThanOrEqual(2);
    for (let i = 0; i < 20; i += 1)
      expect(monitor.jobResources(plannedJob(`job${i}`))?.samples).toBeGreaterThanOrEqual(1);
  });

  test('a job no sample saw has no memory figure (null, not 0 B); its CPU figures stay', () => {
    const system = new CountingSystem();
    const monitor = monitorOn(system);
    monitor.attemptStarted(plannedJob('gone'), 1, 10); // process 10 is already gone at every sample
    system.reaped = { user: 3, sys: 1 };
    monitor.attemptEnded(plannedJob('gone'), 1);
    const resources = monitor.jobResources(plannedJob('gone'));
    expect(resources?.samples).toBeGreaterThan(0);
    expect(resources?.peak_rss_bytes).toBeNull();
    expect(resources?.peak_processes).toBe(0);
    expect(resources?.cpu_user_seconds).not.toBeNull();
  });

  test('comes at the interval when that is shorter, and not at all once every job has ended', async () => {
    const system = new CountingSystem();
    system.set({ pid: 10, ppid: ORCHESTRATOR, pgrp: 10 });
    const monitor = monitorOn(system, 20);
    monitor.attemptStarted(plannedJob('a'), 1, 10);
    system.remove(10);
    monitor.attemptEnded(plannedJob('a'), 1);
    const afterEnd = system.listings;
    await wait(FIRST_SAMPLE_DELAY_MS + 50);
    expect(system.listings).toBe(afterEnd);
  });
});

describe('the run timeline', () => {
  test('stays within its bound however many samples, keeps the peak memory and the mean cores', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), (n) => {
        const timeline = new ResourceTimeline();
        for (let i = 0; i < n; i += 1) timeline.add(i / 5, i === 1234 ? 999 : 1, 2);
        const points = timeline.result();
        expect(points.length).toBeLessThanOrEqual(RESOURCE_TIMELINE_MAX_POINTS);
        if (n > 0) expect(points[0][0]).toBe(0);
        for (const point of points) expect(point[2]).toBe(2);
        expect(Math.max(0, ...points.map((p) => p[1]))).toBe(n > 1234 ? 999 : n > 0 ? 1 : 0);
        for (let i = 1; i < points.length; i += 1) expect(points[i][0]).toBeGreaterThan(points[i - 1][0]);
      }),
      { numRuns: 40 },
    );
  });
});

describe("the last look at an attempt's end", () => {
  /** Counts listings of /proc; with `groups`, also answers whether a process group has any process left. */
  class EndSystem extends FakeSystem {
    listings = 0;
    override pids(): number[] {
      this.listings += 1;
      return super.pids();
    }
    groupExists?(pgid: number): boolean;
  }
  function system(groups: boolean): EndSystem {
    const fake = new EndSystem();
    if (groups) fake.groupExists = (pgid) => [...fake.procs.values()].some((p) => p.pgrp === pgid);
    return fake;
  }

  interface Run {
    fake: EndSystem;
    monitor: UsageMonitor;
    clock: { now: number };
    /** attemptEnded, counting the listings it made. */
    end(job: PlannedJob, attempt: number): void;
  }
  /** Each returns the jobs whose figures are compared. */
  const scenarios: Array<[string, (run: Run) => PlannedJob[], number]> = [
    [
      'a job over before any sample',
      ({ fake, monitor, end }) => {
        const job = plannedJob('a');
        fake.set({ pid: 10, ppid: ORCHESTRATOR, pgrp: 10 });
        monitor.attemptStarted(job, 1, 10);
        fake.remove(10);
        fake.reaped = { user: 3, sys: 1 };
        end(job, 1);
        return [job];
      },
      0,
    ],
    [
      'a job sampled twice: its child went, then the leader',
      ({ fake, monitor, clock, end }) => {
        const job = plannedJob('a');
        fake.set(
          { pid: 10, ppid: ORCHESTRATOR, pgrp: 10, utime: 10, rssPages: 300 },
          { pid: 11, ppid: 10, pgrp: 10, utime: 50, rssPages: 500, hwmKb: 4000 },
        );
        monitor.attemptStarted(job, 1, 10);
        monitor.sample();
        fake.remove(11);
        fake.set({ pid: 10, ppid: ORCHESTRATOR, pgrp: 10, utime: 10, cutime: 100 });
        clock.now = 200;
        monitor.sample();
        fake.remove(10);
        fake.reaped = { user: 115, sys: 2 };
        clock.now = 400;
        end(job, 1);
        return [job];
      },
      0,
    ],
    [
      'a retried job',
      ({ fake, monitor, clock, end }) => {
        const job = plannedJob('a');
        for (const [attempt, pid] of [
          [1, 10],
          [2, 20],
        ]) {
          fake.set({ pid, ppid: ORCHESTRATOR, pgrp: pid, utime: 50, rssPages: pid * 256 });
          monitor.attemptStarted(job, attempt, pid);
          clock.now += 500;
          monitor.sample();
          fake.remove(pid);
          fake.reaped = { user: fake.reaped.user + 100, sys: 0 };
          clock.now += 500;
          end(job, attempt);
        }
        return [job];
      },
      0,
    ],
    [
      'two jobs: the first ends while the other runs (listed), the other ends alone (not listed)',
      ({ fake, monitor, clock, end }) => {
        const [a, b] = [plannedJob('a'), plannedJob('b')];
        fake.set(
          { pid: 10, ppid: ORCHESTRATOR, pgrp: 10, utime: 40, rssPages: 100 },
          { pid: 20, ppid: ORCHESTRATOR, pgrp: 20, utime: 30, rssPages: 200 },
        );
        monitor.attemptStarted(a, 1, 10);
        monitor.attemptStarted(b, 1, 20);
        monitor.sample();
        fake.remove(10);
        fake.reaped = { user: 45, sys: 0 };
        clock.now = 500;
        end(a, 1);
        fake.remove(20);
        fake.reaped = { user: 80, sys: 0 };
        clock.now = 900;
        end(b, 1);
        return [a, b];
      },
      1,
    ],
    [
      'two jobs ending together (both reaped before either end is handled): neither end lists',
      ({ fake, monitor, clock, end }) => {
        const [a, b] = [plannedJob('a'), plannedJob('b')];
        fake.set(
          { pid: 10, ppid: ORCHESTRATOR, pgrp: 10, utime: 40, rssPages: 100 },
          { pid: 11, ppid: 10, pgrp: 10, utime: 60 },
          { pid: 20, ppid: ORCHESTRATOR, pgrp: 20, utime: 30, rssPages: 200 },
        );
        monitor.attemptStarted(a, 1, 10);
        monitor.attemptStarted(b, 1, 20);
        monitor.sample();
        fake.remove(10, 11, 20);
        fake.reaped = { user: 500, sys: 0 };
        clock.now = 1000;
        end(a, 1);
        end(b, 1);
        return [a, b];
      },
      0,
    ],
    [
      'a process still in the group at the end (a zombie, or one SIGKILL has not finished yet): listed',
      ({ fake, monitor, clock, end }) => {
        const job = plannedJob('a');
        fake.set(
          { pid: 10, ppid: ORCHESTRATOR, pgrp: 10, utime: 10 },
          { pid: 11, ppid: 10, pgrp: 10, utime: 20, rssPages: 50 },
        );
        monitor.attemptStarted(job, 1, 10);
        monitor.sample();
        fake.remove(10);
        fake.reaped = { user: 12, sys: 0 };
        clock.now = 300;
        end(job, 1);
        return [job];
      },
      1,
    ],
  ];

  function replay(groups: boolean, scenario: (run: Run) => PlannedJob[]) {
    const fake = system(groups);
    const { monitor, clock } = monitorOn(fake);
    let listingsAtEnd = 0;
    const end = (job: PlannedJob, attempt: number) => {
      const before = fake.listings;
      monitor.attemptEnded(job, attempt);
      listingsAtEnd += fake.listings - before;
    };
    const jobs = scenario({ fake, monitor, clock, end });
    return {
      figures: { jobs: jobs.map((job) => monitor.jobResources(job)), run: monitor.runResources() },
      listingsAtEnd,
    };
  }

  // Each scenario twice: with a reader that cannot tell whether a group exists (so every end lists /proc, as
  // before), and with one that can. Same figures; a listing only where a group may still hold a process.
  test.each(scenarios)('%s', (_name, scenario, listings) => {
    const listed = replay(false, scenario);
    const looked = replay(true, scenario);
    expect(looked.figures).toEqual(listed.figures);
    expect(looked.listingsAtEnd).toBe(listings);
  });

  test('the real reader: a group with a process exists, one whose processes are all gone does not', async () => {
    const reader = linuxProcReader();
    const child = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    const pid = child.pid as number;
    try {
      expect(reader.groupExists?.(pid)).toBe(true);
    } finally {
      child.kill('SIGKILL');
    }
    await new Promise((resolve) => child.once('exit', resolve));
    expect(reader.groupExists?.(pid)).toBe(false);
  });
});
