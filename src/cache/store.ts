/**
 * The seam between the job cache's core (keys, entries, verification; src/cache and src/orchestrate) and the
 * places entries live: the local cache folder (CLI) and the GitHub Actions cache (src/action).
 */

/** Where job entries live. An entry is a folder the core packs (outputs, log, result.json, manifest.json). */
export interface CacheStore {
  /** For the summary and messages: "local /home/u/.cache/training-orchestrator", "GitHub Actions cache". */
  readonly description: string;
  /** Copies the entry for `key` into `destination` (an empty folder the core made). false on a miss. Throws on a fault. */
  restore(key: string, destination: string): Promise<boolean>;
  /**
   * Stores the folder `source` as the entry for `key`. Throws on a fault (the core turns it into a warning).
   * An entry the store already holds for `key` stays (two runs with the same inputs made the same entry), unless
   * `replace` (a forced job's new result): then the new entry takes its place, or, in a store whose entries
   * cannot be replaced (GitHub's), EntryExistsError is thrown.
   */
  save(key: string, source: string, options?: { replace?: boolean }): Promise<void>;
  /** Whether an entry exists, without downloading it (dry-run). */
  has(key: string): Promise<boolean>;
}

/** The store holds an entry for the key and cannot replace it (GitHub Actions cache entries are immutable). */
export class EntryExistsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EntryExistsError';
  }
}
