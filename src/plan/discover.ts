import fs from 'node:fs';
import path from 'node:path';
import { InputError, type Logger } from '../core/types.js';
import {
  DEFAULT_DISCOVER_PATTERN,
  DISCOVERY_CONCURRENCY,
  PRUNED_DIRECTORY_NAMES,
  VIRTUAL_ENV_MARKER,
} from './defaults.js';
import { compileExcludes, globToRegExp, type PathMatcher } from './glob-match.js';
import { quoteValue } from './input-values.js';
import { resolveInside, type InsidePath } from './path-safety.js';

export interface DiscoverOptions {
  /** A file-name glob; default `train_*.py`. */
  pattern?: string;
  /** Globs of files or folders to leave out (see compileExcludes). */
  exclude?: readonly string[];
  /** Folders read at once; default DISCOVERY_CONCURRENCY. */
  concurrency?: number;
  /** What a root escaping the working directory is reported against: `discover_roots` or a config `file:line`. */
  rootsWhere?: string;
  logger?: Logger;
}

const PRUNED = new Set(PRUNED_DIRECTORY_NAMES);

interface Folder {
  absolute: string;
  /** Relative to the working directory, POSIX; `.` for the working directory itself. */
  relative: string;
}

/**
 * The training scripts under `roots`: relative POSIX paths from the working directory, sorted by code
 * unit (the same order on every machine and locale), each once even when roots overlap.
 *
 * Missing roots are fine. A root outside the working directory is an InputError. Discovery never enters
 * `.git`, `node_modules`, `.venv`, `venv`, `site-packages`, `__pycache__`, hidden folders or any folder
 * holding `pyvenv.cfg`, and never follows a symbolic link to a folder, a root included (so no script is
 * found under two paths). A linked file counts when it resolves to a file inside the working directory. Folders are pruned before they are read, and read with bounded
 * concurrency; see docs/decisions/0002-discovery-walker.md for why this walker and not @actions/glob.
 */
export async function discoverScripts(
  workingDirectory: string,
  roots: readonly string[],
  options: DiscoverOptions = {},
): Promise<string[]> {
  const root = path.resolve(workingDirectory);
  const where = options.rootsWhere ?? 'discover_roots';
  const starts: InsidePath[] = roots.map((entry) => {
    const inside = resolveInside(root, entry);
    if (!inside) {
      throw new InputError(
        where,
        `${where === 'discover_roots' ? 'Invalid discover_roots' : `${where}: invalid discovery root`} ` +
          `${quoteValue(entry)}. Expected folders inside the working directory ${root}.`,
      );
    }
    return inside;
  });
  const walker = new Walker(root, options);
  const folders: Folder[] = [];
  for (const start of starts) {
    const folder = await walker.openRoot(start);
    if (folder) folders.push(folder);
  }
  await walker.walk(folders);
  return [...walker.found].sort(compareCodeUnits);
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

class Walker {
  readonly found = new Set<string>();
  private readonly visited = new Set<string>();
  private readonly pattern: RegExp;
  private readonly excludes: PathMatcher;
  private readonly concurrency: number;
  private realRoot: Promise<string> | undefined;

  constructor(
    private readonly root: string,
    private readonly options: DiscoverOptions,
  ) {
    this.pattern = globToRegExp(options.pattern ?? DEFAULT_DISCOVER_PATTERN);
    this.excludes = compileExcludes(options.exclude ?? []);
    this.concurrency = Math.max(1, options.concurrency ?? DISCOVERY_CONCURRENCY);
  }

  /** The root as a folder to walk, or undefined when it is missing, not a folder, or a link. */
  async openRoot(start: InsidePath): Promise<Folder | undefined> {
    let stats: fs.Stats;
    try {
      stats = await fs.promises.lstat(start.absolute);
    } catch {
      this.options.logger?.debug(`discovery: root ${start.relative} does not exist, skipped`);
      return undefined;
    }
    if (!stats.isDirectory()) {
      // A linked root is not followed either: a link would let one script be found under two paths.
      const what = stats.isSymbolicLink() ? 'a symbolic link (not followed)' : 'not a folder';
      this.options.logger?.debug(`discovery: root ${start.relative} is ${what}, skipped`);
      return undefined;
    }
    return { absolute: start.absolute, relative: start.relative };
  }

  /** Reads folders with at most `concurrency` reads in flight; depth-first keeps the queue short. */
  walk(folders: Folder[]): Promise<void> {
    const stack = [...folders].reverse();
    return new Promise((resolve, reject) => {
      let active = 0;
      let failed = false;
      const pump = (): void => {
        while (!failed && active < this.concurrency && stack.length > 0) {
          const folder = stack.pop() as Folder;
          active++;
          this.readFolder(folder, stack).then(
            () => {
              active--;
              if (active === 0 && stack.length === 0) resolve();
              else pump();
            },
            (error: unknown) => {
              failed = true;
              reject(error);
            },
          );
        }
      };
      pump();
      if (active === 0) resolve();
    });
  }

  private async readFolder(folder: Folder, stack: Folder[]): Promise<void> {
    if (this.visited.has(folder.relative)) return;
    this.visited.add(folder.relative);
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(folder.absolute, { withFileTypes: true });
    } catch (error) {
      // A folder that vanished or cannot be read holds no jobs we could run; say so in verbose mode.
      this.options.logger?.debug(
        `discovery: cannot read ${folder.relative} (${(error as Error).message}), skipped`,
      );
      return;
    }
    if (entries.some((entry) => entry.name === VIRTUAL_ENV_MARKER)) {
      this.options.logger?.debug(`discovery: ${folder.relative} is a virtual environment, skipped`);
      return;
    }
    const prefix = folder.relative === '.' ? '' : `${folder.relative}/`;
    const links: Promise<void>[] = [];
    for (const entry of entries) {
      const name = entry.name;
      const relative = prefix + name;
      if (entry.isDirectory() || (isUnknownType(entry) && (await isRealDirectory(folder.absolute, name)))) {
        if (PRUNED.has(name) || name.startsWith('.') || this.excludes.matches(relative)) continue;
        stack.push({ absolute: path.join(folder.absolute, name), relative });
      } else if (this.pattern.test(name) && !this.excludes.matches(relative)) {
        if (entry.isFile()) this.found.add(relative);
        else links.push(this.addIfLinkedFile(path.join(folder.absolute, name), relative));
      }
    }
    await Promise.all(links);
  }

  /** A matching name that is not a plain file: a link to a file inside the tree counts, nothing else. */
  private async addIfLinkedFile(absolute: string, relative: string): Promise<void> {
    if (await this.linksInside(absolute)) this.found.add(relative);
  }

  private async linksInside(absolute: string): Promise<boolean> {
    try {
      const [target, realRoot] = await Promise.all([fs.promises.realpath(absolute), this.realRootPath()]);
      if (!resolveInside(realRoot, target)) return false;
      return (await fs.promises.stat(target)).isFile();
    } catch {
      return false;
    }
  }

  private realRootPath(): Promise<string> {
    this.realRoot ??= fs.promises.realpath(this.root).catch(() => this.root);
    return this.realRoot;
  }
}

/** Some file systems do not report entry types (DT_UNKNOWN): every is*() is false. */
function isUnknownType(entry: fs.Dirent): boolean {
  return !(
    entry.isFile() ||
    entry.isDirectory() ||
    entry.isSymbolicLink() ||
    entry.isFIFO() ||
    entry.isSocket() ||
    entry.isBlockDevice() ||
    entry.isCharacterDevice()
  );
}

async function isRealDirectory(parent: string, name: string): Promise<boolean> {
  try {
    return (await fs.promises.lstat(path.join(parent, name))).isDirectory();
  } catch {
    return false;
  }
}
