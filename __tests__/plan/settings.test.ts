import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { InputError, type Settings } from '../../src/model/types.js';
import { INPUT_NAMES, type RawInputs } from '../../src/plan/inputs.js';
import {
  parseBooleanInput,
  parseDecimalInput,
  parseIntegerInput,
  parseSettings,
  parseShard,
  splitLines,
  splitList,
} from '../../src/plan/settings.js';
import { syncInputError, tempDir, writeTree } from './helpers.js';

const workspace = writeTree(tempDir(), { 'repo/training/': '', 'file.txt': '' });
const parse = (raw: RawInputs): Settings => parseSettings(raw, { workspace });
const errorOf = (raw: RawInputs): InputError => syncInputError(() => parse(raw));

describe('parseSettings: empty means default', () => {
  const expected: Settings = {
    workingDirectory: workspace,
    epochs: undefined,
    folds: undefined,
    only: [],
    exclude: [],
    parallel: false,
    maxWorkers: 4,
    retries: 0,
    config: undefined,
    extraArgs: [],
    dryRun: false,
    listOnly: false,
    noAutoDiscover: false,
    discoverRoots: undefined,
    allowPartialSuccess: false,
    verbose: false,
    python: 'auto',
    resultsDir: 'results',
    logsDir: 'logs',
    summariesDir: 'summaries',
    timeoutMinutes: 0,
    historyFile: undefined,
    rerunFailedFrom: undefined,
    shard: undefined,
    secrets: [],
    jobEnv: {},
    resourceIntervalMs: 500,
  };

  test('no inputs at all', () => {
    expect(parse({})).toEqual(expected);
  });

  test('every input present but empty (a schedule run, a reusable-workflow call)', () => {
    const raw = Object.fromEntries(INPUT_NAMES.map((name) => [name, ''])) as RawInputs;
    expect(parse(raw)).toEqual(expected);
  });

  test('every input blank (spaces, newlines)', () => {
    const raw = Object.fromEntries(INPUT_NAMES.map((name) => [name, ' \n '])) as RawInputs;
    expect(parse(raw)).toEqual(expected);
  });
});

describe('booleans accept what core.getBooleanInput accepts, and empty', () => {
  test.each(['true', 'True', 'TRUE', ' true '])('%p is true', (value) => {
    expect(parse({ parallel: value }).parallel).toBe(true);
  });
  test.each(['false', 'False', 'FALSE'])('%p is false', (value) => {
    expect(parse({ parallel: value }).parallel).toBe(false);
  });
  test.each(['yes', 'no', '1', '0', 'on', 'tRue', 'y'])(
    '%p is an InputError naming the input and the accepted values',
    (value) => {
      const error = errorOf({ dry_run: value });
      expect(error.where).toBe('dry_run');
      expect(error.message).toBe(
        `Invalid dry_run '${value}'. Expected true, True, TRUE, false, False or FALSE (empty means false).`,
      );
    },
  );
  test.each<[keyof RawInputs, keyof Settings]>([
    ['parallel', 'parallel'],
    ['dry_run', 'dryRun'],
    ['list_only', 'listOnly'],
    ['no_auto_discover', 'noAutoDiscover'],
    ['allow_partial_success', 'allowPartialSuccess'],
    ['verbose', 'verbose'],
  ])('%s sets %s', (input, field) => {
    expect(parse({ [input]: 'true' })[field]).toBe(true);
  });
});

describe('integers: non-negative base-10 only', () => {
  test.each<[keyof RawInputs, string, keyof Settings, number]>([
    ['max_workers', '1', 'maxWorkers', 1],
    ['max_workers', '16', 'maxWorkers', 16],
    ['max_workers', ' 8 ', 'maxWorkers', 8],
    ['retries', '0', 'retries', 0],
    ['retries', '3', 'retries', 3],
    ['retries', '007', 'retries', 7],
    ['epochs', '1', 'epochs', 1],
    ['epochs', '50', 'epochs', 50],
    ['folds', '5', 'folds', 5],
  ])('%s %p gives %s = %p', (input, value, field, expected) => {
    expect(parse({ [input]: value })[field]).toBe(expected);
  });

  test.each<[keyof RawInputs, string]>([
    ['max_workers', '0'],
    ['max_workers', '-1'],
    ['max_workers', '2.5'],
    ['max_workers', 'four'],
    ['max_workers', '1e3'],
    ['max_workers', '0x10'],
    ['max_workers', '+4'],
    ['max_workers', '4 workers'],
    ['max_workers', '100000'],
    ['retries', '-1'],
    ['retries', '1.0'],
    ['retries', '101'],
    ['epochs', '0'],
    ['epochs', '-5'],
    ['epochs', 'ten'],
    ['folds', '0'],
    ['folds', '3.5'],
    ['epochs', '99999999999999999999'],
  ])('%s %p is an InputError naming the input', (input, value) => {
    const error = errorOf({ [input]: value });
    expect(error.where).toBe(input);
    expect(error.message).toMatch(new RegExp(`^Invalid ${input} '.*'\\. Expected a whole number`));
  });

  test('the message says the range and the default', () => {
    expect(errorOf({ max_workers: '0' }).message).toBe(
      "Invalid max_workers '0'. Expected a whole number from 1 to 1024 or auto (empty means 4).",
    );
    expect(errorOf({ epochs: '0' }).message).toBe(
      "Invalid epochs '0'. Expected a whole number of at least 1 (empty means not set).",
    );
  });
});

describe('timeout_minutes: a non-negative decimal', () => {
  test.each<[string, number]>([
    ['0', 0],
    ['30', 30],
    ['0.5', 0.5],
    ['.5', 0.5],
    ['1.', 1],
    ['90.25', 90.25],
  ])('%p is %p', (value, expected) => {
    expect(parse({ timeout_minutes: value }).timeoutMinutes).toBe(expected);
  });
  test.each(['-1', '-0.5', 'abc', '1e2', 'NaN', 'Infinity', '1,5', '99999999'])(
    '%p is an InputError',
    (value) => {
      const error = errorOf({ timeout_minutes: value });
      expect(error.where).toBe('timeout_minutes');
      expect(error.message).toContain('Expected 0 (no timeout) or minutes from 0.01 to 35791');
    },
  );
});

describe('lists split on commas, spaces and newlines', () => {
  test.each<[string, string[]]>([
    ['als', ['als']],
    ['als,diabetes', ['als', 'diabetes']],
    ['als, diabetes', ['als', 'diabetes']],
    ['als diabetes\tparkinsons', ['als', 'diabetes', 'parkinsons']],
    ['als\ndiabetes\r\nbrain_mri\n', ['als', 'diabetes', 'brain_mri']],
    [',, als ,,', ['als']],
    ['als als', ['als']],
  ])('%p', (value, expected) => {
    expect(parse({ only: value }).only).toEqual(expected);
    expect(parse({ exclude: value }).exclude).toEqual(expected);
    expect(splitList(value)).toEqual(expected);
  });

  test('discover_roots replaces the defaults and stays inside the working directory', () => {
    expect(parse({ discover_roots: 'ml/training, scripts' }).discoverRoots).toEqual([
      'ml/training',
      'scripts',
    ]);
    const error = errorOf({ discover_roots: 'training ../elsewhere' });
    expect(error.where).toBe('discover_roots');
    expect(error.message).toContain("Invalid discover_roots '../elsewhere'");
  });
});

describe('working_directory', () => {
  test('empty is the workspace; relative resolves against it', () => {
    expect(parse({}).workingDirectory).toBe(workspace);
    expect(parse({ working_directory: 'repo' }).workingDirectory).toBe(path.join(workspace, 'repo'));
    expect(parse({ working_directory: path.join(workspace, 'repo') }).workingDirectory).toBe(
      path.join(workspace, 'repo'),
    );
  });
  test.each(['missing', 'file.txt'])('%p (not an existing folder) is an InputError', (value) => {
    const error = errorOf({ working_directory: value });
    expect(error.where).toBe('working_directory');
    expect(error.message).toContain('Expected an existing folder');
  });
  test('output folders resolve against it', () => {
    const settings = parse({ working_directory: 'repo', results_dir: 'out/results' });
    expect(settings.resultsDir).toBe('out/results');
  });
});

describe('results_dir, logs_dir, summaries_dir stay inside the working directory', () => {
  test.each<[keyof RawInputs, string, string]>([
    ['results_dir', 'out', 'out'],
    ['results_dir', './out/', 'out'],
    ['logs_dir', 'a/../b', 'b'],
    ['summaries_dir', path.join(workspace, 'abs'), 'abs'],
  ])('%s %p is %p', (input, value, expected) => {
    const field = { results_dir: 'resultsDir', logs_dir: 'logsDir', summaries_dir: 'summariesDir' }[
      input as string
    ] as 'resultsDir' | 'logsDir' | 'summariesDir';
    expect(parse({ [input]: value })[field]).toBe(expected);
  });
  test.each<[keyof RawInputs, string]>([
    ['results_dir', '..'],
    ['results_dir', '../results'],
    ['logs_dir', '/tmp/logs'],
    ['summaries_dir', 'a/../../b'],
    ['results_dir', '.'],
  ])('%s %p is an InputError', (input, value) => {
    const error = errorOf({ [input]: value });
    expect(error.where).toBe(input);
    expect(error.message).toContain('Expected a folder inside the working directory');
  });
});

describe('extra_args are split like shell words and never evaluated', () => {
  test.each<[string, string[]]>([
    ['--batch-size=32 --learning-rate=1e-3', ['--batch-size=32', '--learning-rate=1e-3']],
    ['--name "my model" --tag \'a b\'', ['--name', 'my model', '--tag', 'a b']],
    ['--x $(rm -rf /) `id` ; | && *', ['--x', '$(rm', '-rf', '/)', '`id`', ';', '|', '&&', '*']],
  ])('%p', (value, expected) => {
    expect(parse({ extra_args: value }).extraArgs).toEqual(expected);
  });
  test('an unterminated quote is an InputError', () => {
    expect(errorOf({ extra_args: '--name "oops' }).where).toBe('extra_args');
  });
});

describe('python, config, history_file, rerun_failed_from', () => {
  test('values are kept as given', () => {
    const settings = parse({
      python: '.venv/bin/python',
      config: 'ci/jobs.yml',
      history_file: 'summaries/last.json',
      rerun_failed_from: 'summaries/failed.json',
    });
    expect(settings.python).toBe('.venv/bin/python');
    expect(settings.config).toBe('ci/jobs.yml');
    expect(settings.historyFile).toBe('summaries/last.json');
    expect(settings.rerunFailedFrom).toBe('summaries/failed.json');
  });
});

describe('paths checked after following symbolic links (nothing read or written outside)', () => {
  // One working directory with a folder next to it, and links planted the way a repository can hold them.
  const base = tempDir();
  const work = writeTree(path.join(base, 'work'), {
    'inside/': '',
    'inside/last.json': '{}',
  });
  const outsideDir = writeTree(path.join(base, 'outside'), { 'last.json': '{}', 'sub/': '' });
  fs.symlinkSync(outsideDir, path.join(work, 'out-abs'));
  fs.symlinkSync('../outside', path.join(work, 'out-rel'));
  fs.symlinkSync('out-rel', path.join(work, 'out-chain'));
  fs.symlinkSync('inside', path.join(work, 'in-link'));
  fs.symlinkSync('loop-b', path.join(work, 'loop-a'));
  fs.symlinkSync('loop-a', path.join(work, 'loop-b'));
  fs.symlinkSync('../outside/not-yet', path.join(work, 'dangling-out'));
  const inWork = (raw: RawInputs): Settings => parseSettings(raw, { workspace: work });

  test.each(['results_dir', 'logs_dir', 'summaries_dir', 'history_file', 'rerun_failed_from'] as const)(
    '%s: a link leaving the working directory (itself, a parent, a chain, a dangling one, a loop) is an InputError naming it',
    (name) => {
      for (const value of [
        'out-abs',
        'out-rel/sub',
        'out-chain',
        'dangling-out',
        'loop-a/x',
        'out-abs/last.json',
      ]) {
        const error = syncInputError(() => inWork({ [name]: value }));
        expect(error.where).toBe(name);
        expect(error.message).toMatch(
          new RegExp(
            `^Invalid ${name} '${value.replace('.', '\\.')}': it (leads outside the working directory through a symbolic link|goes through a symbolic link loop)`,
          ),
        );
        expect(error.message).not.toContain(outsideDir);
      }
    },
  );

  test.each(['results_dir', 'logs_dir', 'summaries_dir'] as const)(
    '%s: links that stay inside, and a working directory reached through a link, are fine',
    (name) => {
      expect(
        inWork({ [name]: 'in-link/x' })[
          name === 'results_dir' ? 'resultsDir' : name === 'logs_dir' ? 'logsDir' : 'summariesDir'
        ],
      ).toBe('in-link/x');
      const alias = path.join(base, 'alias');
      if (!fs.existsSync(alias)) fs.symlinkSync(work, alias);
      expect(() => parseSettings({ [name]: 'inside/x' }, { workspace: alias })).not.toThrow();
    },
  );

  test.each(['history_file', 'rerun_failed_from'] as const)(
    '%s: a path outside as text is refused too',
    (name) => {
      const error = syncInputError(() => inWork({ [name]: '../outside/last.json' }));
      expect(error.where).toBe(name);
      expect(error.message).toContain('Expected a file inside the working directory');
      expect(
        inWork({ [name]: 'in-link/last.json' })[name === 'history_file' ? 'historyFile' : 'rerunFailedFrom'],
      ).toBe('in-link/last.json');
    },
  );
});

describe('shard k/n', () => {
  test.each<[string, { index: number; count: number }]>([
    ['1/1', { index: 1, count: 1 }],
    ['2/4', { index: 2, count: 4 }],
    ['256/256', { index: 256, count: 256 }],
  ])('%p', (value, expected) => {
    expect(parse({ shard: value }).shard).toEqual(expected);
    expect(parseShard(value)).toEqual(expected);
  });
  test.each(['0/4', '5/4', '1/257', '1/0', '2', '1/2/3', 'a/b', '-1/2', '1.5/2', ' 1 / 2'])(
    '%p is an InputError',
    (value) => {
      const error = errorOf({ shard: value });
      expect(error.where).toBe('shard');
      expect(error.message).toContain('Expected k/n with 1 ≤ k ≤ n ≤ 256');
    },
  );
});

describe('secrets and Kaggle credentials', () => {
  test('secrets: one value per line, trimmed, blank lines dropped', () => {
    expect(parse({ secrets: 'alpha\n  beta gamma  \r\n\n' }).secrets).toEqual(['alpha', 'beta gamma']);
    expect(splitLines('a\n\na')).toEqual(['a']);
  });
  test('both Kaggle values: job environment and redaction', () => {
    const settings = parse({ kaggle_username: 'someone', kaggle_key: 'k3y-value', secrets: 'other' });
    expect(settings.jobEnv).toEqual({ KAGGLE_USERNAME: 'someone', KAGGLE_KEY: 'k3y-value' });
    expect(settings.secrets).toEqual(['other', 'someone', 'k3y-value']);
  });
  test.each<[RawInputs, string]>([
    [{ kaggle_username: 'someone' }, 'kaggle_key'],
    [{ kaggle_key: 'k3y-value' }, 'kaggle_username'],
  ])('only one of them is an InputError that never prints the value (%p)', (raw, where) => {
    const error = errorOf(raw);
    expect(error.where).toBe(where);
    expect(error.message).not.toContain('k3y-value');
    expect(error.message).not.toContain('someone');
  });
});

describe('the small parsers the shells share', () => {
  test('parseBooleanInput uses its fallback for empty', () => {
    expect(parseBooleanInput('upload_artifacts', '', true)).toBe(true);
    expect(parseBooleanInput('upload_artifacts', undefined, true)).toBe(true);
    expect(parseBooleanInput('upload_artifacts', 'false', true)).toBe(false);
  });
  test('parseIntegerInput with a range and a default', () => {
    const range = { min: 1, max: 90, default: 30 };
    expect(parseIntegerInput('results_retention_days', '', range)).toBe(30);
    expect(parseIntegerInput('results_retention_days', '90', range)).toBe(90);
    expect(() => parseIntegerInput('results_retention_days', '91', range)).toThrow(
      "Invalid results_retention_days '91'. Expected a whole number from 1 to 90 (empty means 30).",
    );
  });
  test('parseDecimalInput without a default gives undefined for empty', () => {
    expect(parseDecimalInput('shard_target_minutes', '', { min: 0 })).toBeUndefined();
    expect(parseDecimalInput('shard_target_minutes', '12.5', { min: 0 })).toBe(12.5);
  });
  test('long values are shortened in messages', () => {
    const error = errorOf({ max_workers: 'x'.repeat(500) });
    expect(error.message.length).toBeLessThan(200);
  });
});

describe('property: any raw inputs give Settings or an InputError, never anything else', () => {
  const value = fc.oneof(
    fc.constantFrom(
      '',
      ' ',
      'true',
      'false',
      'TRUE',
      '0',
      '1',
      '4',
      '-1',
      '2.5',
      '.5',
      '1/2',
      '3/2',
      'a, b c',
      '..',
      '..!',
      '../up',
      '/',
    ),
    fc.string({ maxLength: 30 }),
    fc.string({ unit: 'binary', maxLength: 30 }),
  );
  const rawInputs = fc.dictionary(fc.constantFrom(...INPUT_NAMES), value, { maxKeys: INPUT_NAMES.length });

  test.each([
    ['..!', '..!'],
    ['..cache/logs', '..cache/logs'],
  ])('a folder named like %s stays inside the working directory', (raw, expected) => {
    expect(parse({ logs_dir: raw } as RawInputs).logsDir).toBe(expected);
  });

  test('random inputs', () => {
    fc.assert(
      fc.property(rawInputs, (raw) => {
        try {
          const settings = parse(raw as RawInputs);
          expect(settings.maxWorkers).toBeGreaterThanOrEqual(1);
          expect(settings.retries).toBeGreaterThanOrEqual(0);
          expect(settings.timeoutMinutes).toBeGreaterThanOrEqual(0);
          expect(path.isAbsolute(settings.workingDirectory)).toBe(true);
          for (const dir of [settings.resultsDir, settings.logsDir, settings.summariesDir]) {
            // `..!` is a folder inside; only `..` itself or a path through it escapes.
            expect(dir === '..' || dir.startsWith('../') || path.isAbsolute(dir) || dir === '.').toBe(false);
          }
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          expect(error.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('baseline', () => {
  test('kept as given (checked when read, before any job starts); empty means none', () => {
    expect(parse({ baseline: ' summaries/old.json ' }).baseline).toBe('summaries/old.json');
    expect(parse({ baseline: '' }).baseline).toBeUndefined();
  });

  test('auto must have been resolved by the action before the settings are parsed', () => {
    const error = syncInputError(() => parse({ baseline: 'Auto' }));
    expect(error.where).toBe('baseline');
    expect(error.message).toMatch(/^Invalid baseline 'auto' here: only the action resolves it/);
  });
});

describe('resource_interval: milliseconds, or 0/off for none', () => {
  test.each<[string, number]>([
    ['', 500],
    ['200', 200],
    [' 1000 ', 1000],
    ['20', 20],
    ['60000', 60000],
    ['0', 0],
    ['000', 0],
    ['off', 0],
    ['OFF', 0],
  ])('%p gives %p', (value, expected) => {
    expect(parse({ resource_interval: value }).resourceIntervalMs).toBe(expected);
  });

  test.each(['5', '19', '60001', '-1', '1.5', '200ms', 'on', 'false', '1e3'])(
    '%p is an InputError naming the input and what it accepts',
    (value) => {
      const error = errorOf({ resource_interval: value });
      expect(error.where).toBe('resource_interval');
      expect(error.message).toContain(`Invalid resource_interval '${value}'`);
      expect(error.message).toContain('20 to 60000, or 0 or off');
    },
  );
});
