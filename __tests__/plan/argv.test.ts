import path from 'node:path';
import { buildArgv, type ArgvJob } from '../../src/plan/argv.js';

const ALL = { epochs: true, folds: true, output_dir: true };
const NONE = { epochs: false, folds: false, output_dir: false };
const WD = path.resolve('/repo');
const PY = '/usr/bin/python3.11';

const job = (over: Partial<ArgvJob> = {}): ArgvJob => ({
  script: 'training/train_als.py',
  command: undefined,
  args: [],
  cwd: '.',
  outputDir: 'results/als_results',
  supports: ALL,
  sweepFlags: [],
  ...over,
});
const settings = (over: { epochs?: number; folds?: number; extraArgs?: string[] } = {}) => ({
  workingDirectory: WD,
  epochs: over.epochs,
  folds: over.folds,
  extraArgs: over.extraArgs ?? [],
});

describe('buildArgv', () => {
  test.each<[string, ArgvJob, ReturnType<typeof settings>, string[]]>([
    [
      'nothing given: only --output-dir',
      job(),
      settings(),
      [PY, 'training/train_als.py', '--output-dir', 'results/als_results'],
    ],
    [
      'the full order',
      job({ args: ['--dataset', 'als'], sweepFlags: ['--lr', '0.1'] }),
      settings({ epochs: 5, folds: 3, extraArgs: ['--seed=1', 'a b'] }),
      [
        PY,
        'training/train_als.py',
        '--dataset',
        'als',
        '--output-dir',
        'results/als_results',
        '--epochs',
        '5',
        '--folds',
        '3',
        '--lr',
        '0.1',
        '--seed=1',
        'a b',
      ],
    ],
    [
      'unsupported flags are not passed',
      job({ supports: NONE }),
      settings({ epochs: 5, folds: 3 }),
      [PY, 'training/train_als.py'],
    ],
    [
      'epochs supported, folds not',
      job({ supports: { epochs: true, folds: false, output_dir: false } }),
      settings({ epochs: 5, folds: 3 }),
      [PY, 'training/train_als.py', '--epochs', '5'],
    ],
    [
      'epochs supported but not given',
      job({ supports: { ...NONE, epochs: true } }),
      settings(),
      [PY, 'training/train_als.py'],
    ],
    [
      'a command job: the command, then the same rules',
      job({ script: undefined, command: ['Rscript', 'train.R'], supports: { ...NONE, output_dir: true } }),
      settings({ epochs: 5, extraArgs: ['--x'] }),
      ['Rscript', 'train.R', '--output-dir', 'results/als_results', '--x'],
    ],
    [
      'a job with its own cwd gets absolute paths',
      job({ cwd: 'training' }),
      settings(),
      [
        PY,
        path.join(WD, 'training', 'train_als.py'),
        '--output-dir',
        path.join(WD, 'results', 'als_results'),
      ],
    ],
    [
      'shell text in extra args stays one literal argument each',
      job({ supports: NONE }),
      settings({ extraArgs: ['$(rm -rf /)', ';', '|'] }),
      [PY, 'training/train_als.py', '$(rm -rf /)', ';', '|'],
    ],
  ])('%s', (_name, input, options, expected) => {
    expect(buildArgv(input, options, PY)).toEqual(expected);
  });

  test('the job command array is not shared with the result', () => {
    const command = ['make', 'train'];
    const argv = buildArgv(
      job({ script: undefined, command, supports: NONE }),
      settings({ extraArgs: ['x'] }),
      PY,
    );
    expect(argv).toEqual(['make', 'train', 'x']);
    expect(command).toEqual(['make', 'train']);
  });
});

describe('paths are never read as options', () => {
  test.each<[string, Partial<ArgvJob>, string[]]>([
    [
      'a script in a folder named like -c code',
      { script: '-c print(1)/train_x.py' },
      [PY, './-c print(1)/train_x.py', '--output-dir', 'results/als_results'],
    ],
    [
      'a script path starting with -m',
      { script: '-m/train_x.py' },
      [PY, './-m/train_x.py', '--output-dir', 'results/als_results'],
    ],
    [
      'an output folder starting with -',
      { outputDir: '-o/als' },
      [PY, 'training/train_als.py', '--output-dir', './-o/als'],
    ],
    [
      'a leading dash only matters at the start',
      { script: 'a/-c/train_x.py', outputDir: 'r/-x' },
      [PY, 'a/-c/train_x.py', '--output-dir', 'r/-x'],
    ],
  ])('%s', (_name, over, expected) => {
    expect(buildArgv(job(over), settings(), PY)).toEqual(expected);
  });

  test('a job with its own cwd gets absolute paths, which never start with -', () => {
    expect(buildArgv(job({ cwd: 'sub', script: '-m/train_x.py', outputDir: '-o' }), settings(), PY)).toEqual([
      PY,
      path.join(WD, '-m', 'train_x.py'),
      '--output-dir',
      path.join(WD, '-o'),
    ]);
  });
});
