import type { Logger } from '../model/types.js';
import { GitHubApiError, type GitHubRequest } from './github-api.js';

/** Pages of 100 comments read at most while looking for ours (10,000 comments). */
const MAX_COMMENT_PAGES = 100;

export interface PostCommentOptions {
  request: GitHubRequest;
  owner: string;
  repo: string;
  pullRequest: number;
  /** The hidden first line of our comment (commentMarker). */
  marker: string;
  body: string;
  logger: Logger;
}

export type PostCommentOutcome =
  | { action: 'created' | 'updated'; id: number; url: string | undefined }
  | { action: 'failed'; message: string };

interface IssueComment {
  id: number;
  body?: string | null;
  html_url?: string;
}

/**
 * Creates the run's comment on the pull request, or replaces the body of the comment an earlier run
 * posted (the newest one whose body starts with `marker`; every page is read). Never throws: a
 * read-only token (a pull request from a fork gets one: 403 "Resource not accessible by integration"),
 * a missing pull request or an API failure is a warning naming the pull request and what it needs.
 */
export async function postPrComment(opts: PostCommentOptions): Promise<PostCommentOutcome> {
  const { request, owner, repo, pullRequest, marker, body, logger } = opts;
  try {
    let existing: IssueComment | undefined;
    for (let page = 1; page <= MAX_COMMENT_PAGES; page++) {
      const { data } = await request<IssueComment[]>(
        'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
        {
          owner,
          repo,
          issue_number: pullRequest,
          per_page: 100,
          page,
        },
      );
      const comments = Array.isArray(data) ? data : [];
      for (const comment of comments)
        if (typeof comment?.id === 'number' && (comment.body ?? '').startsWith(marker)) existing = comment;
      if (comments.length < 100) break;
    }
    if (existing) {
      const { data } = await request<IssueComment>(
        'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}',
        {
          owner,
          repo,
          comment_id: existing.id,
          body,
        },
      );
      logger.info(
        `Updated the training report on pull request #${pullRequest}: ${data?.html_url ?? existing.html_url ?? existing.id}`,
      );
      return { action: 'updated', id: existing.id, url: data?.html_url ?? existing.html_url };
    }
    const { data } = await request<IssueComment>(
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
      {
        owner,
        repo,
        issue_number: pullRequest,
        body,
      },
    );
    logger.info(`Posted the training report on pull request #${pullRequest}: ${data?.html_url ?? data?.id}`);
    return { action: 'created', id: data.id, url: data.html_url };
  } catch (error) {
    const message = `Could not comment on pull request #${pullRequest}: ${error instanceof Error ? error.message : String(error)}${hint(error)}`;
    logger.warn(message);
    return { action: 'failed', message };
  }
}

function hint(error: unknown): string {
  if (!(error instanceof GitHubApiError)) return '';
  if (error.status === 403)
    return '. The token may not write to pull requests: give the job `permissions: pull-requests: write`; a pull request from a fork gets a read-only token, so no comment is possible there.';
  if (error.status === 404) return '. Check pr_number and that the token can read this repository.';
  return '';
}
