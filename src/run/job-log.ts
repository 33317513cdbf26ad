import fs from 'node:fs';
import type { Logger } from '../model/types.js';
import { ByteRedactor, newRedactState, type RedactState, type Redactor } from '../report/redact.js';
import { describeFsError } from './fs-error.js';
import type { OpenedLog } from './safe-open.js';

const EMPTY = Buffer.alloc(0);

/**
 * One job's log file, open for all of its attempts.
 *
 * Two ways in, chosen per attempt (see `directDescriptor`):
 * - **Straight to the file** when no secret is registered: the job gets the file's descriptor as its stdout
 *   and stderr, as a shell redirect would do it, and Node never copies a byte. Our own lines (headers,
 *   footers, the timeout notice) are written synchronously at the file's end between the job's writes, and
 *   the ones written while the job runs are remembered by position, so that whoever reads the job's output
 *   back from the file (echo and tail, see log-follower.ts) skips them.
 * - **Through the runner** when there are secrets to mask (or the file already failed): stdout and stderr go
 *   through the same `write` in arrival order, masked on the way (ByteRedactor, on bytes, with a carry between
 *   chunks: a secret split across two writes is still masked), and written to the file at once, synchronously,
 *   as `cat` does. A chunk with no secret in it is written as it came, not copied. `write` returns only once
 *   the bytes are in the file (the page cache), so the caller may reuse the chunk's memory, and a job that
 *   prints faster than the disk takes them waits on its full pipe while we write: memory stays bounded with
 *   no pausing. Through the libuv thread pool (a write stream) every chunk cost a thread hand-off and a
 *   callback, more CPU than the write itself, and the stream's buffer paused the job's pipes over and over
 *   (bench/notes.md, section 3b: now about what `| cat` costs).
 *
 * Opening, writing and closing are all synchronous: small syscalls into the page cache. Through the libuv
 * thread pool each would cost more CPU than the syscall itself (a thread wake-up, and on a busy 2-core runner
 * the TLB shoot-downs that come with it). The price is that a disk that stalls (dirty-page throttling, a hung
 * network file system) stalls the runner's event loop for as long as one write of at most 256 KiB waits.
 *
 * A file error (disk full, no permission) is reported once and the rest of the output is dropped; the job
 * itself keeps running. A job writing straight to the file meets that error itself (as it would behind a
 * shell redirect), and the note says so.
 */
export class JobLog {
  private fd: number | undefined;
  /** Our own lines (headers, footers) until the job prints something; then everything goes through `write`. */
  private pending = '';
  /** Whether the job's output comes through `write` (pipe path) and has started: then everything is masked. */
  private piping = false;
  /**
   * Secret masking once piping started, undefined without secrets: `state` for the log as written, and one
   * state per pipe of the running attempt (see `write`).
   */
  private masker: { bytes: ByteRedactor; state: RedactState; pipes: Map<number, RedactState> } | undefined;
  private failed = false;
  private failureNote: string | undefined;
  private closed: Promise<void> | undefined;
  /** Whether the job's output so far ends with a newline: our own lines always start on a line of their own. */
  private atLineStart = true;
  /** The same file open for reading (the job's output is read back from it); set once direct writing starts. */
  private readFd: number | undefined;
  /** Whether an attempt has written straight to the file (the failure note says the job met the error too). */
  private direct = false;
  /** While a direct attempt runs: where its output starts, and where our own lines landed among it. */
  private attempt: { start: number; own: Array<[number, number]> } | undefined;

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

  /**
   * The descriptor to give the next attempt as its stdout and stderr, or undefined: use pipes and `write`.
   *
   * The decision point of "logs at disk speed": only without secrets (bytes a job writes straight to the file
   * cannot be masked), only while the file is healthy and no output came through the pipes yet, and only when it
   * can be read back (the echo and the tail come from the file then). Everything we wrote so far is flushed
   * first.
   */
  directDescriptor(): number | undefined {
    if (this.failed || this.closed || this.piping || this.fd === undefined || this.redactor?.active)
      return undefined;
    if (this.readFd === undefined) {
      const readFd = openSameFile(this.absolutePath, this.fd);
      if (readFd === undefined) return undefined;
      this.readFd = readFd;
    }
    if (this.pending.length > 0) {
      const pending = this.pending;
      this.pending = '';
      if (!this.writeNow(pending)) return undefined;
    }
    this.direct = true;
    return this.fd;
  }

  /** A direct attempt starts now: returns where its output starts in the file. */
  beginAttempt(): number {
    const start = this.size();
    this.attempt = { start, own: [] };
    return start;
  }

  /**
   * Where our own lines landed among the running direct attempt's output, in order, as [start, end) byte
   * ranges of the file. The same array grows while the attempt runs.
   */
  ownLines(): Array<[number, number]> {
    return this.attempt?.own ?? [];
  }

  /** The direct attempt ended; `atLineStart`: the file ends with a newline (our next line needs none first). */
  endAttempt(atLineStart: boolean): void {
    this.attempt = undefined;
    this.atLineStart = atLineStart;
  }

  /** The file's current size (the end of what the job and we wrote); 0 when it cannot be read. */
  size(): number {
    if (this.readFd === undefined) return 0;
    try {
      return fs.fstatSync(this.readFd).size;
    } catch {
      return 0;
    }
  }

  /** Reads into `buffer` from `position`; returns the bytes read (0 at the end or on an error). */
  read(buffer: Buffer, position: number, length = buffer.length): number {
    if (this.readFd === undefined) return 0;
    try {
      return fs.readSync(this.readFd, buffer, 0, length, position);
    } catch {
      return 0;
    }
  }

  /**
   * Masks and writes a chunk of the job's output that came through pipe `pipe` (pipe path), synchronously:
   * `chunk` is not kept, the caller may overwrite it as soon as this returns. After a file error the output
   * is dropped (reported once).
   *
   * Masked twice: first per pipe, then as the log. A secret that a job writes to stdout in one piece can
   * still reach us in two reads with a chunk of stderr in between (a pipe takes part of a large write): the
   * pipe's own state holds the secret's beginning until the rest of that pipe arrives. A secret whose halves
   * come from the two pipes is masked by the log's state. The price: bytes that could begin a secret wait for
   * the rest of their pipe, so they may land after the other pipe's next chunk (a few bytes, never a line of
   * ours: `endPipes` comes before the footer).
   */
  write(chunk: Buffer, pipe = 0): void {
    if (this.failed || this.closed || chunk.length === 0) return;
    if (!this.piping) this.startPiping();
    if (this.failed) return;
    if (!this.masker) {
      this.put(chunk);
      return;
    }
    let state = this.masker.pipes.get(pipe);
    if (!state) this.masker.pipes.set(pipe, (state = newRedactState()));
    const { emit } = this.masker.bytes.redactChunk(state, chunk, false);
    if (emit.length > 0) this.put(emit);
  }

  /** The attempt's pipes are done: writes what each still held back (the beginning of no secret, after all). */
  endPipes(): void {
    if (!this.masker) return;
    const states = [...this.masker.pipes.values()];
    this.masker.pipes.clear();
    for (const state of states) {
      const { emit } = this.masker.bytes.redactChunk(state, EMPTY, true);
      if (emit.length > 0 && !this.failed && !this.closed) this.put(emit);
    }
  }

  line(text: string): void {
    if (this.failed || this.closed) return;
    if (this.direct && !this.piping) {
      this.directLine(text);
      return;
    }
    const line = `${this.atLineStart ? '' : '\n'}${text}\n`;
    this.atLineStart = true;
    if (this.piping) this.put(Buffer.from(line, 'utf8'));
    else this.pending += line;
  }

  /** Flushes everything and closes the file; safe to call twice. */
  close(): Promise<void> {
    this.closed ??= this.finish();
    return this.closed;
  }

  private finish(): Promise<void> {
    this.closeReader();
    if (this.failed || this.fd === undefined) return Promise.resolve();
    // A failed write closes the file itself (fail()): never close a descriptor number twice.
    if (!this.piping) {
      if (this.pending.length > 0 && !this.writeNow(this.redact(this.pending))) return Promise.resolve();
    } else if (this.masker) {
      this.endPipes();
      if (this.failed) return Promise.resolve();
      const { emit } = this.masker.bytes.redactChunk(this.masker.state, EMPTY, true);
      if (emit.length > 0 && !this.writeNow(emit)) return Promise.resolve();
    }
    const fd = this.fd;
    this.fd = undefined;
    try {
      fs.closeSync(fd);
    } catch (error) {
      // A network file system may report a failed write only when the file is closed.
      this.fail(error as Error);
    }
    return Promise.resolve();
  }

  /**
   * One of our lines while the job may be writing to the same file (same open file, same offset): it lands
   * at the end, on a line of its own. While an attempt runs, where it landed is found and remembered: the
   * job's own output is read back without it.
   */
  private directLine(text: string): void {
    const attempt = this.attempt;
    if (!attempt) {
      this.writeNow(`${this.atLineStart ? '' : '\n'}${text}\n`);
      this.atLineStart = true;
      return;
    }
    const before = this.size();
    const lead = before > attempt.start && !this.endsWithNewline(before) ? '\n' : '';
    const bytes = Buffer.from(`${lead}${text}\n`, 'utf8');
    if (!this.writeNow(bytes)) return;
    const after = this.size();
    const at = after - before === bytes.length ? before : this.find(bytes, before, after);
    // Not found (the job wrote megabytes within two system calls): it stays in the echo and the tail.
    if (at >= 0) attempt.own.push([at, at + bytes.length]);
  }

  private endsWithNewline(size: number): boolean {
    const byte = Buffer.alloc(1);
    return this.read(byte, size - 1) === 1 && byte[0] === 0x0a;
  }

  /** Where `bytes` starts in the file between `from` and `to`, or -1 (looks at most 1 MiB). */
  private find(bytes: Buffer, from: number, to: number): number {
    const length = Math.min(to - from, 1024 * 1024);
    const window = Buffer.alloc(length);
    const read = this.read(window, from, length);
    const at = window.subarray(0, read).indexOf(bytes);
    return at < 0 ? -1 : from + at;
  }

  /** Writes all of `data` at the file's current offset, synchronously; false (and the log failed) on an error. */
  private writeNow(data: string | Buffer): boolean {
    if (this.fd === undefined) return false;
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    try {
      // A disk that fills up takes part of a write before it refuses the rest.
      for (let done = 0; done < bytes.length;) done += fs.writeSync(this.fd, bytes, done);
      return true;
    } catch (error) {
      this.fail(error as Error);
      return false;
    }
  }

  /** Masks `bytes` as the log (piping starts with the first) and writes what is decided, synchronously. */
  private put(bytes: Buffer): void {
    if (!this.piping) this.startPiping();
    if (this.failed) return;
    this.atLineStart = bytes[bytes.length - 1] === 0x0a;
    const emit = this.masker ? this.masker.bytes.redactChunk(this.masker.state, bytes, false).emit : bytes;
    if (emit.length > 0) this.writeNow(emit);
  }

  /** From the job's first byte on, everything (our pending lines first) goes through the masker, in order. */
  private startPiping(): void {
    this.piping = true;
    if (this.redactor?.active)
      this.masker = { bytes: new ByteRedactor(this.redactor), state: newRedactState(), pipes: new Map() };
    if (this.pending.length > 0) {
      const pending = this.pending;
      this.pending = '';
      this.put(Buffer.from(pending, 'utf8'));
    }
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
    this.failureNote = this.direct
      ? `Could not write the log ${this.displayPath}: ${reason}. The job wrote its output straight to this file (no secret to mask), so its own writes met the same error; what it wrote after that is not in the log.`
      : `Could not write the log ${this.displayPath}: ${reason}. The rest of this job's output is not in the log.`;
    this.logger.warn(this.failureNote);
    if (this.fd !== undefined) {
      try {
        fs.closeSync(this.fd);
      } catch {
        // Already closed.
      }
      this.fd = undefined;
    }
    // The reader stays open until close(): what did reach the file still gives the echo and the tail.
  }

  private closeReader(): void {
    if (this.readFd === undefined) return;
    try {
      fs.closeSync(this.readFd);
    } catch {
      // Already closed.
    }
    this.readFd = undefined;
  }
}

/**
 * The log file opened again, for reading, by its name but never through a link, and only if it is the very file
 * `fd` has open (same device and inode); undefined otherwise (the runner then reads the job's pipes instead).
 */
function openSameFile(absolute: string, fd: number): number | undefined {
  let readFd: number | undefined;
  try {
    const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = fs.constants;
    readFd = fs.openSync(absolute, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    const mine = fs.fstatSync(fd);
    const theirs = fs.fstatSync(readFd);
    if (mine.isFile() && mine.dev === theirs.dev && mine.ino === theirs.ino) return readFd;
  } catch {
    // Gone, replaced or unreadable: no direct writing then.
  }
  if (readFd !== undefined) fs.closeSync(readFd);
  return undefined;
}
