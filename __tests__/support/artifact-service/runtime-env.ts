import type { ArtifactServiceStandIn } from './results-service.js';

export const WORKFLOW_RUN_BACKEND_ID = 'c0ffee00-61c7-4aae-887f-30da475f5f1a';
export const WORKFLOW_JOB_RUN_BACKEND_ID = 'ca395085-040a-526b-2ce8-bdc85f692774';

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/**
 * An ACTIONS_RUNTIME_TOKEN the artifact client accepts: it only decodes the JWT and reads the
 * `Actions.Results:<runId>:<jobRunId>` scope; the signature is never checked on the client side.
 */
export function runtimeToken(
  runId = WORKFLOW_RUN_BACKEND_ID,
  jobRunId = WORKFLOW_JOB_RUN_BACKEND_ID,
): string {
  const header = base64url({ typ: 'JWT', alg: 'none' });
  const payload = base64url({ scp: `Actions.ExampleScope Actions.Results:${runId}:${jobRunId}`, iat: 1 });
  return `${header}.${payload}.c2lnbmF0dXJl`;
}

/**
 * The environment the artifact client reads, pointed at the stand-in. GITHUB_SERVER_URL must be
 * github.com (or *.ghe.com / *.localhost): anything else is taken for GHES and refused before any request.
 */
export function artifactClientEnv(
  service: ArtifactServiceStandIn,
  workspace: string,
): Record<string, string> {
  return {
    ACTIONS_RUNTIME_TOKEN: service.token,
    ACTIONS_RESULTS_URL: service.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: 'octo-org/training',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    // Loopback only: never through a proxy a developer machine may have configured.
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost',
    // The real runner caps retention with this; unset here unless a test sets it.
    GITHUB_RETENTION_DAYS: '',
  };
}
