/**
 * A local stand-in for GitHub's artifact backend: Azurite (the official Azure Storage emulator) holds
 * the blobs, results-service.ts answers the results service's Twirp calls. See
 * docs/decisions/0004-artifact-test-stand-in.md for what it covers and what it does not.
 */
import { startAzurite, type AzuriteHandle } from './azurite.js';
import { startArtifactService, type ArtifactServiceStandIn } from './results-service.js';
import { WORKFLOW_JOB_RUN_BACKEND_ID, WORKFLOW_RUN_BACKEND_ID, runtimeToken } from './runtime-env.js';

export * from './azurite.js';
export * from './results-service.js';
export * from './runtime-env.js';
export * from './state-file.js';
export * from './zip-reader.js';

export interface ArtifactBackend {
  azurite: AzuriteHandle;
  service: ArtifactServiceStandIn;
  stop(): Promise<void>;
}

/** Azurite plus the results service in front of it; start once per test file (Azurite takes seconds). */
export async function startArtifactBackend(): Promise<ArtifactBackend> {
  const azurite = await startAzurite();
  try {
    const service = await startArtifactService({
      azurite,
      token: runtimeToken(),
      workflowRunBackendId: WORKFLOW_RUN_BACKEND_ID,
      workflowJobRunBackendId: WORKFLOW_JOB_RUN_BACKEND_ID,
    });
    return {
      azurite,
      service,
      stop: async () => {
        await service.close();
        await azurite.stop();
      },
    };
  } catch (error) {
    await azurite.stop();
    throw error;
  }
}
