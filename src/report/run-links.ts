/** Links to where a run happened, for the step summary: the commit, the workflow run, its artifacts. */
export interface RunLinks {
  commit?: { sha: string; url: string };
  run?: { id: string; url: string };
  /** The run page's artifacts section (or one artifact's page when its id is known). */
  artifacts?: string;
}

/** The shapes the reports accept for what the runner's variables name; anything else is never put in a link. */
export const GITHUB_VALUE_SHAPES = {
  /** A commit: hex, abbreviated or full (SHA-1 or SHA-256). */
  sha: /^[0-9a-f]{7,64}$/i,
  /** A workflow run id or an artifact id. */
  id: /^[0-9]{1,20}$/,
  /** `owner/name`. */
  repository: /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/,
} as const;

/**
 * A workflow run's page: `<server>/<owner>/<name>/actions/runs/<id>`, with `/attempts/<n>` after the first
 * attempt when `attempt` is given. The caller has checked each part (GITHUB_VALUE_SHAPES, httpBaseUrl).
 */
export function runPageUrl(
  server: string,
  repository: string,
  runId: string | number,
  attempt?: number,
): string {
  const url = `${server}/${repository}/actions/runs/${runId}`;
  return attempt !== undefined && attempt > 1 ? `${url}/attempts/${attempt}` : url;
}

/**
 * The links of a GitHub Actions run, from the variables the runner sets (`GITHUB_SERVER_URL`,
 * `GITHUB_REPOSITORY`, `GITHUB_RUN_ID`, `GITHUB_SHA`); `artifactId` (an upload's id) makes the artifacts
 * link point at that artifact. Every value is checked for its shape (an http(s) server, `owner/name`, a
 * numeric run id, a hex SHA), so nothing else can end up in a link. Undefined outside GitHub.
 */
export function runLinksFromEnv(env: NodeJS.ProcessEnv, artifactId?: number | string): RunLinks | undefined {
  const server = httpBaseUrl(env.GITHUB_SERVER_URL);
  const repository = env.GITHUB_REPOSITORY ?? '';
  if (!server || !GITHUB_VALUE_SHAPES.repository.test(repository)) return undefined;
  const base = `${server}/${repository}`;
  const links: RunLinks = {};
  const sha = env.GITHUB_SHA ?? '';
  if (GITHUB_VALUE_SHAPES.sha.test(sha)) links.commit = { sha, url: `${base}/commit/${sha}` };
  const runId = env.GITHUB_RUN_ID ?? '';
  if (GITHUB_VALUE_SHAPES.id.test(runId)) {
    const url = runPageUrl(server, repository, runId);
    links.run = { id: runId, url };
    links.artifacts =
      artifactId !== undefined && GITHUB_VALUE_SHAPES.id.test(String(artifactId))
        ? `${url}/artifacts/${artifactId}`
        : `${url}#artifacts`;
  }
  return links.commit || links.run ? links : undefined;
}

/** One Markdown line: `Commit [abc1234](…) · [Run 123](…) · [Artifacts](…)`, '' when there is nothing to link. */
export function renderRunLinks(links: RunLinks | undefined): string {
  if (!links) return '';
  const parts: string[] = [];
  if (links.commit) parts.push(`Commit [\`${links.commit.sha.slice(0, 7)}\`](${links.commit.url})`);
  if (links.run) parts.push(`[Run ${links.run.id}](${links.run.url})`);
  if (links.artifacts) parts.push(`[Artifacts](${links.artifacts})`);
  return parts.join(' · ');
}

/**
 * An http(s) URL without credentials, query or fragment, with no trailing slash: the only kind of base URL
 * (a server, a log host) the reports join paths onto. Undefined for anything else.
 */
export function httpBaseUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password)
      return undefined;
    if (url.search || url.hash) return undefined;
    return url.href.replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}
