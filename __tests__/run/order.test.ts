import { median, startOrder } from '../../src/run/order.js';
import { job } from './helpers.js';

const jobs = ['a', 'b', 'c', 'd', 'e'].map((id) => job('/wd', id, ['true']));
const ids = (order: number[]) => order.map((i) => jobs[i].id).join('');

describe('startOrder', () => {
  test.each([
    { name: 'sequential keeps plan order', parallel: false, history: { c: 9 }, expected: 'abcde' },
    { name: 'no history keeps plan order', parallel: true, history: undefined, expected: 'abcde' },
    { name: 'empty history keeps plan order', parallel: true, history: {}, expected: 'abcde' },
    { name: 'longest first', parallel: true, history: { a: 1, b: 2, c: 3, d: 4, e: 5 }, expected: 'edcba' },
    {
      name: 'ties keep plan order',
      parallel: true,
      history: { a: 1, b: 5, c: 1, d: 5, e: 1 },
      expected: 'bdace',
    },
    {
      name: 'unknown jobs count as the median of the known',
      parallel: true,
      history: { a: 1, c: 10, e: 4 },
      expected: 'cbdea',
    },
    {
      name: 'history of other jobs only: plan order',
      parallel: true,
      history: { zz: 100 },
      expected: 'abcde',
    },
    {
      name: 'invalid durations count as unknown',
      parallel: true,
      history: { a: -1, b: Number.NaN, c: 2 },
      expected: 'abcde',
    },
  ])('$name', ({ parallel, history, expected }) => {
    const map = history ? new Map(Object.entries(history)) : undefined;
    expect(ids(startOrder(jobs, parallel, map))).toBe(expected);
  });

  test.each([
    [[3], 3],
    [[1, 3], 2],
    [[5, 1, 3], 3],
    [[4, 1, 3, 2], 2.5],
  ])('median(%j) = %d', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});
