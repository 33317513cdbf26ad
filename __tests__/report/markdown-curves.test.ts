/**
 * Learning-curve charts and the other step-summary additions people read: which series a chart shows,
 * how values are laid on Mermaid's grid and written, the section's bounds, sweep-parameter columns,
 * retried-then-passed marks and the commit/run/artifacts links. (That every chart renders in real Mermaid
 * is mermaid-render.test.ts.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Curve } from '../../src/model/types.js';
import { buildPlan } from '../../src/plan/plan.js';
import { parseSettings } from '../../src/plan/settings.js';
import { Redactor } from '../../src/report/redact.js';
import { buildSummary } from '../../src/report/summary.js';
import { renderStepSummary } from '../../src/report/markdown.js';
import {
  CURVE_CHART_MAX_POINTS,
  CURVE_CHARTS_MAX,
  chartText,
  formatNumber,
  pickCurveCharts,
  renderCurveChart,
  renderCurvesSection,
  type CurveChart,
} from '../../src/report/markdown-curves.js';
import { paramColumns, paramsFromCommand, sweepParams } from '../../src/report/markdown-jobs.js';
import { runLinksFromEnv } from '../../src/report/run-links.js';
import type { SummaryJob } from '../../src/report/summary.js';
import { makeSummary } from './fixtures.js';

function ramp(n: number, f: (i: number) => number, x0 = 1, dx = 1): Array<[number, number]> {
  return Array.from({ length: n }, (_, i): [number, number] => [x0 + i * dx, f(i)]);
}

function curve(series: Record<string, Array<[number, number]>>, x: Curve['x'] = 'epoch'): Curve {
  return { file: 'results/a/metrics/history.csv', x, points: 10, series };
}

function jobWith(curves: Curve[] | null, metrics: Record<string, unknown> | null, id = 'job'): SummaryJob {
  const summary = makeSummary({ jobs: [{ id, metrics }] });
  summary.jobs[0].curves = curves;
  return summary.jobs[0];
}

const names = (charts: CurveChart[]): string[][] =>
  charts.map((c) => c.lines.map((l) => (l.baseline ? `${l.name} (baseline)` : l.name)));

describe('pickCurveCharts: which series go in which chart', () => {
  const s = ramp(5, (i) => i);
  test.each<{
    name: string;
    series: string[];
    metrics: Record<string, unknown> | null;
    expected: string[][];
    metricsOf?: string[];
  }>([
    {
      name: "Keras' names, main metric accuracy",
      series: ['accuracy', 'loss', 'val_accuracy', 'val_loss'],
      metrics: { accuracy: 0.9 },
      expected: [
        ['loss', 'val_loss'],
        ['accuracy', 'val_accuracy'],
      ],
      metricsOf: ['loss', 'accuracy'],
    },
    {
      name: "Lightning's names: the shortest training loss and the shortest validation loss",
      series: ['train_loss_step', 'train_loss_epoch', 'train_loss', 'val_loss', 'val_acc', 'train_acc_epoch'],
      metrics: { main_metric: 'val_acc', val_acc: 0.8 },
      expected: [
        ['train_loss', 'val_loss'],
        ['train_acc_epoch', 'val_acc'],
      ],
      metricsOf: ['loss', 'acc'],
    },
    {
      name: 'main metric is a loss: the loss chart only',
      series: ['loss', 'val_loss', 'lr'],
      metrics: { main_metric: 'val_loss', val_loss: 0.3 },
      expected: [['loss', 'val_loss']],
    },
    {
      name: 'no metrics JSON: the first preferred metric among the series',
      series: ['loss', 'r2', 'mae'],
      metrics: null,
      expected: [['loss'], ['r2']],
    },
    {
      name: 'nested main metric (test.auc)',
      series: ['auc', 'val_auc', 'eval/auc'],
      metrics: { test: { auc: 0.7 } },
      expected: [['auc', 'val_auc']],
    },
    { name: 'nothing matches: no chart', series: ['lr', 'momentum'], metrics: { f1: 0.5 }, expected: [] },
    {
      name: 'two validation losses, no training one: the two shortest',
      series: ['val_loss_b', 'val_loss', 'test_loss'],
      metrics: null,
      expected: [['val_loss', 'test_loss']],
    },
  ])('$name', ({ series, metrics, expected, metricsOf }) => {
    const charts = pickCurveCharts(jobWith([curve(Object.fromEntries(series.map((n) => [n, s])))], metrics));
    expect(names(charts)).toEqual(expected);
    if (metricsOf) expect(charts.map((c) => c.metric)).toEqual(metricsOf);
  });

  test("the baseline job's series of the same name and x are added; another x or name is not", () => {
    const job = jobWith([curve({ loss: s, val_loss: s, accuracy: s })], { accuracy: 0.9 });
    const baseline = [curve({ loss: s }), curve({ accuracy: s, val_loss: s }, 'step'), curve({ other: s })];
    expect(names(pickCurveCharts(job, baseline))).toEqual([
      ['loss', 'val_loss', 'loss (baseline)'],
      ['accuracy'],
    ]);
  });

  test('a name in two files keeps the first file; series with another x than the first pick are left out', () => {
    const job = jobWith(
      [curve({ loss: ramp(3, () => 1) }), curve({ loss: ramp(3, () => 2), val_loss: s }, 'step')],
      null,
    );
    const [chart] = pickCurveCharts(job);
    expect(chart.lines.map((l) => [l.name, l.points[0][1]])).toEqual([['loss', 1]]);
  });
});

function chartOf(lines: CurveChart['lines'], x: CurveChart['x'] = 'epoch'): CurveChart {
  return { jobId: 'job', metric: 'loss', x, lines };
}

/** The numbers of each `line` statement. */
function lineValues(markdown: string): number[][] {
  return [...markdown.matchAll(/^ {2}line "[^"]*" \[([^\]]*)\]$/gm)].map((m) => m[1].split(', ').map(Number));
}

describe('renderCurveChart', () => {
  test('evenly spaced epochs (≤ 50) are the grid as they are; the axis spans them', () => {
    const text = renderCurveChart(
      chartOf([{ name: 'loss', baseline: false, points: ramp(20, (i) => 1 / (i + 1)) }]),
    );
    expect(text).toMatch(/^ {2}x-axis "epoch" 1 --> 20$/m);
    expect(lineValues(text)[0]).toHaveLength(20);
    expect(lineValues(text)[0][1]).toBe(0.5);
    expect(text).toMatch(/^🟦 loss$/m);
  });

  test('many points: at most 50 per line, interpolated on an even grid, first and last exact', () => {
    const text = renderCurveChart(
      chartOf([{ name: 'loss', baseline: false, points: ramp(100, (i) => i * 2, 0, 10) }], 'step'),
    );
    const [values] = lineValues(text);
    expect(values).toHaveLength(CURVE_CHART_MAX_POINTS);
    expect(values[0]).toBe(0);
    expect(values.at(-1)).toBe(198);
    expect(text).toMatch(/x-axis "step" 0 --> 990/);
  });

  test('a baseline that ran fewer epochs is held at its last value; colours and legend follow the line order', () => {
    const text = renderCurveChart(
      chartOf([
        { name: 'loss', baseline: false, points: ramp(4, (i) => 4 - i) },
        { name: 'loss', baseline: true, points: ramp(2, (i) => 10 + i) },
      ]),
    );
    expect(lineValues(text)).toEqual([
      [4, 3, 2, 1],
      [10, 11, 11, 11],
    ]);
    expect(text).toMatch(/plotColorPalette: "#1e88e5, #757575"/);
    expect(text).toMatch(/^🟦 loss · ⬛ loss \(baseline\)$/m);
  });

  test('non-finite and huge values are left out; tiny and negative ones written without exponents', () => {
    const text = renderCurveChart(
      chartOf([
        {
          name: 'loss',
          baseline: false,
          points: [
            [1, 1e-7],
            [1.5, Number.NaN],
            [2, -2.5e-7],
            [2.5, Infinity],
            [2.7, 1e300],
            [3, -0],
          ],
        },
      ]),
    );
    const line = text.split('\n').find((l) => l.startsWith('  line')) ?? '';
    expect(line).not.toMatch(/\de[+-]?\d|NaN|Infinity/);
    expect(lineValues(text)[0]).toEqual([1e-7, -2.5e-7, 0]);
  });

  test.each([
    ['one point', [[1, 0.5]]],
    ['no finite point', [[1, Number.NaN]]],
    ['nothing', []],
  ])('%s: no chart', (_, points) => {
    expect(
      renderCurveChart(chartOf([{ name: 'loss', baseline: false, points: points as [number, number][] }])),
    ).toBe('');
  });

  test('a chart of only baseline lines is no chart', () => {
    expect(renderCurveChart(chartOf([{ name: 'loss', baseline: true, points: ramp(3, (i) => i) }]))).toBe('');
  });
});

describe('formatNumber and chartText', () => {
  test.each([
    [0.5, 6, '0.5'],
    [1e-7, 12, '0.0000001'],
    [-0, 3, '0'],
    [-0.0000001, 3, '0'],
    [123456.789, 0, '123457'],
    [1e14, 0, '100000000000000'],
    [2, 5, '2'],
  ])('formatNumber(%p, %p) = %p', (value, decimals, expected) => {
    expect(formatNumber(value, decimals)).toBe(expected);
  });

  test.each([
    ['say "hi"', "say 'hi'"],
    ['a %% b', 'a ％％ b'],
    ['#quot; x', '＃quot; x'],
    ['back`tick', "back'tick"],
    ['<b>x</b>', '‹b›x‹/b›'],
    ['line\nbreak\r\n\ttab', 'line break tab'],
    ['', '_'],
    ['  ', '_'],
    ['ünï 中文 🚀', 'ünï 中文 🚀'],
  ])('chartText(%j) = %j', (input, expected) => {
    expect(chartText(input, 60)).toBe(expected);
  });

  test('long names are cut to the limit', () => {
    expect(chartText('x'.repeat(500), 40)).toHaveLength(40);
  });
});

describe('curves from a summary file are not trusted', () => {
  test.each<[string, unknown]>([
    ['curves not an array', { a: 1 }],
    ['a curve that is not an object', [null, 3, 'x']],
    ['series not an object', [{ x: 'epoch', series: 'nope' }]],
    ['points not pairs', [{ x: 'epoch', series: { loss: [1, 'a', null, [1], ['1', 2], [1, 2], [2, 3]] } }]],
    [
      'an x that is neither epoch nor step',
      [
        {
          x: '"\n  line [1e5]',
          series: {
            loss: [
              [1, 1],
              [2, 2],
            ],
          },
        },
      ],
    ],
  ])('%s: no exception, only well-formed points charted', (_, curves) => {
    const job = jobWith(null, null);
    (job as { curves: unknown }).curves = curves;
    const text = renderCurvesSection([job], { baseline: { jobs: [job] } });
    expect(typeof text).toBe('string');
    for (const line of text.split('\n').filter((l) => l.startsWith('  x-axis'))) {
      expect(line).toMatch(/^ {2}x-axis "(epoch|step)" [-\d.]+ --> [-\d.]+$/);
    }
  });
});

describe('renderCurvesSection', () => {
  const jobs = Array.from({ length: 8 }, (_, i) =>
    jobWith([curve({ loss: ramp(5, (k) => k), accuracy: ramp(5, (k) => k) })], { accuracy: 1 }, `job-${i}`),
  );

  test(`at most ${CURVE_CHARTS_MAX} charts, the rest counted in a note`, () => {
    const text = renderCurvesSection(jobs);
    expect(text.match(/```mermaid/g)).toHaveLength(CURVE_CHARTS_MAX);
    expect(text).toMatch(
      /_Learning curves of 3 more jobs are not charted here \(at most 10 charts\); the JSON summary has them._/,
    );
  });

  test('a job whose second chart does not fit counts as left out', () => {
    expect(renderCurvesSection(jobs, { maxCharts: 3 })).toMatch(/Learning curves of 7 more jobs/);
  });

  test('100,000 jobs with curves: linear, only the charts shown are rendered', () => {
    const many = Array.from({ length: 100_000 }, () => jobs[0]);
    const text = renderCurvesSection(many);
    expect(text.match(/```mermaid/g)).toHaveLength(CURVE_CHARTS_MAX);
    expect(text).toMatch(/Learning curves of 99995 more jobs/);
  });

  test('no curves: no section', () => {
    expect(renderCurvesSection([jobWith(null, null)])).toBe('');
  });

  test("the baseline summary's job of the same id supplies the baseline lines", () => {
    const baseline = { jobs: [jobWith([curve({ loss: ramp(5, () => 9) })], null, 'job-0')] };
    const text = renderCurvesSection(jobs.slice(0, 2), { baseline });
    // Once as the line's name in the chart, once in the legend under it.
    expect(text.match(/loss \(baseline\)/g)).toHaveLength(2);
  });
});

describe('the step summary with curves, sweeps, retries and links', () => {
  function sweepSummary() {
    const summary = makeSummary({
      jobs: [
        { id: 'plain' },
        { id: 'train.lr-0.1.bs-16', attempts: 2, job: { baseId: 'train' } },
        { id: 'train.lr-0.01.bs-32', job: { baseId: 'train' } },
      ],
    });
    const params: Array<Record<string, string | number | boolean> | undefined> = [
      undefined,
      { epochs: 3, lr: '0.1', bs: 16 },
      { epochs: 3, lr: '0.01', bs: 32, 'a|b': true },
    ];
    summary.jobs.forEach((job, i) => {
      if (params[i]) (job as SummaryJob & { params?: unknown }).params = params[i];
    });
    summary.jobs[0].curves = [curve({ loss: ramp(5, (k) => 5 - k) })];
    return summary;
  }

  test('sweep parameters are columns of their own; epochs/folds are not; values escaped', () => {
    const summary = sweepSummary();
    expect(paramColumns(summary.jobs.map((job) => sweepParams(job)))).toEqual(['lr', 'bs', 'a|b']);
    const page = renderStepSummary(summary);
    expect(page).toMatch(
      /^\| Job \| lr \| bs \| a\\\|b \| Status \| Attempts \| Duration \| Main metric \|$/m,
    );
    expect(page).toMatch(/^\| --- \| --- \| --- \| --- \| --- \| ---: \| ---: \| --- \|$/m);
    expect(page).toMatch(/^\| plain \| — \| — \| — \| ✅ succeeded \|/m);
    expect(page).toMatch(/^\| train.lr-0.01.bs-32 \| 0.01 \| 32 \| true \| ✅ succeeded \|/m);
  });

  test('no sweep: the table is as before', () => {
    const page = renderStepSummary(makeSummary({ jobs: [{ id: 'a' }] }));
    expect(page).toMatch(/^\| Job \| Status \| Attempts \| Duration \| Main metric \|$/m);
  });

  test('a job that passed after a retry is marked, and counted in the heading', () => {
    const page = renderStepSummary(sweepSummary());
    expect(page).toMatch(
      /^\| train.lr-0.1.bs-16 \| 0.1 \| 16 \| — \| ✅ succeeded after a retry 🔁 \| 2 \|/m,
    );
    expect(page).toMatch(/🔁 1 passed after a retry/);
  });

  test('the learning curves come after the timeline', () => {
    const page = renderStepSummary(sweepSummary());
    expect(page.indexOf('### Learning curves')).toBeGreaterThan(page.indexOf('### Timeline'));
    expect(page).toMatch(/xychart-beta\n {2}title "plain: loss"/);
  });

  test('the commit, the run and the artifacts are linked under the heading', () => {
    const links = runLinksFromEnv({
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/models',
      GITHUB_RUN_ID: '123',
      GITHUB_SHA: 'abcdef0123456789abcdef0123456789abcdef01',
    });
    const page = renderStepSummary(sweepSummary(), { links });
    expect(page).toContain(
      'Commit [`abcdef0`](https://github.com/acme/models/commit/abcdef0123456789abcdef0123456789abcdef01) · ' +
        '[Run 123](https://github.com/acme/models/actions/runs/123) · ' +
        '[Artifacts](https://github.com/acme/models/actions/runs/123#artifacts)',
    );
  });

  test('under a small size budget the charts go before the table rows do, and the page fits', () => {
    const summary = makeSummary({ jobs: Array.from({ length: 40 }, (_, i) => ({ id: `job-${i}` })) });
    for (const job of summary.jobs)
      job.curves = [curve({ loss: ramp(50, (k) => k), val_loss: ramp(50, (k) => k) })];
    const full = renderStepSummary(summary);
    expect(full).toContain('### Learning curves');
    const small = renderStepSummary(summary, { maxBytes: 8 * 1024 });
    expect(Buffer.byteLength(small)).toBeLessThanOrEqual(8 * 1024);
    expect(small).not.toContain('xychart-beta');
  });
});

describe('sweep parameters of summaries without params, read back from id and command', () => {
  test('the real planner: keys with dots, dashes and underscores, values with slashes and spaces, extra args', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'to-sweep-'));
    try {
      fs.mkdirSync(path.join(root, 'training'));
      fs.writeFileSync(
        path.join(root, 'training', 'train_m.py'),
        'import argparse\np = argparse.ArgumentParser()\np.add_argument("--output-dir")\np.parse_known_args()\n',
      );
      fs.mkdirSync(path.join(root, '.github'));
      fs.writeFileSync(
        path.join(root, '.github', 'training-jobs.yml'),
        [
          'jobs:',
          '  m:',
          '    matrix:',
          '      learning_rate: [0.1, 1e-3]',
          '      opt.name: ["adam/w", "s g d"]',
          '      drop-out: [0]',
          '      include:',
          '        - {learning_rate: 0.1, extra_key: yes}',
          '',
        ].join('\n'),
      );
      const settings = parseSettings({ extra_args: '--seed 7' }, { workspace: root });
      const plan = await buildPlan(settings, { resolvePython: async () => '/usr/bin/python3' });
      const summary = buildSummary({
        settings,
        plan,
        results: [],
        startedAt: new Date(0),
        finishedAt: new Date(1000),
        status: 'success',
        redactor: new Redactor([]),
      });
      const variants = summary.jobs.filter((job) => job.base_id === 'm');
      expect(variants).toHaveLength(4);
      expect(variants.map((job) => sweepParams(job, summary.options.extra_args))).toEqual([
        { learning_rate: '0.1', 'opt.name': 'adam/w', 'drop-out': '0', extra_key: 'yes' },
        { learning_rate: '0.1', 'opt.name': 's g d', 'drop-out': '0', extra_key: 'yes' },
        { learning_rate: '1e-3', 'opt.name': 'adam/w', 'drop-out': '0' },
        { learning_rate: '1e-3', 'opt.name': 's g d', 'drop-out': '0' },
      ]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test.each<[string, { id: string; base_id: string | null; command: string[]; extra?: string[] }]>([
    ['not a variant', { id: 'm', base_id: null, command: ['py', 'm.py', '--lr', '1'] }],
    ['a renamed flag (matrix_flags)', { id: 'm.lr-1', base_id: 'm', command: ['py', 'm.py', '-l', '1'] }],
    ['a masked value', { id: 'm.lr-1', base_id: 'm', command: ['py', 'm.py', '--lr', '***'] }],
    ['more id than flags', { id: 'm.a-1.lr-1', base_id: 'm', command: ['py', '--lr', '1'] }],
    [
      'extra args that do not end the command',
      { id: 'm.lr-1', base_id: 'm', command: ['py', '--lr', '1'], extra: ['--x'] },
    ],
  ])('%s: undefined, never a guess', (_, { extra, ...job }) => {
    expect(paramsFromCommand(job as never, extra ?? [])).toBeUndefined();
  });
});

describe('runLinksFromEnv', () => {
  const good = {
    GITHUB_SERVER_URL: 'https://ghe.example.com/',
    GITHUB_REPOSITORY: 'o/r',
    GITHUB_RUN_ID: '42',
    GITHUB_SHA: 'a'.repeat(40),
  };
  test('an upload id points the artifacts link at that artifact', () => {
    expect(runLinksFromEnv(good, 7)?.artifacts).toBe(
      'https://ghe.example.com/o/r/actions/runs/42/artifacts/7',
    );
  });
  test.each([
    ['no server', { ...good, GITHUB_SERVER_URL: undefined }],
    ['a javascript: server', { ...good, GITHUB_SERVER_URL: 'javascript:alert(1)' }],
    ['a server with credentials', { ...good, GITHUB_SERVER_URL: 'https://u:p@github.com' }],
    ['a repository with a path', { ...good, GITHUB_REPOSITORY: 'o/r/../x' }],
    ['a repository with markdown', { ...good, GITHUB_REPOSITORY: 'o/r)[x](y' }],
  ])('%s: no links', (_, env) => {
    expect(runLinksFromEnv(env)).toBeUndefined();
  });
  test('a run id or SHA of the wrong shape is left out, the rest kept', () => {
    expect(runLinksFromEnv({ ...good, GITHUB_RUN_ID: '42)' })).toEqual({
      commit: { sha: good.GITHUB_SHA, url: `https://ghe.example.com/o/r/commit/${good.GITHUB_SHA}` },
    });
    expect(runLinksFromEnv({ ...good, GITHUB_SHA: 'zz' })?.commit).toBeUndefined();
  });
});
