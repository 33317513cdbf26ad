import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { InputError, type Logger, type Settings, type ShardSpec } from '../model/types.js';
import {
  DEFAULT_MODELS_ARTIFACT_NAME,
  DEFAULT_RESULTS_ARTIFACT_NAME,
  DEFAULT_RESULTS_RETENTION_DAYS,
  DEFAULT_SUMMARY_ARTIFACT_NAME,
  DEFAULT_SUMMARY_RETENTION_DAYS,
  MAX_RETENTION_DAYS,
  MIN_RETENTION_DAYS,
} from '../plan/defaults.js';
import { formatByteSize } from '../plan/byte-size.js';
import type { RawInputs } from '../plan/inputs.js';
import { parseBooleanInput, parseIntegerInput, presentValue, quoteValue } from '../plan/input-values.js';
import { resolveInside } from '../plan/path-safety.js';
import { parseShard } from '../plan/settings.js';
import type { Redactor } from '../report/redact.js';
import { collectArtifactFiles, isInFolder, type ArtifactFile, type SetAsideFile } from './artifact-files.js';
import { ActionInput } from './constants.js';
import { redactJsonReportInPlace, SecretScanner } from './secret-scan.js';

/** What to upload and under which names; validated from the action's inputs before anything runs. */
export interface ArtifactSettings {
  /** `upload_artifacts`. */
  enabled: boolean;
  /** Final name of the results artifact (results/, logs/, summaries/), the suffix already appended. */
  resultsName: string;
  /** Final name of the summary artifact (summaries/ only), the suffix already appended. */
  summaryName: string;
  /** 1-90 days. */
  resultsRetentionDays: number;
  summaryRetentionDays: number;
  /** What was appended to both names as `-<suffix>`: `artifact_suffix`, else `shard-k-of-n` when sharding, else ''. */
  suffix: string;
  /** `upload_models`: upload the models artifact (kept as long as the results artifact). Absent: off. */
  uploadModels?: boolean;
  /** Final name of the models artifact, the suffix already appended. */
  modelsName?: string;
}

/** Characters an artifact name may not hold (the service's list: NTFS-unsafe characters and both slashes). */
export const REJECTED_NAME_CHARACTERS: readonly string[] = [
  '/',
  '\\',
  ':',
  '*',
  '?',
  '"',
  '<',
  '>',
  '|',
  '\r',
  '\n',
];

/** `artifact_suffix`: file-name-safe, so that the final names stay valid and readable. */
const SUFFIX_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** Pause before the one whole-upload retry (the client already retried 5xx answers itself). */
export const UPLOAD_RETRY_DELAY_MS = 5000;

/** At most this many set-aside files are listed one by one in a warning; the rest are counted. */
const MAX_LISTED_FILES = 50;

/**
 * Reads the artifact inputs. Empty means the default; a retention outside 1-90 days, a name holding a
 * character the service rejects, or a suffix with anything but letters, digits, `.`, `_` and `-` is an
 * InputError naming the input. Without `artifact_suffix`, a shard run (`shard: k/n`) appends
 * `shard-k-of-n`, so the shards of one workflow run never collide.
 */
export function parseArtifactSettings(raw: RawInputs): ArtifactSettings {
  const enabled = parseBooleanInput(ActionInput.UploadArtifacts, raw.upload_artifacts, true);
  const retention = (name: string, value: string | undefined, fallback: number): number =>
    parseIntegerInput(name, value, { min: MIN_RETENTION_DAYS, max: MAX_RETENTION_DAYS, default: fallback });
  const resultsRetentionDays = retention(
    ActionInput.ResultsRetentionDays,
    raw.results_retention_days,
    DEFAULT_RESULTS_RETENTION_DAYS,
  );
  const summaryRetentionDays = retention(
    ActionInput.SummaryRetentionDays,
    raw.summary_retention_days,
    DEFAULT_SUMMARY_RETENTION_DAYS,
  );

  const explicitSuffix = presentValue(raw.artifact_suffix);
  if (explicitSuffix !== undefined && !SUFFIX_PATTERN.test(explicitSuffix)) {
    throw new InputError(
      ActionInput.ArtifactSuffix,
      `Invalid ${ActionInput.ArtifactSuffix} ${quoteValue(explicitSuffix)}. Expected up to 100 letters, digits, '.', '_' ` +
        `or '-', starting with a letter or digit (empty means none, or shard-k-of-n when sharding).`,
    );
  }
  const shard = parseShard(raw.shard);
  const suffix = explicitSuffix ?? (shard ? shardSuffix(shard) : '');

  const name = (input: string, value: string | undefined, fallback: string): string => {
    const base = presentValue(value) ?? fallback;
    const rejected = REJECTED_NAME_CHARACTERS.filter((c) => base.includes(c));
    if (rejected.length > 0) {
      throw new InputError(
        input,
        `Invalid ${input} ${quoteValue(base)}. Expected a name without ${REJECTED_NAME_CHARACTERS.map(printable).join(' ')} ` +
          `(it holds ${rejected.map(printable).join(' ')}; empty means ${fallback}).`,
      );
    }
    return suffix === '' ? base : `${base}-${suffix}`;
  };
  const resultsName = name(
    ActionInput.ResultsArtifactName,
    raw.results_artifact_name,
    DEFAULT_RESULTS_ARTIFACT_NAME,
  );
  const summaryName = name(
    ActionInput.SummaryArtifactName,
    raw.summary_artifact_name,
    DEFAULT_SUMMARY_ARTIFACT_NAME,
  );
  const uploadModels = parseBooleanInput(ActionInput.UploadModels, raw.upload_models, false);
  const modelsName = name(
    ActionInput.ModelsArtifactName,
    raw.models_artifact_name,
    DEFAULT_MODELS_ARTIFACT_NAME,
  );
  if (uploadModels && (modelsName === resultsName || modelsName === summaryName)) {
    throw new InputError(
      ActionInput.ModelsArtifactName,
      `Invalid ${ActionInput.ModelsArtifactName} ${quoteValue(modelsName)}. Expected a name different from ` +
        `${ActionInput.ResultsArtifactName} and ${ActionInput.SummaryArtifactName}: artifact names are unique within a workflow run.`,
    );
  }
  if (resultsName === summaryName) {
    throw new InputError(
      ActionInput.SummaryArtifactName,
      `Invalid ${ActionInput.SummaryArtifactName} ${quoteValue(summaryName)}. Expected a name different from ` +
        `${ActionInput.ResultsArtifactName}: artifact names are unique within a workflow run.`,
    );
  }
  return {
    enabled,
    resultsName,
    summaryName,
    resultsRetentionDays,
    summaryRetentionDays,
    suffix,
    uploadModels,
    modelsName,
  };
}

/** The suffix a shard run appends to both artifact names. */
export function shardSuffix(shard: ShardSpec): string {
  return `shard-${shard.index}-of-${shard.count}`;
}

/** The part of `@actions/artifact`'s DefaultArtifactClient this module uses (tests may pass their own). */
export interface ArtifactClientLike {
  uploadArtifact(
    name: string,
    files: string[],
    rootDirectory: string,
    options?: { retentionDays?: number },
  ): Promise<{ id?: number; size?: number }>;
}

export interface UploadedArtifact {
  id: number;
  name: string;
  /** Bytes of the zip as uploaded. */
  size: number;
  /** Files inside the zip. */
  files: number;
}

export interface UploadedArtifacts {
  results?: UploadedArtifact;
  summary?: UploadedArtifact;
  models?: UploadedArtifact;
}

/** Thrown when an artifact could not be uploaded; `uploaded` holds the ones that did make it. */
export class ArtifactUploadError extends Error {
  override name = 'ArtifactUploadError';
  readonly uploaded: UploadedArtifacts;
  /** Names of the artifacts that were not uploaded. */
  readonly failed: string[];
  constructor(message: string, uploaded: UploadedArtifacts, failed: string[]) {
    super(message);
    this.uploaded = uploaded;
    this.failed = failed;
  }
}

export interface UploadRunArtifactsOptions {
  /** Only the folders are read (a full Settings fits). */
  settings: Pick<Settings, 'workingDirectory' | 'resultsDir' | 'logsDir' | 'summariesDir'>;
  artifacts: ArtifactSettings;
  /** Every secret of the run: no file holding one is uploaded as it is. */
  redactor: Redactor;
  logger: Logger;
  /** Default: `@actions/artifact`'s DefaultArtifactClient, loaded only now (it is heavy). */
  client?: ArtifactClientLike;
  /** Default UPLOAD_RETRY_DELAY_MS. */
  retryDelayMs?: number;
  /**
   * With `artifacts.uploadModels`: the `models/` folders (relative to the working directory) of the jobs
   * that succeeded and passed their gates (see modelFoldersOf). Absent (the post step): no models artifact.
   */
  modelFolders?: readonly string[];
}

/**
 * Uploads the run's two artifacts: `resultsName` holds results/, logs/ and summaries/ and
 * `summaryName` summaries/ only, paths in the zips relative to the working directory.
 *
 * - An artifact with no file at all is skipped with a message (empty folders are fine: like
 *   upload-artifact's `if-no-files-found: warn`, minus the warning, since an empty results/ is normal).
 *   Empty folders are not recorded inside the zips.
 * - Files the service would refuse (names holding `" : < > | * ?` or line breaks, links leading outside
 *   the working directory, broken links, pipes) are listed in one warning and the rest is uploaded.
 * - Every file is scanned for the run's secrets (bytes, streamed); a file holding one is redacted in
 *   place (`***`) before the upload and named in a warning; a summary the orchestrator wrote is masked by
 *   its structure instead (keys and status words kept). A file whose name, where a job chose it, holds a
 *   secret (see jobChosenName), or that
 *   cannot be scanned or rewritten, is left out and named.
 * - The client retries 5xx answers itself (5 attempts over about 31 s); other transient failures get
 *   one more whole-upload attempt. A 409 means the name is taken in this workflow run: the message
 *   suggests `artifact_suffix`.
 *
 * Throws ArtifactUploadError saying which artifact was not uploaded and where its files are on disk,
 * after trying both.
 */
export async function uploadRunArtifacts(opts: UploadRunArtifactsOptions): Promise<UploadedArtifacts> {
  const { settings, artifacts, redactor, logger } = opts;
  const withModels = artifacts.uploadModels === true && opts.modelFolders !== undefined;
  if (!artifacts.enabled && !withModels) {
    logger.info('Not uploading artifacts: upload_artifacts is false.');
    return {};
  }
  const workingDirectory = path.resolve(settings.workingDirectory);
  const folderOf = (dir: string): string | undefined => {
    const inside = resolveInside(workingDirectory, dir);
    return inside && inside.relative !== '.' ? inside.relative : undefined;
  };
  const resultsFolders = unique([settings.resultsDir, settings.logsDir, settings.summariesDir].map(folderOf));
  const summaryFolders = unique([folderOf(settings.summariesDir)]);
  const modelFolders = withModels ? unique((opts.modelFolders ?? []).map(folderOf)) : [];

  const collected = await collectArtifactFiles(
    workingDirectory,
    artifacts.enabled ? [...resultsFolders, ...modelFolders] : modelFolders,
  );
  const folders = {
    results: folderOf(settings.resultsDir),
    logs: folderOf(settings.logsDir),
    summaries: folderOf(settings.summariesDir),
  };
  const { files, leftOut } = await withoutSecrets(collected.files, {
    workingDirectory,
    resultsFolders,
    namedByJob: jobChosenName(folders),
    isReport: (relative) =>
      folders.summaries !== undefined &&
      isInFolder(relative, folders.summaries) &&
      ORCHESTRATOR_SUMMARY_NAME.test(relative.slice(folders.summaries.length + 1)),
    redactor,
    logger,
  });
  reportSetAside([...collected.setAside, ...leftOut], workingDirectory, redactor, logger);

  const specs: { key: keyof UploadedArtifacts; name: string; retentionDays: number; folders: string[] }[] = [
    {
      key: 'results' as const,
      name: artifacts.resultsName,
      retentionDays: artifacts.resultsRetentionDays,
      folders: resultsFolders,
    },
    {
      key: 'summary' as const,
      name: artifacts.summaryName,
      retentionDays: artifacts.summaryRetentionDays,
      folders: summaryFolders,
    },
  ].filter(() => artifacts.enabled);
  if (withModels) {
    specs.push({
      key: 'models',
      name: artifacts.modelsName ?? DEFAULT_MODELS_ARTIFACT_NAME,
      retentionDays: artifacts.resultsRetentionDays,
      folders: modelFolders,
    });
  }
  const uploaded: UploadedArtifacts = {};
  const failures: string[] = [];
  const failed: string[] = [];
  let client = opts.client;
  for (const spec of specs) {
    const specFiles = files.filter((file) =>
      spec.folders.some((folder) => isInFolder(file.relative, folder)),
    );
    const where = describeFolders(spec.folders);
    if (specFiles.length === 0 && spec.key === 'models') {
      logger.info(
        `Not uploading artifact '${spec.name}': no job that succeeded and passed its gates left a file in its models/ folder.`,
      );
      continue;
    }
    if (specFiles.length === 0) {
      logger.info(
        `Not uploading artifact '${spec.name}': there is no file in ${where} (an artifact needs one).`,
      );
      continue;
    }
    client ??= await loadArtifactClient();
    logger.info(
      `Uploading artifact '${spec.name}': ${specFiles.length} ${plural(specFiles.length, 'file')} from ${where}, ` +
        `kept ${spec.retentionDays} ${plural(spec.retentionDays, 'day')}.`,
    );
    try {
      const result = await uploadWithRetry(
        client,
        spec.name,
        specFiles,
        workingDirectory,
        spec.retentionDays,
        {
          logger,
          redactor,
          retryDelayMs: opts.retryDelayMs ?? UPLOAD_RETRY_DELAY_MS,
        },
      );
      uploaded[spec.key] = { id: result.id, name: spec.name, size: result.size, files: specFiles.length };
      logger.info(
        `Uploaded artifact '${spec.name}' (id ${result.id}, ${formatByteSize(result.size)} zipped, ` +
          `${specFiles.length} ${plural(specFiles.length, 'file')}).`,
      );
    } catch (error) {
      failed.push(spec.name);
      failures.push(
        `Artifact '${spec.name}' was not uploaded: ${redactor.redact(messageOf(error))} ` +
          `Its ${specFiles.length} ${plural(specFiles.length, 'file')} ${specFiles.length === 1 ? 'is' : 'are'} ` +
          `still on disk in ${where} under ${workingDirectory}.`,
      );
    }
  }
  if (failures.length > 0) throw new ArtifactUploadError(failures.join('\n'), uploaded, failed);
  return uploaded;
}

async function loadArtifactClient(): Promise<ArtifactClientLike> {
  // Loaded here, not at the top: the client pulls in the Azure SDK, far too heavy for list_only runs.
  const { DefaultArtifactClient } = await import('@actions/artifact');
  return new DefaultArtifactClient();
}

type FailureKind = 'duplicate' | 'exhausted' | 'permanent' | 'transient';

/** What a client error means for a retry; the client's errors carry no codes, only names and messages. */
export function classifyUploadError(error: unknown): FailureKind {
  const message = messageOf(error);
  const name = (error as Error | undefined)?.name ?? '';
  if (/\(409\)|already[_ ]exists/i.test(message)) return 'duplicate';
  if (/Failed to make request after \d+ attempts/i.test(message)) return 'exhausted';
  if (
    ['UsageError', 'GHESNotSupportedError', 'FilesNotFoundError'].includes(name) ||
    /non-retryable|ACTIONS_RUNTIME_TOKEN|ACTIONS_RESULTS_URL|JWT|is not valid|does not exist|not supported on GHES/i.test(
      message,
    )
  ) {
    return 'permanent';
  }
  return 'transient';
}

async function uploadWithRetry(
  client: ArtifactClientLike,
  name: string,
  files: ArtifactFile[],
  workingDirectory: string,
  retentionDays: number,
  opts: { logger: Logger; redactor: Redactor; retryDelayMs: number },
): Promise<{ id: number; size: number }> {
  const paths = files.map((file) => file.absolute);
  for (let attempt = 1; ; attempt += 1) {
    let kind: FailureKind;
    let cause: string;
    try {
      const response = await client.uploadArtifact(name, paths, workingDirectory, { retentionDays });
      if (typeof response.id !== 'number') throw new Error('the artifact service returned no artifact id.');
      return { id: response.id, size: response.size ?? 0 };
    } catch (error) {
      kind = classifyUploadError(error);
      // One line per artifact in the final message: the client's multi-line hints are folded.
      cause = opts.redactor
        .redact(messageOf(error))
        .replace(/\s*\n\s*/g, ' ')
        .replace(/\.?\s*$/, '.');
    }
    if (kind === 'transient' && attempt === 1) {
      const reason = cause.replace(/\.$/, '');
      const delay =
        opts.retryDelayMs >= 1000 ? `${Math.round(opts.retryDelayMs / 1000)} s` : `${opts.retryDelayMs} ms`;
      opts.logger.warn(`Uploading artifact '${name}' failed (${reason}); trying once more in ${delay}.`);
      await new Promise((resolve) => setTimeout(resolve, opts.retryDelayMs));
      continue;
    }
    throw new Error(explainFailure(kind, name, cause, attempt));
  }
}

function explainFailure(kind: FailureKind, name: string, cause: string, attempt: number): string {
  switch (kind) {
    case 'duplicate':
      return (
        `the name '${name}' is already taken in this workflow run (the artifact service answered 409 already_exists: ` +
        `names are unique per run and artifacts cannot be overwritten${attempt > 1 ? '; the failed first attempt may have created it' : ''}). ` +
        `Set artifact_suffix to a value unique to this call, such as the matrix value, to upload as '${name}-<suffix>'.`
      );
    case 'exhausted':
      return `the artifact service kept failing after the client's retries: ${cause}`;
    case 'permanent':
      return /ACTIONS_RUNTIME_TOKEN|ACTIONS_RESULTS_URL/.test(cause)
        ? `${cause} Artifacts can only be uploaded from a GitHub Actions job; set upload_artifacts: false elsewhere.`
        : cause;
    case 'transient':
      return attempt > 1 ? `${cause} (failed twice)` : cause;
  }
}

/**
 * Scans the files for secrets (each real file once) and redacts the ones holding any. Only files inside
 * the output folders are rewritten; a link's target elsewhere in the repository holding a secret is left
 * alone and left out, as is anything that cannot be scanned, or whose name, where a job chose it, holds a
 * secret (the folders and files the orchestrator names are never judged by a secret: see jobChosenName).
 */
async function withoutSecrets(
  files: ArtifactFile[],
  opts: {
    workingDirectory: string;
    resultsFolders: string[];
    namedByJob: (relative: string) => string;
    /** A JSON report the orchestrator wrote: masked by its structure (see redactJsonReportInPlace). */
    isReport: (relative: string) => boolean;
    redactor: Redactor;
    logger: Logger;
  },
): Promise<{ files: ArtifactFile[]; leftOut: SetAsideFile[] }> {
  const scanner = new SecretScanner(opts.redactor);
  if (!scanner.active) return { files, leftOut: [] };
  const realFolders = (
    await Promise.all(
      opts.resultsFolders.map((folder) =>
        fsp.realpath(path.join(opts.workingDirectory, folder)).catch(() => undefined),
      ),
    )
  ).filter((folder): folder is string => folder !== undefined);
  const rewritable = (real: string): boolean =>
    realFolders.some((folder) => resolveInside(folder, real) !== undefined && real !== folder);

  const redacted: string[] = [];
  const scans = new Map<string, Promise<string | undefined>>();
  /** Resolves to undefined when the file is safe to upload, else the reason it is not. */
  const scan = async (file: ArtifactFile): Promise<string | undefined> => {
    try {
      if (opts.isReport(file.relative) && rewritable(file.real)) {
        const changed = await redactJsonReportInPlace(file.real, opts.redactor);
        if (changed) redacted.push(`${file.relative} (by its structure)`);
        if (changed !== undefined) return undefined;
      }
      if (!(await scanner.fileContainsSecret(file.real))) return undefined;
      if (!rewritable(file.real)) {
        return 'it links to a file outside the output folders that holds a secret value (not rewritten)';
      }
      const count = await scanner.redactFileInPlace(file.real);
      redacted.push(`${file.relative} (${count} ${plural(count, 'occurrence')})`);
      return undefined;
    } catch (error) {
      return `it could not be scanned for secrets (${(error as NodeJS.ErrnoException).code ?? messageOf(error)})`;
    }
  };

  const kept: ArtifactFile[] = [];
  const leftOut: SetAsideFile[] = [];
  const queue = [...files];
  const worker = async (): Promise<void> => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      const chosen = opts.namedByJob(file.relative);
      if (opts.redactor.redact(chosen) !== chosen) {
        leftOut.push({ relative: file.relative, reason: 'its name holds a secret value' });
        continue;
      }
      let pending = scans.get(file.real);
      if (pending === undefined) {
        pending = scan(file);
        scans.set(file.real, pending);
      }
      const reason = await pending;
      if (reason === undefined) kept.push(file);
      else leftOut.push({ relative: file.relative, reason });
    }
  };
  const startedAt = Date.now();
  await Promise.all(Array.from({ length: Math.min(8, files.length) }, worker));
  opts.logger.debug(
    `Scanned ${scans.size} ${plural(scans.size, 'file')} for secrets in ${Date.now() - startedAt} ms.`,
  );

  if (redacted.length > 0) {
    opts.logger.warn(
      `Secret values were found in ${redacted.length} ${plural(redacted.length, 'file')} about to be uploaded and ` +
        `replaced by *** in place: ${redacted.sort().join(', ')}.`,
    );
  }
  const byPath = (a: { relative: string }, b: { relative: string }): number =>
    a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0;
  return { files: kept.sort(byPath), leftOut: leftOut.sort(byPath) };
}

/**
 * The part of a file's path that a job chose, which a secret may be part of: under the results folder,
 * what follows `results/<job id>/`; in the logs and summaries folders, a file name other than the ones the
 * orchestrator writes (`<id>.log`, `training_summary_*.json`, `incomplete_run_*.json`). The folder names,
 * the job ids (the repository's script names) and the orchestrator's own file names are left out, so a
 * secret that is a common word or one character (`s`) never keeps the summary or a log out of an artifact.
 */
export function jobChosenName(folders: {
  results: string | undefined;
  logs: string | undefined;
  summaries: string | undefined;
}): (relative: string) => string {
  const below = (relative: string, folder: string | undefined): string | undefined =>
    folder !== undefined && isInFolder(relative, folder) ? relative.slice(folder.length + 1) : undefined;
  return (relative) => {
    const result = below(relative, folders.results);
    if (result !== undefined) {
      const slash = result.indexOf('/');
      return slash < 0 ? result : result.slice(slash + 1);
    }
    const log = below(relative, folders.logs);
    if (log !== undefined) return ORCHESTRATOR_LOG_NAME.test(log) ? '' : log;
    const summary = below(relative, folders.summaries);
    if (summary !== undefined) return ORCHESTRATOR_SUMMARY_NAME.test(summary) ? '' : summary;
    return relative;
  };
}

/** `logs/<id>.log`: ids as src/plan/defaults.ts JOB_ID_PATTERN allows. */
const ORCHESTRATOR_LOG_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}\.log$/;
/** The summary (src/report/summary.ts summaryFileName) and the post step's note (post-step.ts). */
const ORCHESTRATOR_SUMMARY_NAME = /^(?:training_summary|incomplete_run)_[0-9TZ-]+\.json$/;

function reportSetAside(
  setAside: SetAsideFile[],
  workingDirectory: string,
  redactor: Redactor,
  logger: Logger,
): void {
  if (setAside.length === 0) return;
  const lines = setAside
    .slice(0, MAX_LISTED_FILES)
    .map((file) => `  - ${printablePath(redactor.redact(file.relative))}: ${file.reason}`);
  if (setAside.length > MAX_LISTED_FILES) lines.push(`  - and ${setAside.length - MAX_LISTED_FILES} more`);
  logger.warn(
    `${setAside.length} ${plural(setAside.length, 'file')} will not be uploaded (still on disk under ` +
      `${workingDirectory}):\n${lines.join('\n')}`,
  );
}

function describeFolders(folders: string[]): string {
  return folders.length === 0 ? 'no folder' : folders.map((folder) => `${folder}/`).join(', ');
}

/** Line breaks and other control characters shown escaped, so one odd name cannot break a listing. */
function printablePath(relative: string): string {
  // eslint-disable-next-line no-control-regex
  return relative.replace(/[\u0000-\u001f\u007f]/g, (c) =>
    c === '\n'
      ? '\\n'
      : c === '\r'
        ? '\\r'
        : c === '\t'
          ? '\\t'
          : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function printable(character: string): string {
  return printablePath(character);
}

function unique(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((value): value is string => value !== undefined))];
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The deploy hand-off: `<output_dir>/models` of every job that succeeded and passed its gates (a job
 * without gates passes), in summary order. Failed, skipped and gate-breaking jobs are left out, optional
 * or not: what is deployed must be what passed.
 */
export function modelFoldersOf(
  jobs: readonly { status: string; output_dir: string; gates?: { passed: boolean } }[],
): string[] {
  return jobs
    .filter(
      (job) =>
        (job.status === 'succeeded' || job.status === 'cached') &&
        job.gates?.passed !== false &&
        job.output_dir !== '',
    )
    .map((job) => `${job.output_dir.replace(/\/+$/, '')}/models`);
}
