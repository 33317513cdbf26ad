import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MANIFEST_FILE, type EntryManifest } from './entry.js';
import type { KeyComponents } from './job-key.js';
import type { CacheStore } from './store.js';

/** One entry in the local index. */
export interface LocalEntryInfo {
  key: string;
  job_id: string;
  size: number;
  created_at: string;
  /** Milliseconds since the epoch of the last save or restore: the LRU clock (kept here, not the file system's atime). */
  last_used: number;
}

interface LocalIndex {
  version: 1;
  entries: Record<string, LocalEntryInfo>;
}

/** A store that can say what the newest entry of a job was made of (for "will run: helpers/x.py changed"). */
export interface CacheHistory {
  newestComponents(jobId: string): Promise<KeyComponents | null>;
}

/** 10 GiB. */
export const DEFAULT_CACHE_SIZE_LIMIT = 10 * 1024 ** 3;

/**
 * The user's cache folder for the orchestrator: `$XDG_CACHE_HOME/training-orchestrator` or
 * `~/.cache/training-orchestrator` on Linux, `~/Library/Caches/training-orchestrator` on macOS,
 * `%LOCALAPPDATA%\training-orchestrator\cache` on Windows.
 */
export function defaultCacheDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'training-orchestrator');
  if (platform === 'win32')
    return path.join(
      env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'),
      'training-orchestrator',
      'cache',
    );
  const xdg = env.XDG_CACHE_HOME;
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.cache'), 'training-orchestrator');
}

/**
 * Job entries in a local folder: `entries/<key>/` (each appears whole, by rename from `tmp/`), `index.json` (sizes
 * and the LRU clock; rewritten by rename, so a reader never sees half of it). Two runs sharing the folder never
 * corrupt it: an entry is complete or absent, and an index update lost to a concurrent writer is rebuilt from
 * `entries/` on the next read. Over `sizeLimit` bytes, the least recently used entries are removed after a save.
 */
export class LocalCacheStore implements CacheStore, CacheHistory {
  readonly description: string;

  constructor(
    readonly root: string,
    readonly sizeLimit: number = DEFAULT_CACHE_SIZE_LIMIT,
    private readonly now: () => number = Date.now,
  ) {
    this.description = `local ${root}`;
  }

  private get entriesDir(): string {
    return path.join(this.root, 'entries');
  }

  private entryDir(key: string): string {
    if (!/^[0-9a-f]{16,128}$/.test(key)) throw new Error(`Invalid cache key '${key}'.`);
    return path.join(this.entriesDir, key);
  }

  async has(key: string): Promise<boolean> {
    return fs.existsSync(path.join(this.entryDir(key), MANIFEST_FILE));
  }

  async restore(key: string, destination: string): Promise<boolean> {
    const source = this.entryDir(key);
    if (!fs.existsSync(path.join(source, MANIFEST_FILE))) return false;
    try {
      await copyFolder(source, destination);
    } catch (error) {
      // Evicted by another run while copying: a miss, not a fault.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !fs.existsSync(source)) return false;
      throw error;
    }
    await this.updateIndex((index) => {
      const info = index.entries[key];
      if (info) info.last_used = this.now();
    });
    return true;
  }

  async save(key: string, source: string, options: { replace?: boolean } = {}): Promise<void> {
    const manifest = JSON.parse(
      await fs.promises.readFile(path.join(source, MANIFEST_FILE), 'utf8'),
    ) as EntryManifest;
    const target = this.entryDir(key);
    const tmp = await this.tempDir();
    // A forced job's entry replaces the one held: the old one is renamed aside first, so a reader sees the
    // old entry, no entry (a miss), or the new one, never a mix.
    const aside = options.replace ? await this.tempDir() : undefined;
    try {
      await copyFolder(source, tmp);
      await fs.promises.mkdir(this.entriesDir, { recursive: true });
      if (aside) await fs.promises.rename(target, path.join(aside, 'old')).catch(() => undefined);
      try {
        await fs.promises.rename(tmp, target);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // Another run stored the same key first: same inputs, same entry; keep theirs.
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EPERM') throw error;
      }
    } finally {
      await fs.promises.rm(tmp, { recursive: true, force: true });
      if (aside) await fs.promises.rm(aside, { recursive: true, force: true });
    }
    const size = await folderSize(target);
    await this.updateIndex((index) => {
      index.entries[key] = {
        key,
        job_id: manifest.job_id,
        size,
        created_at: manifest.created_at,
        last_used: this.now(),
      };
    });
    await this.evict(key);
  }

  async newestComponents(jobId: string): Promise<KeyComponents | null> {
    const newest = (await this.list())
      .filter((entry) => entry.job_id === jobId)
      .sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0))[0];
    if (!newest) return null;
    try {
      const manifest = JSON.parse(
        await fs.promises.readFile(path.join(this.entryDir(newest.key), MANIFEST_FILE), 'utf8'),
      ) as EntryManifest;
      return manifest.components ?? null;
    } catch {
      return null;
    }
  }

  /** Every entry, most recently used first. */
  async list(): Promise<LocalEntryInfo[]> {
    const index = await this.readIndex();
    return Object.values(index.entries).sort((a, b) => b.last_used - a.last_used);
  }

  /** Removes every entry; returns how many there were and their bytes. */
  async clear(): Promise<{ entries: number; bytes: number }> {
    const entries = await this.list();
    for (const entry of entries) await this.remove(entry.key);
    await this.updateIndex((index) => {
      index.entries = {};
    });
    return { entries: entries.length, bytes: entries.reduce((sum, entry) => sum + entry.size, 0) };
  }

  /** Least recently used first, until the total fits the limit; `keep` (just saved) is never removed. */
  private async evict(keep: string): Promise<void> {
    const index = this.written ?? (await this.readIndex());
    const entries = Object.values(index.entries).sort((a, b) => a.last_used - b.last_used);
    let total = entries.reduce((sum, entry) => sum + entry.size, 0);
    const removed: string[] = [];
    for (const entry of entries) {
      if (total <= this.sizeLimit) break;
      if (entry.key === keep) continue;
      await this.remove(entry.key);
      removed.push(entry.key);
      total -= entry.size;
    }
    if (removed.length > 0)
      await this.updateIndex((index) => {
        for (const key of removed) delete index.entries[key];
      });
  }

  /** Renamed out of `entries/` first (gone at once for readers), then deleted. */
  private async remove(key: string): Promise<void> {
    const doomed = path.join(await this.tempDir(), 'doomed');
    try {
      await fs.promises.rename(this.entryDir(key), doomed);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await fs.promises.rm(path.dirname(doomed), { recursive: true, force: true });
  }

  private async tempDir(): Promise<string> {
    const tmp = path.join(this.root, 'tmp');
    await fs.promises.mkdir(tmp, { recursive: true });
    return fs.promises.mkdtemp(path.join(tmp, `${process.pid}-`));
  }

  /** The index, reconciled with `entries/`: an entry without index line is added, a line without entry dropped. */
  private async readIndex(): Promise<LocalIndex> {
    let index: LocalIndex = { version: 1, entries: {} };
    try {
      const parsed = JSON.parse(
        await fs.promises.readFile(path.join(this.root, 'index.json'), 'utf8'),
      ) as LocalIndex;
      if (parsed?.version === 1 && parsed.entries && typeof parsed.entries === 'object') index = parsed;
    } catch {
      // Missing or unreadable: rebuilt from the entries below.
    }
    let keys: string[] = [];
    try {
      keys = (await fs.promises.readdir(this.entriesDir)).filter((name) => /^[0-9a-f]{16,128}$/.test(name));
    } catch {
      keys = [];
    }
    const entries: Record<string, LocalEntryInfo> = {};
    for (const key of keys) {
      const known = index.entries[key];
      if (known) {
        entries[key] = known;
        continue;
      }
      try {
        const dir = this.entryDir(key);
        const manifest = JSON.parse(
          await fs.promises.readFile(path.join(dir, MANIFEST_FILE), 'utf8'),
        ) as EntryManifest;
        const stat = await fs.promises.stat(dir);
        entries[key] = {
          key,
          job_id: manifest.job_id,
          size: await folderSize(dir),
          created_at: manifest.created_at,
          last_used: stat.mtimeMs,
        };
      } catch {
        // Half-removed by another run: not an entry.
      }
    }
    return { version: 1, entries };
  }

  /** The index as this store last wrote it (eviction reads it instead of the folder). */
  private written: LocalIndex | undefined;
  /** Changes waiting for the next index write. */
  private pending: Array<(index: LocalIndex) => void> = [];
  private writing: Promise<void> | undefined;

  /**
   * Applies `change` to the index. Changes that arrive while a write is under way are applied together by the
   * next one: restoring 200 jobs reads and writes the index a handful of times, not 200.
   */
  private async updateIndex(change: (index: LocalIndex) => void): Promise<void> {
    this.pending.push(change);
    while (this.pending.includes(change)) {
      if (!this.writing) {
        const batch = this.pending.splice(0);
        this.writing = this.writeIndex(batch).finally(() => {
          this.writing = undefined;
        });
      }
      await this.writing;
    }
  }

  private async writeIndex(changes: ReadonlyArray<(index: LocalIndex) => void>): Promise<void> {
    const index = await this.readIndex();
    for (const change of changes) change(index);
    this.written = index;
    await fs.promises.mkdir(this.root, { recursive: true });
    const tmp = path.join(this.root, `.index.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    await fs.promises.writeFile(tmp, `${JSON.stringify(index)}\n`);
    await fs.promises.rename(tmp, path.join(this.root, 'index.json'));
  }
}

/**
 * Copies a folder of files and folders (what an entry is; anything else is skipped), with one copyFile per
 * file: fs.cp stats every path several times, which a cached run of hundreds of jobs pays for.
 */
async function copyFolder(from: string, to: string): Promise<void> {
  await fs.promises.mkdir(to, { recursive: true });
  const entries = await fs.promises.readdir(from, { withFileTypes: true });
  await Promise.all(
    entries.map(async (entry) => {
      const source = path.join(from, entry.name);
      const target = path.join(to, entry.name);
      if (entry.isDirectory()) await copyFolder(source, target);
      else if (entry.isFile()) await fs.promises.copyFile(source, target);
    }),
  );
}

async function folderSize(folder: string): Promise<number> {
  let total = 0;
  const entries = await fs.promises.readdir(folder, { withFileTypes: true, recursive: true });
  for (const entry of entries) {
    if (entry.isFile()) total += (await fs.promises.stat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}
