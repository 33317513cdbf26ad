import { describeFileKind } from '../plan/file-kind.js';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../model/types.js';
import { describeFsError } from './fs-error.js';
import {
  defineData,
  depthMarker,
  METRICS_MAX_DEPTH,
  parseBoundedJson,
  type BoundedJson,
} from '../report/bounded-json.js';

export interface ReadMetricsOptions {
  /** Per file: a larger file is skipped. */
  maxBytes: number;
  /** All of a job's files together: once reached, the remaining files are skipped. */
  maxTotalBytes: number;
  logger: Logger;
  /** The metrics folder as people see it (relative to the working directory): warnings name files by it. */
  label: string;
  before?: MetricsSnapshot;
}

export interface JobMetrics {
  /** The files merged, or null when there is nothing to merge. */
  metrics: Record<string, unknown> | null;
  /** One line per problem, each naming its file (also logged as warnings). */
  notes: string[];
}

/**
 * Merges a job's `metrics/*.json` (file names sorted, later files win on a shared key) into one object.
 * A metrics file is a job's own business: nothing in it can fail the report (see the script contract in the
 * README). Each problem is a warning naming the file, and what can be kept is kept:
 * - read with bounded-json: any depth (containers below METRICS_MAX_DEPTH become a marker string), the
 *   numbers a summary cannot hold (`NaN`, `Infinity`, `-Infinity`, `1e400`, integers beyond 2^53) kept as
 *   strings of their text, keys such as `__proto__` kept as plain data;
 * - skipped: a file that is not JSON, not a JSON object, larger than `maxBytes`, beyond `maxTotalBytes`
 *   for the job, not a regular file (a folder, a FIFO: never opened for a blocking read), or unreadable.
 * Bytes that are not UTF-8 are replaced by U+FFFD.
 *
 * Synchronous like the rest of the per-job bookkeeping (see JobLog): usually one readdir of an empty folder,
 * at most a few small files.
 */
export function readMetrics(directory: string, options: ReadMetricsOptions): JobMetrics {
  const notes: string[] = [];
  const warn = (message: string) => {
    notes.push(message);
    options.logger.warn(message);
  };
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(directory, { withFileTypes: true });
  } catch {
    return { metrics: null, notes };
  }
  const names: string[] = [];
  for (const entry of entries) {
    if (!entry.name.endsWith('.json')) continue;
    // Links are never followed (a link could point outside the working directory).
    if (entry.isSymbolicLink()) warn(`${options.label}/${entry.name} is a symbolic link: skipped.`);
    else names.push(entry.name);
  }
  names.sort();

  const merged: Record<string, unknown> = {};
  let found = false;
  let total = 0;
  for (const [index, name] of names.entries()) {
    const where = `${options.label}/${name}`;
    const read = readMetricsFile(path.join(directory, name), options, where);
    if (read.kind === 'unchanged') {
      // Left by an earlier run in the same output folder: not this run's result.
      options.logger.debug(`${where} is unchanged since before the job started: not merged.`);
      continue;
    }
    if (read.kind === 'problem') {
      warn(read.message);
      continue;
    }
    if (total + read.bytes > options.maxTotalBytes) {
      // Name order decides; what comes after the file that does not fit is skipped with it.
      const left = names.length - index - 1;
      warn(
        `${where}${left > 0 ? ` and ${left} more file(s)` : ''}: skipped, the job's metrics files together ` +
          `would exceed ${options.maxTotalBytes} bytes (${total} bytes merged so far).`,
      );
      break;
    }
    total += read.bytes;
    let parsed: BoundedJson;
    try {
      parsed = parseBoundedJson(read.text, { maxDepth: METRICS_MAX_DEPTH });
    } catch (error) {
      warn(`${where} is ${(error as Error).message}: skipped.`);
      continue;
    }
    const value = parsed.value;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      warn(`${where} is not a JSON object (it holds ${describe(value)}): skipped.`);
      continue;
    }
    if (read.invalidUtf8) warn(`${where} holds bytes that are not UTF-8: replaced by U+FFFD.`);
    if (parsed.deepDropped > 0) {
      warn(
        `${where} nests deeper than ${METRICS_MAX_DEPTH} levels: ${parsed.deepDropped} value(s) replaced by ` +
          `"${depthMarker(METRICS_MAX_DEPTH)}", the rest kept.`,
      );
    }
    if (parsed.unrepresentable.length > 0) {
      const shown = [...new Set(parsed.unrepresentable)].slice(0, 3).join(', ');
      warn(
        `${where} holds ${parsed.unrepresentable.length} number(s) JSON cannot hold exactly (${shown}): ` +
          'kept as strings of their text.',
      );
    }
    // Own data properties: `__proto__` in a metrics file is a key like any other.
    for (const key of Object.keys(value)) defineData(merged, key, (value as Record<string, unknown>)[key]);
    found = true;
  }
  return { metrics: found ? merged : null, notes };
}

type FileRead =
  | { kind: 'text'; text: string; bytes: number; invalidUtf8: boolean }
  | { kind: 'unchanged' }
  | { kind: 'problem'; message: string };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const lenientUtf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

/**
 * One file, opened non-blocking so that a FIFO (or anything that is not a regular file) is seen by fstat
 * instead of blocking the run, and read to at most `maxBytes + 1` bytes whatever its size claims.
 */
function readMetricsFile(file: string, options: ReadMetricsOptions, where: string): FileRead {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOFOLLOW);
  } catch (error) {
    return { kind: 'problem', message: `${where} could not be opened: ${describeFsError(error)}. Skipped.` };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) {
      return {
        kind: 'problem',
        message: `${where} is not a regular file (${describeFileKind(stat, 'not a file')}): skipped.`,
      };
    }
    if (options.before?.get(path.basename(file)) === fingerprint(stat)) return { kind: 'unchanged' };
    if (stat.size > options.maxBytes) {
      return {
        kind: 'problem',
        message: `${where} is ${stat.size} bytes, more than ${options.maxBytes}: skipped.`,
      };
    }
    const buffer = Buffer.alloc(options.maxBytes + 1);
    let length = 0;
    for (;;) {
      const n = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > options.maxBytes) {
        return { kind: 'problem', message: `${where} grew beyond ${options.maxBytes} bytes: skipped.` };
      }
    }
    const bytes = buffer.subarray(0, length);
    try {
      return { kind: 'text', text: strictUtf8.decode(bytes), bytes: length, invalidUtf8: false };
    } catch {
      return { kind: 'text', text: lenientUtf8.decode(bytes), bytes: length, invalidUtf8: true };
    }
  } catch (error) {
    return { kind: 'problem', message: `${where} could not be read: ${describeFsError(error)}. Skipped.` };
  } finally {
    fs.closeSync(fd);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** File name → size and modification time of the metrics files present before a job starts. */
export type MetricsSnapshot = ReadonlyMap<string, string>;

/**
 * What `metrics/` holds before the job runs, so files an earlier run left in a reused output folder are
 * not reported as this run's metrics. Usually one readdir of an empty folder.
 */
export function snapshotMetrics(directory: string): MetricsSnapshot {
  const snapshot = new Map<string, string>();
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(directory, { withFileTypes: true });
  } catch {
    return snapshot;
  }
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.json')) continue;
    try {
      snapshot.set(entry.name, fingerprint(fs.statSync(path.join(directory, entry.name))));
    } catch {
      // Gone already: nothing to compare against.
    }
  }
  return snapshot;
}

function fingerprint(stat: fs.Stats): string {
  return `${stat.size}:${stat.mtimeMs}`;
}
