import { readSummaryJobs } from './summary-file.js';

/**
 * Each job's duration in seconds from a previous summary, for longest-first scheduling and shard
 * balancing. Skipped jobs and entries without a duration are left out; when an id appears twice (a
 * merged summary), the last entry wins. An unreadable or invalid file is an InputError (`history_file`).
 */
export async function readHistory(file: string): Promise<Map<string, number>> {
  return (await readHistoryDetails(file)).durations;
}

/**
 * readHistory's durations, and each job's peak resident memory in bytes (`resources.peak_rss_bytes`, from
 * runs that measured their jobs; absent in older summaries) for the scheduler's memory estimate.
 */
export async function readHistoryDetails(
  file: string,
): Promise<{ durations: Map<string, number>; peakMemory: Map<string, number> }> {
  const durations = new Map<string, number>();
  const peakMemory = new Map<string, number>();
  for (const job of await readSummaryJobs(file, 'history_file')) {
    if (job.peakRssBytes !== undefined) peakMemory.set(job.id, job.peakRssBytes);
    if (job.status === 'skipped' || job.durationSeconds === undefined) continue;
    durations.set(job.id, job.durationSeconds);
  }
  return { durations, peakMemory };
}
