import type { Settings, Supports } from '../model/types.js';
import { SUPPORTED_OPTIONS } from './detect.js';
import { absoluteFrom } from './path-safety.js';

/** What buildArgv needs of a job: paths relative to the working directory, POSIX separators. */
export interface ArgvJob {
  script: string | undefined;
  command: string[] | undefined;
  args: readonly string[];
  /** `.` is the working directory. */
  cwd: string;
  outputDir: string;
  supports: Supports;
  sweepFlags: readonly string[];
}

/**
 * A job's argv, never a shell string:
 * `[python, script, ...args, --output-dir, DIR, --epochs, N, --folds, K, ...sweep flags, ...extra_args]`
 * (a `command:` job starts with its command instead of python and the script). Each of --output-dir,
 * --epochs, --folds is passed only when the job supports it and, for the last two, the setting is given.
 *
 * Paths (the script and the output folder) are relative to the working directory when the job runs
 * there, the common case, so commands read short and paste anywhere in the repository; a job with its
 * own `cwd` gets absolute paths, which mean the same thing from any folder. A path is never read as an
 * option: one starting with `-` (a folder named `-c…` or `-m`) gets `./` in front, so Python runs the file
 * rather than `-c`'s code, and argparse takes the output folder as the value of `--output-dir`.
 */
export function buildArgv(
  job: ArgvJob,
  settings: Pick<Settings, 'workingDirectory' | 'epochs' | 'folds' | 'extraArgs'>,
  python: string,
): string[] {
  const pathArg = (relative: string): string =>
    job.cwd === '.' ? notAnOption(relative) : absoluteFrom(settings.workingDirectory, relative);
  const argv = job.command ? job.command.slice() : [python, pathArg(job.script ?? '')];
  for (const arg of job.args) argv.push(arg);
  if (job.supports.output_dir) argv.push(SUPPORTED_OPTIONS.output_dir, pathArg(job.outputDir));
  if (job.supports.epochs && settings.epochs !== undefined)
    argv.push(SUPPORTED_OPTIONS.epochs, String(settings.epochs));
  if (job.supports.folds && settings.folds !== undefined)
    argv.push(SUPPORTED_OPTIONS.folds, String(settings.folds));
  for (const flag of job.sweepFlags) argv.push(flag);
  for (const arg of settings.extraArgs) argv.push(arg);
  return argv;
}

/** `./-m/train.py` for `-m/train.py`: the same file, and no program mistakes it for an option. */
export function notAnOption(relative: string): string {
  return relative.startsWith('-') ? `./${relative}` : relative;
}
