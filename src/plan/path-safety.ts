import path from 'node:path';

/** A path known to lie inside the working directory. */
export interface InsidePath {
  absolute: string;
  /** Relative to the working directory, POSIX separators; `.` for the working directory itself. */
  relative: string;
}

/** POSIX separators, whatever the platform: plans, logs and summaries read the same everywhere. */
export function toPosix(relative: string): string {
  return path.sep === '/' ? relative : relative.split(path.sep).join('/');
}

/**
 * Resolves `target` (relative to `base`, or absolute) and returns it when it stays inside
 * `workingDirectory` (the directory itself counts as inside), or undefined when it escapes, by `..`,
 * an absolute path elsewhere or another drive. The check is lexical: symbolic links are the
 * repository's own business, discovery never follows linked folders.
 */
export function resolveInside(
  workingDirectory: string,
  target: string,
  base = workingDirectory,
): InsidePath | undefined {
  const root = path.resolve(workingDirectory);
  const absolute = path.resolve(base, target);
  const relative = path.relative(root, absolute);
  if (relative === '') return { absolute, relative: '.' };
  if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative))
    return undefined;
  return { absolute, relative: toPosix(relative) };
}

/** `relative` (POSIX, from the working directory) joined onto it, as an absolute native path. */
export function absoluteFrom(workingDirectory: string, relative: string): string {
  return path.resolve(workingDirectory, ...relative.split('/'));
}
