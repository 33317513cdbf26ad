/**
 * The log follower (no secret: the job writes straight to its log file) polls the file for the live echo only
 * until the echo's cap: then it stops looking until the attempt ends, whatever the job still prints. The echo
 * stays live and whole-lined while it polls, and the end still reads the tail and counts every byte. A fake
 * log (a growing buffer) and Jest's fake timers make the polls countable; no timing is asserted.
 */
import { jest } from '@jest/globals';
import type { JobLog } from '../../src/run/job-log.js';
import { JobOutput } from '../../src/run/job-output.js';
import { LogFollower } from '../../src/run/log-follower.js';
import { RUN_DEFAULTS } from '../../src/run/defaults.js';

/** What LogFollower asks of a JobLog, over a buffer the test appends to as the job would. */
class FakeLog {
  data = Buffer.alloc(0);
  sizeCalls = 0;
  append(text: string): void {
    this.data = Buffer.concat([this.data, Buffer.from(text)]);
  }
  beginAttempt(): number {
    return this.data.length;
  }
  ownLines(): Array<[number, number]> {
    return [];
  }
  endAttempt(): void {}
  size(): number {
    this.sizeCalls++;
    return this.data.length;
  }
  read(buffer: Buffer, position: number, length = buffer.length): number {
    return this.data.copy(buffer, 0, position, Math.min(this.data.length, position + length));
  }
}

/** Followers of the current test, ended after it even when an assertion failed (no timer outlives a test). */
let started: LogFollower[] = [];

function follow(limitBytes: number) {
  const log = new FakeLog();
  const echoed: string[] = [];
  const output = new JobOutput({
    tailLines: 3,
    tailLineChars: 200,
    echo: { limitBytes, logPath: 'logs/a.log', emit: (_attempt, text) => echoed.push(text) },
    redactor: undefined,
  });
  const follower = new LogFollower(log as unknown as JobLog, output);
  started.push(follower);
  return { log, echoed, output, follower };
}

const tick = () => jest.advanceTimersByTime(RUN_DEFAULTS.echoPollMs);

beforeEach(() => jest.useFakeTimers());
afterEach(() => {
  for (const follower of started) follower.end();
  started = [];
  jest.useRealTimers();
});

test('the echo arrives poll by poll, in whole lines, while under the cap', () => {
  const { log, echoed, follower } = follow(1024 * 1024);
  follower.begin();
  log.append('epoch 1\nepoch 2\nhalf');
  tick();
  expect(echoed).toEqual(['epoch 1\nepoch 2']);
  log.append(' a line\n');
  tick();
  expect(echoed).toEqual(['epoch 1\nepoch 2', 'half a line']);
  follower.end();
  expect(jest.getTimerCount()).toBe(0);
});

test('once the cap is reached the file is not polled again; the end still counts and tails everything', () => {
  const { log, echoed, output, follower } = follow(64);
  follower.begin();
  for (let i = 0; i < 10; i++) log.append(`line ${i} ${'x'.repeat(20)}\n`);
  tick();
  expect(echoed.at(-1)).toMatch(/^… output truncated after .*; full log: logs\/a\.log$/);
  // The cap is reached: no timer is left, and the job's further output costs no look at the file.
  expect(jest.getTimerCount()).toBe(0);
  const calls = log.sizeCalls;
  for (let i = 10; i < 1000; i++) log.append(`line ${i} ${'x'.repeat(20)}\n`);
  for (let i = 0; i < 50; i++) tick();
  expect(log.sizeCalls).toBe(calls);
  const shown = echoed.length;
  follower.end();
  expect(echoed.length).toBe(shown);
  expect(output.bytes).toBe(log.data.length);
  expect(output.tailLines()).toEqual([
    `line 997 ${'x'.repeat(20)}`,
    `line 998 ${'x'.repeat(20)}`,
    `line 999 ${'x'.repeat(20)}`,
  ]);
});

test('a job that prints nothing keeps being polled until it ends (the echo must stay live)', () => {
  const { log, echoed, follower } = follow(1024);
  follower.begin();
  for (let i = 0; i < 20; i++) tick();
  expect(log.sizeCalls).toBeGreaterThanOrEqual(20);
  expect(jest.getTimerCount()).toBe(1);
  log.append('late\n');
  tick();
  expect(echoed).toEqual(['late']);
  follower.end();
  expect(jest.getTimerCount()).toBe(0);
});

/** One stretch of a virtual log: `length` bytes repeating `pattern`; `own`: a line of ours, not the job's. */
interface Part {
  pattern: string;
  length?: number;
  own?: boolean;
}

/**
 * A log of any size that holds no memory: its bytes are made when read. Counts the bytes read, which is what
 * the tail costs on the direct path.
 */
class VirtualLog {
  bytesRead = 0;
  private readonly parts: Array<{ pattern: Buffer; start: number; end: number; own: boolean }> = [];
  private total = 0;

  constructor(parts: Part[]) {
    for (const part of parts) {
      const once = Buffer.from(part.pattern);
      const length = part.length ?? once.length;
      // Repeated to 64 KiB or more, so that a read copies a few large pieces, not one byte at a time.
      const pattern = Buffer.from(part.pattern.repeat(Math.ceil((64 * 1024) / once.length)));
      this.parts.push({ pattern, start: this.total, end: this.total + length, own: part.own ?? false });
      this.total += length;
    }
  }
  beginAttempt(): number {
    return 0;
  }
  ownLines(): Array<[number, number]> {
    return this.parts.filter((part) => part.own).map((part) => [part.start, part.end]);
  }
  endAttempt(): void {}
  size(): number {
    return this.total;
  }
  read(buffer: Buffer, position: number, length = buffer.length): number {
    const end = Math.min(this.total, position + length);
    for (const part of this.parts) {
      for (let at = Math.max(part.start, position); at < Math.min(part.end, end);) {
        const offset = (at - part.start) % part.pattern.length;
        const copied = part.pattern.copy(
          buffer,
          at - position,
          offset,
          offset + Math.min(end, part.end) - at,
        );
        at += copied;
      }
    }
    this.bytesRead += Math.max(0, end - position);
    return Math.max(0, end - position);
  }
  /** The job's output (our own lines left out), as the pipes would have carried it, in chunks. */
  *output(chunkBytes: number): Generator<Buffer> {
    const chunk = Buffer.alloc(chunkBytes);
    for (const part of this.parts) {
      if (part.own) continue;
      for (let at = part.start; at < part.end; at += chunkBytes) {
        const length = Math.min(chunkBytes, part.end - at);
        this.read(chunk, at, length);
        yield chunk.subarray(0, length);
      }
    }
  }
}

const MiB = 1024 * 1024;
const shortLines = (count: number) => Array.from({ length: count }, (_, i) => `line ${i}\n`).join('');

describe('the tail read back from the file costs a bounded number of bytes, whatever the output', () => {
  test.each<{ name: string; parts: Part[]; expected?: string[] }>([
    {
      name: 'no newline at all',
      parts: [{ pattern: 'x', length: 64 * MiB }],
      expected: [`…${'x'.repeat(1000)}`],
    },
    {
      name: 'a progress bar redrawn with \\r only',
      parts: [{ pattern: `\r${'p'.repeat(62)}%`, length: 64 * MiB }],
      expected: [`${'p'.repeat(62)}%`],
    },
    {
      name: 'one giant last line after short lines',
      parts: [{ pattern: shortLines(1000) }, { pattern: 'y', length: 64 * MiB }],
      expected: [`…${'y'.repeat(1000)}`],
    },
    {
      name: 'giant lines among short lines',
      parts: [
        { pattern: shortLines(1000) },
        { pattern: 'g', length: 32 * MiB },
        { pattern: `\n${shortLines(5)}` },
        { pattern: 'h', length: 32 * MiB },
        { pattern: '\nend\n' },
      ],
      expected: [`…${'h'.repeat(1000)}`, 'end'],
    },
    {
      name: 'many long lines: the window holds fewer than 30 of them',
      // 64 MiB end 8,864 bytes into a line; 11 lines of 10,000 bytes before it, and 1,196 of the one before.
      parts: [{ pattern: `${'l'.repeat(9999)}\n`, length: 64 * MiB }],
      expected: [`…${'l'.repeat(1000)}`, ...Array<string>(12).fill(`${'l'.repeat(1000)}…`)],
    },
    {
      name: 'a line of ours (a timeout notice) among the last bytes',
      parts: [
        { pattern: 'x', length: 64 * MiB },
        { pattern: '\n--- timed out after 1s: SIGTERM to the process group, SIGKILL in 10s\n', own: true },
        { pattern: 'got SIGTERM\n' },
      ],
      expected: [`…${'x'.repeat(989)}got SIGTERM`],
    },
    {
      name: 'a line of ours just before the window',
      parts: [
        { pattern: shortLines(10) },
        { pattern: '\n--- timed out\n', own: true },
        { pattern: 'z', length: 120_059 },
        { pattern: '\n' },
      ],
      // The window is exactly the 'z' line: it starts a line (the byte before it, ours aside, is a newline).
      expected: [`${'z'.repeat(1000)}…`],
    },
  ])('$name: same tail as through the pipes, two blocks read', ({ parts, expected }) => {
    const log = new VirtualLog(parts);
    const options = { tailLines: 30, tailLineChars: 1000, redactor: undefined };
    const direct = new JobOutput(options);
    const follower = new LogFollower(log as unknown as JobLog, direct);
    follower.begin();
    follower.end();
    direct.endAttempt();
    const bytesRead = log.bytesRead;
    const piped = new JobOutput(options);
    for (const chunk of log.output(256 * 1024)) piped.push(chunk);
    piped.endAttempt();
    expect(direct.tailLines()).toEqual(piped.tailLines());
    if (expected) expect(direct.tailLines()).toEqual(expected);
    expect(direct.bytes).toBe(piped.bytes);
    // The window, the byte before it, and the last byte (does the output end with a newline).
    expect(bytesRead).toBeLessThanOrEqual(direct.tailWindowBytes + 2);
  });
});
