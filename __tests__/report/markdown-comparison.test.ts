import { renderStepSummary } from '../../src/report/markdown.js';
import { changeCell, renderComparison, renderGates } from '../../src/report/markdown-comparison.js';
import { compareMetrics } from '../../src/report/compare.js';
import { assessRun, type LoadedBaseline } from '../../src/report/quality.js';
import { Redactor } from '../../src/report/redact.js';
import { buildSummary, type Summary } from '../../src/report/summary.js';
import { T0, makeRun, type RunSpec } from './fixtures.js';
import { expectWellFormed } from './markdown-structure.js';

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

function summaryWith(spec: RunSpec, baseline: Record<string, Record<string, unknown>> | null): Summary {
  const { settings, plan, results } = makeRun({
    ...spec,
    settings: { baseline: baseline ? 'summaries/old.json' : undefined },
  });
  const loaded: LoadedBaseline | null = baseline
    ? {
        path: 'summaries/old.json',
        started_at: '2026-11-01T00:00:00.000Z',
        commit: '0123456789abcdef0123',
        run_url: 'https://github.com/o/r/actions/runs/7',
        jobs: Object.entries(baseline).map(([id, metrics]) => ({ id, status: 'succeeded', metrics })),
      }
    : null;
  return buildSummary({
    settings,
    plan,
    results,
    startedAt: new Date(T0),
    finishedAt: new Date(T0 + 60_000),
    status: 'failure',
    redactor: new Redactor([]),
    quality: assessRun(plan, results, loaded),
  });
}

describe('changeCell: colour by good or bad, arrow by the way the value moved', () => {
  test.each<[Record<string, number>, Record<string, number>, string]>([
    [{ accuracy: 0.9 }, { accuracy: 0.8 }, '🟢 ▲ +0.1 (+12.5 %)'],
    [{ accuracy: 0.7 }, { accuracy: 0.8 }, '🔴 ▼ -0.1 (-12.5 %)'],
    [{ loss: 0.3 }, { loss: 0.5 }, '🟢 ▼ -0.2 (-40 %)'],
    [{ loss: 0.6 }, { loss: 0.5 }, '🔴 ▲ +0.1 (+20 %)'],
    [{ loss: 0.5 }, { loss: 0.5 }, '⚪ ＝ 0 (0 %)'],
    [{ zero: 1 }, { zero: 0 }, '🟢 ▲ +1'],
    [{ fresh: 1 }, {}, '🆕 new'],
    [{}, { gone: 1 }, '⚪ missing now'],
  ])('%j against %j → %s', (now, before, cell) => {
    const [entry] = compareMetrics(now, before);
    expect(
      changeCell({ ...entry, delta: entry.delta === null ? null : Number(entry.delta.toPrecision(12)) }),
    ).toBe(cell);
  });

  test('a change within the tolerance says so', () => {
    const [entry] = compareMetrics({ loss: 0.501 }, { loss: 0.5 }, { loss: { tolerance: 0.01 } });
    expect(changeCell(entry)).toMatch(/^⚪ ▲ \+0\.001 .* within tolerance$/);
  });
});

describe('the step summary sections', () => {
  const summary = summaryWith(
    {
      jobs: [
        {
          id: 'als',
          metrics: { accuracy: 0.85, loss: 0.4, samples: 100 },
          job: { gates: { accuracy: { max_drop: 0.01 } } },
        },
        { id: 'opt', optional: true, metrics: { accuracy: 0.5 }, job: { gates: { accuracy: { min: 0.9 } } } },
      ],
    },
    { als: { accuracy: 0.9, loss: 0.5, samples: 100 } },
  );
  const md = renderStepSummary(summary);

  test('the gates section lists each broken gate with value, bound and baseline', () => {
    expect(renderGates(summary)).toBe(
      [
        '### Quality gates',
        '',
        '2 broken: the run fails.',
        '',
        '- ❌ als: accuracy 0.85 dropped by 0.05 from the baseline 0.9, more than max\\_drop 0.01.',
        '- ⚠️ opt: accuracy 0.5 is below the minimum 0.9. _(optional job: a warning)_',
      ].join('\n'),
    );
    expect(md).toContain('### Quality gates');
  });

  test('the comparison names the baseline and lists changed metrics first, baseline value shown', () => {
    const section = renderComparison(summary);
    expect(section).toContain(
      'Baseline: summaries/old.json (run of 2026-11-01T00:00:00.000Z) · commit `0123456789ab` · [baseline run](https://github.com/o/r/actions/runs/7)',
    );
    const rows = section
      .split('\n')
      .filter((line) => line.startsWith('| ') && !line.startsWith('| Job') && !line.startsWith('| ---'));
    expect(rows).toEqual([
      '| als | accuracy | 0.9 | 0.85 | 🔴 ▼ -0.05 (-5.556 %) |',
      '| als | loss | 0.5 | 0.4 | 🟢 ▼ -0.1 (-20 %) |',
      '| opt | accuracy | — | 0.5 | 🆕 new |',
      '| als | samples | 100 | 100 | ⚪ ＝ 0 (0 %) |',
    ]);
    expect(md).toContain('### Compared with the baseline');
    expect(md).toContain('| als | ❌ succeeded, gate broken |');
  });

  test('without a baseline setting there is no comparison section; with an unreadable one, a line says so', () => {
    const none = summaryWith({ jobs: [{ id: 'a' }] }, null);
    expect(renderComparison(none)).toBe('');
    expect(renderComparison({ ...none, options: { ...none.options, baseline: 'x.json' } })).toContain(
      'No baseline could be read',
    );
  });

  test('hostile job ids and metric names cannot change the page structure; a hostile run URL is not linked', () => {
    const hostile = summaryWith(
      {
        jobs: [{ id: 'a', metrics: { '| ``` <script>x</script> [l](javascript:1)': 1, '*bold*': 2 } }],
      },
      { a: { '| ``` <script>x</script> [l](javascript:1)': 0, '*bold*': 2 } },
    );
    hostile.baseline = { ...hostile.baseline!, run_url: 'https://x.test/a) [y](javascript:alert(1)' };
    const page = renderStepSummary(hostile);
    expectWellFormed(page);
    expect(page).not.toContain('<script>');
    // Brackets are escaped: no link is made from a metric name.
    expect(page).not.toMatch(/[^\\]\]\(javascript/);
    expect(page).not.toContain('[baseline run]');
  });

  test('many metrics: the table is capped, and the page stays within any budget', () => {
    const metrics = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`m${i}`, i]));
    const older = Object.fromEntries(
      Array.from({ length: 600 }, (_, i) => [`m${i}`, i % 3 === 0 ? i + 1 : i]),
    );
    const big = summaryWith(
      { jobs: [{ id: 'a', metrics, job: { gates: { m1: { min: 1e9 } } } }] },
      { a: older },
    );
    const section = renderComparison(big);
    expect(section).toContain('_400 more metrics (unchanged first to go) are in the JSON summary._');
    for (const budget of [2048, 8000, 30_000, 512 * 1024]) {
      const page = renderStepSummary(big, { maxBytes: budget });
      expect(bytes(page)).toBeLessThanOrEqual(budget);
      expectWellFormed(page);
      // Even the smallest layout says a gate broke.
      expect(page).toMatch(/quality gate/);
    }
  });
});
