import { promises as fs } from 'node:fs';
import path from 'node:path';
import type {
  AttemptResult,
  Curve,
  JobCache,
  JobResult,
  JobSource,
  JobAllocation,
  JobStatus,
  Plan,
  PlannedJob,
  JobResources,
  RunResources,
  RunStatus,
  Settings,
} from '../model/types.js';
import { nameNonce } from '../model/name-nonce.js';
import { MASK, type Redactor } from './redact.js';
import { redactSummary } from './redact-summary.js';
import { cleanLine } from './escape.js';
import { isFailureStatus, isSuccessStatus } from './outcome.js';
import type { MetricComparison } from './compare.js';
import type { BrokenGate, JobGates } from './gates.js';
import type { Provenance } from './provenance.js';
import type { RunQuality, SummaryBaseline, SummaryGates } from './quality.js';

export type { BrokenGate, JobGates, MetricComparison, Provenance, SummaryBaseline, SummaryGates };

/**
 * The JSON summary of a run (`summaries/training_summary_<UTC>.json`), described by
 * `schemas/summary.schema.json`. Each job entry is self-contained (command, paths, timings,
 * attempts, metrics, tail), so shard summaries can be merged by concatenating `jobs` and
 * recomputing `counts` with `countJobs`.
 */
export const SUMMARY_SCHEMA_VERSION = 2;

/**
 * Every version a reader accepts (baseline, history, re-run, merge). Version 2 only added optional fields
 * (provenance, baseline, gates, and per job params, comparison, gates; counts.gate_failed), so a version-1
 * file reads as a version-2 file without them.
 */
export const READABLE_SUMMARY_VERSIONS: readonly number[] = [1, 2];

export type { Curve } from '../model/types.js';

/** Kept in step with package.json by a test. */
export const GENERATOR = { name: 'training-orchestrator', version: '0.1.0' } as const;

/** Lines of a job's log kept in the summary, for jobs that did not succeed. */
export const SUMMARY_TAIL_LINES = 50;

/** The effective settings, snake_case like the action inputs; `secrets` left out, `job_env` values masked. */
export interface SummaryOptions {
  working_directory: string;
  epochs: number | null;
  folds: number | null;
  only: string[];
  exclude: string[];
  parallel: boolean;
  /** Jobs at once; with `max_workers: auto`, what auto came to for this plan and machine. */
  max_workers: number;
  /** `max_workers: auto` was given (max_workers is then its resolved figure); absent otherwise. */
  max_workers_auto?: true;
  retries: number;
  config: string | null;
  extra_args: string[];
  dry_run: boolean;
  list_only: boolean;
  no_auto_discover: boolean;
  discover_roots: string[] | null;
  allow_partial_success: boolean;
  verbose: boolean;
  python: string;
  results_dir: string;
  logs_dir: string;
  summaries_dir: string;
  timeout_minutes: number;
  history_file: string | null;
  rerun_failed_from: string | null;
  /** The baseline setting as given (a file or folder); null when none. Absent in version-1 summaries. */
  baseline?: string | null;
  /** `k/n`. */
  shard: string | null;
  /** Names only: every value is `***`. */
  job_env: Record<string, string>;
  /** Milliseconds between resource samples; 0: not measured. Absent in older summaries. */
  resource_interval_ms?: number;
  /** The job cache was on (CLI --cache, action `cache`). Absent in older summaries. */
  cache?: boolean;
  /** The jobs forced to run even when cached (CLI --force, action `force`): ids and globs as given. */
  force?: string[];
  /** The local cache's size limit in bytes (CLI --cache-size-limit, or its default); present with the CLI's cache on. */
  cache_size_limit_bytes?: number;
}

/**
 * Counting rules (each job is counted once by status, so
 * `succeeded + failed + timed_out + cancelled + skipped = total`):
 * - `failed`, `timed_out`, `cancelled`, `skipped`, `succeeded`: jobs with that status, optional or not;
 * - `optional_failed`: optional jobs with status failed, timed_out or cancelled (a subset of those three);
 * - `required_failed`: non-optional jobs with status failed, timed_out or cancelled: the ones that fail the run;
 * - `gate_failed`: jobs with status succeeded that broke a quality gate, optional or not (a subset of
 *   `succeeded`: the script succeeded, its metrics did not pass). A required one fails the run too.
 */
export interface SummaryCounts {
  total: number;
  succeeded: number;
  failed: number;
  optional_failed: number;
  required_failed: number;
  timed_out: number;
  cancelled: number;
  skipped: number;
  /** Absent in version-1 summaries. */
  gate_failed?: number;
  /** Jobs restored from the job cache (status `cached`), a subset of `succeeded`; absent when none was. */
  cached?: number;
}

export interface SummaryJob {
  id: string;
  /** For sweep variants: the job they were expanded from. */
  base_id: string | null;
  /** Relative to the working directory; null for `command:` jobs. */
  script: string | null;
  /** argv, redacted. */
  command: string[];
  source: JobSource;
  optional: boolean;
  retries: number;
  /** 0 = no limit. */
  timeout_minutes: number;
  runs_on: string[] | null;
  status: JobStatus;
  /** How many attempts ran (0 when skipped). */
  attempts: number;
  attempt_details: AttemptResult[];
  exit_code: number | null;
  signal: string | null;
  started_at: string | null;
  finished_at: string | null;
  duration_seconds: number;
  log_path: string;
  output_dir: string;
  metrics: Record<string, unknown> | null;
  /** Learning curves from metrics/*.csv and *.jsonl, downsampled; null when the job wrote none. */
  curves?: Curve[] | null;
  /** Bytes the job printed over all attempts. */
  output_bytes: number;
  /** The last lines of the log (cleaned, redacted); only for jobs that failed, timed out or were cancelled. */
  tail?: string[];
  /** Set by `merge`: which shard ran the job. */
  shard?: string | null;
  /** Problems with the job's log or metrics files that did not change its status; each names its file. */
  notes?: string[];
  /** What the scheduler gave the job (CPUs, memory, GPUs, threads); absent when it never started. */
  allocation?: JobAllocation;
  /** Effective parameters: epochs, folds (when passed) and sweep parameters (name → value, as passed). */
  params?: Record<string, string | number | boolean>;
  /** One entry per numeric metric present now or in the baseline; null when there is no baseline. */
  comparison?: MetricComparison[] | null;
  /** Gate results for this job; absent when no gate applies to it (or it did not succeed). */
  gates?: JobGates;
  /** What the job used (memory, CPU, processes, GPUs); absent when not measured, null when it never ran. */
  resources?: JobResources | null;
  /** What the job cache did (restored, stored, why it ran); absent when caching was off. */
  cache?: JobCache;
}

export interface Summary {
  /** What this version writes; readers accept READABLE_SUMMARY_VERSIONS. */
  schema_version: number;
  generator: { name: string; version: string };
  status: RunStatus;
  started_at: string;
  finished_at: string;
  duration_seconds: number;
  /** `k/n` when this run was one shard of a plan; null otherwise. */
  shard?: string | null;
  options: SummaryOptions;
  counts: SummaryCounts;
  jobs: SummaryJob[];
  /** The plan's non-fatal notes. */
  warnings: string[];
  /**
   * Faults of the orchestrator itself during the run or while building this summary (never a job's
   * failure); absent when there were none. Any of them fails the run.
   */
  errors?: string[];
  /** Where and how this run happened (null fields when unknown, e.g. outside GitHub). */
  provenance?: Provenance;
  /** The summary this run was compared with, or null when none. */
  baseline?: SummaryBaseline | null;
  /** Gate results over all jobs; absent when no gate is configured. */
  gates?: SummaryGates;
  /** What all jobs used together, with a timeline; absent when not measured (`resource_interval: 0`). */
  resources?: RunResources;
}

export interface BuildSummaryInput {
  settings: Settings;
  plan: Plan;
  results: JobResult[];
  startedAt: Date;
  finishedAt: Date;
  status: RunStatus;
  redactor: Redactor;
  /** `k/n`; defaults to `settings.shard`. */
  shard?: string;
  provenance?: Provenance;
  /** Comparisons and gates (see assessRun); without it the summary has no baseline, comparison or gates. */
  quality?: RunQuality;
  /** The run's resource totals (see src/resources); absent when not measured. */
  resources?: RunResources;
}

/**
 * The summary of a run. Jobs are in plan order; a planned job without a result is `skipped`
 * (never started), a result for an unplanned id is kept at the end. What jobs and users wrote
 * (arguments, metrics, tails, warnings) is masked; what the orchestrator built is not (see redactSummary).
 */
export function buildSummary(input: BuildSummaryInput): Summary {
  const { settings, plan, results, redactor } = input;
  const byId = new Map(results.map((r) => [r.id, r]));
  const planned = new Set(plan.jobs.map((job) => job.id));
  const jobs: SummaryJob[] = plan.jobs.map((job) =>
    withQuality(summarizeJob(job, byId.get(job.id)), input.quality),
  );
  for (const result of results) if (!planned.has(result.id)) jobs.push(summarizeJob(undefined, result));

  const summary: Summary = {
    schema_version: SUMMARY_SCHEMA_VERSION,
    generator: { name: GENERATOR.name, version: GENERATOR.version },
    status: input.status,
    started_at: isoOf(input.startedAt),
    finished_at: isoOf(input.finishedAt),
    duration_seconds: roundSeconds((input.finishedAt.getTime() - input.startedAt.getTime()) / 1000),
    shard: input.shard ?? (settings.shard ? `${settings.shard.index}/${settings.shard.count}` : null),
    options: summaryOptions(settings),
    counts: countJobs(jobs),
    jobs,
    warnings: [...plan.warnings, ...(input.quality?.notes ?? [])],
  };
  if (input.provenance) summary.provenance = input.provenance;
  if (input.resources) summary.resources = input.resources;
  if (input.quality) {
    summary.baseline = input.quality.baseline;
    if (input.quality.gates) summary.gates = input.quality.gates;
  }
  for (const job of summary.jobs) maskQualityNumbers(job, redactor);
  return redactSummary(summary, redactor);
}

/** The job's params, comparison and gates: params from the plan, the rest from the run's assessment. */
function withQuality(entry: SummaryJob, quality: RunQuality | undefined): SummaryJob {
  const assessed = quality?.jobs.get(entry.id);
  // Copies: the secret masking below changes them in place.
  if (quality) entry.comparison = assessed?.comparison?.map((row) => ({ ...row })) ?? null;
  if (assessed?.gates)
    entry.gates = { ...assessed.gates, broken: assessed.gates.broken.map((gate) => ({ ...gate })) };
  return entry;
}

/** A metric value in a comparison or gate that spells a secret is masked like in `metrics` (null: numbers only). */
function maskQualityNumbers(job: SummaryJob, redactor: Redactor): void {
  if (!redactor.active) return;
  const safe = (value: number | null): number | null =>
    value === null || redactor.redact(String(value)) === String(value) ? value : null;
  for (const entry of job.comparison ?? []) {
    entry.value = safe(entry.value);
    entry.baseline = safe(entry.baseline);
    if (entry.value === null || entry.baseline === null) entry.delta = entry.relative = null;
  }
  for (const gate of job.gates?.broken ?? []) {
    gate.value = safe(gate.value);
    gate.baseline = safe(gate.baseline);
  }
}

/** Counts by the rules on SummaryCounts; `merge` recomputes them with this. */
export function countJobs(
  jobs: readonly (Pick<SummaryJob, 'status' | 'optional'> & { gates?: { passed: boolean } })[],
): SummaryCounts {
  const counts: SummaryCounts = {
    total: jobs.length,
    succeeded: 0,
    failed: 0,
    optional_failed: 0,
    required_failed: 0,
    timed_out: 0,
    cancelled: 0,
    skipped: 0,
    gate_failed: 0,
  };
  for (const job of jobs) {
    // A cached job counts as succeeded; `cached` says how many of them were restored (like gate_failed).
    if (job.status === 'cached') {
      counts.succeeded += 1;
      counts.cached = (counts.cached ?? 0) + 1;
    } else counts[job.status] += 1;
    if (isSuccessStatus(job.status) && job.gates?.passed === false)
      counts.gate_failed = (counts.gate_failed ?? 0) + 1;
    if (isFailureStatus(job.status)) {
      if (job.optional) counts.optional_failed += 1;
      else counts.required_failed += 1;
    }
  }
  return counts;
}

/** `training_summary_20261128T221000Z.json`: UTC, no `:` (artifact uploads reject it). */
export function summaryFileName(at: Date): string {
  return `training_summary_${compactUtc(at)}.json`;
}

/**
 * Writes the summary into `directory` (created if missing) and returns its absolute path. The file
 * appears whole or not at all (written to a temporary name, then linked into place), and an existing
 * summary is never overwritten: a name already taken gets `-1`, `-2`, … before `.json`.
 */
export async function writeSummary(summary: Summary, directory: string, at: Date): Promise<string> {
  const dir = path.resolve(directory);
  await fs.mkdir(dir, { recursive: true });
  const base = summaryFileName(at).replace(/\.json$/, '');
  const tmp = path.join(dir, `.${base}.${process.pid}.${nameNonce(12)}.tmp`);
  try {
    await fs.writeFile(tmp, `${JSON.stringify(summary, null, 2)}\n`, { encoding: 'utf8', flag: 'wx' });
    for (let n = 0; ; n += 1) {
      const target = path.join(dir, n === 0 ? `${base}.json` : `${base}-${n}.json`);
      if (await placeNoClobber(tmp, target)) return target;
    }
  } finally {
    await fs.rm(tmp, { force: true });
  }
}

/**
 * Moves `tmp` to `target` unless `target` exists. A hard link fails atomically when the name is
 * taken; where links are not supported, fall back to check-then-rename.
 */
async function placeNoClobber(tmp: string, target: string): Promise<boolean> {
  try {
    await fs.link(tmp, target);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
  }
  try {
    await fs.access(target);
    return false;
  } catch {
    await fs.rename(tmp, target);
    return true;
  }
}

function summarizeJob(job: PlannedJob | undefined, result: JobResult | undefined): SummaryJob {
  const id = job?.id ?? result?.id ?? '';
  const status: JobStatus = result?.status ?? 'skipped';
  const entry: SummaryJob = {
    id,
    base_id: job?.baseId ?? null,
    script: job?.script ?? null,
    command: job ? [...job.command] : [],
    source: job?.source ?? 'config',
    optional: job?.optional ?? false,
    retries: job?.retries ?? 0,
    timeout_minutes: job?.timeoutMinutes ?? 0,
    runs_on: job?.runsOn ? [...job.runsOn] : null,
    ...(job ? { params: { ...job.params } } : {}),
    status,
    attempts: result?.attempts.length ?? 0,
    attempt_details: (result?.attempts ?? []).map((a) => ({
      ...a,
      duration_seconds: roundSeconds(a.duration_seconds),
    })),
    exit_code: result?.exit_code ?? null,
    signal: result?.signal ?? null,
    started_at: result?.started_at ?? null,
    finished_at: result?.finished_at ?? null,
    duration_seconds: roundSeconds(result?.duration_seconds ?? 0),
    log_path: job?.logPath ?? '',
    output_dir: job?.outputDir ?? '',
    metrics: result?.metrics ?? null,
    curves: result?.curves ?? null,
    output_bytes: result?.output_bytes ?? 0,
  };
  if (isFailureStatus(status)) {
    entry.tail = (result?.tail ?? []).slice(-SUMMARY_TAIL_LINES).map((line) => cleanLine(line));
  }
  if (result?.notes && result.notes.length > 0) entry.notes = result.notes.map((note) => cleanLine(note));
  if (result?.resources !== undefined) entry.resources = result.resources;

  if (result?.allocation) {
    const { gpus } = result.allocation;
    entry.allocation = { ...result.allocation, gpus: gpus ? [...gpus] : null };
  }
  if (result?.cache) entry.cache = { ...result.cache };
  return entry;
}

function summaryOptions(settings: Settings): SummaryOptions {
  const {
    secrets: _secrets,
    workingDirectory,
    epochs,
    folds,
    only,
    exclude,
    parallel,
    maxWorkers,
    retries,
    config,
    extraArgs,
    dryRun,
    listOnly,
    noAutoDiscover,
    discoverRoots,
    allowPartialSuccess,
    verbose,
    python,
    resultsDir,
    logsDir,
    summariesDir,
    timeoutMinutes,
    historyFile,
    rerunFailedFrom,
    shard,
    jobEnv,
    baseline,
    resourceIntervalMs,

    maxWorkersAuto,
    // The resource settings show in each job's `allocation` (what it got), not here.
    cpus: _cpus,
    memoryBytes: _memoryBytes,
    gpus: _gpus,
    cache,
    forceJobs,
    cacheSizeLimitBytes,
    // The requirements files in every key show in each job's cache components, not here.
    cacheInputs: _cacheInputs,
    // How jobs start (the spawn service or Node's spawn) changes nothing a job sees or reports (decision 0007).
    spawnService: _spawnService,
    ...rest
  } = settings;
  // A setting added to Settings must be placed here (or deliberately left out): this stops compiling.
  const unplaced: Record<string, never> = rest;
  void unplaced;
  return {
    working_directory: workingDirectory,
    epochs: epochs ?? null,
    folds: folds ?? null,
    only: [...only],
    exclude: [...exclude],
    parallel,
    max_workers: maxWorkers,
    ...(maxWorkersAuto ? { max_workers_auto: true as const } : {}),
    retries,
    config: config ?? null,
    extra_args: [...extraArgs],
    dry_run: dryRun,
    list_only: listOnly,
    no_auto_discover: noAutoDiscover,
    discover_roots: discoverRoots ? [...discoverRoots] : null,
    allow_partial_success: allowPartialSuccess,
    verbose,
    python,
    results_dir: resultsDir,
    logs_dir: logsDir,
    summaries_dir: summariesDir,
    timeout_minutes: timeoutMinutes,
    history_file: historyFile ?? null,
    rerun_failed_from: rerunFailedFrom ?? null,
    baseline: baseline ?? null,
    shard: shard ? `${shard.index}/${shard.count}` : null,
    job_env: Object.fromEntries(Object.keys(jobEnv).map((key) => [key, MASK])),
    ...(resourceIntervalMs !== undefined ? { resource_interval_ms: resourceIntervalMs } : {}),
    ...(cache !== undefined ? { cache } : {}),
    ...(forceJobs !== undefined ? { force: [...forceJobs] } : {}),
    ...(cacheSizeLimitBytes !== undefined ? { cache_size_limit_bytes: cacheSizeLimitBytes } : {}),
  };
}

function isoOf(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('Invalid date for the training summary.');
  return date.toISOString();
}

function compactUtc(at: Date): string {
  return isoOf(at)
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

function roundSeconds(seconds: number): number {
  if (!Number.isFinite(seconds) || seconds < 0) return 0;
  return Math.round(seconds * 1000) / 1000;
}
