import { buildRunOutputs } from '../../src/report/outputs.js';
import { makeSummary } from './fixtures.js';

describe('buildRunOutputs', () => {
  test('counts, failed job ids as JSON, path and duration, all strings', () => {
    const summary = makeSummary({
      status: 'failure',
      runDuration: 61.5,
      jobs: [
        { id: 'a', status: 'succeeded' },
        { id: 'b', status: 'failed' },
        { id: 'c', status: 'timed_out', optional: true },
        { id: 'd', status: 'cancelled' },
        { id: 'e', status: 'skipped' },
      ],
    });
    expect(buildRunOutputs(summary, '/w/summaries/s.json')).toEqual({
      status: 'failure',
      summary_path: '/w/summaries/s.json',
      succeeded: '1',
      failed: '3',
      failed_jobs: '["b","c","d"]',
      duration_seconds: '61.5',
      gates_passed: 'true',
      regressed_jobs: '[]',
      improved_jobs: '[]',
    });
  });

  test('gates_passed from the summary gates; regressed and improved jobs from the comparison', () => {
    const summary = makeSummary({ jobs: [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }] });
    const entry = (verdict: 'improved' | 'regressed' | 'unchanged') => ({
      metric: 'accuracy',
      value: 1,
      baseline: 1,
      delta: 0,
      relative: 0,
      better: 'higher' as const,
      tolerance: 0,
      verdict,
    });
    summary.jobs[0].comparison = [entry('improved'), entry('regressed')];
    summary.jobs[1].comparison = [entry('unchanged'), entry('improved')];
    summary.jobs[2].comparison = [entry('unchanged')];
    summary.jobs[3].comparison = null;
    summary.gates = { passed: false, broken: 1, regressed_jobs: ['a'], improved_jobs: ['b'] };
    expect(buildRunOutputs(summary, 's.json')).toMatchObject({
      gates_passed: 'false',
      regressed_jobs: '["a"]',
      improved_jobs: '["b"]',
    });
  });
});
