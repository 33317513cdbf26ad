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

/**
 * A job's output folder as prepareFoldersInside left it ahead of the job's start: which folders it created
 * (with the device and inode each got, so the start can tell its own fresh folder from one swapped in since),
 * and whether it got through (`ok`: every subfolder exists, or existed).
 */
export interface PreparedFolders {
  ok: boolean;
  /** The output folder itself was created by the preparation. */
  madeOutput: boolean;
  /**
   * Subfolders the preparation created; the one named by `track` with its device and inode (a folder mkdir(2)
   * just made is a real one, never a link), so the start can tell it is still that folder.
   */
  made: Map<string, { dev: number; ino: number } | undefined>;
}

/**
 * prepareFoldersInside's log file: open for writing (never through a link at its name), not yet emptied, with
 * the device and inode it had, and whether the preparation created it.
 */
export interface PreparedLog {
  fd: number;
  dev: number;
  ino: number;
  created: boolean;
}

/**
 * makeFoldersInside ahead of time, in the thread pool: `absolute` is checked the same way first (on the
 * calling thread, a couple of lstat), then it and its subfolders are created by asynchronous mkdir -p, one
 * request per subfolder, so the calling thread does not wait for the file system (on ext4 a new folder costs
 * 0.1-3 ms). Like makeFoldersInside's own mkdir calls, these follow a folder swapped for a link between the
 * check and the call; the job's start checks everything again before it uses any of it. Never rejects:
 * whatever fails leaves `ok` false, and the job's start does the usual synchronous work again (which then
 * reports the failure as it always did). Nothing is trusted from here at the start: see adoptPreparedFolders.
 */
export function prepareFoldersInside(
  absolute: string,
  subfolders: readonly string[],
  root: KnownFolder,
  shown: string,
  track?: string,
): Promise<PreparedFolders> {
  const prepared: PreparedFolders = { ok: false, madeOutput: false, made: new Map() };
  try {
    assertWritableInside(absolute, root, shown);
  } catch {
    return Promise.resolve(prepared);
  }
  return new Promise((resolve) => {
    let left = subfolders.length;
    let failed = false;
    if (left === 0) {
      prepared.ok = true;
      resolve(prepared);
    }
    // One request per subfolder, all at once: mkdir -p, whose answer (the first folder it created) says
    // whether it made the subfolder, and the output folder (or its parents) on the way.
    for (const folder of subfolders) {
      const full = path.join(absolute, folder);
      fs.mkdir(full, { recursive: true }, (error, first) => {
        if (error) failed = true;
        else if (first !== undefined) {
          prepared.made.set(folder, inodeOf(full, folder === track));
          if (first !== full) prepared.madeOutput = true;
        }
        if (--left > 0) return;
        prepared.ok = !failed;
        resolve(prepared);
      });
    }
  });
}

/**
 * openLogFile ahead of time: the folder is checked the same way, then the file is opened in the thread pool
 * with the same flags (O_NOFOLLOW: never through a link at its name; O_NONBLOCK: a FIFO does not block), but
 * not emptied yet: an earlier run's log keeps its content until the job really starts. Resolves to undefined
 * when anything is off (a link, a FIFO, no space): the job's start then opens the log the usual way, which
 * refuses or reports it exactly as before.
 */
export function prepareLogFile(
  absolute: string,
  root: KnownFolder,
  shown: string,
): Promise<PreparedLog | undefined> {
  try {
    assertWritableInside(path.dirname(absolute), root, `the folder of ${shown}`);
  } catch {
    return Promise.resolve(undefined);
  }
  const { O_WRONLY, O_APPEND, O_CREAT, O_EXCL, O_NOFOLLOW, O_NONBLOCK } = fs.constants;
  // O_APPEND as openLogFile's (a job the spawn service starts writes through a descriptor of its own).
  const flags = O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK;
  return new Promise((resolve) => {
    const opened = (fd: number, created: boolean) => {
      try {
        const stats = fs.fstatSync(fd);
        if (stats.isFile()) {
          resolve({ fd, dev: stats.dev, ino: stats.ino, created });
          return;
        }
      } catch {
        // Closed below; the start opens it the usual way.
      }
      fs.closeSync(fd);
      resolve(undefined);
    };
    // O_EXCL first: whether the file is ours tells what a job that never starts has to remove (see discard).
    fs.open(absolute, flags | O_EXCL, 0o666, (error, fd) => {
      if (!error) opened(fd, true);
      else if (error.code !== 'EEXIST') resolve(undefined);
      else
        fs.open(absolute, flags, 0o666, (again, existing) =>
          again ? resolve(undefined) : opened(existing, false),
        );
    });
  });
}

/** The device and inode of a folder just made (`wanted`), or undefined. */
function inodeOf(absolute: string, wanted: boolean): { dev: number; ino: number } | undefined {
  if (!wanted) return undefined;
  const stats = fs.lstatSync(absolute, { throwIfNoEntry: false });
  return stats?.isDirectory() ? { dev: stats.dev, ino: stats.ino } : undefined;
}

/**
 * At the job's start: the folders prepareFoldersInside made are taken as they are if they still pass the same
 * check (the output folder really inside the working directory, every subfolder a real folder, not a link).
 * Returns the subfolders created for this job (still the very folder the preparation made), or undefined when
 * anything changed since (gone, a file or a link in the way, the preparation failed): the caller then runs
 * makeFoldersInside, which creates, refuses or reports it as it always does. Throws PathEscapeError as
 * makeFoldersInside's own first check would.
 */
export function adoptPreparedFolders(
  absolute: string,
  subfolders: readonly string[],
  root: KnownFolder,
  shown: string,
  prepared: PreparedFolders,
): Set<string> | undefined {
  if (!prepared.ok) return undefined;
  assertWritableInside(absolute, root, shown);
  const created = new Set<string>();
  for (const folder of subfolders) {
    const stats = fs.lstatSync(path.join(absolute, folder), { throwIfNoEntry: false });
    // lstat: a link is not a directory here, so any link (planted since, or found by the preparation) gets
    // makeFoldersInside's full look.
    if (stats === undefined || !stats.isDirectory()) return undefined;
    const made = prepared.made.get(folder);
    if (made !== undefined && made.dev === stats.dev && made.ino === stats.ino) created.add(folder);
  }
  return created;
}

/**
 * At the job's start: the log prepareLogFile opened is taken if its folder still passes the same check and
 * the name still leads, without a link, to that very file with one name (same device and inode, one link).
 * It is emptied now if it holds an earlier run's output. Returns undefined when anything changed since (a
 * link or another file at its name, a hard link made to it): the caller closes the prepared descriptor and
 * opens the log with openLogFile, which refuses or reports it exactly as before. Throws PathEscapeError as
 * openLogFile's own first check would.
 */
export function adoptPreparedLog(
  absolute: string,
  root: KnownFolder,
  shown: string,
  prepared: PreparedLog,
): OpenedLog | undefined {
  assertWritableInside(path.dirname(absolute), root, `the folder of ${shown}`);
  const stats = fs.lstatSync(absolute, { throwIfNoEntry: false });
  if (
    stats === undefined ||
    !stats.isFile() ||
    stats.dev !== prepared.dev ||
    stats.ino !== prepared.ino ||
    stats.nlink > 1
  )
    return undefined;
  if (stats.size === 0) return { fd: prepared.fd };
  try {
    // As openLogFile: only a file that holds something is truncated (ext4's auto_da_alloc, see there).
    fs.ftruncateSync(prepared.fd, 0);
    return { fd: prepared.fd };
  } catch (error) {
    fs.closeSync(prepared.fd);
    return { error: error as Error };
  }
}
