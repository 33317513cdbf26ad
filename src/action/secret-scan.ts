import { createReadStream, createWriteStream, promises as fsp } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ByteRedactor, type RedactState, type Redactor } from '../report/redact.js';
import { redactSummary } from '../report/redact-summary.js';
import type { Summary } from '../report/summary.js';

/**
 * Byte-level secret scanning for files about to be uploaded. The files may be anything a training
 * script wrote (text, pickles, checkpoints): the byte-level masking of the log streams (ByteRedactor)
 * applied to files. Memory stays bounded by the read chunk plus the longest secret, whatever the file's size.
 */
export class SecretScanner {
  private readonly bytes: ByteRedactor;

  constructor(redactor: Redactor) {
    this.bytes = new ByteRedactor(redactor);
  }

  get active(): boolean {
    return this.bytes.active;
  }

  /** Whether the file holds any secret; stops reading at the first one. */
  async fileContainsSecret(file: string, chunkSize = 1 << 20): Promise<boolean> {
    if (!this.active) return false;
    let carry: Buffer = Buffer.alloc(0);
    for await (const chunk of createReadStream(file, { highWaterMark: chunkSize }) as AsyncIterable<Buffer>) {
      const buffer = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      if (this.bytes.includesSecret(buffer)) return true;
      carry = Buffer.from(buffer.subarray(Math.max(0, buffer.length - (this.bytes.longest - 1))));
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
    const transform = this.bytes.createTransform();
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

  /** See ByteRedactor.createTransform. */
  createTransform(): ReturnType<ByteRedactor['createTransform']> {
    return this.bytes.createTransform();
  }

  /** See ByteRedactor.redactChunk. */
  redactChunk(state: RedactState, chunk: Buffer, final: boolean): { emit: Buffer; count: number } {
    return this.bytes.redactChunk(state, chunk, final);
  }
}

/** Summaries larger than this are scanned as bytes instead of parsed (memory stays bounded). */
const STRUCTURED_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * A JSON file the orchestrator wrote (a training summary, the post step's note) is masked by its structure,
 * as redactSummary masks a summary, never as bytes: a secret that is a common word or one character would
 * otherwise rewrite its keys and status words. Returns whether the file changed, or undefined when it is
 * not such a file (not JSON, or too large to parse): then it is scanned as bytes like any other file.
 */
export async function redactJsonReportInPlace(
  file: string,
  redactor: Redactor,
): Promise<boolean | undefined> {
  const stats = await fsp.stat(file);
  if (!stats.isFile() || stats.size > STRUCTURED_LIMIT_BYTES) return undefined;
  const text = await fsp.readFile(file, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const masked = `${JSON.stringify(redactSummary(parsed as Summary, redactor), null, 2)}\n`;
  if (JSON.stringify(JSON.parse(masked)) === JSON.stringify(parsed)) return false;
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.redacting-${process.pid}`);
  try {
    await fsp.writeFile(temporary, masked, { flag: 'wx', mode: stats.mode & 0o777 });
    await fsp.rename(temporary, file);
  } catch (error) {
    await fsp.rm(temporary, { force: true });
    throw error;
  }
  return true;
}
