import fs from 'node:fs';
import { runPageUrl } from '../report/run-links.js';

/**
 * What the runner tells a step about its run, read from the environment and the event payload
 * (GITHUB_EVENT_PATH). Every field is undefined when the variable is missing or malformed (outside
 * GitHub, or an event without that field): callers say what they could not do instead of failing.
 */
export interface RunContext {
  owner: string | undefined;
  repo: string | undefined;
  runId: number | undefined;
  runAttempt: number;
  /** The workflow's file name (`training.yml`) from GITHUB_WORKFLOW_REF: the REST API accepts it as workflow id. */
  workflowFile: string | undefined;
  /** The workflow's display name (GITHUB_WORKFLOW). */
  workflowName: string | undefined;
  /** The job id in the workflow (GITHUB_JOB). */
  job: string | undefined;
  /** The branch this run is about: the pull request's head branch, else the pushed/dispatched branch. */
  branch: string | undefined;
  /** The repository's default branch, from the event payload when it carries the repository. */
  defaultBranch: string | undefined;
  /** `pull_request` / `pull_request_target` runs: the pull request's number. */
  pullRequest: number | undefined;
  eventName: string | undefined;
  /** https://github.com/owner/repo/actions/runs/123 (with /attempts/n after the first attempt). */
  runUrl: string | undefined;
}

export function readRunContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const present = (value: string | undefined): string | undefined => {
    const trimmed = value?.trim();
    return trimmed ? trimmed : undefined;
  };
  const runId = positiveInteger(env.GITHUB_RUN_ID);
  const runAttempt = positiveInteger(env.GITHUB_RUN_ATTEMPT) ?? 1;
  const payload = readEventPayload(env.GITHUB_EVENT_PATH);
  const eventName = present(env.GITHUB_EVENT_NAME);
  const server = (present(env.GITHUB_SERVER_URL) ?? 'https://github.com').replace(/\/+$/, '');
  const ownerName = present(owner);
  const repoName = present(repo);
  const pullRequest =
    eventName === 'pull_request' || eventName === 'pull_request_target'
      ? positiveInteger(String(field(payload, 'pull_request', 'number') ?? field(payload, 'number') ?? ''))
      : undefined;
  const defaultBranch = field(payload, 'repository', 'default_branch');
  return {
    owner: ownerName,
    repo: repoName,
    runId,
    runAttempt,
    workflowFile: workflowFileOf(env.GITHUB_WORKFLOW_REF),
    workflowName: present(env.GITHUB_WORKFLOW),
    job: present(env.GITHUB_JOB),
    branch: present(env.GITHUB_HEAD_REF) ?? present(env.GITHUB_REF_NAME),
    defaultBranch: typeof defaultBranch === 'string' && defaultBranch !== '' ? defaultBranch : undefined,
    pullRequest,
    eventName,
    runUrl:
      ownerName && repoName && runId
        ? runPageUrl(server, `${ownerName}/${repoName}`, runId, runAttempt)
        : undefined,
  };
}

/** `owner/repo/.github/workflows/train.yml@refs/heads/main` → `train.yml`. */
export function workflowFileOf(ref: string | undefined): string | undefined {
  const match = /^[^/]+\/[^/]+\/\.github\/workflows\/([^/@]+\.ya?ml)@/.exec(ref?.trim() ?? '');
  return match ? match[1] : undefined;
}

function positiveInteger(value: string | undefined): number | undefined {
  const text = value?.trim() ?? '';
  if (!/^[0-9]{1,15}$/.test(text)) return undefined;
  const number = Number(text);
  return number > 0 ? number : undefined;
}

/** The event payload, or undefined when absent, unreadable or not a JSON object (never throws). */
function readEventPayload(file: string | undefined): Record<string, unknown> | undefined {
  if (!file) return undefined;
  try {
    const value: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function field(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
