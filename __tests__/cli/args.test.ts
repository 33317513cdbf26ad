import { parseCliArgs } from '../../src/cli/args.js';
import { InputError } from '../../src/model/types.js';
import { VERSION } from '../../src/version.js';
import { readFileSync } from 'node:fs';

describe('parseCliArgs maps flags onto the action inputs', () => {
  test.each([
    [['--epochs', '3'], { epochs: '3' }],
    [['--epochs=3', '--folds', '5'], { epochs: '3', folds: '5' }],
    [['--only', 'als', '--only', 'diabetes,brain'], { only: 'als,diabetes,brain' }],
    [['--exclude', 'x'], { exclude: 'x' }],
    [['--parallel', '--max-workers', '8'], { parallel: 'true', max_workers: '8' }],
    [['--retries', '2', '--timeout-minutes', '0.5'], { retries: '2', timeout_minutes: '0.5' }],
    [['--config', 'jobs.yml'], { config: 'jobs.yml' }],
    [['--dry-run'], { dry_run: 'true' }],
    [['--list'], { list_only: 'true' }],
    [['--no-auto-discover'], { no_auto_discover: 'true' }],
    [['--discover-roots', 'a,b', '--discover-root', 'c'], { discover_roots: 'a,b,c' }],
    [['--allow-partial-success', '--verbose'], { allow_partial_success: 'true', verbose: 'true' }],
    [['--python', '/usr/bin/python3'], { python: '/usr/bin/python3' }],
    [
      ['--results-dir', 'r', '--logs-dir', 'l', '--summaries-dir', 's'],
      { results_dir: 'r', logs_dir: 'l', summaries_dir: 's' },
    ],
    [['--history', 'prev.json'], { history_file: 'prev.json' }],
    [['--rerun-failed', 'prev.json'], { rerun_failed_from: 'prev.json' }],
    [['--shard', '2/3'], { shard: '2/3' }],
  ])('%j', (argv, expected) => {
    expect(parseCliArgs(argv).inputs).toEqual(expected);
  });

  test('--extra-arg passes one literal word, quoted for the shared splitter', () => {
    const { inputs } = parseCliArgs(['--extra-args', '--lr 1e-3', '--extra-arg', 'a b; $(rm -rf /)']);
    expect(inputs.extra_args).toBe(`--lr 1e-3 'a b; $(rm -rf /)'`);
  });

  test.each([
    [['--extra-args', '--lr 1e-3 --batch-size 32'], '--lr 1e-3 --batch-size 32'],
    [['--extra-args=--seed 1'], '--seed 1'],
    [['--extra-arg', '--tag', '--extra-arg', 'a b'], "--tag 'a b'"],
  ])('option values may start with a dash: %j', (argv, expected) => {
    expect(parseCliArgs(argv).inputs.extra_args).toBe(expected);
  });

  test('-C attaches its value, and everything after -- is rejected as an argument', () => {
    expect(parseCliArgs(['-C', '--weird-dir']).cwd).toBe('--weird-dir');
    expect(() => parseCliArgs(['--', 'x', 'y'])).toThrow(InputError);
  });

  test('-C, --json, commands', () => {
    const request = parseCliArgs(['plan', '-C', 'examples', '--json', '--shards', '3']);
    expect(request).toMatchObject({ command: 'plan', cwd: 'examples', json: true });
    expect(request.inputs).toEqual({ mode: 'plan', shards: '3' });
    expect(parseCliArgs([]).command).toBe('run');
  });

  test('compare OLD NEW, and --baseline as the baseline input', () => {
    expect(parseCliArgs(['compare', 'a.json', 'b.json', '--json'])).toMatchObject({
      command: 'compare',
      files: ['a.json', 'b.json'],
      json: true,
    });
    expect(parseCliArgs(['--baseline', 'summaries']).inputs).toEqual({ baseline: 'summaries' });
    expect(parseCliArgs(['run']).files).toEqual([]);
  });

  test.each([
    [['--epoch', '3'], /Unknown option '--epoch'\. Did you mean '--epochs'\?/],
    [['--paralel'], /Did you mean '--parallel'\?/],
    [['--zzzzzzzz'], /Unknown option '--zzzzzzzz'\. Run with --help/],
    [['rnu'], /Unknown command 'rnu'\. Did you mean 'run'\?/],
    [['run', 'extra'], /Unexpected argument 'extra'/],
    [['compare', 'old.json'], /compare needs two training summaries, OLD and NEW \(got 1\)/],
    [['compare', 'a', 'b', 'c'], /compare needs two training summaries, OLD and NEW \(got 3\)/],
    [['--baseline', 'auto'], /--baseline auto is not available on the command line/],
    [['--baseline', ' AUTO '], /--baseline auto is not available on the command line/],
    [['--epochs'], /--epochs/],
  ])('bad arguments %j are InputErrors', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(InputError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});

test('VERSION follows package.json', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  expect(VERSION).toBe(pkg.version);
});
