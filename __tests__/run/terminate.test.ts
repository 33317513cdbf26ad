import fs from 'node:fs';
import path from 'node:path';
import { runPlan } from '../../src/run/run-plan.js';
import type { RunEvent } from '../../src/run/types.js';
import {
  alive,
  eventsOf,
  gone,
  plan,
  readLog,
  readPids,
  scriptJob,
  tempDir,
  waitForFile,
} from './helpers.js';

/**
 * Timeouts, cancellation and leftovers, with real process trees: a child whose grandchild ignores SIGTERM must
 * not survive any of them. Grace periods are injected small to keep the suite fast.
 */
describe('terminating process groups', () => {
  let wd: string;
  beforeEach(() => {
    wd = tempDir();
  });
  afterEach(() => {
    fs.rmSync(wd, { recursive: true, force: true });
  });

  test('a timeout ends the whole group (SIGTERM, then SIGKILL for the grandchild that ignores it): timed_out', async () => {
    const pids = path.join(wd, 'pids');
    const [result] = await runPlan(
      // 0.06 min = 3.6 s: room for two Python start-ups on a busy machine before the limit.
      plan([scriptJob(wd, 'slow', 'grandchild.py', [pids], { timeoutMinutes: 0.06 })]),
      { workingDirectory: wd, parallel: false, maxWorkers: 1, timeoutKillGraceMs: 300 },
    );

    expect(result.status).toBe('timed_out');
    expect(result.attempts.map((a) => a.status)).toEqual(['timed_out']);
    const [child, grandchild] = readPids(pids);
    expect(await gone([child, grandchild])).toBe(true);
    const log = readLog(wd, 'slow');
    expect(log).toContain('child started grandchild');
    expect(log).toMatch(/^--- timed out after 3\.6s: SIGTERM to the process group, SIGKILL in 0\.3s$/m);
    expect(log).toMatch(/^--- SIGKILL to the process group$/m);
    expect(log).toMatch(/^=== attempt 1\/1 · timed out · timed out after 3\.6s · [\d.]+s ===$/m);
    expect(result.tail).toContain('grandchild ignoring SIGTERM');
  });

  test('a timed-out attempt counts as failed and is retried', async () => {
    const events: RunEvent[] = [];
    const [result] = await runPlan(
      plan([scriptJob(wd, 'sleepy', 'sleep.py', ['300'], { timeoutMinutes: 0.02, retries: 1 })]),
      {
        workingDirectory: wd,
        parallel: false,
        maxWorkers: 1,
        timeoutKillGraceMs: 200,
        retryDelayMs: 10,
        onEvent: (e) => events.push(e),
      },
    );
    expect(result.status).toBe('timed_out');
    expect(result.attempts.map((a) => a.status)).toEqual(['timed_out', 'timed_out']);
    expect(eventsOf(events, 'job-retry').map((e) => e.reason)).toEqual(['timed out after 1.2s']);
    expect(readLog(wd, 'sleepy').match(/^=== attempt \d\/2 · timed out · /gm)).toHaveLength(2);
  });

  test('a job that exits but leaves a grandchild holding its pipes: the run does not hang, the grandchild dies', async () => {
    const pids = path.join(wd, 'pids');
    const [result] = await runPlan(plan([scriptJob(wd, 'leaver', 'grandchild.py', [pids, 'exit'])]), {
      workingDirectory: wd,
      parallel: false,
      maxWorkers: 1,
      cancelKillGraceMs: 200,
    });

    expect(result.status).toBe('succeeded');
    expect(result.exit_code).toBe(0);
    const [child, grandchild] = readPids(pids);
    expect(await gone([child, grandchild])).toBe(true);
    const log = readLog(wd, 'leaver');
    expect(log).toMatch(/^--- the job exited but left processes in its group: terminating them$/m);
    expect(log).toMatch(/^=== attempt 1\/1 · succeeded · exit code 0 · [\d.]+s ===$/m);
  });

  test('cancellation mid-run: running jobs end cancelled, unstarted ones skipped, logs closed, no process survives', async () => {
    const pidsA = path.join(wd, 'pids-a');
    const pidsB = path.join(wd, 'pids-b');
    const controller = new AbortController();
    const events: RunEvent[] = [];
    const jobs = [
      scriptJob(wd, 'a', 'grandchild.py', [pidsA]),
      scriptJob(wd, 'b', 'grandchild.py', [pidsB], { retries: 3 }),
      scriptJob(wd, 'c', 'succeed.py'),
      scriptJob(wd, 'd', 'succeed.py'),
    ];
    const running = runPlan(plan(jobs), {
      workingDirectory: wd,
      parallel: true,
      maxWorkers: 2,
      signal: controller.signal,
      cancelKillGraceMs: 300,
      onEvent: (e) => events.push(e),
    });
    await Promise.all([waitForFile(pidsA, 30_000), waitForFile(pidsB, 30_000)]);
    // The fixture creates the file before it writes the line: wait for the whole line.
    await Promise.all([pidsA, pidsB].map((file) => waitForLine(file)));
    controller.abort('SIGINT');
    const results = await running;

    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['a', 'cancelled'],
      ['b', 'cancelled'],
      ['c', 'skipped'],
      ['d', 'skipped'],
    ]);
    // Cancellation is not retried.
    expect(results[1].attempts).toHaveLength(1);
    expect(results[2]).toMatchObject({ started_at: null, finished_at: null, attempts: [], exit_code: null });

    const all = [...readPids(pidsA), ...readPids(pidsB)];
    expect(all).toHaveLength(4);
    expect(await gone(all)).toBe(true);

    for (const id of ['a', 'b']) {
      const log = readLog(wd, id);
      expect(log).toMatch(/^--- run cancelled: SIGTERM to the process group, SIGKILL in 0\.3s$/m);
      // Flushed and closed: the footer is the last line.
      expect(log).toMatch(/\n=== attempt 1\/\d · cancelled · cancelled · [\d.]+s ===\n$/);
    }
    expect(fs.existsSync(path.join(wd, 'logs/c.log'))).toBe(false);

    expect(eventsOf(events, 'run-cancelled')).toEqual([{ type: 'run-cancelled', reason: 'SIGINT' }]);
    expect(
      eventsOf(events, 'job-start')
        .map((e) => e.job.id)
        .sort(),
    ).toEqual(['a', 'b']);
    const ends = eventsOf(events, 'job-end');
    // A started job ends with the number it started with (in whichever order they finish); skipped ones next.
    const startNumbers = new Map(eventsOf(events, 'job-start').map((e) => [e.job.id, e.index]));
    for (const end of ends.slice(0, 2)) expect(end.index).toBe(startNumbers.get(end.job.id));
    expect(ends.map((e) => e.index).sort()).toEqual([1, 2, 3, 4]);
    expect(ends.slice(2).map((e) => [e.job.id, e.result.status])).toEqual([
      ['c', 'skipped'],
      ['d', 'skipped'],
    ]);
  });

  test('cancellation during the pause between attempts stops at once, without another attempt', async () => {
    const controller = new AbortController();
    const running = runPlan(plan([scriptJob(wd, 'bad', 'exit-code.py', ['1'], { retries: 5 })]), {
      workingDirectory: wd,
      parallel: false,
      maxWorkers: 1,
      signal: controller.signal,
      // Far beyond the test timeout: only an abortable pause lets this test pass.
      retryDelayMs: 10 * 60_000,
      onEvent: (event) => {
        if (event.type === 'job-retry') controller.abort();
      },
    });
    const [result] = await running;
    expect(result.attempts).toHaveLength(1);
    expect(result.status).toBe('failed');
    expect(readLog(wd, 'bad')).toMatch(
      /=== attempt 1\/6 · failed · exit code 1 · [\d.]+s ===\n--- retrying in 600s\n--- run cancelled: no further attempt\n$/,
    );
  });

  test('a signal aborted before the run starts nothing: every job skipped, no log written', async () => {
    const controller = new AbortController();
    controller.abort();
    const events: RunEvent[] = [];
    const results = await runPlan(
      plan([scriptJob(wd, 'x', 'succeed.py'), scriptJob(wd, 'y', 'succeed.py')]),
      {
        workingDirectory: wd,
        parallel: true,
        maxWorkers: 2,
        signal: controller.signal,
        onEvent: (e) => events.push(e),
      },
    );
    expect(results.map((r) => r.status)).toEqual(['skipped', 'skipped']);
    expect(fs.existsSync(path.join(wd, 'logs'))).toBe(false);
    expect(events.map((e) => e.type)).toEqual(['run-start', 'run-cancelled', 'job-end', 'job-end']);
  });

  test('alive() (used above) sees a running process and not a dead one', async () => {
    expect(alive(process.pid)).toBe(true);
    expect(alive(2 ** 22 + 12345)).toBe(false);
  });
});

/** Resolves once `file` holds a complete line (the fixture's `open(…, "a")` creates it empty first). */
async function waitForLine(file: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fs.readFileSync(file, 'utf8').endsWith('\n')) {
    if (Date.now() > deadline) throw new Error(`${file} got no complete line within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
