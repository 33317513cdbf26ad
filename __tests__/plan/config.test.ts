import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { InputError } from '../../src/model/types.js';
import { loadConfig, parseConfig, type LoadedConfig } from '../../src/plan/config.js';
import {
  CONFIG_VERSION,
  JOB_ID_PATTERN,
  MAX_CONFIG_BYTES,
  MAX_RETRIES,
  MAX_TIMEOUT_MINUTES,
} from '../../src/plan/defaults.js';
import { inputError, tempDir, writeTree } from './helpers.js';

const FIXTURE = path.resolve('__tests__/fixtures/plan/repo');
const workingDirectory = tempDir();
const parse = (text: string): Promise<LoadedConfig> =>
  parseConfig(text, { path: path.join(workingDirectory, 'jobs.yml'), file: 'jobs.yml' }, workingDirectory);

describe('the sample config', () => {
  test('loads with every key converted', async () => {
    const config = (await loadConfig(FIXTURE, 'training-jobs.yml')) as LoadedConfig;
    expect(config.path).toBe(path.join(FIXTURE, 'training-jobs.yml'));
    expect(config.file).toBe('training-jobs.yml');
    expect(config.defaults).toEqual({
      optional: undefined,
      retries: 1,
      timeoutMinutes: 30,
      env: { PYTHONHASHSEED: '0' },
    });
    expect(config.discovery).toEqual({
      roots: undefined,
      pattern: undefined,
      exclude: ['train_slow_*.py'],
      rootsWhere: undefined,
    });
    expect(config.jobs.map((job) => job.id)).toEqual([
      'als',
      'als_scripts',
      'brain_mri',
      'diabetes',
      'r_baseline',
      'legacy',
    ]);
    const [als, alsScripts, , diabetes, r, legacy] = config.jobs;
    expect(als).toMatchObject({ optional: true, args: ['--seed', '7'], env: { ALS_DATA: 'data/als' } });
    expect(als.where).toBe('training-jobs.yml:15');
    expect(alsScripts).toMatchObject({ script: 'scripts/train_als.py', timeoutMinutes: 5 });
    expect(alsScripts.keyWhere.script).toBe('training-jobs.yml:23');
    expect(diabetes.sweep).toEqual({
      parameters: [
        { key: 'learning_rate', values: ['1e-3', '0.01'] },
        { key: 'l2', values: ['0', '0.0005'] },
      ],
      include: [],
      exclude: [
        new Map([
          ['learning_rate', '0.01'],
          ['l2', '0'],
        ]),
      ],
      flags: new Map([['l2', '--weight-decay']]),
      where: 'training-jobs.yml:31',
    });
    expect(r).toMatchObject({
      command: ['Rscript', 'train.R'],
      cwd: 'r',
      outputDirFlag: true,
      runsOn: ['self-hosted', 'gpu'],
    });
    expect(legacy).toMatchObject({ script: 'training/train_legacy.py', enabled: false });
  });
});

describe('which file is read', () => {
  test('empty config setting: .github/training-jobs.yml when it exists', async () => {
    const root = writeTree(tempDir(), { '.github/training-jobs.yml': 'jobs: {a: {script: a.py}}\n' });
    const config = await loadConfig(root, undefined);
    expect(config?.file).toBe('.github/training-jobs.yml');
    expect(config?.jobs.map((job) => job.id)).toEqual(['a']);
  });

  test('empty config setting and no default file: no config', async () => {
    expect(await loadConfig(tempDir(), undefined)).toBeUndefined();
  });

  test('a config path that does not exist is an InputError naming the file', async () => {
    const error = await inputError(() => loadConfig(tempDir(), 'ci/jobs.yml'));
    expect(error.where).toBe('config');
    expect(error.message).toContain("Invalid config 'ci/jobs.yml': the file does not exist");
  });

  test('a folder is an InputError', async () => {
    const root = writeTree(tempDir(), { 'ci/': '' });
    expect((await inputError(() => loadConfig(root, 'ci'))).message).toContain(
      'Expected a YAML file, not a folder',
    );
  });

  test('a file over the size cap is refused before it is read', async () => {
    const root = writeTree(tempDir(), { 'big.yml': `# ${'x'.repeat(MAX_CONFIG_BYTES)}\n` });
    const error = await inputError(() => loadConfig(root, 'big.yml'));
    expect(error.message).toContain(`at most ${MAX_CONFIG_BYTES} bytes`);
  });

  test('an absolute path outside the working directory is refused before it is read', async () => {
    const elsewhere = writeTree(tempDir(), { 'jobs.yml': 'jobs: {bad id: {}}\n' });
    const error = await inputError(() => loadConfig(tempDir(), path.join(elsewhere, 'jobs.yml')));
    expect(error.where).toBe('config');
    expect(error.message).toContain('it is outside the working directory; it is not read');
    expect(error.message).not.toContain('bad id');
  });

  test.each([
    ['the default config linked to a file outside', '.github/training-jobs.yml', undefined],
    ['the .github folder linked outside', '.github', undefined],
    ['a config setting linked outside', 'ci.yml', 'ci.yml'],
    ['a config setting in a folder linked outside', 'ci', 'ci/jobs.yml'],
  ])('%s is refused and its content never shown', async (_name, linkAt, setting) => {
    const secretText = 'jobs: {"TOP-SECRET-CONTENT": {}}\n';
    const elsewhere = writeTree(tempDir(), { 'jobs.yml': secretText, 'ci/jobs.yml': secretText });
    const root = tempDir();
    fs.mkdirSync(path.join(root, '.github'), { recursive: true });
    const target = linkAt === '.github' || linkAt === 'ci' ? elsewhere : path.join(elsewhere, 'jobs.yml');
    if (linkAt === '.github') fs.rmSync(path.join(root, '.github'), { recursive: true });
    if (linkAt === '.github') {
      fs.mkdirSync(path.join(elsewhere, 'gh'));
      fs.writeFileSync(path.join(elsewhere, 'gh', 'training-jobs.yml'), secretText);
      fs.symlinkSync(path.join(elsewhere, 'gh'), path.join(root, '.github'));
    } else if (linkAt === 'ci') fs.symlinkSync(target, path.join(root, 'ci'));
    else fs.symlinkSync(target, path.join(root, linkAt));
    const error = await inputError(() => loadConfig(root, setting));
    expect(error.where).toBe('config');
    expect(error.message).toMatch(/symbolic link; it is not read/);
    expect(error.message).not.toContain('TOP-SECRET');
    expect(error.message).not.toContain(elsewhere);
  });

  test('a config linked to a file inside the working directory is read', async () => {
    const root = writeTree(tempDir(), { 'shared/jobs.yml': 'jobs: {a: {script: a.py}}\n', '.github/': '' });
    fs.symlinkSync('../shared/jobs.yml', path.join(root, '.github', 'training-jobs.yml'));
    expect((await loadConfig(root, undefined))?.jobs.map((job) => job.id)).toEqual(['a']);
  });
});

describe('valid shapes', () => {
  test('an empty file or a file of comments has no jobs', async () => {
    for (const text of ['', '# nothing yet\n', '---\n', 'jobs: {}\n', '\uFEFFversion: 1\n']) {
      expect((await parse(text)).jobs).toEqual([]);
    }
  });

  test('job order is the file order, also for numeric ids', async () => {
    const config = await parse(
      'jobs:\n  zeta: {script: z.py}\n  "10": {script: a.py}\n  "2": {script: b.py}\n',
    );
    expect(config.jobs.map((job) => job.id)).toEqual(['zeta', '10', '2']);
  });

  test('numbers keep the spelling of the file on the command line', async () => {
    const config = await parse(
      'jobs:\n  a:\n    args: [--lr, 1e-4, --w, 0.10, --n, 0x10, --flag, true, --text, "1e-4"]\n    env: {SEED: 007}\n',
    );
    expect(config.jobs[0].args).toEqual([
      '--lr',
      '1e-4',
      '--w',
      '0.10',
      '--n',
      '16',
      '--flag',
      'true',
      '--text',
      '1e-4',
    ]);
    expect(config.jobs[0].env).toEqual({ SEED: '007' });
  });

  test('runs_on accepts a string or a list', async () => {
    const config = await parse('jobs:\n  a: {runs_on: gpu}\n  b: {runs_on: [self-hosted, gpu]}\n');
    expect(config.jobs.map((job) => job.runsOn)).toEqual([['gpu'], ['self-hosted', 'gpu']]);
  });

  test('matrix include entries keep their key order', async () => {
    const config = await parse('jobs:\n  a:\n    matrix:\n      include:\n        - {b: 1, a: 2}\n');
    expect([...(config.jobs[0].sweep?.include[0].keys() ?? [])]).toEqual(['b', 'a']);
  });

  test('anchors and aliases within limits work; x- keys at the top level hold them', async () => {
    const config = await parse(
      'x-common: &common\n  retries: 2\njobs:\n  a: *common\n  b: &b {optional: true}\n  c: *b\n',
    );
    expect(config.jobs.map((job) => [job.id, job.retries, job.optional])).toEqual([
      ['a', 2, undefined],
      ['b', undefined, true],
      ['c', undefined, true],
    ]);
  });
});

describe('invalid configs: one message with file:line, the key and what is accepted', () => {
  test.each<[string, string, string]>([
    [
      'jobs:\n  als:\n    retires: 2\n',
      'jobs.yml:3',
      "jobs.yml:3: unknown key 'retires' in job 'als'. Did you mean 'retries'?",
    ],
    ['job:\n  a: {}\n', 'jobs.yml:1', "jobs.yml:1: unknown key 'job' in the top level. Did you mean 'jobs'?"],
    ['als:\n  script: a.py\n', 'jobs.yml:1', "unknown key 'als' in the top level. Jobs go under 'jobs:'"],
    [
      'defaults:\n  retires: 1\n',
      'jobs.yml:2',
      "unknown key 'retires' in 'defaults'. Did you mean 'retries'?",
    ],
    ['discovery:\n  root: [a]\n', 'jobs.yml:2', "unknown key 'root' in 'discovery'. Did you mean 'roots'?"],
    [
      'jobs:\n  a:\n    zzz: 1\n',
      'jobs.yml:3',
      "unknown key 'zzz' in job 'a'. Accepted: script, command, args",
    ],
    [
      'jobs:\n  als:\n    retries: two\n',
      'jobs.yml:3',
      "'jobs.als.retries' must be a whole number, not 'two' (a string).",
    ],
    [
      'jobs:\n  als:\n    retries: 1.5\n',
      'jobs.yml:3',
      "'jobs.als.retries' must be a whole number, not 1.5.",
    ],
    ['jobs:\n  als:\n    retries: -1\n', 'jobs.yml:3', "'jobs.als.retries' must be at least 0, not -1."],
    ['jobs:\n  als:\n    retries: 101\n', 'jobs.yml:3', "'jobs.als.retries' must be at most 100, not 101."],
    [
      'jobs:\n  a:\n    timeout_minutes: 99999\n',
      'jobs.yml:3',
      "'jobs.a.timeout_minutes' must be at most 35791",
    ],
    [
      'jobs:\n  a:\n    optional: yes\n',
      'jobs.yml:3',
      "'jobs.a.optional' must be true or false, not 'yes' (a string).",
    ],
    ['version: 2\n', 'jobs.yml:1', "'version' must be 1, not 2."],
    ['version: "1"\n', 'jobs.yml:1', "'version' must be 1, not '1' (a string)."],
    [
      'jobs:\n  "bad id":\n    script: x.py\n',
      'jobs.yml:2',
      "invalid job id 'bad id'. A job id is a file name",
    ],
    ['jobs:\n  -lead: {}\n', 'jobs.yml:2', "invalid job id '-lead'"],
    [`jobs:\n  ${'a'.repeat(129)}: {}\n`, 'jobs.yml:2', 'invalid job id'],
    ['jobs:\n  a:\n    env:\n      1BAD: x\n', 'jobs.yml:4', "invalid environment variable name '1BAD'"],
    [
      'jobs:\n  a:\n    env:\n      TOKEN: [s3cr3t]\n',
      'jobs.yml:4',
      "'jobs.a.env.TOKEN' must be a single value (text, a number, true or false), not a list.",
    ],
    ['jobs:\n  a:\n    args: --x\n', 'jobs.yml:3', "'jobs.a.args' must be a list, not '--x' (a string)."],
    ['jobs:\n  a:\n    args: [[1]]\n', 'jobs.yml:3', "'jobs.a.args[0]' must be a single value"],
    ['jobs: []\n', 'jobs.yml:1', "'jobs' must be a mapping (key: value), not a list."],
    ['- a\n', 'jobs.yml:1', 'the config must be a mapping (key: value), not a list.'],
    ['just text\n', 'jobs.yml:1', "the config must be a mapping (key: value), not 'just text' (a string)."],
    ['jobs:\n  a:\n', 'jobs.yml:2', "'jobs.a' must be a mapping (key: value), not empty."],
    ['jobs:\n  a:\n    command: []\n', 'jobs.yml:3', "'jobs.a.command' must not be empty."],
    ['jobs:\n  a:\n    script: ""\n', 'jobs.yml:3', "'jobs.a.script' must not be empty."],
    ['jobs:\n  a:\n    runs_on: []\n', 'jobs.yml:3', "'jobs.a.runs_on' must not be empty."],
    ['jobs:\n  a:\n    runs_on: 5\n', 'jobs.yml:3', "'jobs.a.runs_on' must be a string or a list, not 5."],
    [
      'jobs:\n  a:\n    matrix:\n      lr: 0.1\n',
      'jobs.yml:4',
      "'jobs.a.matrix.lr' must be a list, not 0.1.",
    ],
    ['jobs:\n  a:\n    matrix:\n      lr: []\n', 'jobs.yml:4', "'jobs.a.matrix.lr' must not be empty."],
    ['jobs:\n  a:\n    matrix:\n      "l r": [1]\n', 'jobs.yml:4', "invalid sweep parameter name 'l r'"],
    [
      'jobs:\n  a:\n    matrix:\n      include: [{}]\n',
      'jobs.yml:4',
      "'jobs.a.matrix.include[0]' must not be empty.",
    ],
    [
      'jobs:\n  a:\n    matrix_flags: {lr: lr}\n',
      'jobs.yml:3',
      "invalid 'jobs.a.matrix_flags.lr' 'lr' (a string).",
    ],
    [
      'discovery:\n  pattern: a/train_*.py\n',
      'jobs.yml:2',
      "invalid 'discovery.pattern' 'a/train_*.py' (a string). File-name glob",
    ],
    [
      'discovery:\n  roots: [training, ../elsewhere]\n',
      'jobs.yml:2',
      "discovery root '../elsewhere' is outside the working directory",
    ],
    ['jobs:\n  a: [1, 2\n', 'jobs.yml:3', 'invalid YAML'],
    ['jobs:\n  a: {}\n  a: {}\n', 'jobs.yml:3', "duplicate key 'a'."],
    ['? [a, b]\n: 1\n', 'jobs.yml:1', 'a key must be a plain name, not a list or mapping.'],
    ['a: 1\n---\nb: 2\n', 'jobs.yml:2', 'invalid YAML'],
    ['jobs:\n  a: *missing\n', 'jobs.yml:2', 'the alias *missing has no anchor &missing before it.'],
    ['jobs:\n\ta: {}\n', 'jobs.yml:2', 'invalid YAML'],
  ])('%p', async (text, where, message) => {
    const error = await inputError(() => parse(text));
    expect(error.where).toBe(where);
    expect(error.message).toContain(message);
    if (!error.message.startsWith('invalid') && where.includes(':'))
      expect(error.message.startsWith(`${where}: `)).toBe(true);
  });

  test('values under env are never printed', async () => {
    const error = await inputError(() => parse('jobs:\n  a:\n    env:\n      TOKEN: {s3cr3t: 1}\n'));
    expect(error.message).not.toContain('s3cr3t');
  });
});

describe('hostile YAML is refused quickly', () => {
  const laughs = (levels: number): string => {
    let text = 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n';
    for (let i = 1; i <= levels; i++)
      text += `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    return text;
  };

  test('a billion laughs alias bomb', async () => {
    const error = await inputError(() => parse(laughs(9)));
    expect(error.message).toContain('alias');
  }, 10_000);

  test('a small bomb under the alias-count cap is still stopped while expanding', async () => {
    const error = await inputError(() =>
      parse(laughs(3).split('\n').slice(0, 3).join('\n') + '\nx: [*a2, *a2, *a2, *a2]\n'),
    );
    expect(error.message).toContain('cannot be read');
  }, 10_000);

  test.each<[string, () => string]>([
    ['1 MiB of [', () => '['.repeat(MAX_CONFIG_BYTES)],
    ['deep flow mappings', () => '{a: '.repeat(5000)],
    ['a chain of explicit keys', () => '? '.repeat(5000) + 'x'],
    ['a chain of sequence items', () => '- '.repeat(100_000) + 'x'],
    ['deep indentation', () => Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')],
    [
      'many aliases to a scalar',
      () => 'x: &a v\n' + Array.from({ length: 20_000 }, (_, i) => `k${i}: *a`).join('\n'),
    ],
  ])(
    '%s',
    async (_name, make) => {
      const error = await inputError(() => parse(make()));
      expect(error.where).toMatch(/^jobs\.yml:\d+$/);
    },
    10_000,
  );
});

describe('property: the loader returns a config or throws InputError, never anything else', () => {
  const check = async (text: string): Promise<void> => {
    try {
      const config = await parse(text);
      expect(Array.isArray(config.jobs)).toBe(true);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      expect(error.message.length).toBeGreaterThan(0);
    }
  };

  test('random text built from YAML punctuation', async () => {
    const unit = fc.oneof(
      fc.constantFrom(
        'jobs',
        'als',
        'script',
        'matrix',
        'env',
        ':',
        ' ',
        '\n',
        '  ',
        '-',
        '[',
        ']',
        '{',
        '}',
        ',',
        '&a',
        '*a',
        '!!str',
        '"',
        "'",
        '#',
        '?',
        '|',
        '>',
        '%YAML 1.2',
        '---',
        '~',
      ),
      fc.string({ maxLength: 3 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(unit, { maxLength: 40 }), (parts) => check(parts.join(''))),
      { numRuns: 400 },
    );
  });

  test('random values dumped as YAML', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything({ maxDepth: 4 }), (value) => check(stringify(value) ?? '')),
      { numRuns: 300 },
    );
  });

  test('random near-valid configs', async () => {
    const scalar = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
    );
    const value = fc.oneof(
      scalar,
      fc.array(scalar, { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 6 }), scalar, { maxKeys: 3 }),
    );
    const jobKey = fc.constantFrom(
      'script',
      'command',
      'args',
      'optional',
      'retries',
      'timeout_minutes',
      'env',
      'cwd',
      'output_dir',
      'output_dir_flag',
      'epochs',
      'folds',
      'enabled',
      'runs_on',
      'matrix',
      'matrix_flags',
      'retires',
    );
    const job = fc.dictionary(jobKey, value, { maxKeys: 5 });
    const config = fc.record(
      {
        version: fc.oneof(fc.constant(1), value),
        defaults: fc.dictionary(fc.constantFrom('optional', 'retries', 'timeout_minutes', 'env'), value, {
          maxKeys: 3,
        }),
        discovery: fc.dictionary(fc.constantFrom('roots', 'pattern', 'exclude'), value, { maxKeys: 3 }),
        jobs: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), job, { maxKeys: 4 }),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(config, (value) => check(stringify(value))),
      { numRuns: 400 },
    );
  });
});

describe('the published schema', () => {
  interface Definition {
    maximum?: number;
    pattern?: string;
  }
  const schema = JSON.parse(fs.readFileSync('schemas/config.schema.json', 'utf8')) as {
    $schema: string;
    $id: string;
    additionalProperties: boolean;
    properties: { version: { enum: number[] } };
    definitions: Record<string, Definition>;
  };

  test('is draft-07 with an $id and no unknown top-level keys', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.$id).toMatch(/config/);
    expect(schema.additionalProperties).toBe(false);
  });

  test('repeats the limits of defaults.ts exactly', () => {
    expect(schema.definitions.retries.maximum).toBe(MAX_RETRIES);
    expect(schema.definitions.timeoutMinutes.maximum).toBe(MAX_TIMEOUT_MINUTES);
    expect(new RegExp(schema.definitions.jobId.pattern as string).source).toBe(JOB_ID_PATTERN.source);
    expect(schema.properties.version.enum).toEqual([CONFIG_VERSION]);
  });

  test('every object in it is closed and every property described', () => {
    const visit = (node: unknown, where: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const record = node as Record<string, unknown>;
      if (record.type === 'object' && record.additionalProperties === undefined)
        throw new Error(`${where} is open`);
      if (typeof record.properties === 'object' && record.properties !== null) {
        for (const [key, value] of Object.entries(
          record.properties as Record<string, Record<string, unknown>>,
        )) {
          const described = typeof value.description === 'string' || typeof value.$ref === 'string';
          if (!described) throw new Error(`${where}.${key} has no description`);
        }
      }
      for (const [key, value] of Object.entries(record)) visit(value, `${where}.${key}`);
    };
    expect(() => visit(schema, 'schema')).not.toThrow();
  });
});
