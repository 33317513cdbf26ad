const NEWLINE = 0x0a;
const EMPTY = Buffer.alloc(0);

interface Line {
  bytes: Buffer;
  /** The line was longer than we keep. */
  cut: boolean;
}

/**
 * The last `maxLines` lines of a byte stream, in bounded memory whatever the stream holds.
 *
 * Each chunk is scanned backwards for '\n' (memrchr: no regex, no decoding), so a chunk of a thousand short
 * lines costs `maxLines` look-ups, and only the lines that survive are copied. Lines are kept as bytes and
 * decoded when read, so a character split across chunks is decoded whole. A line is kept up to `maxChars`
 * characters plus `slackChars`, so that a redactor applied when reading still sees a secret that straddles
 * the cut.
 */
export class TailLines {
  private readonly ring: Line[] = [];
  /** Bytes of the current unfinished line, capped. */
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private partialCut = false;
  private readonly maxLineBytes: number;

  constructor(
    private readonly maxLines: number,
    private readonly maxChars: number,
    private readonly slackChars = 0,
  ) {
    // At most 4 bytes per character in UTF-8.
    this.maxLineBytes = (maxChars + slackChars) * 4;
  }

  push(chunk: Buffer): void {
    if (this.maxLines <= 0 || chunk.length === 0) return;
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
      this.appendPartial(chunk);
      return;
    }
    // Is there an older newline still? Then this chunk alone holds maxLines newer lines: what we had is stale.
    const before = from >= 0 ? chunk.lastIndexOf(NEWLINE, from) : -1;
    if (before >= 0) {
      this.resetPartial();
      this.ring.length = 0;
    }
    for (let i = ends.length - 1; i >= 0; i--) {
      const start = i === ends.length - 1 ? before + 1 : ends[i + 1] + 1;
      this.appendPartial(chunk.subarray(start, ends[i]));
      this.commitPartial();
    }
    this.appendPartial(chunk.subarray(ends[0] + 1));
  }

  /** Adds a line that did not come from the stream (e.g. a spawn error). */
  pushLine(line: string): void {
    this.finish();
    this.appendPartial(Buffer.from(line, 'utf8'));
    this.commitPartial();
  }

  /** Commits an unfinished last line (the stream ended without '\n'). */
  finish(): void {
    if (this.partialBytes > 0 || this.partialCut) this.commitPartial();
  }

  clear(): void {
    this.ring.length = 0;
    this.resetPartial();
  }

  /** The lines, oldest first, each passed through `transform` (a redactor) and then cut to `maxChars`. */
  lines(transform: (line: string) => string = (line) => line): string[] {
    const cap = this.maxChars + this.slackChars;
    return this.ring.map(({ bytes, cut }) => {
      let text = bytes.toString('utf8');
      // A cut line may end inside a character: drop the replacement character that leaves.
      if (cut && text.endsWith('\uFFFD')) text = text.slice(0, -1);
      if (text.endsWith('\r')) text = text.slice(0, -1);
      const long = cut || text.length > cap;
      const line = transform(text.length > cap ? text.slice(0, cap) : text);
      return long || line.length > this.maxChars ? `${line.slice(0, this.maxChars)}…` : line;
    });
  }

  private appendPartial(bytes: Buffer): void {
    if (bytes.length === 0) return;
    const room = this.maxLineBytes - this.partialBytes;
    if (bytes.length > room) this.partialCut = true;
    if (room <= 0) return;
    // A copy: keeping a view would pin the whole 64 KiB chunk in memory.
    const kept = Buffer.from(bytes.length > room ? bytes.subarray(0, room) : bytes);
    this.partial.push(kept);
    this.partialBytes += kept.length;
  }

  private commitPartial(): void {
    const bytes =
      this.partial.length === 0
        ? EMPTY
        : this.partial.length === 1
          ? this.partial[0]
          : Buffer.concat(this.partial, this.partialBytes);
    this.ring.push({ bytes, cut: this.partialCut });
    if (this.ring.length > this.maxLines) this.ring.shift();
    this.resetPartial();
  }

  private resetPartial(): void {
    this.partial = [];
    this.partialBytes = 0;
    this.partialCut = false;
  }
}
