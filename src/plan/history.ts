import { readSummaryJobs } from './summary-file.js';

/**
 * Each job's duration in seconds from a previous summary, for longest-first scheduling and shard
 * balancing. Skipped jobs and entries without a duration are left out; when an id appears twice (a
 * merged summary), the last entry wins. An unreadable or invalid file is an InputError (`history_file`).
 */
export async function readHistory(file: string): Promise<Map<string, number>> {
  const history = new Map<string, number>();
  for (const job of await readSummaryJobs(file, 'history_file')) {
    if (job.status === 'skipped' || job.durationSeconds === undefined) continue;
    history.set(job.id, job.durationSeconds);
  }
  return history;
}
