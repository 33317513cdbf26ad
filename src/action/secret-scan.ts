import { createReadStream, createWriteStream, promises as fsp } from 'node:fs';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MASK, type Redactor } from '../report/redact.js';

/**
 * Byte-level secret scanning for files about to be uploaded. The files may be anything a training
 * script wrote (text, pickles, checkpoints), so nothing here decodes text: a secret is searched as its
 * UTF-8 bytes and replaced by the same `***` mask the logs use. Memory stays bounded by the read
 * chunk plus the longest secret, whatever the file's size.
 */
export class SecretScanner {
  private readonly patterns: Buffer[];
  private readonly longest: number;
  private readonly mask = Buffer.from(MASK, 'utf8');

  constructor(redactor: Redactor) {
    // The Redactor already holds every variant (multi-line secrets line by line, JSON-escaped forms), longest first.
    this.patterns = redactor.secrets.map((secret) => Buffer.from(secret, 'utf8'));
    this.longest = this.patterns.reduce((max, p) => Math.max(max, p.length), 0);
  }

  get active(): boolean {
    return this.patterns.length > 0;
  }

  /** Whether the file holds any secret; stops reading at the first one. */
  async fileContainsSecret(file: string, chunkSize = 1 << 20): Promise<boolean> {
    if (!this.active) return false;
    let carry: Buffer = Buffer.alloc(0);
    for await (const chunk of createReadStream(file, { highWaterMark: chunkSize }) as AsyncIterable<Buffer>) {
      const buffer = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      if (this.patterns.some((p) => buffer.includes(p))) return true;
      carry = Buffer.from(buffer.subarray(Math.max(0, buffer.length - (this.longest - 1))));
    }
    return false;
  }

  /**
   * Rewrites the file with every secret masked: streamed into a temporary file next to it, then renamed
   * over it (the mode is kept), so a crash never leaves a half-written file. Returns the number of
   * occurrences masked.
   */
  async redactFileInPlace(file: string, chunkSize = 1 << 20): Promise<number> {
    const stats = await fsp.stat(file);
    const temporary = path.join(path.dirname(file), `.${path.basename(file)}.redacting-${process.pid}`);
    const transform = this.createTransform();
    try {
      await pipeline(
        createReadStream(file, { highWaterMark: chunkSize }),
        transform,
        createWriteStream(temporary, { flags: 'wx', mode: stats.mode & 0o777 }),
      );
      await fsp.chmod(temporary, stats.mode & 0o7777);
      await fsp.rename(temporary, file);
    } catch (error) {
      await fsp.rm(temporary, { force: true });
      throw error;
    }
    return transform.count;
  }

  /** A Transform of bytes → bytes with every secret masked, one that straddles two chunks included. */
  createTransform(): Transform & { count: number } {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const scanner = this;
    let carry: Buffer = Buffer.alloc(0);
    const transform = new Transform({
      transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
        const result = scanner.redactChunk(carry, chunk, false);
        carry = result.carry;
        transform.count += result.count;
        callback(null, result.emit.length > 0 ? result.emit : undefined);
      },
      flush(callback: TransformCallback) {
        const result = scanner.redactChunk(carry, Buffer.alloc(0), true);
        transform.count += result.count;
        callback(null, result.emit.length > 0 ? result.emit : undefined);
      },
    }) as Transform & { count: number };
    transform.count = 0;
    return transform;
  }

  /**
   * The byte twin of `Redactor.redactChunk`: emits what can no longer be part of a secret and keeps
   * the rest (at most `longest - 1` bytes beyond a straddling match) for the next chunk.
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
