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
    });
  });
});
