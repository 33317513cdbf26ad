import { InputError, type Plan, type PlannedJob, type ShardSpec } from '../model/types.js';
import { MAX_SHARDS } from './defaults.js';

/**
 * Splitting a plan into shards, one GitHub Actions runner each (issue 7). Pure: the same jobs, shard
 * count and history always give the same shards, on any machine.
 *
 * Rules:
 * - Every job lands in exactly one shard, and no shard is empty (an empty `only` would mean "all jobs").
 * - Jobs whose runner labels (`runs_on`) differ never share a shard. Jobs are grouped by their label
 *   set, compared without regard to order or case as GitHub matches labels; a job without `runs_on`
 *   belongs to `ubuntu-latest`. Groups keep the order in which the plan first mentions them.
 * - The shard count is split across the groups in proportion to their load (D'Hondt: each non-empty
 *   group gets one shard, then each further shard goes to the group with the highest load per shard,
 *   ties to the earlier group), never more shards in a group than it has jobs, never more than 256
 *   shards in all. When there are more groups than shards asked for, each group still gets one.
 * - With a history (job id → seconds), a group's jobs are dealt longest-processing-time first: sorted by
 *   expected duration, longest first (ties by id), each to the least-loaded shard (ties to the shard
 *   with fewer jobs, then the lowest index). A job the history does not know counts as the median of
 *   the known durations of the plan's jobs: guessing it short would stack newcomers on one shard,
 *   guessing it long would push genuinely long jobs aside (the same rule as the runner's start order).
 * - Without a history (or when it knows none of the jobs), shards are balanced by count, round-robin in
 *   plan order: shard sizes differ by at most one, and the variants of a sweep, which sit next to each
 *   other in the plan and tend to take equally long, are spread over the shards instead of stacked.
 *
 * Determinism contract of the sharded workflow: plan mode writes each shard's job ids into its matrix
 * entry, and each shard runs with `only: <those ids>` and `shard: k/n`. With `only`, `shard` just labels
 * the run (summary, artifact names): the shard runs exactly what plan mode assigned, even if the tree
 * changed in between. `shard` without `only` recomputes the partition on the shard's runner
 * (`selectShard`), which gives the same shards for the same plan and history.
 */

/** The runner label of a job without `runs_on`. */
export const DEFAULT_RUNS_ON = 'ubuntu-latest';

/** One entry of the plan's `matrix` output, for `strategy.matrix: ${{ fromJSON(needs.plan.outputs.matrix) }}`. */
export interface ShardMatrixEntry {
  /** `k/n`, 1-based: the shard's `shard` input. */
  shard: string;
  /** `shard-k-of-n`: the shard's `artifact_suffix`, so the shards' artifacts never collide. */
  shard_id: string;
  /** One label as a string, several as an array: both are valid for `runs-on:`. */
  runs_on: string | string[];
  /** The shard's job ids, in plan order: its `only` input (`join(matrix.jobs, ',')`). */
  jobs: string[];
  /** Expected seconds of the shard (history; median for jobs it does not know); only with a history. */
  expected_seconds?: number;
}

export interface ShardMatrix {
  include: ShardMatrixEntry[];
}

/** Jobs sharing one runner label set. */
export interface RunnerGroup {
  /** The labels as the group's first job spells them, duplicates dropped; `[ubuntu-latest]` by default. */
  labels: string[];
  /** Order- and case-insensitive identity of the label set. */
  key: string;
  /** In plan order. */
  jobs: PlannedJob[];
}

export interface ShardingOptions {
  /** The number of shards asked for (clamped to 1 … min(256, jobs)). */
  shards?: number;
  /** Aim for shards of about this many minutes (needs durations); ignored when `shards` is given. */
  targetMinutes?: number;
  /** Seconds per job id from a previous summary. */
  durations?: ReadonlyMap<string, number>;
}

export interface ShardPlan {
  /** Non-empty shards, grouped by runner label set; `shards.length` is the `n` of every `k/n`. */
  shards: PlannedJob[][];
  /** Expected seconds of every job, when the history knows at least one of them. */
  estimates: Map<string, number> | undefined;
  /** Why the count differs from what was asked, and similar notes for the log. */
  notes: string[];
}

/** The runner labels of a job, cleaned: trimmed, blanks and (case-insensitive) duplicates dropped. */
export function runnerLabels(job: Pick<PlannedJob, 'runsOn'>): string[] {
  const labels: string[] = [];
  const seen = new Set<string>();
  for (const raw of job.runsOn ?? []) {
    const label = raw.trim();
    if (label === '' || seen.has(label.toLowerCase())) continue;
    seen.add(label.toLowerCase());
    labels.push(label);
  }
  return labels.length > 0 ? labels : [DEFAULT_RUNS_ON];
}

function labelKey(labels: readonly string[]): string {
  return labels
    .map((label) => label.toLowerCase())
    .sort(compareText)
    .join('\n');
}

/** Groups jobs by runner label set, groups in order of first appearance, jobs in plan order. */
export function groupByRunner(jobs: readonly PlannedJob[]): RunnerGroup[] {
  const groups = new Map<string, RunnerGroup>();
  for (const job of jobs) {
    const labels = runnerLabels(job);
    const key = labelKey(labels);
    const group = groups.get(key);
    if (group) group.jobs.push(job);
    else groups.set(key, { labels, key, jobs: [job] });
  }
  return [...groups.values()];
}

function isKnownDuration(value: number | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/**
 * Expected seconds of every job: its history, or the median of the known durations of these jobs for
 * one the history does not know. undefined when the history knows none of them (balance by count).
 */
export function estimateDurations(
  jobs: readonly PlannedJob[],
  durations: ReadonlyMap<string, number> | undefined,
): Map<string, number> | undefined {
  if (!durations || durations.size === 0) return undefined;
  const known = jobs.map((job) => durations.get(job.id)).filter(isKnownDuration);
  if (known.length === 0) return undefined;
  const fallback = median(known);
  return new Map(
    jobs.map((job) => {
      const value = durations.get(job.id);
      return [job.id, isKnownDuration(value) ? value : fallback];
    }),
  );
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Code-unit order, the same everywhere (localeCompare depends on the machine's ICU data). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Splits `jobs` into shards by the rules at the top of this file. `count` is clamped to
 * 1 … min(256, jobs); more runner label sets than `count` yield one shard per set. The shards of one
 * label set are adjacent, label sets in order of first appearance; each shard's jobs are in plan order.
 * Throws InputError when the jobs ask for more than 256 different runners.
 */
export function partitionJobs(
  jobs: readonly PlannedJob[],
  count: number,
  durations?: ReadonlyMap<string, number>,
): PlannedJob[][] {
  if (!Number.isFinite(count)) throw new RangeError(`Invalid shard count ${count}.`);
  if (jobs.length === 0) return [];
  const groups = checkedGroups(jobs);
  const estimates = estimateDurations(jobs, durations);
  const total = Math.max(groups.length, clampCount(count, jobs.length));
  const perGroup = allocateShards(groups, total, estimates);
  return dealGroups(jobs, groups, perGroup, estimates);
}

/**
 * The shards for plan mode: `shards` when given; else, with a history, the sum over runner groups of
 * ceil(group's expected seconds / `targetMinutes`) (at most one per job, at most 256 in all); else one
 * per runner group. The count then goes through `partitionJobs`, so the result is exactly
 * `partitionJobs(jobs, shards.length, durations)`: a runner given `shard: k/n` without `only`
 * recomputes the same shard.
 */
export function planShards(jobs: readonly PlannedJob[], opts: ShardingOptions): ShardPlan {
  const notes: string[] = [];
  if (jobs.length === 0) return { shards: [], estimates: undefined, notes };
  const groups = checkedGroups(jobs);
  const estimates = estimateDurations(jobs, opts.durations);
  let count: number;
  if (opts.shards !== undefined) {
    count = clampCount(opts.shards, jobs.length);
    if (count !== opts.shards) {
      notes.push(
        `Planning ${count} shard(s) instead of ${opts.shards}: there are ${jobs.length} job(s) (at most ${MAX_SHARDS} shards).`,
      );
    }
    if (groups.length > count) {
      notes.push(
        `Planning ${groups.length} shards: the jobs need ${groups.length} different runners (runs_on).`,
      );
    }
  } else if (opts.targetMinutes !== undefined && estimates) {
    const target = opts.targetMinutes * 60;
    const wanted = groups.reduce((sum, group) => {
      const load = group.jobs.reduce((total, job) => total + (estimates.get(job.id) ?? 0), 0);
      return sum + Math.min(group.jobs.length, Math.max(1, Math.ceil(load / target)));
    }, 0);
    if (wanted > MAX_SHARDS) {
      notes.push(
        `Planning ${MAX_SHARDS} shards, GitHub's matrix limit, instead of ${wanted} of about ${opts.targetMinutes} minutes.`,
      );
    }
    count = Math.min(wanted, MAX_SHARDS);
  } else {
    if (opts.targetMinutes !== undefined) {
      notes.push(
        'shard_target_minutes needs a history_file that knows the duration of at least one planned job; ' +
          `planning ${groups.length} shard(s), one per runner label set.`,
      );
    }
    count = 1;
  }
  return { shards: partitionJobs(jobs, count, opts.durations), estimates, notes };
}

/** The GitHub matrix for shards from `partitionJobs`/`planShards` (`n` = `shards.length`). */
export function buildMatrix(
  shards: readonly PlannedJob[][],
  estimates?: ReadonlyMap<string, number>,
): ShardMatrix {
  if (shards.length > MAX_SHARDS)
    throw new RangeError(`A matrix holds at most ${MAX_SHARDS} shards, not ${shards.length}.`);
  const n = shards.length;
  return {
    include: shards.map((jobs, i) => {
      // An empty entry would run with `only: ''`, which means every job: never emit one.
      if (jobs.length === 0) throw new RangeError(`Shard ${i + 1}/${n} has no jobs.`);
      const labels = runnerLabels(jobs[0]);
      const entry: ShardMatrixEntry = {
        shard: `${i + 1}/${n}`,
        shard_id: shardId({ index: i + 1, count: n }),
        runs_on: labels.length === 1 ? labels[0] : labels,
        jobs: jobs.map((job) => job.id),
      };
      if (estimates) {
        const seconds = jobs.reduce((sum, job) => sum + (estimates.get(job.id) ?? 0), 0);
        entry.expected_seconds = Math.round(seconds * 1000) / 1000;
      }
      return entry;
    }),
  };
}

/** `shard-k-of-n`: the same suffix the action appends to artifact names of a shard run. */
export function shardId(spec: ShardSpec): string {
  return `shard-${spec.index}-of-${spec.count}`;
}

export function formatShard(spec: ShardSpec): string {
  return `${spec.index}/${spec.count}`;
}

/**
 * The plan reduced to shard `k/n`, recomputed with `partitionJobs(plan.jobs, n, durations)`. Used when
 * `shard` is given without `only` (see the determinism contract above). `n` larger than the number of
 * jobs leaves the shards past the last job empty (a warning says so). Throws InputError when the jobs
 * need more runner label sets than `n`: no k/n could then hold every job.
 */
export function selectShard(plan: Plan, spec: ShardSpec, durations?: ReadonlyMap<string, number>): Plan {
  const label = formatShard(spec);
  const shards = partitionJobs(plan.jobs, spec.count, durations);
  if (shards.length > spec.count) {
    throw new InputError(
      'shard',
      `Invalid shard '${label}'. The jobs need ${shards.length} different runners (runs_on), so the plan needs ` +
        `at least ${shards.length} shards: expected k/n with n ≥ ${shards.length}, or the shards of mode plan.`,
    );
  }
  const jobs = shards[spec.index - 1] ?? [];
  const warnings = [...plan.warnings];
  if (jobs.length === 0 && plan.jobs.length > 0) {
    warnings.push(
      `Shard ${label} has no jobs: the plan's ${plan.jobs.length} job(s) fill ${shards.length} shard(s).`,
    );
  }
  return { ...plan, jobs, warnings };
}

/**
 * What a run executes under `settings.shard`: with `only`, the plan as is (the ids are the shard's
 * assignment from plan mode); without, `selectShard`. No shard: the plan as is.
 */
export function applyShard(
  plan: Plan,
  settings: { shard: ShardSpec | undefined; only: readonly string[] },
  durations?: ReadonlyMap<string, number>,
): Plan {
  if (!settings.shard || settings.only.length > 0) return plan;
  return selectShard(plan, settings.shard, durations);
}

function clampCount(count: number, jobs: number): number {
  return Math.min(Math.max(1, Math.floor(count)), Math.min(MAX_SHARDS, jobs));
}

function checkedGroups(jobs: readonly PlannedJob[]): RunnerGroup[] {
  const groups = groupByRunner(jobs);
  if (groups.length > MAX_SHARDS) {
    throw new InputError(
      'runs_on',
      `The jobs ask for ${groups.length} different runner label sets (runs_on). Expected at most ${MAX_SHARDS}, ` +
        `GitHub's limit of matrix entries.`,
    );
  }
  return groups;
}

/**
 * D'Hondt: one shard per group, then each next shard to the group with the highest load per shard that
 * still has more jobs than shards (ties: the earlier group). Load is expected seconds, or the job count
 * without estimates (or when every estimate is 0).
 */
function allocateShards(
  groups: readonly RunnerGroup[],
  total: number,
  estimates: ReadonlyMap<string, number> | undefined,
): number[] {
  let loads = groups.map((group) => group.jobs.reduce((sum, job) => sum + (estimates?.get(job.id) ?? 0), 0));
  if (!estimates || loads.every((load) => load === 0)) loads = groups.map((group) => group.jobs.length);
  const counts = groups.map(() => 1);
  for (let left = total - groups.length; left > 0; left -= 1) {
    let best = -1;
    for (let g = 0; g < groups.length; g += 1) {
      if (counts[g] >= groups[g].jobs.length) continue;
      if (best < 0 || loads[g] / counts[g] > loads[best] / counts[best]) best = g;
    }
    if (best < 0) break;
    counts[best] += 1;
  }
  return counts;
}

function dealGroups(
  jobs: readonly PlannedJob[],
  groups: readonly RunnerGroup[],
  perGroup: readonly number[],
  estimates: ReadonlyMap<string, number> | undefined,
): PlannedJob[][] {
  const planIndex = new Map(jobs.map((job, index) => [job, index]));
  const shards: PlannedJob[][] = [];
  groups.forEach((group, g) => {
    const dealt = estimates
      ? longestFirst(group.jobs, perGroup[g], estimates)
      : roundRobin(group.jobs, perGroup[g]);
    for (const shard of dealt) shards.push(shard.sort((a, b) => planIndex.get(a)! - planIndex.get(b)!));
  });
  return shards;
}

function roundRobin(jobs: readonly PlannedJob[], count: number): PlannedJob[][] {
  const shards: PlannedJob[][] = Array.from({ length: count }, () => []);
  jobs.forEach((job, index) => shards[index % count].push(job));
  return shards;
}

/** LPT: longest first (ties by id), each to the least-loaded shard (ties: fewer jobs, then lower index). */
function longestFirst(
  jobs: readonly PlannedJob[],
  count: number,
  estimates: ReadonlyMap<string, number>,
): PlannedJob[][] {
  const expected = (job: PlannedJob): number => estimates.get(job.id) ?? 0;
  const sorted = [...jobs].sort((a, b) => expected(b) - expected(a) || compareText(a.id, b.id));
  const shards: PlannedJob[][] = Array.from({ length: count }, () => []);
  const loads = new Array<number>(count).fill(0);
  for (const job of sorted) {
    let best = 0;
    for (let s = 1; s < count; s += 1) {
      if (loads[s] < loads[best] || (loads[s] === loads[best] && shards[s].length < shards[best].length))
        best = s;
    }
    shards[best].push(job);
    loads[best] += expected(job);
  }
  return shards;
}
