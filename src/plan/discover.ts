import fs from 'node:fs';
import path from 'node:path';
import { InputError, type Logger } from '../model/types.js';
import {
  DEFAULT_DISCOVER_PATTERN,
  DISCOVERY_CONCURRENCY,
  PRUNED_DIRECTORY_NAMES,
  VIRTUAL_ENV_MARKER,
} from './defaults.js';
import { compileExcludes, globToRegExp, type PathMatcher } from './glob-match.js';
import { quoteValue } from './input-values.js';
import { resolveInside, type InsidePath } from './path-safety.js';
import { hasControlCharacters, printable } from './workflow-commands.js';

/** Reads a folder's entries; the real one is fs.promises.readdir (tests inject failures root cannot cause). */
export type ReadFolder = {
  (folder: string, options: { withFileTypes: true }): Promise<fs.Dirent[]>;
  (folder: string, options: { withFileTypes: true; encoding: 'buffer' }): Promise<fs.Dirent<Buffer>[]>;
};

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
  /**
   * A found file or folder that cannot be a job (a folder that cannot be read, a name that is not UTF-8 or
   * holds a control character, a matching name that is a folder or a FIFO): told here, one message per
   * path, and left out. Default: `logger.warn`.
   */
  onWarning?: (message: string) => void;
  /** Default fs.promises.readdir. */
  readFolder?: ReadFolder;
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
  private readonly readFolderEntries: ReadFolder;
  private realRoot: Promise<string> | undefined;

  constructor(
    private readonly root: string,
    private readonly options: DiscoverOptions,
  ) {
    this.pattern = globToRegExp(options.pattern ?? DEFAULT_DISCOVER_PATTERN);
    this.excludes = compileExcludes(options.exclude ?? []);
    this.concurrency = Math.max(1, options.concurrency ?? DISCOVERY_CONCURRENCY);
    this.readFolderEntries = options.readFolder ?? (fs.promises.readdir as ReadFolder);
  }

  private warn(message: string): void {
    if (this.options.onWarning) this.options.onWarning(message);
    else this.options.logger?.warn(message);
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
    let entries: Entry[];
    try {
      entries = await this.entriesOf(folder);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A folder that vanished while we walked held nothing to run; one that cannot be read may hold
      // scripts nobody will know about unless we say so.
      if (code === 'ENOENT' || code === 'ENOTDIR')
        this.options.logger?.debug(`discovery: ${folder.relative} disappeared, skipped`);
      else
        this.warn(
          `Discovery could not read the folder ${printable(folder.relative)} (${code ?? (error as Error).message}); ` +
            'scripts in it are not run.',
        );
      return;
    }
    if (entries.some((entry) => entry.name === VIRTUAL_ENV_MARKER)) {
      this.options.logger?.debug(`discovery: ${folder.relative} is a virtual environment, skipped`);
      return;
    }
    const prefix = folder.relative === '.' ? '' : `${folder.relative}/`;
    const links: Promise<void>[] = [];
    for (const { dirent: entry, name, notUtf8 } of entries) {
      const relative = prefix + name;
      const isFolder =
        entry.isDirectory() || (isUnknownType(entry) && (await isRealDirectory(folder.absolute, name)));
      if (isFolder) {
        if (PRUNED.has(name) || name.startsWith('.') || this.excludes.matches(relative)) continue;
        if (notUtf8) {
          this.warn(
            `Discovery skipped the folder ${notUtf8}: its name is not valid UTF-8, so nothing in it can be run by name. Rename it.`,
          );
          continue;
        }
        if (this.pattern.test(name))
          this.warn(`${printable(relative)} matches ${this.patternText} but is a folder: it is not a job.`);
        stack.push({ absolute: path.join(folder.absolute, name), relative });
      } else if (this.pattern.test(name) && !this.excludes.matches(relative)) {
        if (notUtf8) {
          this.warn(
            `Discovery skipped ${notUtf8}: its name is not valid UTF-8, so it cannot be run by name. Rename it.`,
          );
        } else if (hasControlCharacters(relative)) {
          this.warn(
            `Discovery skipped ${printable(relative)}: its path holds a control character or line break. Rename it.`,
          );
        } else if (entry.isFile()) this.found.add(relative);
        else if (entry.isSymbolicLink() || isUnknownType(entry))
          links.push(this.addIfLinkedFile(path.join(folder.absolute, name), relative));
        else
          this.warn(
            `${printable(relative)} matches ${this.patternText} but is ${specialKind(entry)}: it is not a job.`,
          );
      }
    }
    await Promise.all(links);
  }

  private get patternText(): string {
    return this.options.pattern ?? DEFAULT_DISCOVER_PATTERN;
  }

  /**
   * The folder's entries by name. Names are read as UTF-8; a name that is not valid UTF-8 comes back with
   * U+FFFD in it and cannot be opened under that name, so a folder with such a name is read again as
   * bytes to tell which names they are (`notUtf8` is then the name with its bad bytes shown as `\xHH`).
   */
  private async entriesOf(folder: Folder): Promise<Entry[]> {
    const dirents = await this.readFolderEntries(folder.absolute, { withFileTypes: true });
    if (!dirents.some((entry) => entry.name.includes('\uFFFD')))
      return dirents.map((dirent) => ({ dirent, name: dirent.name }));
    const raw = await this.readFolderEntries(folder.absolute, { withFileTypes: true, encoding: 'buffer' });
    const prefix = folder.relative === '.' ? '' : `${folder.relative}/`;
    return raw.map((dirent) => {
      const name = dirent.name.toString('utf8');
      const exact = Buffer.from(name, 'utf8').equals(dirent.name);
      return {
        dirent: dirent as unknown as fs.Dirent,
        name,
        notUtf8: exact ? undefined : printable(prefix) + showBytes(dirent.name),
      };
    });
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

interface Entry {
  /** Only its is*() type tests are used: with a name that is not UTF-8 its `name` is bytes. */
  dirent: fs.Dirent;
  name: string;
  /** Set when the name is not valid UTF-8: the path for messages, bad bytes as `\xHH`. */
  notUtf8?: string;
}

/** A name's bytes as text: valid UTF-8 as is, each other byte as `\xHH`, controls escaped. */
function showBytes(bytes: Buffer): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const length = utf8SequenceLength(bytes, i);
    if (length > 0) {
      out += printable(bytes.subarray(i, i + length).toString('utf8'));
      i += length;
    } else {
      out += `\\x${bytes[i].toString(16).padStart(2, '0')}`;
      i += 1;
    }
  }
  return out;
}

/** The length of the valid UTF-8 sequence starting at `i`, or 0 when the byte there does not start one. */
function utf8SequenceLength(bytes: Buffer, i: number): number {
  for (let length = 1; length <= 4 && i + length <= bytes.length; length++) {
    const piece = bytes.subarray(i, i + length);
    // Bytes that decode and encode back to themselves are a valid sequence (U+FFFD itself included).
    if (Buffer.from(piece.toString('utf8'), 'utf8').equals(piece)) return length;
  }
  return 0;
}

function specialKind(entry: fs.Dirent): string {
  if (entry.isFIFO()) return 'a FIFO';
  if (entry.isSocket()) return 'a socket';
  if (entry.isBlockDevice() || entry.isCharacterDevice()) return 'a device';
  return 'not a regular file';
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
