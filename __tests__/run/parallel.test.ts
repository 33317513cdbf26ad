import fs from 'node:fs';
import path from 'node:path';
import { runPlan } from '../../src/run/run-plan.js';
import type { RunEvent } from '../../src/run/types.js';
import { eventsOf, job, plan, scriptJob, tempDir } from './helpers.js';

/** Highest number of intervals open at the same moment. */
function maxOverlap(intervals: [number, number][]): number {
  const points = intervals.flatMap(([start, end]) => [
    [start, 1],
    [end, -1],
  ]);
  // An end and a start at the same instant do not overlap.
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let max = 0;
  for (const [, delta] of points) max = Math.max(max, (open += delta));
  return max;
}

describe('worker pool with real processes', () => {
  let wd: string;
  beforeEach(() => {
    wd = tempDir();
  });
  afterEach(() => {
    fs.rmSync(wd, { recursive: true, force: true });
  });

  function timedJobs(count: number) {
    return Array.from({ length: count }, (_, i) =>
      scriptJob(wd, `t${i}`, 'timestamps.py', [path.join(wd, `t${i}.times`), '1']),
    );
  }
  function intervals(count: number): [number, number][] {
    return Array.from({ length: count }, (_, i) => {
      const [start, end] = fs
        .readFileSync(path.join(wd, `t${i}.times`), 'utf8')
        .trim()
        .split(' ')
        .map(Number);
      return [start, end];
    });
  }

  test.each([
    { parallel: true, maxWorkers: 2, expected: 2 },
    { parallel: false, maxWorkers: 4, expected: 1 },
  ])(
    'parallel=$parallel maxWorkers=$maxWorkers: at most $expected jobs at once, and that many do overlap',
    async ({ parallel, maxWorkers, expected }) => {
      const results = await runPlan(plan(timedJobs(5)), { workingDirectory: wd, parallel, maxWorkers });
      expect(results.map((r) => r.status)).toEqual(Array(5).fill('succeeded'));
      expect(maxOverlap(intervals(5))).toBe(expected);
    },
  );

  test('with history, a parallel run starts the longest jobs first; unknown jobs count as the median', async () => {
    const events: RunEvent[] = [];
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const results = await runPlan(plan(ids.map((id) => job(wd, id, ['true']))), {
      workingDirectory: wd,
      parallel: true,
      maxWorkers: 1,
      expectedDurations: new Map([
        ['a', 10],
        ['c', 30],
        ['e', 1],
      ]),
      onEvent: (e) => events.push(e),
    });
    // Known: c 30, a 10, e 1 → median 10 for b and d, which keep plan order after a.
    expect(eventsOf(events, 'job-start').map((e) => [e.job.id, e.index])).toEqual([
      ['c', 1],
      ['a', 2],
      ['b', 3],
      ['d', 4],
      ['e', 5],
    ]);
    // Results stay in plan order.
    expect(results.map((r) => r.id)).toEqual(ids);
  });

  test('sequential runs ignore history and keep plan order', async () => {
    const events: RunEvent[] = [];
    await runPlan(plan(['a', 'b', 'c'].map((id) => job(wd, id, ['true']))), {
      workingDirectory: wd,
      parallel: false,
      maxWorkers: 1,
      expectedDurations: new Map([['c', 30]]),
      onEvent: (e) => events.push(e),
    });
    expect(eventsOf(events, 'job-start').map((e) => e.job.id)).toEqual(['a', 'b', 'c']);
  });
});
