import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../model/types.js';
import { isWithin, realPathOf, type KnownFolder } from '../plan/real-path.js';

/**
 * Whether a job's `metrics/` folder may be read after the job, and the warnings (also logged) for the summary: a folder that now leads outside the working
 * directory through a symbolic link (the job replaced it) is not read at all, and each `*.json` entry that is
 * a link leaving it is named, with a warning each. Both are skipped, never an error: metrics are the job's
 * own business. The parser (read-metrics.ts) never follows a linked file either; this says why.
 * `empty`: the folder was listed and held nothing (no metrics, no curves to read).
 */
export function metricsFolderReadable(
  directory: string,
  root: KnownFolder,
  logger: Logger,
  jobId: string,
): { readable: boolean; notes: string[]; empty: boolean } {
  const notes: string[] = [];
  const warn = (message: string): void => {
    notes.push(message);
    logger.warn(message);
  };
  const inside = (absolute: string): boolean => {
    const real = realPathOf(absolute, root);
    return real !== undefined && isWithin(root.real, real);
  };
  if (!inside(directory)) {
    warn(`${jobId}: metrics/ leads outside the working directory through a symbolic link: skipped.`);
    return { readable: false, notes, empty: false };
  }
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(directory, { withFileTypes: true });
  } catch {
    return { readable: true, notes, empty: false };
  }
  for (const entry of entries) {
    if (!entry.isSymbolicLink() || !entry.name.endsWith('.json')) continue;
    if (!inside(path.join(directory, entry.name))) {
      warn(
        `${jobId}: metrics/${entry.name} is a symbolic link leading outside the working directory: skipped.`,
      );
    }
  }
  return { readable: true, notes, empty: entries.length === 0 };
}
