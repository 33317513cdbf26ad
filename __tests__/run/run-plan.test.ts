import fs from 'node:fs';
import path from 'node:path';
import { Redactor } from '../../src/report/redact.js';
import { runPlan } from '../../src/run/run-plan.js';
import type { RunEvent } from '../../src/run/types.js';
import { eventsOf, job, plan, PYTHON, readLog, recordingLogger, scriptJob, tempDir } from './helpers.js';

/** Real processes (tiny stdlib Python fixtures); assertions on the files they leave and the results. */
describe('runPlan with real processes', () => {
  let wd: string;
  beforeEach(() => {
    wd = tempDir();
  });
  afterEach(() => {
    fs.rmSync(wd, { recursive: true, force: true });
  });

  test('a job that succeeds: output folders, a log with header and footer, the tail and the byte count', async () => {
    const events: RunEvent[] = [];
    const [result] = await runPlan(plan([scriptJob(wd, 'ok', 'succeed.py', ['--epochs', 'two words'])]), {
      workingDirectory: wd,
      parallel: false,
      maxWorkers: 1,
      onEvent: (event) => events.push(event),
    });

    for (const folder of ['models', 'metrics', 'predictions']) {
      expect(fs.statSync(path.join(wd, 'results/ok_results', folder)).isDirectory()).toBe(true);
    }
    const log = readLog(wd, 'ok');
    const lines = log.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^=== attempt 1\/1 · \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ · \S+python3 \S+\/succeed\.py --epochs 'two words' ===$/,
    );
    expect(lines).toContain('hello from succeed');
    expect(lines).toContain('args: --epochs two words');
    expect(lines).toContain('a warning on stderr');
    expect(lines.at(-1)).toMatch(/^=== attempt 1\/1 · succeeded · exit code 0 · [\d.]+s ===$/);

    expect(result).toMatchObject({
      id: 'ok',
      status: 'succeeded',
      exit_code: 0,
      signal: null,
      metrics: null,
    });
    expect(result.attempts).toHaveLength(1);
    expect(result.tail).toContain('done');
    expect(result.tail).toContain('a warning on stderr');
    const printed = 'hello from succeed\nargs: --epochs two words\na warning on stderr\ndone\n';
    expect(result.output_bytes).toBe(Buffer.byteLength(printed));
    expect(Date.parse(result.finished_at!)).toBeGreaterThanOrEqual(Date.parse(result.started_at!));

    const types = events.map((event) => event.type);
    expect(types.slice(0, 2)).toEqual(['run-start', 'job-start']);
    expect(types.at(-1)).toBe('job-end');
    expect(new Set(types.slice(2, -1))).toEqual(new Set(['job-output']));
    const output = eventsOf(events, 'job-output')
      .map((event) => event.text)
      .join('\n');
    expect(output.split('\n').sort()).toEqual(printed.trimEnd().split('\n').sort());
  });

  test('a job that exits with a code fails with that code, after 1 + retries attempts, each under a header', async () => {
    const events: RunEvent[] = [];
    const sleeps: number[] = [];
    const [result] = await runPlan(
      plan([scriptJob(wd, 'bad', 'exit-code.py', ['7'], { retries: 2 })]),
      {
        workingDirectory: wd,
        parallel: false,
        maxWorkers: 1,
        retryDelayMs: 1234,
        onEvent: (e) => events.push(e),
      },
      { sleep: async (ms) => void sleeps.push(ms) },
    );

    expect(result.status).toBe('failed');
    expect(result.exit_code).toBe(7);
    expect(result.attempts.map((a) => [a.attempt, a.status, a.exit_code])).toEqual([
      [1, 'failed', 7],
      [2, 'failed', 7],
      [3, 'failed', 7],
    ]);
    expect(sleeps).toEqual([1234, 1234]);
    expect(eventsOf(events, 'job-retry').map((e) => [e.attempt, e.delayMs, e.reason])).toEqual([
      [2, 1234, 'exit code 7'],
      [3, 1234, 'exit code 7'],
    ]);
    expect(eventsOf(events, 'job-start')).toHaveLength(1);

    const log = readLog(wd, 'bad');
    for (const n of [1, 2, 3]) {
      expect(log).toMatch(new RegExp(`^=== attempt ${n}/3 · .+ ===$`, 'm'));
      expect(log).toMatch(new RegExp(`^=== attempt ${n}/3 · failed · exit code 7 · .+s ===$`, 'm'));
    }
    expect(log.match(/^exiting with 7$/gm)).toHaveLength(3);
    expect(result.tail).toEqual(['exiting with 7']);
    expect(result.output_bytes).toBe(3 * Buffer.byteLength('exiting with 7\n'));
  });

  test('a job that fails once then succeeds is retried with the real delay and ends succeeded', async () => {
    const state = path.join(wd, 'state');
    const [result] = await runPlan(plan([scriptJob(wd, 'flaky', 'fail-once.py', [state], { retries: 1 })]), {
      workingDirectory: wd,
      parallel: false,
      maxWorkers: 1,
      retryDelayMs: 50,
    });

    expect(result.status).toBe('succeeded');
    expect(result.attempts.map((a) => [a.status, a.exit_code])).toEqual([
      ['failed', 3],
      ['succeeded', 0],
    ]);
    expect(result.started_at).toBe(result.attempts[0].started_at);
    expect(result.finished_at).toBe(result.attempts[1].finished_at);
    expect(result.tail).toEqual(['second run: succeeding']);
    const log = readLog(wd, 'flaky');
    expect(log.indexOf('first run: failing')).toBeLessThan(log.indexOf('=== attempt 2/2'));
    expect(log.indexOf('=== attempt 2/2')).toBeLessThan(log.indexOf('second run: succeeding'));
  });

  test('a program that does not exist is a failed attempt with a clear line, not an exception', async () => {
    const [result] = await runPlan(
      plan([job(wd, 'missing', ['definitely-not-a-program-xyz', '--x'], { retries: 1 })]),
      {
        workingDirectory: wd,
        parallel: false,
        maxWorkers: 1,
        retryDelayMs: 1,
      },
    );

    expect(result.status).toBe('failed');
    expect(result.exit_code).toBeNull();
    expect(result.attempts).toHaveLength(2);
    expect(result.tail).toEqual([
      'could not start: command not found: definitely-not-a-program-xyz (ENOENT)',
    ]);
    const log = readLog(wd, 'missing');
    expect(
      log.match(/^could not start: command not found: definitely-not-a-program-xyz \(ENOENT\)$/gm),
    ).toHaveLength(2);
  });

  test('a missing working directory is reported as such', async () => {
    const [result] = await runPlan(
      plan([scriptJob(wd, 'nocwd', 'succeed.py', [], { cwd: path.join(wd, 'nope') })]),
      {
        workingDirectory: wd,
        parallel: false,
        maxWorkers: 1,
      },
    );
    expect(result.status).toBe('failed');
    expect(result.tail[0]).toMatch(/working directory .*nope does not exist/);
  });

  test('stdin is closed: a script reading it gets EOF at once', async () => {
    const [result] = await runPlan(plan([scriptJob(wd, 'stdin', 'read-stdin.py')]), {
      workingDirectory: wd,
      parallel: false,
      maxWorkers: 1,
    });
    expect(result.status).toBe('succeeded');
    expect(result.tail).toEqual(['stdin bytes: 0']);
  });

  test('stdout and stderr are interleaved in the log in the order they were printed', async () => {
    await runPlan(plan([scriptJob(wd, 'mix', 'interleave.py')]), {
      workingDirectory: wd,
      parallel: false,
      maxWorkers: 1,
    });
    const body = readLog(wd, 'mix')
      .split('\n')
      .filter((line) => /^(out|err) \d$/.test(line));
    expect(body).toEqual(['out 0', 'err 1', 'out 2', 'err 3', 'out 4', 'err 5']);
  });

  test('job env goes over the process env, cwd is the job cwd, PYTHONUNBUFFERED is set', async () => {
    const cwd = path.join(wd, 'sub');
    fs.mkdirSync(cwd);
    const code =
      'import os; print(os.getcwd()); print(os.environ["MY_VAR"]); print(os.environ["PYTHONUNBUFFERED"]); print(os.environ.get("PATH") is not None)';
    const [result] = await runPlan(
      plan([job(wd, 'env', [PYTHON, '-c', code], { cwd, env: { MY_VAR: 'from-job' } })]),
      {
        workingDirectory: wd,
        parallel: false,
        maxWorkers: 1,
      },
    );
    expect(result.tail).toEqual([fs.realpathSync(cwd), 'from-job', '1', 'True']);
  });

  test('metrics/*.json are merged in name order; invalid files and non-objects are skipped with a warning; secrets masked', async () => {
    const logger = recordingLogger();
    const [result] = await runPlan(
      plan([
        scriptJob(
          wd,
          'metrics',
          'write-metrics.py',
          ['--output-dir', path.join(wd, 'results/metrics_results')],
          {
            env: { TOKEN: 's3cr3t-value' },
          },
        ),
      ]),
      { workingDirectory: wd, parallel: false, maxWorkers: 1, redactor: new Redactor(['s3cr3t-value']) },
      { logger },
    );
    expect(result.metrics).toEqual({ accuracy: 0.9, loss: 1.0, note: 'token=***' });
    expect(logger.lines.filter((line) => line.startsWith('warn:'))).toEqual([
      expect.stringMatching(
        /^warn: results\/metrics_results\/metrics\/c\.json is not valid JSON at position 1: /,
      ),
      'warn: results/metrics_results/metrics/d.json is not a JSON object (it holds an array): skipped.',
    ]);
  });

  test('output that does not end with a newline never glues onto the footer', async () => {
    await runPlan(
      plan([job(wd, 'partial', [PYTHON, '-c', 'import sys; sys.stdout.write("no newline at the end")'])]),
      {
        workingDirectory: wd,
        parallel: false,
        maxWorkers: 1,
      },
    );
    const lines = readLog(wd, 'partial').trimEnd().split('\n');
    expect(lines.at(-2)).toBe('no newline at the end');
    expect(lines.at(-1)).toMatch(/^=== attempt 1\/1 · succeeded · exit code 0 · [\d.]+s ===$/);
  });

  test('metrics a previous run left in a reused output folder are not merged; files the job rewrites are', async () => {
    const metricsDir = path.join(wd, 'results/ok_results/metrics');
    fs.mkdirSync(metricsDir, { recursive: true });
    fs.writeFileSync(path.join(metricsDir, 'old.json'), '{"stale": true}');
    const [clean] = await runPlan(plan([scriptJob(wd, 'ok', 'succeed.py', [])]), {
      workingDirectory: wd,
      parallel: false,
      maxWorkers: 1,
    });
    expect(clean.metrics).toBeNull();

    const rewritten = path.join(wd, 'results/metrics_results/metrics');
    fs.mkdirSync(rewritten, { recursive: true });
    fs.writeFileSync(path.join(rewritten, 'a.json'), '{"accuracy": 0.1, "stale": true}');
    fs.utimesSync(path.join(rewritten, 'a.json'), new Date(2020, 0, 1), new Date(2020, 0, 1));
    const [fresh] = await runPlan(
      plan([
        scriptJob(wd, 'metrics', 'write-metrics.py', [
          '--output-dir',
          path.join(wd, 'results/metrics_results'),
        ]),
      ]),
      { workingDirectory: wd, parallel: false, maxWorkers: 1 },
      { logger: recordingLogger() },
    );
    expect(fresh.metrics).toMatchObject({ accuracy: 0.9 });
    expect(fresh.metrics).not.toHaveProperty('stale');
  });

  test('a secret printed in two writes never reaches the log, the tail or the console echo', async () => {
    const secret = 'hunter2-very-secret';
    const events: RunEvent[] = [];
    const [result] = await runPlan(
      plan([scriptJob(wd, 'secret', 'secret.py', [], { env: { TOKEN: secret } })]),
      {
        workingDirectory: wd,
        parallel: false,
        maxWorkers: 1,
        redactor: new Redactor([secret]),
        onEvent: (event) => events.push(event),
      },
    );
    const log = readLog(wd, 'secret');
    expect(log).not.toContain(secret);
    expect(log).not.toContain(secret.slice(0, 9));
    expect(log.match(/token is \*\*\* \(end\)/g)).toHaveLength(2);
    expect(result.tail).toEqual(['token is *** (end)', 'token is *** (end)']);
    const echoed = eventsOf(events, 'job-output')
      .map((event) => event.text)
      .join('\n');
    expect(echoed).not.toContain(secret.slice(0, 9));
    expect(echoed).toContain('token is *** (end)');
  });

  test('the console echo stops after the limit with one notice; the log keeps everything', async () => {
    const events: RunEvent[] = [];
    const [result] = await runPlan(plan([scriptJob(wd, 'chatty', 'print-lots.py', [String(64 * 1000)])]), {
      workingDirectory: wd,
      parallel: false,
      maxWorkers: 1,
      echoLimitBytes: 640,
      onEvent: (event) => events.push(event),
    });
    const echoed = eventsOf(events, 'job-output').map((event) => event.text);
    expect(echoed.join('\n').split('\n')).toEqual([
      ...Array(10).fill('x'.repeat(63)),
      '… output truncated after 640 B; full log: logs/chatty.log',
    ]);
    expect(result.output_bytes).toBe(64 * 1000 + 74);
    expect(result.tail.slice(-2)).toEqual(['tail line 5', 'END-OF-OUTPUT']);
  });

  test('a job whose folders cannot be created fails with the reason; the other jobs run', async () => {
    fs.writeFileSync(path.join(wd, 'blocked'), 'a file where a folder should be');
    const results = await runPlan(
      plan([
        scriptJob(wd, 'a', 'succeed.py', [], { logPath: 'blocked/a.log' }),
        scriptJob(wd, 'b', 'succeed.py'),
      ]),
      { workingDirectory: wd, parallel: false, maxWorkers: 1 },
      { logger: recordingLogger() },
    );
    expect(results.map((r) => r.status)).toEqual(['failed', 'succeeded']);
    expect(results[0].tail[0]).toMatch(/^could not create the job's folders: .*(ENOTDIR|EEXIST)/);
  });

  test('a log file that cannot be written (disk full) is reported once; the job still runs to its end', async () => {
    const logger = recordingLogger();
    const [result] = await runPlan(
      plan([scriptJob(wd, 'full', 'print-lots.py', [String(64 * 4096)], { logPath: 'logs/full.log' })]),
      { workingDirectory: wd, parallel: false, maxWorkers: 1 },
      // A log file on a full disk: /dev/full answers every write with ENOSPC.
      { logger, openLog: () => ({ fd: fs.openSync('/dev/full', 'w') }) },
    );
    expect(result.status).toBe('succeeded');
    expect(result.output_bytes).toBe(64 * 4096 + 74);
    expect(result.tail.at(-1)).toBe('END-OF-OUTPUT');
    expect(logger.lines.filter((line) => line.startsWith('warn:'))).toEqual([
      expect.stringMatching(
        /^warn: Could not write the log logs\/full\.log: no space left on device \(ENOSPC\)/,
      ),
    ]);
    expect(result.notes).toEqual([
      expect.stringMatching(/^Could not write the log logs\/full\.log: .*ENOSPC/),
    ]);
  });
});
