import fc from 'fast-check';
import type { GateRule } from '../../src/model/types.js';
import { evaluateGates, type BrokenGate } from '../../src/report/gates.js';

const gate = (
  rules: Record<string, GateRule>,
  metrics: Record<string, unknown> | null,
  baseline?: Record<string, unknown> | null,
) => evaluateGates('job', rules, metrics, baseline ?? null, { hasBaseline: baseline !== undefined });

describe('evaluateGates: absolute bounds', () => {
  test.each<[string, GateRule, number, boolean]>([
    ['min met', { min: 0.8 }, 0.85, true],
    ['min at the bound (inclusive)', { min: 0.8 }, 0.8, true],
    ['min broken', { min: 0.8 }, 0.79, false],
    ['max met', { max: 0.5 }, 0.4, true],
    ['max at the bound', { max: 0.5 }, 0.5, true],
    ['max broken', { max: 0.5 }, 0.51, false],
    ['both, inside', { min: 0, max: 1 }, 0.5, true],
  ])('%s', (_name, rule, value, passed) => {
    expect(gate({ m: rule }, { m: value }).passed).toBe(passed);
  });

  test('a broken bound names job, metric, value, bound and baseline', () => {
    const result = gate({ accuracy: { min: 0.8 } }, { accuracy: 0.71 }, { accuracy: 0.9 });
    expect(result).toEqual({
      passed: false,
      broken: [
        {
          metric: 'accuracy',
          rule: 'min',
          value: 0.71,
          bound: 0.8,
          baseline: 0.9,
          message: 'job: accuracy 0.71 is below the minimum 0.8 (baseline 0.9).',
        },
      ],
    });
  });

  test('a metric the job did not write breaks the gate once, saying so; nested paths are found', () => {
    const result = gate(
      { accuracy: { min: 0.8, max_drop: 0.1 }, 'val.loss': { max: 1 } },
      { val: { loss: 0.5 } },
    );
    expect(result.broken).toEqual([
      {
        metric: 'accuracy',
        rule: 'missing',
        value: null,
        bound: null,
        baseline: null,
        message:
          'job: gate on accuracy (min 0.8, max_drop 0.1) cannot pass: the job wrote no numeric accuracy.',
      },
    ]);
    expect(gate({ accuracy: { min: 0 } }, { accuracy: '0.9' }).broken[0].rule).toBe('missing');
    expect(gate({ accuracy: { min: 0 } }, null).broken[0].rule).toBe('missing');
  });

  test('NaN breaks every bound; infinities break the bound on their side', () => {
    const rules = { loss: { min: 0, max: 1 } };
    const rulesOf = (result: { broken: BrokenGate[] }) => result.broken.map((b) => b.rule);
    expect(rulesOf(gate(rules, { loss: 'NaN' }))).toEqual(['min', 'max']);
    expect(rulesOf(gate(rules, { loss: NaN }))).toEqual(['min', 'max']);
    expect(rulesOf(gate(rules, { loss: 'Infinity' }))).toEqual(['max']);
    expect(rulesOf(gate(rules, { loss: '-Infinity' }))).toEqual(['min']);
    expect(gate(rules, { loss: 'NaN' }).broken[0]).toMatchObject({
      value: null,
      message: 'job: loss NaN is below the minimum 0.',
    });
  });
});

describe('evaluateGates: regression bounds against the baseline', () => {
  test.each<[string, GateRule, number, number, boolean]>([
    ['max_drop within', { max_drop: 0.01 }, 0.895, 0.9, true],
    // 0.90 - 0.89 is 0.010000000000000009 in floating point: at the bound, so it passes.
    ['max_drop at the bound, despite rounding', { max_drop: 0.01 }, 0.89, 0.9, true],
    ['max_drop broken', { max_drop: 0.01 }, 0.885, 0.9, false],
    ['max_drop ignores a rise', { max_drop: 0 }, 0.95, 0.9, true],
    ['max_rise within', { max_rise: 0.1 }, 0.55, 0.5, true],
    ['max_rise at the bound', { max_rise: 0.1 }, 0.6, 0.5, true],
    ['max_rise broken', { max_rise: 0.1 }, 0.61, 0.5, false],
    ['max_rise ignores a drop', { max_rise: 0 }, 0.1, 0.5, true],
    ['max_drop_relative within (2 % of 0.5 is 0.01)', { max_drop_relative: 0.02 }, 0.491, 0.5, true],
    ['max_drop_relative at the bound', { max_drop_relative: 0.02 }, 0.49, 0.5, true],
    ['max_drop_relative broken', { max_drop_relative: 0.02 }, 0.489, 0.5, false],
    ['max_rise_relative broken', { max_rise_relative: 0.1 }, 1.11, 1, false],
    ['max_rise_relative with a negative baseline', { max_rise_relative: 0.1 }, -0.95, -1, true],
    ['max_rise_relative, zero baseline, a rise', { max_rise_relative: 0.5 }, 0.001, 0, false],
    ['max_rise_relative, zero baseline, no rise', { max_rise_relative: 0.5 }, 0, 0, true],
    ['max_drop_relative, zero baseline, a rise', { max_drop_relative: 0 }, 1, 0, true],
  ])('%s', (_name, rule, value, base, passed) => {
    expect(gate({ m: rule }, { m: value }, { m: base }).passed).toBe(passed);
  });

  test('messages name value, change, baseline and bound', () => {
    expect(
      gate({ accuracy: { max_drop: 0.01 } }, { accuracy: 0.85 }, { accuracy: 0.9 }).broken[0].message,
    ).toBe('job: accuracy 0.85 dropped by 0.05 from the baseline 0.9, more than max_drop 0.01.');
    expect(gate({ loss: { max_rise_relative: 0.1 } }, { loss: 0.6 }, { loss: 0.5 }).broken[0].message).toBe(
      'job: loss 0.6 rose by 20 % from the baseline 0.5, more than max_rise_relative 0.1 (10 %).',
    );
  });

  test('without a baseline summary, regression bounds are skipped silently (the run notes it once)', () => {
    expect(gate({ m: { max_drop: 0, min: 0 } }, { m: 1 })).toEqual({ passed: true, broken: [] });
  });

  test('with a baseline that lacks the metric, a regression bound is skipped with a sentence', () => {
    expect(gate({ m: { max_drop: 0 } }, { m: 1 }, { other: 2 })).toEqual({
      passed: true,
      broken: [],
      skipped: ['job: max_drop on m not checked: the baseline has no m for this job.'],
    });
  });

  test('property: a bound never breaks when the value equals the baseline', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
        fc.constantFrom('max_drop', 'max_rise', 'max_drop_relative', 'max_rise_relative'),
        fc.double({ noNaN: true, min: 0, max: 10 }),
        (value, name, bound) => {
          expect(gate({ m: { [name]: bound } }, { m: value }, { m: value }).passed).toBe(true);
        },
      ),
    );
  });

  test('property: max_drop and max_rise mirror each other under negation', () => {
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });
    fc.assert(
      fc.property(finite, finite, fc.double({ noNaN: true, min: 0, max: 100 }), (value, base, bound) => {
        const drop = gate({ m: { max_drop: bound } }, { m: value }, { m: base }).passed;
        const rise = gate({ m: { max_rise: bound } }, { m: -value }, { m: -base }).passed;
        expect(rise).toBe(drop);
      }),
    );
  });
});
