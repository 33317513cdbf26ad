/**
 * Reading a job's pipes into one reused buffer (pipe-reader.ts), and what that asks of everyone downstream:
 * the bytes handed to a reader are overwritten by the next read, so the log (and the tail, the echo) must be
 * done with them when the callback returns. A log that kept the chunk and wrote it later would write the
 * bytes of a later read in its place: the logs below are compared byte for byte.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { Redactor } from '../../src/report/redact.js';
import { readInPlace } from '../../src/run/pipe-reader.js';
import { runPlan } from '../../src/run/run-plan.js';
import { job, plan, PYTHON, readLog, tempDir } from './helpers.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * Prints `count` numbered lines with the secret in each on stdout, in bursts of random sizes that often end
 * inside the secret, and after each burst a run of 'E's on stderr (nothing else goes to stderr): a secret
 * reaches the runner in two reads with stderr's bytes in between. A 2 ms pause between writes lets each one
 * arrive as a read of its own.
 */
const INTERLEAVED_PY = String.raw`import os, random, sys, time
count, secret = int(sys.argv[1]), sys.argv[2].encode()
rng = random.Random(7)
data = b''.join(b'%d %s%s.\n' % (n, b'.' * rng.randrange(0, 30), secret) for n in range(count))
at = 0
while at < len(data):
    cut = data.find(secret, at)
    end = cut + rng.randrange(1, len(secret)) if cut >= 0 and rng.random() < 0.7 else at + rng.randrange(1, 400)
    os.write(1, data[at:end])
    at = min(end, len(data))
    time.sleep(0.002)
    os.write(2, b'E' * rng.randrange(1, 20))
    time.sleep(0.002)
`;

describe('readInPlace', () => {
  test('reads every byte of both pipes through one reused buffer; the child and the sockets close', async () => {
    const child = spawn(
      PYTHON,
      ['-c', 'import os\nfor i in range(200): os.write(1, b"o" * 70000); os.write(2, b"e" * 3000)'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const seen = { o: 0, e: 0, other: 0 };
    const buffers = new Set<ArrayBufferLike>();
    const onBytes = (bytes: Buffer) => {
      buffers.add(bytes.buffer);
      for (const byte of bytes) {
        if (byte === 0x6f) seen.o++;
        else if (byte === 0x65) seen.e++;
        else seen.other++;
      }
    };
    const readers = [child.stdout, child.stderr].map((pipe) => readInPlace(pipe!, onBytes));
    expect(readers.every((reader) => reader !== undefined)).toBe(true);
    const closed = readers.map((reader) => new Promise((resolve) => reader!.once('close', resolve)));
    const childClosed = new Promise((resolve) => child.once('close', resolve));
    await Promise.all([...closed, childClosed]);
    expect(seen).toEqual({ o: 200 * 70000, e: 200 * 3000, other: 0 });
    // One buffer for every read of both pipes: nothing is allocated per read.
    expect(buffers.size).toBe(1);
  });

  test('a pipe that is not a socket with a handle is left to its data events', async () => {
    const pipe = new PassThrough();
    expect(readInPlace(pipe, () => {})).toBeUndefined();
    const got: Buffer[] = [];
    pipe.on('data', (chunk: Buffer) => got.push(chunk));
    pipe.end('still readable');
    await new Promise((resolve) => pipe.once('end', resolve));
    expect(Buffer.concat(got).toString()).toBe('still readable');
  });
});

describe('the redacting path with reads in place', () => {
  const secret = 'tok-3f9a-secret-value';

  async function runJobs(jobs: number, script: string, args: string[]) {
    const wd = tempDir();
    made.push(wd);
    fs.writeFileSync(path.join(wd, 'job.py'), script);
    const planned = Array.from({ length: jobs }, (_, i) =>
      job(wd, `j${i}`, [PYTHON, path.join(wd, 'job.py'), ...args]),
    );
    const results = await runPlan(plan(planned), {
      workingDirectory: wd,
      parallel: jobs > 1,
      maxWorkers: jobs,
      redactor: new Redactor([secret]),
    });
    expect(results.map((result) => result.status)).toEqual(planned.map(() => 'succeeded'));
    return planned.map((each) => readLog(wd, each.id));
  }

  test.each([
    ['one job', 1],
    ['three parallel jobs sharing the read buffer', 3],
  ])(
    '%s: a secret cut in two by stderr between its reads is masked; every byte lands once, in order per pipe',
    async (_name, jobs) => {
      const count = 150;
      for (const log of await runJobs(jobs, INTERLEAVED_PY, [String(count), secret])) {
        const lines = log.split('\n');
        expect(lines[0]).toMatch(/^=== attempt 1\/1 · /);
        expect(lines.at(-2)).toMatch(/^=== attempt 1\/1 · succeeded · exit code 0 · /);
        const output = lines.slice(1, -2).join('\n');
        // stdout alone: stderr's bytes taken out, every secret a mask, every line there and in order.
        const stdout = output.replace(/E/g, '').replace(/\n+$/, '');
        const expected = Array.from({ length: count }, (_, n) => new RegExp(`^${n} \\.*\\*\\*\\*\\.$`));
        const got = stdout.split('\n');
        expect(got).toHaveLength(count);
        got.forEach((line, n) => expect(line).toMatch(expected[n]));
        expect(log).not.toContain(secret);
        // No piece of the secret longer than a third of it is left outside a mask.
        expect(output).not.toMatch(/tok-3f9|a-secret|et-value/);
      }
    },
  );

  test('what a pipe held back at its end (the beginning of a secret) lands before the footer', async () => {
    const [log] = await runJobs(1, 'import os\nos.write(1, b"ends with tok-3f")\n', []);
    const lines = log.split('\n');
    expect(lines.at(-3)).toBe('ends with tok-3f');
    expect(lines.at(-2)).toMatch(/^=== attempt 1\/1 · succeeded · exit code 0 · /);
  });
});
