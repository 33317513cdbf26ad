import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { JobResult, Logger, Plan, RunStatus } from '../model/types.js';
import {
  DEFAULT_LOGS_DIR,
  DEFAULT_MAX_WORKERS,
  DEFAULT_PYTHON,
  DEFAULT_RESULTS_DIR,
  DEFAULT_RETRIES,
  DEFAULT_SUMMARIES_DIR,
  DEFAULT_TIMEOUT_MINUTES,
  MAX_SHARDS,
} from '../plan/defaults.js';
import { decideStatus } from './status.js';
import { comparisonLists } from './quality.js';
import { readSummaryFile } from './read-summary.js';
import { countJobs, GENERATOR, SUMMARY_SCHEMA_VERSION, type Summary, type SummaryJob } from './summary.js';

/**
 * `mode: merge`: the summaries of a sharded run's shards (downloaded artifacts, one folder per
 * artifact) combined into one summary, as if one runner had run every job.
 *
 * - Candidates: in a folder, every `training_summary_*.json` at any depth (symbolic links are not
 *   followed); or the files given. A candidate that is not valid JSON or not a summary is a problem.
 * - A summary without `shard` is not a shard's (an older single-runner summary kept in the summaries
 *   folder, or a previous merge): it is left out with a note.
 * - `n` is `expectedShards` when given, else the `n` of the summary that finished last. Summaries of
 *   another `n` belong to another plan (stale files uploaded with the summaries folder) and are left out
 *   with a note. Two summaries of the same shard (a re-run of that shard's job): the one that finished
 *   last is kept, with a note.
 * - Problems: a candidate that cannot be read, a shard `k/n` with no summary, a job id found in two
 *   shards (the first shard's entry is kept), no shard summary at all. Any problem fails the merged run.
 * - Status, by decideStatus' rules over every job: a shard that was cancelled → `cancelled`; else a
 *   problem → `failure`; else a required job that failed, timed out or was cancelled in any shard →
 *   `failure` (or `partial_success` when allowed and a job succeeded); else `success`.
 * - Jobs are listed shard by shard (each in its shard's plan order) and carry `shard: "k/n"`;
 *   `started_at` is the earliest shard start, `finished_at` the latest shard end; `options` are the first
 *   shard's with `shard: null` and `only` the union of the shards' `only`; warnings are the shards'
 *   (each once), then the notes and problems of the merge.
 * - Version 2 fields: each job keeps its params, comparison and gates; a required job that broke a gate
 *   fails the merged run as it failed its shard; `provenance` and `baseline` are the first shard's, and
 *   `gates` is recomputed over every job (absent when no job had gates). Version-1 shard summaries merge too.
 * - `errors` (the orchestrator's own faults in a shard) are kept, each prefixed with its shard, and fail the
 *   merged run as they failed their shard.
 * - Each job keeps its `resources`; the merged summary has no run-level `resources` (the shards ran on
 *   different machines at different times: no total of theirs happened at once).
 */

export type MergeInput = { files: string[] } | { directory: string };

export interface MergeOptions {
  /** The number of shards plan mode emitted; default: the `n` of the summary that finished last. */
  expectedShards?: number;
  /** Default: true only when every shard ran with allow_partial_success. */
  allowPartialSuccess?: boolean;
  /** For the merged run's times when no shard summary was found. */
  now?: () => Date;
  logger?: Logger;
}

export interface MergedShard {
  /** `k/n`. */
  shard: string;
  file: string;
  status: RunStatus;
  jobs: number;
}

export interface MergeResult {
  summary: Summary;
  /** `k/n` of every shard without a summary, in order. */
  missingShards: string[];
  /** What fails the merged run (also in `summary.warnings`). */
  problems: string[];
  /** What was left out and why, without failing anything (also in `summary.warnings`). */
  notes: string[];
  /** The summaries merged, in shard order. */
  shards: MergedShard[];
}

/** The file names a run writes its summary under (see summaryFileName). */
export const SUMMARY_FILE_PATTERN = /^training_summary_.*\.json$/;

interface ShardSummary {
  file: string;
  summary: Summary;
  index: number;
  count: number;
  finishedAt: number;
}

export async function mergeSummaries(input: MergeInput, opts: MergeOptions = {}): Promise<MergeResult> {
  const problems: string[] = [];
  const notes: string[] = [];
  const where = 'files' in input ? 'among the files given' : `in ${input.directory}`;
  let files: string[] = [];
  if ('files' in input) files = [...input.files];
  else {
    try {
      files = await findSummaryFiles(input.directory);
    } catch (error) {
      // No folder: no artifact was downloaded (every shard failed before uploading). Reported below.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      notes.push(`${input.directory} does not exist: no shard artifact was downloaded.`);
    }
  }

  const candidates: ShardSummary[] = [];
  for (const file of files) {
    const read = await readSummaryFile(file);
    if (typeof read === 'string') {
      problems.push(read);
      continue;
    }
    const spec = parseShardLabel(read.shard);
    if (!spec) {
      notes.push(`Left out ${file}: it is not a shard's summary (no shard k/n).`);
      continue;
    }
    candidates.push({ file, summary: read, ...spec, finishedAt: Date.parse(read.finished_at) });
  }

  const latestFirst = [...candidates].sort(
    (a, b) => b.finishedAt - a.finishedAt || compareText(a.file, b.file),
  );
  const count = opts.expectedShards ?? latestFirst[0]?.count;
  const chosen = new Map<number, ShardSummary>();
  for (const candidate of latestFirst) {
    const label = `${candidate.index}/${candidate.count}`;
    if (candidate.count !== count) {
      notes.push(
        `Left out ${candidate.file}: it is shard ${label}, from a plan of ${candidate.count} shards, not ${count}.`,
      );
      continue;
    }
    const kept = chosen.get(candidate.index);
    if (kept) {
      notes.push(`Left out ${candidate.file}: shard ${label} has a later summary, ${kept.file}.`);
      continue;
    }
    chosen.set(candidate.index, candidate);
  }

  const missingShards: string[] = [];
  if (count === undefined) {
    problems.push(`No shard summary (training_summary_*.json with a shard k/n) was found ${where}.`);
  } else {
    for (let k = 1; k <= count; k += 1) {
      if (!chosen.has(k)) missingShards.push(`${k}/${count}`);
    }
    for (const label of missingShards) {
      problems.push(
        `Shard ${label} has no summary ${where}: its job failed before writing one, or its artifact was not downloaded.`,
      );
    }
  }

  const ordered = [...chosen.values()].sort((a, b) => a.index - b.index);
  const jobs: SummaryJob[] = [];
  const shardOf = new Map<string, string>();
  for (const { summary, index, count: n } of ordered) {
    const label = `${index}/${n}`;
    for (const job of summary.jobs) {
      const first = shardOf.get(job.id);
      if (first !== undefined) {
        problems.push(
          `Job '${job.id}' is in shard ${first} and in shard ${label}: a job belongs to one shard; kept shard ${first}'s.`,
        );
        continue;
      }
      shardOf.set(job.id, label);
      jobs.push({ ...job, shard: label });
    }
  }

  const now = opts.now ?? (() => new Date());
  const starts = ordered.map((s) => Date.parse(s.summary.started_at)).filter(Number.isFinite);
  const ends = ordered.map((s) => s.finishedAt).filter(Number.isFinite);
  const startedAt = starts.length > 0 ? starts.reduce((min, t) => Math.min(min, t)) : now().getTime();
  const finishedAt = ends.reduce((max, t) => Math.max(max, t), startedAt);

  const allowPartialSuccess =
    opts.allowPartialSuccess ??
    (ordered.length > 0 && ordered.every((s) => s.summary.options.allow_partial_success));
  const cancelled = ordered.some((s) => s.summary.status === 'cancelled');
  let status = statusOfJobs(jobs, { allowPartialSuccess, cancelled });
  const gates = mergedGates(jobs);
  // A shard's own faults (its `errors`) failed that shard; they fail the merged run too, named by shard.
  const errors = ordered.flatMap((s) =>
    (s.summary.errors ?? []).map((e) => `Shard ${s.index}/${s.count}: ${e}`),
  );
  if ((problems.length > 0 || errors.length > 0) && status !== 'cancelled') status = 'failure';

  const first = ordered[0]?.summary;
  const warnings = unique([...ordered.flatMap((s) => s.summary.warnings), ...notes, ...problems]);
  const summary: Summary = {
    schema_version: SUMMARY_SCHEMA_VERSION,
    generator: { name: GENERATOR.name, version: GENERATOR.version },
    status,
    started_at: new Date(startedAt).toISOString(),
    finished_at: new Date(finishedAt).toISOString(),
    duration_seconds: Math.round(finishedAt - startedAt) / 1000,
    shard: null,
    options: first
      ? { ...first.options, only: unique(ordered.flatMap((s) => s.summary.options.only)), shard: null }
      : emptyOptions(),
    counts: countJobs(jobs),
    jobs,
    warnings,
  };
  if (errors.length > 0) summary.errors = errors;
  if (first?.provenance) summary.provenance = first.provenance;
  if (first && first.baseline !== undefined) summary.baseline = first.baseline;
  if (gates) summary.gates = gates;
  for (const note of notes) opts.logger?.debug(note);
  return {
    summary,
    missingShards,
    problems,
    notes,
    shards: ordered.map((s) => ({
      shard: `${s.index}/${s.count}`,
      file: s.file,
      status: s.summary.status,
      jobs: s.summary.jobs.length,
    })),
  };
}

/** decideStatus over summary jobs: it reads only ids, `optional`, statuses and whether gates passed. */
function statusOfJobs(
  jobs: readonly SummaryJob[],
  opts: { allowPartialSuccess: boolean; cancelled: boolean },
): RunStatus {
  const plan = { jobs: jobs.map((job) => ({ id: job.id, optional: job.optional })) } as unknown as Plan;
  const results = jobs.map((job) => ({ id: job.id, status: job.status })) as unknown as JobResult[];
  const gateFailed = new Set(jobs.filter((job) => job.gates?.passed === false).map((job) => job.id));
  return decideStatus(plan, results, { ...opts, gateFailed });
}

/** The run-level gates over the merged jobs, as assessRun computes them for one run. */
function mergedGates(jobs: readonly SummaryJob[]): Summary['gates'] {
  const gated = jobs.filter((job) => job.gates !== undefined);
  if (gated.length === 0) return undefined;
  const { regressed, improved } = comparisonLists(jobs);
  return {
    passed: !gated.some((job) => !job.optional && job.gates?.passed === false),
    broken: gated.reduce((sum, job) => sum + (job.gates?.broken.length ?? 0), 0),
    regressed_jobs: regressed,
    improved_jobs: improved,
  };
}

/** Every `training_summary_*.json` under `directory`, sorted; links are not followed. */
export async function findSummaryFiles(directory: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() && SUMMARY_FILE_PATTERN.test(entry.name)) found.push(full);
    }
  };
  await walk(path.resolve(directory));
  return found.sort(compareText);
}

function parseShardLabel(label: unknown): { index: number; count: number } | undefined {
  if (typeof label !== 'string') return undefined;
  const match = /^([0-9]{1,3})\/([0-9]{1,3})$/.exec(label);
  if (!match) return undefined;
  const index = Number(match[1]);
  const count = Number(match[2]);
  return index >= 1 && index <= count && count <= MAX_SHARDS ? { index, count } : undefined;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Options of a merge that found no shard summary: every setting at its default. */
function emptyOptions(): Summary['options'] {
  return {
    working_directory: '',
    epochs: null,
    folds: null,
    only: [],
    exclude: [],
    parallel: false,
    max_workers: DEFAULT_MAX_WORKERS,
    retries: DEFAULT_RETRIES,
    config: null,
    extra_args: [],
    dry_run: false,
    list_only: false,
    no_auto_discover: false,
    discover_roots: null,
    allow_partial_success: false,
    verbose: false,
    python: DEFAULT_PYTHON,
    results_dir: DEFAULT_RESULTS_DIR,
    logs_dir: DEFAULT_LOGS_DIR,
    summaries_dir: DEFAULT_SUMMARIES_DIR,
    timeout_minutes: DEFAULT_TIMEOUT_MINUTES,
    history_file: null,
    rerun_failed_from: null,
    shard: null,
    job_env: {},
  };
}
