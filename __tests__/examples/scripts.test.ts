/**
 * The example repository is the first thing a newcomer runs, so its scripts are tested the way a
 * user (or the orchestrator) runs them: python3 on the real file, from an unrelated folder, into a
 * temp output folder. No orchestrator code is involved; these tests pin the scripts' own contract.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { buildPlan } from '../../src/plan/plan.js';
import { parseSettings } from '../../src/plan/settings.js';
import { pickCurveCharts } from '../../src/report/markdown-curves.js';
import type { SummaryJob } from '../../src/report/summary.js';
import { readCurveFile } from '../../src/run/read-curves.js';

const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples');

interface ExampleScript {
  id: string;
  file: string;
  epochs: boolean;
  folds: boolean;
  mainMetric: string;
  /** The learning curve it writes under metrics/, if any: file, x and columns besides x. */
  curve?: { file: string; x: 'epoch' | 'step'; series: string[] };
}

const SCRIPTS: ExampleScript[] = [
  {
    id: 'als',
    file: 'training/train_als.py',
    epochs: true,
    folds: true,
    mainMetric: 'accuracy',
    curve: { file: 'history.csv', x: 'epoch', series: ['loss', 'val_loss', 'val_accuracy'] },
  },
  {
    id: 'diabetes',
    file: 'training/train_diabetes.py',
    epochs: true,
    folds: true,
    mainMetric: 'accuracy',
    curve: { file: 'history.csv', x: 'epoch', series: ['loss', 'val_loss', 'val_accuracy'] },
  },
  {
    id: 'parkinsons',
    file: 'training/train_parkinsons.py',
    epochs: true,
    folds: true,
    mainMetric: 'r2',
    curve: { file: 'history.csv', x: 'epoch', series: ['loss', 'val_loss', 'val_r2'] },
  },
  {
    id: 'brain_mri',
    file: 'mlops/pipelines/train_brain_mri.py',
    epochs: false,
    folds: true,
    mainMetric: 'accuracy',
  },
  {
    id: 'baseline',
    file: 'scripts/train_baseline.py',
    epochs: false,
    folds: false,
    mainMetric: 'accuracy',
    curve: { file: 'history.jsonl', x: 'step', series: ['val_loss', 'val_accuracy'] },
  },
];

const DEFAULT_ROOTS = ['training', 'files/training', 'scripts', 'mlops/pipelines'];
const JOB_NAME = /^train_.*\.py$/;
interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

let python = 'python3';
const tempDirs: string[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'to-examples-'));
  tempDirs.push(dir);
  return dir;
}

/** Environment without the knobs the scripts read, so a developer's shell cannot change the outcome. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  if (!('TRAIN_LOG_EVERY' in extra)) delete env.TRAIN_LOG_EVERY;
  return env;
}

function runPython(args: string[], env: NodeJS.ProcessEnv = cleanEnv()): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(python, args, { cwd: tempDir(), env, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

function scriptArgs(script: ExampleScript, outputDir: string): string[] {
  return [
    path.join(EXAMPLES, script.file),
    '--output-dir',
    outputDir,
    ...(script.epochs ? ['--epochs', '2'] : []),
    ...(script.folds ? ['--folds', '3'] : []),
  ];
}

/** A minimal summary entry for chart picking. */
function summaryJobFor(id: string): SummaryJob {
  return {
    id,
    base_id: null,
    script: null,
    command: [],
    source: 'discovered',
    optional: false,
    retries: 0,
    timeout_minutes: 0,
    runs_on: null,
    status: 'succeeded',
    attempts: 1,
    attempt_details: [],
    exit_code: 0,
    signal: null,
    started_at: null,
    finished_at: null,
    duration_seconds: 0,
    log_path: '',
    output_dir: '',
    metrics: null,
    output_bytes: 0,
  };
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

function source(file: string): string {
  return fs.readFileSync(path.join(EXAMPLES, file), 'utf8');
}

/** The orchestrator's support rule: the option appears as a whole quoted string literal. */
function declares(file: string, flag: string): boolean {
  return new RegExp(`(["'])${flag}\\1`).test(source(file));
}

function listPython(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((entry) => entry.endsWith('.py') && !entry.split(path.sep).includes('__pycache__'))
    .map((entry) => entry.split(path.sep).join('/'))
    .sort();
}

beforeAll(async () => {
  // Resolve a version-manager shim (pyenv) once to the real interpreter; each shim hop costs a lot.
  const probe = await runPython(['-c', 'import sys; print(sys.executable)']);
  if (probe.code === 0 && probe.stdout.trim()) python = probe.stdout.trim();
});

afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('each example script, run directly', () => {
  test.each(SCRIPTS)('$file writes models/, metrics/ and predictions/', async (script) => {
    const out = path.join(tempDir(), 'out');
    const result = await runPython(scriptArgs(script, out));

    expect(result).toMatchObject({ code: 0 });
    expect(result.stderr.match(/^warning: /gm)).toHaveLength(1);
    if (script.epochs) expect(result.stdout).toMatch(/epoch 2\/2 loss=\d+\.\d+/);
    for (const folder of ['models', 'metrics', 'predictions']) {
      expect(fs.statSync(path.join(out, folder)).isDirectory()).toBe(true);
    }

    const model = readJson(path.join(out, 'models', 'model.json'));
    expect(typeof model.type).toBe('string');

    const metrics = readJson(path.join(out, 'metrics', 'metrics.json'));
    expect(metrics.main_metric).toBe(script.mainMetric);
    expect(Number.isFinite(metrics[script.mainMetric])).toBe(true);
    expect(Number.isFinite(metrics.loss)).toBe(true);
    expect(metrics.samples).toEqual(expect.any(Number));
    if (script.epochs) expect(metrics.epochs).toBe(2);
    if (script.folds) {
      expect(metrics.folds).toBe(3);
      expect(metrics.per_fold).toHaveLength(3);
    }

    const [header, ...rows] = fs
      .readFileSync(path.join(out, 'predictions', 'predictions.csv'), 'utf8')
      .trimEnd()
      .split('\n');
    expect(header).toMatch(/^id,fold,actual,predicted(,probability)?$/);
    expect(rows.length).toBeGreaterThan(0);
    const columns = header.split(',').length;
    expect(rows.filter((row) => row.split(',').length !== columns)).toEqual([]);
    if (script.folds) {
      // Out-of-fold predictions: every example exactly once, labelled with its fold.
      expect(rows).toHaveLength(metrics.samples as number);
      expect(new Set(rows.map((row) => row.split(',')[1]))).toEqual(new Set(['1', '2', '3']));
    }
  });

  test.each(SCRIPTS)('$file is deterministic: two runs write identical bytes', async (script) => {
    const [first, second] = [path.join(tempDir(), 'a'), path.join(tempDir(), 'b')];
    expect(await runPython(scriptArgs(script, first))).toMatchObject({ code: 0 });
    expect(await runPython(scriptArgs(script, second))).toMatchObject({ code: 0 });
    const files = ['models/model.json', 'metrics/metrics.json', 'predictions/predictions.csv'];
    if (script.curve) files.push(`metrics/${script.curve.file}`);
    for (const file of files) {
      expect(fs.readFileSync(path.join(second, file), 'utf8')).toBe(
        fs.readFileSync(path.join(first, file), 'utf8'),
      );
    }
  });

  test.each(SCRIPTS.filter((script) => script.curve))(
    '$file writes a learning curve the orchestrator reads without a warning, and a chart of it',
    async (script) => {
      const out = path.join(tempDir(), 'out');
      expect(await runPython(scriptArgs(script, out))).toMatchObject({ code: 0 });
      const spec = script.curve as NonNullable<ExampleScript['curve']>;
      const result = await readCurveFile(path.join(out, 'metrics', spec.file));
      expect(result.warnings).toEqual([]);
      expect(result.curve?.x).toBe(spec.x);
      expect(Object.keys(result.curve?.series ?? {})).toEqual(spec.series);
      const lengths = Object.values(result.curve?.series ?? {}).map((points) => points.length);
      // One row per epoch (--epochs 2), or ten training-set sizes.
      expect(lengths).toEqual(spec.series.map(() => (script.epochs ? 2 : 10)));
      for (const points of Object.values(result.curve?.series ?? {}))
        for (const [, y] of points) expect(Number.isFinite(y)).toBe(true);
      if (script.epochs) expect(result.curve?.series.loss.map(([x]) => x)).toEqual([1, 2]);

      // The step summary charts it: a loss chart and one of the main metric.
      const job = {
        ...summaryJobFor(script.id),
        metrics: readJson(path.join(out, 'metrics', 'metrics.json')),
      };
      job.curves = [{ file: spec.file, ...(result.curve as NonNullable<typeof result.curve>) }];
      expect(pickCurveCharts(job).map((chart) => chart.metric)).toEqual(['loss', script.mainMetric]);
    },
  );

  test.each(SCRIPTS)('$file declares exactly the standard flags it supports', (script) => {
    expect(declares(script.file, '--output-dir')).toBe(true);
    expect(declares(script.file, '--epochs')).toBe(script.epochs);
    expect(declares(script.file, '--folds')).toBe(script.folds);
  });
});

describe('bad arguments stop a script with exit code 2 and a message', () => {
  const diabetes = 'training/train_diabetes.py';
  test.each([
    {
      file: diabetes,
      args: ['--epochs', '0'],
      message: /--epochs: invalid value '0': expected a whole number >= 1/,
    },
    {
      file: diabetes,
      args: ['--folds', '1'],
      message: /--folds: invalid value '1': expected a whole number >= 2/,
    },
    { file: diabetes, args: ['--folds', 'five'], message: /--folds: invalid value 'five'/ },
    { file: diabetes, args: ['--learning-rate', '-1'], message: /--learning-rate: invalid value '-1'/ },
    {
      file: 'scripts/train_baseline.py',
      args: ['--epochs', '2'],
      message: /unrecognized arguments: --epochs 2/,
    },
    {
      file: 'mlops/pipelines/train_brain_mri.py',
      args: ['--epochs', '2'],
      message: /unrecognized arguments/,
    },
  ])('$file $args', async ({ file, args, message }) => {
    const out = path.join(tempDir(), 'out');
    const result = await runPython([path.join(EXAMPLES, file), '--output-dir', out, ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('--folds larger than the dataset is refused before training', async () => {
    const result = await runPython([path.join(EXAMPLES, 'training/train_als.py'), '--folds', '500']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/--folds 500 is more than --patients 240/);
  });
});

describe('layout', () => {
  test('discovery under the default roots finds exactly the example jobs', () => {
    const jobs = listPython(EXAMPLES).filter(
      (file) =>
        JOB_NAME.test(path.posix.basename(file)) && DEFAULT_ROOTS.some((root) => file.startsWith(`${root}/`)),
    );
    expect(jobs).toEqual(SCRIPTS.map((script) => script.file).sort());
  });

  test('the shared helper module is not a job, and every job imports it', () => {
    expect(fs.existsSync(path.join(EXAMPLES, 'training/common.py'))).toBe(true);
    const helpers = listPython(EXAMPLES).filter((file) => !JOB_NAME.test(path.posix.basename(file)));
    expect(helpers).toEqual(['data/generate_diabetes_sample.py', 'training/common.py']);
    for (const script of SCRIPTS) expect(source(script.file)).toMatch(/^from common import/m);
  });

  test('the bundled CSV is what its generator produces', async () => {
    const regenerated = path.join(tempDir(), 'diabetes.csv');
    const generator = path.join(EXAMPLES, 'data/generate_diabetes_sample.py');
    expect(await runPython([generator, '--output', regenerated])).toMatchObject({ code: 0 });
    const bundled = fs.readFileSync(path.join(EXAMPLES, 'data/diabetes_sample.csv'), 'utf8');
    expect(fs.readFileSync(regenerated, 'utf8')).toBe(bundled);
    expect(bundled.trimEnd().split('\n')).toHaveLength(321);
  });

  test('TRAIN_LOG_EVERY (set per job in the sample config) controls the progress lines', async () => {
    const args = [
      path.join(EXAMPLES, 'training/train_diabetes.py'),
      '--output-dir',
      tempDir(),
      '--epochs',
      '6',
    ];
    const every2 = await runPython(args, cleanEnv({ TRAIN_LOG_EVERY: '2' }));
    expect(every2.stdout.match(/epoch \d+\/6/g)).toEqual(['epoch 2/6', 'epoch 4/6', 'epoch 6/6']);
    const invalid = await runPython(args, cleanEnv({ TRAIN_LOG_EVERY: 'often' }));
    expect(invalid.code).toBe(0);
    expect(invalid.stderr).toMatch(/ignoring TRAIN_LOG_EVERY='often'/);
  });
});

describe('the sample config .github/training-jobs.yml', () => {
  const config = parse(fs.readFileSync(path.join(EXAMPLES, '.github/training-jobs.yml'), 'utf8')) as {
    defaults: Record<string, unknown>;
    discovery: Record<string, unknown>;
    jobs: Record<string, Record<string, unknown>>;
  };
  const jobs = Object.entries(config.jobs);

  test('is valid for the real planner, which plans the sweep as two als variants', async () => {
    const settings = parseSettings({ python: 'python3' }, { workspace: EXAMPLES });
    const plan = await buildPlan(settings);
    expect(plan.jobs.map((job) => job.id).sort()).toEqual([
      'als.learning_rate-0.01',
      'als.learning_rate-0.1',
      'baseline',
      'brain_mri',
      'diabetes',
      'parkinsons',
    ]);
  });

  test('every job names an example script and passes only flags that script declares', () => {
    const files = SCRIPTS.map((script) => script.file);
    expect(jobs.filter(([, job]) => !files.includes(job.script as string)).map(([id]) => id)).toEqual([]);
    const undeclared = jobs.flatMap(([id, job]) =>
      ((job.args ?? []) as unknown[])
        .map(String)
        .filter((arg) => arg.startsWith('--') && !declares(job.script as string, arg))
        .map((flag) => `${id}: ${flag}`),
    );
    expect(undeclared).toEqual([]);
    const env = jobs.flatMap(([, job]) => Object.values((job.env ?? {}) as Record<string, unknown>));
    expect(env.filter((value) => typeof value !== 'string')).toEqual([]);
  });

  test('demonstrates an optional retried job, custom args, an env var and a timeout', () => {
    expect(jobs.filter(([, job]) => job.optional === true && job.retries === 1)).toHaveLength(1);
    expect(jobs.some(([, job]) => Array.isArray(job.args) && job.args.length > 0)).toBe(true);
    expect(jobs.some(([, job]) => Object.keys((job.env ?? {}) as object).length > 0)).toBe(true);
    expect(jobs.some(([, job]) => typeof job.timeout_minutes === 'number' && job.timeout_minutes > 0)).toBe(
      true,
    );
  });

  test('the sweep targets a flag train_als.py declares', () => {
    const sweep = (config.jobs as Record<string, { matrix?: Record<string, unknown> }>).als.matrix ?? {};
    for (const key of Object.keys(sweep)) {
      expect(declares('training/train_als.py', `--${key.replace(/_/g, '-')}`)).toBe(true);
    }
    expect(Object.keys(sweep)).toEqual(['learning_rate']);
  });
});
