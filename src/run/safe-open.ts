import fs from 'node:fs';
import path from 'node:path';
import { isWithin, realPathOf, type KnownFolder } from '../plan/real-path.js';

/**
 * The runner's side of "nothing is written outside the working directory": the plan already refused
 * links leaving it (src/plan/job-paths.ts), and these checks run again right before each write, so a
 * link planted in between (by an earlier job, or anything else sharing the folder) is refused too.
 *
 * What remains is the window between a check and the system call that follows it: a folder on the way
 * swapped for a link in that window still wins. The log file's own name cannot be swapped (O_NOFOLLOW),
 * only the folders above it; closing that fully would need openat2(RESOLVE_BENEATH), which Node does not
 * offer.
 */

/** A path refused because it leads outside the working directory; the job fails with this reason. */
export class PathEscapeError extends Error {
  override name = 'PathEscapeError';
}

/**
 * Throws PathEscapeError unless `absolute` really lies inside the working directory (`root`: its path and
 * real path); `shown` names it in the message.
 */
export function assertWritableInside(absolute: string, root: KnownFolder, shown: string): void {
  const real = realPathOf(absolute, root);
  if (real !== undefined && isWithin(root.real, real)) return;
  throw new PathEscapeError(
    real === undefined
      ? `${shown} goes through a symbolic link loop: refused`
      : `${shown} leads outside the working directory through a symbolic link: refused, nothing is written there`,
  );
}

/**
 * mkdir -p `absolute` (or, given `subfolders`, each of them below it), inside the working directory only.
 * `absolute` and every folder above it are checked before anything is created. Returns the subfolders this
 * call created itself.
 *
 * mkdir(2) never creates through a link at the last component (a link, even a dangling one, is EEXIST), so a
 * folder it just created is a new, empty, real folder, and so is everything created inside it: those need no
 * further look. That is the usual case (a fresh output folder: four mkdir calls, nothing else). A subfolder
 * that already existed gets one lstat afterwards: one that is a link (in the repository, or planted by an
 * earlier job) is followed and refused if it leads outside.
 */
export function makeFoldersInside(
  absolute: string,
  subfolders: readonly string[],
  root: KnownFolder,
  shown: string,
  mkdir: (absolute: string) => void,
): Set<string> {
  assertWritableInside(absolute, root, shown);
  const created = new Set<string>();
  if (subfolders.length === 0) {
    mkdir(absolute);
    return created;
  }
  // Its parent usually exists (the run's results/ folder); when it does not, the first subfolder's mkdir -p
  // below makes the whole path.
  createdHere(absolute);
  for (const folder of subfolders) {
    const full = path.join(absolute, folder);
    if (createdHere(full)) {
      created.add(folder);
      continue;
    }
    mkdir(full);
    if (fs.lstatSync(full).isSymbolicLink()) assertWritableInside(full, root, `${shown}/${folder}`);
  }
  return created;
}

/**
 * One mkdir(2), no parents: true when it created the folder. Anything else (it exists, a parent is missing,
 * no permission) is false, and the caller's mkdir -p, which reports its own errors, takes over.
 */
function createdHere(absolute: string): boolean {
  try {
    fs.mkdirSync(absolute);
    return true;
  } catch {
    return false;
  }
}

export type OpenedLog = { fd: number } | { error: Error };

/**
 * Opens (creates or empties) a job's log file for writing without ever writing through a link: the folders
 * above it must really lie inside the working directory, and the file itself is opened with O_NOFOLLOW, so
 * a symbolic link at its name (planted after the plan was checked) is refused rather than followed. It must
 * then be a regular file with one name: a hard link to a file elsewhere is refused before anything is
 * truncated (O_TRUNC would empty it at open time, so the file is emptied only after the check). O_NONBLOCK
 * keeps a FIFO planted at its name from blocking the runner.
 *
 * A refusal (link) throws PathEscapeError: the job fails with that reason. Any other failure (no space, no
 * permission) is returned as `{ error }`: the job still runs and the log reports it, as before.
 */
export function openLogFile(absolute: string, root: KnownFolder, shown: string): OpenedLog {
  assertWritableInside(path.dirname(absolute), root, `the folder of ${shown}`);
  const { O_WRONLY, O_APPEND, O_CREAT, O_NOFOLLOW, O_NONBLOCK } = fs.constants;
  let fd: number;
  try {
    // O_APPEND: a job the spawn service starts writes through a descriptor of its own (same file, opened again
    // by name, see spawn-service.ts); our own lines must land at the end of what it wrote, not at our offset.
    fd = fs.openSync(absolute, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK, 0o666);
  } catch (error) {
    // O_NOFOLLOW on a symbolic link: ELOOP on Linux, EMLINK on FreeBSD, EFTYPE on NetBSD.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'EMLINK' || code === 'EFTYPE') {
      throw new PathEscapeError(`${shown} is a symbolic link: refused, the log is not written through it`);
    }
    // A FIFO (or socket) nobody reads, opened without blocking.
    if (code === 'ENXIO') throw new PathEscapeError(`${shown} is not a regular file: refused`);
    return { error: error as Error };
  }
  try {
    const stats = fs.fstatSync(fd);
    if (!stats.isFile()) throw new PathEscapeError(`${shown} is not a regular file: refused`);
    if (stats.nlink > 1)
      throw new PathEscapeError(`${shown} is a hard link to another file: refused, it is left as it is`);
    // Only a file that holds something: on ext4, truncating (even an empty file) makes its last close flush
    // everything written since, synchronously (auto_da_alloc): 0.3-0.5 s per GiB of log.
    if (stats.size > 0) fs.ftruncateSync(fd, 0);
    return { fd };
  } catch (error) {
    fs.closeSync(fd);
    if (error instanceof PathEscapeError) throw error;
    return { error: error as Error };
  }
}
