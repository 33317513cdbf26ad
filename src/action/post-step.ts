import { promises as fsp } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import type { Logger } from '../model/types.js';
import { splitLines } from '../plan/input-values.js';
import { resolveInside, toPosix } from '../plan/path-safety.js';
import { isReallyInside } from '../plan/real-path.js';
import { Redactor } from '../report/redact.js';
import { uploadRunArtifacts, type ArtifactClientLike, type UploadedArtifacts } from './artifacts.js';
import { ActionInput } from './constants.js';
import { cleanupKaggle } from './kaggle.js';
import { safeCore } from './safe-core.js';
import { readMainState, type MainState } from './state.js';

/** Summaries written up to this long before the plan still count as this run's (coarse file-system clocks). */
const MTIME_SLACK_MS = 2000;

export interface PostStepDeps {
  logger?: Logger;
  /** Reads an input (`core.getInput` by default): the post step gets the same inputs as the main step. */
  getInput?: (name: string) => string;
  client?: ArtifactClientLike;
  retryDelayMs?: number;
  now?: () => Date;
}

/** What the post step did, for tests and logs. */
export interface PostStepOutcome {
  action: 'nothing' | 'already-uploaded' | 'not-planned' | 'upload-off' | 'uploaded' | 'upload-failed';
  uploaded?: UploadedArtifacts;
  /** Absolute path of the note written because the run left no summary. */
  incompleteNote?: string;
}

/**
 * The post step (`post-if: always()`): removes the Kaggle file the main step wrote, then, when the
 * main step planned a run but ended before uploading (cancelled, timed out, killed), uploads whatever
 * is on disk, so that a cancelled five-hour run still leaves its logs. When the main step uploaded, it
 * does nothing else. It never fails the job: every problem is a warning.
 */
export async function runPostStep(deps: PostStepDeps = {}): Promise<PostStepOutcome> {
  const logger = deps.logger ?? coreLogger();
  try {
    const state = readMainState();
    if (!state) {
      logger.debug('The main step saved no state: nothing to clean up or upload.');
      return { action: 'nothing' };
    }
    // Credentials first: the upload may be slow, and the runner may stop the post step at any time.
    await cleanupKaggle(state.kaggle, logger);
    if (state.uploaded) {
      logger.debug('The main step handled the artifacts: nothing to upload.');
      return { action: 'already-uploaded' };
    }
    if (!state.planned || !isRunState(state)) {
      logger.debug('The main step did not start a run: nothing to upload.');
      return { action: 'not-planned' };
    }
    if (!state.artifacts.enabled) return { action: 'upload-off' };
    logger.info(
      'The main step ended before uploading its artifacts (cancelled or timed out): uploading what is on disk.',
    );

    const getInput = deps.getInput ?? ((name: string) => core.getInput(name));
    const redactor = new Redactor(secretsFromInputs(getInput));
    const incompleteNote = await noteMissingSummary(state, redactor, deps.now?.() ?? new Date(), logger);
    try {
      const uploaded = await uploadRunArtifacts({
        settings: state,
        artifacts: state.artifacts,
        redactor,
        logger,
        client: deps.client,
        retryDelayMs: deps.retryDelayMs,
      });
      return { action: 'uploaded', uploaded, incompleteNote };
    } catch (error) {
      logger.warn(`The post step could not upload the run's artifacts. ${messageOf(error)}`);
      return { action: 'upload-failed', incompleteNote };
    }
  } catch (error) {
    logger.warn(`The post step failed: ${messageOf(error)}`);
    return { action: 'nothing' };
  }
}

/**
 * The same values the main step redacts: both Kaggle values, the GitHub token, the notification
 * webhook URL and every line of `secrets`.
 */
export function secretsFromInputs(getInput: (name: string) => string): string[] {
  const values = [
    getInput(ActionInput.KaggleUsername),
    getInput(ActionInput.KaggleKey),
    getInput(ActionInput.GithubToken),
    getInput('notify_webhook'),
  ]
    .map((value) => value.trim())
    .filter((value) => value !== '');
  return [...new Set([...values, ...splitLines(getInput(ActionInput.Secrets))])];
}

function isRunState(state: Partial<MainState>): state is MainState {
  return (
    state.workingDirectory !== undefined &&
    state.resultsDir !== undefined &&
    state.logsDir !== undefined &&
    state.summariesDir !== undefined &&
    state.artifacts !== undefined
  );
}

/**
 * The main step writes its summary even when cancelled, unless it was killed first. Without one, a
 * small note says so (status `cancelled`, the log files found), named so that nothing reading
 * `training_summary_*.json` mistakes it for a summary.
 */
async function noteMissingSummary(
  state: MainState,
  redactor: Redactor,
  now: Date,
  logger: Logger,
): Promise<string | undefined> {
  const summaries = resolveInside(state.workingDirectory, state.summariesDir);
  const logs = resolveInside(state.workingDirectory, state.logsDir);
  if (!summaries || summaries.relative === '.') return undefined;
  // Checked when the run started; checked again, as a job may have swapped the folder for a link since.
  if (!isReallyInside(state.workingDirectory, summaries.relative)) {
    logger.warn(
      `Not writing a note in ${summaries.relative}: it leads outside the working directory through a symbolic link.`,
    );
    return undefined;
  }
  const plannedAt = state.plannedAt ? Date.parse(state.plannedAt) : NaN;
  const entries = await fsp.readdir(summaries.absolute, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile() || !/^training_summary_.*\.json$/.test(entry.name)) continue;
    if (Number.isNaN(plannedAt)) return undefined;
    const stats = await fsp.stat(path.join(summaries.absolute, entry.name)).catch(() => undefined);
    if (stats && stats.mtimeMs >= plannedAt - MTIME_SLACK_MS) return undefined;
  }

  const logFiles: { path: string; bytes: number; modified_at: string }[] = [];
  if (logs && logs.relative !== '.') {
    const logEntries = await fsp.readdir(logs.absolute, { withFileTypes: true }).catch(() => []);
    for (const entry of logEntries) {
      if (!entry.isFile()) continue;
      const stats = await fsp.stat(path.join(logs.absolute, entry.name)).catch(() => undefined);
      if (!stats) continue;
      logFiles.push({
        path: redactor.redact(toPosix(path.join(logs.relative, entry.name))),
        bytes: stats.size,
        modified_at: stats.mtime.toISOString(),
      });
    }
  }
  logFiles.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const note = {
    status: 'cancelled',
    complete: false,
    note:
      'The main step ended before writing its summary (cancelled, timed out or killed). ' +
      'The post step wrote this note from what was on disk; the logs hold what each job printed.',
    planned_at: state.plannedAt ?? null,
    written_at: now.toISOString(),
    logs: logFiles,
  };
  const file = path.join(
    summaries.absolute,
    `incomplete_run_${now
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z')
      .replace(/[-:]/g, '')}.json`,
  );
  try {
    await fsp.mkdir(summaries.absolute, { recursive: true });
    await fsp.writeFile(file, `${JSON.stringify(note, null, 2)}\n`, { flag: 'wx' });
    logger.info(
      `No summary of this run was found; wrote ${toPosix(path.relative(state.workingDirectory, file))} instead.`,
    );
    return file;
  } catch (error) {
    logger.warn(`Could not write a note about the missing summary: ${messageOf(error)}`);
    return undefined;
  }
}

/** The Logger of the Actions log; `warn` becomes a warning annotation. */
export function coreLogger(): Logger {
  return {
    info: (message) => safeCore.info(message),
    warn: (message) => safeCore.warning(message),
    error: (message) => safeCore.error(message),
    debug: (message) => safeCore.debug(message),
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
