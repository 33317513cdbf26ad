import { GITHUB_VALUE_SHAPES, httpBaseUrl, runPageUrl } from './run-links.js';

/** Where and how a run happened (the summary's `provenance`): the commit, the workflow run, the interpreter. */
export interface Provenance {
  commit: string | null;
  ref: string | null;
  run_id: string | null;
  run_url: string | null;
  repository: string | null;
  workflow: string | null;
  /** The resolved interpreter (absolute path); the `python` setting when no script job needed one. */
  python: string;
  python_version: string | null;
}

/**
 * The variables of GitHub's default environment that provenance reads. The shells pass them in (the
 * core never reads process.env); outside GitHub they are absent and the fields are null.
 */
export interface ProvenanceEnvironment {
  GITHUB_SHA?: string;
  GITHUB_REF?: string;
  GITHUB_RUN_ID?: string;
  GITHUB_SERVER_URL?: string;
  GITHUB_REPOSITORY?: string;
  GITHUB_WORKFLOW?: string;
}

/** Picks the provenance variables out of an environment (the shells call it with process.env). */
export function provenanceEnvironment(
  env: Readonly<Record<string, string | undefined>>,
): ProvenanceEnvironment {
  const keys = [
    'GITHUB_SHA',
    'GITHUB_REF',
    'GITHUB_RUN_ID',
    'GITHUB_SERVER_URL',
    'GITHUB_REPOSITORY',
    'GITHUB_WORKFLOW',
  ] as const;
  const picked: ProvenanceEnvironment = {};
  for (const key of keys) if (env[key] !== undefined) picked[key] = env[key];
  return picked;
}

/**
 * Provenance from the environment and the interpreter. Values are checked for their shape (a commit is
 * hex, a run id digits, a repository `owner/name`, the server an http(s) URL): anything else is null
 * rather than copied into a file people trust. The run URL is built only from valid parts.
 */
export function buildProvenance(
  env: ProvenanceEnvironment,
  python: { path: string; version: string | null },
): Provenance {
  const commit = matching(env.GITHUB_SHA, GITHUB_VALUE_SHAPES.sha);
  const runId = matching(env.GITHUB_RUN_ID, GITHUB_VALUE_SHAPES.id);
  const repository = matching(env.GITHUB_REPOSITORY, GITHUB_VALUE_SHAPES.repository);
  const server = httpBaseUrl(env.GITHUB_SERVER_URL?.trim());
  return {
    commit,
    ref: text(env.GITHUB_REF),
    run_id: runId,
    run_url: server && repository && runId ? runPageUrl(server, repository, runId) : null,
    repository,
    workflow: text(env.GITHUB_WORKFLOW),
    python: python.path,
    python_version: python.version,
  };
}

function text(value: string | undefined): string | null {
  const trimmed = value?.trim();
  // eslint-disable-next-line no-control-regex
  return trimmed && trimmed.length <= 1000 && !/[\u0000-\u001f\u007f]/.test(trimmed) ? trimmed : null;
}

function matching(value: string | undefined, pattern: RegExp): string | null {
  const trimmed = value?.trim();
  return trimmed && pattern.test(trimmed) ? trimmed : null;
}
