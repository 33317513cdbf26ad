/** Links to where a run happened, for the step summary: the commit, the workflow run, its artifacts. */
export interface RunLinks {
  commit?: { sha: string; url: string };
  run?: { id: string; url: string };
  /** The run page's artifacts section (or one artifact's page when its id is known). */
  artifacts?: string;
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
  if (!server || !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository)) return undefined;
  const base = `${server}/${repository}`;
  const links: RunLinks = {};
  const sha = env.GITHUB_SHA ?? '';
  if (/^[0-9a-f]{7,64}$/i.test(sha)) links.commit = { sha, url: `${base}/commit/${sha}` };
  const runId = env.GITHUB_RUN_ID ?? '';
  if (/^\d{1,20}$/.test(runId)) {
    const url = `${base}/actions/runs/${runId}`;
    links.run = { id: runId, url };
    links.artifacts =
      artifactId !== undefined && /^\d{1,20}$/.test(String(artifactId))
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
