import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { INPUT_FLAGS } from '../../src/cli/args.js';
import { cliMessage, FLAG_FOR_INPUT } from '../../src/cli/flag-names.js';
import { runCliInMemory } from '../support/cli-in-memory.js';

const repo = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'to-cli-flags-')));
fs.mkdirSync(path.join(repo, 'training'));
fs.writeFileSync(path.join(repo, 'training', 'train_als.py'), 'print("ok")\n');
afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

const run = (argv: string[]) => runCliInMemory(argv, {}, repo);

/**
 * One invalid value per flag that takes one (the command it belongs to first when it is not `run`). A
 * flag added to INPUT_FLAGS without a row here fails the coverage test below.
 */
const INVALID: Record<string, string[]> = {
  epochs: ['--epochs', '0'],
  folds: ['--folds', 'x'],
  only: ['--only', 'alz'],
  exclude: ['--exclude', 'als'],
  'max-workers': ['--max-workers', '0'],
  retries: ['--retries', '101'],
  config: ['--config', 'missing.yml'],
  'extra-args': ['--extra-args', "'never closed"],
  'discover-roots': ['--discover-roots', '../outside'],
  python: ['--python', '/nonexistent/python3'],
  'results-dir': ['--results-dir', '..'],
  'logs-dir': ['--logs-dir', '..'],
  'summaries-dir': ['--summaries-dir', '.'],
  'timeout-minutes': ['--timeout-minutes', '0.001'],
  history: ['--dry-run', '--history', 'missing.json'],
  'rerun-failed': ['--rerun-failed', 'missing.json'],
  shard: ['--shard', '3/2'],
  shards: ['plan', '--shards', 'many'],
  'shard-target-minutes': ['plan', '--shard-target-minutes', '0'],
  'merge-from': ['merge', '--merge-from', '../outside'],
  'notify-webhook': ['--notify-webhook', 'not-a-url'],
  'notify-on': ['--notify-on', 'sometimes'],

  baseline: ['--dry-run', '--baseline', '../outside.json'],

  'resource-interval': ['--resource-interval', '5'],

  cpus: ['--cpus', '0'],
  memory: ['--memory', '16'],
  gpus: ['--gpus', 'first'],
};

describe('CLI errors name CLI flags, not action input names', () => {
  const valueFlags = Object.entries(INPUT_FLAGS).filter(([, spec]) => spec.type === 'string');

  test('every flag that takes a value has an invalid-value case', () => {
    expect(Object.keys(INVALID).sort()).toEqual(valueFlags.map(([flag]) => flag).sort());
  });

  test.each(valueFlags)('--%s', async (flag, spec) => {
    const { code, err } = await run(INVALID[flag]);
    expect(code).toBe(2);
    expect(err).toMatch(/^error: /);
    expect(err).toContain(`--${flag}`);
    expect(err).not.toContain(`Invalid ${spec.input} `);
    expect(err).not.toContain(`Invalid ${spec.input}:`);
    if (spec.input.includes('_')) expect(err).not.toMatch(new RegExp(`(?<![\\w-])${spec.input}(?![\\w-])`));
  });

  test.each(Object.entries(INPUT_FLAGS).filter(([, spec]) => spec.type === 'boolean'))(
    '--%s given a value',
    async (flag, spec) => {
      const { code, err } = await run([`--${flag}=maybe`]);
      expect(code).toBe(2);
      expect(err).toContain(`--${flag}`);
      expect(err).not.toContain(spec.input.includes('_') ? spec.input : `Invalid ${spec.input}`);
    },
  );

  test('-C/--cwd: a missing folder is named as --cwd', async () => {
    const { code, err } = await run(['--cwd', 'no-such-folder', '--list']);
    expect(code).toBe(2);
    expect(err).toContain("Invalid --cwd '");
    expect(err).not.toContain('working_directory');
  });

  test('inputs without a flag keep their names; paths and values are left alone', () => {
    expect(FLAG_FOR_INPUT.has('kaggle_username')).toBe(false);
    expect(cliMessage('Invalid kaggle_key: it is empty while kaggle_username is set.')).toBe(
      'Invalid kaggle_key: it is empty while kaggle_username is set.',
    );
    expect(cliMessage("Invalid max_workers '0'. Expected a whole number (max_workers)")).toBe(
      "Invalid --max-workers '0'. Expected a whole number (--max-workers)",
    );
    expect(cliMessage("Invalid config 'my_results_dir/logs_dir.yml'")).toBe(
      "Invalid --config 'my_results_dir/logs_dir.yml'",
    );
    expect(cliMessage('Invalid shards 2 and Invalid shard 1/2')).toBe(
      'Invalid --shards 2 and Invalid --shard 1/2',
    );
  });
});
