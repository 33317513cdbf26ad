import type { Supports } from '../../src/model/types.js';
import { parseConfig } from '../../src/plan/config.js';
import { mergeJobs, type JobSpec, type MergeFileSystem } from '../../src/plan/jobs.js';
import { inputError, tempDir } from './helpers.js';

const ALL: Supports = { epochs: true, folds: true, output_dir: true };
const NONE: Supports = { epochs: false, folds: false, output_dir: false };
const workingDirectory = tempDir();

/** Scripts that "exist" with their supports, and folders that exist. */
function fakeFileSystem(scripts: Record<string, Supports>, folders: string[] = []): MergeFileSystem {
  return {
    supportsOf: async (script) => scripts[script],
    isDirectory: async (relative) => folders.includes(relative),
  };
}

async function merge(
  discovered: string[],
  yaml: string | undefined,
  fileSystem: MergeFileSystem = fakeFileSystem({ 'other/train_x.py': NONE, 'r/run.py': ALL }, ['r', 'data']),
): Promise<{ jobs: JobSpec[]; warnings: string[] }> {
  const config =
    yaml === undefined
      ? undefined
      : await parseConfig(yaml, { path: `${workingDirectory}/jobs.yml`, file: 'jobs.yml' }, workingDirectory);
  return mergeJobs({
    workingDirectory,
    discovered: discovered.map((script) => ({ script, supports: script.includes('noflags') ? NONE : ALL })),
    config,
    fileSystem,
  });
}

const ids = (result: { jobs: JobSpec[] }): string[] => result.jobs.map((job) => job.id);

describe('discovered scripts without a usable id', () => {
  test('a discovered script with no ASCII letter or digit gets a hashed id, never an error', async () => {
    const result = await merge(
      ['training/train_-.py', 'training/train_模型.py', 'training/train_a.py'],
      undefined,
    );
    expect(ids(result)).toEqual([
      expect.stringMatching(/^x-[0-9a-f]{8}$/),
      expect.stringMatching(/^x-[0-9a-f]{8}$/),
      'a',
    ]);
    expect(new Set(ids(result)).size).toBe(3);
  });
});

describe('layers: discovered, then config', () => {
  test('discovered jobs only', async () => {
    const result = await merge(['training/train_a.py', 'training/train_b.py'], undefined);
    expect(ids(result)).toEqual(['a', 'b']);
    expect(result.jobs[0]).toEqual({
      id: 'a',
      baseId: undefined,
      source: 'discovered',
      script: 'training/train_a.py',
      command: undefined,
      args: [],
      cwd: '.',
      outputDir: undefined,
      supports: ALL,
      sweepFlags: [],
      optional: undefined,
      retries: undefined,
      timeoutMinutes: undefined,
      env: {},
      runsOn: undefined,
    });
  });

  test('a config job with the same id overrides the discovered job in place', async () => {
    const result = await merge(
      ['training/train_a.py', 'training/train_b.py'],
      'jobs:\n  a:\n    optional: true\n    retries: 2\n    args: [--x]\n    env: {K: v}\n    epochs: false\n',
    );
    expect(ids(result)).toEqual(['a', 'b']);
    expect(result.jobs[0]).toMatchObject({
      source: 'config',
      script: 'training/train_a.py',
      optional: true,
      retries: 2,
      args: ['--x'],
      env: { K: 'v' },
      supports: { epochs: false, folds: true, output_dir: true },
    });
  });

  test('a config job whose script is a discovered script replaces it, whatever its id', async () => {
    const result = await merge(
      ['scripts/train_als.py', 'training/train_als.py'],
      'jobs:\n  als_v1:\n    script: ./scripts/train_als.py\n',
    );
    expect(ids(result)).toEqual(['als_v1', 'als']);
    expect(result.jobs[0]).toMatchObject({ script: 'scripts/train_als.py', source: 'config', supports: ALL });
  });

  test('enabled: false drops the job it matches, by id or by script', async () => {
    const result = await merge(
      ['training/train_a.py', 'training/train_b.py', 'training/train_c.py'],
      'jobs:\n  a: {enabled: false}\n  whatever: {script: training/train_b.py, enabled: false}\n',
    );
    expect(ids(result)).toEqual(['c']);
  });

  test('enabled: false that matches nothing is a warning', async () => {
    const result = await merge(['training/train_a.py'], 'jobs:\n  zz: {enabled: false}\n');
    expect(result.warnings).toEqual([
      "jobs.yml:2: job 'zz' is disabled (enabled: false) but matches no job.",
    ]);
  });

  test('new config jobs come after the discovered ones, in file order', async () => {
    const result = await merge(
      ['training/train_a.py'],
      'jobs:\n  z_new: {script: other/train_x.py}\n  r: {command: [Rscript, train.R], cwd: r}\n',
    );
    expect(ids(result)).toEqual(['a', 'z_new', 'r']);
    expect(result.jobs[1]).toMatchObject({ source: 'config', script: 'other/train_x.py', supports: NONE });
    expect(result.jobs[2]).toMatchObject({
      script: undefined,
      command: ['Rscript', 'train.R'],
      cwd: 'r',
      supports: NONE,
    });
  });

  test('command jobs get a flag only when the config says true', async () => {
    const result = await merge(
      [],
      'jobs:\n  r: {command: [Rscript, t.R], epochs: true, output_dir_flag: true}\n',
    );
    expect(result.jobs[0].supports).toEqual({ epochs: true, folds: false, output_dir: true });
  });

  test('a command overrides a discovered script job', async () => {
    const result = await merge(['training/train_a.py'], 'jobs:\n  a: {command: [make, train]}\n');
    expect(result.jobs[0]).toMatchObject({ script: undefined, command: ['make', 'train'], supports: NONE });
  });

  test('a config job naming a discovered script takes its id first; the script with that id gets a suffix', async () => {
    const renamed = await merge(
      ['training/train_a.py', 'training/train_b.py'],
      'jobs:\n  b: {script: training/train_a.py}\n',
    );
    expect(renamed.jobs.map((job) => [job.id, job.script])).toEqual([
      ['b', 'training/train_a.py'],
      ['b.training', 'training/train_b.py'],
    ]);
    expect(renamed.warnings).toEqual([
      "Job id 'b' is taken by the config job for training/train_a.py, so training/train_b.py is 'b.training'. Name them in the config (jobs: <id>: script: …) to choose other ids.",
    ]);
  });

  test('a config job with a discovered id and another script or a command replaces it, with a warning', async () => {
    const other = await merge(['training/train_a.py'], 'jobs:\n  a: {script: other/train_x.py}\n');
    expect(other.jobs.map((job) => [job.id, job.script, job.supports])).toEqual([
      ['a', 'other/train_x.py', NONE],
    ]);
    expect(other.warnings).toEqual([
      "jobs.yml:2: job 'a' runs other/train_x.py instead of the discovered script training/train_a.py.",
    ]);
    const command = await merge(['training/train_a.py'], 'jobs:\n  a: {command: [make, train]}\n');
    expect(command.warnings).toEqual([
      "jobs.yml:2: job 'a' runs command make train instead of the discovered script training/train_a.py.",
    ]);
  });

  test('naming the first of two colliding scripts in the config leaves the bare id to the other', async () => {
    const result = await merge(
      ['scripts/train_als.py', 'training/train_als.py'],
      'jobs:\n  als_scripts: {script: scripts/train_als.py}\n  als: {optional: true}\n',
    );
    expect(result.jobs.map((job) => [job.id, job.script, job.optional])).toEqual([
      ['als_scripts', 'scripts/train_als.py', undefined],
      ['als', 'training/train_als.py', true],
    ]);
    expect(result.warnings).toEqual([]);
  });

  test('two config jobs may run one script with different args (only non-config jobs are matched by script)', async () => {
    const result = await merge(
      ['training/train_a.py'],
      'jobs:\n  small: {script: training/train_a.py, args: [--small]}\n  big: {script: training/train_a.py, args: [--big]}\n',
    );
    expect(ids(result)).toEqual(['small', 'big']);
  });

  test('output_dir and cwd are kept relative to the working directory', async () => {
    const result = await merge(['training/train_a.py'], 'jobs:\n  a: {output_dir: ./out/a/, cwd: data}\n');
    expect(result.jobs[0]).toMatchObject({ outputDir: 'out/a', cwd: 'data' });
  });
});

describe('config errors in the merge', () => {
  test.each<[string, string[], string, string]>([
    [
      'script and command together',
      [],
      'jobs:\n  a: {script: other/train_x.py, command: [x]}\n',
      "jobs.yml:2: job 'a': it sets both script and command",
    ],
    [
      'a new job without script or command',
      ['training/train_als.py'],
      'jobs:\n  alss: {retries: 1}\n',
      "jobs.yml:2: job 'alss': no discovered job has this id or script, so it needs script or command. Did you mean 'als'?",
    ],
    ['a new job, nothing discovered', [], 'jobs:\n  x: {retries: 1}\n', 'so it needs script or command.'],
    [
      'a script that does not exist',
      [],
      'jobs:\n  a:\n    script: missing.py\n',
      "jobs.yml:3: job 'a': script 'missing.py' does not exist or is not a file.",
    ],
    [
      'a script escaping by ..',
      [],
      'jobs:\n  a:\n    script: ../x.py\n',
      "jobs.yml:3: job 'a': script '../x.py' is outside the working directory",
    ],
    [
      'a script escaping by an absolute path',
      [],
      'jobs:\n  a:\n    script: /etc/passwd\n',
      "script '/etc/passwd' is outside the working directory",
    ],
    ['a script that is the working directory', [], 'jobs:\n  a:\n    script: .\n', 'script must be a file'],
    [
      'a cwd escaping',
      ['training/train_a.py'],
      'jobs:\n  a:\n    cwd: training/../..\n',
      "jobs.yml:3: job 'a': cwd 'training/../..' is outside",
    ],
    [
      'a cwd that is not a folder',
      ['training/train_a.py'],
      'jobs:\n  a:\n    cwd: nowhere\n',
      "jobs.yml:3: job 'a': cwd 'nowhere' is not an existing folder.",
    ],
    [
      'an output_dir escaping',
      ['training/train_a.py'],
      'jobs:\n  a:\n    output_dir: ../../out\n',
      "jobs.yml:3: job 'a': output_dir '../../out' is outside",
    ],
    [
      'an output_dir that is the working directory',
      ['training/train_a.py'],
      'jobs:\n  a:\n    output_dir: ./\n',
      'not all of it',
    ],
    [
      'a sweep variant id equal to another job',
      ['training/train_a.py'],
      'jobs:\n  a: {matrix: {n: [1]}}\n  a.n-1: {script: other/train_x.py}\n',
      "two jobs would have the id 'a.n-1'",
    ],
    [
      'a sweep id too long',
      ['training/train_a.py'],
      `jobs:\n  a: {matrix: {p: [${'x'.repeat(130)}]}}\n`,
      'longer than 128 characters',
    ],
  ])('%s', async (_name, discovered, yaml, message) => {
    const error = await inputError(() => merge(discovered, yaml));
    expect(error.message).toContain(message);
    expect(error.where).toMatch(/^jobs\.yml:\d+$/);
  });
});

describe('sweeps expand into one job per combination', () => {
  test('ids, base id, output folders and flags', async () => {
    const result = await merge(
      ['training/train_a.py', 'training/train_b.py'],
      'jobs:\n  a:\n    matrix: {lr: [0.1, 1e-2], bs: [16]}\n  b:\n    output_dir: out/b\n    matrix: {seed: [1, 2]}\n',
    );
    expect(ids(result)).toEqual(['a.lr-0.1.bs-16', 'a.lr-1e-2.bs-16', 'b.seed-1', 'b.seed-2']);
    expect(result.jobs.map((job) => [job.baseId, job.outputDir, job.sweepFlags])).toEqual([
      ['a', undefined, ['--lr', '0.1', '--bs', '16']],
      ['a', undefined, ['--lr', '1e-2', '--bs', '16']],
      ['b', 'out/b/seed-1', ['--seed', '1']],
      ['b', 'out/b/seed-2', ['--seed', '2']],
    ]);
  });
});
