import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { InputError, type Logger } from '../model/types.js';
import { ActionInput } from './constants.js';

/** What the post step needs to undo setupKaggle (saved in the main step's state; holds no secret). */
export interface KaggleState {
  /** Absolute path of kaggle.json. */
  path: string;
  /** Whether this run wrote the file (false: a kaggle.json was already there and was kept). */
  created: boolean;
  /** Whether this run also created the ~/.kaggle folder. */
  dirCreated?: boolean;
}

/**
 * Writes `~/.kaggle/kaggle.json` (`{"username","key"}`, mode 0600, in a folder created with mode 0700)
 * for tools that read the file rather than KAGGLE_USERNAME/KAGGLE_KEY (jobs get those through
 * `settings.jobEnv`). Neither value given: nothing, undefined. One alone: InputError.
 *
 * An existing kaggle.json is kept as it is (created: false, with a warning): overwriting it would
 * make the post step delete a file this run does not own. Jobs still see the run's credentials
 * through KAGGLE_USERNAME/KAGGLE_KEY, which the Kaggle client prefers over the file.
 */
export async function setupKaggle(opts: {
  username: string;
  key: string;
  home?: string;
  logger: Logger;
}): Promise<KaggleState | undefined> {
  const username = opts.username.trim();
  const key = opts.key.trim();
  if (username === '' && key === '') return undefined;
  if (username === '' || key === '') {
    const missing = username === '' ? ActionInput.KaggleUsername : ActionInput.KaggleKey;
    const given = username === '' ? ActionInput.KaggleKey : ActionInput.KaggleUsername;
    throw new InputError(
      missing,
      `Invalid ${missing}: it is empty while ${given} is set. Expected both or neither.`,
    );
  }
  const dir = path.join(opts.home ?? os.homedir(), '.kaggle');
  const file = path.join(dir, 'kaggle.json');

  let dirCreated = false;
  try {
    await fsp.mkdir(dir, { mode: 0o700 });
    dirCreated = true;
    // mkdir's mode is filtered by the umask; the folder must be 0700 whatever the umask.
    await fsp.chmod(dir, 0o700);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }

  let handle: FileHandle;
  try {
    // O_EXCL: never write through an existing file or a link planted in its place.
    handle = await fsp.open(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    opts.logger.warn(
      `${file} already exists and was left as it is (it is not this run's to replace or remove). ` +
        `Jobs still receive KAGGLE_USERNAME and KAGGLE_KEY, which the Kaggle client prefers over the file.`,
    );
    return { path: file, created: false, dirCreated };
  }
  try {
    await handle.chmod(0o600);
    await handle.writeFile(`${JSON.stringify({ username, key })}\n`, 'utf8');
  } finally {
    await handle.close();
  }
  opts.logger.info(`Wrote Kaggle credentials to ${file} (mode 0600); the post step removes it.`);
  return { path: file, created: true, dirCreated };
}

/**
 * Removes what setupKaggle created: the file (only when this run wrote it) and the folder (only when
 * this run made it and it is now empty). Never throws: a cleanup problem is a warning.
 */
export async function cleanupKaggle(state: KaggleState | undefined, logger: Logger): Promise<void> {
  if (!state) return;
  if (!state.created) {
    logger.debug(`Leaving ${state.path} in place: it existed before the run.`);
    return;
  }
  if (path.basename(state.path) !== 'kaggle.json') {
    logger.warn(`Not removing ${state.path}: the saved state does not name a kaggle.json.`);
    return;
  }
  try {
    await fsp.rm(state.path, { force: true });
    logger.info(`Removed ${state.path}.`);
  } catch (error) {
    logger.warn(`Could not remove ${state.path}: ${(error as Error).message}`);
    return;
  }
  if (state.dirCreated) {
    try {
      await fsp.rmdir(path.dirname(state.path));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOENT') {
        logger.warn(`Could not remove ${path.dirname(state.path)}: ${(error as Error).message}`);
      }
    }
  }
}
