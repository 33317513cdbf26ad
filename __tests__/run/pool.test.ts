import fs from 'node:fs';
import { runPool } from '../../src/run/pool.js';
import { RunFault, runPlan } from '../../src/run/run-plan.js';
import { Redactor } from '../../src/report/redact.js';
import type { RunEvent } from '../../src/run/types.js';
import { fakeSpawn, settle, waitUntil } from './fake-spawn.js';
import { createActionEventRenderer } from '../../src/action/console.js';
import { createEventRenderer } from '../../src/cli/render.js';
import { eventsOf, job, plan, recordingLogger, tempDir } from './helpers.js';

/**
 * One class: the start and end lines of a job carry the same `[k/n]` however jobs interleave. Checked on
 * the events and on what both shells print for them; numbers are 1..n, each used once.
 */
function expectSameCounters(events: RunEvent[]): void {
  const starts = new Map(eventsOf(events, 'job-start').map((e) => [e.job.id, e.index]));
  const ends = eventsOf(events, 'job-end');
  for (const end of ends) if (starts.has(end.job.id)) expect(end.index).toBe(starts.get(end.job.id));
  expect(ends.map((e) => e.index).sort((a, b) => a - b)).toEqual(ends.map((_, i) => i + 1));

  const cli: string[] = [];
  const render = createEventRenderer(
    { out: (text) => cli.push(text), err: () => {} },
    { parallel: true, color: false },
  );
  const action: string[] = [];
  const actionRenderer = createActionEventRenderer(
    { info: (text) => action.push(text), startGroup: () => {}, endGroup: () => {} },
    { parallel: true, verbose: false },
  );
  for (const event of events) {
    render(event);
    actionRenderer.onEvent(event);
  }
  for (const lines of [cli, action]) {
    const counters = new Map<string, string[]>();
    for (const line of lines) {
      const match = /^\[(\d+\/\d+)\] [▶✓✗-] (\S+)/.exec(line);
      if (match) counters.set(match[2], [...(counters.get(match[2]) ?? []), match[1]]);
    }
    expect(counters.size).toBe(ends.length);
    for (const [id, seen] of counters) {
      expect({ id, counters: new Set(seen).size }).toEqual({ id, counters: 1 });
    }
  }
}

describe('runPool', () => {
  test.each([
    { items: 10, workers: 3 },
    { items: 2, workers: 5 },
    { items: 7, workers: 1 },
    { items: 0, workers: 2 },
  ])(
    '$items items, $workers workers: never more than the limit, and a finished task starts the next at once',
    async ({ items, workers }) => {
      const pending: (() => void)[] = [];
      const started: number[] = [];
      let running = 0;
      let max = 0;
      const done = runPool(
        Array.from({ length: items }, (_, i) => i),
        workers,
        (item) =>
          new Promise<void>((resolve) => {
            started.push(item);
            max = Math.max(max, ++running);
            pending.push(() => {
              running--;
              resolve();
            });
          }),
        { canStart: () => true },
      );
      while (pending.length > 0) {
        // The pool is full (or out of items) whenever we look.
        expect(running).toBe(Math.min(workers, items - (started.length - running)));
        // Finish the most recent one first: order of completion must not matter.
        pending.pop()!();
        await settle(1);
      }
      await done;
      expect(started).toEqual(Array.from({ length: items }, (_, i) => i));
      expect(max).toBe(Math.min(workers, items));
    },
  );

  test('stops starting when canStart says no, and settles when the running ones do', async () => {
    let allow = true;
    const started: number[] = [];
    await runPool(
      [1, 2, 3, 4],
      2,
      async (item) => {
        started.push(item);
        if (item === 2) allow = false;
      },
      { canStart: () => allow },
    );
    expect(started).toEqual([1, 2]);
  });

  test('a task that throws is a fault: onFault at once, nothing new starts, the first error is rethrown', async () => {
    const started: number[] = [];
    const faults: unknown[] = [];
    const boom = new Error('boom');
    await expect(
      runPool(
        [1, 2, 3, 4, 5],
        2,
        async (item) => {
          started.push(item);
          await settle(1);
          if (item === 1) throw boom;
        },
        { canStart: () => true, onFault: (error) => faults.push(error) },
      ),
    ).rejects.toBe(boom);
    expect(faults).toEqual([boom]);
    expect(started).toEqual([1, 2]);
  });
});

describe('runPlan with a fake spawn', () => {
  let wd: string;
  beforeEach(() => {
    wd = tempDir();
  });
  afterEach(() => {
    fs.rmSync(wd, { recursive: true, force: true });
  });

  test('spawns argv without a shell, in its own process group, stdin closed, env = process env + job env + PYTHONUNBUFFERED', async () => {
    const fake = fakeSpawn((child) => setImmediate(() => child.finish(0)));
    await runPlan(
      plan([
        job(wd, 'a', ['/usr/bin/python3', 'train_a.py', '--epochs', '3'], { env: { KAGGLE_USERNAME: 'me' } }),
      ]),
      { workingDirectory: wd, parallel: false, maxWorkers: 1 },
      { spawn: fake.spawn },
    );
    const [child] = fake.children;
    expect(child.command).toBe('/usr/bin/python3');
    expect(child.args).toEqual(['train_a.py', '--epochs', '3']);
    expect(child.options).toMatchObject({
      cwd: wd,
      shell: false,
      detached: true,
    });
    // No secret to mask: stdout and stderr are the log file's own descriptor (one open file, one offset).
    const stdio = child.options.stdio as unknown[];
    expect(stdio).toEqual(['ignore', expect.any(Number), expect.any(Number)]);
    expect(stdio[1]).toBe(stdio[2]);
    const env = child.options.env as Record<string, string>;
    expect(env).toMatchObject({ KAGGLE_USERNAME: 'me', PYTHONUNBUFFERED: '1', PATH: process.env.PATH });
  });

  test('with a secret registered, stdout and stderr come through pipes (to be masked on their way to the log)', async () => {
    const fake = fakeSpawn((child) => setImmediate(() => child.finish(0)));
    await runPlan(
      plan([job(wd, 'a', ['/usr/bin/python3', 'train_a.py'])]),
      { workingDirectory: wd, parallel: false, maxWorkers: 1, redactor: new Redactor(['s3cr3t-value']) },
      { spawn: fake.spawn },
    );
    expect(fake.children[0].options).toMatchObject({ stdio: ['ignore', 'pipe', 'pipe'] });
  });

  test('parallel: at most maxWorkers at once, the next starts as soon as one ends, results in plan order', async () => {
    const fake = fakeSpawn();
    const events: RunEvent[] = [];
    const ids = ['j0', 'j1', 'j2', 'j3', 'j4', 'j5', 'j6', 'j7'];
    const done = runPlan(
      plan(ids.map((id) => job(wd, id, ['prog', id]))),
      {
        workingDirectory: wd,
        parallel: true,
        maxWorkers: 3,
        onEvent: (e) => events.push(e),
      },
      { spawn: fake.spawn },
    );

    const finishOrder: string[] = [];
    for (let finished = 0; finished < ids.length; finished++) {
      // The pool is (re)filled: 3 running while jobs remain (log files and folders are real I/O, so we wait).
      const expected = Math.min(3, ids.length - finished);
      await waitUntil(() => fake.running().length === expected);
      await settle(5);
      const running = fake.running();
      expect(running).toHaveLength(expected);
      // Finish them out of order: the last started first, with its own exit code.
      const child = running[running.length - 1];
      finishOrder.push(child.args[0]);
      child.finish(ids.indexOf(child.args[0]) % 2, `${child.args[0]} says hi\n`);
    }
    const results = await done;

    expect(fake.children).toHaveLength(8);
    expect(results.map((r) => [r.id, r.status, r.exit_code])).toEqual(
      ids.map((id, i) => [id, i % 2 === 0 ? 'succeeded' : 'failed', i % 2]),
    );
    expect(results.map((r) => r.tail)).toEqual(ids.map((id) => [`${id} says hi`]));
    expect(eventsOf(events, 'job-start').map((e) => e.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(eventsOf(events, 'job-start').map((e) => e.job.id)).toEqual(ids);
    expect(eventsOf(events, 'job-end').map((e) => e.job.id)).toEqual(finishOrder);
    expectSameCounters(events);
    expect(events[0]).toEqual({ type: 'run-start', total: 8, parallel: true, workers: 3 });
  });

  test('cancelled mid-run: started jobs keep their number at the end, skipped ones get the next numbers', async () => {
    const fake = fakeSpawn();
    const events: RunEvent[] = [];
    const controller = new AbortController();
    const ids = ['j0', 'j1', 'j2', 'j3', 'j4', 'j5'];
    const done = runPlan(
      plan(ids.map((id) => job(wd, id, ['prog', id]))),
      {
        workingDirectory: wd,
        parallel: true,
        maxWorkers: 2,
        signal: controller.signal,
        cancelKillGraceMs: 10,
        onEvent: (e) => events.push(e),
      },
      { spawn: fake.spawn },
    );
    await waitUntil(() => fake.running().length === 2);
    await settle(5);
    fake.running()[1].finish(0);
    await waitUntil(() => fake.children.length === 3 && fake.running().length === 2);
    await settle(5);
    controller.abort();
    await settle(5);
    for (const child of fake.running()) child.finish(1);
    const results = await done;
    expect(results.filter((r) => r.status === 'skipped')).toHaveLength(3);
    expectSameCounters(events);
  });

  test('sequential ignores maxWorkers', async () => {
    let max = 0;
    const fake = fakeSpawn((child) => {
      max = Math.max(max, fake.running().length);
      setTimeout(() => child.finish(0), 5);
    });
    await runPlan(
      plan(['a', 'b', 'c'].map((id) => job(wd, id, ['prog']))),
      {
        workingDirectory: wd,
        parallel: false,
        maxWorkers: 8,
      },
      { spawn: fake.spawn },
    );
    expect(fake.children).toHaveLength(3);
    expect(max).toBe(1);
  });

  test('retries: the injected clock and sleep are used; attempt timestamps and durations follow the clock', async () => {
    let clock = Date.parse('2026-11-28T22:10:00.000Z');
    const exitCodes = [2, 2, 0];
    const fake = fakeSpawn((child) => setImmediate(() => child.finish(exitCodes.shift()!)));
    const sleeps: [number, boolean][] = [];
    const [result] = await runPlan(
      plan([job(wd, 'r', ['prog'], { retries: 4 })]),
      { workingDirectory: wd, parallel: false, maxWorkers: 1, retryDelayMs: 2000 },
      {
        spawn: fake.spawn,
        now: () => (clock += 500),
        sleep: async (ms, signal) => {
          sleeps.push([ms, signal instanceof AbortSignal]);
          clock += ms;
        },
      },
    );
    expect(result.status).toBe('succeeded');
    expect(
      result.attempts.map((a) => [a.attempt, a.status, a.exit_code, a.started_at, a.duration_seconds]),
    ).toEqual([
      [1, 'failed', 2, '2026-11-28T22:10:00.500Z', 0.5],
      [2, 'failed', 2, '2026-11-28T22:10:03.500Z', 0.5],
      [3, 'succeeded', 0, '2026-11-28T22:10:06.500Z', 0.5],
    ]);
    expect(result.duration_seconds).toBe(6.5);
    expect(sleeps).toEqual([
      [2000, true],
      [2000, true],
    ]);
  });

  test('a listener that throws is reported and does not stop the run', async () => {
    const fake = fakeSpawn((child) => setImmediate(() => child.finish(0)));
    const logger = recordingLogger();
    const results = await runPlan(
      plan([job(wd, 'a', ['prog'])]),
      {
        workingDirectory: wd,
        parallel: false,
        maxWorkers: 1,
        onEvent: () => {
          throw new Error('listener bug');
        },
      },
      { spawn: fake.spawn, logger },
    );
    expect(results[0].status).toBe('succeeded');
    expect(logger.lines.filter((l) => l.startsWith('error:')).length).toBeGreaterThanOrEqual(3);
    expect(logger.lines[0]).toMatch(/^error: A run event listener failed on run-start: Error: listener bug/);
  });

  test('an orchestrator fault rejects after cancelling the running jobs and closing their logs', async () => {
    const fake = fakeSpawn((child) => setTimeout(() => child.finish(0), 100));
    let calls = 0;
    const events: RunEvent[] = [];
    const done = runPlan(
      plan([job(wd, 'a', ['prog']), job(wd, 'b', ['prog']), job(wd, 'c', ['prog'])]),
      {
        workingDirectory: wd,
        parallel: true,
        maxWorkers: 2,
        cancelKillGraceMs: 10,
        onEvent: (e) => events.push(e),
      },
      {
        spawn: fake.spawn,
        now: () => {
          // The second attempt start (a or b, whichever gets there second) fails.
          if (++calls === 2) throw new Error('clock broke');
          return Date.now();
        },
      },
    );
    const fault = await done.catch((error: unknown) => error);
    expect(fault).toBeInstanceOf(RunFault);
    expect((fault as RunFault).message).toBe('clock broke');
    expect(eventsOf(events, 'run-cancelled')).toEqual([
      { type: 'run-cancelled', reason: 'orchestrator error: clock broke' },
    ]);
    // Every job has a result: the one the fault hit failed (with the fault noted), the one running was
    // cancelled, the one never started is skipped; the rejection carries them.
    const ends = eventsOf(events, 'job-end');
    expect(ends.map((e) => e.result.status).sort()).toEqual(['cancelled', 'failed', 'skipped']);
    const faulted = ends.find((e) => e.result.status === 'failed')!;
    expect(faulted.result.notes).toEqual(['The orchestrator failed while running this job: clock broke']);
    expect(ends.find((e) => e.result.status === 'skipped')!.job.id).toBe('c');
    expect((fault as RunFault).results.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    const survivor = ends.find((e) => e.result.status === 'cancelled')!.job.id;
    expect(['a', 'b']).toContain(survivor);
    expect(fs.readFileSync(`${wd}/logs/${survivor}.log`, 'utf8')).toMatch(
      /=== attempt 1\/1 · cancelled · cancelled · [\d.]+s ===\n$/,
    );
    expect(fake.children).toHaveLength(1);
  });
});
