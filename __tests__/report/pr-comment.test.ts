import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { commentMarker, renderPrComment } from '../../src/report/pr-comment.js';
import { Redactor } from '../../src/report/redact.js';
import type { Summary } from '../../src/report/summary.js';
import { makeSummary, manyJobs } from './fixtures.js';

const key = { workflow: 'Train', job: 'train', artifact: 'training-summary' };
const redactor = new Redactor([]);

/** A schema-2 summary: comparisons and gates as the contract shapes them. */
function compared(summary: Summary): Summary {
  const jobs = summary.jobs.map((job, i) => ({
    ...job,
    comparison: [
      {
        metric: 'accuracy',
        value: 0.8 + i / 1000,
        baseline: 0.9,
        delta: -0.1 + i / 1000,
        relative: (-0.1 + i / 1000) / 0.9,
        better: 'higher' as const,
        tolerance: 0,
        verdict: 'regressed' as const,
      },
      {
        metric: 'loss',
        value: 0.2,
        baseline: 0.3,
        delta: -0.1,
        relative: -1 / 3,
        better: 'lower' as const,
        tolerance: 0,
        verdict: 'improved' as const,
      },
    ],
    gates: {
      passed: false,
      broken: [
        {
          metric: 'accuracy',
          rule: 'max_drop',
          value: 0.8,
          bound: 0.01,
          baseline: 0.9,
          message: `${job.id}: accuracy 0.8 dropped by 0.1 from the baseline 0.9 (max_drop 0.01)`,
        },
      ],
    },
  }));
  return {
    ...summary,
    jobs,
    gates: { passed: false, broken: jobs.length, regressed_jobs: jobs.map((j) => j.id), improved_jobs: [] },
    baseline: {
      path: 'b.json',
      started_at: '2026-11-01T00:00:00Z',
      commit: 'abcdef1234567890',
      run_url: 'https://github.com/o/r/actions/runs/1',
    },
  } as Summary;
}

describe('renderPrComment', () => {
  it('starts with the marker and shows status, metric diff, gates and failures', () => {
    const summary = compared(
      makeSummary({
        status: 'failure',
        jobs: [
          { id: 'train_a' },
          { id: 'train_b', status: 'failed', tail: ['Traceback', 'ValueError: <script>x</script>'] },
        ],
      }),
    );
    const body = renderPrComment(summary, { key, redactor, runUrl: 'https://github.com/o/r/actions/runs/9' });
    expect(body.startsWith(commentMarker(key))).toBe(true);
    expect(body).toContain('### ❌ Training failed: 1 of 2 jobs succeeded');
    expect(body).toContain('[workflow run](https://github.com/o/r/actions/runs/9)');
    expect(body).toContain('| train\\_a | accuracy | 0.8 | 0.9 | -0.1 (-11.1%) | 🔴 regressed |');
    expect(body).toContain('**Gates:** ❌ 2 broken');
    expect(body).toContain('#### Broken gates');
    expect(body).toContain('<details><summary>train_b: exit 1</summary>');
    // Job output lands inside a fence: no tag of it is live.
    expect(body).toMatch(/```text\nTraceback\nValueError: <script>x<\/script>\n```/);
    expect(body).toContain('[baseline run](https://github.com/o/r/actions/runs/1)');
  });

  it('renders no metric table without a comparison (a v1 summary or no baseline)', () => {
    const body = renderPrComment(makeSummary({ jobs: [{ id: 'train_a' }] }), { key, redactor });
    expect(body).not.toContain('Metrics against the baseline');
    expect(body).not.toContain('Gates');
    expect(body).toContain('### ✅ Training succeeded: 1 of 1 job succeeded');
  });

  it('masks secrets in what jobs wrote (tails, metric names, gate messages)', () => {
    const secret = 'hunter2-secret-value';
    const base = compared(
      makeSummary({
        status: 'failure',
        jobs: [{ id: 'train_a', status: 'failed', tail: [`token=${secret}`] }],
      }),
    );
    const summary = {
      ...base,
      jobs: base.jobs.map((job) => ({
        ...job,
        comparison: (job as unknown as { comparison: Array<Record<string, unknown>> }).comparison.map(
          (c) => ({
            ...c,
            metric: `${secret}.acc`,
          }),
        ),
        gates: {
          passed: false,
          broken: [{ metric: 'm', rule: 'min', value: 1, bound: 2, baseline: null, message: `m ${secret}` }],
        },
      })),
    } as Summary;
    const body = renderPrComment(summary, { key, redactor: new Redactor([secret]) });
    expect(body).not.toContain(secret);
    expect(body).toContain('token=***');
    expect(body).toContain('| train\\_a | \\*\\*\\*.acc |');
  });

  it('a one-character secret masks job output but never the marker or the structure', () => {
    const summary = makeSummary({
      status: 'failure',
      jobs: [{ id: 'train_a', status: 'failed', tail: ['a b c'] }],
    });
    const body = renderPrComment(summary, { key, redactor: new Redactor(['a']) });
    expect(body.startsWith(commentMarker(key))).toBe(true);
    expect(body).toContain('### ❌ Training failed');
    expect(body).toContain('*** b c');
  });

  it('a marker cannot close the HTML comment early, whatever the names', () => {
    const marker = commentMarker({ workflow: 'a --> b', job: 'x<!--y', artifact: 'n"m' });
    expect(marker.match(/-->/g)).toHaveLength(1);
    expect(marker.endsWith(' -->')).toBe(true);
    expect(marker).not.toContain('<!--y');
  });

  it('two keys that differ make two markers (two calls in one run do not share a comment)', () => {
    expect(commentMarker(key)).not.toBe(commentMarker({ ...key, artifact: 'training-summary-gpu' }));
    expect(commentMarker(key)).not.toBe(commentMarker({ ...key, job: 'train-2' }));
  });

  it('trims by the ladder to fit, ending with whole Markdown and a note', () => {
    const jobs = manyJobs(400, {
      status: 'failed',
      tail: Array.from({ length: 40 }, (_, i) => `line ${i} ${'x'.repeat(150)}`),
    });
    const summary = compared(makeSummary({ status: 'failure', jobs }));
    for (const maxChars of [60_000, 20_000, 5_000, 2_000]) {
      const body = renderPrComment(summary, { key, redactor, maxChars });
      expect(body.length).toBeLessThanOrEqual(maxChars);
      expect(body.startsWith(commentMarker(key))).toBe(true);
      expect(body).toMatch(/Shortened to fit a comment/);
      // Fences and details blocks are balanced: the trimming never cuts through one.
      expect((body.match(/<details>/g) ?? []).length).toBe((body.match(/<\/details>/g) ?? []).length);
      expect((body.match(/^```/gm) ?? []).length % 2).toBe(0);
    }
    // The default stays under GitHub's limit.
    expect(renderPrComment(summary, { key, redactor }).length).toBeLessThan(65_536);
  });

  it('stays within the bound for any job ids and tails (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            id: fc.string({ maxLength: 80 }),
            tail: fc.array(fc.string({ maxLength: 400 }), { maxLength: 30 }),
          }),
          {
            maxLength: 30,
          },
        ),
        fc.integer({ min: 2000, max: 30_000 }),
        (specs, maxChars) => {
          const summary = makeSummary({
            status: 'failure',
            jobs: specs.map((s, i) => ({ id: `j${i}${s.id}`, status: 'failed' as const, tail: s.tail })),
          });
          const body = renderPrComment(compared(summary), { key, redactor, maxChars });
          expect(body.length).toBeLessThanOrEqual(maxChars);
          expect((body.match(/<details>/g) ?? []).length).toBe((body.match(/<\/details>/g) ?? []).length);
        },
      ),
      { numRuns: 60 },
    );
  });
});
