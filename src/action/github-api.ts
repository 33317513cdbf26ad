import { getOctokit } from '@actions/github';
import pRetry, { AbortError } from 'p-retry';
import {
  GITHUB_REQUEST_RETRIES,
  GITHUB_REQUEST_TIMEOUT_MS,
  GITHUB_RETRY_DELAY_MS,
} from '../plan/defaults.js';

/** One REST answer: the HTTP status, the parsed body and the headers (lower-case names). */
export interface GitHubResponse<T = unknown> {
  status: number;
  data: T;
  headers: Record<string, string | number | undefined>;
}

/**
 * A REST call: `route` as in GitHub's docs (`GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts`),
 * `params` filling the placeholders and the query. Rejects with GitHubApiError for any answer ≥ 400,
 * a timeout or a dropped connection, after the retries.
 */
export type GitHubRequest = <T = unknown>(
  route: string,
  params?: Record<string, unknown>,
) => Promise<GitHubResponse<T>>;

/** Why a REST call failed; `status` is undefined for a timeout or a connection error. */
export class GitHubApiError extends Error {
  override name = 'GitHubApiError';
  readonly status: number | undefined;
  readonly timedOut: boolean;
  constructor(message: string, status: number | undefined, timedOut = false) {
    super(message);
    this.status = status;
    this.timedOut = timedOut;
  }
}

export interface GitHubRequestOptions {
  token: string;
  /** `GITHUB_API_URL` (GitHub Enterprise, tests), else https://api.github.com. Read at call time, not import time. */
  baseUrl?: string;
  timeoutMs?: number;
  retries?: number;
  retryDelayMs?: number;
}

/**
 * A REST client on `@actions/github`'s Octokit (its proxy support and user agent included). Each
 * request is abandoned after `timeoutMs`; a 5xx or 429 answer or a dropped connection is retried
 * `retries` times with a doubling pause; a timeout is not retried (a silent server stays silent, and the
 * caller's time is bounded by timeout × requests). Error messages name the method, the path and the
 * status, never the token.
 */
export function createGitHubRequest(opts: GitHubRequestOptions): GitHubRequest {
  const octokit = getOctokit(opts.token, { baseUrl: opts.baseUrl ?? defaultApiUrl() });
  const timeoutMs = opts.timeoutMs ?? GITHUB_REQUEST_TIMEOUT_MS;
  const retries = opts.retries ?? GITHUB_REQUEST_RETRIES;
  const minTimeout = opts.retryDelayMs ?? GITHUB_RETRY_DELAY_MS;
  return async <T>(route: string, params: Record<string, unknown> = {}): Promise<GitHubResponse<T>> => {
    const attempt = async (): Promise<GitHubResponse<T>> => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      try {
        const response = await octokit.request(route, {
          ...params,
          request: { ...(params.request as object | undefined), signal: controller.signal },
        });
        return {
          status: response.status,
          data: response.data as T,
          headers: response.headers as GitHubResponse['headers'],
        };
      } catch (error) {
        const failure = toApiError(route, error, controller.signal.aborted, timeoutMs);
        if (!isRetryable(failure)) throw new AbortError(failure);
        throw failure;
      } finally {
        clearTimeout(timer);
      }
    };
    try {
      return await pRetry(attempt, { retries, minTimeout, factor: 2, randomize: false });
    } catch (error) {
      throw error instanceof GitHubApiError ? error : toApiError(route, error, false, timeoutMs);
    }
  };
}

/** The REST API of this run: `GITHUB_API_URL`, else github.com's. */
export function defaultApiUrl(env: NodeJS.ProcessEnv = process.env): string {
  const value = env.GITHUB_API_URL?.trim();
  return value ? value.replace(/\/+$/, '') : 'https://api.github.com';
}

function isRetryable(error: GitHubApiError): boolean {
  if (error.timedOut) return false;
  return error.status === undefined || error.status >= 500 || error.status === 429;
}

function toApiError(route: string, error: unknown, timedOut: boolean, timeoutMs: number): GitHubApiError {
  if (timedOut)
    return new GitHubApiError(`${route}: no answer within ${timeoutMs / 1000} s`, undefined, true);
  const status = (error as { status?: unknown }).status;
  const message = error instanceof Error ? error.message : String(error);
  // Octokit reports a connection failure as status 500 with the cause attached: keep the two apart.
  const cause = (error as { cause?: unknown }).cause;
  if (status === 500 && cause instanceof Error && !(error as { response?: unknown }).response)
    return new GitHubApiError(`${route}: ${cause.message || message}`, undefined);
  if (typeof status === 'number')
    return new GitHubApiError(`${route}: HTTP ${status} (${oneLine(message)})`, status);
  return new GitHubApiError(`${route}: ${oneLine(message)}`, undefined);
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
