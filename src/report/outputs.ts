import type { Summary } from './summary.js';
import { isFailureStatus } from './outcome.js';
import { comparisonLists } from './quality.js';

/**
 * The action's outputs for a finished run, as the strings `core.setOutput` takes. Every value is one the
 * orchestrator built (status, counts, ids, the summary's path): none is masked (see redactSummary).
 * `jobs` (the planned jobs) comes from the plan, not the summary: the shells add it.
 * - `succeeded`: a count; `failed`: jobs that failed, timed out or were cancelled, optional
 *   ones included (the same jobs `rerun_failed_from` would select); `failed_jobs`: their ids, a JSON array.
 * - `gates_passed`: `false` when a required job broke a quality gate, else `true` (also without gates);
 *   `regressed_jobs` / `improved_jobs`: JSON arrays like `failed_jobs`, from the comparison with the
 *   baseline (`[]` without one): a job with any metric regressed / with a metric improved and none regressed.
 */
export interface RunOutputs {
  status: string;
  summary_path: string;
  succeeded: string;
  failed: string;
  failed_jobs: string;
  duration_seconds: string;
  gates_passed: string;
  regressed_jobs: string;
  improved_jobs: string;
}

export function buildRunOutputs(summary: Summary, summaryPath: string): RunOutputs {
  const failedIds = summary.jobs.filter((job) => isFailureStatus(job.status)).map((job) => job.id);
  const { regressed, improved } = comparisonLists(summary.jobs);
  return {
    status: summary.status,
    summary_path: summaryPath,
    succeeded: String(summary.counts.succeeded),
    failed: String(failedIds.length),
    failed_jobs: JSON.stringify(failedIds),
    duration_seconds: String(summary.duration_seconds),
    gates_passed: String(summary.gates?.passed ?? true),
    regressed_jobs: JSON.stringify(regressed),
    improved_jobs: JSON.stringify(improved),
  };
}
