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
  for (const found of executables(name, env, cwd, options)) return found;
  return undefined;
}

/**
 * Every place `name` would be found, in the order findExecutable tries them (the first is what it returns):
 * for a caller that may prefer a later one, e.g. a real interpreter behind a version manager's shim script.
 */
export function findExecutables(
  name: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
  options: { absoluteFoldersOnly?: boolean } = {},
): string[] {
  return [...executables(name, env, cwd, options)];
}

/** The executable regular files among the places `name` would be looked for, lazily, in order. */
function* executables(
  name: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
  options: { absoluteFoldersOnly?: boolean },
): Generator<string> {
  const extensions =
    process.platform === 'win32'
      ? ['', ...(env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';').filter(Boolean)]
      : [''];
  const places =
    name.includes('/') || (process.platform === 'win32' && name.includes('\\'))
      ? extensions.map((extension) => path.resolve(cwd, name + extension))
      : (env.PATH ?? env.Path ?? '')
          .split(path.delimiter)
          .filter((folder) => folder !== '' && (!options.absoluteFoldersOnly || path.isAbsolute(folder)))
          .flatMap((folder) => extensions.map((extension) => path.join(folder, name + extension)));
  for (const candidate of places) {
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) yield path.resolve(candidate);
    } catch {
      // Not here; try the next folder.
    }
  }
}
