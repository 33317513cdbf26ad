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
