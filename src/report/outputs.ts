import type { Summary } from './summary.js';
import { isFailureStatus } from './outcome.js';

/**
 * The action's outputs for a finished run, as the strings `core.setOutput` takes. Every value is one the
 * orchestrator built (status, counts, ids, the summary's path): none is masked (see redactSummary).
 * `jobs` (the planned jobs) comes from the plan, not the summary: the shells add it.
 * - `succeeded`: a count; `failed`: jobs that failed, timed out or were cancelled, optional
 *   ones included (the same jobs `rerun_failed_from` would select); `failed_jobs`: their ids, a JSON array.
 */
export interface RunOutputs {
  status: string;
  summary_path: string;
  succeeded: string;
  failed: string;
  failed_jobs: string;
  duration_seconds: string;
}

export function buildRunOutputs(summary: Summary, summaryPath: string): RunOutputs {
  const failedIds = summary.jobs.filter((job) => isFailureStatus(job.status)).map((job) => job.id);
  return {
    status: summary.status,
    summary_path: summaryPath,
    succeeded: String(summary.counts.succeeded),
    failed: String(failedIds.length),
    failed_jobs: JSON.stringify(failedIds),
    duration_seconds: String(summary.duration_seconds),
  };
}
