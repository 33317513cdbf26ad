import { Transform, type TransformCallback } from 'node:stream';

/** What a secret is replaced with, the same mask GitHub uses in the console. */
export const MASK = '***';

const EMPTY = Buffer.alloc(0);

/**
 * Secrets shorter than this are still masked (GitHub masks every registered value, whatever its length),
 * but a warning says that masking them hides ordinary text too.
 */
export const SHORT_SECRET_LENGTH = 4;

/**
 * Replaces every registered secret value in text, by the rule GitHub's runner applies to the log:
 * - every value that is not empty (or only whitespace) is a secret, whatever its length: a secret of one
 *   character masks that character everywhere, as it does in GitHub's log;
 * - a multi-line value is also masked line by line (each trimmed line), and its JSON-escaped and
 *   URL-encoded forms are masked too;
 * - occurrences that overlap or touch are masked as one `***`.
 *
 * What this masks is what jobs and users produce (output, metrics, arguments, messages). The shapes the
 * orchestrator itself builds (JSON keys, status words, ids, file names and paths it chooses) are never
 * passed through it: see `redactSummary` in summary.ts.
 */
export class Redactor {
  /** Every value and variant to mask, longest first. */
  readonly secrets: readonly string[];
  readonly longest: number;

  constructor(values: Iterable<string>) {
    const set = new Set<string>();
    for (const value of values) {
      if (typeof value !== 'string') continue;
      for (const variant of variantsOf(value)) set.add(variant);
    }
    this.secrets = [...set].sort((a, b) => b.length - a.length);
    this.longest = this.secrets.length > 0 ? this.secrets[0].length : 0;
  }

  get active(): boolean {
    return this.secrets.length > 0;
  }

  redact(text: string): string {
    if (!this.active || text.length === 0) return text;
    const { ranges } = coveredRanges(text, this.secrets, text.length, 0);
    if (ranges.length === 0) return text;
    let out = '';
    let from = 0;
    for (const [start, end] of ranges) {
      out += text.slice(from, start) + MASK;
      from = end;
    }
    return out + text.slice(from);
  }

  /**
   * Masks `text` and returns only `[from, to)` of it, for a line shown cut: what lies outside is context, so a
   * secret that straddles `from` or `to` is masked too (its mask is shown whole).
   */
  redactRange(text: string, from: number, to = text.length): string {
    if (!this.active || text.length === 0) return text.slice(from, to);
    const { ranges } = coveredRanges(text, this.secrets, text.length, 0);
    let out = '';
    let at = from;
    for (const [start, end] of ranges) {
      if (end <= at) continue;
      if (start >= to) break;
      out += start > at ? text.slice(at, start) + MASK : MASK;
      at = end;
    }
    return at < to ? out + text.slice(at, to) : out;
  }

  /**
   * Masks free-form data that a job or a user produced (a job's metrics, say): every string, every key,
   * and every number or boolean whose text spells a secret. Two keys that mask to the same text are both
   * kept (`***`, `*** (2)`, …). Walks with an explicit stack, so no depth overflows it.
   */
  redactData<T>(value: T): T {
    if (!this.active) return value;
    const primitive = (item: unknown): unknown => {
      if (typeof item === 'string') return this.redact(item);
      if (typeof item === 'number' || typeof item === 'boolean') {
        const text = String(item);
        return this.redact(text) === text ? item : MASK;
      }
      return item;
    };
    if (value === null || typeof value !== 'object') return primitive(value) as T;
    const root: unknown = Array.isArray(value) ? [] : {};
    const stack: Array<{ from: object; to: Record<string, unknown> | unknown[] }> = [
      { from: value as object, to: root as Record<string, unknown> },
    ];
    while (stack.length > 0) {
      const { from, to } = stack.pop() as (typeof stack)[number];
      const place = (key: string | number, item: unknown): void => {
        if (item !== null && typeof item === 'object') {
          const copy: Record<string, unknown> | unknown[] = Array.isArray(item) ? [] : {};
          define(to, key, copy);
          stack.push({ from: item, to: copy });
        } else define(to, key, primitive(item));
      };
      if (Array.isArray(from)) from.forEach((item, index) => place(index, item));
      else {
        const taken = new Set<string>();
        for (const [key, item] of Object.entries(from)) {
          let masked = this.redact(key);
          for (let n = 2; taken.has(masked); n++) masked = `${this.redact(key)} (${n})`;
          taken.add(masked);
          place(masked, item);
        }
      }
    }
    return root as T;
  }

  /**
   * A Transform of bytes → bytes with every secret masked, one split across two writes included. Works on
   * raw bytes (no decoding, no string churn): memory stays bounded by a chunk plus the longest secret.
   */
  createStream(): Transform & { count: number } {
    return new ByteRedactor(this).createTransform();
  }
}

/**
 * GitHub masks a short secret wherever it appears, and so do we: the warning says what that costs (never
 * the value, nor which one), or undefined when every secret is at least SHORT_SECRET_LENGTH characters.
 */
export function shortSecretsWarning(values: Iterable<string>): string | undefined {
  let short = 0;
  for (const value of values) {
    if (typeof value === 'string' && value.trim() !== '' && value.trim().length < SHORT_SECRET_LENGTH)
      short += 1;
  }
  if (short === 0) return undefined;
  return (
    `${short} secret value${short === 1 ? ' is' : 's are'} shorter than ${SHORT_SECRET_LENGTH} characters: ` +
    'masked wherever those characters appear in job output, logs, metrics and messages (as GitHub masks them ' +
    'in its log), which hides ordinary text too. Keys, ids, status words and paths of the reports are kept. ' +
    'Prefer longer secret values.'
  );
}

/** Where a byte stream stands between two chunks (see ByteRedactor.redactChunk). */
export interface RedactState {
  /** Bytes not decided yet: at most `longest - 1`. */
  carry: Buffer;
  /** How many bytes at the start of `carry` are already masked (the mask was emitted before them). */
  covered: number;
  /** Whether what was emitted last ends with a mask that a match at the start of `carry` continues. */
  open: boolean;
}

export function newRedactState(): RedactState {
  return { carry: EMPTY, covered: 0, open: false };
}

/**
 * Secret masking on raw bytes, for log streams and files of any content (text, pickles, checkpoints):
 * a secret is searched as its UTF-8 bytes and replaced by the same mask the console uses. However the bytes
 * are split into chunks, the result is the same as `Redactor.redact` on the whole text.
 */
export class ByteRedactor {
  private readonly patterns: Buffer[];
  readonly longest: number;
  private readonly mask = Buffer.from(MASK, 'utf8');

  constructor(redactor: Redactor) {
    // The Redactor already holds every variant, longest first.
    this.patterns = redactor.secrets.map((secret) => Buffer.from(secret, 'utf8'));
    this.longest = this.patterns.reduce((max, pattern) => Math.max(max, pattern.length), 0);
  }

  get active(): boolean {
    return this.patterns.length > 0;
  }

  /** Whether `buffer` holds any secret. */
  includesSecret(buffer: Buffer): boolean {
    return this.patterns.some((pattern) => buffer.includes(pattern));
  }

  /** A Transform of bytes → bytes with every secret masked; `count` is how many masks were written. */
  createTransform(): Transform & { count: number } {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const redactor = this;
    const state = newRedactState();
    const transform = new Transform({
      transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: TransformCallback) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
        if (!redactor.active) {
          callback(null, bytes);
          return;
        }
        const result = redactor.redactChunk(state, bytes, false);
        transform.count += result.count;
        callback(null, result.emit.length > 0 ? result.emit : undefined);
      },
      flush(callback: TransformCallback) {
        const result = redactor.redactChunk(state, Buffer.alloc(0), true);
        transform.count += result.count;
        callback(null, result.emit.length > 0 ? result.emit : undefined);
      },
    }) as Transform & { count: number };
    transform.count = 0;
    return transform;
  }

  /**
   * Masks `chunk` after what `state` carries, emits every byte that is decided and updates `state` (it keeps
   * at most `longest - 1` bytes for the next chunk, copied). A byte is decided once every secret that could
   * cover it has been seen whole: only a match that starts in the buffer's last bytes and runs past its end
   * is still open, and that needs those last bytes to be the beginning of a secret (see `undecidedFrom`).
   *
   * The usual chunk (no secret in it, nothing carried, not ending with the beginning of a secret) is emitted
   * as itself, not copied: `emit` may then be a view of `chunk`, valid as long as `chunk` is.
   */
  redactChunk(state: RedactState, chunk: Buffer, final: boolean): { emit: Buffer; count: number } {
    const buffer = state.carry.length > 0 ? Buffer.concat([state.carry, chunk]) : chunk;
    if (!this.active) {
      state.carry = EMPTY;
      return { emit: buffer, count: 0 };
    }
    const cut = final ? buffer.length : this.undecidedFrom(buffer);
    if (cut === 0 && !final) {
      state.carry = Buffer.from(buffer);
      return { emit: Buffer.alloc(0), count: 0 };
    }
    const { ranges, continued } = coveredRanges(buffer, this.patterns, cut, state.open ? state.covered : -1);
    const parts: Buffer[] = [];
    let from = 0;
    let count = 0;
    let open = false;
    let covered = 0;
    ranges.forEach(([start, end], index) => {
      if (start >= cut) return;
      parts.push(buffer.subarray(from, start));
      // A range that continues the mask emitted with the previous chunk gets no second mask.
      if (!(index === 0 && continued)) {
        parts.push(this.mask);
        count += 1;
      }
      from = Math.min(end, cut);
      if (end >= cut && !final) {
        open = true;
        covered = end - cut;
      }
    });
    if (from < cut) parts.push(buffer.subarray(from, cut));
    state.carry = cut < buffer.length ? Buffer.from(buffer.subarray(cut)) : EMPTY;
    state.open = open;
    state.covered = covered;
    return { emit: parts.length === 0 ? EMPTY : parts.length === 1 ? parts[0] : Buffer.concat(parts), count };
  }

  /**
   * Where the bytes that cannot be decided yet start: the first position of the buffer's last `longest - 1`
   * bytes from which the rest of the buffer is the beginning of some secret (a match starting there may
   * end in the next chunk), or the buffer's length when there is none. A match starting earlier lies
   * wholly in the buffer and is found now. Looks for each secret's first byte (memchr), then compares.
   */
  private undecidedFrom(buffer: Buffer): number {
    const length = buffer.length;
    let cut = length;
    for (const pattern of this.patterns) {
      // Positions where the rest of the buffer is shorter than the pattern, before the best cut so far.
      let at = Math.max(0, length - pattern.length + 1);
      const first = pattern[0];
      while (at < cut) {
        at = buffer.indexOf(first, at);
        if (at < 0 || at >= cut) break;
        if (buffer.compare(pattern, 0, length - at, at, length) === 0) {
          cut = at;
          break;
        }
        at += 1;
      }
    }
    return cut;
  }
}

/**
 * The ranges to mask in `haystack`: every occurrence of every needle that starts before `limit`, merged
 * where they overlap or touch, in order. `openUntil` ≥ 0 says a mask is already open at position 0 and
 * covers up to there (a stream's previous chunk); the first range then continues it (`continued`).
 * Occurrences inside the current range that cannot extend it are skipped, so a run of one repeated
 * character costs one search per character at most.
 */
function coveredRanges<T extends string | Buffer>(
  haystack: T,
  needles: readonly T[],
  limit: number,
  openUntil: number,
): { ranges: Array<[number, number]>; continued: boolean } {
  const find = (needle: T, from: number): number =>
    typeof haystack === 'string' ? haystack.indexOf(needle as string, from) : haystack.indexOf(needle, from);
  const ranges: Array<[number, number]> = [];
  // The range being built; it starts as the mask left open by a previous chunk, when there is one.
  let start = openUntil >= 0 ? 0 : -1;
  let end = openUntil >= 0 ? openUntil : -1;
  let continued = openUntil >= 0;
  const close = (): void => {
    if (start >= 0 && end > start) ranges.push([start, end]);
    else if (ranges.length === 0) continued = false; // an open mask that nothing continues
  };
  const nextAt = needles.map((needle) => find(needle, 0));
  for (;;) {
    let k = -1;
    for (let i = 0; i < needles.length; i++) {
      if (nextAt[i] >= 0 && nextAt[i] < limit && (k < 0 || nextAt[i] < nextAt[k])) k = i;
    }
    if (k < 0) break;
    const at = nextAt[k];
    const to = at + needles[k].length;
    if (start >= 0 && at <= end) end = Math.max(end, to);
    else {
      close();
      start = at;
      end = to;
    }
    nextAt[k] = find(needles[k], Math.max(at + 1, end - needles[k].length + 1));
  }
  close();
  return { ranges, continued };
}

/**
 * The values masked for one secret: itself, each trimmed line of a multi-line value (GitHub's runner masks
 * line by line), and the JSON-escaped and URL-encoded forms of each. Empty and whitespace-only values mask
 * nothing: they would hide every space of every log.
 */
function variantsOf(value: string): string[] {
  if (value.trim() === '') return [];
  const forms = [value];
  if (/[\r\n]/.test(value)) {
    for (const line of value.split(/\r?\n|\r/)) if (line.trim() !== '') forms.push(line.trim());
  }
  const variants = new Set<string>();
  for (const form of forms) {
    variants.add(form);
    variants.add(JSON.stringify(form).slice(1, -1));
    try {
      variants.add(encodeURIComponent(form));
    } catch {
      // A lone surrogate has no URL encoding.
    }
  }
  return [...variants].filter((variant) => variant !== '');
}

/** Sets a property as data, even `__proto__`: a job's metrics never reach an object's prototype. */
function define(target: Record<string, unknown> | unknown[], key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
