import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../model/types.js';
import {
  AUTO_DOWNLOAD_TIMEOUT_MS,
  AUTO_FOLDER,
  AUTO_LOOKUP_MAX_RUNS,
  AUTO_SUMMARY_MAX_BYTES,
  DEFAULT_SUMMARY_ARTIFACT_NAME,
} from '../plan/defaults.js';
import { formatByteSize } from '../plan/byte-size.js';
import { presentValue } from '../plan/input-values.js';
import { toPosix } from '../plan/path-safety.js';
import { GitHubApiError, type GitHubRequest } from './github-api.js';
import type { RunContext } from './github-context.js';

/** The inputs that accept `auto`, and what the value stands for. */
export const AUTO_INPUTS = {
  baseline: 'the baseline summary',
  history_file: 'the history summary',
  rerun_failed_from: 'the summary to re-run failed jobs from',
} as const;
export type AutoInput = keyof typeof AUTO_INPUTS;

/** Downloads artifact `artifactId` of run `runId` and extracts it into `destination` (an empty folder). */
export type ArtifactDownload = (artifactId: number, runId: number, destination: string) => Promise<void>;

export interface AutoLookupDeps {
  request: GitHubRequest;
  download: ArtifactDownload;
  context: RunContext;
  logger: Logger;
  /** No baseline found and the like: a notice, not a warning (`core.notice` in the action). */
  notice?: (message: string) => void;
  /** RUNNER_TEMP: where artifacts are extracted (never the working directory). */
  tempDir: string;
  /** The resolved working directory: the chosen summary is copied under its AUTO_FOLDER. */
  workingDirectory: string;
  /** `baseline_branch`; empty means the repository's default branch. */
  baselineBranch: string | undefined;
  /** Artifact names to look for, best first (see artifactCandidates). */
  artifactNames: readonly string[];
  downloadTimeoutMs?: number;
  maxRuns?: number;
}

/** Where an `auto` summary came from, for the log and the reports. */
export interface AutoSource {
  input: AutoInput;
  /** Relative to the working directory, POSIX separators: what the input now holds. */
  file: string;
  artifactName: string;
  runId: number;
  runUrl: string | undefined;
  branch: string;
}

/**
 * The summary artifact names `auto` looks for, best first: this run's own name when `artifact_suffix`
 * sets one (a matrix leg compares with the same leg), then the plain name (an unsharded run), then
 * `<name>-merged` (what the sharded workflow uploads after merging). A shard's own artifact
 * (`…-shard-k-of-n`) is never used: it holds only part of the jobs, and shard membership changes.
 */
export function artifactCandidates(raw: Record<string, string | undefined>): string[] {
  const base = presentValue(raw.summary_artifact_name) ?? DEFAULT_SUMMARY_ARTIFACT_NAME;
  const suffix = presentValue(raw.artifact_suffix);
  return [...new Set([...(suffix ? [`${base}-${suffix}`] : []), base, `${base}-merged`])];
}

/** Whether an input asks for `auto` (any case, surrounding blanks ignored). */
export function isAuto(value: string | undefined): boolean {
  return value?.trim().toLowerCase() === 'auto';
}

/**
 * Replaces `auto` in `baseline`, `history_file` and `rerun_failed_from` by the path (relative to the
 * working directory) of a summary downloaded from an earlier run, or by '' when none can be had. Never
 * throws and never fails the run: not found is a notice, an API or download problem a warning naming
 * what was tried. The token is never part of a message (the request layer does not put it in errors).
 *
 * Rules:
 * - `baseline` and `history_file`: the newest of the last AUTO_LOOKUP_MAX_RUNS successful runs of this
 *   workflow on `baseline_branch` (default: the repository's default branch) that kept a summary
 *   artifact; one download serves both inputs.
 * - `rerun_failed_from`: on a re-run attempt, this run's own earlier attempt first; else the last
 *   completed run (any conclusion) of this workflow on this run's branch: "re-run what failed last time
 *   here".
 * Runs triggered from a fork are never used (their artifacts are not this repository's).
 */
export async function resolveAutoInputs<T extends Record<string, string | undefined>>(
  raw: T,
  deps: AutoLookupDeps,
): Promise<{ raw: T; sources: AutoSource[] }> {
  const wanted = (Object.keys(AUTO_INPUTS) as AutoInput[]).filter((input) => isAuto(raw[input]));
  if (wanted.length === 0) return { raw, sources: [] };
  const resolved: Record<string, string | undefined> = { ...raw };
  for (const input of wanted) resolved[input] = '';
  const sources: AutoSource[] = [];
  const notice = deps.notice ?? ((message: string) => deps.logger.info(message));

  const missing = missingContext(deps.context);
  if (missing) {
    deps.logger.warn(
      `${wanted.join(', ')}: auto needs ${missing} to find an earlier run; the run goes on without ${describe(wanted)}.`,
    );
    return { raw: resolved as T, sources };
  }
  let folder: string;
  try {
    folder = await prepareAutoFolder(deps.workingDirectory);
  } catch (error) {
    deps.logger.warn(
      `${wanted.join(', ')}: auto: ${messageOf(error)}; the run goes on without ${describe(wanted)}.`,
    );
    return { raw: resolved as T, sources };
  }

  const groups: Array<{ kind: 'baseline' | 'rerun'; inputs: AutoInput[] }> = [
    { kind: 'baseline' as const, inputs: wanted.filter((input) => input !== 'rerun_failed_from') },
    { kind: 'rerun' as const, inputs: wanted.filter((input) => input === 'rerun_failed_from') },
  ].filter((group) => group.inputs.length > 0);
  for (const group of groups) {
    const names = group.inputs.join(', ');
    try {
      const branch = group.kind === 'rerun' ? deps.context.branch : await baselineBranch(deps);
      if (!branch) {
        deps.logger.warn(
          `${names}: auto cannot tell which branch to look at; the run goes on without ${describe(group.inputs)}.`,
        );
        continue;
      }
      const found = await findSummaryArtifact(group.kind, branch, deps);
      if (!found) {
        notice(
          `${names}: auto found no ${deps.artifactNames.join(' or ')} artifact in the last ` +
            `${deps.maxRuns ?? AUTO_LOOKUP_MAX_RUNS} ${group.kind === 'rerun' ? 'completed' : 'successful'} runs of ` +
            `${deps.context.workflowFile} on ${branch}; the run goes on without ${describe(group.inputs)}.`,
        );
        continue;
      }
      const file = await downloadSummary(found, folder, deps);
      const relative = toPosix(path.relative(deps.workingDirectory, file));
      for (const input of group.inputs) {
        resolved[input] = relative;
        sources.push({
          input,
          file: relative,
          artifactName: found.name,
          runId: found.runId,
          runUrl: found.runUrl,
          branch,
        });
      }
      deps.logger.info(
        `${names}: auto → ${relative} (artifact ${found.name} of run ${found.runUrl ?? found.runId} on ${branch}).`,
      );
    } catch (error) {
      deps.logger.warn(
        `${names}: auto could not get ${describe(group.inputs)}: ${messageOf(error)}${permissionHint(error)} ` +
          `The run goes on without it.`,
      );
    }
  }
  return { raw: resolved as T, sources };
}

interface FoundArtifact {
  id: number;
  name: string;
  runId: number;
  runUrl: string | undefined;
}

interface WorkflowRun {
  id: number;
  html_url?: string;
  head_branch?: string | null;
  head_repository?: { full_name?: string } | null;
}

interface Artifact {
  id: number;
  name: string;
  expired?: boolean;
  created_at?: string | null;
}

async function baselineBranch(deps: AutoLookupDeps): Promise<string | undefined> {
  const configured = presentValue(deps.baselineBranch);
  if (configured) return configured;
  if (deps.context.defaultBranch) return deps.context.defaultBranch;
  const { data } = await deps.request<{ default_branch?: string }>('GET /repos/{owner}/{repo}', {
    owner: deps.context.owner,
    repo: deps.context.repo,
  });
  return typeof data.default_branch === 'string' && data.default_branch !== ''
    ? data.default_branch
    : undefined;
}

async function findSummaryArtifact(
  kind: 'baseline' | 'rerun',
  branch: string,
  deps: AutoLookupDeps,
): Promise<FoundArtifact | undefined> {
  const { owner, repo, runId, runAttempt, workflowFile } = deps.context;
  const maxRuns = deps.maxRuns ?? AUTO_LOOKUP_MAX_RUNS;
  const candidates: WorkflowRun[] = [];
  // A re-run attempt finds the artifacts of its earlier attempts on its own run.
  if (kind === 'rerun' && runAttempt > 1 && runId)
    candidates.push({ id: runId, html_url: deps.context.runUrl });
  const { data } = await deps.request<{ workflow_runs?: WorkflowRun[] }>(
    'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs',
    {
      owner,
      repo,
      workflow_id: workflowFile,
      branch,
      status: kind === 'rerun' ? 'completed' : 'success',
      per_page: maxRuns,
    },
  );
  const fullName = `${owner}/${repo}`.toLowerCase();
  for (const run of data.workflow_runs ?? []) {
    if (typeof run?.id !== 'number' || run.id === runId) continue;
    // A pull request from a fork can have a head branch called main: its artifacts are not ours.
    const head = run.head_repository?.full_name;
    if (typeof head === 'string' && head.toLowerCase() !== fullName) continue;
    candidates.push(run);
  }
  for (const run of candidates.slice(0, maxRuns + 1)) {
    const artifacts = await deps.request<{ artifacts?: Artifact[] }>(
      'GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts',
      { owner, repo, run_id: run.id, per_page: 100 },
    );
    const usable = (artifacts.data.artifacts ?? []).filter(
      (artifact) => typeof artifact?.id === 'number' && !artifact.expired,
    );
    for (const name of deps.artifactNames) {
      const newest = usable
        .filter((artifact) => artifact.name === name)
        .sort((a, b) => String(b.created_at ?? '').localeCompare(String(a.created_at ?? '')))[0];
      if (newest) return { id: newest.id, name, runId: run.id, runUrl: run.html_url };
    }
  }
  return undefined;
}

/**
 * Downloads the artifact into a fresh folder under the runner's temp folder, picks its newest
 * `training_summary_*.json` (a regular file within the size bound that parses as a summary with a
 * `jobs` list), and copies that one file into `folder` under the working directory, where every reader
 * may read it. Nothing else of the artifact reaches the working directory.
 */
async function downloadSummary(found: FoundArtifact, folder: string, deps: AutoLookupDeps): Promise<string> {
  await fsp.mkdir(deps.tempDir, { recursive: true });
  const extractTo = await fsp.mkdtemp(path.join(deps.tempDir, `training-orchestrator-auto-${found.runId}-`));
  try {
    const timeoutMs = deps.downloadTimeoutMs ?? AUTO_DOWNLOAD_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new Error(`the download of artifact ${found.name} took longer than ${timeoutMs / 1000} s`)),
        timeoutMs,
      );
    });
    const download = deps.download(found.id, found.runId, extractTo);
    // A download abandoned at the deadline may still settle later: never as an unhandled rejection.
    download.catch(() => undefined);
    try {
      await Promise.race([download, deadline]);
    } finally {
      clearTimeout(timer);
    }
    const summaries = await findSummaryFiles(extractTo);
    if (summaries.length === 0)
      throw new Error(`artifact ${found.name} of run ${found.runId} holds no training_summary_*.json`);
    const chosen = summaries[0];
    const stats = await fsp.lstat(chosen);
    if (stats.size > AUTO_SUMMARY_MAX_BYTES)
      throw new Error(`${path.basename(chosen)} is larger than ${formatByteSize(AUTO_SUMMARY_MAX_BYTES)}`);
    const text = await fsp.readFile(chosen, 'utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(`${path.basename(chosen)} in artifact ${found.name} is not JSON`);
    }
    if (typeof parsed !== 'object' || parsed === null || !Array.isArray((parsed as { jobs?: unknown }).jobs))
      throw new Error(
        `${path.basename(chosen)} in artifact ${found.name} is not a training summary (no jobs list)`,
      );
    const target = path.join(folder, `run-${found.runId}`, path.basename(chosen));
    await fsp.mkdir(path.dirname(target), { recursive: true });
    await fsp.writeFile(target, text, { flag: 'wx' }).catch(async (error: NodeJS.ErrnoException) => {
      // Both lookups may pick the same run: the file is already there.
      if (error.code !== 'EEXIST') throw error;
    });
    return target;
  } finally {
    await fsp.rm(extractTo, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** `training_summary_*.json` regular files (no links) up to 4 folders deep, newest name first. */
async function findSummaryFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    const entries = await fsp.readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && depth < 4) await walk(full, depth + 1);
      else if (entry.isFile() && /^training_summary_.*\.json$/.test(entry.name)) found.push(full);
    }
  };
  await walk(root, 0);
  // The names carry the start time (training_summary_<UTC>_….json): the greatest name is the newest.
  return found.sort((a, b) => path.basename(b).localeCompare(path.basename(a)));
}

/**
 * `<working directory>/.training-orchestrator/auto`, emptied: what an earlier run left there (a
 * self-hosted runner keeps its workspace) must never be taken for this run's download. A link at either
 * level is refused: the folder must not lead outside the working directory.
 */
async function prepareAutoFolder(workingDirectory: string): Promise<string> {
  const [first, second] = AUTO_FOLDER.split('/');
  const parent = path.join(workingDirectory, first);
  await ensureRealFolder(parent);
  const folder = path.join(parent, second);
  // rm of a link removes the link, never what it points to.
  await fsp.rm(folder, { recursive: true, force: true });
  await fsp.mkdir(folder);
  return folder;
}

async function ensureRealFolder(folder: string): Promise<void> {
  const stats = await fsp.lstat(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!stats) {
    await fsp.mkdir(folder);
    return;
  }
  if (stats.isSymbolicLink() || !stats.isDirectory())
    throw new Error(
      `${path.basename(folder)} in the working directory is a link or not a folder, so nothing is downloaded into it`,
    );
}

function missingContext(context: RunContext): string | undefined {
  if (!context.owner || !context.repo) return 'GITHUB_REPOSITORY';
  if (!context.workflowFile) return 'GITHUB_WORKFLOW_REF (the workflow file)';
  return undefined;
}

function describe(inputs: readonly AutoInput[]): string {
  return inputs.map((input) => AUTO_INPUTS[input]).join(' and ');
}

function permissionHint(error: unknown): string {
  if (error instanceof GitHubApiError && (error.status === 403 || error.status === 404))
    return ' (the token needs `actions: read`: add `permissions: actions: read` to the job).';
  return '.';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
