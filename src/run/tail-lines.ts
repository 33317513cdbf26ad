const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** Masks `text` (a redactor) and returns `[from, to)` of it; the rest is context only. */
export type Mask = (text: string, from: number, to: number) => string;

/** One line of the stream, as much of it as a tail line can show. */
interface Line {
  /** Where the line starts in the stream, and where it ends (its '\n', or the end of the stream). */
  start: number;
  end: number;
  /**
   * Where the part a terminal shows starts: after the line's last '\r' (one '\r' at its very end aside, as in
   * "\r\n"), else at the line's start. A progress bar redrawn with '\r' shows its last state.
   */
  shown: number;
  /** Bytes of the shown part. */
  length: number;
  /** Its first bytes, up to the cap (all of it when it fits). */
  head: Buffer;
  /** Its last bytes (see keepLast), when it does not fit in `head`. */
  last: Buffer | undefined;
}

/**
 * The tail of a byte stream: its last `maxLines` lines, taken from its last `windowBytes` bytes only, in
 * bounded memory and in the same form whether the stream was read whole (a pipe) or only its end (a log file
 * read backwards: `skip` says how much came before).
 *
 * What a tail line shows (see the README, "What a run leaves behind"):
 * - A line is cut to `maxChars` characters, keeping its start, marked with '…' at the end.
 * - A line redrawn with '\r' (a progress bar) shows what a terminal shows: what follows its last '\r'.
 * - Only the last `windowBytes` bytes count, `maxLines × (4 × maxChars + 2)`: the last `maxLines` lines of
 *   `maxChars` characters (of up to 4 bytes each, plus "\r\n") always fit, so the window changes nothing for
 *   them, and reading the tail never costs more than that whatever the stream's shape. A line that started
 *   before the window (one giant line, an output with no newline at all) shows its last `maxChars` characters
 *   within the window, marked with '…' at the start; older lines are not shown.
 *
 * Each chunk is scanned backwards for '\n' (memrchr: no regex, no decoding), so a chunk of a thousand short
 * lines costs `maxLines` look-ups, and only the lines that survive are copied. Lines are kept as bytes and
 * decoded when read, so a character split across chunks is decoded whole. A line keeps up to `maxChars`
 * characters plus `slackChars` at each end it may be cut at, so that a redactor applied when reading still sees
 * a secret that straddles the cut.
 */
export class TailLines {
  private readonly ring: Line[] = [];
  /** Bytes of the stream so far, skipped ones included. */
  private position = 0;
  /** The current unfinished line. */
  private lineStart = 0;
  private shownStart = 0;
  private shownBytes = 0;
  private head: Buffer[] = [];
  private headBytes = 0;
  /** The last bytes of the shown part once it outgrew `head`: a rolling buffer, `lastBytes` of it in use. */
  private last: Buffer | undefined;
  private lastBytes = 0;
  /** The current line's last byte so far is a '\r': it starts a new shown part if more of the line follows. */
  private pendingReturn = false;
  private readonly maxLineBytes: number;
  /** How many of the stream's last bytes the tail is taken from. */
  readonly windowBytes: number;

  constructor(
    private readonly maxLines: number,
    private readonly maxChars: number,
    private readonly slackChars = 0,
  ) {
    // At most 4 bytes per character in UTF-8.
    this.maxLineBytes = (maxChars + slackChars) * 4;
    // Independent of the slack: both ways of reading a job's output (with a redactor or without) take the same.
    this.windowBytes = Math.max(0, maxLines) * (maxChars * 4 + 2);
  }

  /**
   * `bytes` bytes of the stream came before what is pushed next and are not given (they are outside the window):
   * the current line is taken to have started among them.
   */
  skip(bytes: number): void {
    if (bytes <= 0) return;
    this.resetLine(this.position);
    this.position += bytes;
    this.shownStart = this.position;
  }

  push(chunk: Buffer): void {
    if (this.maxLines <= 0 || chunk.length === 0) return;
    const base = this.position;
    this.position += chunk.length;
    // Newline positions from the end: at most maxLines of them.
    const ends: number[] = [];
    let from = chunk.length - 1;
    while (ends.length < this.maxLines && from >= 0) {
      const at = chunk.lastIndexOf(NEWLINE, from);
      if (at < 0) break;
      ends.push(at);
      from = at - 1;
    }
    if (ends.length === 0) {
      this.appendLine(chunk, base);
      return;
    }
    // Is there an older newline still? Then this chunk alone holds maxLines newer lines: what we had is stale.
    const before = from >= 0 ? chunk.lastIndexOf(NEWLINE, from) : -1;
    if (before >= 0) {
      this.ring.length = 0;
      this.resetLine(base + before + 1);
    }
    for (let i = ends.length - 1; i >= 0; i--) {
      const start = i === ends.length - 1 ? before + 1 : ends[i + 1] + 1;
      this.appendLine(chunk.subarray(start, ends[i]), base + start);
      this.commitLine(base + ends[i]);
    }
    this.appendLine(chunk.subarray(ends[0] + 1), base + ends[0] + 1);
  }

  /** Adds a line that did not come from the stream (e.g. a spawn error). */
  pushLine(line: string): void {
    this.finish();
    this.resetLine(this.position);
    this.appendLine(Buffer.from(line, 'utf8'), this.position);
    this.commitLine(this.position);
  }

  /** Commits an unfinished last line (the stream ended without '\n'). */
  finish(): void {
    if (this.position > this.lineStart) this.commitLine(this.position);
  }

  clear(): void {
    this.ring.length = 0;
    this.position = 0;
    this.resetLine(0);
  }

  /**
   * The lines, oldest first, each masked by `mask` (a redactor: `mask(text, from, to)` is `[from, to)` of `text`
   * masked; what lies outside is context) and then cut to `maxChars`.
   */
  lines(mask: Mask = (text, from, to) => text.slice(from, to)): string[] {
    const windowStart = this.position - this.windowBytes;
    const shown: string[] = [];
    for (const line of this.ring) {
      if (line.end < windowStart) continue;
      if (line.start < windowStart && line.shown <= windowStart) {
        shown.push(`…${this.startCut(line, line.shown + line.length - windowStart, mask)}`);
        continue;
      }
      let text = line.head.toString('utf8');
      const cut = line.length > line.head.length;
      // A cut line may end inside a character: drop the replacement character that leaves.
      if (cut && text.endsWith('\uFFFD')) text = text.slice(0, -1);
      // The last characters kept of a cut line may be the start of a secret: context for the redactor only.
      const masked = mask(text, 0, cut ? Math.max(0, text.length - this.slackChars) : text.length);
      shown.push(cut || masked.length > this.maxChars ? `${masked.slice(0, this.maxChars)}…` : masked);
    }
    return shown;
  }

  /**
   * A line that started before the window: the last `maxChars` characters of its last `within` bytes (which
   * may start inside a character), masked with up to `slackChars` characters before them as context, even from
   * before the window (a secret straddling the window's start is masked; they are never shown).
   */
  private startCut(line: Line, within: number, mask: Mask): string {
    const kept = line.last && line.length > line.head.length ? line.last : line.head;
    const textBytes = Math.min(within, this.maxLineBytes + 3, kept.length);
    let at = kept.length - textBytes;
    // The first whole character: stray continuation bytes go with what comes before.
    for (let i = 0; i < 3 && at < kept.length && (kept[at] & 0xc0) === 0x80; i++) at++;
    const text = kept.toString('utf8', at);
    const visible = Math.min(text.length, this.maxChars);
    const slack = this.slackChars;
    if (slack === 0) return text.slice(text.length - visible);
    const preBytes = Math.min(at, slack * 4);
    let preFrom = at - preBytes;
    for (let i = 0; i < 3 && preFrom < at && (kept[preFrom] & 0xc0) === 0x80; i++) preFrom++;
    const context = kept.toString('utf8', preFrom, at) + text;
    const from = Math.max(0, context.length - visible - slack);
    const masked = mask(context.slice(from), context.length - visible - from, context.length - from);
    return masked.length > this.maxChars ? masked.slice(-this.maxChars) : masked;
  }

  /** Adds `bytes` (no '\n' in them), found at `at` in the stream, to the current line. */
  private appendLine(bytes: Buffer, at: number): void {
    if (bytes.length === 0) return;
    // A '\r' ending what came before is followed by more of the line: what follows it is shown instead.
    if (this.pendingReturn) this.restartShown(at);
    // The last '\r' but one at the very end: what follows it is shown.
    const cr = bytes.length > 1 ? bytes.lastIndexOf(CARRIAGE_RETURN, bytes.length - 2) : -1;
    if (cr >= 0) this.restartShown(at + cr + 1);
    this.appendShown(cr >= 0 ? bytes.subarray(cr + 1) : bytes);
    this.pendingReturn = bytes[bytes.length - 1] === CARRIAGE_RETURN;
  }

  private appendShown(bytes: Buffer): void {
    if (bytes.length === 0) return;
    const before = this.shownBytes;
    this.shownBytes += bytes.length;
    if (this.shownBytes > this.maxLineBytes) this.keepLast(bytes, before);
    const room = this.maxLineBytes - this.headBytes;
    if (room <= 0) return;
    // A copy: keeping a view would pin the whole chunk in memory.
    const kept = Buffer.from(bytes.length > room ? bytes.subarray(0, room) : bytes);
    this.head.push(kept);
    this.headBytes += kept.length;
  }

  /**
   * The shown part outgrew the head: keep its last bytes too, for when the line turns out to start before the
   * window. As many as the head, plus 3 (the window may start inside a character) and 1 (a final '\r' dropped).
   */
  private keepLast(bytes: Buffer, before: number): void {
    const size = this.maxLineBytes + 4;
    const last = (this.last ??= Buffer.allocUnsafe(size));
    if (bytes.length >= size) {
      bytes.copy(last, 0, bytes.length - size);
      this.lastBytes = size;
      return;
    }
    if (this.lastBytes === 0 && before > 0) {
      // The first bytes beyond the head: all that came before is in the head.
      const earlier = Buffer.concat(this.head, this.headBytes);
      const keep = Math.min(size - bytes.length, earlier.length);
      earlier.copy(last, 0, earlier.length - keep);
      this.lastBytes = keep;
    }
    const keep = Math.min(this.lastBytes, size - bytes.length);
    last.copy(last, 0, this.lastBytes - keep, this.lastBytes);
    bytes.copy(last, keep);
    this.lastBytes = keep + bytes.length;
  }

  /** The line ends at `end` (its '\n', or the end of the stream). */
  private commitLine(end: number): void {
    let length = this.shownBytes;
    let head = this.head.length === 1 ? this.head[0] : Buffer.concat(this.head, this.headBytes);
    let last =
      this.shownBytes > head.length && this.last
        ? Buffer.from(this.last.subarray(0, this.lastBytes))
        : undefined;
    // One '\r' at the very end ("\r\n", or a progress bar's last redraw) is not shown.
    if (this.pendingReturn && length > 0) {
      length -= 1;
      if (head.length > length) head = head.subarray(0, length);
      if (last) last = last.subarray(0, last.length - 1);
    }
    this.ring.push({ start: this.lineStart, end, shown: this.shownStart, length, head, last });
    if (this.ring.length > this.maxLines) this.ring.shift();
    this.resetLine(Math.min(end + 1, this.position));
  }

  /** A '\r' in the line at `at - 1`: what is shown starts over at `at`. */
  private restartShown(at: number): void {
    this.shownStart = at;
    this.shownBytes = 0;
    this.head = [];
    this.headBytes = 0;
    this.lastBytes = 0;
    this.pendingReturn = false;
  }

  private resetLine(at: number): void {
    this.lineStart = at;
    this.restartShown(at);
  }
}
