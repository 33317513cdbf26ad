import { InputError } from '../core/types.js';
import { quoteValue } from './input-values.js';
import { escapeReason, isReallyInside, realRootOf } from './real-path.js';

/** What the check needs of a planned job: its paths, relative to the working directory (POSIX). */
export interface JobPaths {
  id: string;
  script: string | undefined;
  cwd: string;
  outputDir: string;
  logPath: string;
}

/**
 * Every path a job reads, runs in or writes (its script, `cwd`, output folder and log file) must lie inside
 * the working directory once symbolic links are followed: a repository that links `results/<id>_results`,
 * `logs/<id>.log` or any folder on the way to a place outside cannot make the run write there. Checked for
 * the selected jobs before any of them starts; the first offender is an InputError naming the job and the
 * setting the path comes from (`output_dir` when the config sets it, `results_dir` otherwise; `logs_dir`;
 * `script`; `cwd`). The runner checks again when it creates the folders and opens the log (see
 * src/run/safe-open.ts): a link planted in between is refused there.
 */
export function assertJobPathsInside(
  jobs: readonly JobPaths[],
  workingDirectory: string,
  outputDirFromConfig: (id: string) => boolean,
): void {
  const realRoot = realRootOf(workingDirectory);
  for (const job of jobs) {
    const paths: [string, string | undefined][] = [
      ['script', job.script],
      ['cwd', job.cwd],
      [outputDirFromConfig(job.id) ? 'output_dir' : 'results_dir', job.outputDir],
      ['logs_dir', job.logPath],
    ];
    for (const [key, value] of paths) {
      if (value === undefined || isReallyInside(workingDirectory, value, realRoot)) continue;
      throw new InputError(
        key,
        `Job '${job.id}': ${key === 'logs_dir' ? 'its log file' : key} ${quoteValue(value)}: ` +
          `${escapeReason(workingDirectory, value)}. Expected a path inside the working directory ` +
          `${workingDirectory}; nothing is written or run through such a link.`,
      );
    }
  }
}
