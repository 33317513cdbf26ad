import type { GateRule, GateRules } from '../model/types.js';
import { flattenMetrics, type MetricValue } from './compare.js';
import { formatMetricValue } from './metrics.js';

/**
 * Quality gates: bounds a job's metrics must respect, from the config's `gates:` (top level for every job,
 * per job on top). Pure: evaluated over the metrics a job wrote and the same job's metrics in the baseline.
 */

export type { GateRule, GateRules };

export type GateRuleName = keyof GateRule;
export const GATE_RULE_NAMES: readonly GateRuleName[] = [
  'min',
  'max',
  'max_drop',
  'max_rise',
  'max_drop_relative',
  'max_rise_relative',
];

/** One broken gate (schema version 2, `jobs[].gates.broken[]`). */
export interface BrokenGate {
  metric: string;
  rule: GateRuleName | 'missing';
  /** null when the metric is missing or not a finite number. */
  value: number | null;
  bound: number | null;
  baseline: number | null;
  /** One sentence naming job, metric, value, bound and baseline. */
  message: string;
}

/** A job's gate results (`jobs[].gates`). */
export interface JobGates {
  passed: boolean;
  broken: BrokenGate[];
  /** Regression bounds that could not be checked (no baseline value), one sentence each. Absent when none. */
  skipped?: string[];
}

/**
 * Floating-point allowance for the regression bounds: `0.90 - 0.89` is `0.010000000000000009`, which must
 * not break `max_drop: 0.01`. Bounds are inclusive; a difference within 1e-9 (relative to the larger of 1,
 * the bound and the baseline) of the bound passes.
 */
const EPSILON = 1e-9;

/**
 * Checks every gate of `rules` against a job's metrics:
 * - `min`/`max`: the value itself; inclusive;
 * - `max_drop`/`max_rise`(`_relative`): against the baseline value of the same metric; a gate whose
 *   baseline value is absent (no baseline summary, the job or the metric not in it) is skipped, noted in
 *   `skipped`; with a baseline of 0, a relative bound breaks on any move in its direction;
 * - a metric the job did not write (or wrote as a non-number) breaks every gate on it, once, as `missing`;
 * - NaN breaks every bound; +Infinity breaks `max` and `max_rise*`, -Infinity `min` and `max_drop*`.
 * `baseline` is undefined when there is no baseline summary at all (then regression gates are skipped
 * silently: the run notes that once).
 */
export function evaluateGates(
  jobId: string,
  rules: GateRules,
  metrics: Record<string, unknown> | null | undefined,
  baseline: Record<string, unknown> | null | undefined,
  opts: { hasBaseline: boolean },
): JobGates {
  const now = flattenMetrics(metrics);
  const before = flattenMetrics(baseline);
  const broken: BrokenGate[] = [];
  const skipped: string[] = [];
  for (const [metric, rule] of Object.entries(rules)) {
    const names = GATE_RULE_NAMES.filter((name) => typeof rule[name] === 'number');
    if (names.length === 0) continue;
    const current = now.get(metric);
    const base = finite(before.get(metric));
    if (current === undefined) {
      broken.push({
        metric,
        rule: 'missing',
        value: null,
        bound: null,
        baseline: base,
        message: `${jobId}: gate on ${metric} (${names.map((n) => `${n} ${formatMetricValue(rule[n] as number)}`).join(', ')}) cannot pass: the job wrote no numeric ${metric}${baselineNote(base)}.`,
      });
      continue;
    }
    for (const name of names) {
      const bound = rule[name] as number;
      const regression = name !== 'min' && name !== 'max';
      if (regression && base === null) {
        if (opts.hasBaseline)
          skipped.push(
            `${jobId}: ${name} on ${metric} not checked: the baseline has no ${metric} for this job.`,
          );
        continue;
      }
      if (!breaks(name, current, bound, base)) continue;
      const value = current.kind === 'number' ? current.value : null;
      broken.push({
        metric,
        rule: name,
        value,
        bound,
        baseline: base,
        message: describeBroken(jobId, metric, name, current, bound, base),
      });
    }
  }
  return { passed: broken.length === 0, broken, ...(skipped.length > 0 ? { skipped } : {}) };
}

/** Whether `name` with `bound` breaks for `current` (and `base`, for the regression bounds). */
function breaks(name: GateRuleName, current: MetricValue, bound: number, base: number | null): boolean {
  if (current.kind === 'non-finite') {
    if (current.text === 'NaN') return true;
    const positive = !current.text.startsWith('-');
    return positive
      ? name === 'max' || name.startsWith('max_rise')
      : name === 'min' || name.startsWith('max_drop');
  }
  const value = current.value;
  switch (name) {
    case 'min':
      return value < bound;
    case 'max':
      return value > bound;
    case 'max_drop':
      return exceeds((base as number) - value, bound, base as number);
    case 'max_rise':
      return exceeds(value - (base as number), bound, base as number);
    case 'max_drop_relative':
      return exceedsRelative((base as number) - value, bound, base as number);
    case 'max_rise_relative':
      return exceedsRelative(value - (base as number), bound, base as number);
  }
}

function exceeds(change: number, bound: number, base: number): boolean {
  return change > bound + EPSILON * Math.max(1, Math.abs(bound), Math.abs(base));
}

function exceedsRelative(change: number, bound: number, base: number): boolean {
  if (base === 0) return change > 0;
  return change / Math.abs(base) > bound + EPSILON * Math.max(1, Math.abs(bound));
}

function describeBroken(
  jobId: string,
  metric: string,
  name: GateRuleName,
  current: MetricValue,
  bound: number,
  base: number | null,
): string {
  const shown = current.kind === 'number' ? formatMetricValue(current.value) : current.text;
  const b = formatMetricValue(bound);
  const baseText = base === null ? '' : formatMetricValue(base);
  switch (name) {
    case 'min':
      return `${jobId}: ${metric} ${shown} is below the minimum ${b}${baselineNote(base)}.`;
    case 'max':
      return `${jobId}: ${metric} ${shown} is above the maximum ${b}${baselineNote(base)}.`;
    case 'max_drop':
      return `${jobId}: ${metric} ${shown} dropped ${changeText(current, base, -1)} from the baseline ${baseText}, more than max_drop ${b}.`;
    case 'max_rise':
      return `${jobId}: ${metric} ${shown} rose ${changeText(current, base, 1)} from the baseline ${baseText}, more than max_rise ${b}.`;
    case 'max_drop_relative':
      return `${jobId}: ${metric} ${shown} dropped${percentText(current, base, -1)} from the baseline ${baseText}, more than max_drop_relative ${b} (${percent(bound)}).`;
    case 'max_rise_relative':
      return `${jobId}: ${metric} ${shown} rose${percentText(current, base, 1)} from the baseline ${baseText}, more than max_rise_relative ${b} (${percent(bound)}).`;
  }
}

function baselineNote(base: number | null): string {
  return base === null ? '' : ` (baseline ${formatMetricValue(base)})`;
}

function changeText(current: MetricValue, base: number | null, sign: 1 | -1): string {
  if (current.kind !== 'number' || base === null) return 'by an unknown amount';
  return `by ${formatMetricValue(sign * (current.value - base))}`;
}

function percentText(current: MetricValue, base: number | null, sign: 1 | -1): string {
  if (current.kind !== 'number' || base === null || base === 0) return '';
  return ` by ${percent((sign * (current.value - base)) / Math.abs(base))}`;
}

function percent(fraction: number): string {
  return `${formatMetricValue(fraction * 100)} %`;
}

function finite(value: MetricValue | undefined): number | null {
  return value?.kind === 'number' ? value.value : null;
}
