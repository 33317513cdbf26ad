import ajvModule from 'ajv';
import fs from 'node:fs';
import { parse } from 'yaml';
import {
  generateConfigValidator,
  OUTPUT_PATH,
  SCHEMA_PATH,
  VALIDATOR_OPTIONS,
} from '../../scripts/generate-config-validator.mjs';
import { validate as committedValidate } from '../../src/plan/config-validator.generated.js';

const schema = JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
const committed = fs.readFileSync(OUTPUT_PATH, 'utf8');

/** Where two texts first differ, as a message that says how to fix it; undefined when they are equal. */
function firstDifference(actual: string, expected: string): string | undefined {
  if (actual === expected) return undefined;
  let at = 0;
  while (actual[at] === expected[at]) at += 1;
  const line = actual.slice(0, at).split('\n').length;
  const around = (text: string): string => JSON.stringify(text.slice(Math.max(0, at - 40), at + 40));
  return (
    `src/plan/config-validator.generated.js is stale from line ${line} ` +
    `(committed: ${around(actual)}, generated: ${around(expected)}). ` +
    `Run: node scripts/generate-config-validator.mjs`
  );
}

describe('the generated config validator', () => {
  test('is what the generator makes of schemas/config.schema.json today', () => {
    expect(firstDifference(committed, generateConfigValidator(schema))).toBeUndefined();
  });

  test('differs once the schema changes, so a forgotten regeneration fails', () => {
    const changed = structuredClone(schema) as { properties: { version: { description: string } } };
    changed.properties.version.description = 'Changed.';
    expect(firstDifference(committed, generateConfigValidator(changed))).toMatch(/is stale from line \d+/);
  });

  test('imports and requires nothing, so a run never loads ajv', () => {
    expect(committed).not.toMatch(/\brequire\s*\(|^\s*import\b|\bimport\s*\(/m);
  });

  test('refuses a schema that needs an ajv runtime helper it does not inline', () => {
    expect(() => generateConfigValidator({ type: 'array', uniqueItems: true })).toThrow(
      /runtime helper 'equal'/,
    );
  });
});

// ajv is CommonJS: the class is the module itself or its `default`, depending on the loader.
const Ajv = ajvModule.default ?? ajvModule;
const runtimeValidate = new Ajv({ ...VALIDATOR_OPTIONS, code: {} }).compile(schema);

describe('the generated validator and ajv compiling the schema at run time', () => {
  const file = (relative: string): unknown => parse(fs.readFileSync(relative, 'utf8'));
  test.each<[string, unknown]>([
    ['the example repository config', file('examples/.github/training-jobs.yml')],
    ['the sample config', file('__tests__/fixtures/plan/repo/training-jobs.yml')],
    ['an empty file', {}],
    ['a list at the top level', ['jobs']],
    ['an unknown top-level key', { job: {} }],
    ['an unknown job key', { jobs: { als: { retires: 2 } } }],
    ['an invalid job id', { jobs: { 'bad id': {} } }],
    ['an unsupported version', { version: 2 }],
    ['retries below the minimum', { defaults: { retries: -1 } }],
    ['an empty script', { jobs: { als: { script: '' } } }],
    ['a one-character script outside the BMP (ucs2length)', { jobs: { als: { script: '\u{1F600}' } } }],
    ['a pattern with a folder', { discovery: { pattern: 'a/b' } }],
    ['a list as an env value', { jobs: { als: { env: { KEY: ['secret'] } } } }],
    ['an empty matrix', { jobs: { als: { matrix: {} } } }],
  ])('agree on %s, first error included', (_name, value) => {
    const accepted = committedValidate(value);
    expect(accepted).toBe(runtimeValidate(value));
    expect(committedValidate.errors ?? null).toEqual(runtimeValidate.errors ?? null);
  });
});
