import fc from 'fast-check';
import {
  compareMetrics,
  comparisonOutcome,
  directionOf,
  flattenMetrics,
  judge,
  MAX_METRICS_PER_JOB,
  numericMetrics,
  type Verdict,
} from '../../src/report/compare.js';
import type { Better } from '../../src/model/types.js';

describe('directionOf: lower is better when a part of the last segment is a loss-like word', () => {
  test.each<[string, Better]>([
    ['loss', 'lower'],
    ['val_loss', 'lower'],
    ['test.rmse', 'lower'],
    ['train.mae', 'lower'],
    ['mse', 'lower'],
    ['Log_Loss', 'lower'],
    ['error-rate', 'lower'],
    ['error rate', 'lower'],
    ['perplexity', 'lower'],
    ['val_perplexity', 'lower'],
    ['accuracy', 'higher'],
    ['roc_auc', 'higher'],
    ['f1', 'higher'],
    ['r2', 'higher'],
    // Only the last segment counts: a group named loss holds a count here.
    ['loss.samples', 'higher'],
    // Parts, not substrings.
    ['lossless_ratio', 'higher'],
    ['terrorism_score', 'higher'],
    ['valloss', 'higher'],
  ])('%s → %s', (metric, better) => {
    expect(directionOf(metric)).toBe(better);
  });

  test('the config overrides, by full path first, then by last segment', () => {
    const rules = { accuracy: { better: 'lower' as const }, 'test.loss': { better: 'higher' as const } };
    expect(directionOf('accuracy', rules)).toBe('lower');
    expect(directionOf('val.accuracy', rules)).toBe('lower');
    expect(directionOf('test.loss', rules)).toBe('higher');
    expect(directionOf('train.loss', rules)).toBe('lower');
    expect(directionOf('custom', { custom: { tolerance: 1 } })).toBe('higher');
  });

  test('names like __proto__ or constructor are plain names', () => {
    expect(directionOf('constructor', {})).toBe('higher');
    expect(directionOf('__proto__.loss', {})).toBe('lower');
  });
});

describe('judge', () => {
  test.each<[number | null, number | null, Better, number, Verdict]>([
    [0.9, 0.8, 'higher', 0, 'improved'],
    [0.7, 0.8, 'higher', 0, 'regressed'],
    [0.3, 0.5, 'lower', 0, 'improved'],
    [0.6, 0.5, 'lower', 0, 'regressed'],
    [0.8, 0.8, 'higher', 0, 'unchanged'],
    // The tolerance boundary is inclusive.
    [1.5, 1, 'higher', 0.5, 'unchanged'],
    [1.5000001, 1, 'higher', 0.5, 'improved'],
    [0.5, 1, 'higher', 0.5, 'unchanged'],
    [0.4999999, 1, 'higher', 0.5, 'regressed'],
    [1, null, 'higher', 0, 'new'],
    [null, 1, 'higher', 0, 'missing'],
    // A zero baseline is an ordinary value for the verdict.
    [0.1, 0, 'higher', 0, 'improved'],
    [-0.1, 0, 'higher', 0, 'regressed'],
  ])('value %p, baseline %p, %s better, tolerance %p → %s', (value, baseline, better, tolerance, verdict) => {
    expect(judge(value, baseline, better, tolerance)).toBe(verdict);
  });

  const FLIP: Record<Verdict, Verdict> = {
    improved: 'regressed',
    regressed: 'improved',
    unchanged: 'unchanged',
    new: 'missing',
    missing: 'new',
  };
  const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 });
  const side = fc.option(finite, { nil: null });

  test('antisymmetry: swapping value and baseline flips improved/regressed and new/missing', () => {
    fc.assert(
      fc.property(
        side,
        side,
        fc.constantFrom<Better>('higher', 'lower'),
        fc.double({ noNaN: true, min: 0, max: 10 }),
        (a, b, better, tolerance) => {
          fc.pre(a !== null || b !== null);
          expect(judge(b, a, better, tolerance)).toBe(FLIP[judge(a, b, better, tolerance)]);
        },
      ),
    );
  });

  test('the direction flips the verdict; a larger tolerance never turns unchanged into a change', () => {
    fc.assert(
      fc.property(finite, finite, fc.double({ noNaN: true, min: 0, max: 10 }), (a, b, tolerance) => {
        const higher = judge(a, b, 'higher', tolerance);
        const lower = judge(a, b, 'lower', tolerance);
        expect(lower).toBe(higher === 'unchanged' ? 'unchanged' : FLIP[higher]);
        if (higher === 'unchanged') expect(judge(a, b, 'higher', tolerance * 2)).toBe('unchanged');
      }),
    );
  });
});

describe('flattenMetrics and numericMetrics', () => {
  test('nested numbers as dotted paths in file order; other values are not metrics', () => {
    const metrics = {
      accuracy: 0.9,
      main_metric: 'accuracy',
      converged: true,
      per_fold: [{ accuracy: 0.8 }],
      missing: null,
      val: { loss: 0.3, nested: { auc: 0.7 } },
      text: '0.5',
    };
    expect([...numericMetrics(metrics)]).toEqual([
      ['accuracy', 0.9],
      ['val.loss', 0.3],
      ['val.nested.auc', 0.7],
    ]);
  });

  test('NaN and the infinities, as numbers or as the text the metrics reader keeps, are non-finite values', () => {
    const flat = flattenMetrics({ a: NaN, b: 'NaN', c: 'Infinity', d: '-Infinity', e: -Infinity, f: 'nan' });
    expect([...flat]).toEqual([
      ['a', { kind: 'non-finite', text: 'NaN' }],
      ['b', { kind: 'non-finite', text: 'NaN' }],
      ['c', { kind: 'non-finite', text: 'Infinity' }],
      ['d', { kind: 'non-finite', text: '-Infinity' }],
      ['e', { kind: 'non-finite', text: '-Infinity' }],
    ]);
    expect(numericMetrics({ a: NaN, b: 'Infinity', c: 1 })).toEqual(new Map([['c', 1]]));
  });

  test('a path met twice keeps its first value; depth and count are bounded', () => {
    expect([...numericMetrics({ 'a.b': 1, a: { b: 2 } })]).toEqual([['a.b', 1]]);
    let deep: Record<string, unknown> = { x: 1 };
    for (let i = 0; i < 20; i += 1) deep = { d: deep };
    expect(numericMetrics(deep).size).toBe(0);
    const many = Object.fromEntries(Array.from({ length: MAX_METRICS_PER_JOB + 50 }, (_, i) => [`m${i}`, i]));
    expect(numericMetrics(many).size).toBe(MAX_METRICS_PER_JOB);
  });

  test('nothing from null, arrays or non-objects', () => {
    expect(numericMetrics(null).size).toBe(0);
    expect(numericMetrics(undefined).size).toBe(0);
    expect(numericMetrics([1, 2] as unknown as Record<string, unknown>).size).toBe(0);
  });
});

describe('compareMetrics', () => {
  test('every metric of either side with value, baseline, delta, relative, direction, tolerance and verdict', () => {
    const now = { accuracy: 0.85, loss: 0.4, val: { rmse: 2 }, fresh: 3, zero: 1, same: 5 };
    const before = { accuracy: 0.9, loss: 0.5, val: { rmse: 2 }, gone: 7, zero: 0, same: 5.0004 };
    const rows = compareMetrics(now, before, { same: { tolerance: 0.001 } });
    expect(rows).toEqual([
      expect.objectContaining({
        metric: 'accuracy',
        value: 0.85,
        baseline: 0.9,
        better: 'higher',
        verdict: 'regressed',
      }),
      expect.objectContaining({
        metric: 'loss',
        value: 0.4,
        baseline: 0.5,
        better: 'lower',
        verdict: 'improved',
      }),
      expect.objectContaining({ metric: 'val.rmse', delta: 0, relative: 0, verdict: 'unchanged' }),
      {
        metric: 'fresh',
        value: 3,
        baseline: null,
        delta: null,
        relative: null,
        better: 'higher',
        tolerance: 0,
        verdict: 'new',
      },
      {
        metric: 'zero',
        value: 1,
        baseline: 0,
        delta: 1,
        relative: null,
        better: 'higher',
        tolerance: 0,
        verdict: 'improved',
      },
      expect.objectContaining({ metric: 'same', tolerance: 0.001, verdict: 'unchanged' }),
      {
        metric: 'gone',
        value: null,
        baseline: 7,
        delta: null,
        relative: null,
        better: 'higher',
        tolerance: 0,
        verdict: 'missing',
      },
    ]);
    expect(rows[0].delta).toBeCloseTo(-0.05, 12);
    expect(rows[0].relative).toBeCloseTo(-0.05 / 0.9, 12);
    expect(rows[1].relative).toBeCloseTo(-0.2, 12);
  });

  test('relative is delta over |baseline| (a negative baseline keeps the sign of the delta)', () => {
    const [row] = compareMetrics({ score: -1 }, { score: -2 });
    expect(row).toMatchObject({ delta: 1, relative: 0.5, verdict: 'improved' });
  });

  test('a non-finite value now counts as missing; without a baseline every metric is new', () => {
    expect(compareMetrics({ loss: 'NaN' }, { loss: 0.5 })).toEqual([
      expect.objectContaining({ metric: 'loss', value: null, verdict: 'missing' }),
    ]);
    expect(compareMetrics({ a: 1 }, null).map((row) => row.verdict)).toEqual(['new']);
  });

  test('comparisonOutcome: any regression wins, then any improvement', () => {
    const row = (verdict: Verdict) => ({ verdict }) as ReturnType<typeof compareMetrics>[number];
    expect(comparisonOutcome(null)).toBe('none');
    expect(comparisonOutcome([row('improved'), row('regressed')])).toBe('regressed');
    expect(comparisonOutcome([row('unchanged'), row('improved')])).toBe('improved');
    expect(comparisonOutcome([row('new'), row('missing')])).toBe('unchanged');
  });
});
