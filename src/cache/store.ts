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
  /** Stores the folder `source` as the entry for `key`. Throws on a fault (the core turns it into a warning). */
  save(key: string, source: string): Promise<void>;
  /** Whether an entry exists, without downloading it (dry-run). */
  has(key: string): Promise<boolean>;
}
