/**
 * The simulation workload of issue 7: many jobs with heavy-tailed durations, and the two ways of
 * dealing them to shards (history-balanced LPT and plain round-robin), measured against the ideal.
 * bench/shard-simulation.mjs draws the same workload (same generator, same seed) to print the table.
 */
import type { PlannedJob } from '../../src/model/types.js';
import { makeJob } from '../report/fixtures.js';

/** mulberry32, as bench/workloads.mjs: the same "random" durations on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Pareto(xm, alpha) seconds by inversion, in plan order: most jobs short, a few very long (alpha 1.5:
 * finite mean, infinite variance, the shape of real training fleets). Capped at `cap` seconds (a runner's
 * 6-hour limit) so one draw cannot dwarf everything; rounded to the millisecond like summaries.
 */
export function paretoDurations(
  n: number,
  seed: number,
  opts = { xm: 60, alpha: 1.5, cap: 6 * 3600 },
): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const u = 1 - random(); // (0, 1]
    const seconds = Math.min(opts.cap, opts.xm / Math.pow(u, 1 / opts.alpha));
    return Math.round(seconds * 1000) / 1000;
  });
}

export interface Workload {
  jobs: PlannedJob[];
  durations: Map<string, number>;
}

export function workload(n: number, seed: number): Workload {
  const width = String(n).length;
  const seconds = paretoDurations(n, seed);
  const jobs = seconds.map((_, i) => makeJob(`j${String(i + 1).padStart(width, '0')}`));
  return { jobs, durations: new Map(jobs.map((job, i) => [job.id, seconds[i]])) };
}

/** The busiest shard's seconds. */
export function makespan(shards: readonly PlannedJob[][], durations: ReadonlyMap<string, number>): number {
  return Math.max(
    ...shards.map((shard) => shard.reduce((sum, job) => sum + (durations.get(job.id) ?? 0), 0)),
  );
}

/** No split can beat this: the average load, or the longest job. */
export function idealMakespan(durations: ReadonlyMap<string, number>, shards: number): number {
  const values = [...durations.values()];
  return Math.max(values.reduce((a, b) => a + b, 0) / shards, Math.max(...values));
}
