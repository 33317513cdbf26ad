import fc from 'fast-check';
import { runOutputs, setOutputs } from '../../src/action/outputs.js';
import { formatFinalTable } from '../../src/report/console.js';
import {
  cutJsonArray,
  fitOutputs,
  OUTPUT_BUDGET_UTF16,
  OutputTooLargeError,
  truncationMarker,
} from '../../src/report/output-budget.js';
import { Redactor } from '../../src/report/redact.js';
import { makeJob, makePlan, makeSummary, manyJobs } from './fixtures.js';

const spec = { lists: ['jobs', 'failed_jobs'], whole: ['matrix'] };
const size = (outputs: Record<string, string | undefined>): number =>
  Object.entries(outputs).reduce((sum, [name, value]) => sum + name.length + (value?.length ?? 0), 0);

describe('cutJsonArray', () => {
  test('keeps the first elements and ends with the marker, always valid JSON within the limit', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `job-${i}`);
    const cut = cutJsonArray(JSON.stringify(ids), 200);
    expect(cut.length).toBeLessThanOrEqual(200);
    const parsed = JSON.parse(cut) as string[];
    const kept = parsed.length - 1;
    expect(parsed.slice(0, kept)).toEqual(ids.slice(0, kept));
    expect(parsed.at(-1)).toBe(truncationMarker(1000 - kept));
  });

  test('a list that fits is returned unchanged', () => {
    expect(cutJsonArray('["a","b"]', 100)).toBe('["a","b"]');
  });

  test('property: any list, any limit: valid JSON, a prefix plus the marker, within the limit when one fits', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), fc.record({ id: fc.string(), command: fc.array(fc.string()) }))),
        fc.integer({ min: 0, max: 400 }),
        (items, limit) => {
          const json = JSON.stringify(items);
          const cut = cutJsonArray(json, limit);
          const parsed = JSON.parse(cut) as unknown[];
          if (cut === json) {
            expect(json.length <= limit || items.length === 0 || parsed.length === items.length).toBe(true);
            return;
          }
          const kept = parsed.length - 1;
          expect(parsed.slice(0, kept)).toEqual(items.slice(0, kept));
          expect(parsed.at(-1)).toBe(truncationMarker(items.length - kept));
          if (kept > 0) expect(cut.length).toBeLessThanOrEqual(limit);
        },
      ),
    );
  });
});

describe('fitOutputs', () => {
  test('small outputs pass untouched', () => {
    const outputs = { status: 'success', jobs: '["a"]', failed_jobs: '[]' };
    expect(fitOutputs(outputs, spec)).toEqual(outputs);
  });

  test('lists share the budget: the short one is kept whole, the long one is cut', () => {
    const failed = JSON.stringify(Array.from({ length: 10 }, (_, i) => `f${i}`));
    const jobs = JSON.stringify(
      Array.from({ length: 100_000 }, (_, i) => ({ id: `job-${i}`, command: ['x'] })),
    );
    const fitted = fitOutputs({ status: 'failure', jobs, failed_jobs: failed }, spec, 50_000);
    expect(fitted.failed_jobs).toBe(failed);
    expect(size(fitted)).toBeLessThanOrEqual(50_000);
    expect((JSON.parse(fitted.jobs) as unknown[]).at(-1)).toMatch(/^…\d+ more \(see summary_path\)$/);
  });

  test('a matrix over the budget is refused, never cut', () => {
    expect(() => fitOutputs({ matrix: 'x'.repeat(OUTPUT_BUDGET_UTF16 + 1) }, spec)).toThrow(
      OutputTooLargeError,
    );
    expect(() => fitOutputs({ matrix: 'x'.repeat(OUTPUT_BUDGET_UTF16 + 1) }, spec)).toThrow(/matrix output/);
  });
});

// 160,000: spreading that many rows into Math.max(...) throws (RangeError) where 100,000 may not.
test('160,000 jobs: the final table, the outputs and setOutputs do not throw, and stay within GitHub limit', () => {
  const n = 160_000;
  const summary = makeSummary({ jobs: manyJobs(n, { status: 'failed' }), status: 'failure' });
  const table = formatFinalTable(summary);
  expect(table.split('\n').length).toBeGreaterThan(n);
  const plan = makePlan(Array.from({ length: n }, (_, i) => makeJob(`job-${String(i).padStart(3, '0')}`)));
  const set: Record<string, string> = {};
  setOutputs(
    runOutputs(plan, summary, '/w/summaries/training_summary_x.json', new Redactor([])),
    (name, value) => {
      set[name] = value;
    },
  );
  // GitHub counts UTF-16 code units: two bytes each, 1 MB in all for the job.
  expect(2 * size(set)).toBeLessThan(1_000_000);
  const failed = JSON.parse(set.failed_jobs) as string[];
  expect(failed[0]).toBe('job-000');
  expect(failed.at(-1)).toMatch(/^…\d+ more \(see summary_path\)$/);
  expect(set.summary_path).toBe('/w/summaries/training_summary_x.json');
  expect(set.failed).toBe(String(n));
});
