import path from 'node:path';
import { InputError, type Logger, type Plan, type RunStatus, type Settings } from '../model/types.js';
import { buildPlan } from '../plan/plan.js';
import { readHistory } from '../plan/history.js';
import { MAX_SHARDS } from '../plan/defaults.js';
import type { RawInputs } from '../plan/inputs.js';
import { parseDecimalInput, parseIntegerInput, presentValue, quoteValue } from '../plan/input-values.js';
import { resolveInside } from '../plan/path-safety.js';
import { assertReallyInside } from '../plan/real-path.js';
import { buildMatrix, planShards, type ShardMatrix, type ShardPlan } from '../plan/shard.js';
import { formatDuration } from '../report/duration.js';
import { mergeSummaries, type MergeResult } from '../report/merge.js';
import { Redactor } from '../report/redact.js';
import { redactSummary } from '../report/redact-summary.js';
import { exitCodeFor } from '../report/status.js';
import { writeSummary, type Summary } from '../report/summary.js';
import { checkWritableFolders } from '../run/preflight.js';

/**
 * The two sharding modes (issue 7) minus GitHub, shared by the action and the CLI:
 * - plan: build the plan as a run would, read the history, split the jobs into shards and return the
 *   matrix for `strategy.matrix` (nothing runs);
 * - merge: combine the shards' summaries into one and write it under `summaries_dir`.
 * A shard itself is an ordinary run with `only` (its job ids) and `shard: k/n` (see src/plan/shard.ts).
 */

export interface PlanModeOptions {
  /** `shards`: wins over `targetMinutes`. */
  shards?: number;
  /** `shard_target_minutes`: needs `history_file`. */
  targetMinutes?: number;
  logger: Logger;
}

export interface PlanModeResult {
  matrix: ShardMatrix;
  plan: Plan;
  sharding: ShardPlan;
}

/** The shard count inputs of plan mode, validated (both at once is an InputError: which would win is a guess). */
export function parsePlanModeInputs(raw: RawInputs): { shards?: number; targetMinutes?: number } {
  const shards = parseIntegerInput('shards', raw.shards, { min: 1, max: MAX_SHARDS });
  const targetMinutes = parseDecimalInput('shard_target_minutes', raw.shard_target_minutes, { min: 0 });
  if (targetMinutes !== undefined && targetMinutes <= 0) {
    throw new InputError(
      'shard_target_minutes',
      `Invalid shard_target_minutes ${quoteValue(raw.shard_target_minutes ?? '')}. Expected a number of minutes above 0 (empty means not set).`,
    );
  }
  if (shards !== undefined && targetMinutes !== undefined) {
    throw new InputError(
      'shard_target_minutes',
      `Invalid shard_target_minutes ${quoteValue(raw.shard_target_minutes ?? '')}: shards is set too. ` +
        'Expected either shards or shard_target_minutes.',
    );
  }
  return {
    ...(shards !== undefined ? { shards } : {}),
    ...(targetMinutes !== undefined ? { targetMinutes } : {}),
  };
}

/**
 * The merge inputs: `merge_from` (required; a folder inside the working directory, relative to it) and
 * `shards` (optional: the number of shards plan mode emitted, so that a merge notices missing ones even
 * when no shard sent a summary).
 */
export function parseMergeModeInputs(
  raw: RawInputs,
  settings: Pick<Settings, 'workingDirectory'>,
): { mergeFrom: string; expectedShards?: number } {
  const value = presentValue(raw.merge_from);
  const inside = value === undefined ? undefined : resolveInside(settings.workingDirectory, value);
  if (!inside) {
    throw new InputError(
      'merge_from',
      `Invalid merge_from ${quoteValue(value ?? '')}. Expected the folder holding the shard summaries (downloaded ` +
        `artifacts), inside the working directory ${settings.workingDirectory}.`,
    );
  }
  // The summaries under it are found without following links (see findSummaryFiles); the folder itself too.
  assertReallyInside(settings.workingDirectory, 'merge_from', inside.relative);
  const expectedShards = parseIntegerInput('shards', raw.shards, { min: 1, max: MAX_SHARDS });
  return { mergeFrom: inside.absolute, ...(expectedShards !== undefined ? { expectedShards } : {}) };
}

/**
 * Plan mode: the whole plan (a `shard` setting is ignored: plan mode plans every shard), the history
 * when `history_file` is set, and the shards. A plan without jobs is an InputError: GitHub refuses an
 * empty matrix, and a shard with no job ids would run every job.
 */
export async function runPlanMode(settings: Settings, opts: PlanModeOptions): Promise<PlanModeResult> {
  const { logger } = opts;
  const plan = await buildPlan({ ...settings, shard: undefined }, { logger });
  // The planner's notes (skipped files, id collisions, …) are seen here too, as in run mode.
  for (const warning of plan.warnings) logger.warn(warning);
  if (plan.jobs.length === 0) {
    throw new InputError(
      'mode',
      'Nothing to shard: the plan has no jobs (see only, exclude, discover_roots and the config). Expected at least one job.',
    );
  }
  const durations = settings.historyFile
    ? await readHistory(path.resolve(settings.workingDirectory, settings.historyFile))
    : undefined;
  if (settings.historyFile && (!durations || durations.size === 0)) {
    logger.warn(
      `The history ${settings.historyFile} holds no job durations: shards are balanced by job count.`,
    );
  }
  const sharding = planShards(plan.jobs, {
    shards: opts.shards,
    targetMinutes: opts.targetMinutes,
    durations,
  });
  for (const note of sharding.notes) logger.warn(note);
  const matrix = buildMatrix(sharding.shards, sharding.estimates);
  const by = sharding.estimates ? 'historical duration (longest first)' : 'job count (round-robin)';
  logger.info(`${plan.jobs.length} job(s) in ${matrix.include.length} shard(s), balanced by ${by}:`);
  for (const entry of matrix.include) {
    const expected =
      entry.expected_seconds !== undefined ? `, about ${formatDuration(entry.expected_seconds)}` : '';
    const runner = Array.isArray(entry.runs_on) ? entry.runs_on.join(', ') : entry.runs_on;
    logger.info(
      `  shard ${entry.shard} on [${runner}]: ${entry.jobs.length} job(s)${expected}: ${entry.jobs.join(', ')}`,
    );
  }
  return { matrix, plan, sharding };
}

export interface MergeModeOptions {
  /** Absolute, or relative to the working directory. */
  mergeFrom: string;
  expectedShards?: number;
  logger: Logger;
  now?: () => Date;
}

export interface MergeModeResult {
  summary: Summary;
  summaryPath: string;
  status: RunStatus;
  exitCode: 0 | 1 | 130;
  problems: string[];
  missingShards: string[];
  merge: MergeResult;
}

/**
 * Merge mode: the shard summaries under `mergeFrom` combined (see src/report/merge.ts), redacted with
 * this run's secrets as well, and written under `summaries_dir`. A missing shard, a job in two shards or
 * an unreadable summary fails the merged run; `allow_partial_success` set here wins, otherwise the
 * shards' own setting counts.
 */
export async function runMergeMode(settings: Settings, opts: MergeModeOptions): Promise<MergeModeResult> {
  const { logger } = opts;
  const now = opts.now ?? (() => new Date());
  // The merged summary must be writable: found before reading every shard, as a run finds it before its jobs.
  checkWritableFolders(settings, { withJobs: false });
  const directory = path.resolve(settings.workingDirectory, opts.mergeFrom);
  const merge = await mergeSummaries(
    { directory },
    {
      expectedShards: opts.expectedShards,
      allowPartialSuccess: settings.allowPartialSuccess ? true : undefined,
      now,
      logger,
    },
  );
  for (const shard of merge.shards) {
    logger.info(
      `shard ${shard.shard}: ${shard.status}, ${shard.jobs} job(s) (${path.relative(directory, shard.file)})`,
    );
  }
  for (const note of merge.notes) logger.info(note);
  for (const problem of merge.problems) logger.error(problem);
  const summary = redactSummary(merge.summary, new Redactor(settings.secrets));
  const summaryPath = await writeSummary(
    summary,
    path.resolve(settings.workingDirectory, settings.summariesDir),
    now(),
  );
  return {
    summary,
    summaryPath,
    status: summary.status,
    exitCode: exitCodeFor(summary.status),
    problems: merge.problems,
    missingShards: merge.missingShards,
    merge,
  };
}
