/** `training-orchestrator compare OLD NEW` through runCli, on summary files in a temp folder. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, type CliIo } from '../../src/cli/main.js';
import { formatQualityLines } from '../../src/report/comparison-text.js';
import { assessRun } from '../../src/report/quality.js';
import { Redactor } from '../../src/report/redact.js';
import { buildSummary } from '../../src/report/summary.js';
import { T0, makeRun, makeSummary } from '../report/fixtures.js';

const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'to-compare-')));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function io(env: NodeJS.ProcessEnv = {}): CliIo & { stdout: string; stderr: string } {
  const sink = {
    stdout: '',
    stderr: '',
    env,
    cwd: dir,
    isTTY: false,
    out: (text: string) => void (sink.stdout += text),
    err: (text: string) => void (sink.stderr += text),
  };
  return sink;
}

function write(name: string, value: unknown): string {
  fs.writeFileSync(path.join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));
  return name;
}

const older = write(
  'old.json',
  makeSummary({
    jobs: [
      { id: 'a', metrics: { accuracy: 0.9, loss: 0.5, val: { rmse: 2 } } },
      { id: 'gone', metrics: { accuracy: 1 } },
    ],
  }),
);
const newer = write(
  'new.json',
  makeSummary({
    jobs: [{ id: 'a', metrics: { accuracy: 0.8, loss: 0.4, val: { rmse: 2 } } }, { id: 'fresh' }],
  }),
);

describe('compare OLD NEW', () => {
  test('a table of every metric of every job, and exit 0 whatever the verdicts', async () => {
    const sink = io();
    expect(await runCli(['compare', older, newer], sink)).toBe(0);
    const lines = sink.stdout.split('\n');
    expect(lines[0]).toMatch(/^OLD: old\.json \(run of 2026-11-28T22:10:00\.000Z\)$/);
    expect(lines[1]).toMatch(/^NEW: new\.json/);
    expect(lines.slice(3)).toEqual([
      'JOB              METRIC    OLD     NEW  DELTA    CHANGE  VERDICT',
      'a                accuracy  0.9     0.8   -0.1  -11.11 %  REGRESSED (higher is better)',
      'a                loss      0.5     0.4   -0.1     -20 %  improved (lower is better)',
      'a                val.rmse    2       2      0       0 %  unchanged',
      'fresh (new job)  accuracy    -  0.9123                   new',
      'gone (gone)      accuracy    1       -                   missing',
      '',
      '1 improved, 1 regressed, 1 unchanged, 1 new, 1 missing',
      '',
    ]);
    expect(sink.stderr).toBe('');
  });

  test('--json: the comparison, nothing else on stdout', async () => {
    const sink = io();
    expect(await runCli(['compare', older, newer, '--json'], sink)).toBe(0);
    const json = JSON.parse(sink.stdout);
    expect(json.regressed_jobs).toEqual(['a']);
    expect(json.improved_jobs).toEqual([]);
    expect(json.counts).toEqual({ improved: 1, regressed: 1, unchanged: 1, new: 1, missing: 1 });
    expect(json.jobs.map((job: { id: string; presence: string }) => [job.id, job.presence])).toEqual([
      ['a', 'both'],
      ['fresh', 'new'],
      ['gone', 'old'],
    ]);
    expect(json.jobs[0].metrics[0]).toEqual({
      metric: 'accuracy',
      value: 0.8,
      baseline: 0.9,
      delta: expect.closeTo(-0.1, 12),
      relative: expect.closeTo(-0.1 / 0.9, 12),
      better: 'higher',
      tolerance: 0,
      verdict: 'regressed',
    });
  });

  test('a version-1 summary compares like any other', async () => {
    const v1 = JSON.parse(fs.readFileSync(path.join(dir, older), 'utf8'));
    v1.schema_version = 1;
    const name = write('v1.json', v1);
    expect(await runCli(['compare', name, newer, '--json'], io())).toBe(0);
  });

  test.each([
    [['compare', 'nope.json', 'new.json'], "error: Invalid OLD 'nope.json': the file does not exist"],
    [['compare', 'old.json', 'broken.json'], "error: Invalid NEW 'broken.json': it cannot be read ("],
    [
      ['compare', 'old.json', 'other.json'],
      "error: Invalid NEW 'other.json': the file is not a training summary: status is missing",
    ],
    [
      ['compare', '../x.json', 'new.json'],
      "error: Invalid OLD '../x.json': it is outside the working directory",
    ],
    [['compare', 'old.json'], 'error: compare needs two training summaries'],
  ])('%j: exit 2, the message names the argument', async (argv, message) => {
    write('broken.json', '{ nope');
    write('other.json', { schema_version: 2 });
    const sink = io();
    expect(await runCli(argv, sink)).toBe(2);
    expect(sink.stderr.startsWith(message)).toBe(true);
    expect(sink.stderr).not.toMatch(/\n\s+at /);
  });

  test('a file linked from outside the working directory is refused', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'to-compare-out-'));
    fs.copyFileSync(path.join(dir, older), path.join(outside, 'x.json'));
    fs.symlinkSync(path.join(outside, 'x.json'), path.join(dir, 'linked.json'));
    const sink = io();
    expect(await runCli(['compare', 'linked.json', newer], sink)).toBe(2);
    expect(sink.stderr).toContain('through a symbolic link');
    fs.rmSync(outside, { recursive: true, force: true });
  });
});

describe('the lines after the final table', () => {
  test('baseline, changed metrics (regressions first), broken gates', () => {
    const { settings, plan, results } = makeRun({
      jobs: [{ id: 'a', metrics: { accuracy: 0.8, loss: 0.4 }, job: { gates: { accuracy: { min: 0.85 } } } }],
      settings: { baseline: 'old.json' },
    });
    const quality = assessRun(plan, results, {
      path: 'old.json',
      started_at: '2026-11-01T00:00:00.000Z',
      commit: 'abcdef0123456789',
      run_url: null,
      jobs: [{ id: 'a', status: 'succeeded', metrics: { accuracy: 0.9, loss: 0.5 } }],
    });
    const summary = buildSummary({
      settings,
      plan,
      results,
      startedAt: new Date(T0),
      finishedAt: new Date(T0 + 1000),
      status: 'failure',
      redactor: new Redactor([]),
      quality,
    });
    expect(formatQualityLines(summary).split('\n')).toEqual([
      'Baseline: old.json (run of 2026-11-01T00:00:00.000Z, commit abcdef012345)',
      'Metrics: 1 regressed, 1 improved.',
      '  ▼ a: accuracy 0.9 → 0.8 (-0.1, -11.11 %)',
      '  ▲ a: loss 0.5 → 0.4 (-0.1, -20 %)',
      'Gates: 1 broken.',
      '  ✗ a: accuracy 0.8 is below the minimum 0.85 (baseline 0.9).',
    ]);
  });

  test('nothing without a baseline setting or gates', () => {
    expect(formatQualityLines(makeSummary({ jobs: [{ id: 'a' }] }))).toBe('');
  });
});
