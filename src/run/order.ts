import type { PlannedJob } from '../model/types.js';

/**
 * The order in which jobs start, as indexes into the plan.
 *
 * Sequential runs, and parallel runs without history, keep plan order. With history, a parallel run starts the
 * historically longest jobs first (LPT scheduling: the long ones must not be left for the end, when the other
 * workers are idle). A job the history does not know (new, renamed) counts as the median of the known
 * durations: guessing it short would start it last, where a long newcomer hurts most; guessing it long
 * would push genuinely long jobs back. Ties keep plan order.
 */
export function startOrder(
  jobs: readonly PlannedJob[],
  parallel: boolean,
  expectedDurations: ReadonlyMap<string, number> | undefined,
): number[] {
  const order = jobs.map((_, index) => index);
  if (!parallel || !expectedDurations || expectedDurations.size === 0) return order;
  const known = jobs
    .map((job) => expectedDurations.get(job.id))
    .filter((value): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0);
  if (known.length === 0) return order;
  const fallback = median(known);
  const expected = jobs.map((job) => {
    const value = expectedDurations.get(job.id);
    return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
  });
  // Array.prototype.sort is stable: equal durations keep plan order.
  return order.sort((a, b) => expected[b] - expected[a]);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
