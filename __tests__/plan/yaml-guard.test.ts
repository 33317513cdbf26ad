import fc from 'fast-check';
import path from 'node:path';
import { stringify } from 'yaml';
import { parseConfig, type LoadedConfig } from '../../src/plan/config.js';
import { MAX_CONFIG_NESTING } from '../../src/plan/defaults.js';
import { checkYamlShape } from '../../src/plan/yaml-guard.js';
import { inputError, tempDir } from './helpers.js';

const workingDirectory = tempDir();
const parse = (text: string): Promise<LoadedConfig> =>
  parseConfig(text, { path: path.join(workingDirectory, 'jobs.yml'), file: 'jobs.yml' }, workingDirectory);

/** The jobs as planned, without the `file:line` locations (they differ between layouts of the same YAML). */
const jobsOf = (config: LoadedConfig): unknown =>
  config.jobs.map(({ where: _where, keyWhere: _keyWhere, ...job }) => job);

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('valid YAML is never refused by the nesting guard', () => {
  test.each<[string, () => string, number]>([
    [
      'one-line JSON with 1,000 jobs',
      () =>
        JSON.stringify({ jobs: Object.fromEntries(range(1000).map((i) => [`j${i}`, { command: ['x'] }])) }),
      1000,
    ],
    [
      'a 100-key inline env map',
      () =>
        `jobs:\n  a:\n    command: [x]\n    env: {${range(100)
          .map((i) => `A${i}: ${i}`)
          .join(', ')}}\n`,
      1,
    ],
    [
      'a flow sequence of 1,000 args',
      () =>
        `jobs:\n  a:\n    command: [x]\n    args: [${range(1000)
          .map((i) => `--a${i}`)
          .join(', ')}]\n`,
      1,
    ],
    [
      'brackets inside quoted strings',
      () => `jobs:\n  a:\n    command: ["${'[{'.repeat(40)}", '${'{['.repeat(40)}']\n`,
      1,
    ],
    [
      'brackets after a comment sign',
      () => `jobs: # ${'[{'.repeat(40)}\n  a:\n    command: [x] # ${'{'.repeat(40)}\n`,
      1,
    ],
    [
      'pretty-printed JSON (indentation inside a flow collection)',
      () =>
        JSON.stringify(
          { jobs: Object.fromEntries(range(20).map((i) => [`j${i}`, { command: ['x'], env: { A: '1' } }])) },
          null,
          8,
        ),
      20,
    ],
    [
      'a one-line flow mapping of many keys under a deep block',
      () =>
        `jobs:\n  a:\n    command: [x]\n    env: {${range(200)
          .map((i) => `"K${i}": "v: - ? ${i}"`)
          .join(', ')}}\n`,
      1,
    ],
  ])('%s', async (_name, make, jobs) => {
    const config = await parse(make());
    expect(config.jobs).toHaveLength(jobs);
  });
});

describe('deep nesting is still refused quickly', () => {
  test.each<[string, (depth: number) => string]>([
    ['flow sequences', (d) => `jobs: ${'['.repeat(d)}${']'.repeat(d)}\n`],
    ['flow mappings', (d) => `jobs: ${'{a: '.repeat(d)}1${'}'.repeat(d)}\n`],
    ['one-line JSON', (d) => `${'{"a": '.repeat(d)}1${'}'.repeat(d)}`],
    [
      'multi-line flow',
      (d) =>
        `${range(d)
          .map((i) => `${' '.repeat(i)}[`)
          .join('\n')}\n${']'.repeat(d)}\n`,
    ],
    [
      'block mappings',
      (d) =>
        range(d)
          .map((i) => `${'  '.repeat(i)}a${i}:`)
          .join('\n'),
    ],
    [
      'block sequences then flow',
      (d) => `${'- '.repeat(Math.floor(d / 2))}${'['.repeat(d)}${']'.repeat(d)}\n`,
    ],
  ])('%s', (_name, make) => {
    for (const depth of [MAX_CONFIG_NESTING + 1, 100, 500]) {
      expect(() => checkYamlShape(make(depth), 'jobs.yml')).toThrow(/nested more than/);
    }
  });
});

describe('property: block style and one-line JSON plan the same jobs', () => {
  const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,7}$/);
  const text = fc.string({ maxLength: 12 });
  const scalar = fc.oneof(text, fc.integer(), fc.boolean());
  const job = fc.record(
    {
      command: fc.array(text, { minLength: 1, maxLength: 4 }),
      args: fc.array(scalar, { maxLength: 30 }),
      env: fc.dictionary(word, scalar, { maxKeys: 40 }),
      optional: fc.boolean(),
      retries: fc.integer({ min: 0, max: 100 }),
      timeout_minutes: fc.constantFrom(0, 1, 2.5, 30),
    },
    { requiredKeys: ['command'] },
  );
  const config = fc.record({
    jobs: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9_-]{0,10}$/), job, { minKeys: 1, maxKeys: 30 }),
  });

  test('random valid configs', async () => {
    await fc.assert(
      fc.asyncProperty(config, async (value) => {
        const block = jobsOf(await parse(stringify(value)));
        expect(jobsOf(await parse(JSON.stringify(value)))).toEqual(block);
        expect(jobsOf(await parse(JSON.stringify(value, null, 4)))).toEqual(block);
        expect(jobsOf(await parse(stringify(value, { collectionStyle: 'flow' })))).toEqual(block);
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  test('random hostile depth is refused with a line number', async () => {
    const layer = fc.constantFrom(
      (inner: string) => `[${inner}]`,
      (inner: string) => `{"k": ${inner}}`,
      (inner: string) => `{k: ${inner}}`,
      (inner: string) => `[1, ${inner}, "x"]`,
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(layer, { minLength: MAX_CONFIG_NESTING + 1, maxLength: 400 }),
        async (layers) => {
          const body = layers.reduce((inner, wrap) => wrap(inner), '1');
          const error = await inputError(() => parse(`jobs: ${body}\n`));
          expect(error.where).toMatch(/^jobs\.yml:\d+$/);
          expect(error.message).toContain('nested more than');
        },
      ),
      { numRuns: 100 },
    );
  });
});
