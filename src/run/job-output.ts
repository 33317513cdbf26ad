import type { Redactor } from '../report/redact.js';
import { formatByteSize } from '../plan/byte-size.js';
import { EchoLines } from './echo-lines.js';
import { TailLines } from './tail-lines.js';

export interface JobOutputOptions {
  tailLines: number;
  tailLineChars: number;
  /** undefined: nobody listens, so nothing is split into lines for the console. */
  echo?: { limitBytes: number; logPath: string; emit: (attempt: number, text: string) => void };
  redactor: Redactor | undefined;
}

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
  /** How many lines the tail keeps. */
  readonly tailLineCount: number;

  constructor(options: JobOutputOptions) {
    this.tailLineCount = options.tailLines;
    const redactor = options.redactor;
    this.redact = redactor?.active ? (text) => redactor.redact(text) : (text) => text;
    this.tail = new TailLines(options.tailLines, options.tailLineChars, redactor?.longest ?? 0);
    const echo = options.echo;
    if (echo) {
      this.echo = new EchoLines({
        limitBytes: echo.limitBytes,
        maxLineBytes: Math.min(64 * 1024, Math.max(1024, echo.limitBytes)),
        emit: (text) => echo.emit(this.attempt, text),
        notice: `… output truncated after ${formatByteSize(echo.limitBytes)}; full log: ${echo.logPath}`,
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
    return this.tail.lines(this.redact);
  }
}
