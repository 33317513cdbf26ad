import { RUN_DEFAULTS } from './defaults.js';
import type { JobLog } from './job-log.js';
import type { JobOutput } from './job-output.js';

const NEWLINE = 0x0a;
const BLOCK = 64 * 1024;

/**
 * Reads back what an attempt wrote straight to its log file (see JobLog.directDescriptor), for what the runner
 * keeps besides the file: the live echo while the job runs (the file is polled from where the echo stopped
 * reading, until the echo's cap: then the polling stops, so a job printing gigabytes costs no wake-ups), and at
 * the end the byte count and the tail (taken from the last bytes of the output only, see TailLines, so a 1 GiB
 * log costs two blocks whatever its shape). Our own lines written among the job's output (a timeout notice) are
 * skipped, so echo, tail and byte count are what the job printed, as on the pipe path.
 * Memory: one 64 KiB block.
 */
export class LogFollower {
  private readonly block = Buffer.allocUnsafe(BLOCK);
  private start = 0;
  private echoed = 0;
  private timer: NodeJS.Timeout | undefined;
  private own: Array<[number, number]> = [];

  constructor(
    private readonly log: JobLog,
    private readonly output: JobOutput,
  ) {}

  /** The job was spawned with the file as its stdout and stderr. */
  begin(): void {
    this.start = this.log.beginAttempt();
    // The log's own list for this attempt: it grows as we write lines, it is never copied.
    this.own = this.log.ownLines();
    this.echoed = this.start;
    if (this.output.echoing) {
      this.timer = setInterval(() => this.poll(), RUN_DEFAULTS.echoPollMs);
    }
  }

  /** One look at the file for the echo; once the echo's cap is reached nothing more is read until the end. */
  private poll(): void {
    this.followEcho(this.log.size());
    if (!this.output.echoing) this.stopPolling();
  }

  private stopPolling(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The attempt is over (its process exited, or never started): echo the rest, count, read the tail. */
  end(): void {
    this.stopPolling();
    const end = Math.max(this.start, this.log.size());
    const last = Buffer.alloc(1);
    const atLineStart = end === this.start || (this.log.read(last, end - 1) === 1 && last[0] === NEWLINE);
    this.log.endAttempt(atLineStart);
    this.followEcho(end);
    this.output.countBytes(this.outputBytes(this.start, end));
    const tail = this.tailStart(end);
    this.output.skipTail(this.outputBytes(this.start, tail));
    this.readRange(tail, end, (chunk) => this.output.pushTail(chunk));
  }

  private followEcho(end: number): void {
    if (!this.output.echoing || end <= this.echoed) return;
    // What landed since the last look; the echo's cap bounds how much is ever read for it.
    this.readRange(
      this.echoed,
      end,
      (chunk) => this.output.pushEcho(chunk),
      () => this.output.echoing,
    );
    this.echoed = end;
  }

  /**
   * Where the bytes the tail is taken from start: the last `tailWindowBytes` of the job's output, and the byte
   * before them (it says whether the window starts a line), our own lines not counted. A constant number of
   * bytes whatever the output's shape: 1 GiB without a newline costs two blocks, not 1 GiB read twice.
   */
  private tailStart(end: number): number {
    let wanted = this.output.tailWindowBytes + 1;
    let position = end;
    for (let i = this.own.length - 1; i >= 0; i--) {
      const [from, to] = this.own[i];
      if (to > position) continue;
      if (position - to >= wanted) break;
      wanted -= position - to;
      position = from;
    }
    return Math.max(this.start, position - wanted);
  }

  /** Bytes of the job's output in `[from, to)`: without our own lines. */
  private outputBytes(from: number, to: number): number {
    let bytes = to - from;
    for (const [start, stop] of this.own) bytes -= Math.max(0, Math.min(stop, to) - Math.max(start, from));
    return bytes;
  }

  /** Hands `[from, to)` of the file to `take` in blocks, without our own lines, while `more()` holds. */
  private readRange(from: number, to: number, take: (chunk: Buffer) => void, more = () => true): void {
    let position = from;
    while (position < to && more()) {
      const own = this.own.find(([start, stop]) => stop > position && start < to);
      if (own && own[0] <= position) {
        position = own[1];
        continue;
      }
      const stop = Math.min(to, position + BLOCK, own ? own[0] : to);
      const read = this.log.read(this.block, position, stop - position);
      if (read <= 0) return;
      take(this.block.subarray(0, read));
      position += read;
    }
  }
}
