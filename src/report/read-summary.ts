import { promises as fs } from 'node:fs';
import type { JobStatus, RunStatus } from '../model/types.js';
import { depthMarker, METRICS_MAX_DEPTH, parseBoundedJson } from './bounded-json.js';
import { READABLE_SUMMARY_VERSIONS, type Summary } from './summary.js';

/**
 * Reading a training summary back (merge, baseline, `compare`): every version in READABLE_SUMMARY_VERSIONS,
 * checked for what the readers rely on. The full contract is schemas/summary.schema.json.
 */

const JOB_STATUSES: readonly JobStatus[] = [
  'succeeded',
  'cached',
  'failed',
  'timed_out',
  'cancelled',
  'skipped',
];
const RUN_STATUSES: readonly RunStatus[] = ['success', 'partial_success', 'failure', 'cancelled'];

/** A summary nests 3 levels above a job's metrics (summary → jobs → job → metrics). */
const SUMMARY_MAX_DEPTH = 3 + METRICS_MAX_DEPTH;

/** Summaries larger than this are not read (a summary of 1,000 jobs with full tails is a few MiB). */
export const MAX_SUMMARY_BYTES = 64 * 1024 * 1024;

/** The summary in `file`, or why it is not one (a sentence naming the file). Never throws. */
export async function readSummaryFile(file: string): Promise<Summary | string> {
  let value: unknown;
  try {
    const stats = await fs.stat(file);
    if (!stats.isFile()) return `Cannot read ${file}: it is not a file.`;
    if (stats.size > MAX_SUMMARY_BYTES)
      return `Cannot read ${file}: it is ${stats.size} bytes, more than ${MAX_SUMMARY_BYTES}.`;
    // Bounded like the metrics it holds: a hostile summary (any depth, NaN) cannot overflow a reader.
    value = parseBoundedJson(await fs.readFile(file, 'utf8'), {
      maxDepth: SUMMARY_MAX_DEPTH,
      marker: depthMarker(METRICS_MAX_DEPTH),
    }).value;
  } catch (error) {
    return `Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`;
  }
  const reason = whyNotSummary(value);
  return reason ? `${file} is not a training summary: ${reason}.` : (value as Summary);
}

/** A light check of what the readers rely on; undefined when `value` passes. */
export function whyNotSummary(value: unknown): string | undefined {
  if (!isRecord(value)) return 'not a JSON object';
  if (!READABLE_SUMMARY_VERSIONS.includes(value.schema_version as number))
    return `schema_version is ${JSON.stringify(value.schema_version)}, not one of ${READABLE_SUMMARY_VERSIONS.join(', ')}`;
  if (!RUN_STATUSES.includes(value.status as RunStatus)) return 'status is missing or unknown';
  for (const key of ['started_at', 'finished_at'] as const) {
    if (typeof value[key] !== 'string' || !Number.isFinite(Date.parse(value[key])))
      return `${key} is not a date`;
  }
  if (value.shard !== undefined && value.shard !== null && typeof value.shard !== 'string')
    return 'shard is not a string';
  if (!isRecord(value.options)) return 'options is missing';
  if (!Array.isArray(value.warnings)) return 'warnings is missing';
  if (!Array.isArray(value.jobs)) return 'jobs is missing';
  for (const [i, job] of value.jobs.entries()) {
    if (!isRecord(job) || typeof job.id !== 'string' || job.id === '') return `jobs[${i}] has no id`;
    if (!JOB_STATUSES.includes(job.status as JobStatus)) return `job '${job.id}' has an unknown status`;
    if (typeof job.optional !== 'boolean') return `job '${job.id}' has no optional flag`;
    if (job.metrics !== undefined && job.metrics !== null && !isRecord(job.metrics))
      return `job '${job.id}' has metrics that are not an object`;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
