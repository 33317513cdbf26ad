import { InputError } from '../model/types.js';
import { quoteValue } from './input-values.js';
import fs from 'node:fs';
import path from 'node:path';
import { escapeReason, isReallyInside, isWithin, realPathOf, realRootOf } from './real-path.js';

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
  jobs: Iterable<JobPaths>,
  workingDirectory: string,
  outputDirFromConfig: (id: string) => boolean,
): void {
  const realRoot = realRootOf(workingDirectory);
  const inside = insideChecker(workingDirectory, realRoot);
  const refuse = (job: JobPaths, key: string, value: string): never => {
    throw new InputError(
      key,
      `Job '${job.id}': ${key === 'logs_dir' ? 'its log file' : key} ${quoteValue(value)}: ` +
        `${escapeReason(workingDirectory, value)}. Expected a path inside the working directory ` +
        `${workingDirectory}; nothing is written or run through such a link.`,
    );
  };
  for (const job of jobs) {
    if (job.script !== undefined && !inside(job.script)) refuse(job, 'script', job.script);
    if (!inside(job.cwd)) refuse(job, 'cwd', job.cwd);
    if (!inside(job.outputDir)) {
      refuse(job, outputDirFromConfig(job.id) ? 'output_dir' : 'results_dir', job.outputDir);
    }
    if (!inside(job.logPath)) refuse(job, 'logs_dir', job.logPath);
  }
}

/** What the checker knows of a folder the jobs' paths share. */
interface Folder {
  /** undefined: a link loop on the way. */
  real: string | undefined;
  inside: boolean;
  exists: boolean;
  lookups: number;
  /** Its entries, once it has been asked about often: name → whether it is a symbolic link. */
  entries?: Map<string, boolean>;
}

/** After this many lookups in one folder, one readdir answers the rest (a thousand `logs/<id>.log`). */
const LOOKUPS_BEFORE_LISTING = 32;

/**
 * isReallyInside for many paths that share folders (`logs/<id>.log` for every job), for normalized relative
 * paths: each folder is resolved once; then a path costs nothing when its folder does not exist yet (a first
 * run), else one lstat of its last component, and once a folder has been asked about often, one readdir for
 * all of them. Only an entry that is a link is resolved further. A hundred thousand jobs stay within the
 * planning budget.
 */
export function insideChecker(workingDirectory: string, realRoot: string): (relative: string) => boolean {
  const root = { path: path.resolve(workingDirectory), real: realRoot };
  const folders = new Map<string, Folder>();
  const folderOf = (relative: string): Folder => {
    let folder = folders.get(relative);
    if (!folder) {
      const real = relative === '.' ? realRoot : realPathOf(`${root.path}${path.sep}${relative}`, root);
      const stats = real === undefined ? undefined : fs.statSync(real, { throwIfNoEntry: false });
      folder = {
        real,
        inside: real !== undefined && isWithin(realRoot, real),
        exists: stats?.isDirectory() ?? false,
        lookups: 0,
      };
      folders.set(relative, folder);
    }
    return folder;
  };
  /** Whether `name` in an existing folder is a link, undefined when it is not there. */
  const isLink = (folder: Folder & { real: string }, name: string): boolean | undefined => {
    folder.lookups += 1;
    if (!folder.entries && folder.lookups > LOOKUPS_BEFORE_LISTING) {
      try {
        const listed = fs.readdirSync(folder.real, { withFileTypes: true });
        folder.entries = new Map(listed.map((entry) => [entry.name, entry.isSymbolicLink()]));
      } catch {
        folder.entries = new Map();
      }
    }
    if (folder.entries) return folder.entries.get(name);
    try {
      return fs.lstatSync(path.join(folder.real, name), { throwIfNoEntry: false })?.isSymbolicLink();
    } catch {
      return undefined;
    }
  };
  // Paths resolved whole (the working directory `.` that every job's cwd may be, a script at the top),
  // once each.
  const resolvedWhole = new Map<string, boolean>();
  return (relative) => {
    const slash = relative.lastIndexOf('/');
    const name = relative.slice(slash + 1);
    if (slash < 0 || name === '' || name === '.' || name === '..' || relative.includes('/..')) {
      let inside = resolvedWhole.get(relative);
      if (inside === undefined) {
        inside = isReallyInside(workingDirectory, relative, realRoot);
        resolvedWhole.set(relative, inside);
      }
      return inside;
    }
    const folder = folderOf(relative.slice(0, slash));
    if (!folder.inside || folder.real === undefined) return false;
    // A plain entry (or none yet) of a folder inside is inside; only a link needs following.
    if (!folder.exists || !isLink(folder as Folder & { real: string }, name)) return true;
    const real = realPathOf(`${folder.real}${path.sep}${name}`, { path: folder.real, real: folder.real });
    return real !== undefined && isWithin(realRoot, real);
  };
}
