import fs from 'node:fs';
import { InputError } from '../model/types.js';
import { quoteValue } from './input-values.js';

/** What the planner reads back from a previous training summary JSON (`jobs[]`). */
export interface SummaryJobRecord {
  id: string;
  status: string | undefined;
  durationSeconds: number | undefined;
  /** `resources.peak_rss_bytes` (written by runs that measured their jobs); undefined when absent or invalid. */
  peakRssBytes?: number;
}

/**
 * The `jobs` of a training summary written by an earlier run (or merged from shards). Entries without a
 * string `id` are ignored; a file that cannot be read, is not JSON or has no `jobs` list is an InputError
 * naming `inputName`.
 */
export async function readSummaryJobs(file: string, inputName: string): Promise<SummaryJobRecord[]> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(
      inputName,
      `Invalid ${inputName} ${quoteValue(file)}: it cannot be read (${(error as Error).message}). ` +
        `Expected a training summary JSON from an earlier run.`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      inputName,
      `Invalid ${inputName} ${quoteValue(file)}: it is not JSON (${(error as Error).message}). ` +
        `Expected a training summary JSON from an earlier run.`,
    );
  }
  const jobs = typeof value === 'object' && value !== null ? (value as { jobs?: unknown }).jobs : undefined;
  if (!Array.isArray(jobs)) {
    throw new InputError(
      inputName,
      `Invalid ${inputName} ${quoteValue(file)}: it has no "jobs" list. Expected a training summary JSON from an earlier run.`,
    );
  }
  const records: SummaryJobRecord[] = [];
  for (const entry of jobs as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { id, status, duration_seconds: duration, resources } = entry as Record<string, unknown>;
    if (typeof id !== 'string' || id === '') continue;
    const peak =
      typeof resources === 'object' && resources !== null
        ? (resources as Record<string, unknown>).peak_rss_bytes
        : undefined;
    records.push({
      id,
      status: typeof status === 'string' ? status : undefined,
      durationSeconds:
        typeof duration === 'number' && Number.isFinite(duration) && duration >= 0 ? duration : undefined,
      ...(typeof peak === 'number' && Number.isSafeInteger(peak) && peak > 0 ? { peakRssBytes: peak } : {}),
    });
  }
  return records;
}
