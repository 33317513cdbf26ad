import { promises as fs } from 'node:fs';
import path from 'node:path';
import { InputError } from '../model/types.js';
import { quoteValue } from '../plan/input-values.js';
import { resolveInside } from '../plan/path-safety.js';
import { escapeReason, isReallyInside, isWithin, realPathOf, realRootOf } from '../plan/real-path.js';
import { findSummaryFiles } from './merge.js';
import type { LoadedBaseline } from './quality.js';
import { readSummaryFile } from './read-summary.js';
import type { Summary } from './summary.js';

/** A baseline, or why there is none (one sentence for a notice). */
export type BaselineRead =
  | { baseline: LoadedBaseline; notes: string[] }
  /** `missing`: nothing there (a first run), a notice; otherwise something unreadable, a warning. */
  | { baseline: null; reason: string; missing: boolean; notes: string[] };

export interface ReadBaselineOptions {
  workingDirectory: string;
  /**
   * Folders outside the working directory that the shell itself wrote a baseline into (the action's
   * download of `baseline: auto` into RUNNER_TEMP). Paths given by users never get this.
   */
  trustedFolders?: readonly string[];
}

/**
 * The baseline summary for `setting` (relative to the working directory): a training summary JSON, or a
 * folder holding `training_summary_*.json` at any depth (links not followed), of which the one whose
 * `started_at` is latest wins (ties: the later file name), whatever the files' modification times.
 * Version 1 and 2 summaries both read.
 *
 * - A path outside the working directory, by `..`, an absolute path or a symbolic link on the way, is an
 *   InputError naming `baseline` (checked before any job starts).
 * - A path that does not exist, cannot be read, is not a summary, or a folder without one, is not an
 *   error: `baseline: null` with the reason, which the run reports as a notice (a first run has no baseline).
 */
export async function readBaseline(setting: string, opts: ReadBaselineOptions): Promise<BaselineRead> {
  const root = path.resolve(opts.workingDirectory);
  const absolute = path.resolve(root, setting);
  const trusted = (opts.trustedFolders ?? []).some((folder) => resolveInside(folder, absolute) !== undefined);
  const inside = resolveInside(root, absolute);
  if (!inside && !trusted) throw outside(setting, root);
  const shown = inside ? inside.relative : absolute;
  // Links followed (src/plan/real-path.ts): a link anywhere on the way that leads out is refused too.
  if (!trusted && !isReallyInside(root, absolute)) {
    throw new InputError(
      'baseline',
      `Invalid baseline ${quoteValue(setting)}: ${escapeReason(root, absolute)}. Expected a training summary ` +
        `JSON, or a folder of them, inside the working directory ${root}.`,
    );
  }

  let stats;
  try {
    stats = await fs.stat(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      baseline: null,
      reason:
        code === 'ENOENT'
          ? `No baseline: ${shown} does not exist.`
          : `No baseline: ${shown} cannot be read (${code ?? (error as Error).message}).`,
      missing: code === 'ENOENT',
      notes: [],
    };
  }
  if (!stats.isDirectory()) {
    const read = await readSummaryFile(absolute);
    if (typeof read === 'string')
      return { baseline: null, reason: `No baseline: ${relativeIn(read, root)}`, missing: false, notes: [] };
    return { baseline: toBaseline(read, shown), notes: [] };
  }

  const notes: string[] = [];
  let best: { summary: Summary; file: string; at: number } | undefined;
  for (const file of await findSummaryFiles(absolute)) {
    if (!trusted) {
      // findSummaryFiles does not descend into linked folders; a linked file itself is checked here.
      const real = realPathOf(file);
      if (!real || !isWithin(realRootOf(root), real)) {
        notes.push(`Left out ${displayOf(file, root)}: it leads outside the working directory.`);
        continue;
      }
    }
    const read = await readSummaryFile(file);
    if (typeof read === 'string') {
      notes.push(`Left out ${relativeIn(read, root)}`);
      continue;
    }
    const at = Date.parse(read.started_at);
    if (!best || at > best.at || (at === best.at && file > best.file)) best = { summary: read, file, at };
  }
  if (!best) {
    return {
      baseline: null,
      reason: `No baseline: ${shown} holds no readable training_summary_*.json.`,
      missing: notes.length === 0,
      notes,
    };
  }
  return { baseline: toBaseline(best.summary, displayOf(best.file, root)), notes };
}

function toBaseline(summary: Summary, shown: string): LoadedBaseline {
  const provenance = summary.provenance as { commit?: unknown; run_url?: unknown } | undefined;
  return {
    path: shown,
    started_at: summary.started_at,
    commit: typeof provenance?.commit === 'string' ? provenance.commit : null,
    run_url: typeof provenance?.run_url === 'string' ? provenance.run_url : null,
    jobs: summary.jobs.map((job) => ({
      id: job.id,
      status: job.status,
      metrics: job.metrics && typeof job.metrics === 'object' ? job.metrics : null,
      curves: Array.isArray(job.curves) ? job.curves : null,
    })),
  };
}

function outside(setting: string, root: string): InputError {
  return new InputError(
    'baseline',
    `Invalid baseline ${quoteValue(setting)}: it is outside the working directory ${root}. Expected a ` +
      `training summary JSON, or a folder of them, inside it.`,
  );
}

function displayOf(file: string, root: string): string {
  return resolveInside(root, file)?.relative ?? file;
}

/** A reader's sentence with the absolute paths under the working directory shown relative to it. */
function relativeIn(sentence: string, root: string): string {
  return sentence.split(`${root}${path.sep}`).join('');
}
