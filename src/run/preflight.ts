import fs from 'node:fs';
import path from 'node:path';
import { nameNonce } from '../model/name-nonce.js';
import { InputError, type Settings } from '../model/types.js';
import { quoteValue } from '../plan/input-values.js';
import { describeFsError } from './fs-error.js';

/** The folders a run writes into, by the input that names them. */
export type WritableFolderInput = 'results_dir' | 'logs_dir' | 'summaries_dir';

/**
 * Before any job starts: each folder the run will write into can be created (if missing) and takes a small
 * file (written, then removed; folders created for the check are removed too). A folder that is a file, on a
 * read-only file system or on a full disk is an InputError naming its input, instead of a summary that cannot
 * be written after an hour of training.
 * `results_dir` and `logs_dir` are checked only when there are jobs to run.
 *
 * A disk that fills up during the run is still possible: the orchestrator then reports the file it could not
 * write (see orchestrate).
 */
export function checkWritableFolders(
  settings: Pick<Settings, 'workingDirectory' | 'resultsDir' | 'logsDir' | 'summariesDir'>,
  options: { withJobs: boolean },
): void {
  const folders: Array<[WritableFolderInput, string]> = [['summaries_dir', settings.summariesDir]];
  if (options.withJobs) folders.push(['logs_dir', settings.logsDir], ['results_dir', settings.resultsDir]);
  for (const [input, value] of folders) {
    const absolute = path.resolve(settings.workingDirectory, value);
    const problem = probeFolder(absolute);
    if (problem) {
      throw new InputError(
        input,
        `Invalid ${input} ${quoteValue(value)}: ${problem}. Expected a folder inside the working directory ` +
          'that the run can create and write files into (not a file, not on a read-only or full file system).',
      );
    }
  }
}

/**
 * Why `absolute` cannot hold the run's files, or undefined when a probe file could be written and removed.
 * Leaves nothing behind: the folders it had to create are removed again (the run creates them when it
 * writes), so a step that fails later before any job starts (requirements) leaves the workspace as it was.
 */
export function probeFolder(absolute: string): string | undefined {
  let created: string | undefined;
  try {
    created = fs.mkdirSync(absolute, { recursive: true });
  } catch (error) {
    return `the folder cannot be created (${describeFsError(error)})`;
  }
  try {
    if (!fs.statSync(absolute).isDirectory()) return 'it is a file, not a folder';
    const probe = path.join(absolute, `.training-orchestrator-probe-${process.pid}-${nameNonce(8)}`);
    try {
      fs.writeFileSync(probe, 'probe\n', { flag: 'wx' });
    } catch (error) {
      return `a file cannot be written into it (${describeFsError(error)})`;
    } finally {
      try {
        fs.rmSync(probe, { force: true });
      } catch {
        // Never created (read-only file system): nothing to remove.
      }
    }
    return undefined;
  } finally {
    if (created !== undefined) removeCreated(absolute, created);
  }
}

/** rmdir from `absolute` up to `created` (the first folder mkdir made), each only if still empty. */
function removeCreated(absolute: string, created: string): void {
  for (let dir = absolute; ; dir = path.dirname(dir)) {
    try {
      fs.rmdirSync(dir);
    } catch {
      return;
    }
    if (dir === created || path.dirname(dir) === dir) return;
  }
}
