import { decideStatus, exitCodeFor } from '../../src/report/status.js';
import type { JobStatus, RunStatus } from '../../src/model/types.js';
import { makeJob, makePlan, makeResult } from './fixtures.js';

type Row = [string, [JobStatus, boolean][], boolean, boolean, RunStatus];

// [case, [status, optional][] per job, allowPartialSuccess, cancelled, expected]
const rows: Row[] = [
  ['cancelled wins over everything', [['succeeded', false]], false, true, 'cancelled'],
  [
    'cancelled even with failures and partial success',
    [
      ['failed', false],
      ['succeeded', false],
    ],
    true,
    true,
    'cancelled',
  ],
  [
    'all succeeded',
    [
      ['succeeded', false],
      ['succeeded', true],
    ],
    false,
    false,
    'success',
  ],
  [
    'optional failure only',
    [
      ['succeeded', false],
      ['failed', true],
    ],
    false,
    false,
    'success',
  ],
  [
    'optional timeout and cancel only',
    [
      ['timed_out', true],
      ['cancelled', true],
    ],
    false,
    false,
    'success',
  ],
  [
    'skipped is not a failure',
    [
      ['succeeded', false],
      ['skipped', false],
    ],
    false,
    false,
    'success',
  ],
  ['empty run', [], false, false, 'success'],
  [
    'required failed',
    [
      ['succeeded', false],
      ['failed', false],
    ],
    false,
    false,
    'failure',
  ],
  [
    'required timed out',
    [
      ['succeeded', false],
      ['timed_out', false],
    ],
    false,
    false,
    'failure',
  ],
  [
    'required cancelled (run not cancelled)',
    [
      ['succeeded', false],
      ['cancelled', false],
    ],
    false,
    false,
    'failure',
  ],
  [
    'partial success with one success',
    [
      ['succeeded', false],
      ['failed', false],
    ],
    true,
    false,
    'partial_success',
  ],
  [
    'partial success counts an optional success',
    [
      ['succeeded', true],
      ['timed_out', false],
    ],
    true,
    false,
    'partial_success',
  ],
  [
    'partial success needs a success',
    [
      ['failed', false],
      ['skipped', false],
    ],
    true,
    false,
    'failure',
  ],
  [
    'partial success needs a success (optional failures only besides)',
    [
      ['failed', false],
      ['failed', true],
    ],
    true,
    false,
    'failure',
  ],
];

describe('decideStatus', () => {
  test.each(rows)('%s', (_name, jobs, allowPartialSuccess, cancelled, expected) => {
    const plan = makePlan(jobs.map(([, optional], i) => makeJob(`j${i}`, { optional })));
    const results = jobs.map(([status], i) => makeResult(`j${i}`, { status }));
    expect(decideStatus(plan, results, { allowPartialSuccess, cancelled })).toBe(expected);
  });

  test('a result for a job not in the plan counts as required', () => {
    const plan = makePlan([makeJob('a')]);
    const results = [makeResult('a'), makeResult('ghost', { status: 'failed' })];
    expect(decideStatus(plan, results, { allowPartialSuccess: false, cancelled: false })).toBe('failure');
  });

  test('a planned job without a result did not run and fails nothing', () => {
    const plan = makePlan([makeJob('a'), makeJob('b')]);
    expect(decideStatus(plan, [makeResult('a')], { allowPartialSuccess: false, cancelled: false })).toBe(
      'success',
    );
  });
});

describe('exitCodeFor', () => {
  test.each<[RunStatus, number]>([
    ['success', 0],
    ['partial_success', 0],
    ['failure', 1],
    ['cancelled', 130],
  ])('%s → %i', (status, code) => {
    expect(exitCodeFor(status)).toBe(code);
  });
});
