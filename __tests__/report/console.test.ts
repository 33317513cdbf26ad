import {
  formatDuration,
  formatFinalTable,
  formatJobEnd,
  formatJobStart,
  formatPlanHeader,
} from '../../src/report/console.js';
import type { JobStatus } from '../../src/model/types.js';
import { makeJob, makePlan, makeResult, makeSummary, type ResultSpec } from './fixtures.js';

describe('formatDuration', () => {
  test.each([
    [0, '0.0s'],
    [0.04, '0.0s'],
    [0.349, '0.3s'],
    [12.44, '12.4s'],
    [59.94, '59.9s'],
    [59.96, '1m'],
    [60, '1m'],
    [192, '3m 12s'],
    [1800, '30m'],
    [3600, '1h'],
    [3903, '1h 5m 3s'],
    [7201, '2h 1s'],
    [-5, '0.0s'],
    [Number.NaN, '0.0s'],
    [Number.POSITIVE_INFINITY, '0.0s'],
  ])('%d → %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('formatPlanHeader', () => {
  const jobs = [makeJob('a'), makeJob('b', { optional: true }), makeJob('c')];
  test.each([
    [jobs, false, 4, 'Running 3 jobs (1 optional) sequentially'],
    [jobs, true, 2, 'Running 3 jobs (1 optional) in parallel, up to 2 at a time'],
    [jobs, true, 8, 'Running 3 jobs (1 optional) in parallel, up to 3 at a time'],
    [[makeJob('a')], true, 4, 'Running 1 job sequentially'],
    [[], false, 1, 'Running 0 jobs sequentially'],
  ])('%#', (planJobs, parallel, workers, text) => {
    expect(formatPlanHeader(makePlan(planJobs), { parallel, workers })).toBe(text);
  });
  test('max_workers auto: the figure auto came to, and the words that say so', () => {
    expect(formatPlanHeader(makePlan(jobs), { parallel: true, workers: 2, auto: true })).toBe(
      'Running 3 jobs (1 optional) in parallel, up to 2 at a time (max_workers auto)',
    );
  });
});

describe('formatJobStart', () => {
  test.each([
    [makeJob('als'), 1, 3, '[3/9] ▶ als'],
    [makeJob('als', { optional: true }), 1, 3, '[3/9] ▶ als (optional)'],
    [makeJob('als', { retries: 2 }), 2, 3, '[3/9] ▶ als (attempt 2 of 3)'],
    [{ id: 'x', optional: false }, 3, 1, '[1/9] ▶ x (attempt 3)'],
  ])('%#', (job, attempt, index, text) => {
    expect(formatJobStart(job, attempt, index, 9)).toBe(text);
  });

  test('colour only when asked', () => {
    expect(formatJobStart(makeJob('a'), 1, 1, 1)).not.toContain('\u001b');
    expect(formatJobStart(makeJob('a'), 1, 1, 1, { color: true })).toContain('\u001b[');
  });
});

describe('formatJobEnd', () => {
  type Row = [
    string,
    ResultSpec & { status: JobStatus },
    { optional?: boolean; timeoutMinutes?: number },
    string,
  ];
  const rows: Row[] = [
    ['success', { status: 'succeeded', duration: 12.44 }, {}, '[3/9] ✓ als 12.4s'],
    [
      'success after retries',
      { status: 'succeeded', duration: 75, attempts: 2 },
      {},
      '[3/9] ✓ als 1m 15s after 2 attempts',
    ],
    ['exit code', { status: 'failed', exitCode: 3, attempts: 2 }, {}, '[3/9] ✗ als exit 3 after 2 attempts'],
    ['exit code, one attempt', { status: 'failed', exitCode: 3 }, {}, '[3/9] ✗ als exit 3'],
    ['signal', { status: 'failed', exitCode: null, signal: 'SIGKILL' }, {}, '[3/9] ✗ als killed by SIGKILL'],
    ['timeout', { status: 'timed_out' }, { timeoutMinutes: 30 }, '[3/9] ✗ als timed out after 30m'],
    [
      'timeout, retried',
      { status: 'timed_out', attempts: 2 },
      { timeoutMinutes: 1.5 },
      '[3/9] ✗ als timed out after 1m 30s (2 attempts)',
    ],
    [
      'timeout, limit unknown',
      { status: 'timed_out', duration: 90 },
      {},
      '[3/9] ✗ als timed out after 1m 30s',
    ],
    ['cancelled', { status: 'cancelled', exitCode: null }, {}, '[3/9] ✗ als cancelled'],
    ['skipped', { status: 'skipped' }, {}, '[3/9] - als not run'],
    [
      'optional failure',
      { status: 'failed', exitCode: 1 },
      { optional: true },
      '[3/9] ✗ als exit 1 (optional)',
    ],
    ['no exit code, no signal', { status: 'failed', exitCode: null }, {}, '[3/9] ✗ als failed'],
  ];
  test.each(rows)('%s', (_name, spec, job, text) => {
    const result = makeResult('als', spec);
    expect(formatJobEnd(result, makeJob('als', { optional: false, timeoutMinutes: 0, ...job }), 3, 9)).toBe(
      text,
    );
  });

  test('without the planned job', () => {
    expect(formatJobEnd(makeResult('x', { status: 'failed', exitCode: 2 }), undefined, 1, 1)).toBe(
      '[1/1] ✗ x exit 2',
    );
  });
});

describe('formatFinalTable', () => {
  const summary = makeSummary({
    status: 'failure',
    runDuration: 192,
    jobs: [
      { id: 'als', status: 'succeeded', duration: 12.4, metrics: { accuracy: 0.91234 } },
      { id: 'diabetes-long-name', status: 'failed', exitCode: 3, attempts: 2, duration: 45.1 },
      { id: 'bert', status: 'timed_out', timeoutMinutes: 30, duration: 1800, optional: true },
      { id: 'xgb', status: 'skipped' },
    ],
  });

  test('aligned columns and a status line', () => {
    expect(formatFinalTable(summary).split('\n')).toEqual([
      'JOB                 STATUS                ATTEMPTS  DURATION  RESULT',
      'als                 succeeded                    1     12.4s  accuracy 0.9123',
      'diabetes-long-name  failed                       2     45.1s  exit 3 after 2 attempts',
      'bert                timed out (optional)         1       30m  timed out after 30m',
      'xgb                 not run                      -         -',
      '',
      'failure in 3m 12s: 1 of 4 jobs succeeded; 1 failed, 1 timed out, 1 not run; 1 optional failure',
    ]);
  });

  test('colour only when asked, and alignment survives it', () => {
    const plain = formatFinalTable(summary);
    expect(plain).not.toContain('\u001b');
    const coloured = formatFinalTable(summary, { color: true });
    expect(coloured).toContain('\u001b[');
    // eslint-disable-next-line no-control-regex
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(plain);
  });
});
