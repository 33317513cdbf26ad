import fs from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { Curve, Logger } from '../model/types.js';
import type { Redactor } from '../report/redact.js';

/**
 * Limits of the learning-curve reader. Whatever a job writes, reading its curves holds at most
 * `maxFiles × maxSeriesPerFile × 2 × maxPoints` points plus one line of `maxLineChars` in memory.
 */
export const CURVE_LIMITS = {
  /** Curve files read per job (the first ones by path); more are named in a warning. */
  maxFiles: 8,
  /** Series (columns or keys besides epoch/step) kept per file, in header order. */
  maxSeriesPerFile: 16,
  /** Points kept per series after downsampling (the last point is always one of them). */
  maxPoints: 100,
  /** A longer line (or quoted record), in characters, is skipped and counted. */
  maxLineChars: 64 * 1024,
  /** metrics/ is searched this deep (Lightning's CSVLogger writes `<save_dir>/<name>/version_N/metrics.csv`). */
  maxDepth: 3,
  /** Directory entries looked at while searching, so a metrics/ folder with millions of files stays cheap. */
  maxEntries: 2000,
  /** Bytes read per file; the rest of a larger file is left unread with a warning. */
  maxBytesPerFile: 4 * 1024 * 1024 * 1024,
} as const;

export type CurveLimits = { [K in keyof typeof CURVE_LIMITS]: number };

/** Relative path under metrics/ → size and modification time, of the curve files present before a job starts. */
export type CurveSnapshot = ReadonlyMap<string, string>;

export interface ReadCurvesOptions {
  /** Curve.file, and the paths in messages, are relative to it. */
  workingDirectory: string;
  logger: Logger;
  /** Files unchanged since this snapshot are an earlier run's: not read. */
  before?: CurveSnapshot;
  limits?: Partial<CurveLimits>;
}

export interface JobCurves {
  /** null when no file holds a curve. */
  curves: Curve[] | null;
  /** One line per problem, each naming its file (also logged as warnings), like readMetrics' notes. */
  notes: string[];
}

/**
 * The learning curves a job wrote: every `*.csv` with an `epoch` or `step` column and every `*.jsonl` with
 * an `epoch` or `step` key under `directory` (the job's metrics/ folder), read as streams and downsampled on
 * the fly. Never throws and never fails a job: an unreadable file, odd rows or non-numeric cells are a
 * note (and a warning) naming the file. Symbolic links are not followed.
 */
export async function readCurves(directory: string, options: ReadCurvesOptions): Promise<JobCurves> {
  const limits: CurveLimits = { ...CURVE_LIMITS, ...options.limits };
  const files = findCurveFiles(directory, limits);
  const fresh = files.filter((relative) => {
    const before = options.before?.get(relative);
    if (before === undefined) return true;
    try {
      return fingerprint(fs.statSync(path.join(directory, relative))) !== before;
    } catch {
      return false;
    }
  });
  const notes: string[] = [];
  const warn = (message: string): void => {
    notes.push(message);
    options.logger.warn(message);
  };
  const folder = toPosix(path.relative(options.workingDirectory, directory)) || '.';
  const where = (relative: string): string => `${folder}/${relative}`;
  if (fresh.length > limits.maxFiles) {
    const left = fresh.slice(limits.maxFiles);
    warn(
      `${folder} holds ${fresh.length} learning-curve files, more than ${limits.maxFiles}: ` +
        `not read: ${left.slice(0, 5).join(', ')}${left.length > 5 ? ', …' : ''}.`,
    );
  }
  const curves: Curve[] = [];
  for (const relative of fresh.slice(0, limits.maxFiles)) {
    const absolute = path.join(directory, relative);
    try {
      const read = await readCurveFile(absolute, limits);
      for (const warning of read.warnings) warn(`${where(relative)}: ${warning}`);
      if (read.curve) {
        curves.push({ ...read.curve, file: toPosix(path.relative(options.workingDirectory, absolute)) });
      } else if (read.why) {
        options.logger.debug(`${where(relative)}: ${read.why}`);
      }
    } catch (error) {
      warn(`${where(relative)} could not be read: ${(error as Error).message}. Skipped.`);
    }
  }
  return { curves: curves.length > 0 ? curves : null, notes };
}

/** What the curve files under `directory` are before a job starts (see ReadCurvesOptions.before). */
export function snapshotCurves(directory: string, limits: Partial<CurveLimits> = {}): CurveSnapshot {
  const snapshot = new Map<string, string>();
  for (const relative of findCurveFiles(directory, { ...CURVE_LIMITS, ...limits })) {
    try {
      snapshot.set(relative, fingerprint(fs.statSync(path.join(directory, relative))));
    } catch {
      // Gone already: nothing to compare against.
    }
  }
  return snapshot;
}

/** Series names and numbers are the job's own data: a name is redacted, a number that spells a secret is dropped. */
export function redactCurves(curves: Curve[], redactor: Redactor): Curve[] {
  if (!redactor.active) return curves;
  const spells = (value: number): boolean => redactor.redact(String(value)) !== String(value);
  return curves.map((curve) => ({
    ...curve,
    file: redactor.redact(curve.file),
    series: Object.fromEntries(
      Object.entries(curve.series).map(([name, points]) => [
        redactor.redact(name),
        points.filter(([x, y]) => !spells(x) && !spells(y)),
      ]),
    ),
  }));
}

/** Relative paths (POSIX) of `*.csv` and `*.jsonl` regular files, sorted, breadth-first up to maxDepth. */
function findCurveFiles(directory: string, limits: CurveLimits): string[] {
  const found: string[] = [];
  let budget = limits.maxEntries;
  let level: string[] = [''];
  for (let depth = 1; depth <= limits.maxDepth && level.length > 0 && budget > 0; depth += 1) {
    const next: string[] = [];
    for (const folder of level.sort()) {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(path.join(directory, folder), { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries.slice(0, Math.max(0, budget))) {
        const relative = folder ? `${folder}/${entry.name}` : entry.name;
        // A Dirent describes the link itself: a symbolic link is neither a file nor a directory here.
        if (entry.isDirectory()) next.push(relative);
        else if (entry.isFile() && /\.(csv|jsonl)$/i.test(entry.name)) found.push(relative);
      }
      budget -= entries.length;
      if (budget <= 0) break;
    }
    level = next;
  }
  return found.sort();
}

// ------------------------------------------------------------------------------------------------
// One file

export interface CurveFileResult {
  /** Without `file` (the caller knows where it is). */
  curve: Omit<Curve, 'file'> | null;
  /** Why there is no curve, when that is not worth a warning (no epoch/step column, no rows). */
  why?: string;
  warnings: string[];
}

/**
 * Reads one CSV or JSON Lines file line by line (never more than one line in memory) and downsamples each
 * series as it goes. Never throws for anything in the file; only an I/O error rejects.
 */
export async function readCurveFile(
  file: string,
  limits: CurveLimits = CURVE_LIMITS,
): Promise<CurveFileResult> {
  const parser = /\.jsonl$/i.test(file) ? new JsonLinesCurve(limits) : new CsvCurve(limits);
  const size = fs.statSync(file).size;
  await forEachLine(file, limits, (line, tooLong) => parser.line(line, tooLong));
  const result = parser.finish();
  if (size > limits.maxBytesPerFile) {
    result.warnings.unshift(
      `${size} bytes, more than ${limits.maxBytesPerFile}: only the first ${limits.maxBytesPerFile} bytes were read.`,
    );
  }
  return result;
}

/**
 * Calls `onLine` for each line of the file (without `\n` or `\r`), the first without a BOM. A line longer
 * than maxLineChars is reported as `tooLong` without its text and never held in memory whole. Chunks are
 * decoded once (a character split between two chunks is completed by the decoder), then cut at newlines.
 */
async function forEachLine(
  file: string,
  limits: CurveLimits,
  onLine: (line: string, tooLong: boolean) => void,
): Promise<void> {
  const stream = fs.createReadStream(file, { highWaterMark: 64 * 1024, end: limits.maxBytesPerFile - 1 });
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let skipping = false;
  let first = true;
  const emit = (text: string, tooLong: boolean): void => {
    if (tooLong) onLine('', true);
    else {
      let line = text;
      if (first && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      onLine(line, false);
    }
    first = false;
  };
  const take = (text: string): void => {
    let start = 0;
    for (;;) {
      const newline = text.indexOf('\n', start);
      if (newline === -1) {
        if (!skipping) {
          carry += text.slice(start);
          if (carry.length > limits.maxLineChars) {
            skipping = true;
            carry = '';
          }
        }
        return;
      }
      if (skipping) emit('', true);
      else {
        const line = carry + text.slice(start, newline);
        emit(line, line.length > limits.maxLineChars);
      }
      carry = '';
      skipping = false;
      start = newline + 1;
    }
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) take(decoder.write(chunk));
  take(decoder.end());
  if (skipping) emit('', true);
  else if (carry.length > 0) emit(carry, false);
}

/**
 * Keeps a bounded, evenly thinned sample of a stream of points: every `stride`-th point is kept; when the
 * buffer is full every other kept point goes and the stride doubles. The last point is always kept, so the
 * final value of a curve is exact. At most `capacity` points (≥ 2) are ever held.
 */
export class Downsampler {
  private points: Array<[number, number]> = [];
  private stride = 1;
  private seen = 0;
  private last: [number, number] | undefined;
  private lastKept = false;

  constructor(private readonly capacity: number) {}

  push(x: number, y: number): void {
    this.last = [x, y];
    this.lastKept = this.seen % this.stride === 0;
    if (this.lastKept) {
      this.points.push(this.last);
      if (this.points.length >= this.capacity) {
        this.points = this.points.filter((_, i) => i % 2 === 0);
        this.stride *= 2;
        this.lastKept = this.points.at(-1) === this.last;
      }
    }
    this.seen += 1;
  }

  get count(): number {
    return this.seen;
  }

  result(): Array<[number, number]> {
    const out = [...this.points];
    if (this.last && !this.lastKept) {
      if (out.length >= this.capacity) out.pop();
      out.push(this.last);
    }
    return out;
  }
}

type XName = 'epoch' | 'step';

/** The x values of one row (undefined: the file has no such column, or the cell is not a number). */
interface XValues {
  epoch: number | undefined;
  step: number | undefined;
}

/** One series, sampled against each x column the file has. */
class SeriesSampler {
  private readonly epoch: Downsampler | undefined;
  private readonly step: Downsampler | undefined;
  /** Epoch values strictly increase down the rows carrying this series (one point per epoch). */
  epochUnique = true;
  private lastEpoch = -Infinity;

  constructor(xs: readonly XName[], capacity: number) {
    this.epoch = xs.includes('epoch') ? new Downsampler(capacity) : undefined;
    this.step = xs.includes('step') ? new Downsampler(capacity) : undefined;
  }

  push(xs: XValues, y: number): void {
    if (xs.epoch !== undefined) {
      this.epoch?.push(xs.epoch, y);
      if (xs.epoch <= this.lastEpoch) this.epochUnique = false;
      this.lastEpoch = xs.epoch;
    }
    if (xs.step !== undefined) this.step?.push(xs.step, y);
  }

  result(x: XName): Array<[number, number]> {
    return (x === 'epoch' ? this.epoch : this.step)?.result() ?? [];
  }
}

/** Counts of what was left out, for one warning per file. */
class Oddities {
  ragged = 0;
  tooLong = 0;
  notNumbers = 0;
  nonFinite = 0;
  badX = 0;
  notObjects = 0;
  firstLine = 0;

  note(kind: 'ragged' | 'tooLong' | 'notNumbers' | 'nonFinite' | 'badX' | 'notObjects', line: number): void {
    this[kind] += 1;
    if (this.firstLine === 0) this.firstLine = line;
  }

  describe(): string | undefined {
    const parts: string[] = [];
    const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
    if (this.ragged)
      parts.push(
        `${plural(this.ragged, 'row has', 'rows have')} a different number of cells than the header`,
      );
    if (this.tooLong) parts.push(`${plural(this.tooLong, 'line is', 'lines are')} too long`);
    if (this.notObjects)
      parts.push(`${plural(this.notObjects, 'line is not a JSON object', 'lines are not JSON objects')}`);
    if (this.badX) parts.push(`${plural(this.badX, 'row has', 'rows have')} no numeric epoch/step`);
    if (this.notNumbers) parts.push(`${plural(this.notNumbers, 'value is', 'values are')} not a number`);
    if (this.nonFinite) parts.push(`${plural(this.nonFinite, 'value is', 'values are')} NaN or infinite`);
    if (parts.length === 0) return undefined;
    return `${parts.join('; ')} (first at line ${this.firstLine}): left out of the learning curve.`;
  }
}

type Cell = { kind: 'number'; value: number } | { kind: 'empty' } | { kind: 'nonFinite' } | { kind: 'text' };
const EMPTY: Cell = { kind: 'empty' };
const NOT_FINITE: Cell = { kind: 'nonFinite' };
const TEXT: Cell = { kind: 'text' };

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;

/** A cell or JSON value as a number: decimal notation only (no hex, no `1_000`), NaN/inf told apart. */
function parseCell(raw: unknown): Cell {
  if (raw === null || raw === undefined) return EMPTY;
  if (typeof raw === 'number') return Number.isFinite(raw) ? { kind: 'number', value: raw } : NOT_FINITE;
  if (typeof raw !== 'string') return TEXT;
  if (raw === '') return EMPTY;
  const padded = raw.charCodeAt(0) <= 32 || raw.charCodeAt(raw.length - 1) <= 32;
  const text = padded ? raw.trim() : raw;
  if (text === '') return EMPTY;
  if (DECIMAL.test(text)) {
    const value = Number(text);
    return Number.isFinite(value) ? { kind: 'number', value } : NOT_FINITE;
  }
  return NON_FINITE.test(text) ? NOT_FINITE : TEXT;
}

/** Shared by both formats: x columns, series samplers, counts. */
abstract class CurveParser {
  protected lineNumber = 0;
  protected readonly odd = new Oddities();
  protected xs: XName[] = [];
  protected readonly series = new Map<string, SeriesSampler>();
  protected readonly warnings: string[] = [];
  protected rows = 0;
  protected droppedSeries = new Set<string>();

  constructor(protected readonly limits: CurveLimits) {}

  abstract line(text: string, tooLong: boolean): void;

  /** Adds a series unless the file already has maxSeriesPerFile; returns it or undefined. */
  protected seriesFor(name: string): SeriesSampler | undefined {
    const existing = this.series.get(name);
    if (existing) return existing;
    if (this.series.size >= this.limits.maxSeriesPerFile) {
      this.droppedSeries.add(name);
      return undefined;
    }
    const created = new SeriesSampler(this.xs, Math.max(2, this.limits.maxPoints));
    this.series.set(name, created);
    return created;
  }

  /** Parses the x values of a row; undefined (and counted) when none is a number. */
  protected xValues(epochRaw: unknown, stepRaw: unknown): XValues | undefined {
    const epoch = parseCell(epochRaw);
    const step = parseCell(stepRaw);
    const values: XValues = {
      epoch: epoch.kind === 'number' ? epoch.value : undefined,
      step: step.kind === 'number' ? step.value : undefined,
    };
    if (values.epoch === undefined && values.step === undefined) {
      this.odd.note('badX', this.lineNumber);
      return undefined;
    }
    return values;
  }

  /** Adds one value of a row; empty cells are sparse logging (Lightning), not an oddity. */
  protected value(sampler: SeriesSampler | undefined, raw: unknown, xs: XValues): boolean {
    const cell = parseCell(raw);
    if (cell.kind === 'number') {
      sampler?.push(xs, cell.value);
      return sampler !== undefined;
    }
    if (cell.kind === 'nonFinite') this.odd.note('nonFinite', this.lineNumber);
    else if (cell.kind === 'text') this.odd.note('notNumbers', this.lineNumber);
    return false;
  }

  finish(): CurveFileResult {
    const odd = this.odd.describe();
    if (odd) this.warnings.push(odd);
    if (this.droppedSeries.size > 0) {
      const names = [...this.droppedSeries];
      this.warnings.push(
        `more than ${this.limits.maxSeriesPerFile} series: ${names.slice(0, 5).join(', ')}${
          names.length > 5 ? ', …' : ''
        } left out.`,
      );
    }
    if (this.xs.length === 0)
      return { curve: null, why: 'no epoch or step column: not a learning curve.', warnings: this.warnings };
    // With both columns, epochs are the x when each series has one point per epoch (Keras, or Lightning
    // logging on epoch end); with several points per epoch, steps are.
    const all = [...this.series.values()];
    const x: XName = this.xs.length === 1 ? this.xs[0] : all.every((s) => s.epochUnique) ? 'epoch' : 'step';
    const series: Record<string, Array<[number, number]>> = {};
    for (const [name, sampler] of this.series) {
      const points = sampler.result(x);
      if (points.length > 0) series[name] = points;
    }
    if (Object.keys(series).length === 0)
      return { curve: null, why: 'no numeric values.', warnings: this.warnings };
    return { curve: { x, points: this.rows, series }, warnings: this.warnings };
  }
}

/** Which of the names is `epoch` / `step` (case-insensitive, trimmed): x columns, in that order. */
function xColumns(names: readonly string[]): Array<[XName, number]> {
  const found: Array<[XName, number]> = [];
  for (const x of ['epoch', 'step'] as const) {
    const index = names.findIndex((name) => name.trim().toLowerCase() === x);
    if (index >= 0) found.push([x, index]);
  }
  return found;
}

/** CSV (RFC 4180 quoting; `,`, `;` or tab, whichever gives the header an epoch/step column). */
class CsvCurve extends CurveParser {
  private header: string[] | undefined;
  private delimiter = ',';
  /** Index of the epoch / step column, -1 when absent. */
  private epochIndex = -1;
  private stepIndex = -1;
  /** Per column: its series (undefined for x columns, unnamed ones and those over the limit). */
  private columns: Array<SeriesSampler | undefined> = [];
  private pending: string | undefined;
  private pendingStart = 0;
  private notCurve = false;

  line(text: string, tooLong: boolean): void {
    this.lineNumber += 1;
    if (this.notCurve) return;
    if (tooLong) {
      this.pending = undefined;
      this.odd.note('tooLong', this.lineNumber);
      return;
    }
    let record = text;
    let start = this.lineNumber;
    if (this.pending !== undefined) {
      record = `${this.pending}\n${text}`;
      start = this.pendingStart;
      this.pending = undefined;
      if (record.length > this.limits.maxLineChars) {
        this.odd.note('tooLong', start);
        return;
      }
    }
    if (this.header === undefined) {
      if (record.trim() === '') return;
      this.readHeader(record);
      return;
    }
    const split = splitCsv(record, this.delimiter);
    if (split.open) {
      // A quoted field goes on past the end of the line: the record continues on the next one.
      this.pending = record;
      this.pendingStart = start;
      return;
    }
    if (record.trim() === '') return;
    this.row(split.fields, start);
  }

  private readHeader(record: string): void {
    for (const delimiter of [',', ';', '\t']) {
      const { fields, open } = splitCsv(record, delimiter);
      if (open) continue;
      const xs = xColumns(fields);
      if (xs.length === 0) continue;
      this.delimiter = delimiter;
      this.header = fields.map((field) => field.trim());
      this.xs = xs.map(([x]) => x);
      this.epochIndex = xs.find(([x]) => x === 'epoch')?.[1] ?? -1;
      this.stepIndex = xs.find(([x]) => x === 'step')?.[1] ?? -1;
      const xIndexes = new Set(xs.map(([, index]) => index));
      this.columns = this.header.map((name, index) =>
        xIndexes.has(index) || name === '' ? undefined : this.seriesFor(name),
      );
      return;
    }
    this.notCurve = true;
  }

  private row(fields: string[], line: number): void {
    const header = this.header as string[];
    const saved = this.lineNumber;
    this.lineNumber = line;
    if (fields.length !== header.length) this.odd.note('ragged', line);
    const xs = this.xValues(fields[this.epochIndex], fields[this.stepIndex]);
    if (xs) {
      let any = false;
      const count = Math.min(fields.length, header.length);
      for (let i = 0; i < count; i += 1) {
        if (i === this.epochIndex || i === this.stepIndex) continue;
        if (this.value(this.columns[i], fields[i], xs)) any = true;
      }
      if (any) this.rows += 1;
    }
    this.lineNumber = saved;
  }

  override finish(): CurveFileResult {
    if (this.pending !== undefined) this.odd.note('ragged', this.pendingStart);
    if (this.notCurve || this.header === undefined) {
      return {
        curve: null,
        why: 'no epoch or step column in the header: not a learning curve.',
        warnings: [],
      };
    }
    return super.finish();
  }
}

/**
 * Splits one CSV record. `open`: the record ends inside a quoted field (it continues on the next line).
 * A quote inside an unquoted field is kept as text, as most readers do.
 */
export function splitCsv(record: string, delimiter: string): { fields: string[]; open: boolean } {
  // Most rows hold no quote at all: a plain split is several times faster than the loop below.
  if (!record.includes('"')) return { fields: record.split(delimiter), open: false };
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  let atStart = true;
  for (let i = 0; i < record.length; i += 1) {
    const c = record[i];
    if (quoted) {
      if (c === '"') {
        if (record[i + 1] === '"') {
          field += '"';
          i += 1;
        } else quoted = false;
      } else field += c;
    } else if (c === delimiter) {
      fields.push(field);
      field = '';
      atStart = true;
      continue;
    } else if (c === '"' && atStart) quoted = true;
    else field += c;
    atStart = false;
  }
  fields.push(field);
  return { fields, open: quoted };
}

/** JSON Lines: one object per line with an `epoch` or `step` key; numeric top-level values are series. */
class JsonLinesCurve extends CurveParser {
  line(text: string, tooLong: boolean): void {
    this.lineNumber += 1;
    if (tooLong) {
      this.odd.note('tooLong', this.lineNumber);
      return;
    }
    if (text.trim() === '') return;
    let value: unknown;
    try {
      // Python's json.dumps writes NaN/Infinity bare: read them as null-like so the row still counts.
      value = JSON.parse(text.replace(/(?<=[:,[]\s*)-?(?:NaN|Infinity)(?=\s*[,}\]])/g, '"NaN"'));
    } catch {
      this.odd.note('notObjects', this.lineNumber);
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.odd.note('notObjects', this.lineNumber);
      return;
    }
    const record = value as Record<string, unknown>;
    // The x keys are learnt from the rows: the first row with `epoch` or `step` fixes the series' x columns.
    if (this.xs.length === 0) {
      const keys = xColumns(Object.keys(record)).map(([x]) => x);
      if (keys.length === 0) {
        this.odd.note('badX', this.lineNumber);
        return;
      }
      this.xs = keys;
    }
    let epochRaw: unknown;
    let stepRaw: unknown;
    for (const key of Object.keys(record)) {
      const lower = key.trim().toLowerCase();
      if (lower === 'epoch' && this.xs.includes('epoch')) epochRaw = record[key];
      else if (lower === 'step' && this.xs.includes('step')) stepRaw = record[key];
    }
    const xs = this.xValues(epochRaw, stepRaw);
    if (!xs) return;
    let any = false;
    for (const [key, raw] of Object.entries(record)) {
      const lower = key.trim().toLowerCase();
      if (lower === 'epoch' || lower === 'step') continue;
      if (
        typeof raw === 'boolean' ||
        (typeof raw === 'string' && !NON_FINITE.test(raw.trim()) && !DECIMAL.test(raw.trim()))
      ) {
        // Labels (`"phase": "train"`) are not series and not an oddity.
        continue;
      }
      if (raw !== null && typeof raw === 'object') continue;
      const cell = parseCell(raw);
      const sampler = cell.kind === 'number' ? this.seriesFor(key) : undefined;
      if (this.value(sampler, raw, xs)) any = true;
    }
    if (any) this.rows += 1;
  }

  override finish(): CurveFileResult {
    // Not one object with an epoch/step key: not a learning-curve file, whatever else it holds.
    if (this.xs.length === 0) {
      return { curve: null, why: 'no object with an epoch or step key: not a learning curve.', warnings: [] };
    }
    return super.finish();
  }
}

function fingerprint(stat: fs.Stats): string {
  return `${stat.size}:${stat.mtimeMs}`;
}

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}
