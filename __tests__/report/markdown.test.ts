import fc from 'fast-check';
import {
  GANTT_MAX_BARS,
  STEP_SUMMARY_MAX_BYTES,
  STEP_SUMMARY_MIN_BYTES,
  renderStepSummary,
} from '../../src/report/markdown.js';
import type { Summary, SummaryJob } from '../../src/report/summary.js';
import { T0, makeSummary, manyJobs } from './fixtures.js';
import { expectWellFormed, readStructure } from './markdown-structure.js';

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** A summary whose jobs carry tails as a merged or hand-made summary might: no summary-side cap. */
function withTails(summary: Summary, tail: (job: SummaryJob, i: number) => string[]): Summary {
  return {
    ...summary,
    jobs: summary.jobs.map((job, i) => (job.status === 'succeeded' ? job : { ...job, tail: tail(job, i) })),
  };
}

describe('renderStepSummary: content', () => {
  const summary = makeSummary({
    status: 'failure',
    jobs: [
      { id: 'als', status: 'succeeded', duration: 12.4, metrics: { loss: 0.3, accuracy: 0.91234 } },
      { id: 'diabetes', status: 'failed', exitCode: 3, attempts: 2, start: 13 },
      { id: 'bert', status: 'timed_out', timeoutMinutes: 30, start: 20, duration: 1800 },
      { id: 'gpt', status: 'failed', optional: true, start: 21, signal: 'SIGKILL', exitCode: null },
      { id: 'xgb', status: 'skipped' },
    ],
  });
  const md = renderStepSummary(summary);

  test('a heading with the status and counts', () => {
    const [heading, , counts] = md.split('\n');
    expect(heading).toBe('## ❌ Training failed: 1 of 5 jobs succeeded');
    expect(counts).toContain('✅ 1 succeeded');
    expect(counts).toContain('❌ 2 failed');
    expect(counts).toContain('⏱️ 1 timed out');
    expect(counts).toContain('⏭️ 1 not run');
    expect(counts).toContain('⚠️ 1 optional failure ·');
    expect(counts).toContain('took 1m');
  });

  test.each<[Summary['status'], string]>([
    ['success', '## ✅ Training succeeded'],
    ['partial_success', '## ⚠️ Training partially succeeded'],
    ['cancelled', '## 🚫 Training cancelled'],
  ])('heading for %s', (status, heading) => {
    expect(renderStepSummary({ ...summary, status }).startsWith(heading)).toBe(true);
  });

  test('a table row per job: status with cause, attempts, duration, main metric', () => {
    const rows = md.split('\n').filter((line) => line.startsWith('| '));
    expect(rows).toEqual([
      '| Job | Status | Attempts | Duration | Main metric |',
      '| --- | --- | ---: | ---: | --- |',
      '| als | ✅ succeeded | 1 | 12.4s | accuracy 0.9123 |',
      '| diabetes | ❌ exit 3 | 2 | 1.5s | — |',
      '| bert | ⏱️ timed out after 30m | 1 | 30m | — |',
      '| gpt | ⚠️ killed by SIGKILL (optional) | 1 | 1.5s | — |',
      '| xgb | ⏭️ not run | — | — | — |',
    ]);
  });

  test('a Mermaid gantt chart of the jobs that ran, at their real times', () => {
    const gantt = readStructure(md).fences.find((f) => f.info === 'mermaid');
    expect(gantt?.body).toEqual([
      'gantt',
      '    dateFormat x',
      '    axisFormat %H:%M:%S',
      '    todayMarker off',
      '    section Jobs',
      `    als :done, ${T0}, ${T0 + 12400}`,
      `    diabetes :crit, ${T0 + 13000}, ${T0 + 14500}`,
      `    bert :crit, ${T0 + 20000}, ${T0 + 1820000}`,
      `    gpt :active, ${T0 + 21000}, ${T0 + 22500}`,
    ]);
  });

  test('a collapsible block with the last log lines of each job that did not succeed', () => {
    const structure = expectWellFormed(md, 3);
    expect(md).toContain('<details><summary><code>diabetes</code>: exit 3 after 2 attempts</summary>');
    expect(md).toContain('<details><summary><code>bert</code>: timed out after 30m</summary>');
    expect(md).toContain('<details><summary><code>gpt</code>: killed by SIGKILL (optional)</summary>');
    expect(md).toContain('Log: logs/diabetes.log');
    const tails = structure.fences.filter((f) => f.info === 'text');
    expect(tails).toHaveLength(3);
    expect(tails[0].body).toEqual(['Traceback (most recent call last):', 'ValueError: boom']);
    expect(md).not.toContain('left out');
  });

  test('tailLines limits the lines shown', () => {
    const long = withTails(summary, () => ['a', 'b', 'c', 'd']);
    const tails = readStructure(renderStepSummary(long, { tailLines: 2 })).fences.filter(
      (f) => f.info === 'text',
    );
    expect(tails[0].body).toEqual(['c', 'd']);
  });

  test('logBaseUrl turns log paths into links; only http(s)', () => {
    const linked = renderStepSummary(summary, { logBaseUrl: 'https://example.com/run/42/' });
    expect(linked).toContain('Log: [logs/diabetes.log](https://example.com/run/42/logs/diabetes.log)');
    const ignored = renderStepSummary(summary, { logBaseUrl: 'javascript:alert(1)' });
    expect(ignored).not.toContain('javascript');
    expect(ignored).toContain('Log: logs/diabetes.log');
  });

  test('a shard is named in the counts line; merged jobs are grouped by shard in the chart', () => {
    const merged: Summary = {
      ...summary,
      shard: '2/3',
      jobs: summary.jobs.map((job, i) => ({ ...job, shard: `${(i % 2) + 1}/3` })),
    };
    const out = renderStepSummary(merged);
    expect(out.split('\n')[2]).toContain('shard 2/3');
    expect(out).toContain('    section Shard 1_3');
    expect(out).toContain('    section Shard 2_3');
  });
});

describe('renderStepSummary: escaping job output', () => {
  const hostile = [
    '</details>',
    '<script>alert("x")</script>',
    '```',
    '````js',
    'a | b | c',
    '&amp; <b>bold</b> <img src=x onerror=alert(1)>',
    '``````',
    '\u001b[31mred\u001b[0m and a bell\u0007',
    '</summary></details><details open>',
  ];
  const summary = makeSummary({
    status: 'failure',
    jobs: [
      {
        id: 'ok',
        status: 'succeeded',
        metrics: { 'acc|<script>x</script>': 0.5, main_metric: 'acc|<script>x</script>' },
      },
      { id: 'evil', status: 'failed', tail: hostile },
      { id: 'title', status: 'failed', tail: ['x'] },
    ],
  });
  const md = renderStepSummary(summary);

  test('the page keeps its structure', () => {
    expectWellFormed(md, 2);
  });

  test('the tail is shown verbatim inside a fence longer than any backtick run in it', () => {
    const tail = readStructure(md).fences.filter((f) => f.info === 'text')[0];
    expect(tail.open.length).toBeGreaterThan(6);
    expect(tail.body).toEqual([...hostile.slice(0, 7), 'red and a bell', hostile[8]]);
  });

  test('a metric name from the job is escaped in the table', () => {
    const row = md.split('\n').find((line) => line.startsWith('| ok '));
    expect(row).toBe('| ok | ✅ succeeded | 1 | 1.5s | acc\\|&lt;script&gt;x&lt;/script&gt; 0.5 |');
  });

  test('a job named like a Mermaid keyword does not become a statement', () => {
    expect(md).toContain(`    job title :crit, `);
    expect(md).not.toMatch(/^ *title /m);
  });

  test('ids and causes in HTML are escaped (a summary read from elsewhere)', () => {
    const odd: Summary = {
      ...summary,
      jobs: [{ ...summary.jobs[1], id: 'a<b>&"c"', log_path: 'logs/a`b|c.log' }],
    };
    const out = renderStepSummary(odd);
    expect(out).toContain('<code>a&lt;b&gt;&amp;&quot;c&quot;</code>');
    expect(out).toContain('Log: logs/a\\`b\\|c.log');
    expectWellFormed(out, 1);
  });
});

describe('renderStepSummary: size', () => {
  const hugeLine = (i: number, n: number): string =>
    `job ${i} line ${n} ` + 'x'.repeat(5000) + ` END-${i}-${n}`;
  const failing = makeSummary({ status: 'failure', jobs: manyJobs(500, { status: 'failed', exitCode: 2 }) });
  const huge = withTails(failing, (_job, i) => Array.from({ length: 40 }, (_, n) => hugeLine(i, n)));

  test('500 failed jobs with huge tails stay under the default cap with heading, table, chart and blocks', () => {
    const md = renderStepSummary(huge);
    expect(bytes(md)).toBeLessThanOrEqual(STEP_SUMMARY_MAX_BYTES);
    expect(md.startsWith('## ❌ Training failed: 0 of 500 jobs succeeded')).toBe(true);
    expectWellFormed(md, 500);
    expect(md.split('\n').filter((line) => /^\| job-\d{3} /.test(line))).toHaveLength(500);
    expect(md).toContain('```mermaid');
    expect(md).toContain(`The timeline shows ${GANTT_MAX_BARS} of 500 jobs`);
    // Tails were cut, not dropped: each block still ends with its job's last line.
    for (const i of [0, 250, 499]) expect(md.includes(`END-${i}-39`)).toBe(true);
    expect(md).toContain('Log tails of 500 jobs shortened to fit');
    // And the budget was used, not wasted.
    expect(bytes(md)).toBeGreaterThan(STEP_SUMMARY_MAX_BYTES * 0.8);
  });

  test('a smaller budget drops the blocks, then table rows, failures first, with notes', () => {
    const mixed = withTails(
      makeSummary({
        status: 'failure',
        jobs: [
          ...manyJobs(300, { status: 'succeeded' }),
          { id: 'zz-last-failure', status: 'failed', start: 400 },
        ],
      }),
      () => [hugeLine(0, 0)],
    );
    const md = renderStepSummary(mixed, { maxBytes: 16 * 1024 });
    expect(bytes(md)).toBeLessThanOrEqual(16 * 1024);
    expect(md.startsWith('## ❌ Training failed: 300 of 301 jobs succeeded')).toBe(true);
    expectWellFormed(md, 0);
    expect(md).toMatch(/^\| zz-last-failure \| ❌ exit 1 \|/m);
    expect(md).toMatch(/> \d+ of 301 job rows left out to fit the step summary size limit\./);
    expect(md).toContain('Log tails of the 1 jobs that did not succeed left out');
  });

  test('a budget below the minimum is raised to it; the heading always survives', () => {
    const md = renderStepSummary(huge, { maxBytes: 10 });
    expect(bytes(md)).toBeLessThanOrEqual(STEP_SUMMARY_MIN_BYTES);
    expect(md.startsWith('## ❌ Training failed: 0 of 500 jobs succeeded')).toBe(true);
    expectWellFormed(md);
  });

  test('any tails, any budget: within the budget and well formed', () => {
    const piece = fc.constantFrom(
      '`',
      '```',
      '````',
      '|',
      '<',
      '>',
      '&',
      '</details>',
      '<script>',
      'é',
      '🚀',
      'x',
      ' ',
      '\n',
    );
    const line = fc.array(piece, { maxLength: 400 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(
        fc.array(fc.array(line, { maxLength: 30 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 300_000 }),
        (tails, maxBytes) => {
          const base = makeSummary({
            status: 'failure',
            jobs: tails.map((_, i) => ({ id: `j${i}`, status: 'failed' as const, start: i })),
          });
          const summary = withTails(base, (_job, i) => tails[i].flatMap((l) => l.split('\n')));
          const md = renderStepSummary(summary, { maxBytes });
          expect(bytes(md)).toBeLessThanOrEqual(Math.max(maxBytes, STEP_SUMMARY_MIN_BYTES));
          expect(md.startsWith('## ❌ Training failed')).toBe(true);
          expectWellFormed(md);
        },
      ),
      { numRuns: 60 },
    );
  });
});
