import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../model/types.js';
import type { RawInputs } from '../plan/inputs.js';
import { parseBooleanInput, presentValue, quoteValue } from '../plan/input-values.js';
import { InputError } from '../model/types.js';
import type { NotifySettings } from '../plan/notify-settings.js';
import { commentMarker, renderPrComment } from '../report/pr-comment.js';
import { notifyRun } from '../report/notify-run.js';
import type { Redactor } from '../report/redact.js';
import type { Summary } from '../report/summary.js';
import type { WebhookPost } from '../report/webhook.js';
import {
  AUTO_INPUTS,
  artifactCandidates,
  isAuto,
  resolveAutoInputs,
  type ArtifactDownload,
  type AutoSource,
} from './auto-summary.js';
import { ActionInput } from './constants.js';
import { createGitHubRequest, type GitHubRequest } from './github-api.js';
import { readRunContext, type RunContext } from './github-context.js';
import { postPrComment, type PostCommentOutcome } from './pr-comment.js';

/** The action's GitHub inputs (the REST API's side; the webhook's are in NotifySettings). */
export interface GitHubSettings {
  /** `github_token` (default `${{ github.token }}`); a secret. */
  token: string;
  /** `baseline_branch`: where `auto` looks for the baseline and history; empty = the default branch. */
  baselineBranch: string | undefined;
  commentOnPr: boolean;
  /** `pr_number`: the pull request to comment on outside a pull_request run. */
  prNumber: number | undefined;
}

/** Reads `github_token`, `baseline_branch`, `comment_on_pr`, `pr_number`; InputError naming the input. */
export function parseGitHubSettings(raw: Record<string, string | undefined>): GitHubSettings {
  const prRaw = presentValue(raw[ActionInput.PrNumber]);
  let prNumber: number | undefined;
  if (prRaw !== undefined) {
    if (!/^[1-9][0-9]{0,9}$/.test(prRaw))
      throw new InputError(
        ActionInput.PrNumber,
        `Invalid ${ActionInput.PrNumber} ${quoteValue(prRaw)}. Expected a pull request number such as 42 (empty means the pull request of a pull_request run).`,
      );
    prNumber = Number(prRaw);
  }
  const branch = presentValue(raw[ActionInput.BaselineBranch]);
  // A branch name cannot hold these (git check-ref-format); refusing them keeps the lookup's query sane.
  if (branch !== undefined && (/[\s~^:?*[\\]|\.\.|@\{/.test(branch) || branch.length > 255))
    throw new InputError(
      ActionInput.BaselineBranch,
      `Invalid ${ActionInput.BaselineBranch} ${quoteValue(branch)}. Expected a branch name such as main (empty means the repository's default branch).`,
    );
  return {
    token: presentValue(raw[ActionInput.GithubToken]) ?? '',
    baselineBranch: branch,
    commentOnPr: parseBooleanInput(ActionInput.CommentOnPr, raw[ActionInput.CommentOnPr]),
    prNumber,
  };
}

export interface ActionGitHubDeps {
  logger: Logger;
  notice?: (message: string) => void;
  env?: NodeJS.ProcessEnv;
  /** Tests: a REST client of their own (default: createGitHubRequest with the token and GITHUB_API_URL). */
  request?: GitHubRequest;
  download?: ArtifactDownload;
  downloadTimeoutMs?: number;
}

/**
 * The action's `auto` values resolved before the settings are parsed: `baseline`, `history_file` and
 * `rerun_failed_from` set to `auto` become the path of a summary downloaded from an earlier run, or ''
 * (see resolveAutoInputs). Inputs without `auto` are returned as they are; nothing is asked of GitHub.
 */
export async function resolveActionAutoInputs(
  raw: RawInputs,
  opts: ActionGitHubDeps & { workspace: string },
): Promise<{ raw: RawInputs; sources: AutoSource[] }> {
  const values = raw as Record<string, string | undefined>;
  if (!Object.keys(AUTO_INPUTS).some((name) => isAuto(values[name]))) return { raw, sources: [] };
  const env = opts.env ?? process.env;
  const github = parseGitHubSettings(values);
  const workingDirectory = path.resolve(opts.workspace, presentValue(values.working_directory) ?? '.');
  const context = readRunContext(env);
  if (github.token === '') {
    const cleared: Record<string, string | undefined> = { ...values };
    const names = Object.keys(AUTO_INPUTS).filter((name) => isAuto(values[name]));
    for (const name of names) cleared[name] = '';
    opts.logger.warn(
      `${names.join(', ')}: auto needs github_token (default: the run's own token, with \`permissions: actions: read\`); the run goes on without it.`,
    );
    return { raw: cleared as RawInputs, sources: [] };
  }
  return resolveAutoInputs(raw, {
    request: opts.request ?? createGitHubRequest({ token: github.token }),
    download: opts.download ?? artifactClientDownload(github.token, context),
    context,
    logger: opts.logger,
    notice: opts.notice,
    tempDir: presentValue(env.RUNNER_TEMP) ?? os.tmpdir(),
    workingDirectory,
    baselineBranch: github.baselineBranch,
    artifactNames: artifactCandidates(values),
    downloadTimeoutMs: opts.downloadTimeoutMs,
  });
}

/**
 * `@actions/artifact`'s cross-run download (findBy): `GET /repos/{owner}/{repo}/actions/artifacts/{id}/zip`
 * answers 302 with a signed blob URL, which the client fetches (without the token) and unzips. Loaded
 * only when needed: the client is heavy.
 */
function artifactClientDownload(token: string, context: RunContext): ArtifactDownload {
  return async (artifactId, runId, destination) => {
    const { DefaultArtifactClient } = await import('@actions/artifact');
    await new DefaultArtifactClient().downloadArtifact(artifactId, {
      path: destination,
      findBy: {
        token,
        workflowRunId: runId,
        repositoryOwner: context.owner ?? '',
        repositoryName: context.repo ?? '',
      },
    });
  };
}

export interface ReportToGitHubOptions extends ActionGitHubDeps {
  summary: Summary;
  raw: RawInputs;
  notify: NotifySettings;
  redactor: Redactor;
  workingDirectory: string;
  /** The summary artifact's final name: part of the comment's marker. */
  summaryArtifactName: string;
  post?: WebhookPost;
  retryDelayMs?: number;
}

/**
 * After the run: the pull-request comment (when `comment_on_pr`) and the notification (when a webhook
 * is set and `notify_on` says so). Both are best effort: never throws, every problem is a warning.
 */
export async function reportToGitHub(
  opts: ReportToGitHubOptions,
): Promise<{ comment?: PostCommentOutcome; notified?: boolean }> {
  const env = opts.env ?? process.env;
  const context = readRunContext(env);
  const out: { comment?: PostCommentOutcome; notified?: boolean } = {};
  try {
    const github = parseGitHubSettings(opts.raw as Record<string, string | undefined>);
    if (github.commentOnPr) out.comment = await commentOnPullRequest(opts, github, context);
  } catch (error) {
    opts.logger.warn(
      `Could not comment on the pull request: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const delivery = await notifyRun(opts.summary, opts.notify, {
    logger: opts.logger,
    redactor: opts.redactor,
    workingDirectory: opts.workingDirectory,
    runUrl: context.runUrl,
    repository: context.owner && context.repo ? `${context.owner}/${context.repo}` : undefined,
    post: opts.post,
    retryDelayMs: opts.retryDelayMs,
  });
  if (delivery) out.notified = delivery.delivered;
  return out;
}

async function commentOnPullRequest(
  opts: ReportToGitHubOptions,
  github: GitHubSettings,
  context: RunContext,
): Promise<PostCommentOutcome | undefined> {
  const pullRequest = github.prNumber ?? context.pullRequest;
  if (pullRequest === undefined) {
    (opts.notice ?? opts.logger.info)(
      'comment_on_pr is on, but this is not a pull_request run and pr_number is empty: no comment posted.',
    );
    return undefined;
  }
  if (!context.owner || !context.repo || github.token === '') {
    opts.logger.warn(
      `Could not comment on pull request #${pullRequest}: ${github.token === '' ? 'github_token is empty' : 'GITHUB_REPOSITORY is not set'}.`,
    );
    return undefined;
  }
  const key = {
    workflow: context.workflowName ?? context.workflowFile ?? 'workflow',
    job: context.job ?? 'job',
    artifact: opts.summaryArtifactName,
  };
  const body = renderPrComment(opts.summary, { key, redactor: opts.redactor, runUrl: context.runUrl });
  return postPrComment({
    request: opts.request ?? createGitHubRequest({ token: github.token }),
    owner: context.owner,
    repo: context.repo,
    pullRequest,
    marker: commentMarker(key),
    body,
    logger: opts.logger,
  });
}
