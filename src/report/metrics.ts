/** The one number a table shows for a job, picked from the metrics JSON it wrote. */
export interface MainMetric {
  name: string;
  value: number;
}

/** Checked in this order, by the last segment of a key, case-insensitively. */
export const PREFERRED_METRICS = [
  'accuracy',
  'acc',
  'balanced_accuracy',
  'auc',
  'roc_auc',
  'f1',
  'f1_score',
  'r2',
  'r2_score',
  'rmse',
  'mae',
  'mse',
  'loss',
  'val_loss',
] as const;

/** Nested objects are flattened to `a.b.c` down to this depth. */
const MAX_DEPTH = 3;

/**
 * The main metric of a job:
 * 1. `main_metric`, when it names a numeric key (top level or dotted path, e.g. `test.auc`);
 * 2. else the first key (in the order of PREFERRED_METRICS) whose last segment is a preferred name;
 * 3. else the first numeric value, in the file's order.
 * Booleans, NaN and infinities are not metrics. Returns null when nothing qualifies.
 */
export function mainMetric(metrics: Record<string, unknown> | null | undefined): MainMetric | null {
  if (!metrics || typeof metrics !== 'object') return null;
  const numeric = flatten(metrics);
  if (numeric.length === 0) return null;
  const named = metrics['main_metric'];
  if (typeof named === 'string') {
    const hit = numeric.find((m) => m.name === named);
    if (hit) return hit;
  }
  for (const preferred of PREFERRED_METRICS) {
    const hit = numeric.find((m) => lastSegment(m.name).toLowerCase() === preferred);
    if (hit) return hit;
  }
  return numeric[0];
}

/** Four significant digits, no exponent for everyday magnitudes, integers as they are. */
export function formatMetricValue(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(4)));
}

function flatten(value: Record<string, unknown>, prefix = '', depth = 1): MainMetric[] {
  const out: MainMetric[] = [];
  for (const [key, item] of Object.entries(value)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof item === 'number' && Number.isFinite(item)) out.push({ name, value: item });
    else if (item !== null && typeof item === 'object' && !Array.isArray(item) && depth < MAX_DEPTH)
      out.push(...flatten(item as Record<string, unknown>, name, depth + 1));
  }
  return out;
}

function lastSegment(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot >= 0 ? name.slice(dot + 1) : name;
}
