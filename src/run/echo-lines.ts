const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

export interface EchoLinesOptions {
  /** Raw bytes echoed per job before the echo stops with one notice line. */
  limitBytes: number;
  /** An unfinished line longer than this is echoed anyway (a job printing without '\n' must not grow memory). */
  maxLineBytes: number;
  /** Receives whole lines joined by '\n', without the final newline, redacted. */
  emit: (text: string) => void;
  /** The last line emitted when the limit is reached. */
  notice: string;
  /**
   * Raw bytes read before the echo stops anyway, with `readNotice`: a progress bar redrawn with '\r' prints far
   * more than is ever shown, and without this bound a job printing gigabytes of it would have all of it read
   * for the echo (the log file's too, when the job writes straight to it).
   */
  readLimitBytes?: number;
  readNotice?: string;
  redact: (text: string) => string;
}

/**
 * Turns a byte stream into whole lines for the live console, up to a byte limit.
 *
 * A progress bar that redraws itself with '\r' (tqdm) is echoed as a terminal would show it: only what follows
 * the last '\r' of a line. Everything depends on the bytes only, not on how they are cut into chunks (a pipe's
 * reads or a file's blocks give the same echo).
 */
export class EchoLines {
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private emitted = 0;
  private read = 0;
  private stopping = false;

  constructor(private readonly options: EchoLinesOptions) {}

  /** The cap was reached: nothing more is echoed. */
  get stopped(): boolean {
    return this.stopping;
  }

  push(chunk: Buffer): void {
    if (this.stopping || chunk.length === 0) return;
    const room = (this.options.readLimitBytes ?? Infinity) - this.read;
    if (chunk.length > room) {
      // Lines completed within the limit are echoed; the one it cuts through is not.
      this.take(chunk.subarray(0, room));
      if (!this.stopping) this.stop(this.options.readNotice ?? this.options.notice);
      return;
    }
    this.read += chunk.length;
    this.take(chunk);
  }

  private take(chunk: Buffer): void {
    if (chunk.length === 0) return;
    const last = chunk.lastIndexOf(NEWLINE);
    if (last < 0) {
      // Only what follows a '\r' can still be shown; a '\r' at the very end may be half of a "\r\n".
      const cr = chunk.length > 1 ? chunk.lastIndexOf(CARRIAGE_RETURN, chunk.length - 2) : -1;
      if (cr >= 0) this.resetPartial();
      this.appendPartial(cr >= 0 ? chunk.subarray(cr + 1) : chunk);
      if (this.partialBytes >= this.options.maxLineBytes) this.flushPartial();
      return;
    }
    const head = chunk.subarray(0, last);
    const lines = this.partialBytes > 0 ? Buffer.concat([...this.partial, head]) : head;
    this.resetPartial();
    this.appendPartial(chunk.subarray(last + 1));
    this.emitLines(lines);
  }

  /** The stream ended: echo an unfinished last line. */
  finish(): void {
    if (!this.stopping) this.flushPartial();
  }

  private flushPartial(): void {
    if (this.partialBytes === 0) return;
    const bytes = Buffer.concat(this.partial, this.partialBytes);
    this.resetPartial();
    this.emitLines(bytes);
  }

  /** `bytes`: whole lines, without the final newline. */
  private emitLines(bytes: Buffer): void {
    const room = this.options.limitBytes - this.emitted;
    let shown = bytes;
    let stop = false;
    let fits = true;
    if (bytes.length + 1 > room) {
      // Echo the lines that fit whole (an empty one is a line too), then the notice.
      const cut = room > 0 ? bytes.lastIndexOf(NEWLINE, room - 1) : -1;
      fits = cut >= 0;
      shown = fits ? bytes.subarray(0, cut) : Buffer.alloc(0);
      stop = true;
    }
    this.emitted += shown.length + 1;
    if (fits) this.options.emit(this.options.redact(asTerminalText(shown.toString('utf8'))));
    if (stop) this.stop(this.options.notice);
  }

  private stop(notice: string): void {
    this.stopping = true;
    this.resetPartial();
    this.options.emit(notice);
  }

  private appendPartial(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.partial.push(Buffer.from(bytes));
    this.partialBytes += bytes.length;
  }

  private resetPartial(): void {
    this.partial = [];
    this.partialBytes = 0;
  }
}

/** "a\r\n" → "a"; "10%\r50%\r100%" → "100%". */
function asTerminalText(text: string): string {
  if (!text.includes('\r')) return text;
  return text
    .split('\n')
    .map((line) => {
      const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
      const cr = trimmed.lastIndexOf('\r');
      return cr >= 0 ? trimmed.slice(cr + 1) : trimmed;
    })
    .join('\n');
}
