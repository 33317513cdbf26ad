import fs from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import type { Logger } from '../model/types.js';
import type { Redactor } from '../report/redact.js';
import { RUN_DEFAULTS } from './defaults.js';
import { describeFsError } from './fs-error.js';
import type { OpenedLog } from './safe-open.js';

/**
 * One job's log file, open for all of its attempts. Stdout and stderr go through the same `write` in arrival
 * order, into one write stream on the file, behind the redactor's streaming Transform when there are secrets
 * (a secret split across two writes is still masked).
 *
 * `write` returns false when the file is behind: the caller pauses the child's pipes until `onceDrained`, so
 * memory stays bounded whatever the job prints.
 *
 * Opening, and for a job that prints nothing, writing and closing, are synchronous: a handful of small
 * syscalls. Through the libuv thread pool each would cost more CPU than the syscall itself (a thread wake-up,
 * and on a busy 2-core runner the TLB shoot-downs that come with it), which is most of the runner's own
 * per-job cost with a thousand short jobs. The stream, and its asynchronous writes, start with the first byte
 * of output.
 *
 * A file error (disk full, no permission) is reported once and the rest of the output is dropped; the job
 * itself keeps running.
 */
export class JobLog {
  private fd: number | undefined;
  /** Our own lines (headers, footers) until the job prints something; then everything goes to the stream. */
  private pending = '';
  private sink: Writable | undefined;
  private file: fs.WriteStream | undefined;
  private failed = false;
  private failureNote: string | undefined;
  private closed: Promise<void> | undefined;
  /** Whether the job's output so far ends with a newline: our own lines always start on a line of their own. */
  private atLineStart = true;

  /** `opened`: the file as openLogFile (safe-open.ts) opened it, never through a link, or why it could not be. */
  constructor(
    readonly absolutePath: string,
    private readonly redactor: Redactor | undefined,
    private readonly logger: Logger,
    /** The file as openLogFile (safe-open.ts) opened it, never through a link, or why it could not be. */
    opened: OpenedLog,
    /** How messages name the file (relative to the working directory). */
    private readonly displayPath: string = absolutePath,
  ) {
    if ('fd' in opened) this.fd = opened.fd;
    else this.fail(opened.error);
  }

  /** False: wait for `onceDrained` before writing more. */
  write(chunk: Buffer): boolean {
    if (this.failed || this.closed) return true;
    if (chunk.length > 0) this.atLineStart = chunk[chunk.length - 1] === 0x0a;
    return (this.sink ?? this.openStream()).write(chunk);
  }

  line(text: string): void {
    if (this.failed || this.closed) return;
    const line = `${this.atLineStart ? '' : '\n'}${text}\n`;
    this.atLineStart = true;
    if (this.sink) this.sink.write(line);
    else this.pending += line;
  }

  onceDrained(callback: () => void): void {
    if (this.failed || !this.sink) {
      callback();
      return;
    }
    this.sink.once('drain', callback);
  }

  /** Flushes everything and closes the file; safe to call twice. */
  close(): Promise<void> {
    this.closed ??= this.finish();
    return this.closed;
  }

  private async finish(): Promise<void> {
    if (this.failed || this.fd === undefined) return;
    if (!this.sink) {
      const fd = this.fd;
      this.fd = undefined;
      try {
        fs.writeSync(fd, this.redact(this.pending));
      } catch (error) {
        this.fail(error as Error);
      } finally {
        fs.closeSync(fd);
      }
      return;
    }
    this.sink.end();
    try {
      await finished(this.file as fs.WriteStream);
    } catch {
      // Reported by fail().
    }
  }

  private openStream(): Writable {
    const file = fs.createWriteStream(this.absolutePath, {
      fd: this.fd,
      highWaterMark: RUN_DEFAULTS.logHighWaterMark,
    });
    file.on('error', (error) => this.fail(error));
    let sink: Writable = file;
    if (this.redactor?.active) {
      const stream = this.redactor.createStream();
      stream.on('error', (error) => this.fail(error));
      stream.pipe(file);
      sink = stream;
    }
    this.file = file;
    this.sink = sink;
    if (this.pending.length > 0) sink.write(this.pending);
    this.pending = '';
    return sink;
  }

  private redact(text: string): string {
    return this.redactor ? this.redactor.redact(text) : text;
  }

  /** Why the file could not be written, for the job's result; undefined while all is well. */
  get failure(): string | undefined {
    return this.failureNote;
  }

  private fail(error: Error): void {
    if (this.failed) return;
    this.failed = true;
    const reason = describeFsError(error);
    this.failureNote = `Could not write the log ${this.displayPath}: ${reason}. The rest of this job's output is not in the log.`;
    this.logger.warn(this.failureNote);
    // Release a writer waiting for 'drain', which will never come.
    this.sink?.emit('drain');
    if (this.file) this.file.destroy();
    else if (this.fd !== undefined) {
      try {
        fs.closeSync(this.fd);
      } catch {
        // Already closed.
      }
      this.fd = undefined;
    }
  }
}
