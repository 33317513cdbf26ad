import fc from 'fast-check';
import { InputError, type PlannedJob } from '../../src/model/types.js';
import {
  applyShard,
  buildMatrix,
  DEFAULT_RUNS_ON,
  estimateDurations,
  groupByRunner,
  partitionJobs,
  planShards,
  runnerLabels,
  selectShard,
} from '../../src/plan/shard.js';
import { makeJob, makePlan } from '../report/fixtures.js';
import { idealMakespan, makespan, workload } from './shard-workload.js';

const GPU = ['self-hosted', 'gpu'];
const ids = (shards: PlannedJob[][]) => shards.map((shard) => shard.map((job) => job.id));
const jobsOf = (names: string, over: Record<string, Partial<PlannedJob>> = {}) =>
  names.split(' ').map((id) => makeJob(id, over[id] ?? {}));
const history = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('partitionJobs', () => {
  test.each<[string, string, number, Record<string, number> | undefined, string[][]]>([
    [
      'without history: round-robin in plan order',
      'a b c d e',
      2,
      undefined,
      [
        ['a', 'c', 'e'],
        ['b', 'd'],
      ],
    ],
    ['one shard holds everything', 'a b c', 1, undefined, [['a', 'b', 'c']]],
    ['more shards than jobs: one job each', 'a b c', 10, undefined, [['a'], ['b'], ['c']]],
    ['a count below 1 means 1', 'a b', 0, undefined, [['a', 'b']]],
    [
      'a fractional count is floored',
      'a b c d',
      2.9,
      undefined,
      [
        ['a', 'c'],
        ['b', 'd'],
      ],
    ],
    // a10 → s1, b8 → s2, c6 → s2 (14), d5 → s1 (15), e4 → s2 (18); shards list jobs in plan order.
    [
      'LPT: longest first, each to the least-loaded shard',
      'a b c d e',
      2,
      { a: 10, b: 8, c: 6, d: 5, e: 4 },
      [
        ['a', 'd'],
        ['b', 'c', 'e'],
      ],
    ],
    [
      'LPT ignores plan order',
      'e d c b a',
      2,
      { a: 10, b: 8, c: 6, d: 5, e: 4 },
      [
        ['d', 'a'],
        ['e', 'c', 'b'],
      ],
    ],
    // Known: 100 and 1, median 50.5 for b and d: a → s1, b → s2, d → s2 (101), c → s1 (101).
    [
      'unknown jobs count as the median of the known',
      'a b c d',
      2,
      { a: 100, c: 1 },
      [
        ['a', 'c'],
        ['b', 'd'],
      ],
    ],
    // Equal durations: sorted by id (a b c d), load ties go to the shard with fewer jobs, then the lower index.
    [
      'equal durations: ties by id, then the lower shard',
      'd c b a',
      2,
      { a: 5, b: 5, c: 5, d: 5 },
      [
        ['c', 'a'],
        ['d', 'b'],
      ],
    ],
    [
      'zero durations still fill every shard',
      'a b c d',
      3,
      { a: 0, b: 0, c: 0, d: 0 },
      [['a', 'd'], ['b'], ['c']],
    ],
    ['a history that knows no job: balanced by count', 'a b c', 2, { zzz: 40 }, [['a', 'c'], ['b']]],
    [
      'negative or non-finite history values are unknown',
      'a b c',
      2,
      { a: -1, b: Number.NaN, c: 7 },
      [['a', 'c'], ['b']],
    ],
  ])('%s', (_name, names, count, durations, expected) => {
    expect(ids(partitionJobs(jobsOf(names), count, durations && history(durations)))).toEqual(expected);
  });

  test('no jobs: no shards', () => {
    expect(partitionJobs([], 4)).toEqual([]);
  });

  test('never more than 256 shards', () => {
    const jobs = Array.from({ length: 300 }, (_, i) => makeJob(`j${i}`));
    expect(partitionJobs(jobs, 1000)).toHaveLength(256);
  });

  test('a non-finite count is a programming error', () => {
    expect(() => partitionJobs(jobsOf('a'), Number.NaN)).toThrow(RangeError);
  });
});

describe('runner labels', () => {
  test.each<[string[] | undefined, string[]]>([
    [undefined, [DEFAULT_RUNS_ON]],
    [[], [DEFAULT_RUNS_ON]],
    [[' gpu ', ''], ['gpu']],
    [
      ['self-hosted', 'GPU', 'gpu'],
      ['self-hosted', 'GPU'],
    ],
  ])('%j → %j', (runsOn, expected) => {
    expect(runnerLabels({ runsOn })).toEqual(expected);
  });

  test('groups by label set regardless of order and case, in order of first appearance', () => {
    const jobs = jobsOf('a b c d e', {
      a: { runsOn: GPU },
      c: { runsOn: ['GPU', 'self-hosted'] },
      d: { runsOn: ['ubuntu-latest'] },
    });
    expect(groupByRunner(jobs).map((group) => [group.labels, group.jobs.map((job) => job.id)])).toEqual([
      [GPU, ['a', 'c']],
      [['ubuntu-latest'], ['b', 'd', 'e']],
    ]);
  });

  test('jobs with different runners never share a shard, even when fewer shards are asked for', () => {
    const jobs = jobsOf('a b c d', { b: { runsOn: GPU }, d: { runsOn: ['macos-latest'] } });
    expect(ids(partitionJobs(jobs, 1))).toEqual([['a', 'c'], ['b'], ['d']]);
  });

  test('the shard count is split across groups by load (D’Hondt), at most one shard per job', () => {
    const cpu = Array.from({ length: 6 }, (_, i) => makeJob(`cpu${i}`));
    const gpu = Array.from({ length: 2 }, (_, i) => makeJob(`gpu${i}`, { runsOn: GPU }));
    const durations = new Map([...cpu, ...gpu].map((job) => [job.id, 10]));
    // Loads 60 and 20: one each, then cpu (60/1 > 20/1), cpu (30 > 20) → 3 + 1.
    const shards = partitionJobs([...cpu, ...gpu], 4, durations);
    expect(shards.map((shard) => [runnerLabels(shard[0]).join('+'), shard.length])).toEqual([
      ['ubuntu-latest', 2],
      ['ubuntu-latest', 2],
      ['ubuntu-latest', 2],
      ['self-hosted+gpu', 2],
    ]);
    // A heavy GPU group gets the shards, but never more than it has jobs.
    const heavy = new Map([
      ...cpu.map((job) => [job.id, 1] as const),
      ...gpu.map((job) => [job.id, 1000] as const),
    ]);
    expect(partitionJobs([...cpu, ...gpu], 5, heavy).map((shard) => shard.length)).toEqual([2, 2, 2, 1, 1]);
  });

  test('more than 256 runner label sets is an input error', () => {
    const jobs = Array.from({ length: 257 }, (_, i) => makeJob(`j${i}`, { runsOn: [`label-${i}`] }));
    expect(() => partitionJobs(jobs, 1)).toThrow(InputError);
  });
});

describe('estimateDurations', () => {
  test('fills unknown jobs with the median of the known (even count: mean of the middle two)', () => {
    expect(estimateDurations(jobsOf('a b c d e'), history({ a: 1, b: 2, c: 10, d: 20, other: 999 }))).toEqual(
      history({ a: 1, b: 2, c: 10, d: 20, e: 6 }),
    );
  });
  test('undefined without history or when it knows no job', () => {
    expect(estimateDurations(jobsOf('a'), undefined)).toBeUndefined();
    expect(estimateDurations(jobsOf('a'), history({ b: 1 }))).toBeUndefined();
  });
});

describe('planShards', () => {
  const jobs = jobsOf('a b c d');
  const halfHours = history({ a: 1800, b: 1800, c: 1800, d: 1800 });

  test.each<[string, Parameters<typeof planShards>[1], number, RegExp | undefined]>([
    ['shards as asked', { shards: 3 }, 3, undefined],
    ['shards clamped to the jobs, with a note', { shards: 9 }, 4, /instead of 9/],
    ['from the target: ceil(2 h / 60 min)', { targetMinutes: 60, durations: halfHours }, 2, undefined],
    [
      'from the target: never more shards than jobs',
      { targetMinutes: 1, durations: halfHours },
      4,
      undefined,
    ],
    ['shards wins over the target', { shards: 1, targetMinutes: 1, durations: halfHours }, 1, undefined],
    ['a target without history: one shard, with a note', { targetMinutes: 60 }, 1, /needs a history_file/],
    ['neither: one shard', {}, 1, undefined],
  ])('%s', (_name, opts, count, note) => {
    const planned = planShards(jobs, opts);
    expect(planned.shards).toHaveLength(count);
    if (note) expect(planned.notes.join('\n')).toMatch(note);
    else expect(planned.notes).toEqual([]);
  });

  test('the target counts each runner group on its own', () => {
    const mixed = jobsOf('a b c d', { c: { runsOn: GPU }, d: { runsOn: GPU } });
    const planned = planShards(mixed, { targetMinutes: 30, durations: halfHours });
    expect(ids(planned.shards)).toEqual([['a'], ['b'], ['c'], ['d']]);
  });

  test('a target that would need more than 256 shards is capped with a note', () => {
    const many = Array.from({ length: 400 }, (_, i) => makeJob(`j${i}`));
    const planned = planShards(many, {
      targetMinutes: 1,
      durations: new Map(many.map((job) => [job.id, 600])),
    });
    expect(planned.shards).toHaveLength(256);
    expect(planned.notes.join('\n')).toMatch(/matrix limit/);
  });
});

describe('buildMatrix', () => {
  test('one entry per shard: k/n, shard id, runner, job ids and expected seconds', () => {
    const jobs = jobsOf('a b c', { c: { runsOn: GPU } });
    const durations = history({ a: 1.25, b: 2, c: 30 });
    const planned = planShards(jobs, { shards: 2, durations });
    expect(buildMatrix(planned.shards, planned.estimates)).toEqual({
      include: [
        {
          shard: '1/2',
          shard_id: 'shard-1-of-2',
          runs_on: 'ubuntu-latest',
          jobs: ['a', 'b'],
          expected_seconds: 3.25,
        },
        { shard: '2/2', shard_id: 'shard-2-of-2', runs_on: GPU, jobs: ['c'], expected_seconds: 30 },
      ],
    });
  });

  test('without history: no expected_seconds', () => {
    expect(buildMatrix(partitionJobs(jobsOf('a b'), 2)).include.map((entry) => Object.keys(entry))).toEqual([
      ['shard', 'shard_id', 'runs_on', 'jobs'],
      ['shard', 'shard_id', 'runs_on', 'jobs'],
    ]);
  });

  test('refuses an empty shard: its `only` would select every job', () => {
    expect(() => buildMatrix([[makeJob('a')], []])).toThrow(/Shard 2\/2 has no jobs/);
  });
});

describe('selectShard / applyShard', () => {
  const plan = makePlan(jobsOf('a b c d e'), ['note']);
  const durations = history({ a: 10, b: 8, c: 6, d: 5, e: 4 });

  test('the shards k/n together are the plan, each as partitionJobs has it', () => {
    const shards = [1, 2].map((index) =>
      selectShard(plan, { index, count: 2 }, durations).jobs.map((job) => job.id),
    );
    expect(shards).toEqual(ids(partitionJobs(plan.jobs, 2, durations)));
    expect(shards.flat().sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  test('a shard past the last job is empty, with a warning', () => {
    const selected = selectShard(makePlan(jobsOf('a b')), { index: 3, count: 3 });
    expect(selected.jobs).toEqual([]);
    expect(selected.warnings.join('\n')).toMatch(/Shard 3\/3 has no jobs/);
  });

  test('fewer shards than runner groups is an input error naming the shard input', () => {
    const mixed = makePlan(jobsOf('a b', { b: { runsOn: GPU } }));
    expect(() => selectShard(mixed, { index: 1, count: 1 })).toThrow(
      expect.objectContaining({
        name: 'InputError',
        where: 'shard',
        message: expect.stringMatching(/at least 2 shards/),
      }),
    );
  });

  test('with `only`, the shard is a label: the plan is run as is', () => {
    expect(applyShard(plan, { shard: { index: 1, count: 2 }, only: ['a', 'b'] }, durations)).toBe(plan);
    expect(applyShard(plan, { shard: undefined, only: [] })).toBe(plan);
    expect(
      applyShard(plan, { shard: { index: 2, count: 2 }, only: [] }, durations).jobs.map((job) => job.id),
    ).toEqual(['b', 'c', 'e']);
  });
});

describe('properties', () => {
  const labelSets = [undefined, GPU, ['GPU', 'self-hosted'], ['macos-latest'], ['ubuntu-latest']];
  const arbitraryJobs = fc
    .uniqueArray(
      fc.record({
        id: fc.stringMatching(/^[a-z][a-z0-9._-]{0,7}$/),
        labels: fc.integer({ min: 0, max: labelSets.length - 1 }),
        seconds: fc.option(fc.double({ min: 0, max: 1e5, noNaN: true }), { nil: undefined }),
      }),
      { selector: (job) => job.id, minLength: 1, maxLength: 120 },
    )
    .map((specs) => ({
      jobs: specs.map((spec) => makeJob(spec.id, { runsOn: labelSets[spec.labels] })),
      durations: new Map(
        specs.filter((spec) => spec.seconds !== undefined).map((spec) => [spec.id, spec.seconds!]),
      ),
    }));

  test('every job in exactly one non-empty shard, runners never mixed, at most 256, as many as asked', () => {
    fc.assert(
      fc.property(
        arbitraryJobs,
        fc.integer({ min: 1, max: 300 }),
        fc.boolean(),
        ({ jobs, durations }, count, useHistory) => {
          const shards = partitionJobs(jobs, count, useHistory ? durations : undefined);
          const seen = shards.flat().map((job) => job.id);
          expect([...seen].sort()).toEqual(jobs.map((job) => job.id).sort());
          expect(new Set(seen).size).toBe(seen.length);
          expect(shards.every((shard) => shard.length > 0)).toBe(true);
          expect(shards.length).toBeLessThanOrEqual(256);
          const groups = groupByRunner(jobs).length;
          expect(shards.length).toBe(Math.max(groups, Math.min(count, jobs.length, 256)));
          for (const shard of shards) {
            expect(new Set(shard.map((job) => groupByRunner([job])[0].key)).size).toBe(1);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  test('deterministic: the same jobs and history give the same shards, whatever the history’s order', () => {
    fc.assert(
      fc.property(arbitraryJobs, fc.integer({ min: 1, max: 40 }), ({ jobs, durations }, count) => {
        const reversed = new Map([...durations].reverse());
        const copies = jobs.map((job) => ({ ...job }));
        expect(ids(partitionJobs(copies, count, reversed))).toEqual(
          ids(partitionJobs(jobs, count, durations)),
        );
      }),
      { numRuns: 200 },
    );
  });

  test('plan mode’s shards are what a runner recomputes from k/n (shard without only)', () => {
    const countOptions = fc.oneof(
      fc.record({ shards: fc.integer({ min: 1, max: 300 }) }),
      fc.record({ targetMinutes: fc.double({ min: 0.01, max: 3000, noNaN: true }) }),
      fc.constant({}),
    );
    fc.assert(
      fc.property(arbitraryJobs, countOptions, ({ jobs, durations }, counts) => {
        const planned = planShards(jobs, { ...counts, durations });
        const n = planned.shards.length;
        expect(ids(partitionJobs(jobs, n, durations))).toEqual(ids(planned.shards));
        const plan = makePlan(jobs);
        planned.shards.forEach((shard, k) => {
          expect(selectShard(plan, { index: k + 1, count: n }, durations).jobs).toEqual(shard);
        });
      }),
      { numRuns: 200 },
    );
  });

  test('selectShard k/n for every k together is exactly the plan', () => {
    fc.assert(
      fc.property(arbitraryJobs, fc.integer({ min: 1, max: 20 }), ({ jobs, durations }, extra) => {
        const plan = makePlan(jobs);
        const count = groupByRunner(jobs).length + extra - 1;
        const all = Array.from(
          { length: count },
          (_, k) => selectShard(plan, { index: k + 1, count }, durations).jobs,
        );
        expect(
          all
            .flat()
            .map((job) => job.id)
            .sort(),
        ).toEqual(jobs.map((job) => job.id).sort());
      }),
      { numRuns: 100 },
    );
  });
});

describe('simulation: 1,000 jobs with Pareto durations on 20 shards', () => {
  test.each([[1], [2], [3], [4], [5]])(
    'seed %i: the busiest LPT shard is within 1.10x of the ideal',
    (seed) => {
      const { jobs, durations } = workload(1000, seed);
      const ideal = idealMakespan(durations, 20);
      const lpt = makespan(partitionJobs(jobs, 20, durations), durations) / ideal;
      const roundRobin = makespan(partitionJobs(jobs, 20), durations) / ideal;
      expect(lpt).toBeLessThanOrEqual(1.1);
      // The workload is skewed enough that balancing by count alone is visibly worse.
      expect(roundRobin).toBeGreaterThan(lpt);
    },
  );
});
