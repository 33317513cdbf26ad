import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../core/types.js';

/**
 * Merges a job's `metrics/*.json` (file names sorted, later files win on a shared key) into one object.
 * A metrics file is a job's own business: one that is not a JSON object, or too large, is skipped with a
 * warning, never an error. Returns null when there is nothing to merge.
 *
 * Synchronous like the rest of the per-job bookkeeping (see JobLog): usually one readdir of an empty folder,
 * at most a few small files.
 */
export function readMetrics(
  directory: string,
  options: { maxBytes: number; logger: Logger; jobId: string; before?: MetricsSnapshot },
): Record<string, unknown> | null {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(directory, { withFileTypes: true });
  } catch {
    return null;
  }
  const names = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => entry.name)
    .sort();
  if (names.length === 0) return null;

  const merged: Record<string, unknown> = {};
  let found = false;
  for (const name of names) {
    const file = path.join(directory, name);
    const where = `${options.jobId}: metrics/${name}`;
    try {
      const stat = fs.statSync(file);
      const size = stat.size;
      if (options.before?.get(name) === fingerprint(stat)) {
        // Left by an earlier run in the same output folder: not this run's result.
        options.logger.debug(`${where} is unchanged since before the job started: not merged.`);
        continue;
      }
      if (size > options.maxBytes) {
        options.logger.warn(`${where} is ${size} bytes, more than ${options.maxBytes}: skipped.`);
        continue;
      }
      const value: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        options.logger.warn(`${where} is not a JSON object: skipped.`);
        continue;
      }
      Object.assign(merged, value);
      found = true;
    } catch (error) {
      options.logger.warn(`${where} could not be read: ${(error as Error).message}. Skipped.`);
    }
  }
  return found ? merged : null;
}

/** File name → size and modification time of the metrics files present before a job starts. */
export type MetricsSnapshot = ReadonlyMap<string, string>;

/**
 * What `metrics/` holds before the job runs, so files an earlier run left in a reused output folder are
 * not reported as this run's metrics. Usually one readdir of an empty folder.
 */
export function snapshotMetrics(directory: string): MetricsSnapshot {
  const snapshot = new Map<string, string>();
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(directory, { withFileTypes: true });
  } catch {
    return snapshot;
  }
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.json')) continue;
    try {
      snapshot.set(entry.name, fingerprint(fs.statSync(path.join(directory, entry.name))));
    } catch {
      // Gone already: nothing to compare against.
    }
  }
  return snapshot;
}

function fingerprint(stat: fs.Stats): string {
  return `${stat.size}:${stat.mtimeMs}`;
}
