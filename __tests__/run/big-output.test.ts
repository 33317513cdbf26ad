import { jest } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { Redactor } from '../../src/report/redact.js';
import { runPlan } from '../../src/run/run-plan.js';
import type { RunEvent } from '../../src/run/types.js';
import { plan, scriptJob, tempDir } from './helpers.js';

const MiB = 1024 * 1024;

/**
 * Output far larger than the memory we allow ourselves: the log must get every byte, the tail the last lines,
 * and the process must not hold the output (the gigabyte lives in bench/, this is its small brother).
 */
describe('large output', () => {
  let wd: string;
  beforeEach(() => {
    wd = tempDir();
  });
  afterEach(() => {
    fs.rmSync(wd, { recursive: true, force: true });
  });

  async function run(bytes: number, redactor?: Redactor) {
    const events: RunEvent[] = [];
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    try {
      const [result] = await runPlan(plan([scriptJob(wd, 'big', 'print-lots.py', [String(bytes)])]), {
        workingDirectory: wd,
        parallel: false,
        maxWorkers: 1,
        redactor,
        onEvent: (event) => events.push(event),
      });
      return { result, events, growth: peak - before };
    } finally {
      clearInterval(sampler);
    }
  }

  test('200 MiB to stdout: every byte in the log, the right tail, memory bounded', async () => {
    const bytes = 200 * MiB;
    const { result, events, growth } = await run(bytes);

    expect(result.status).toBe('succeeded');
    expect(result.output_bytes).toBe(bytes + 74);
    const log = path.join(wd, 'logs/big.log');
    const header = fs.readFileSync(log, 'utf8').slice(0, 4096).split('\n')[0];
    const size = fs.statSync(log).size;
    const footerBytes = size - Buffer.byteLength(`${header}\n`) - bytes - 74;
    const fd = fs.openSync(log, 'r');
    const end = Buffer.alloc(200);
    fs.readSync(fd, end, 0, 200, size - 200);
    fs.closeSync(fd);
    const lastLines = end.toString('utf8').trimEnd().split('\n');
    expect(lastLines.slice(-7, -1)).toEqual([
      'tail line 1',
      'tail line 2',
      'tail line 3',
      'tail line 4',
      'tail line 5',
      'END-OF-OUTPUT',
    ]);
    expect(footerBytes).toBe(Buffer.byteLength(`${lastLines.at(-1)}\n`));

    expect(result.tail).toHaveLength(30);
    expect(result.tail.slice(-6)).toEqual(lastLines.slice(-7, -1));
    expect(result.tail[0]).toBe('x'.repeat(63));

    // The echo stopped at its 1 MiB default.
    const echoed = events
      .filter((e) => e.type === 'job-output')
      .reduce((sum, e) => sum + e.text.length + 1, 0);
    expect(echoed).toBeLessThan(MiB + 200);
    // Holding the output would take > 200 MiB; a bounded pipeline takes a few.
    expect(growth).toBeLessThan(100 * MiB);
  });

  test('50 MiB through the redacting stream: same bytes when no secret is printed', async () => {
    const bytes = 50 * MiB;
    const { result, growth } = await run(bytes, new Redactor(['never-printed-secret']));
    expect(result.output_bytes).toBe(bytes + 74);
    const size = fs.statSync(path.join(wd, 'logs/big.log')).size;
    const text = fs.readFileSync(path.join(wd, 'logs/big.log'), 'latin1');
    const lines = text.split('\n');
    expect(size).toBe(
      Buffer.byteLength(`${lines[0]}\n`, 'latin1') +
        bytes +
        74 +
        Buffer.byteLength(`${lines.at(-2)}\n`, 'latin1'),
    );
    expect(lines.at(-3)).toBe('END-OF-OUTPUT');
    expect(growth).toBeLessThan(100 * MiB);
  });

  test('300 MiB through the redacting path: memory stays near the idle baseline (reads reuse one buffer)', async () => {
    // A new 64 KiB Buffer per read leaves tens of MB of dead buffers outside the heap until V8 collects them.
    const bytes = 300 * MiB;
    const { result, growth } = await run(bytes, new Redactor(['never-printed-secret']));
    expect(result.output_bytes).toBe(bytes + 74);
    // Measured here: 17-51 MB with reads in place, ~128 MB with a Buffer per read.
    expect(growth).toBeLessThan(64 * MiB);
  });

  test('a disk slower than the job: the job waits, memory stays bounded, every byte lands (redacting path)', async () => {
    // Every write takes 2 ms more: a disk slower than the job, which cannot be made here.
    const writeSync = fs.writeSync.bind(fs) as (...args: unknown[]) => number;
    const pause = new Int32Array(new SharedArrayBuffer(4));
    const slow = jest.spyOn(fs, 'writeSync').mockImplementation((...args: unknown[]) => {
      Atomics.wait(pause, 0, 0, 2);
      return writeSync(...args);
    });
    try {
      const bytes = 16 * MiB;
      const { result, growth } = await run(bytes, new Redactor(['never-printed-secret']));
      expect(slow).toHaveBeenCalled();
      expect(result.output_bytes).toBe(bytes + 74);
      const log = fs.readFileSync(path.join(wd, 'logs/big.log'), 'latin1').split('\n');
      expect(log.filter((line) => line === 'x'.repeat(63))).toHaveLength(bytes / 64);
      expect(log.at(-3)).toBe('END-OF-OUTPUT');
      expect(growth).toBeLessThan(64 * MiB);
    } finally {
      slow.mockRestore();
    }
  });
});
