import type { Curve } from '../model/types.js';
import { cleanLine, escapeMarkdownInline } from './escape.js';
import { mainMetric, PREFERRED_METRICS } from './metrics.js';
import type { SummaryJob } from './summary.js';

/** Values per line of a chart: more do not show on a step-summary-wide chart and only cost bytes. */
export const CURVE_CHART_MAX_POINTS = 50;
/** Charts in one step summary (two per job at most: loss, main metric). */
export const CURVE_CHARTS_MAX = 10;
/** Lines of the current run per chart (a training and a validation series); the baseline adds as many. */
export const CURVE_CHART_MAX_SERIES = 2;
/** Values beyond this magnitude cannot be written without an exponent, which xychart-beta cannot parse. */
const MAX_MAGNITUDE = 1e15;

/** One line of a chart. */
export interface ChartLine {
  name: string;
  baseline: boolean;
  points: Array<[number, number]>;
}

/** One chart: a job's loss, or its main metric, over epochs or steps. */
export interface CurveChart {
  jobId: string;
  /** `loss`, or the main metric's name. */
  metric: string;
  x: 'epoch' | 'step';
  lines: ChartLine[];
}

/** Colours of the lines, in order: the run's series, then the baseline's (greys), matched by the legend. */
const COLOURS = {
  current: [
    { hex: '#1e88e5', square: '🟦' },
    { hex: '#fb8c00', square: '🟧' },
  ],
  baseline: [
    { hex: '#757575', square: '⬛' },
    { hex: '#a1887f', square: '🟫' },
  ],
} as const;

/**
 * Which charts a job gets, and which series go in each. The rule (documented in the README):
 * - a loss chart: the series whose name contains `loss` (case-insensitive), at most two: the best
 *   training one and the best validation one (`val_`, `valid_`, `validation_`, `test_`, `eval_` prefixes or
 *   `val/` …), shorter names first (`loss` before `loss_epoch`);
 * - a main-metric chart: the series that are the job's main metric (the one its table row shows, see
 *   metrics.ts), give or take a `train_`/`val_`… prefix and an `_epoch`/`_step` suffix; without metrics
 *   JSON, the first preferred metric name among the series. No second chart when the main metric is a loss;
 * - the baseline job's series of the same name and x (epoch/step) are added to each chart.
 * Series are taken from the job's curve files in path order; a name seen in two files keeps the first.
 */
export function pickCurveCharts(job: SummaryJob, baseline?: readonly Curve[] | null): CurveChart[] {
  const current = collectSeries(job.curves);
  if (current.size === 0) return [];
  const before = collectSeries(baseline);
  const charts: CurveChart[] = [];

  const losses = pickPair([...current.values()].filter((s) => /loss/i.test(s.name)));
  if (losses.length > 0) charts.push(chartOf(job.id, 'loss', losses, before));

  const main = mainMetricName(job, current);
  if (main && !/loss/i.test(main)) {
    const matching = [...current.values()].filter((s) => normalize(s.name) === main && !/loss/i.test(s.name));
    const pair = pickPair(matching);
    if (pair.length > 0) charts.push(chartOf(job.id, main, pair, before));
  }
  return charts;
}

/**
 * The Markdown of one chart: a Mermaid `xychart-beta` block and a one-line legend, or '' when the chart
 * has fewer than two x positions (one epoch is not a curve). All lines share one x grid of at most
 * CURVE_CHART_MAX_POINTS evenly spaced positions over the current run's x range (xychart-beta spreads
 * values evenly over a numeric axis); each line is interpolated linearly on it, and held at its first or
 * last value outside its own range (a baseline that ran fewer epochs ends flat). Non-finite values and
 * magnitudes beyond 1e15 are left out; numbers are written without exponents.
 */
export function renderCurveChart(chart: CurveChart): string {
  // Curves may come from a summary file (a merge, a baseline): anything that is not an [x, y] pair of
  // plottable numbers is left out rather than trusted.
  const lines = chart.lines
    .map((line) => ({
      ...line,
      points: (Array.isArray(line.points) ? line.points : []).filter(
        (p): p is [number, number] => Array.isArray(p) && plottable(p[0]) && plottable(p[1]),
      ),
    }))
    .filter((line) => line.points.length > 0);
  const current = lines.filter((line) => !line.baseline);
  if (current.length === 0) return '';
  const grid = xGrid(current.map((line) => line.points));
  if (grid.length < 2) return '';

  const values = lines.map((line) => grid.map((x) => interpolate(line.points, x)));
  const yDigits = decimalsFor(values.flat());
  const xDigits = decimalsFor(grid);
  const coloured = lines.map((line, i) => {
    const palette = line.baseline ? COLOURS.baseline : COLOURS.current;
    const index = lines.slice(0, i).filter((other) => other.baseline === line.baseline).length;
    return { line, colour: palette[Math.min(index, palette.length - 1)], values: values[i] };
  });

  const title = `${chartText(chart.jobId, 60)}: ${chartText(chart.metric, 40)}`;
  const body = [
    '```mermaid',
    '---',
    'config:',
    '  themeVariables:',
    '    xyChart:',
    `      plotColorPalette: "${coloured.map((c) => c.colour.hex).join(', ')}"`,
    '---',
    'xychart-beta',
    `  title "${title}"`,
    `  x-axis "${chart.x === 'step' ? 'step' : 'epoch'}" ${formatNumber(grid[0], xDigits)} --> ${formatNumber(grid[grid.length - 1], xDigits)}`,
    `  y-axis "${chartText(chart.metric, 40)}"`,
    ...coloured.map(
      (c) =>
        `  line "${chartText(legendName(c.line), 50)}" [${c.values.map((v) => formatNumber(v, yDigits)).join(', ')}]`,
    ),
    '```',
  ];
  const legend = coloured
    .map((c) => `${c.colour.square} ${escapeMarkdownInline(cleanLine(legendName(c.line), 60))}`)
    .join(' · ');
  return `${body.join('\n')}\n\n${legend}`;
}

/**
 * The "Learning curves" section of the step summary: per job (in the order given) its charts, at most
 * `maxCharts` in all, with a note of how many jobs' curves were left out. Linear in the number of jobs, and
 * only the charts shown are rendered. `baseline` is the baseline summary's jobs
 * (matched by id) when there is one. '' when no job has a curve worth a chart.
 */
export function renderCurvesSection(
  jobs: readonly SummaryJob[],
  options: {
    baseline?: { jobs: readonly Pick<SummaryJob, 'id' | 'curves'>[] } | null;
    maxCharts?: number;
  } = {},
): string {
  const maxCharts = Math.max(0, Math.floor(options.maxCharts ?? CURVE_CHARTS_MAX));
  const baselineById = new Map((options.baseline?.jobs ?? []).map((job) => [job.id, job.curves ?? null]));
  const blocks: string[] = [];
  // Jobs with curves whose charts did not all fit: counted, not rendered (a run may have 100,000 jobs).
  let left = 0;
  for (const job of jobs) {
    if (!Array.isArray(job.curves) || job.curves.length === 0) continue;
    if (blocks.length >= maxCharts) {
      left += 1;
      continue;
    }
    const charts = pickCurveCharts(job, baselineById.get(job.id));
    let shown = 0;
    for (const chart of charts) {
      if (blocks.length >= maxCharts) break;
      const text = renderCurveChart(chart);
      if (!text) continue;
      blocks.push(text);
      shown += 1;
    }
    if (shown < charts.length && blocks.length >= maxCharts) left += 1;
  }
  if (blocks.length === 0) return '';
  const note =
    left > 0
      ? `\n\n_Learning curves of ${left} more job${left === 1 ? '' : 's'} are not charted here (at most ${maxCharts} charts); the JSON summary has them._`
      : '';
  return `### Learning curves\n\n${blocks.join('\n\n')}${note}`;
}

interface NamedSeries {
  name: string;
  x: 'epoch' | 'step';
  points: Array<[number, number]>;
  order: number;
}

function collectSeries(curves: readonly Curve[] | null | undefined): Map<string, NamedSeries> {
  const out = new Map<string, NamedSeries>();
  for (const curve of Array.isArray(curves) ? curves : []) {
    if (curve === null || typeof curve !== 'object') continue;
    const series = curve.series !== null && typeof curve.series === 'object' ? curve.series : {};
    const x = curve.x === 'step' ? 'step' : 'epoch';
    for (const [name, points] of Object.entries(series)) {
      if (out.has(name) || !Array.isArray(points) || points.length === 0) continue;
      out.set(name, { name, x, points, order: out.size });
    }
  }
  return out;
}

const EVALUATION =
  /^(?:val|valid|validation|test|eval)(?:[_./-]|$)|[_./-](?:val|valid|validation|test|eval)(?:[_./-]|$)/i;

/** The best training series and the best validation series (or the best two of whichever kind there is). */
function pickPair(series: NamedSeries[]): NamedSeries[] {
  const rank = (a: NamedSeries, b: NamedSeries): number => a.name.length - b.name.length || a.order - b.order;
  const train = series.filter((s) => !EVALUATION.test(s.name)).sort(rank);
  const evaluation = series.filter((s) => EVALUATION.test(s.name)).sort(rank);
  const picked =
    train.length > 0 && evaluation.length > 0 ? [train[0], evaluation[0]] : [...train, ...evaluation];
  // One x per chart: the first pick's.
  const x = picked[0]?.x;
  return picked.filter((s) => s.x === x).slice(0, CURVE_CHART_MAX_SERIES);
}

/** `val_accuracy`, `train/acc_epoch` → `accuracy`, `acc`: the name without its split prefix or step suffix. */
function normalize(name: string): string {
  return name
    .toLowerCase()
    .replace(/^(?:train|training|val|valid|validation|test|eval)[_./-]/, '')
    .replace(/[_./-](?:epoch|step)$/, '');
}

function mainMetricName(job: SummaryJob, series: ReadonlyMap<string, NamedSeries>): string | undefined {
  const fromJson = mainMetric(job.metrics);
  if (fromJson) {
    const dot = fromJson.name.lastIndexOf('.');
    return normalize(dot >= 0 ? fromJson.name.slice(dot + 1) : fromJson.name);
  }
  const names = new Set([...series.keys()].map(normalize));
  return PREFERRED_METRICS.find((name) => !/loss/.test(name) && names.has(name));
}

function chartOf(
  jobId: string,
  metric: string,
  picked: NamedSeries[],
  before: ReadonlyMap<string, NamedSeries>,
): CurveChart {
  const lines: ChartLine[] = picked.map((s) => ({ name: s.name, baseline: false, points: s.points }));
  for (const s of picked) {
    const old = before.get(s.name);
    if (old && old.x === s.x) lines.push({ name: s.name, baseline: true, points: old.points });
  }
  return { jobId, metric, x: picked[0].x, lines };
}

function legendName(line: ChartLine): string {
  return line.baseline ? `${line.name} (baseline)` : line.name;
}

function plottable(value: number): boolean {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) < MAX_MAGNITUDE;
}

/**
 * The x positions of a chart: the run's own x values when there are at most CURVE_CHART_MAX_POINTS of them
 * and they are evenly spaced (epochs 1…20), else that many evenly spaced positions over their range.
 */
function xGrid(series: Array<Array<[number, number]>>): number[] {
  const xs = [...new Set(series.flatMap((points) => points.map(([x]) => x)))].sort((a, b) => a - b);
  if (xs.length < 2) return xs;
  const first = xs[0];
  const last = xs[xs.length - 1];
  const step = (last - first) / (xs.length - 1);
  const even = xs.every((x, i) => Math.abs(x - (first + i * step)) <= Math.abs(step) * 1e-9);
  if (even && xs.length <= CURVE_CHART_MAX_POINTS) return xs;
  const n = Math.min(CURVE_CHART_MAX_POINTS, xs.length);
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? last : first + ((last - first) * i) / (n - 1)));
}

/** y at x on the polyline through `points` (in x order), held flat beyond its ends. */
function interpolate(points: Array<[number, number]>, x: number): number {
  const sorted =
    points.length > 1 && points.some((p, i) => i > 0 && p[0] < points[i - 1][0])
      ? [...points].sort((a, b) => a[0] - b[0])
      : points;
  if (x <= sorted[0][0]) return sorted[0][1];
  const end = sorted[sorted.length - 1];
  if (x >= end[0]) return end[1];
  let low = 0;
  let high = sorted.length - 1;
  while (high - low > 1) {
    const mid = (low + high) >> 1;
    if (sorted[mid][0] <= x) low = mid;
    else high = mid;
  }
  const [x0, y0] = sorted[low];
  const [x1, y1] = sorted[high];
  return x1 === x0 ? y1 : y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
}

/** Decimals that give six significant digits to the largest magnitude among `values` (0 to 12). */
function decimalsFor(values: number[]): number {
  const largest = values.reduce((max, v) => Math.max(max, Math.abs(v)), 0);
  if (largest === 0) return 0;
  return Math.min(12, Math.max(0, 5 - Math.floor(Math.log10(largest))));
}

/** Fixed-point, trailing zeros dropped, never `-0` or an exponent (|value| < 1e15 here). */
export function formatNumber(value: number, decimals: number): string {
  let text = value.toFixed(decimals);
  if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  return text === '-0' ? '0' : text;
}

/**
 * Text inside a double-quoted xychart-beta string (title, axis or line name). The grammar has no escape for
 * `"`; `#…;` would be read as an entity code, `%%` may start a comment in some versions, `<`/`>` are HTML
 * to the renderer, and a backtick run could close the Markdown fence around the chart: all are replaced
 * by look-alikes. Control characters and line breaks go; at most `maxChars` characters.
 */
export function chartText(text: string, maxChars: number): string {
  const cleaned = cleanLine(String(text).replace(/[\r\n\t]+/g, ' '), maxChars)
    .replace(/"/g, "'")
    .replace(/`/g, "'")
    .replace(/#/g, '＃')
    .replace(/%/g, '％')
    .replace(/</g, '‹')
    .replace(/>/g, '›')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned === '' ? '_' : cleaned;
}
