import type { JobResult, Plan, RunStatus } from '../model/types.js';
import { isFailureStatus, isSuccessStatus } from './outcome.js';

/**
 * The run's status from its results, by the seed's failure semantics:
 * - the run was cancelled → `cancelled` (whatever finished before);
 * - no required job failed → `success`. "Failed" means `failed`, `timed_out` or `cancelled`, or a job
 *   in `gateFailed` (it succeeded but broke a quality gate); a `skipped` job did not run and fails
 *   nothing, and optional jobs never fail the run;
 * - a required job failed, `allowPartialSuccess` is on and at least one job (optional or not)
 *   succeeded and passed its gates → `partial_success`;
 * - otherwise → `failure`.
 * A result whose id is not in the plan is treated as required: an unknown job must not pass silently.
 */
export function decideStatus(
  plan: Plan,
  results: JobResult[],
  opts: { allowPartialSuccess: boolean; cancelled: boolean; gateFailed?: ReadonlySet<string> },
): RunStatus {
  if (opts.cancelled) return 'cancelled';
  const optional = new Map(plan.jobs.map((job) => [job.id, job.optional]));
  const gateFailed = opts.gateFailed ?? new Set<string>();
  const failed = (r: JobResult): boolean =>
    isFailureStatus(r.status) || (isSuccessStatus(r.status) && gateFailed.has(r.id));
  const requiredFailed = results.some((r) => failed(r) && optional.get(r.id) !== true);
  if (!requiredFailed) return 'success';
  if (opts.allowPartialSuccess && results.some((r) => isSuccessStatus(r.status) && !gateFailed.has(r.id)))
    return 'partial_success';
  return 'failure';
}

/** The process exit code for a status: 0 when the run passed, 1 when it failed, 130 (SIGINT) when cancelled. */
export function exitCodeFor(status: RunStatus): 0 | 1 | 130 {
  switch (status) {
    case 'success':
    case 'partial_success':
      return 0;
    case 'failure':
      return 1;
    case 'cancelled':
      return 130;
  }
}
