import fs from 'node:fs';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { ChildProcess, spawn } from 'node:child_process';

/**
 * A stand-in for a child process (concurrently's habit: EventEmitter + PassThrough), for pool logic where a
 * real process adds nothing. Its pid is far above any pid_max, so group signals find nothing (ESRCH).
 */
export class FakeChild extends EventEmitter {
  static nextPid = 2 ** 30;
  readonly pid = FakeChild.nextPid++;
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  readonly stdin = null;
  exited = false;

  constructor(
    readonly command: string,
    readonly args: readonly string[],
    readonly options: Record<string, unknown>,
  ) {
    super();
  }

  /** Prints `output`, exits with `code`, then closes its pipes, in the order Node reports them. */
  finish(code: number, output = ''): void {
    // Given the log file's descriptor as stdout (no secret to mask), a real process writes there.
    const stdout = (this.options.stdio as unknown[] | undefined)?.[1];
    if (output && typeof stdout === 'number') fs.writeSync(stdout, output);
    else if (output) this.stdout.write(output);
    this.exited = true;
    this.emit('exit', code, null);
    let open = 2;
    const closed = () => {
      if (--open === 0) this.emit('close', code, null);
    };
    for (const stream of [this.stdout, this.stderr]) {
      stream.once('end', closed);
      stream.end();
      stream.resume();
    }
  }
}

/** A spawn that records every child; `onSpawn` may finish it (at once or later). */
export function fakeSpawn(onSpawn: (child: FakeChild) => void = () => {}) {
  const children: FakeChild[] = [];
  const fn = ((command: string, args: readonly string[], options: Record<string, unknown>) => {
    const child = new FakeChild(command, args, options);
    children.push(child);
    onSpawn(child);
    return child as unknown as ChildProcess;
  }) as unknown as typeof spawn;
  return { spawn: fn, children, running: () => children.filter((child) => !child.exited) };
}

/** Lets queued callbacks, promise jobs and I/O callbacks run. */
export function settle(rounds = 5): Promise<void> {
  let chain = Promise.resolve();
  for (let i = 0; i < rounds; i++) chain = chain.then(() => new Promise((resolve) => setImmediate(resolve)));
  return chain;
}

/** Resolves once `condition` holds; rejects after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
