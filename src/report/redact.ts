import { Transform, type TransformCallback } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

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
   * Redacts a chunk of a stream. Returns the text that is safe to emit now and the carry to
   * prepend to the next chunk: a secret split across two writes is still caught, and the carry
   * never holds more than `longest - 1` characters beyond a straddling match, so memory stays bounded.
   */
  redactChunk(carry: string, chunk: string, final: boolean): { emit: string; carry: string } {
    const buffer = carry + chunk;
    if (!this.active) return { emit: buffer, carry: '' };
    if (final) return { emit: this.redact(buffer), carry: '' };
    let cut = Math.max(0, buffer.length - (this.longest - 1));
    // A match that starts before the cut but ends after it moves the cut to its end.
    for (const secret of this.secrets) {
      let from = Math.max(0, cut - secret.length + 1);
      for (;;) {
        const at = buffer.indexOf(secret, from);
        if (at < 0 || at >= cut) break;
        if (at + secret.length > cut) cut = at + secret.length;
        from = at + 1;
      }
    }
    return { emit: this.redact(buffer.slice(0, cut)), carry: buffer.slice(cut) };
  }

  /** A Transform of bytes → redacted UTF-8 bytes (multi-byte characters split across chunks are kept whole). */
  createStream(): Transform {
    const decoder = new StringDecoder('utf8');
    let carry = '';
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const redactor = this;
    return new Transform({
      transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: TransformCallback) {
        if (!redactor.active) {
          callback(null, chunk);
          return;
        }
        const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
        const result = redactor.redactChunk(carry, text, false);
        carry = result.carry;
        callback(null, result.emit.length > 0 ? Buffer.from(result.emit, 'utf8') : undefined);
      },
      flush(callback: TransformCallback) {
        const rest = redactor.active ? redactor.redactChunk(carry, decoder.end(), true).emit : '';
        callback(null, rest.length > 0 ? Buffer.from(rest, 'utf8') : undefined);
      },
    });
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
