/**
 * Metric diffs: every numeric metric of a job compared with the same job's metric in a baseline summary.
 * Pure functions over plain data; nothing here reads files or clocks.
 */

import type { Better, MetricRule, MetricRules } from '../model/types.js';

export type { Better, MetricRule, MetricRules };

export type Verdict = 'improved' | 'regressed' | 'unchanged' | 'new' | 'missing';

/** One metric of one job against the baseline (schema version 2, `jobs[].comparison[]`). */
export interface MetricComparison {
  /** Dotted path for nested numeric metrics (`val.accuracy`). */
  metric: string;
  /** null: missing now. */
  value: number | null;
  /** null: a new metric. */
  baseline: number | null;
  /** value - baseline; null when either side is missing. */
  delta: number | null;
  /** delta / |baseline|; null when the baseline is 0 or either side is missing. */
  relative: number | null;
  better: Better;
  /** Absolute; |delta| <= tolerance is `unchanged`. */
  tolerance: number;
  verdict: Verdict;
}

/**
 * Words that make a metric lower-is-better. The rule (see directionOf): the last segment of the dotted
 * path, lowercased, split at `_`, `-` and spaces; when any part is one of these words, lower is better.
 */
export const LOWER_IS_BETTER_WORDS: readonly string[] = [
  'loss',
  'error',
  'err',
  'rmse',
  'mae',
  'mse',
  'mape',
  'rmsle',
  'msle',
  'logloss',
  'perplexity',
  'ppl',
  'wer',
  'cer',
];

/** Nested metrics are flattened down to this depth (the file's top level is 1); deeper values are ignored. */
export const MAX_METRIC_DEPTH = 8;
/** At most this many numeric metrics per job are compared (file order); a metrics file is the job's own data. */
export const MAX_METRICS_PER_JOB = 1000;

/**
 * Numbers the run could not store as JSON numbers (see the script contract): the metrics reader keeps NaN
 * and the infinities as the strings of their text. Comparisons leave them out (they are not a value to
 * diff); gates treat them as a broken bound (a diverged loss must not pass a gate).
 */
const NON_FINITE_TEXT = new Set(['NaN', 'Infinity', '-Infinity', '+Infinity']);

/** A metric value as the comparison and the gates see it. */
export type MetricValue = { kind: 'number'; value: number } | { kind: 'non-finite'; text: string };

/**
 * Every numeric metric of a job's metrics object, as dotted paths in the file's order: finite numbers,
 * plus NaN and the infinities (as JavaScript numbers or as the strings `NaN`, `Infinity`, `-Infinity`).
 * Booleans, other strings, arrays and null are not metrics. A path met twice (`{"a.b": 1, "a": {"b": 2}}`)
 * keeps its first value. Bounded by MAX_METRIC_DEPTH and MAX_METRICS_PER_JOB.
 */
export function flattenMetrics(
  metrics: Record<string, unknown> | null | undefined,
): Map<string, MetricValue> {
  const out = new Map<string, MetricValue>();
  if (!metrics || typeof metrics !== 'object' || Array.isArray(metrics)) return out;
  const walk = (value: Record<string, unknown>, prefix: string, depth: number): void => {
    for (const [key, item] of Object.entries(value)) {
      if (out.size >= MAX_METRICS_PER_JOB) return;
      const name = prefix ? `${prefix}.${key}` : key;
      if (out.has(name)) continue;
      if (typeof item === 'number') {
        out.set(
          name,
          Number.isFinite(item)
            ? { kind: 'number', value: item }
            : { kind: 'non-finite', text: String(item) },
        );
      } else if (typeof item === 'string' && NON_FINITE_TEXT.has(item)) {
        out.set(name, { kind: 'non-finite', text: item.replace(/^\+/, '') });
      } else if (
        item !== null &&
        typeof item === 'object' &&
        !Array.isArray(item) &&
        depth < MAX_METRIC_DEPTH
      ) {
        walk(item as Record<string, unknown>, name, depth + 1);
      }
    }
  };
  walk(metrics, '', 1);
  return out;
}

/** The finite numbers of flattenMetrics. */
export function numericMetrics(metrics: Record<string, unknown> | null | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, value] of flattenMetrics(metrics))
    if (value.kind === 'number') out.set(name, value.value);
  return out;
}

/**
 * A metric's direction: the config's `better` for it when given, else lower for names whose last
 * segment holds one of LOWER_IS_BETTER_WORDS as a `_`/`-`/space-separated part (`loss`, `val_loss`,
 * `test.rmse`, `error-rate`, `Log_Loss`), else higher (`accuracy`, `f1`, `lossless_ratio`: `lossless` is
 * not `loss`).
 */
export function directionOf(metric: string, rules: MetricRules = {}): Better {
  const configured = ruleFor(metric, rules).better;
  if (configured) return configured;
  const last = metric.slice(metric.lastIndexOf('.') + 1).toLowerCase();
  const parts = last.split(/[_\-\s]+/);
  return parts.some((part) => LOWER_IS_BETTER_WORDS.includes(part)) ? 'lower' : 'higher';
}

/** The rule for a metric: its full dotted path first, else its last segment (`rmse` covers `test.rmse`). */
export function ruleFor(metric: string, rules: MetricRules): MetricRule {
  const own = Object.prototype.hasOwnProperty.call(rules, metric) ? rules[metric] : undefined;
  if (own) return own;
  const last = metric.slice(metric.lastIndexOf('.') + 1);
  return (
    (last !== metric && Object.prototype.hasOwnProperty.call(rules, last) ? rules[last] : undefined) ?? {}
  );
}

/**
 * The verdict for one metric:
 * - `new` when there is no baseline value, `missing` when there is no value now;
 * - `unchanged` when |value - baseline| <= tolerance;
 * - else `improved` when the value moved in the better direction, `regressed` otherwise.
 * Swapping value and baseline swaps improved/regressed and new/missing (subtraction is exactly
 * antisymmetric in floating point, so no case falls between).
 */
export function judge(
  value: number | null,
  baseline: number | null,
  better: Better,
  tolerance: number,
): Verdict {
  if (baseline === null) return value === null ? 'unchanged' : 'new';
  if (value === null) return 'missing';
  const delta = value - baseline;
  if (Math.abs(delta) <= tolerance) return 'unchanged';
  return delta > 0 === (better === 'higher') ? 'improved' : 'regressed';
}

/**
 * One entry per numeric metric present now or in the baseline: the job's metrics first in their order,
 * then the baseline's metrics the job no longer writes. Non-finite values count as absent.
 */
export function compareMetrics(
  current: Record<string, unknown> | null | undefined,
  baseline: Record<string, unknown> | null | undefined,
  rules: MetricRules = {},
): MetricComparison[] {
  const now = numericMetrics(current);
  const before = numericMetrics(baseline);
  const names = [...now.keys(), ...[...before.keys()].filter((name) => !now.has(name))];
  return names.map((metric) => {
    const value = now.get(metric) ?? null;
    const base = before.get(metric) ?? null;
    const better = directionOf(metric, rules);
    const tolerance = toleranceOf(metric, rules);
    const delta = value !== null && base !== null ? value - base : null;
    const relative = delta !== null && base !== null && base !== 0 ? delta / Math.abs(base) : null;
    return {
      metric,
      value,
      baseline: base,
      delta,
      relative,
      better,
      tolerance,
      verdict: judge(value, base, better, tolerance),
    };
  });
}

function toleranceOf(metric: string, rules: MetricRules): number {
  const tolerance = ruleFor(metric, rules).tolerance;
  return typeof tolerance === 'number' && Number.isFinite(tolerance) && tolerance > 0 ? tolerance : 0;
}

/** What a job's comparison amounts to: regressed when any metric regressed, improved when any improved and none regressed. */
export function comparisonOutcome(
  comparison: readonly MetricComparison[] | null | undefined,
): 'regressed' | 'improved' | 'unchanged' | 'none' {
  if (!comparison) return 'none';
  if (comparison.some((entry) => entry.verdict === 'regressed')) return 'regressed';
  if (comparison.some((entry) => entry.verdict === 'improved')) return 'improved';
  return 'unchanged';
}
