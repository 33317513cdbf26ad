import type { Redactor } from '../report/redact.js';
import { formatByteSize } from '../plan/byte-size.js';
import { EchoLines } from './echo-lines.js';
import { TailLines, type Mask } from './tail-lines.js';

export interface JobOutputOptions {
  tailLines: number;
  tailLineChars: number;
  /** undefined: nobody listens, so nothing is split into lines for the console. */
  echo?: { limitBytes: number; logPath: string; emit: (attempt: number, text: string) => void };
  redactor: Redactor | undefined;
}

/**
 * The echo stops after reading this many times its cap, even if it showed less (a progress bar redrawn with '\r'
 * shows only its last state): 64 MiB for 1 MiB, about 18 hours of a progress bar redrawn 10 times a second.
 */
const ECHO_READ_FACTOR = 64;

/**
 * What the runner keeps of a job's output besides the log file: a byte count, the tail of the last attempt,
 * and the live echo. Everything is bounded; chunks arrive as Buffers and only the bytes the tail or the echo
 * need are ever decoded.
 */
export class JobOutput {
  bytes = 0;
  private attempt = 1;
  private readonly tail: TailLines;
  private readonly echo: EchoLines | undefined;
  private readonly redact: (text: string) => string;
  private readonly mask: Mask;

  constructor(options: JobOutputOptions) {
    const redactor = options.redactor;
    this.redact = redactor?.active ? (text) => redactor.redact(text) : (text) => text;
    this.mask = redactor?.active
      ? (text, from, to) => redactor.redactRange(text, from, to)
      : (text, from, to) => text.slice(from, to);
    this.tail = new TailLines(options.tailLines, options.tailLineChars, redactor?.longest ?? 0);
    const echo = options.echo;
    if (echo) {
      this.echo = new EchoLines({
        limitBytes: echo.limitBytes,
        maxLineBytes: Math.min(64 * 1024, Math.max(1024, echo.limitBytes)),
        emit: (text) => echo.emit(this.attempt, text),
        notice: `… output truncated after ${formatByteSize(echo.limitBytes)}; full log: ${echo.logPath}`,
        readLimitBytes: ECHO_READ_FACTOR * echo.limitBytes,
        readNotice: `… output truncated after ${formatByteSize(ECHO_READ_FACTOR * echo.limitBytes)} read, mostly redrawn with '\\r'; full log: ${echo.logPath}`,
        redact: this.redact,
      });
    }
  }

  /** The tail shows the attempt that decides the job's status, so each attempt starts it afresh. */
  startAttempt(attempt: number): void {
    this.attempt = attempt;
    this.tail.clear();
  }

  push(chunk: Buffer): void {
    this.bytes += chunk.length;
    this.tail.push(chunk);
    this.echo?.push(chunk);
  }

  /** Whether the live echo still takes output (a listener, and its cap not reached). */
  get echoing(): boolean {
    return this.echo !== undefined && !this.echo.stopped;
  }

  /** Output read back from the log file (the job wrote it there itself), for the live echo only. */
  pushEcho(chunk: Buffer): void {
    this.echo?.push(chunk);
  }

  /**
   * How many of the last bytes of an attempt's output the tail is taken from (see TailLines): reading back
   * that many (and one more, the byte before them) gives the tail whatever the output's shape.
   */
  get tailWindowBytes(): number {
    return this.tail.windowBytes;
  }

  /** The attempt's output starts with `bytes` bytes that are not read back for the tail. */
  skipTail(bytes: number): void {
    this.tail.skip(bytes);
  }

  /** Output read back from the log file, for the tail only (the end of the attempt's output, or all of it). */
  pushTail(chunk: Buffer): void {
    this.tail.push(chunk);
  }

  /** Bytes the job wrote straight to the log file. */
  countBytes(bytes: number): void {
    this.bytes += bytes;
  }

  /** A line from the runner itself (a spawn error), shown like output. */
  note(line: string): void {
    this.tail.pushLine(line);
    this.echo?.push(Buffer.from(`${line}\n`));
  }

  endAttempt(): void {
    this.tail.finish();
    this.echo?.finish();
  }

  tailLines(): string[] {
    return this.tail.lines(this.mask);
  }
}
