/**
 * "Is the model better?" end to end on the example repository with real Python: a first run, then one
 * job made worse (the diabetes model trained with a far smaller learning rate), then a run with the
 * first summary as baseline and a regression gate on that job:
 * - the CLI bundle (dist/cli/index.js, `npm run package`): exit 1, the broken gate in the console, the
 *   JSON summary's comparison checked against both runs' metrics for every metric of every job;
 * - the action bundle (the harness's fresh build), as the runner drives it: exit 1, the gate in the
 *   step summary and as an error annotation, the outputs gates_passed / regressed_jobs / improved_jobs.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { actionBundle, BUILD_TIMEOUT_MS, commands, repoRoot, runAction } from './support/action-harness.js';

const cliBundle = path.join(repoRoot, 'dist/cli/index.js');
const examples = path.join(repoRoot, 'examples');

interface Comparison {
  metric: string;
  value: number | null;
  baseline: number | null;
  delta: number | null;
  relative: number | null;
  better: 'higher' | 'lower';
  tolerance: number;
  verdict: string;
}
interface SummaryJob {
  id: string;
  status: string;
  metrics: Record<string, unknown> | null;
  params?: Record<string, unknown>;
  comparison?: Comparison[] | null;
  gates?: { passed: boolean; broken: Array<Record<string, unknown>> };
}
interface SummaryFile {
  schema_version: number;
  status: string;
  counts: Record<string, number>;
  jobs: SummaryJob[];
  baseline?: { path: string } | null;
  gates?: { passed: boolean; broken: number; regressed_jobs: string[]; improved_jobs: string[] };
  provenance?: Record<string, unknown>;
}

function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(INPUT_|GITHUB_|RUNNER_|ACTIONS_)/.test(key)),
  );
}

function cli(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cliBundle, ...args], {
    cwd,
    env: cleanEnv(),
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

function read(file: string): SummaryFile {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as SummaryFile;
}

function summaryPathFrom(stdout: string, cwd: string): string {
  const match = /^Summary: (.+)$/m.exec(stdout);
  if (!match) throw new Error(`no Summary: line in\n${stdout}`);
  return path.resolve(cwd, match[1]);
}

/** The example repository with one job made worse and a gate on it. */
function makeWorse(dir: string): void {
  const config = path.join(dir, '.github/training-jobs.yml');
  const text = fs.readFileSync(config, 'utf8');
  const worse = text.replace("args: ['--learning-rate', '0.2',", "args: ['--learning-rate', '0.001',");
  expect(worse).not.toBe(text);
  fs.writeFileSync(
    config,
    worse.replace(
      '    timeout_minutes: 2\n',
      '    timeout_minutes: 2\n    gates:\n      accuracy: { min: 0.5, max_drop: 0.01 }\n',
    ) + '\nmetrics:\n  samples: { tolerance: 0 }\n',
  );
}

/** Every finite number of a metrics object, as dotted paths (the rule the summary documents). */
function numbers(value: unknown, prefix = '', out = new Map<string, number>()): Map<string, number> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [key, item] of Object.entries(value)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof item === 'number' && Number.isFinite(item)) out.set(name, item);
    else if (item && typeof item === 'object' && !Array.isArray(item)) numbers(item, name, out);
  }
  return out;
}

const LOWER =
  /(^|[_\-\s])(loss|error|err|rmse|mae|mse|mape|rmsle|msle|logloss|perplexity|ppl|wer|cer)($|[_\-\s])/;

/** The comparison recomputed from the two runs' metrics, independently of src/report/compare.ts. */
function expectedComparison(now: SummaryJob, before: SummaryJob | undefined): Comparison[] {
  const a = numbers(now.metrics);
  const b = numbers(before?.metrics ?? null);
  const names = [...a.keys(), ...[...b.keys()].filter((name) => !a.has(name))];
  return names.map((metric) => {
    const value = a.get(metric) ?? null;
    const baseline = b.get(metric) ?? null;
    const last = metric.split('.').pop()!.toLowerCase();
    const better = LOWER.test(last) ? 'lower' : 'higher';
    const delta = value !== null && baseline !== null ? value - baseline : null;
    let verdict: string;
    if (baseline === null) verdict = 'new';
    else if (value === null) verdict = 'missing';
    else if (delta === 0) verdict = 'unchanged';
    else verdict = delta! > 0 === (better === 'higher') ? 'improved' : 'regressed';
    return {
      metric,
      value,
      baseline,
      delta,
      relative: delta !== null && baseline ? delta / Math.abs(baseline) : null,
      better,
      tolerance: 0,
      verdict,
    };
  });
}

let dir: string;
let firstSummary: string;

beforeAll(async () => {
  if (!fs.existsSync(cliBundle)) throw new Error('dist/cli/index.js is missing: run npm run package first.');
  if (!cli(['--help'], repoRoot).stdout.includes('compare OLD NEW'))
    throw new Error(
      'dist/cli/index.js predates the baseline and compare features: run npm run package first.',
    );
  await actionBundle();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'to-e2e-quality-'));
  fs.cpSync(examples, dir, { recursive: true });
  const first = cli(['--epochs', '5'], dir);
  expect(first.stderr).toBe('');
  expect(first.status).toBe(0);
  firstSummary = summaryPathFrom(first.stdout, dir);
  fs.mkdirSync(path.join(dir, 'baseline'));
  fs.copyFileSync(firstSummary, path.join(dir, 'baseline', path.basename(firstSummary)));
  makeWorse(dir);
}, BUILD_TIMEOUT_MS + 60_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('the CLI: exit 1, the gate in the console and the JSON, the comparison right for every metric', () => {
  const run = cli(['--epochs', '5', '--baseline', 'baseline'], dir);
  expect(run.status).toBe(1);
  expect(run.stdout).toMatch(/^failure in .*: 6 of 6 jobs succeeded; 1 broke a quality gate$/m);
  expect(run.stdout).toContain(`Baseline: baseline/${path.basename(firstSummary)}`);
  expect(run.stdout).toMatch(/^Gates: 1 broken\.$/m);
  expect(run.stdout).toMatch(
    /^ {2}✗ diabetes: accuracy 0\.\d+ dropped by 0\.\d+ from the baseline 0\.\d+, more than max_drop 0\.01\.$/m,
  );
  expect(run.stderr).toContain('error: Required job(s) broke a quality gate: diabetes');

  const before = read(firstSummary);
  const after = read(summaryPathFrom(run.stdout, dir));
  expect(after.schema_version).toBe(2);
  expect(after.status).toBe('failure');
  expect(after.counts).toMatchObject({ total: 6, succeeded: 6, gate_failed: 1, required_failed: 0 });
  expect(after.baseline?.path).toBe(`baseline/${path.basename(firstSummary)}`);
  expect(after.gates).toEqual({ passed: false, broken: 1, regressed_jobs: ['diabetes'], improved_jobs: [] });
  expect(after.provenance).toMatchObject({
    commit: null,
    run_url: null,
    python_version: expect.stringMatching(/^3\./),
  });

  const diabetes = after.jobs.find((job) => job.id === 'diabetes')!;
  const oldDiabetes = before.jobs.find((job) => job.id === 'diabetes')!;
  expect(diabetes.status).toBe('succeeded');
  expect(diabetes.params).toEqual({ epochs: 5 });
  expect(diabetes.gates?.passed).toBe(false);
  expect(diabetes.gates?.broken).toEqual([
    {
      metric: 'accuracy',
      rule: 'max_drop',
      value: (diabetes.metrics as { accuracy: number }).accuracy,
      bound: 0.01,
      baseline: (oldDiabetes.metrics as { accuracy: number }).accuracy,
      message: expect.stringMatching(/^diabetes: accuracy .* more than max_drop 0\.01\.$/),
    },
  ]);
  // Every metric of every job, against an independent computation from the two runs' metrics.
  for (const job of after.jobs) {
    const old = before.jobs.find((entry) => entry.id === job.id);
    const expected = expectedComparison(job, old);
    expect(job.comparison?.map((row) => row.metric)).toEqual(expected.map((row) => row.metric));
    job.comparison!.forEach((row, i) => {
      const want = expected[i];
      expect([job.id, row.metric, row.verdict, row.better, row.value, row.baseline]).toEqual([
        job.id,
        want.metric,
        want.verdict,
        want.better,
        want.value,
        want.baseline,
      ]);
      if (want.delta === null) expect(row.delta).toBeNull();
      else expect(row.delta).toBeCloseTo(want.delta, 12);
      if (want.relative === null) expect(row.relative).toBeNull();
      else expect(row.relative).toBeCloseTo(want.relative, 12);
    });
  }
  // The other jobs are deterministic: unchanged.
  for (const job of after.jobs.filter((entry) => entry.id !== 'diabetes'))
    expect(new Set(job.comparison?.map((row) => row.verdict))).toEqual(new Set(['unchanged']));
  expect(diabetes.comparison?.find((row) => row.metric === 'loss')?.verdict).toBe('regressed');

  // compare OLD NEW prints the same verdicts.
  const compared = cli(
    [
      'compare',
      path.relative(dir, firstSummary),
      path.relative(dir, summaryPathFrom(run.stdout, dir)),
      '--json',
    ],
    dir,
  );
  expect(compared.status).toBe(0);
  expect(JSON.parse(compared.stdout).regressed_jobs).toEqual(['diabetes']);
});

test('the action: exit 1, the gate in the step summary, as an annotation and in the outputs', async () => {
  const result = await runAction({
    workspace: dir,
    inputs: { epochs: '5', baseline: 'baseline', upload_artifacts: 'false' },
    env: {
      GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
      GITHUB_REPOSITORY: 'octo/models',
      GITHUB_RUN_ID: '4242',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REF: 'refs/heads/main',
    },
    timeoutMs: 120_000,
  });
  expect(result.code).toBe(1);
  expect(result.outputs).toMatchObject({
    status: 'failure',
    gates_passed: 'false',
    regressed_jobs: '["diabetes"]',
    improved_jobs: '[]',
  });
  const errors = commands(result.stdout, 'error');
  expect(errors).toEqual(
    expect.arrayContaining([
      expect.stringMatching(
        /^::error title=diabetes%3A gate accuracy::diabetes: accuracy 0\.\d+ dropped by 0\.\d+ from the baseline 0\.\d+, more than max_drop 0\.01\.$/,
      ),
      expect.stringMatching(/^::error::Required job broke a quality gate: diabetes\.$/),
    ]),
  );
  expect(result.stepSummary).toContain('### Quality gates');
  expect(result.stepSummary).toMatch(
    /- ❌ diabetes: accuracy 0\.\d+ dropped by 0\.\d+ from the baseline 0\.\d+, more than max\\_drop 0\.01\./,
  );
  expect(result.stepSummary).toContain('### Compared with the baseline');
  expect(result.stepSummary).toMatch(
    /\| diabetes \| accuracy \| 0\.\d+ \| 0\.\d+ \| 🔴 ▼ -0\.\d+ \(-\d+(\.\d+)? %\) \|/,
  );
  expect(result.stepSummary).toMatch(/\| diabetes \| loss \| 0\.\d+ \| 0\.\d+ \| 🔴 ▲ \+0\.\d+/);
  // The examples' als sweep gives the table a learning_rate column (`—` for jobs outside the sweep).
  expect(result.stepSummary).toContain('| diabetes | — | ❌ succeeded, gate broken |');
  // Learning curves: this run's beside the baseline's, in real xychart-beta blocks.
  expect(result.stepSummary).toMatch(/```mermaid\n(?:---[\s\S]*?---\n)?xychart-beta/);
  expect(result.stepSummary).toContain('(baseline)');
  const summary = read(result.outputs.summary_path);
  expect(summary.provenance).toMatchObject({
    commit: '0123456789abcdef0123456789abcdef01234567',
    ref: 'refs/heads/main',
    run_id: '4242',
    run_url: 'https://github.com/octo/models/actions/runs/4242',
    repository: 'octo/models',
  });
}, 180_000);
