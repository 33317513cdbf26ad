import { InputError } from '../../src/model/types.js';
import fs from 'node:fs';
import path from 'node:path';
import type { Plan, Settings } from '../../src/model/types.js';
import type { RawInputs } from '../../src/plan/inputs.js';
import { assertJobPathsInside } from '../../src/plan/job-paths.js';
import { buildPlan, planToJobsOutput, planToJson } from '../../src/plan/plan.js';
import { clearPythonCache } from '../../src/plan/python.js';
import { ALL_FLAGS, inputError, memoryLogger, script, settingsFor, tempDir, writeTree } from './helpers.js';

const PY = '/opt/python/bin/python3';
const fakePython = async (): Promise<string> => PY;
const FIXTURE = path.resolve('__tests__/fixtures/plan/repo');

function fixtureRepo(): string {
  const root = tempDir();
  fs.cpSync(FIXTURE, root, { recursive: true });
  return root;
}

async function plan(root: string, raw: RawInputs = {}, logger = memoryLogger()): Promise<Plan> {
  return buildPlan(settingsFor(root, raw), { logger, resolvePython: fakePython });
}

describe('buildPlan on the fixture repository and its sample config', () => {
  const root = fixtureRepo();
  const raw: RawInputs = {
    config: 'training-jobs.yml',
    epochs: '3',
    folds: '5',
    extra_args: '--verbose-log',
  };

  test('the jobs, in plan order, with their commands', async () => {
    const result = await plan(root, raw);
    expect(result.configPath).toBe(path.join(root, 'training-jobs.yml'));
    expect(result.python).toBe(PY);
    expect(result.jobs.map((job) => [job.id, job.source, job.script])).toEqual([
      ['brain_mri', 'config', 'mlops/pipelines/train_brain_mri.py'],
      ['als_scripts', 'config', 'scripts/train_als.py'],
      ['als', 'config', 'training/train_als.py'],
      ['diabetes.learning_rate-1e-3.l2-0', 'config', 'training/train_diabetes.py'],
      ['diabetes.learning_rate-1e-3.l2-0.0005', 'config', 'training/train_diabetes.py'],
      ['diabetes.learning_rate-0.01.l2-0.0005', 'config', 'training/train_diabetes.py'],
      ['r_baseline', 'config', undefined],
    ]);
    const command = Object.fromEntries(result.jobs.map((job) => [job.id, job.command]));
    expect(command.brain_mri).toEqual([
      PY,
      'mlops/pipelines/train_brain_mri.py',
      '--epochs',
      '3',
      '--verbose-log',
    ]);
    expect(command.als_scripts).toEqual([PY, 'scripts/train_als.py', '--verbose-log']);
    expect(command.als).toEqual([
      PY,
      'training/train_als.py',
      '--seed',
      '7',
      '--output-dir',
      'results/als_results',
      '--epochs',
      '3',
      '--folds',
      '5',
      '--verbose-log',
    ]);
    expect(command['diabetes.learning_rate-1e-3.l2-0.0005']).toEqual([
      PY,
      'training/train_diabetes.py',
      '--output-dir',
      'results/diabetes.learning_rate-1e-3.l2-0.0005_results',
      '--epochs',
      '3',
      '--learning-rate',
      '1e-3',
      '--weight-decay',
      '0.0005',
      '--verbose-log',
    ]);
    expect(command.r_baseline).toEqual([
      'Rscript',
      'train.R',
      '--output-dir',
      path.join(root, 'results', 'r_baseline_results'),
      '--verbose-log',
    ]);
  });

  test('every other field of a planned job', async () => {
    const result = await plan(root, {
      ...raw,
      retries: '4',
      timeout_minutes: '9',
      kaggle_username: 'u',
      kaggle_key: 'k3y',
    });
    const byId = Object.fromEntries(result.jobs.map((job) => [job.id, job]));
    expect(byId.als).toEqual({
      id: 'als',
      script: 'training/train_als.py',
      command: expect.any(Array),
      cwd: root,
      env: { KAGGLE_USERNAME: 'u', KAGGLE_KEY: 'k3y', PYTHONHASHSEED: '0', ALS_DATA: 'data/als' },
      optional: true,
      retries: 1,
      timeoutMinutes: 30,
      outputDir: 'results/als_results',
      logPath: 'logs/als.log',
      supports: { epochs: true, folds: true, output_dir: true },
      source: 'config',
      runsOn: undefined,
      baseId: undefined,
      params: { epochs: 3, folds: 5 },
    });
    expect(byId.brain_mri).toMatchObject({
      retries: 0,
      supports: { epochs: true, folds: false, output_dir: false },
    });
    expect(byId.als_scripts).toMatchObject({ timeoutMinutes: 5, optional: false });
    expect(byId.r_baseline).toMatchObject({
      cwd: path.join(root, 'r'),
      runsOn: ['self-hosted', 'gpu'],
      script: undefined,
    });
    expect(byId['diabetes.learning_rate-1e-3.l2-0']).toMatchObject({
      baseId: 'diabetes',
      params: { epochs: 3, learning_rate: '1e-3', l2: '0' },
      logPath: 'logs/diabetes.learning_rate-1e-3.l2-0.log',
      supports: { epochs: true, folds: false, output_dir: true },
    });
  });

  test('detection decisions are logged as debug messages', async () => {
    const logger = memoryLogger();
    await plan(root, raw, logger);
    expect(logger.lines).toContain(
      'debug: detect: training/train_diabetes.py --epochs yes, --folds no, --output-dir yes',
    );
    expect(logger.lines).toContain(
      'debug: detect: scripts/train_als.py --epochs no, --folds no, --output-dir no',
    );
    expect(logger.lines).toContain(`debug: python: auto is ${PY}`);
  });

  test('only and exclude accept sweep base ids and variant ids', async () => {
    const only = await plan(root, { ...raw, only: 'diabetes als' });
    expect(only.jobs.map((job) => job.id)).toEqual([
      'als',
      'diabetes.learning_rate-1e-3.l2-0',
      'diabetes.learning_rate-1e-3.l2-0.0005',
      'diabetes.learning_rate-0.01.l2-0.0005',
    ]);
    const exclude = await plan(root, {
      ...raw,
      exclude: 'diabetes,r_baseline\nals_scripts diabetes.learning_rate-1e-3.l2-0',
    });
    expect(exclude.jobs.map((job) => job.id)).toEqual(['brain_mri', 'als']);
  });

  test('the action output and the CLI --json shapes', async () => {
    const result = await plan(root, { ...raw, only: 'als r_baseline' });
    expect(planToJobsOutput(result)).toEqual([
      { id: 'als', script: 'training/train_als.py', command: result.jobs[0].command, optional: true },
      { id: 'r_baseline', script: null, command: result.jobs[1].command, optional: false },
    ]);
    const json = JSON.parse(JSON.stringify(planToJson(result))) as ReturnType<typeof planToJson>;
    expect(json.jobs[1]).toEqual({
      id: 'r_baseline',
      script: null,
      command: result.jobs[1].command,
      optional: false,
      supports: { epochs: false, folds: false, output_dir: true },
    });
    expect(Object.keys(json.jobs[0])).toEqual(['id', 'script', 'command', 'optional', 'supports']);
  });

  test('planning writes nothing', async () => {
    const before = fs.readdirSync(root).sort();
    await plan(root, raw);
    expect(fs.readdirSync(root).sort()).toEqual(before);
  });
});

describe('buildPlan without a config', () => {
  test('discovery with colliding ids: both scripts run, a warning says which id each got', async () => {
    const root = writeTree(tempDir(), {
      'training/train_als.py': ALL_FLAGS,
      'scripts/train_als.py': script(),
    });
    const result = await plan(root);
    expect(result.jobs.map((job) => [job.id, job.script])).toEqual([
      ['als', 'scripts/train_als.py'],
      ['als.training', 'training/train_als.py'],
    ]);
    expect(result.warnings).toEqual([expect.stringContaining("so training/train_als.py is 'als.training'")]);
    expect(result.configPath).toBeUndefined();
  });

  test('.github/training-jobs.yml is read when the config input is empty', async () => {
    const root = writeTree(tempDir(), {
      'training/train_a.py': ALL_FLAGS,
      '.github/training-jobs.yml': 'jobs:\n  a: {optional: true}\n',
    });
    const result = await plan(root);
    expect(result.jobs[0]).toMatchObject({ id: 'a', optional: true });
    expect(result.configPath).toBe(path.join(root, '.github', 'training-jobs.yml'));
  });

  test('settings defaults flow into jobs: retries, timeout, output and log folders', async () => {
    const root = writeTree(tempDir(), { 'training/train_a.py': ALL_FLAGS });
    const result = await plan(root, {
      retries: '2',
      timeout_minutes: '0.5',
      results_dir: 'out/r',
      logs_dir: 'out/l',
    });
    expect(result.jobs[0]).toMatchObject({
      retries: 2,
      timeoutMinutes: 0.5,
      optional: false,
      outputDir: 'out/r/a_results',
      logPath: 'out/l/a.log',
      command: [PY, 'training/train_a.py', '--output-dir', 'out/r/a_results'],
    });
  });

  test('discover_roots replaces the default roots', async () => {
    const root = writeTree(tempDir(), { 'training/train_a.py': '', 'ml/train_b.py': '' });
    expect((await plan(root, { discover_roots: 'ml' })).jobs.map((job) => job.id)).toEqual(['b']);
  });

  test('config discovery roots and pattern apply unless discover_roots is given', async () => {
    const root = writeTree(tempDir(), {
      'training/train_a.py': '',
      'ml/fit_b.py': '',
      'ml/train_c.py': '',
      '.github/training-jobs.yml': 'discovery:\n  roots: [ml]\n  pattern: "fit_*.py"\n',
    });
    expect((await plan(root)).jobs.map((job) => job.script)).toEqual(['ml/fit_b.py']);
    expect((await plan(root, { discover_roots: 'training ml' })).jobs.map((job) => job.script)).toEqual([
      'ml/fit_b.py',
    ]);
  });

  test('epochs given but no job accepts it: a warning', async () => {
    const root = writeTree(tempDir(), { 'training/train_a.py': script('--output-dir') });
    const result = await plan(root, { epochs: '5' });
    expect(result.warnings).toEqual(['epochs is 5 but no selected job accepts --epochs; it is not passed.']);
  });

  test('two jobs sharing an output folder: a warning', async () => {
    const root = writeTree(tempDir(), {
      'training/train_a.py': '',
      'training/train_b.py': '',
      '.github/training-jobs.yml': 'jobs:\n  a: {output_dir: out}\n  b: {output_dir: out}\n',
    });
    expect((await plan(root)).warnings).toEqual(["Jobs 'a' and 'b' share the output folder out."]);
  });
});

describe('zero jobs is an InputError that says why', () => {
  test.each<[string, Record<string, string>, RawInputs, string, string]>([
    [
      'nothing discovered, no config',
      { 'README.md': '' },
      {},
      'discover_roots',
      'No jobs to run: no train_*.py found under training, files/training, scripts, mlops/pipelines and there is no config file (.github/training-jobs.yml).',
    ],
    [
      'nothing discovered, a config without jobs',
      { 'jobs.yml': 'version: 1\n' },
      { config: 'jobs.yml', discover_roots: 'src' },
      'discover_roots',
      'No jobs to run: no train_*.py found under src and jobs.yml adds no jobs.',
    ],
    [
      'discovery off',
      { 'training/train_a.py': '' },
      { no_auto_discover: 'true' },
      'no_auto_discover',
      'No jobs to run: discovery is off (no_auto_discover) and there is no config file (.github/training-jobs.yml).',
    ],
    [
      'everything excluded',
      { 'training/train_a.py': '', 'training/train_b.py': '' },
      { exclude: 'a b' },
      'exclude',
      "Invalid exclude 'a', 'b': no jobs left to run, all 2 jobs are excluded.",
    ],
    [
      'only with an unknown id',
      { 'training/train_a.py': '' },
      { only: 'z' },
      'only',
      "Invalid only 'z': no such job. Known ids: a.",
    ],
  ])('%s', async (_name, files, raw, where, message) => {
    const root = writeTree(tempDir(), files);
    const error = await inputError(() => plan(root, raw));
    expect(error.where).toBe(where);
    expect(error.message).toBe(message);
  });
});

describe('rerun_failed_from', () => {
  test('selects only what failed, timed out or was cancelled', async () => {
    const root = writeTree(tempDir(), {
      'training/train_a.py': '',
      'training/train_b.py': '',
      'training/train_c.py': '',
      'summaries/last.json': JSON.stringify({
        jobs: [
          { id: 'a', status: 'succeeded' },
          { id: 'b', status: 'timed_out' },
          { id: 'c', status: 'failed' },
        ],
      }),
    });
    const result = await plan(root, { rerun_failed_from: 'summaries/last.json' });
    expect(result.jobs.map((job) => job.id)).toEqual(['b', 'c']);
  });

  test('a summary where everything succeeded: nothing to re-run', async () => {
    const root = writeTree(tempDir(), {
      'training/train_a.py': '',
      'last.json': JSON.stringify({ jobs: [{ id: 'a', status: 'succeeded' }] }),
    });
    const error = await inputError(() => plan(root, { rerun_failed_from: 'last.json' }));
    expect(error.where).toBe('rerun_failed_from');
  });
});

describe('the interpreter', () => {
  test('is resolved once per plan, and only matters when a script job is selected', async () => {
    const root = writeTree(tempDir(), {
      'training/train_a.py': '',
      '.github/training-jobs.yml': 'jobs:\n  r: {command: [Rscript, x.R]}\n',
    });
    const specs: string[] = [];
    const resolvePython = async (spec: string): Promise<string> => {
      specs.push(spec);
      return PY;
    };
    const settings: Settings = settingsFor(root, { python: 'python3.11' });
    const withScripts = await buildPlan(settings, { resolvePython });
    expect(specs).toEqual(['python3.11']);
    expect(withScripts.python).toBe(PY);
    // Without Python on the machine, a plan of command jobs only still works: the probe (started early,
    // in parallel with discovery) may fail, and its failure is ignored.
    const missing = async (): Promise<string> => {
      throw new InputError('python', "Invalid python 'python3.11'. Expected an interpreter on PATH.");
    };
    const commandsOnly = await buildPlan({ ...settings, only: ['r'] }, { resolvePython: missing });
    expect(commandsOnly.python).toBe('');
    await expect(buildPlan(settings, { resolvePython: missing })).rejects.toThrow(
      "Invalid python 'python3.11'",
    );
    // Discovery off: nothing can need Python before the filter, so there is no early probe.
    specs.length = 0;
    await buildPlan({ ...settings, noAutoDiscover: true, only: ['r'] }, { resolvePython });
    expect(specs).toEqual([]);
  });

  test('the default resolver runs the real interpreter', async () => {
    clearPythonCache();
    const root = writeTree(tempDir(), { 'training/train_a.py': '' });
    const result = await buildPlan(settingsFor(root));
    expect(path.isAbsolute(result.python)).toBe(true);
    expect(result.jobs[0].command[0]).toBe(result.python);
  });
});

describe('job paths checked after following symbolic links, before any job starts', () => {
  /** A repository next to a folder outside it, with `link` (relative to the repository) pointing out. */
  function repoWithLink(link: string, target: string, config = ''): { root: string; outside: string } {
    const base = tempDir();
    const outside = writeTree(path.join(base, 'outside'), { 'dir/': '', 'dir/train_x.py': '' });
    const root = writeTree(path.join(base, 'repo'), {
      'training/train_a.py': '',
      ...(config ? { 'jobs.yml': config } : {}),
    });
    fs.mkdirSync(path.dirname(path.join(root, link)), { recursive: true });
    fs.symlinkSync(target === 'OUTSIDE' ? path.join(outside, 'dir') : target, path.join(root, link));
    return { root, outside };
  }

  test.each([
    [
      'the log file itself',
      'logs/a.log',
      '../../outside/dir/a.log',
      '',
      'logs_dir',
      /its log file 'logs\/a\.log'/,
    ],
    ['a dangling log link', 'logs/a.log', '../../outside/nothing-yet.log', '', 'logs_dir', /its log file/],
    [
      'the default output folder',
      'results/a_results',
      'OUTSIDE',
      '',
      'results_dir',
      /results_dir 'results\/a_results'/,
    ],
    [
      'a parent of the output folder (results_dir checked in settings)',
      'out',
      'OUTSIDE',
      'jobs:\n  a: {output_dir: out/a}\n',
      'output_dir',
      /output_dir 'out\/a'/,
    ],
    ['a config cwd', 'work', 'OUTSIDE', 'jobs:\n  a: {cwd: work}\n', 'cwd', /cwd 'work'/],
    [
      'a config script',
      'extra/train_x.py',
      '../../outside/dir/train_x.py',
      'jobs:\n  x: {script: extra/train_x.py}\n',
      'script',
      /script 'extra\/train_x\.py'/,
    ],
  ])(
    '%s linked outside: an InputError naming the job and the setting',
    async (_name, link, target, config, where, pattern) => {
      const { root, outside } = repoWithLink(link, target, config);
      const error = await inputError(() => plan(root, config ? { config: 'jobs.yml' } : {}));
      expect(error.where).toBe(where);
      expect(error.message).toMatch(/^Job '(a|x)': /);
      expect(error.message).toMatch(pattern);
      expect(error.message).toContain('through a symbolic link');
      expect(error.message).not.toContain(outside);
    },
  );

  test('links that stay inside the working directory are fine', async () => {
    const root = writeTree(tempDir(), { 'training/train_a.py': '', 'store/logs/': '', 'store/out/': '' });
    fs.symlinkSync('store/logs', path.join(root, 'logs'));
    fs.symlinkSync('../store/out', path.join(root, 'training', 'out'));
    fs.writeFileSync(path.join(root, 'jobs.yml'), 'jobs:\n  a: {output_dir: training/out/a}\n');
    const result = await plan(root, { config: 'jobs.yml' });
    expect(result.jobs.map((job) => [job.outputDir, job.logPath])).toEqual([
      ['training/out/a', 'logs/a.log'],
    ]);
  });
});

describe('assertJobPathsInside with many jobs (one readdir per shared folder)', () => {
  test.each([1, 40, 200])('the job whose log is a link leaving is found among %i', async (count) => {
    const base = tempDir();
    const root = path.join(base, 'repo');
    fs.mkdirSync(path.join(root, 'logs'), { recursive: true });
    fs.mkdirSync(path.join(base, 'outside'));
    const jobs = Array.from({ length: count }, (_, i) => ({
      id: `j${i}`,
      script: undefined,
      cwd: '.',
      outputDir: `results/j${i}_results`,
      logPath: `logs/j${i}.log`,
    }));
    for (const job of jobs.slice(0, -1)) fs.writeFileSync(path.join(root, job.logPath), '');
    const last = jobs[count - 1];
    fs.symlinkSync('../../outside/x.log', path.join(root, last.logPath));
    // A link that stays inside, among them, is fine.
    if (count > 1) {
      fs.rmSync(path.join(root, jobs[0].logPath));
      fs.symlinkSync('j1.log', path.join(root, jobs[0].logPath));
    }
    const error = await inputError(() => assertJobPathsInside(jobs, root, () => false));
    expect(error.where).toBe('logs_dir');
    expect(error.message).toMatch(new RegExp(`^Job '${last.id}': its log file`));
    expect(() => assertJobPathsInside(jobs.slice(0, -1), root, () => false)).not.toThrow();
  });
});
