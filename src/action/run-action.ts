import path from 'node:path';
import * as core from '@actions/core';
import { cancelOnSignals } from '../model/cancel.js';
import { orchestrate, type OrchestrateResult } from '../orchestrate/orchestrate.js';
import { InputError, type Logger, type Plan } from '../model/types.js';
import type { InputName, RawInputs } from '../plan/inputs.js';
import { buildAnnotations } from '../report/annotations.js';
import { workingDirectoryInRepository } from './repository-path.js';
import { formatFinalTable, formatJobList, formatPlanHeader } from '../report/console.js';
import { formatQualityLines } from '../report/comparison-text.js';
import { provenanceEnvironment } from '../report/provenance.js';
import { isFailureStatus, isSuccessStatus } from '../report/outcome.js';
import { Redactor, shortSecretsWarning } from '../report/redact.js';
import { parseSpawnServiceMode } from '../plan/spawn-service-setting.js';
import { runLinksFromEnv } from '../report/run-links.js';
import type { Summary } from '../report/summary.js';
import {
  ArtifactUploadError,
  modelFoldersOf,
  uploadRunArtifacts,
  type UploadedArtifacts,
} from './artifacts.js';
import { createActionCacheStore } from './cache-store.js';
import { createActionEventRenderer, dryRunLine } from './console.js';
import {
  describeInputs,
  parseActionInputs,
  readRawInputs,
  workspaceFrom,
  type ActionInputs,
} from './inputs.js';
import { reportToGitHub, resolveActionAutoInputs } from './github-report.js';
import { installRequirements } from './install-requirements.js';
import { safeActionLog, safeCore } from './safe-core.js';
import { runActionMergeMode, runActionPlanMode } from './modes.js';
import { setupKaggle } from './kaggle.js';
import { createActionLogger } from './logger.js';
import { artifactOutputs, planOutputs, runOutputs, setOutputs } from './outputs.js';
import { secretsFromInputs } from './post-step.js';
import { saveMainState } from './state.js';
import { appendStepSummary, faultsMarkdown, planStepSummary, runStepSummary } from './step-summary.js';

/**
 * The main step. Reads and validates every input, masks the secrets, then by `mode`:
 * `run` plans, sets up (Kaggle file, requirements), runs, reports (outputs, step summary, annotations,
 * final table) and uploads the artifacts. Only this function calls `core.setFailed`; everything below
 * throws. It never rejects.
 */
export async function run(): Promise<void> {
  // Until the inputs are read there is nothing to redact; from then on every message goes through it.
  let redactor = new Redactor([]);
  try {
    const typed = readRawInputs((name) => core.getInput(name));
    const secrets = secretsFromInputs((name) => typed[name as InputName] ?? '');
    registerSecrets(secrets);
    redactor = new Redactor(secrets);
    const workspace = workspaceFrom(process.env, process.cwd());
    // `auto` (baseline, history_file, rerun_failed_from) becomes a downloaded file before the settings see it.
    const early = createActionLogger(safeCore, { verbose: typed.verbose === 'true', redactor });
    const { raw } = await resolveActionAutoInputs(typed, {
      logger: early,
      notice: safeCore.notice,
      workspace,
    });
    const inputs = parseActionInputs(raw, { workspace });
    // An environment variable, not an input (an escape hatch, read by the CLI the same way).
    inputs.settings.spawnService = parseSpawnServiceMode(process.env);
    inputs.settings.secrets.push(...secrets.filter((value) => !inputs.settings.secrets.includes(value)));
    const logger = createActionLogger(safeCore, { verbose: inputs.settings.verbose, redactor });
    const short = shortSecretsWarning(secrets);
    if (short) logger.warn(short);
    logger.debug(`inputs: ${describeInputs(inputs)}`);
    switch (inputs.mode) {
      case 'run':
        await runMode(inputs, raw, logger, redactor);
        break;
      case 'plan':
        await runActionPlanMode(raw, inputs.settings, { logger, redactor });
        break;
      case 'merge': {
        const merged = await runActionMergeMode(raw, inputs.settings, { logger, redactor });
        // The merged summary is the sharded run's report: comment and notify from it.
        await reportRunToGitHub(merged.summary, inputs, raw, redactor, logger);
        break;
      }
    }
  } catch (error) {
    fail(error, redactor);
  }
}

async function runMode(
  inputs: ActionInputs,
  raw: RawInputs,
  logger: Logger,
  redactor: Redactor,
): Promise<void> {
  const { settings } = inputs;
  const renderer = createActionEventRenderer(safeActionLog(), {
    parallel: settings.parallel,
    verbose: settings.verbose,
  });
  // Installed before planning: a signal while planning or installing must not kill the process with the
  // default handler, and must reach the runner as soon as jobs start.
  const cancel = cancelOnSignals(['SIGINT', 'SIGTERM'], (signal) =>
    renderer.notice(
      `Received ${signal}: cancelling. No new job starts; running jobs get SIGTERM, then SIGKILL after a short grace period.`,
    ),
  );
  try {
    // Only with `cache: true` is @actions/cache loaded.
    const cacheStore = await createActionCacheStore(inputs.cache, {
      workingDirectory: settings.workingDirectory,
      logger,
    });
    const result = await orchestrate(settings, {
      // A restored job's log names the run that stored its entry.
      ...(cacheStore
        ? { cacheStore, cacheSource: runLinksFromEnv(process.env)?.run?.url ?? 'a GitHub Actions run' }
        : {}),
      logger,
      signal: cancel.signal,
      onEvent: renderer.onEvent,
      onPlan: (plan, { workers }) => preparePlan(plan, inputs, logger, redactor, cancel.signal, workers),
      environment: provenanceEnvironment(process.env),
    });
    if (result.mode !== 'run') {
      await finishWithoutRunning(result, workspaceFrom(process.env, process.cwd()), redactor, logger);
      return;
    }
    await finishRun(result, inputs, raw, logger);
  } finally {
    cancel.dispose();
  }
}

/**
 * Called once the plan exists, before any job starts. For list/dry-run: print it. For a run: write the
 * Kaggle file, install requirements, then tell the post step a run is under way (so that it uploads the
 * evidence if this step is cancelled or killed before it can), and print the header.
 */
async function preparePlan(
  plan: Plan,
  inputs: ActionInputs,
  logger: Logger,
  redactor: Redactor,
  signal: AbortSignal,
  /** Jobs at once, `max_workers: auto` resolved (see OrchestrateDeps.onPlan). */
  workers: number,
): Promise<void> {
  const { settings } = inputs;
  // Non-fatal notes of the planner (an `exclude` id that matches nothing, …) become warning annotations.
  for (const warning of plan.warnings) logger.warn(warning);
  if (settings.listOnly) {
    safeCore.info(redactor.redact(formatJobList(plan)).trimEnd());
    return;
  }
  if (settings.dryRun) {
    safeCore.info(`${plan.jobs.length} job${plan.jobs.length === 1 ? '' : 's'} (dry run: nothing is run)`);
    for (const job of plan.jobs) {
      const line = dryRunLine(job, workspaceFrom(process.env, process.cwd()), (text) =>
        redactor.redact(text),
      );
      safeCore.info(redactor.redact(line));
    }
    return;
  }
  if (inputs.kaggle) {
    const kaggle = await setupKaggle({ username: inputs.kaggle.username, key: inputs.kaggle.key, logger });
    if (kaggle) saveMainState({ kaggle });
  }
  if (inputs.installRequirements !== '') {
    await installRequirements({
      pattern: inputs.installRequirements,
      workingDirectory: settings.workingDirectory,
      python: plan.python,
      logger,
      signal,
    });
  }
  if (signal.aborted) throw new Error('Cancelled before any job started.');
  saveMainState({
    workingDirectory: settings.workingDirectory,
    resultsDir: settings.resultsDir,
    logsDir: settings.logsDir,
    summariesDir: settings.summariesDir,
    artifacts: inputs.artifacts,
    planned: true,
    uploaded: false,
    plannedAt: new Date().toISOString(),
  });
  safeCore.info(
    formatPlanHeader(plan, { parallel: settings.parallel, workers, auto: settings.maxWorkersAuto }),
  );
}

async function finishWithoutRunning(
  result: OrchestrateResult,
  workspace: string,
  redactor: Redactor,
  logger: Logger,
): Promise<void> {
  setOutputs(planOutputs(result.plan, redactor), core.setOutput);
  const mode = result.mode === 'list' ? 'list' : 'dry-run';
  await writeStepSummary(planStepSummary(result.plan, mode, workspace, redactor), logger);
}

/** The pull-request comment and the notification for a finished (or merged) run: best effort, never throws. */
async function reportRunToGitHub(
  summary: Summary,
  inputs: ActionInputs,
  raw: RawInputs,
  redactor: Redactor,
  logger: Logger,
): Promise<void> {
  await reportToGitHub({
    summary,
    raw,
    notify: inputs.notify,
    redactor,
    workingDirectory: inputs.settings.workingDirectory,
    summaryArtifactName: inputs.artifacts.summaryName,
    logger,
    notice: safeCore.notice,
  });
}

async function finishRun(
  result: OrchestrateResult,
  inputs: ActionInputs,
  raw: RawInputs,
  logger: Logger,
): Promise<void> {
  const { summary, summaryPath, status, redactor, plan, errors } = result;
  if (!summary || !status) throw new Error('The run ended without a summary.');

  // Each part of the report is attempted whatever happened to the others: a fault in one (the outputs
  // file, the step summary) is named, never allowed to cost the rest.
  const reportFaults: string[] = [];
  const attempt = async (what: string, step: () => void | Promise<void>) => {
    try {
      await step();
    } catch (error) {
      reportFaults.push(`Could not ${what}: ${messageOf(error)}`);
    }
  };
  await attempt('set the outputs', () =>
    setOutputs(runOutputs(plan, summary, summaryPath ?? '', redactor), core.setOutput),
  );
  // Written before the upload (a hung or failed upload must not cost the report), so the artifacts link is
  // the run page's artifacts section rather than one artifact's id.
  await writeStepSummary(
    runStepSummary(summary, { links: runLinksFromEnv(process.env), baseline: result.baseline }) +
      faultsMarkdown(errors),
    logger,
  );
  await attempt('write the annotations', () => {
    const workspace = workspaceFrom(process.env, process.cwd());
    const annotations = buildAnnotations(summary, {
      workingDirectoryInRepository: workingDirectoryInRepository(inputs.settings.workingDirectory, workspace),
    });
    for (const annotation of annotations) {
      const emit = annotation.level === 'error' ? safeCore.error : safeCore.warning;
      emit(redactor.redact(annotation.message), {
        title: redactor.redact(annotation.title),
        ...(annotation.file !== undefined ? { file: redactor.redact(annotation.file) } : {}),
      });
    }
  });
  safeCore.info('');
  safeCore.info(redactor.redact(formatFinalTable(summary)));
  const quality = formatQualityLines(summary);
  if (quality) safeCore.info(redactor.redact(quality));
  if (summaryPath)
    safeCore.info(`Summary: ${redactor.redact(displayPath(summaryPath, inputs.settings.workingDirectory))}`);

  const uploadFailure = await upload(result, inputs, logger);
  // Best effort, after the artifacts exist: the pull-request comment and the notification.
  await reportRunToGitHub(summary, inputs, raw, redactor, logger);
  const failures = [...errors, ...reportFaults, runFailure(summary), uploadFailure].filter(
    (message): message is string => message !== undefined,
  );
  if (failures.length > 0) safeCore.setFailed(redactor.redact(failures.join('\n')));
}

/**
 * Uploads the artifacts unless switched off. A cancelled run leaves that to the post step: the runner
 * kills this process a few seconds after the cancel signal, and an upload cut short here would leave a
 * half-created artifact under the name the post step needs. Returns the failure message, if any.
 */
async function upload(
  result: OrchestrateResult,
  inputs: ActionInputs,
  logger: Logger,
): Promise<string | undefined> {
  if (result.status === 'cancelled') {
    if (inputs.artifacts.enabled)
      logger.info('The run was cancelled: the post step uploads its logs and summary.');
    return undefined;
  }
  let uploaded: UploadedArtifacts = {};
  let failure: string | undefined;
  try {
    uploaded = await uploadRunArtifacts({
      settings: inputs.settings,
      artifacts: inputs.artifacts,
      redactor: result.redactor,
      logger,
      modelFolders: result.summary ? modelFoldersOf(result.summary.jobs) : undefined,
    });
  } catch (error) {
    if (error instanceof ArtifactUploadError) uploaded = error.uploaded;
    failure = messageOf(error);
  }
  setOutputs(artifactOutputs(uploaded), core.setOutput);
  // Attempted (or off): the post step must not try again, whatever the outcome.
  saveMainState({ uploaded: true });
  return failure;
}

/** Why the run fails the step, or undefined when it passes (`success`, `partial_success`). */
export function runFailure(summary: Summary): string | undefined {
  if (summary.status === 'failure') {
    const failed = summary.jobs
      .filter((job) => !job.optional && isFailureStatus(job.status))
      .map((job) => job.id);
    const gated = summary.jobs
      .filter((job) => !job.optional && isSuccessStatus(job.status) && job.gates?.passed === false)
      .map((job) => job.id);
    // A run failed by an orchestrator fault alone: the fault is the reason, reported on its own.
    if (failed.length === 0 && gated.length === 0) return undefined;
    const parts = [
      failed.length > 0 ? `Required job${failed.length === 1 ? '' : 's'} failed: ${failed.join(', ')}.` : '',
      gated.length > 0
        ? `Required job${gated.length === 1 ? '' : 's'} broke a quality gate: ${gated.join(', ')}.`
        : '',
    ];
    return parts.filter(Boolean).join(' ');
  }
  if (summary.status === 'cancelled') {
    const c = summary.counts;
    return `The run was cancelled (${c.succeeded} succeeded, ${c.cancelled} cancelled, ${c.skipped} not run of ${c.total}).`;
  }
  return undefined;
}

async function writeStepSummary(markdown: string, logger: Logger): Promise<void> {
  // The summary is a report, not the result: failing to write it is a warning, never a failed step.
  try {
    if (!(await appendStepSummary(markdown, core.summary))) {
      logger.debug('GITHUB_STEP_SUMMARY is not set: no step summary written.');
    }
  } catch (error) {
    logger.warn(`Could not write the step summary: ${messageOf(error)}`);
  }
}

function fail(error: unknown, redactor: Redactor): void {
  if (error instanceof InputError) {
    safeCore.setFailed(redactor.redact(error.message));
    return;
  }
  if (error instanceof Error && error.stack) safeCore.debug(redactor.redact(error.stack));
  safeCore.setFailed(redactor.redact(messageOf(error)));
}

/** Masks each secret, and each line of a multi-line one (the runner matches masks line by line). */
function registerSecrets(secrets: readonly string[]): void {
  const values = new Set<string>();
  for (const secret of secrets) {
    values.add(secret);
    for (const line of secret.split(/\r?\n/)) if (line.trim() !== '') values.add(line.trim());
  }
  for (const value of values) core.setSecret(value);
}

function displayPath(file: string, workingDirectory: string): string {
  const relative = path.relative(workingDirectory, file);
  return relative && !relative.startsWith('..') ? relative : file;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
