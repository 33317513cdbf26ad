import fs from 'node:fs';
import path from 'node:path';
import { InputError, type Settings, type ShardSpec } from '../model/types.js';
import {
  DEFAULT_LOGS_DIR,
  DEFAULT_PYTHON,
  DEFAULT_RESULTS_DIR,
  DEFAULT_RESOURCE_INTERVAL_MS,
  DEFAULT_RETRIES,
  DEFAULT_SUMMARIES_DIR,
  DEFAULT_TIMEOUT_MINUTES,
  MAX_RESOURCE_INTERVAL_MS,
  MAX_RETRIES,
  MAX_SHARDS,
  MIN_RESOURCE_INTERVAL_MS,
} from './defaults.js';
import type { InputName, RawInputs } from './inputs.js';
import {
  parseBooleanInput,
  parseDecimalInput,
  parseIntegerInput,
  presentValue,
  quoteValue,
  splitLines,
  splitList,
} from './input-values.js';
import { resolveInside } from './path-safety.js';
import { parseCpusInput, parseGpusInput, parseMaxWorkers, parseMemoryInput } from './resource-inputs.js';
import { assertReallyInside } from './real-path.js';
import { splitShellWords } from './shell-words.js';
import { isAcceptedTimeoutMinutes, TIMEOUT_MINUTES_EXPECTED } from './timeout-minutes.js';

export {
  parseBooleanInput,
  parseDecimalInput,
  parseIntegerInput,
  splitList,
  splitLines,
} from './input-values.js';

export interface SettingsContext {
  /** Where a relative `working_directory` starts: GITHUB_WORKSPACE in the action, the current folder in the CLI. */
  workspace: string;
}

/**
 * Builds validated Settings from raw input strings (action inputs or CLI flags). Empty or absent means
 * the default; any invalid value throws InputError naming the input and what it accepts. The inputs
 * that concern only the action (artifacts, install_requirements, mode, shards, merge_from) are
 * ignored here: the action shell parses them with the same helpers.
 */
export function parseSettings(raw: RawInputs, context: SettingsContext): Settings {
  const workingDirectory = parseWorkingDirectory(raw.working_directory, context.workspace);
  const kaggle = parseKaggle(raw.kaggle_username, raw.kaggle_key);
  const discoverRoots = splitList(raw.discover_roots);
  for (const root of discoverRoots) {
    if (!resolveInside(workingDirectory, root)) {
      throw new InputError(
        'discover_roots',
        `Invalid discover_roots ${quoteValue(root)}. Expected folders inside the working directory ${workingDirectory}.`,
      );
    }
  }
  return {
    workingDirectory,
    epochs: parseIntegerInput('epochs', raw.epochs, { min: 1 }),
    folds: parseIntegerInput('folds', raw.folds, { min: 1 }),
    only: splitList(raw.only),
    exclude: splitList(raw.exclude),
    parallel: parseBooleanInput('parallel', raw.parallel),
    ...parseMaxWorkers(raw.max_workers),
    retries: parseIntegerInput('retries', raw.retries, {
      min: 0,
      max: MAX_RETRIES,
      default: DEFAULT_RETRIES,
    }),
    config: presentValue(raw.config),
    extraArgs: splitShellWords(raw.extra_args ?? '', 'extra_args'),
    dryRun: parseBooleanInput('dry_run', raw.dry_run),
    listOnly: parseBooleanInput('list_only', raw.list_only),
    noAutoDiscover: parseBooleanInput('no_auto_discover', raw.no_auto_discover),
    discoverRoots: discoverRoots.length > 0 ? discoverRoots : undefined,
    allowPartialSuccess: parseBooleanInput('allow_partial_success', raw.allow_partial_success),
    verbose: parseBooleanInput('verbose', raw.verbose),
    python: presentValue(raw.python) ?? DEFAULT_PYTHON,
    resultsDir: parseOutputFolder('results_dir', raw.results_dir, DEFAULT_RESULTS_DIR, workingDirectory),
    logsDir: parseOutputFolder('logs_dir', raw.logs_dir, DEFAULT_LOGS_DIR, workingDirectory),
    summariesDir: parseOutputFolder(
      'summaries_dir',
      raw.summaries_dir,
      DEFAULT_SUMMARIES_DIR,
      workingDirectory,
    ),
    timeoutMinutes: parseTimeoutMinutes(raw.timeout_minutes),
    historyFile: parseInsideFile('history_file', raw.history_file, workingDirectory),
    rerunFailedFrom: parseInsideFile('rerun_failed_from', raw.rerun_failed_from, workingDirectory),
    shard: parseShard(raw.shard),
    baseline: parseBaseline(raw.baseline),
    secrets: [...new Set([...splitLines(raw.secrets), ...(kaggle ? [kaggle.username, kaggle.key] : [])])],
    jobEnv: kaggle ? { KAGGLE_USERNAME: kaggle.username, KAGGLE_KEY: kaggle.key } : {},
    resourceIntervalMs: parseResourceInterval(raw.resource_interval),
    ...definedOnly({
      cpus: parseCpusInput(raw.cpus),
      memoryBytes: parseMemoryInput(raw.memory),
      gpus: parseGpusInput(raw.gpus),
    }),
  };
}

/** `resource_interval`: whole milliseconds within the accepted range, or `0`/`off` to measure nothing. */
export function parseResourceInterval(raw: string | undefined): number {
  const value = presentValue(raw);
  if (value === undefined) return DEFAULT_RESOURCE_INTERVAL_MS;
  if (/^(off|0+)$/i.test(value)) return 0;
  const ms = /^[0-9]+$/.test(value) ? Number(value) : NaN;
  if (!(ms >= MIN_RESOURCE_INTERVAL_MS && ms <= MAX_RESOURCE_INTERVAL_MS)) {
    throw new InputError(
      'resource_interval',
      `Invalid resource_interval ${quoteValue(value)}. Expected milliseconds between samples, ` +
        `${MIN_RESOURCE_INTERVAL_MS} to ${MAX_RESOURCE_INTERVAL_MS}, or 0 or off to measure nothing ` +
        `(empty means ${DEFAULT_RESOURCE_INTERVAL_MS}).`,
    );
  }
  return ms;
}

/** The keys whose value is not undefined (settings that were not given stay absent, as before). */
function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function parseWorkingDirectory(raw: string | undefined, workspace: string): string {
  const value = presentValue(raw);
  const directory = path.resolve(workspace, value ?? '.');
  let isDirectory = false;
  try {
    isDirectory = fs.statSync(directory).isDirectory();
  } catch {
    isDirectory = false;
  }
  if (!isDirectory) {
    throw new InputError(
      'working_directory',
      `Invalid working_directory ${quoteValue(value ?? directory)}. Expected an existing folder ` +
        `(a relative path starts at ${workspace}).`,
    );
  }
  return directory;
}

/**
 * An output folder (results, logs, summaries) must be a folder strictly inside the working directory:
 * jobs write there and the artifacts upload it, so `..` or `.` (the whole repository) are refused.
 * Returned relative to the working directory with POSIX separators.
 */
function parseOutputFolder(
  name: InputName,
  raw: string | undefined,
  fallback: string,
  workingDirectory: string,
): string {
  const value = presentValue(raw) ?? fallback;
  const inside = resolveInside(workingDirectory, value);
  if (!inside || inside.relative === '.') {
    throw new InputError(
      name,
      `Invalid ${name} ${quoteValue(value)}. Expected a folder inside the working directory ${workingDirectory} ` +
        `(empty means ${fallback}).`,
    );
  }
  assertReallyInside(workingDirectory, name, inside.relative);
  return inside.relative;
}

/**
 * `timeout_minutes`: a decimal number of minutes, 0 or within the accepted range. A tiny positive value
 * (even one that underflows to 0, like 0.000…1) is refused rather than read as "no timeout".
 */
function parseTimeoutMinutes(raw: string | undefined): number {
  let minutes: number;
  try {
    minutes = parseDecimalInput('timeout_minutes', raw, { default: DEFAULT_TIMEOUT_MINUTES });
  } catch {
    minutes = NaN; // not a plain decimal: refused below with the one message for every timeout
  }
  const value = presentValue(raw);
  const writtenAsZero = value === undefined || !/[1-9]/.test(value);
  if (!isAcceptedTimeoutMinutes(minutes) || (minutes === 0 && !writtenAsZero)) {
    throw new InputError(
      'timeout_minutes',
      `Invalid timeout_minutes ${quoteValue(value ?? '')}. ${TIMEOUT_MINUTES_EXPECTED} (empty means ${DEFAULT_TIMEOUT_MINUTES}).`,
    );
  }
  return minutes;
}

/**
 * A file the run reads (a previous summary): inside the working directory as text and once symbolic
 * links are followed, so nothing outside it is read. Returned as given; undefined when empty.
 */
function parseInsideFile(
  name: InputName,
  raw: string | undefined,
  workingDirectory: string,
): string | undefined {
  const value = presentValue(raw);
  if (value === undefined) return undefined;
  if (!resolveInside(workingDirectory, value)) {
    throw new InputError(
      name,
      `Invalid ${name} ${quoteValue(value)}. Expected a file inside the working directory ${workingDirectory}.`,
    );
  }
  assertReallyInside(workingDirectory, name, value);
  return value;
}

/**
 * `baseline`: a summary JSON or a folder of them, relative to the working directory; checked (inside the
 * working directory, readable) when it is read, before any job starts. `auto` must have been resolved by
 * the shell to a file (the action's GitHub lookup) before it gets here.
 */
function parseBaseline(raw: string | undefined): string | undefined {
  const value = presentValue(raw);
  if (value?.toLowerCase() === 'auto') {
    throw new InputError(
      'baseline',
      `Invalid baseline 'auto' here: only the action resolves it (it asks GitHub for the last successful run's ` +
        `training-summary artifact). Expected a training summary JSON or a folder of them.`,
    );
  }
  return value;
}

/** `k/n` with 1 ≤ k ≤ n ≤ 256. */
export function parseShard(raw: string | undefined, name = 'shard'): ShardSpec | undefined {
  const value = presentValue(raw);
  if (value === undefined) return undefined;
  const match = /^([0-9]{1,3})\/([0-9]{1,3})$/.exec(value);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!(index >= 1 && count >= index && count <= MAX_SHARDS)) {
    throw new InputError(
      name,
      `Invalid ${name} ${quoteValue(value)}. Expected k/n with 1 ≤ k ≤ n ≤ ${MAX_SHARDS}, such as 2/4 (empty means no sharding).`,
    );
  }
  return { index, count };
}

function parseKaggle(
  rawUsername: string | undefined,
  rawKey: string | undefined,
): { username: string; key: string } | undefined {
  const username = presentValue(rawUsername);
  const key = presentValue(rawKey);
  if (username === undefined && key === undefined) return undefined;
  if (username === undefined || key === undefined) {
    const missing = username === undefined ? 'kaggle_username' : 'kaggle_key';
    throw new InputError(
      missing,
      `Invalid ${missing}: it is empty while ${missing === 'kaggle_key' ? 'kaggle_username' : 'kaggle_key'} is set. ` +
        `Expected both kaggle_username and kaggle_key, or neither.`,
    );
  }
  return { username, key };
}
