import type { JobResources } from '../model/types.js';
import { formatByteSize } from '../plan/byte-size.js';
import { formatDuration } from './duration.js';

/*
 * The resource figures as people read them, for the console table and the step summary (same words in both).
 */

/** `12.4s` (user + system) with the average cores when more than one: `48.2s (3.9 cores)`. '-' when unknown. */
export function formatCpu(resources: JobResources | null | undefined): string {
  if (!resources || !isNumber(resources.cpu_user_seconds) || !isNumber(resources.cpu_system_seconds))
    return '-';
  const cpu = formatDuration(resources.cpu_user_seconds + resources.cpu_system_seconds);
  const cores = resources.cpu_avg_cores;
  return isNumber(cores) && cores >= 1.05 ? `${cpu} (${cores.toFixed(1)} cores)` : cpu;
}

/** The peak memory cell, at most three significant digits (`300 MiB`, `1.25 GiB`): `-` when not measured. */
export function formatPeakMemory(resources: JobResources | null | undefined): string {
  const bytes = resources?.peak_rss_bytes;
  return isNumber(bytes) && bytes >= 0 ? formatByteSize(bytes, 'three-digits') : '-';
}

/** Whether any job of the summary carries figures: only then do the tables get resource columns. */
export function anyResources(jobs: ReadonlyArray<{ resources?: JobResources | null }>): boolean {
  return jobs.some((job) => job.resources !== undefined && job.resources !== null);
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
