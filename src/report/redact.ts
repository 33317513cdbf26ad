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
    let out = text;
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join(MASK);
    return out;
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
    if (final) return { ...this.maskAll(buffer), carry: Buffer.alloc(0) };
    let cut = Math.max(0, buffer.length - (this.longest - 1));
    // A match that starts before the cut but ends after it moves the cut to its end; moving the cut can
    // make another (shorter) secret straddle it, so repeat until the cut is stable.
    for (let moved = true; moved;) {
      moved = false;
      for (const pattern of this.patterns) {
        let from = Math.max(0, cut - pattern.length + 1);
        for (;;) {
          const at = buffer.indexOf(pattern, from);
          if (at < 0 || at >= cut) break;
          if (at + pattern.length > cut) {
            cut = at + pattern.length;
            moved = true;
          }
          from = at + 1;
        }
      }
    }
    const { emit, count } = this.maskAll(buffer.subarray(0, cut));
    // Copy the carry: a subarray would keep the whole (possibly large) chunk alive.
    return { emit, carry: Buffer.from(buffer.subarray(cut)), count };
  }

  private maskAll(buffer: Buffer): { emit: Buffer; count: number } {
    let out = buffer;
    let count = 0;
    for (const pattern of this.patterns) {
      let at = out.indexOf(pattern);
      if (at < 0) continue;
      const parts: Buffer[] = [];
      let from = 0;
      while (at >= 0) {
        parts.push(out.subarray(from, at), this.mask);
        count += 1;
        from = at + pattern.length;
        at = out.indexOf(pattern, from);
      }
      parts.push(out.subarray(from));
      out = Buffer.concat(parts);
    }
    return { emit: out, count };
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
