import * as core from '@actions/core';
import type { Logger, Settings } from '../model/types.js';
import {
  parseMergeModeInputs,
  parsePlanModeInputs,
  runMergeMode,
  runPlanMode,
  type MergeModeResult,
  type PlanModeResult,
} from '../orchestrate/modes.js';
import type { RawInputs } from '../plan/inputs.js';
import type { ShardMatrix } from '../plan/shard.js';
import { formatDuration } from '../report/duration.js';
import { escapeMarkdownInline } from '../report/escape.js';
import { renderStepSummary, STEP_SUMMARY_MAX_BYTES } from '../report/markdown.js';
import { runLinksFromEnv } from '../report/run-links.js';
import { isFailureStatus } from '../report/outcome.js';
import { buildRunOutputs } from '../report/outputs.js';
import { Redactor } from '../report/redact.js';
import { ActionOutput } from './constants.js';
import { createActionLogger } from './logger.js';
import { safeCore } from './safe-core.js';
import { planOutputs, setOutputs, type ActionOutputs } from './outputs.js';
import { appendStepSummary, type StepSummarySink } from './step-summary.js';

/**
 * The action's `mode: plan` and `mode: merge` (issue 7): parse the mode's own inputs (an InputError
 * names the input), call the core (src/orchestrate/modes.ts), set the outputs and write the step summary.
 * Side effects come in as parameters with @actions/core defaults, so tests can record them.
 */
export interface ActionModeDeps {
  /** Default: the action logger over @actions/core, redacting with `redactor`. */
  logger?: Logger;
  /** Default: the settings' secrets. */
  redactor?: Redactor;
  setOutput?: (name: string, value: string) => void;
  /** Merge only: called when the merged run failed or was cancelled. Default: core.setFailed. */
  setFailed?: (message: string) => void;
  /** Default: core.summary (written only when GITHUB_STEP_SUMMARY is set). */
  stepSummary?: StepSummarySink;
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
}

/** Shard rows listed in the plan's step summary; more are counted (the `matrix` output has them all). */
export const PLAN_SUMMARY_MAX_SHARDS = 100;
/** Job ids shown per shard row. */
const IDS_PER_ROW = 20;

/**
 * `mode: plan`: sets `matrix` (JSON for `strategy.matrix: ${{ fromJSON(needs.plan.outputs.matrix) }}`),
 * `jobs` and `status: success`, and writes a table of the shards to the step summary. Runs nothing.
 */
export async function runActionPlanMode(
  raw: RawInputs,
  settings: Settings,
  deps: ActionModeDeps = {},
): Promise<PlanModeResult> {
  const { redactor, logger } = resolveDeps(settings, deps);
  const counts = parsePlanModeInputs(raw);
  const result = await runPlanMode(settings, { ...counts, logger });
  const outputs: ActionOutputs = {
    ...planOutputs(result.plan, redactor),
    [ActionOutput.Matrix]: JSON.stringify(result.matrix),
  };
  setOutputs(outputs, deps.setOutput ?? core.setOutput);
  await writeStepSummary(planModeStepSummary(result.matrix, result.plan.jobs.length), logger, deps);
  return result;
}

/**
 * `mode: merge`: combines the shard summaries under `merge_from`, writes the merged summary, sets
 * `status`, `summary_path`, `succeeded`, `failed`, `failed_jobs` and `duration_seconds`, writes the
 * step summary (the merge's problems first, then the run's page with one timeline section per shard),
 * and fails the step when the merged run failed or was cancelled.
 */
export async function runActionMergeMode(
  raw: RawInputs,
  settings: Settings,
  deps: ActionModeDeps = {},
): Promise<MergeModeResult> {
  const { redactor, logger } = resolveDeps(settings, deps);
  const { mergeFrom, expectedShards } = parseMergeModeInputs(raw, settings);
  const result = await runMergeMode(settings, { mergeFrom, expectedShards, logger, now: deps.now });
  const outputs = buildRunOutputs(result.summary, result.summaryPath);
  setOutputs(outputs, deps.setOutput ?? core.setOutput);
  await writeStepSummary(mergeStepSummary(result, redactor), logger, deps);
  const failure = mergeFailure(result);
  if (failure) (deps.setFailed ?? safeCore.setFailed)(redactor.redact(failure));
  return result;
}

/** Why the merged run fails the step, or undefined when it passes. */
export function mergeFailure(result: Pick<MergeModeResult, 'summary' | 'problems'>): string | undefined {
  const { summary, problems } = result;
  if (summary.status === 'success' || summary.status === 'partial_success') return undefined;
  if (summary.status === 'cancelled') return 'A shard was cancelled: the sharded run is cancelled.';
  const failed = summary.jobs.filter((job) => !job.optional && isFailureStatus(job.status));
  const lines: string[] = [];
  if (failed.length > 0) {
    lines.push(
      `Required job${failed.length === 1 ? '' : 's'} failed: ${failed.map((job) => `${job.id} (shard ${job.shard})`).join(', ')}.`,
    );
  }
  lines.push(...problems);
  return lines.join('\n');
}

/** The plan's step summary: one row per shard with its runner, size, expected time and job ids. */
export function planModeStepSummary(matrix: ShardMatrix, jobCount: number): string {
  const shards = matrix.include;
  const timed = shards.some((entry) => entry.expected_seconds !== undefined);
  const lines = [
    '### Training plan: shards',
    '',
    `${jobCount} job${jobCount === 1 ? '' : 's'} in ${shards.length} shard${shards.length === 1 ? '' : 's'}, balanced by ${
      timed ? 'historical duration (longest first)' : 'job count'
    }; nothing was run here.`,
    '',
    `| Shard | Runner | Jobs |${timed ? ' Expected |' : ''} Job ids |`,
    `| --- | --- | ---: |${timed ? ' ---: |' : ''} --- |`,
  ];
  for (const entry of shards.slice(0, PLAN_SUMMARY_MAX_SHARDS)) {
    const runner = Array.isArray(entry.runs_on) ? entry.runs_on.join(', ') : entry.runs_on;
    const ids =
      entry.jobs.slice(0, IDS_PER_ROW).join(', ') +
      (entry.jobs.length > IDS_PER_ROW ? `, … (${entry.jobs.length - IDS_PER_ROW} more)` : '');
    const expected = timed
      ? ` ${entry.expected_seconds !== undefined ? formatDuration(entry.expected_seconds) : '—'} |`
      : '';
    lines.push(
      `| ${escapeMarkdownInline(entry.shard)} | ${escapeMarkdownInline(runner)} | ${entry.jobs.length} |${expected} ${escapeMarkdownInline(ids)} |`,
    );
  }
  if (shards.length > PLAN_SUMMARY_MAX_SHARDS) {
    lines.push('', `… and ${shards.length - PLAN_SUMMARY_MAX_SHARDS} more shards (see the matrix output).`);
  }
  return `${lines.join('\n')}\n`;
}

/** The merged run's page, after a caution block listing the merge's problems (missing shards, …). */
export function mergeStepSummary(
  result: Pick<MergeModeResult, 'summary' | 'problems'> & Partial<Pick<MergeModeResult, 'missingShards'>>,
  redactor: Redactor,
): string {
  const problems = result.problems.map((problem) => `> - ${escapeMarkdownInline(redactor.redact(problem))}`);
  const caution = result.problems.length > 0 ? `> [!CAUTION]\n${problems.join('\n')}\n\n` : '';
  return (
    caution +
    renderStepSummary(result.summary, {
      maxBytes: STEP_SUMMARY_MAX_BYTES - Buffer.byteLength(caution),
      missingShards: result.missingShards,
      links: runLinksFromEnv(process.env),
    })
  );
}

function resolveDeps(settings: Settings, deps: ActionModeDeps): { redactor: Redactor; logger: Logger } {
  const redactor = deps.redactor ?? new Redactor(settings.secrets);
  const logger = deps.logger ?? createActionLogger(safeCore, { verbose: settings.verbose, redactor });
  return { redactor, logger };
}

async function writeStepSummary(markdown: string, logger: Logger, deps: ActionModeDeps): Promise<void> {
  // A report, not the result: failing to write it is a warning.
  try {
    if (!(await appendStepSummary(markdown, deps.stepSummary ?? core.summary, deps.env ?? process.env))) {
      logger.debug('GITHUB_STEP_SUMMARY is not set: no step summary written.');
    }
  } catch (error) {
    logger.warn(
      `Could not write the step summary: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
