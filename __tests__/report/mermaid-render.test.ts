/**
 * Every Mermaid block the step summary can hold (the timeline gantt and the learning-curve charts) is
 * rendered by real Mermaid (@mermaid-js/mermaid-cli driving Debian's chromium), from ordinary and hostile
 * inputs: ids and metric names with quotes, `%%`, `:`, `#`, `;`, backticks, HTML, unicode, very long names,
 * many jobs, huge, negative, tiny and non-finite numbers. All diagrams go through one browser session and
 * one page (mermaid-cli's own Mermaid build, ~40 ms a diagram); a few also through mermaid-cli's
 * renderMermaid (a page each, ~1 s), so both paths are known to agree. See support/mermaid/render-all.mjs.
 *
 * Without chromium the test is skipped with a reason, except in CI (CI=true), where it fails: .ci/run
 * installs chromium, so a missing browser there is a broken CI, not a reason to skip.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type { Curve } from '../../src/model/types.js';
import { renderStepSummary } from '../../src/report/markdown.js';
import { renderCurveChart, type CurveChart } from '../../src/report/markdown-curves.js';
import type { Summary } from '../../src/report/summary.js';
import { makeSummary, type JobSpec } from './fixtures.js';

const CHROMIUM = process.env.MERMAID_CHROMIUM ?? '/usr/bin/chromium';
const HELPER = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../support/mermaid/render-all.mjs',
);
const available = fs.existsSync(CHROMIUM);
const inCi = process.env.CI === 'true' || process.env.CI === '1';
if (!available && !inCi) {
  console.warn(
    `Mermaid render test skipped: no chromium at ${CHROMIUM} (apt-get install chromium, or set MERMAID_CHROMIUM).`,
  );
}
const renderTest = available || inCi ? test : test.skip;

interface RenderResult {
  index: number;
  ok: boolean;
  error?: string;
}
interface RenderReport {
  results: RenderResult[];
  cli: RenderResult[];
}
/** Diagrams also rendered through mermaid-cli's renderMermaid (the control, a gantt, charts). */
const CLI_COUNT = 4;

function renderAll(diagrams: string[]): Promise<RenderReport> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'to-mermaid-'));
  const input = path.join(dir, 'diagrams.json');
  fs.writeFileSync(input, JSON.stringify(diagrams));
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [HELPER, input, CHROMIUM, String(CLI_COUNT)],
      { timeout: 150_000, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NODE_OPTIONS: '' } },
      (error, stdout, stderr) => {
        fs.rmSync(dir, { recursive: true, force: true });
        if (error) reject(new Error(`the Mermaid renderer failed: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as RenderReport);
      },
    );
  });
}

/** The ```mermaid blocks of a Markdown page, without their fences. */
function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)\n```$/gm)].map((match) => match[1]);
}

const HOSTILE_NAMES = [
  'say "hi"',
  'a %% comment',
  '%%{init: {"theme":"dark"}}%%',
  'key: value; other # x',
  '#quot; #35; &amp;',
  'back`tick ```fence',
  '<script>alert(1)</script>',
  'line\nbreak\r\nand\ttab',
  'ünïcödé 中文 🚀 ﷽',
  'x'.repeat(300),
  '',
  '   ',
  '--> [1, 2]',
  'title',
  'end',
  '{}[]()',
];

function epochCurve(series: Record<string, Array<[number, number]>>, x: Curve['x'] = 'epoch'): Curve {
  return { file: 'results/a/metrics/history.csv', x, points: 10, series };
}

function ramp(n: number, f: (i: number) => number, x0 = 1, dx = 1): Array<[number, number]> {
  return Array.from({ length: n }, (_, i): [number, number] => [x0 + i * dx, f(i)]);
}

/** Fixed cases: each hostile name as a job id and as a metric name, odd numbers, many jobs, a baseline. */
function fixedSummaries(): { summary: Summary; baseline?: Summary }[] {
  const cases: { summary: Summary; baseline?: Summary }[] = [];
  const jobs: JobSpec[] = HOSTILE_NAMES.map((name, i) => ({
    id: name || `empty-${i}`,
    start: i,
    status: i % 3 === 0 ? 'failed' : 'succeeded',
    optional: i % 4 === 0,
    metrics: { main_metric: name, [name]: 0.5 },
  }));
  const hostile = makeSummary({ jobs });
  hostile.jobs.forEach((job, i) => {
    job.shard = i % 2 ? `1/2 ${HOSTILE_NAMES[i]}` : null;
    job.curves = [
      epochCurve({
        [HOSTILE_NAMES[i] || 'x']: ramp(12, (k) => 1 / (k + 1)),
        [`val_${HOSTILE_NAMES[i]}`]: ramp(12, (k) => 1.1 / (k + 1)),
        [`loss ${HOSTILE_NAMES[i]}`]: ramp(12, (k) => 2 - k / 10),
      }),
    ];
  });
  cases.push({ summary: hostile });

  const numbers = makeSummary({
    jobs: [{ id: 'numbers', metrics: { accuracy: 1 } }],
  });
  numbers.jobs[0].curves = [
    epochCurve({
      loss: [
        [0, 1e14],
        [1, -1e14],
        [2, 5e-324],
        [3, Number.NaN],
        [4, Infinity],
        [5, -0],
        [6, 1e300],
        [7, 123456789.12345679],
      ],
      val_loss: ramp(40, (k) => -1e-9 * k),
      accuracy: ramp(3, () => 0.1 + 0.2),
      val_accuracy: [
        [1e-7, 1e-7],
        [2e-7, 3e-7],
      ],
    }),
  ];
  const baseline = makeSummary({ jobs: [{ id: 'numbers' }] });
  baseline.jobs[0].curves = [
    epochCurve({ loss: ramp(5, (k) => 1e13 / (k + 1)), accuracy: ramp(200, (k) => k / 200, 0, 0.25) }),
  ];
  cases.push({ summary: numbers, baseline });

  const steps = makeSummary({ jobs: [{ id: 'lightning', metrics: { val_acc: 0.8 } }] });
  steps.jobs[0].curves = [
    epochCurve(
      {
        train_loss_step: ramp(100, (k) => Math.exp(-k / 30), 49, 50),
        val_loss: ramp(5, (k) => 0.9 - k / 10, 999, 1000),
        val_acc: ramp(5, (k) => 0.5 + k / 20, 999, 1000),
      },
      'step',
    ),
  ];
  cases.push({ summary: steps });

  const many = makeSummary({
    jobs: Array.from({ length: 150 }, (_, i) => ({ id: `job-${i}`, start: i * 3, duration: 2 + (i % 7) })),
  });
  cases.push({ summary: many });

  // The run's memory and CPU charts (issue 12): an ordinary run, gigabytes, a flat zero line, odd numbers.
  const timelines: Array<Array<[number, number, number]>> = [
    Array.from({ length: 200 }, (_, i): [number, number, number] => [
      i * 0.5,
      (100 + i) * 1024 * 1024,
      (i % 7) / 3,
    ]),
    Array.from({ length: 30 }, (_, i): [number, number, number] => [
      i * 60,
      i * 3 * 1024 ** 3,
      16 * Math.random(),
    ]),
    [
      [0, 0, 0],
      [0.2, 0, 0],
    ],
    [
      [0, 1, 1e-9],
      [1e-3, 5e-324, 123456.789],
      [3e6, 2 ** 52, 0.1 + 0.2],
    ],
  ];
  for (const timeline of timelines) {
    const summary = makeSummary({ jobs: [{ id: 'measured' }] });
    summary.resources = {
      interval_ms: 500,
      samples: timeline.length,
      peak_rss_bytes: Math.max(...timeline.map((p) => p[1])),
      cpu_seconds: 12.3,
      cpu_peak_cores: 3.2,
      peak_processes: 9,
      timeline,
    };
    cases.push({ summary });
  }
  return cases;
}

const name = fc.oneof(
  fc.constantFrom(...HOSTILE_NAMES),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.stringMatching(/^[a-z_]{1,12}(loss|acc|accuracy)?$/),
);
const value = fc.oneof(
  fc.double(),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  fc.double({ min: -1e-6, max: 1e-6, noNaN: true }),
  fc.constantFrom(0, -0, 1e15, -1e15, 1e21, 1e-300),
);
const points = fc.array(fc.tuple(fc.oneof(fc.integer({ min: -5, max: 5000 }), fc.double()), value), {
  minLength: 0,
  maxLength: 120,
});
const chart: fc.Arbitrary<CurveChart> = fc.record({
  jobId: name,
  metric: name,
  x: fc.constantFrom('epoch' as const, 'step' as const),
  lines: fc.array(fc.record({ name, baseline: fc.boolean(), points }), { minLength: 1, maxLength: 4 }),
});

renderTest(
  'every Mermaid block of the step summary renders in real Mermaid, hostile inputs included',
  async () => {
    if (!available) {
      throw new Error(
        `CI=true but no chromium at ${CHROMIUM}: .ci/run installs it (apt-get install -y chromium). The Mermaid render test cannot be skipped in CI.`,
      );
    }
    const diagrams: { label: string; text: string }[] = [];
    for (const [i, { summary, baseline }] of fixedSummaries().entries()) {
      const page = renderStepSummary(summary, { baseline });
      const blocks = mermaidBlocks(page);
      expect(blocks.length).toBeGreaterThan(0);
      for (const [k, text] of blocks.entries()) diagrams.push({ label: `fixed case ${i} block ${k}`, text });
    }
    // Random charts, fixed seed so a failure reproduces; charts fast-check shrinks to nothing are skipped.
    const randomCharts = fc.sample(chart, { seed: 20261203, numRuns: 1000 });
    let added = 0;
    for (const [i, c] of randomCharts.entries()) {
      const markdown = renderCurveChart(c);
      if (!markdown) continue;
      for (const text of mermaidBlocks(markdown))
        diagrams.push({ label: `random chart ${i}: ${JSON.stringify(c).slice(0, 300)}`, text });
      if (++added >= 120) break;
    }
    expect(added).toBeGreaterThanOrEqual(100);

    // The harness itself: a diagram Mermaid cannot parse must be reported (exponents are not numbers to xychart-beta).
    const control = 'xychart-beta\n  x-axis "epoch" 1 --> 2\n  line [1e-7, 2]';
    const started = Date.now();
    const { results, cli } = await renderAll([control, ...diagrams.map((d) => d.text)]);
    console.log(
      `Mermaid: ${results.length} diagrams rendered in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
        `(one browser; ${cli.length} of them through mermaid-cli's renderMermaid too).`,
    );
    expect(results).toHaveLength(diagrams.length + 1);
    expect(results[0]).toMatchObject({ ok: false, error: expect.stringMatching(/Parse error/) });
    expect(cli[0]).toMatchObject({ ok: false });

    const describe = (r: RenderResult): string =>
      `${diagrams[r.index - 1].label}\n${diagrams[r.index - 1].text}\n→ ${r.error}`;
    expect(
      results
        .slice(1)
        .filter((r) => !r.ok)
        .map(describe),
    ).toEqual([]);
    expect(
      cli
        .slice(1)
        .filter((r) => !r.ok)
        .map(describe),
    ).toEqual([]);
  },
  120_000,
);
