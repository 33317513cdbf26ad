import { Transform, type TransformCallback } from 'node:stream';

/** What a secret is replaced with, the same mask GitHub uses in the console. */
export const MASK = '***';

/**
 * Replaces every registered secret value in text. Secrets shorter than 3 characters are ignored:
 * masking every "1" or "a" would destroy the logs without protecting anything.
 */
export class Redactor {
  /** Longest first, so a secret that contains another is masked whole. */
  readonly secrets: readonly string[];
  readonly longest: number;

  constructor(values: Iterable<string>) {
    const set = new Set<string>();
    for (const value of values) {
      if (typeof value !== 'string') continue;
      for (const variant of variantsOf(value)) if (variant.length >= 3) set.add(variant);
    }
    this.secrets = [...set].sort((a, b) => b.length - a.length);
    this.longest = this.secrets.length > 0 ? this.secrets[0].length : 0;
  }

  get active(): boolean {
    return this.secrets.length > 0;
  }

  redact(text: string): string {
    if (!this.active || text.length === 0) return text;
    const { matches } = scanSecrets(text, this.secrets, text.length);
    if (matches.length === 0) return text;
    let out = '';
    let from = 0;
    for (const [start, end] of matches) {
      out += text.slice(from, start) + MASK;
      from = end;
    }
    return out + text.slice(from);
  }

  /** Deep-redacts every string in a JSON-like value (summary, metrics, outputs). */
  redactValue<T>(value: T): T {
    if (!this.active) return value;
    return walk(value, (s) => this.redact(s)) as T;
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
 * Secret masking on raw bytes, for log streams and files of any content (text, pickles, checkpoints):
 * a secret is searched as its UTF-8 bytes and replaced by the same mask the console uses.
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

  /** A Transform of bytes → bytes with every secret masked; `count` is how many were masked. */
  createTransform(): Transform & { count: number } {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const redactor = this;
    let carry: Buffer = Buffer.alloc(0);
    const transform = new Transform({
      transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: TransformCallback) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
        if (!redactor.active) {
          callback(null, bytes);
          return;
        }
        const result = redactor.redactChunk(carry, bytes, false);
        carry = result.carry;
        transform.count += result.count;
        callback(null, result.emit.length > 0 ? result.emit : undefined);
      },
      flush(callback: TransformCallback) {
        const result = redactor.redactChunk(carry, Buffer.alloc(0), true);
        transform.count += result.count;
        callback(null, result.emit.length > 0 ? result.emit : undefined);
      },
    }) as Transform & { count: number };
    transform.count = 0;
    return transform;
  }

  /**
   * Emits what can no longer be part of a secret and keeps the rest (at most `longest - 1` bytes beyond a
   * straddling match) for the next chunk.
   */
  redactChunk(carry: Buffer, chunk: Buffer, final: boolean): { emit: Buffer; carry: Buffer; count: number } {
    const buffer = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    if (!this.active) return { emit: buffer, carry: Buffer.alloc(0), count: 0 };
    // A position can be decided once the longest secret fits after it; the rest waits for the next chunk.
    const limit = final ? buffer.length : buffer.length - this.longest + 1;
    const { matches, next } = scanSecrets(buffer, this.patterns, limit);
    const cut = final ? buffer.length : next;
    const parts: Buffer[] = [];
    let from = 0;
    for (const [start, end] of matches) {
      parts.push(buffer.subarray(from, start), this.mask);
      from = end;
    }
    parts.push(buffer.subarray(from, cut));
    const emit = matches.length === 0 ? buffer.subarray(0, cut) : Buffer.concat(parts);
    // Copy the carry: a subarray would keep the whole (possibly large) chunk alive.
    return { emit, carry: Buffer.from(buffer.subarray(cut)), count: matches.length };
  }
}

function scanSecrets<T extends string | Buffer>(
  haystack: T,
  needles: readonly T[],
  limit: number,
): { matches: Array<[number, number]>; next: number } {
  const find = (needle: T, from: number): number =>
    typeof haystack === 'string' ? haystack.indexOf(needle as string, from) : haystack.indexOf(needle, from);
  const matches: Array<[number, number]> = [];
  // Next occurrence of each needle at or after the scan position (-1: none left; -2: not searched yet).
  const nextAt = needles.map(() => -2);
  let position = 0;
  for (;;) {
    let first = -1;
    for (let k = 0; k < needles.length; k++) {
      if (nextAt[k] !== -1 && nextAt[k] < position) nextAt[k] = find(needles[k], position);
      if (nextAt[k] >= 0 && (first < 0 || nextAt[k] < first)) first = nextAt[k];
    }
    if (first < 0 || first >= limit)
      return { matches, next: Math.max(position, Math.min(limit, haystack.length)) };
    // Needles are longest first: the first one found at `first` is the longest match there.
    const k = nextAt.indexOf(first);
    matches.push([first, first + needles[k].length]);
    position = first + needles[k].length;
  }
}

/** A multi-line secret is also masked line by line, as GitHub's runner does; JSON-escaped forms too. */
function variantsOf(value: string): string[] {
  const variants = [value];
  if (value.includes('\n')) {
    for (const line of value.split(/\r?\n/)) if (line.trim().length > 0) variants.push(line.trim());
  }
  const escaped = JSON.stringify(value).slice(1, -1);
  if (escaped !== value) variants.push(escaped);
  return variants;
}

function walk(value: unknown, fn: (s: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((item) => walk(item, fn));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[fn(key)] = walk(item, fn);
    return out;
  }
  return value;
}
