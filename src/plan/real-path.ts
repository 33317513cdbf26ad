import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../model/types.js';
import { quoteValue } from './input-values.js';

/**
 * Containment after symbolic links, for everything the orchestrator reads or writes. `resolveInside`
 * (path-safety.ts) answers "does this text name a path inside the working directory"; this module
 * answers "where would the operating system actually go": every link on the way is followed (relative,
 * absolute, chains, dangling ones too: creating a file through a dangling link creates its target),
 * the part that does not exist yet is where `mkdir -p` or `open(O_CREAT)` would create it, and both the
 * target and the working directory are compared as real paths (the working directory itself may be
 * reached through a link, such as macOS's /tmp).
 *
 * What this cannot do is make the answer last: a link planted after the check is the job of the open
 * itself (see openLogFile in src/run/safe-open.ts, O_NOFOLLOW), and of the check repeated right before
 * each write.
 */

/** Links followed before giving up, as Linux does (MAXSYMLINKS). A loop ends here. */
const MAX_LINKS = 40;

/** A backslash is an ordinary character in a POSIX file name. */
const SEPARATORS = path.sep === '/' ? /\/+/ : /[\\/]+/;

/**
 * Where the OS would land for `absolute` (made absolute against the process's folder if it is not):
 * existing components resolved, links followed one by one, and the components that do not exist taken as
 * the plain folders `mkdir -p` would create (a `..` after them climbs back as text, into folders that exist
 * and whose links are followed again). Undefined for a link loop
 * (more than 40 links, as ELOOP) or a link that cannot be read. Never throws.
 */
export function realPathOf(absolute: string, known?: KnownFolder): string | undefined {
  // Not path.resolve: it would fold `link/..` as text, where the OS goes to the parent of the link's target.
  const full = path.isAbsolute(absolute) ? absolute : `${process.cwd()}${path.sep}${absolute}`;
  let current = path.parse(full).root;
  let rest = full;
  if (known && full.startsWith(known.path + path.sep)) {
    current = known.real;
    rest = full.slice(known.path.length);
  }
  const pending = rest
    .split(SEPARATORS)
    .filter((part) => part !== '')
    .reverse();
  let links = 0;
  // How many trailing components of `current` do not exist yet: `mkdir -p` would create them as plain
  // folders, so below them nothing is looked up, and a `..` climbs back out of them as text (into folders
  // that exist, where links count again).
  let missing = 0;
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (name === '.') continue;
    if (name === '..') {
      current = path.dirname(current);
      if (missing > 0) missing -= 1;
      continue;
    }
    const next = path.join(current, name);
    if (missing > 0) {
      current = next;
      missing += 1;
      continue;
    }
    let stats: fs.Stats | undefined;
    try {
      // No exception for the common "not created yet": an Error with its stack costs more than the lstat.
      stats = fs.lstatSync(next, { throwIfNoEntry: false });
    } catch {
      stats = undefined;
    }
    // Missing, not searchable, or under a file: created here by name (or the write fails, no escape).
    if (stats === undefined || (!stats.isDirectory() && !stats.isSymbolicLink() && pending.length > 0)) {
      current = next;
      missing = 1;
      continue;
    }
    if (stats.isSymbolicLink()) {
      links += 1;
      if (links > MAX_LINKS) return undefined;
      let target: string;
      try {
        target = fs.readlinkSync(next);
      } catch {
        return undefined;
      }
      if (path.isAbsolute(target)) current = path.parse(target).root;
      pending.push(
        ...target
          .split(SEPARATORS)
          .filter((part) => part !== '')
          .reverse(),
      );
      continue;
    }
    current = next;
  }
  return current;
}

/**
 * A folder whose real path is already known (the working directory, resolved once per run): paths below
 * it are resolved from there, which saves the lstat of every component above it for each job.
 */
export interface KnownFolder {
  /** As the caller spells it (absolute, no trailing separator). */
  path: string;
  real: string;
}

/** The working directory's own real path (it may be reached through a link); itself when it cannot be resolved. */
export function realRootOf(workingDirectory: string): string {
  return realPathOf(workingDirectory) ?? path.resolve(workingDirectory);
}

/** Whether `real` is `realRoot` or below it (both real paths: absolute, normalized). */
export function isWithin(realRoot: string, real: string): boolean {
  // Both are normalized absolute paths: a prefix test, far cheaper than path.relative per job.
  if (real === realRoot) return true;
  return real.startsWith(realRoot.endsWith(path.sep) ? realRoot : `${realRoot}${path.sep}`);
}

/** Whether `target` (absolute, or relative to the working directory) really lies inside it, links followed. */
export function isReallyInside(workingDirectory: string, target: string, realRoot?: string): boolean {
  const rootReal = realRoot ?? realRootOf(workingDirectory);
  const real = realPathOf(joined(workingDirectory, target), {
    path: path.resolve(workingDirectory),
    real: rootReal,
  });
  return real !== undefined && isWithin(rootReal, real);
}

/** `target` against the working directory, without folding `..` (see realPathOf). */
function joined(workingDirectory: string, target: string): string {
  return path.isAbsolute(target) ? target : `${workingDirectory}${path.sep}${target}`;
}

/** Why a path was refused, in words that never show where a link points (it may name a private file). */
export function escapeReason(workingDirectory: string, target: string): string {
  const real = realPathOf(joined(workingDirectory, target));
  return real === undefined
    ? 'it goes through a symbolic link loop'
    : 'it leads outside the working directory through a symbolic link';
}

/**
 * InputError naming `inputName` unless `value` (relative to the working directory, already known to
 * lie inside it as text) really lies inside it once links are followed. For the folders a run writes
 * (results_dir, logs_dir, summaries_dir, merge_from) and the files it reads (history_file,
 * rerun_failed_from), checked before any job starts.
 */
export function assertReallyInside(workingDirectory: string, inputName: string, value: string): void {
  if (isReallyInside(workingDirectory, value)) return;
  throw new InputError(
    inputName,
    `Invalid ${inputName} ${quoteValue(value)}: ${escapeReason(workingDirectory, value)}. ` +
      `Expected a path inside the working directory ${workingDirectory}; nothing is read or written through ` +
      `such a link.`,
  );
}
