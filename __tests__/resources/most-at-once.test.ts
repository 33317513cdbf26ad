import fc from 'fast-check';
import { mostAtOnce, ResourceLedger, type ResourceNeed } from '../../src/resources/allocate.js';

/** What `max_workers: auto` comes to: the most jobs that can hold their resources at once. */
const need = (cpus: number, memoryBytes = 0, gpus = 0): ResourceNeed => ({ cpus, memoryBytes, gpus });
const GiB = 1024 ** 3;

test.each<[string, ResourceNeed[], { cpus: number; memoryBytes: number; gpus: number[] }, number]>([
  ['1 CPU each on 2 CPUs', [need(1), need(1), need(1), need(1)], { cpus: 2, memoryBytes: 0, gpus: [] }, 2],
  [
    '0.1 CPU each on 0.3 CPUs (no float drift)',
    [need(0.1), need(0.1), need(0.1), need(0.1)],
    { cpus: 0.3, memoryBytes: 0, gpus: [] },
    3,
  ],
  ['the smallest first', [need(4), need(1), need(1), need(2)], { cpus: 4, memoryBytes: 0, gpus: [] }, 3],
  [
    'memory binds',
    [need(1, 4 * GiB), need(1, 4 * GiB), need(1, 4 * GiB)],
    { cpus: 8, memoryBytes: 9 * GiB, gpus: [] },
    2,
  ],
  ['GPUs bind', [need(1, 0, 1), need(1, 0, 1), need(1, 0, 1)], { cpus: 8, memoryBytes: 0, gpus: [0, 1] }, 2],
  ['no GPU wanted, none there', [need(1), need(1)], { cpus: 8, memoryBytes: 0, gpus: [] }, 2],
  ['nothing fits', [need(4)], { cpus: 2, memoryBytes: 0, gpus: [] }, 0],
  ['no jobs', [], { cpus: 2, memoryBytes: 0, gpus: [] }, 0],
])('%s: %d', (_name, needs, capacity, expected) => {
  expect(mostAtOnce(needs, capacity)).toBe(expected);
});

test('property: no order of starts ever holds more jobs at once than mostAtOnce says', () => {
  const needArb = fc.record({
    cpus: fc.integer({ min: 1, max: 4000 }).map((milli) => milli / 1000),
    memoryBytes: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 8 * GiB })),
    gpus: fc.integer({ min: 0, max: 2 }),
  });
  fc.assert(
    fc.property(
      fc.array(needArb, { maxLength: 30 }),
      fc.integer({ min: 1, max: 16000 }).map((milli) => milli / 1000),
      fc.integer({ min: 0, max: 16 * GiB }),
      fc.integer({ min: 0, max: 4 }),
      fc.func(fc.integer()),
      (needs, cpus, memoryBytes, gpuCount, rank) => {
        const capacity = { cpus, memoryBytes, gpus: [...Array(gpuCount).keys()] };
        const bound = mostAtOnce(needs, capacity);
        // Any order: start every job that fits, in that order, and count them.
        const order = needs.map((n, i) => ({ n, key: rank(i) })).sort((a, b) => a.key - b.key);
        const ledger = new ResourceLedger(capacity);
        let held = 0;
        for (const { n } of order) {
          if (!ledger.fits(n)) continue;
          ledger.take(n);
          held++;
        }
        expect(held).toBeLessThanOrEqual(bound);
        // The bound is reached by the smallest-first order when the jobs ask alike.
        if (
          needs.every(
            (n) =>
              n.cpus === needs[0].cpus && n.memoryBytes === needs[0].memoryBytes && n.gpus === needs[0].gpus,
          )
        ) {
          expect(held).toBe(bound);
        }
      },
    ),
  );
});
