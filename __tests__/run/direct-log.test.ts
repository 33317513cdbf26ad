/**
 * Logs at disk speed: without a secret to mask, a job writes straight to its log file (its stdout and stderr
 * are the file's descriptor) and the runner reads the echo, the tail and the byte count back from the file.
 * With a secret, the output comes through pipes and the redactor. Both paths must give the same log, tail,
 * byte count and echo for the same output: each case runs the same job with no secret and with one that never
 * appears, and compares.
 */
import { jest } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import type { JobResult, PlannedJob } from '../../src/model/types.js';
import { Redactor } from '../../src/report/redact.js';
import { JobLog } from '../../src/run/job-log.js';
import { runPlan } from '../../src/run/run-plan.js';
import type { RunEvent, RunOptions } from '../../src/run/types.js';
import { eventsOf, job, plan, PYTHON, readLog, tempDir } from './helpers.js';

const NEVER_PRINTED = 'never-printed-secret-value';

/** Headers and footers carry times and durations: the only part two runs may differ in. */
function normalized(log: string): string {
  return log
    .replace(/ · \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ · /g, ' · TIME · ')
    .replace(/ · [\d.]+s ===$/gm, ' · DURATION ===');
}

interface Run {
  result: JobResult;
  log: string;
  echo: string[];
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs `build(wd)` once with no secret and once with a secret that never appears. */
async function bothPaths(
  build: (wd: string) => PlannedJob,
  options: Partial<RunOptions> = {},
): Promise<{ direct: Run; piped: Run }> {
  const runs: Run[] = [];
  for (const secrets of [[], [NEVER_PRINTED]]) {
    const wd = tempDir();
    made.push(wd);
    const events: RunEvent[] = [];
    const planned = build(wd);
    const [result] = await runPlan(plan([planned]), {
      workingDirectory: wd,
      parallel: false,
      maxWorkers: 1,
      redactor: new Redactor(secrets),
      retryDelayMs: 0,
      onEvent: (event) => events.push(event),
      ...options,
    });
    runs.push({
      result,
      log: readLog(wd, planned.id),
      // How lines are grouped into events depends on how the output arrived: compare line by line.
      echo: eventsOf(events, 'job-output').flatMap((event) =>
        event.text.split('\n').map((line) => `${event.attempt}: ${line}`),
      ),
    });
  }
  return { direct: runs[0], piped: runs[1] };
}

function python(wd: string, id: string, code: string, args: string[] = [], over: Partial<PlannedJob> = {}) {
  return job(wd, id, [PYTHON, '-c', code, ...args], over);
}

function expectSame(direct: Run, piped: Run): void {
  expect(normalized(direct.log)).toBe(normalized(piped.log));
  expect(direct.result.tail).toEqual(piped.result.tail);
  expect(direct.result.output_bytes).toBe(piped.result.output_bytes);
  expect(direct.result.attempts.map((a) => [a.status, a.exit_code])).toEqual(
    piped.result.attempts.map((a) => [a.status, a.exit_code]),
  );
  expect(direct.echo).toEqual(piped.echo);
}

describe('a job without secrets writes straight to its log file', () => {
  test('its stdout and stderr are the log file itself (not pipes); with a secret they are pipes', async () => {
    const code = [
      'import os, stat, sys',
      'print("stdout file:", stat.S_ISREG(os.fstat(1).st_mode), "stderr file:", stat.S_ISREG(os.fstat(2).st_mode))',
    ].join('\n');
    const { direct, piped } = await bothPaths((wd) => python(wd, 'kind', code));
    expect(direct.result.tail).toEqual(['stdout file: True stderr file: True']);
    expect(piped.result.tail).toEqual(['stdout file: False stderr file: False']);
  });

  test('same log, tail, byte count and echo on both paths: two streams, retries, a last line without newline, progress bars, long lines', async () => {
    const code = String.raw`
import os, sys, time
state = sys.argv[1]
first = not os.path.exists(state)
open(state, "a").close()
for i in range(200):
    print(f"line {i} é ✓")
for i in range(3):
    sys.stdout.flush()
    time.sleep(0.05)
    print(f"err {i}", file=sys.stderr, flush=True)
    time.sleep(0.05)
sys.stdout.write("10%\r50%\r100%\n")
print("y" * 3000)
print("z" * 20000)
sys.stdout.write("no newline at the end")
sys.stdout.flush()
sys.exit(3 if first else 0)
`;
    const { direct, piped } = await bothPaths((wd) => python(wd, 'mixed', code, ['state'], { retries: 1 }));
    expectSame(direct, piped);
    expect(direct.result.attempts.map((a) => a.status)).toEqual(['failed', 'succeeded']);
    // The footer starts on a line of its own after the unfinished last line.
    expect(direct.log).toMatch(/\nno newline at the end\n=== attempt 1\/2 · failed · exit code 3 · /);
    expect(direct.result.tail.at(-1)).toBe('no newline at the end');
    expect(direct.result.tail.at(-2)).toBe(`${'z'.repeat(1000)}…`);
    // Both attempts' output is counted, our own lines are not.
    const perAttempt = Buffer.byteLength(
      Array.from({ length: 200 }, (_, i) => `line ${i} é ✓\n`).join('') +
        'err 0\nerr 1\nerr 2\n10%\r50%\r100%\n' +
        `${'y'.repeat(3000)}\n${'z'.repeat(20000)}\nno newline at the end`,
    );
    expect(direct.result.output_bytes).toBe(2 * perAttempt);
    expect(direct.echo[0]).toBe('1: line 0 é ✓');
    expect(direct.echo.filter((text) => text.startsWith('2: '))).not.toHaveLength(0);
  });

  test('a timeout notice written in the middle of the output is in the log, but not in the tail, echo or byte count', async () => {
    const code = String.raw`
import signal, sys, time
def term(*_):
    sys.stdout.write("got SIGTERM\n")
    sys.stdout.flush()
    sys.exit(0)
signal.signal(signal.SIGTERM, term)
for i in range(5):
    print(f"step {i}")
sys.stdout.write("partial")
sys.stdout.flush()
time.sleep(30)
`;
    const { direct, piped } = await bothPaths(
      (wd) => python(wd, 'slow', code, [], { timeoutMinutes: 0.01 }),
      {
        timeoutKillGraceMs: 5_000,
      },
    );
    expectSame(direct, piped);
    expect(direct.result.status).toBe('timed_out');
    expect(direct.log).toMatch(
      /\nstep 4\npartial\n--- timed out after 0\.6s: SIGTERM to the process group, SIGKILL in 5s\ngot SIGTERM\n=== attempt 1\/1 · timed out/,
    );
    expect(direct.result.tail.slice(-2)).toEqual(['step 4', 'partialgot SIGTERM']);
    expect(direct.result.output_bytes).toBe(
      Buffer.byteLength('step 0\nstep 1\nstep 2\nstep 3\nstep 4\npartialgot SIGTERM\n'),
    );
    expect(direct.echo.join('\n')).not.toContain('timed out');
  });

  test('the echo read back from the file is whole lines and stops at its cap with the notice, as through pipes', async () => {
    const code = 'for i in range(400):\n    print(f"echo line {i:04d} " + "e" * 20)';
    const { direct, piped } = await bothPaths((wd) => python(wd, 'echo', code), { echoLimitBytes: 2000 });
    expectSame(direct, piped);
    expect(direct.echo.at(-1)).toMatch(/^1: … output truncated after 2 KiB; full log: logs\/echo\.log$/);
    for (const line of direct.echo.slice(0, -1)) expect(line).toMatch(/^1: echo line \d{4} e{20}$/);
    expect(direct.result.output_bytes).toBe(
      400 * Buffer.byteLength('echo line 0000 ' + 'e'.repeat(20) + '\n'),
    );
  });

  test('a log left by an earlier run is replaced, not overwritten in place (nothing of it remains after the new end)', async () => {
    const { direct, piped } = await bothPaths((wd) => {
      fs.mkdirSync(path.join(wd, 'logs'), { recursive: true });
      fs.writeFileSync(path.join(wd, 'logs', 'again.log'), `${'old line of an earlier run\n'.repeat(5000)}`);
      return python(wd, 'again', 'print("new")');
    });
    expectSame(direct, piped);
    expect(direct.log).not.toContain('old line');
    expect(direct.log.split('\n').filter((line) => !line.startsWith('==='))).toEqual(['new', '']);
  });

  test('the tail of a big output is found from the end of the file (and a job printing nothing has none)', async () => {
    const code = String.raw`
import os, sys
block = (b"b" * 99 + b"\n") * 10000
for _ in range(20):
    os.write(1, block)
for i in range(40):
    os.write(1, b"last %d\n" % i)
`;
    const { direct, piped } = await bothPaths((wd) => python(wd, 'big', code), { echoLimitBytes: 0 });
    expectSame(direct, piped);
    expect(direct.result.tail).toEqual(Array.from({ length: 30 }, (_, i) => `last ${i + 10}`));
    const quiet = await bothPaths((wd) => python(wd, 'quiet', 'pass'));
    expectSame(quiet.direct, quiet.piped);
    expect(quiet.direct.result.tail).toEqual([]);
    expect(quiet.direct.result.output_bytes).toBe(0);
  });

  test.each([
    {
      name: 'no newline at all',
      code: 'os.write(1, b"x" * (1 << 20) * 16)',
      expected: [`…${'x'.repeat(1000)}`],
    },
    {
      name: 'a progress bar redrawn with \\r only',
      code: 'for i in range(1 << 18):\n    os.write(1, b"\\r%9d/262143 steps" % i) if i % 4096 == 0 or i == 262143 else None\nos.write(1, (b"\\r" + b"p" * 63) * (1 << 18))\nos.write(1, b"\\r262143/262143 steps")',
      expected: ['262143/262143 steps'],
    },
    {
      name: 'one giant last line after short lines, a timeout notice among them',
      code: 'import signal, time\nsignal.signal(signal.SIGTERM, lambda *_: (os.write(1, b"got SIGTERM"), os._exit(1)))\nos.write(1, b"epoch 1\\n" + b"y" * (1 << 20) * 16)\ntime.sleep(30)',
      timeout: true,
      expected: [`…${'y'.repeat(989)}got SIGTERM`],
    },
  ])(
    'a big output of any shape ($name): same tail on both paths, and the file is read back in a few blocks',
    async ({ code, expected, timeout }) => {
      const read = jest.spyOn(JobLog.prototype, 'read');
      try {
        const { direct, piped } = await bothPaths(
          (wd) => python(wd, 'shape', `import os\n${code}`, [], timeout ? { timeoutMinutes: 0.02 } : {}),
          { echoLimitBytes: 0, timeoutKillGraceMs: 5_000 },
        );
        expectSame(direct, piped);
        expect(direct.result.tail).toEqual(expected);
        expect(direct.result.output_bytes).toBeGreaterThanOrEqual(16 * 1024 * 1024);
        // Only the direct run reads its log back: the tail's window (~120 KB) and a few bytes, not 16 MiB twice.
        const bytesRead = read.mock.results.reduce((sum, result) => sum + (result.value as number), 0);
        expect(bytesRead).toBeLessThan(256 * 1024);
      } finally {
        read.mockRestore();
      }
    },
  );

  test('the echo of a progress bar redrawn with \\r only stops after 64 times its cap read, the same on both paths', async () => {
    const code =
      'import os\nos.write(1, b"start\\n")\nos.write(1, (b"\\r" + b"p" * 63) * (1 << 18))\nos.write(1, b"\\rdone\\n")';
    const read = jest.spyOn(JobLog.prototype, 'read');
    try {
      const { direct, piped } = await bothPaths((wd) => python(wd, 'bar', code), { echoLimitBytes: 4096 });
      expectSame(direct, piped);
      expect(direct.echo).toEqual([
        '1: start',
        "1: … output truncated after 256 KiB read, mostly redrawn with '\\r'; full log: logs/bar.log",
      ]);
      // "start" is 16 MiB before the end, outside the tail's window; the last line shows its last state.
      expect(direct.result.tail).toEqual(['done']);
      // 16 MiB printed: the echo's 256 KiB (and the rest of the block it stopped in) and the tail's window.
      const bytesRead = read.mock.results.reduce((sum, result) => sum + (result.value as number), 0);
      expect(bytesRead).toBeLessThan(1024 * 1024);
    } finally {
      read.mockRestore();
    }
  });
});
