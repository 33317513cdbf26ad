import type { Summary, SummaryJob } from './summary.js';

/**
 * The parts of a schema-2 summary (issue 11's contract) that the pull-request comment and the
 * notification read: the comparison with the baseline and the gates. Read structurally and
 * defensively, so a version-1 summary (no such fields) or a partial one renders as "no comparison".
 */
export interface ComparisonEntry {
  metric: string;
  value: number | null;
  baseline: number | null;
  delta: number | null;
  relative: number | null;
  better: 'higher' | 'lower';
  tolerance: number;
  verdict: 'improved' | 'regressed' | 'unchanged' | 'new' | 'missing';
}

export interface BrokenGateEntry {
  metric: string;
  rule: string;
  value: number | null;
  bound: number | null;
  baseline: number | null;
  message: string;
}

/** One row of a metric-diff table. */
export interface ComparisonRow extends ComparisonEntry {
  job: string;
}

const VERDICTS = new Set(['improved', 'regressed', 'unchanged', 'new', 'missing']);

/** The job's comparison entries, or null when there is no baseline (or the field is absent or malformed). */
export function comparisonOf(job: SummaryJob): ComparisonEntry[] | null {
  const value = (job as { comparison?: unknown }).comparison;
  if (!Array.isArray(value)) return null;
  return value.filter(
    (entry): entry is ComparisonEntry =>
      typeof entry === 'object' &&
      entry !== null &&
      typeof (entry as ComparisonEntry).metric === 'string' &&
      VERDICTS.has((entry as ComparisonEntry).verdict),
  );
}

/** The job's broken gates (empty when none, or when no gate applies). */
export function brokenGatesOf(job: SummaryJob): BrokenGateEntry[] {
  const gates = (job as { gates?: { broken?: unknown } }).gates;
  if (!gates || !Array.isArray(gates.broken)) return [];
  return gates.broken.filter(
    (gate): gate is BrokenGateEntry =>
      typeof gate === 'object' && gate !== null && typeof (gate as BrokenGateEntry).message === 'string',
  );
}

/** Run-level gate results, or undefined when no gate is configured. */
export function runGatesOf(summary: Summary): { passed: boolean; broken: number } | undefined {
  const gates = (summary as { gates?: { passed?: unknown; broken?: unknown } }).gates;
  if (!gates || typeof gates.passed !== 'boolean') return undefined;
  return { passed: gates.passed, broken: typeof gates.broken === 'number' ? gates.broken : 0 };
}

/** Whether any job carries a comparison (the run had a baseline). */
export function hasComparison(summary: Summary): boolean {
  return summary.jobs.some((job) => comparisonOf(job) !== null);
}

const VERDICT_ORDER: Record<ComparisonEntry['verdict'], number> = {
  regressed: 0,
  missing: 1,
  improved: 2,
  new: 3,
  unchanged: 4,
};

/**
 * Every comparison row of the run, the ones people must look at first: regressions (largest relative
 * change first), missing metrics, improvements, new metrics, then unchanged ones; ties in job order.
 */
export function comparisonRows(summary: Summary): ComparisonRow[] {
  const rows: Array<ComparisonRow & { order: number }> = [];
  let order = 0;
  for (const job of summary.jobs) {
    for (const entry of comparisonOf(job) ?? []) rows.push({ ...entry, job: job.id, order: order++ });
  }
  return rows
    .sort(
      (a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] || size(b) - size(a) || a.order - b.order,
    )
    .map(({ order: _order, ...row }) => row);
}

/** The `count` biggest regressions (by relative change, else absolute). */
export function biggestRegressions(summary: Summary, count: number): ComparisonRow[] {
  return comparisonRows(summary)
    .filter((row) => row.verdict === 'regressed')
    .slice(0, Math.max(0, count));
}

function size(row: ComparisonEntry): number {
  if (typeof row.relative === 'number' && Number.isFinite(row.relative)) return Math.abs(row.relative);
  if (typeof row.delta === 'number' && Number.isFinite(row.delta)) return Math.abs(row.delta);
  return 0;
}

/** `+0.012 (+1.3%)`, `-4 (-50%)`, `—` when unknown. */
export function formatChange(row: Pick<ComparisonEntry, 'delta' | 'relative'>): string {
  if (typeof row.delta !== 'number' || !Number.isFinite(row.delta)) return '—';
  const delta = `${row.delta > 0 ? '+' : ''}${Number(row.delta.toPrecision(4))}`;
  if (typeof row.relative !== 'number' || !Number.isFinite(row.relative)) return delta;
  const percent = Number((row.relative * 100).toPrecision(3));
  return `${delta} (${percent > 0 ? '+' : ''}${percent}%)`;
}
