import fc from 'fast-check';
import { ResourceLedger, type ResourceNeed } from '../../src/resources/allocate.js';
import { runPool } from '../../src/run/pool.js';

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Scenario {
  capacity: { cpus: number; memoryBytes: number; gpus: number[] };
  needs: ResourceNeed[];
  workers: number;
  limit: number;
  lookahead: number;
  /** Which running task ends next: an index into the running tasks, modulo their count. */
  picks: number[];
}

/**
 * Drives runPool with tasks the test ends one at a time (a simulated clock: nothing ends unless the test says
 * so) and checks after every step that nothing is over-committed. Returns the start order.
 */
async function simulate(scenario: Scenario): Promise<number[]> {
  const { capacity, needs } = scenario;
  const ledger = new ResourceLedger(capacity);
  const running = new Map<number, () => void>();
  const gpusOf = new Map<number, number[]>();
  const started: number[] = [];
  const use = { cpus: 0, memoryBytes: 0 };
  const items = needs.map((_, index) => index);
  const done = runPool(
    items,
    scenario.workers,
    (index) =>
      new Promise<void>((resolve) => {
        running.set(index, resolve);
        started.push(index);
      }),
    {
      canStart: () => true,
      backfill: { limit: scenario.limit, lookahead: scenario.lookahead },
      resources: {
        fits: (index) => ledger.fits(needs[index]),
        take: (index) => {
          gpusOf.set(index, ledger.take(needs[index]));
          use.cpus += needs[index].cpus;
          use.memoryBytes += needs[index].memoryBytes;
        },
        release: (index) => {
          ledger.release(needs[index], gpusOf.get(index) ?? []);
          gpusOf.delete(index);
          use.cpus -= needs[index].cpus;
          use.memoryBytes -= needs[index].memoryBytes;
        },
      },
    },
  );
  let step = 0;
  const check = () => {
    // Never over-committed: CPUs (with float slack), memory, distinct GPUs, worker count.
    expect(running.size).toBeLessThanOrEqual(Math.max(1, scenario.workers));
    expect(use.cpus).toBeLessThanOrEqual(capacity.cpus + 1e-6);
    expect(use.memoryBytes).toBeLessThanOrEqual(capacity.memoryBytes);
    const held = [...running.keys()].flatMap((index) => gpusOf.get(index) ?? []);
    expect(new Set(held).size).toBe(held.length);
    for (const gpu of held) expect(capacity.gpus).toContain(gpu);
    for (const index of running.keys()) expect(gpusOf.get(index)?.length).toBe(needs[index].gpus);
  };
  await flush();
  check();
  while (running.size > 0) {
    const keys = [...running.keys()];
    const index = keys[(scenario.picks[step++ % scenario.picks.length] ?? 0) % keys.length];
    const resolve = running.get(index)!;
    running.delete(index);
    resolve();
    await flush();
    check();
  }
  await done;
  return started;
}

const scenarios = fc
  .record({
    cpus: fc.integer({ min: 1, max: 16 }),
    memory: fc.integer({ min: 1, max: 64 }),
    gpuCount: fc.integer({ min: 0, max: 4 }),
    workers: fc.integer({ min: 1, max: 8 }),
    limit: fc.integer({ min: 0, max: 5 }),
    lookahead: fc.integer({ min: 1, max: 10 }),
    picks: fc.array(fc.nat(), { minLength: 1, maxLength: 50 }),
    raw: fc.array(
      fc.record({
        cpus: fc.double({ min: 0.1, max: 1, noNaN: true }),
        memory: fc.double({ min: 0, max: 1, noNaN: true }),
        gpus: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
      { minLength: 0, maxLength: 30 },
    ),
  })
  .map(({ cpus, memory, gpuCount, workers, limit, lookahead, picks, raw }): Scenario => ({
    capacity: { cpus, memoryBytes: memory, gpus: Array.from({ length: gpuCount }, (_, i) => i) },
    // Every need fits an idle machine (the never-fits check runs before the pool).
    needs: raw.map((r) => ({
      cpus: Math.max(0.001, Math.round(r.cpus * cpus * 1000) / 1000),
      memoryBytes: Math.floor(r.memory * memory),
      gpus: Math.floor(r.gpus * (gpuCount + 1)) > gpuCount ? gpuCount : Math.floor(r.gpus * (gpuCount + 1)),
    })),
    workers,
    limit,
    lookahead,
    picks,
  }));

test('property: the pool never over-commits CPUs, memory, GPUs or workers, and every job that fits starts', async () => {
  await fc.assert(
    fc.asyncProperty(scenarios, async (scenario) => {
      const started = await simulate(scenario);
      // No starvation: every job started (the pool settled only after all of them ran) …
      expect([...started].sort((a, b) => a - b)).toEqual(scenario.needs.map((_, index) => index));
      // … and no job was overtaken by more than `limit` later jobs.
      const position = new Map(started.map((index, order) => [index, order]));
      for (let index = 0; index < scenario.needs.length; index++) {
        const overtakers = started.slice(0, position.get(index)).filter((other) => other > index);
        expect(overtakers.length).toBeLessThanOrEqual(scenario.limit);
      }
    }),
    { numRuns: 300 },
  );
});

test('a big job behind a stream of small ones starts once it has been overtaken `limit` times', async () => {
  // 2 GPUs; job 0 holds one; job 1 wants both; jobs 2.. want one each and would keep the second GPU busy forever.
  const needs: ResourceNeed[] = [
    { cpus: 1, memoryBytes: 0, gpus: 1 },
    { cpus: 1, memoryBytes: 0, gpus: 2 },
    ...Array.from({ length: 10 }, () => ({ cpus: 1, memoryBytes: 0, gpus: 1 })),
  ];
  // Always end the oldest running job: the second GPU is never free unless backfill stops.
  const started = await simulate({
    capacity: { cpus: 8, memoryBytes: 0, gpus: [0, 1] },
    needs,
    workers: 8,
    limit: 2,
    lookahead: 64,
    picks: [0],
  });
  expect(started.slice(0, 4)).toEqual([0, 2, 3, 1]);
});

test('with backfill, a small job uses what a waiting big job cannot (no idle resources while it is young)', async () => {
  const started = await simulate({
    capacity: { cpus: 4, memoryBytes: 0, gpus: [] },
    needs: [
      { cpus: 3, memoryBytes: 0, gpus: 0 },
      { cpus: 4, memoryBytes: 0, gpus: 0 },
      { cpus: 1, memoryBytes: 0, gpus: 0 },
    ],
    workers: 4,
    limit: 4,
    lookahead: 64,
    picks: [0],
  });
  // Job 2 fills the free core while job 1 waits for all four.
  expect(started).toEqual([0, 2, 1]);
});

test('a job that does not fit even on an idle machine is a fault, not a hang', async () => {
  const ledger = new ResourceLedger({ cpus: 2, memoryBytes: 0, gpus: [] });
  const needs: ResourceNeed[] = [{ cpus: 4, memoryBytes: 0, gpus: 0 }];
  const faults: unknown[] = [];
  await expect(
    runPool([0], 2, async () => {}, {
      canStart: () => true,
      onFault: (error) => faults.push(error),
      resources: {
        fits: (i) => ledger.fits(needs[i]),
        take: (i) => void ledger.take(needs[i]),
        release: (i) => ledger.release(needs[i], []),
      },
    }),
  ).rejects.toThrow(/does not fit even on an idle machine/);
  expect(faults).toHaveLength(1);
});

test('a rejected task releases what it held, and the pool rejects after the others settle', async () => {
  const ledger = new ResourceLedger({ cpus: 1, memoryBytes: 0, gpus: [0] });
  const need: ResourceNeed = { cpus: 1, memoryBytes: 0, gpus: 1 };
  let calls = 0;
  await expect(
    runPool(
      [0, 1],
      2,
      async () => {
        calls++;
        throw new Error('boom');
      },
      {
        canStart: () => true,
        resources: {
          fits: () => ledger.fits(need),
          take: () => void ledger.take(need),
          release: () => ledger.release(need, [0]),
        },
      },
    ),
  ).rejects.toThrow('boom');
  expect(calls).toBe(1);
  expect(ledger.free()).toEqual({ cpus: 1, memoryBytes: 0, gpus: [0] });
});
