import fs from 'node:fs';
import path from 'node:path';

/**
 * Where a program would be found, without running it: a name with a folder in it is taken relative to `cwd`;
 * a bare name is looked up in `env.PATH` (on Windows with each of PATHEXT's extensions). The absolute path of
 * the first executable regular file, or undefined.
 *
 * Synchronous on purpose: a few stat calls, where a trip through the thread pool can wait behind a busy run's
 * file work (the spawn service measured seconds with 1,000 short jobs). One lookup for the planner's
 * interpreter, the spawn service's interpreter and nvidia-smi, so the three never disagree.
 */
export function findExecutable(
  name: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
  options: {
    /** Skip relative PATH entries (they would depend on the folder a job runs in). */
    absoluteFoldersOnly?: boolean;
  } = {},
): string | undefined {
  const extensions =
    process.platform === 'win32'
      ? ['', ...(env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';').filter(Boolean)]
      : [''];
  if (name.includes('/') || (process.platform === 'win32' && name.includes('\\'))) {
    return firstExecutable(extensions.map((extension) => path.resolve(cwd, name + extension)));
  }
  const folders = (env.PATH ?? env.Path ?? '')
    .split(path.delimiter)
    .filter((folder) => folder !== '' && (!options.absoluteFoldersOnly || path.isAbsolute(folder)));
  return firstExecutable(
    folders.flatMap((folder) => extensions.map((extension) => path.join(folder, name + extension))),
  );
}

function firstExecutable(paths: readonly string[]): string | undefined {
  for (const candidate of paths) {
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return path.resolve(candidate);
    } catch {
      // Not here; try the next folder.
    }
  }
  return undefined;
}
