import { formatMetricValue, mainMetric } from '../../src/report/metrics.js';

describe('mainMetric', () => {
  test.each<[string, Record<string, unknown> | null, { name: string; value: number } | null]>([
    ['null', null, null],
    ['empty', {}, null],
    ['no numbers', { model: 'x', ok: true, list: [1, 2] }, null],
    ['main_metric names a key', { loss: 0.2, f1: 0.7, main_metric: 'loss' }, { name: 'loss', value: 0.2 }],
    [
      'main_metric names a nested key',
      { test: { auc: 0.8 }, main_metric: 'test.auc' },
      { name: 'test.auc', value: 0.8 },
    ],
    ['main_metric naming nothing falls back', { f1: 0.7, main_metric: 'nope' }, { name: 'f1', value: 0.7 }],
    [
      'main_metric naming a string falls back',
      { f1: 0.7, name: 'x', main_metric: 'name' },
      { name: 'f1', value: 0.7 },
    ],
    [
      'preferred order beats file order',
      { loss: 0.2, rmse: 3, accuracy: 0.9 },
      { name: 'accuracy', value: 0.9 },
    ],
    ['case-insensitive', { AUC: 0.77, loss: 1 }, { name: 'AUC', value: 0.77 }],
    ['nested preferred', { train: { loss: 0.1 }, test: { r2: 0.5 } }, { name: 'test.r2', value: 0.5 }],
    ['first number otherwise', { epochs: 10, custom: 0.3 }, { name: 'epochs', value: 10 }],
    ['skips NaN-like and booleans', { flag: true, bad: Number.NaN, good: 2 }, { name: 'good', value: 2 }],
    ['too deep is ignored', { a: { b: { c: { accuracy: 1 } } }, x: 5 }, { name: 'x', value: 5 }],
  ])('%s', (_name, metrics, expected) => {
    expect(mainMetric(metrics)).toEqual(expected);
  });
});

describe('formatMetricValue', () => {
  test.each([
    [0.91234, '0.9123'],
    [12, '12'],
    [1234.5678, '1235'],
    [0.000123456, '0.0001235'],
    [-0.5, '-0.5'],
  ])('%d → %s', (value, text) => {
    expect(formatMetricValue(value)).toBe(text);
  });
});
