import type { MetricRules } from '../model/types.js';
import { compareMetrics, type MetricComparison, type Verdict } from './compare.js';
import { cleanLine } from './escape.js';
import { formatMetricValue } from './metrics.js';
import type { Summary, SummaryJob } from './summary.js';

/*
 * Plain text about metrics and gates, for the console after the final table and for `compare OLD NEW`.
 */

/** Lines of metric changes shown after the final table; the JSON summary has them all. */
export const CONSOLE_CHANGE_LINES = 20;
/** Broken gates listed after the final table. */
export const CONSOLE_GATE_LINES = 20;

/** One job's comparison, for the `compare` command. */
export interface JobComparison {
  id: string;
  /** Where the job is: in both summaries, only the old one, or only the new one. */
  presence: 'both' | 'old' | 'new';
  metrics: MetricComparison[];
}

/** The result of `compare OLD NEW`, also its `--json` output. */
export interface SummaryComparison {
  old: { started_at: string; commit: string | null };
  new: { started_at: string; commit: string | null };
  jobs: JobComparison[];
  counts: Record<Verdict, number>;
  regressed_jobs: string[];
  improved_jobs: string[];
}

/**
 * Every job of two summaries (new ones in their order, then the ones only the old summary has) with
 * every numeric metric compared. Directions and tolerances: those the new summary recorded in its own
 * comparison for the job (the config it ran with), else the rules by name (see directionOf).
 */
export function compareSummaries(older: Summary, newer: Summary): SummaryComparison {
  const oldJobs = new Map<string, SummaryJob>();
  for (const job of older.jobs) oldJobs.set(job.id, job);
  const newIds = new Set(newer.jobs.map((job) => job.id));
  const jobs: JobComparison[] = [];
  for (const job of newer.jobs) {
    const before = oldJobs.get(job.id);
    jobs.push({
      id: job.id,
      presence: before ? 'both' : 'new',
      metrics: compareMetrics(job.metrics, before?.metrics ?? null, recordedRules(job)),
    });
  }
  for (const job of older.jobs) {
    if (newIds.has(job.id) || jobs.some((entry) => entry.id === job.id)) continue;
    jobs.push({ id: job.id, presence: 'old', metrics: compareMetrics(null, job.metrics) });
  }
  const counts: Record<Verdict, number> = { improved: 0, regressed: 0, unchanged: 0, new: 0, missing: 0 };
  const regressed: string[] = [];
  const improved: string[] = [];
  for (const job of jobs) {
    for (const entry of job.metrics) counts[entry.verdict] += 1;
    if (job.metrics.some((entry) => entry.verdict === 'regressed')) regressed.push(job.id);
    else if (job.metrics.some((entry) => entry.verdict === 'improved')) improved.push(job.id);
  }
  return {
    old: { started_at: older.started_at, commit: commitOf(older) },
    new: { started_at: newer.started_at, commit: commitOf(newer) },
    jobs,
    counts,
    regressed_jobs: regressed,
    improved_jobs: improved,
  };
}

function recordedRules(job: SummaryJob): MetricRules {
  const rules: Record<string, { better: 'higher' | 'lower'; tolerance: number }> = Object.create(null);
  for (const entry of Array.isArray(job.comparison) ? job.comparison : []) {
    if (entry && typeof entry.metric === 'string' && (entry.better === 'higher' || entry.better === 'lower'))
      rules[entry.metric] = {
        better: entry.better,
        tolerance: typeof entry.tolerance === 'number' ? entry.tolerance : 0,
      };
  }
  return rules;
}

function commitOf(summary: Summary): string | null {
  const commit = (summary.provenance as { commit?: unknown } | undefined)?.commit;
  return typeof commit === 'string' ? commit : null;
}

/**
 * The `compare` table: one row per metric (`JOB METRIC OLD NEW DELTA CHANGE VERDICT`), then a line of counts.
 * A job without numeric metrics on either side gets one row saying so.
 */
export function formatComparisonTable(comparison: SummaryComparison): string {
  const header = ['JOB', 'METRIC', 'OLD', 'NEW', 'DELTA', 'CHANGE', 'VERDICT'];
  const right = [false, false, true, true, true, true, false];
  const rows: string[][] = [];
  for (const job of comparison.jobs) {
    const id =
      cleanLine(job.id, 80) +
      (job.presence === 'new' ? ' (new job)' : job.presence === 'old' ? ' (gone)' : '');
    if (job.metrics.length === 0) rows.push([id, '-', '', '', '', '', 'no numeric metrics']);
    for (const entry of job.metrics) {
      rows.push([
        id,
        cleanLine(entry.metric, 60),
        entry.baseline === null ? '-' : formatMetricValue(entry.baseline),
        entry.value === null ? '-' : formatMetricValue(entry.value),
        entry.delta === null ? '' : signed(entry.delta),
        entry.relative === null ? '' : `${signed(entry.relative * 100)} %`,
        verdictText(entry),
      ]);
    }
  }
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((row) => width(row[col]))));
  const line = (cells: string[]): string =>
    cells
      .map((cell, col) => (col === cells.length - 1 ? cell : pad(cell, widths[col], right[col])))
      .join('  ')
      .replace(/ +$/, '');
  const c = comparison.counts;
  const total = `${c.improved} improved, ${c.regressed} regressed, ${c.unchanged} unchanged, ${c.new} new, ${c.missing} missing`;
  return [line(header), ...rows.map(line), '', total].join('\n');
}

/**
 * What the console shows after the final table of a run: the baseline, the metrics that changed
 * (at most CONSOLE_CHANGE_LINES), and each broken gate (at most CONSOLE_GATE_LINES). Empty when the run
 * had no baseline setting and no gates.
 */
export function formatQualityLines(summary: Summary): string {
  const lines: string[] = [];
  if (summary.baseline) {
    const b = summary.baseline;
    const commit = b.commit ? `, commit ${b.commit.slice(0, 12)}` : '';
    lines.push(`Baseline: ${cleanLine(b.path, 200)} (run of ${b.started_at}${commit})`);
    const changes = summary.jobs.flatMap((job) =>
      (job.comparison ?? [])
        .filter((entry) => entry.verdict === 'regressed' || entry.verdict === 'improved')
        .map((entry) => ({ job, entry })),
    );
    const regressed = changes.filter((change) => change.entry.verdict === 'regressed');
    const improved = changes.filter((change) => change.entry.verdict === 'improved');
    lines.push(
      changes.length === 0
        ? 'Metrics: no metric changed beyond its tolerance.'
        : `Metrics: ${regressed.length} regressed, ${improved.length} improved.`,
    );
    // Regressions first: they are what a reader acts on.
    const shown = [...regressed, ...improved];
    for (const { job, entry } of shown.slice(0, CONSOLE_CHANGE_LINES)) {
      lines.push(
        `  ${entry.verdict === 'regressed' ? '▼' : '▲'} ${cleanLine(job.id, 80)}: ${describeChange(entry)}`,
      );
    }
    if (shown.length > CONSOLE_CHANGE_LINES)
      lines.push(`  … and ${shown.length - CONSOLE_CHANGE_LINES} more in the JSON summary.`);
  } else if (summary.baseline === null && summary.options.baseline) {
    lines.push('Baseline: none could be read; metrics were not compared.');
  }
  const broken = summary.jobs.flatMap((job) => (job.gates?.broken ?? []).map((gate) => ({ job, gate })));
  if (summary.gates) {
    lines.push(
      broken.length === 0
        ? 'Gates: all passed.'
        : `Gates: ${broken.length} broken${summary.gates.passed ? ' (optional jobs only: the run is not failed by them)' : ''}.`,
    );
    for (const { job, gate } of broken.slice(0, CONSOLE_GATE_LINES))
      lines.push(`  ✗ ${cleanLine(gate.message, 500)}${job.optional ? ' (optional job)' : ''}`);
    if (broken.length > CONSOLE_GATE_LINES)
      lines.push(`  … and ${broken.length - CONSOLE_GATE_LINES} more in the JSON summary.`);
  }
  return lines.join('\n');
}

/** `accuracy 0.91 → 0.85 (-0.06, -6.59 %)`. */
export function describeChange(entry: MetricComparison): string {
  const from = entry.baseline === null ? '-' : formatMetricValue(entry.baseline);
  const to = entry.value === null ? '-' : formatMetricValue(entry.value);
  const parts = [
    entry.delta === null ? '' : signed(entry.delta),
    entry.relative === null ? '' : `${signed(entry.relative * 100)} %`,
  ]
    .filter((part) => part !== '')
    .join(', ');
  return `${cleanLine(entry.metric, 60)} ${from} → ${to}${parts ? ` (${parts})` : ''}`;
}

function verdictText(entry: MetricComparison): string {
  const direction = entry.better === 'lower' ? 'lower is better' : 'higher is better';
  switch (entry.verdict) {
    case 'improved':
      return `improved (${direction})`;
    case 'regressed':
      return `REGRESSED (${direction})`;
    default:
      return entry.verdict;
  }
}

/** `+0.012`, `-3`, `0`: four significant digits with an explicit sign. */
export function signed(value: number): string {
  const text = formatMetricValue(value);
  return value > 0 ? `+${text}` : text;
}

function width(text: string): number {
  return Array.from(text).length;
}

function pad(text: string, size: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, size - width(text)));
  return right ? fill + text : text + fill;
}
