/**
 * `@actions/cache` never throws for a service fault: `restoreCache` prints `Failed to restore: …` (a warning,
 * or an error annotation for a 5xx download) and answers "miss"; `saveCache` prints `Failed to save: …` and
 * answers -1. The store must tell a fault from a miss (to report `restore_failed`, and to stop calling a
 * service that is down), and the run must show one warning per fault (the core's), not the library's error
 * annotation next to it. So while one library call runs, the lines the library prints about a failure are
 * taken out of stdout and handed to the store; every other line passes through untouched.
 *
 * The library writes each message with one `process.stdout.write(line + EOL)` (@actions/core's issueCommand
 * and info). Only one call may be captured at a time (the store serializes its calls).
 */

/**
 * The library's failure messages as @actions/core prints them: annotations (`::warning::msg`,
 * `::error::msg`), and the one info line it uses for a reservation refused (an entry being saved by
 * another job). Plain lines are matched that narrowly because a job's own output ("Failed to save: …")
 * passes through the same stream meanwhile.
 */
const FAILURE_LINE =
  /^(?:::(?:warning|error)::((?:Failed to (?:restore|save): |Cache reservation failed: |uploadCacheArchiveSDK: ).*)|(Failed to save: Unable to reserve cache with key .*))\r?\n?$/s;

/** The part of a stream the capture replaces (process.stdout in the action; a recorder in tests). */
export interface WritableLike {
  write: (...args: never[]) => boolean;
}

export interface Captured<T> {
  value: T;
  /** The failure messages the library printed during the call, unescaped, in order. */
  failures: string[];
  /**
   * Why a reservation failed, from the library's debug line (it reports every CreateCacheEntry failure,
   * a 500 as much as a 409, as "another job may be creating this cache"). The line still prints.
   */
  reserveCause: string | undefined;
}

/** The library's debug line with the real cause of a refused reservation. */
const RESERVE_DEBUG_LINE = /^::debug::Failed to reserve cache: (.*?)\r?\n?$/s;

/**
 * Runs `call` with the library's failure lines diverted from `stream`. Restores the stream when the call
 * settles, or earlier through the returned `release` (a call abandoned at a deadline prints as usual).
 */
export function captureLibraryFailures<T>(
  call: () => Promise<T>,
  stream: WritableLike = process.stdout,
): { result: Promise<Captured<T>>; release: () => void } {
  const failures: string[] = [];
  let reserveCause: string | undefined;
  const original = stream.write;
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    stream.write = original;
  };
  const replacement = function (this: unknown, ...args: unknown[]): boolean {
    const [chunk] = args;
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '';
    const match = FAILURE_LINE.exec(text);
    if (match) {
      failures.push(unescapeCommandData(match[1] ?? match[2]));
      const callback = args.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }
    const reserve = RESERVE_DEBUG_LINE.exec(text);
    if (reserve) reserveCause = unescapeCommandData(reserve[1]);
    return (original as (...a: unknown[]) => boolean).apply(stream, args);
  };
  stream.write = replacement as WritableLike['write'];
  const result = (async () => {
    try {
      const value = await call();
      return { value, failures: [...failures], reserveCause };
    } finally {
      release();
    }
  })();
  return { result, release };
}

/** @actions/core escapes `%`, CR and LF in a command's data: undone so the message reads as sent. */
function unescapeCommandData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%').trimEnd();
}
