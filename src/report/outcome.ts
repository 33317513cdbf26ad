import type { JobStatus } from '../model/types.js';
import { formatDuration } from './duration.js';

/** Statuses of a job that ran and did not succeed. `skipped` is not among them: the job never ran. */
export const FAILURE_STATUSES: readonly JobStatus[] = ['failed', 'timed_out', 'cancelled'];

export function isFailureStatus(status: JobStatus): boolean {
  return FAILURE_STATUSES.includes(status);
}

/** A job that succeeded: it ran and passed, or it was restored from the job cache (`cached`). */
export function isSuccessStatus(status: JobStatus): boolean {
  return status === 'succeeded' || status === 'cached';
}

/** What describeOutcome needs; a SummaryJob fits, and so does a JobResult plus its job's settings. */
export interface OutcomeLike {
  status: JobStatus;
  exit_code: number | null;
  signal: string | null;
  duration_seconds: number;
  /** A count, or the attempts themselves. */
  attempts: number | readonly unknown[];
  /** Minutes; 0 or absent = unknown (the message then gives how long the job ran). */
  timeout_minutes?: number;
}

export function attemptCount(job: Pick<OutcomeLike, 'attempts'>): number {
  return typeof job.attempts === 'number' ? job.attempts : job.attempts.length;
}

/**
 * Why a job ended as it did, in a fixed order (timed out, cancelled, signal, exit code), as
 * execa does: `exit 3 after 2 attempts`, `timed out after 30m`, `killed by SIGKILL`, `cancelled`.
 */
export function describeOutcome(job: OutcomeLike): string {
  const attempts = attemptCount(job);
  const after = attempts > 1 ? ` after ${attempts} attempts` : '';
  switch (job.status) {
    case 'succeeded':
      return `succeeded${after}`;
    case 'cached':
      return 'cached';
    case 'skipped':
      return 'not run';
    case 'cancelled':
      return 'cancelled';
    case 'timed_out': {
      const limit =
        job.timeout_minutes && job.timeout_minutes > 0
          ? formatDuration(job.timeout_minutes * 60)
          : formatDuration(job.duration_seconds);
      return attempts > 1 ? `timed out after ${limit} (${attempts} attempts)` : `timed out after ${limit}`;
    }
    case 'failed':
      if (job.signal) return `killed by ${job.signal}${after}`;
      if (job.exit_code !== null) return `exit ${job.exit_code}${after}`;
      return `failed${after}`;
  }
}
