import fc from 'fast-check';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { InputError } from '../../src/model/types.js';
import { parseConfig, type LoadedConfig } from '../../src/plan/config.js';
import { readJsonConfig } from '../../src/plan/json-config.js';
import { YamlLocator, type ConfigScalar, type YamlPath } from '../../src/plan/yaml-location.js';
import { tempDir } from './helpers.js';

// The JSON reader is a fast path: for every text it accepts it must give what the YAML path gives (value,
// lines, number texts, errors), and every text it cannot read exactly like YAML must be left to YAML.

const workingDirectory = tempDir();
const parse = (text: string): Promise<LoadedConfig> =>
  parseConfig(text, { path: path.join(workingDirectory, 'jobs.yml'), file: 'jobs.yml' }, workingDirectory);

/** The same text, no longer JSON (a YAML comment after it): parseConfig then takes the YAML path. */
const viaYaml = (text: string): string => `${text}\n# not JSON any more\n`;

/** What parseConfig gives: the config, or the InputError's message (anything else fails the test). */
async function outcome(text: string): Promise<LoadedConfig | string> {
  try {
    return await parse(text);
  } catch (error) {
    if (error instanceof InputError) return `InputError ${error.where}: ${error.message}`;
    throw error;
  }
}

function yamlOf(text: string): { value: unknown; locator: YamlLocator } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: false, logLevel: 'error' });
  expect(document.errors).toEqual([]);
  return { value: document.toJS(), locator: new YamlLocator(document, lineCounter, 'jobs.yml') };
}

/** Every path in a JSON value, with the value there. */
function* paths(value: unknown, at: YamlPath = []): Generator<[YamlPath, unknown]> {
  yield [at, value];
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) yield* paths(item, [...at, index]);
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) yield* paths((value as Record<string, unknown>)[key], [...at, key]);
  }
}

/** How a JSON value is laid out: JSON.stringify's indents, and CRLF line ends. */
const layout = fc.record({
  indent: fc.constantFrom(undefined, 0, 1, 2, 4, '\t'),
  crlf: fc.boolean(),
});

function render(value: unknown, style: { indent: string | number | undefined; crlf: boolean }): string {
  const text = JSON.stringify(value, null, style.indent);
  // JSON.stringify escapes line breaks inside strings: every raw one is layout.
  return style.crlf ? text.replaceAll('\n', '\r\n') : text;
}

/** Numbers as a person or a generator writes them: `0.10`, `1e-3`, `-0`, `1E+400`, 20-digit integers. */
const numberText = fc
  .tuple(
    fc.constantFrom('', '-'),
    fc.oneof(fc.constant('0'), fc.stringMatching(/^[1-9][0-9]{0,20}$/)),
    fc.option(fc.stringMatching(/^\.[0-9]{1,4}$/), { nil: '' }),
    fc.option(fc.stringMatching(/^[eE][-+]?[0-9]{1,3}$/), { nil: '' }),
  )
  .map((parts) => parts.join(''));

describe('readJsonConfig reads JSON as the YAML parser does', () => {
  test('any JSON object: the same value, lines of every key and value, key order and number texts', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ unit: 'binary', maxLength: 6 }), fc.jsonValue({ maxDepth: 4 }), {
          maxKeys: 6,
        }),
        layout,
        (value, style) => {
          const text = render(value, style);
          const json = readJsonConfig(text, 'jobs.yml');
          expect(json).toBeDefined();
          if (!json) return;
          const yaml = yamlOf(text);
          expect(json.value).toEqual(yaml.value);
          for (const [at, item] of paths(value)) {
            expect(json.locator.value(at)).toBe(yaml.locator.value(at));
            expect(json.locator.keysInOrder(at)).toEqual(yaml.locator.keysInOrder(at));
            expect(json.locator.value([...at, 'missing'])).toBe(yaml.locator.value([...at, 'missing']));
            if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
              for (const key of [...Object.keys(item), 'missing']) {
                expect(json.locator.key(at, key)).toBe(yaml.locator.key(at, key));
              }
            } else if (item === null || typeof item !== 'object') {
              const scalar = item as ConfigScalar;
              expect(json.locator.text(at, scalar)).toBe(yaml.locator.text(at, scalar));
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  test('numbers keep the text they were written with, and read as the YAML core schema reads them', () => {
    fc.assert(
      fc.property(fc.array(numberText, { minLength: 1, maxLength: 8 }), (texts) => {
        const text = `{"n": [${texts.join(', ')}]}`;
        const json = readJsonConfig(text, 'jobs.yml');
        const yaml = yamlOf(text);
        expect(json?.value).toEqual(yaml.value);
        texts.forEach((_, index) => {
          const value = (yaml.value as { n: number[] }).n[index];
          expect(json?.locator.text(['n', index], value)).toBe(yaml.locator.text(['n', index], value));
        });
      }),
    );
  });

  test.each([
    ['inherited names become own properties', '{"__proto__": {"x": 1}, "constructor": 2, "toString": []}'],
    [
      'escapes, surrogate pairs and lone surrogates',
      '{"a": "\\u00e9\\ud83d\\ude00\\ud800 \\n\\t\\"\\\\\\/\\b\\f\\r"}',
    ],
    ['characters YAML might treat specially', '{"a": "#x &y *z !t %u @v `w | > - ? : [ ] { } ,", "b#": 1}'],
    ['NEL, LS, PS and DEL inside strings', '{"a": "x\u0085y\u2028z\u2029w\u007f"}'],
    ['tabs and CRLF between tokens', '{\r\n\t"a":\t[1,\r\n\t2],\r\n"b" : {}\r\n}\r\n'],
    ['a key of 1,100 characters', `{"${'k'.repeat(1100)}": 1}`],
    ['nesting up to 16 levels', `${'{"a":'.repeat(15)}1${'}'.repeat(15)}`],
  ])('%s', (_name, text) => {
    const json = readJsonConfig(text, 'jobs.yml');
    expect(json).toBeDefined();
    const yaml = yamlOf(text);
    expect(json?.value).toEqual(yaml.value);
    expect(Object.getOwnPropertyNames(json?.value)).toEqual(Object.getOwnPropertyNames(yaml.value));
  });

  test.each([
    ['YAML', 'jobs:\n  a: {command: [x]}\n'],
    ['a comment after the JSON', '{"jobs": {}}\n# comment'],
    ['a top level that is a list', '[1, 2]'],
    ['a top level that is a string', '"jobs"'],
    ['an empty text', ''],
    ['a key given twice', '{"jobs": {}, "jobs": {}}'],
    ['a trailing comma', '{"jobs": {"a": {"command": ["x",]}}}'],
    ['a single-quoted string', "{'jobs': {}}"],
    ['a plain word', '{"a": yes}'],
    ['a number run into a word', '{"a": 1x}'],
    ['a number JSON does not write', '{"a": 01}'],
    ['a number with a bare dot', '{"a": 1.}'],
    ['an invalid escape', '{"a": "\\q"}'],
    ['a tab inside a string', '{"a": "x\ty"}'],
    ['a carriage return alone', '{"a": 1,\r"b": 2}'],
    ['an unterminated string', '{"a": "x'],
    ['an unterminated object', '{"a": 1'],
    ['nesting deeper than 16 levels', `${'['.repeat(17)}${']'.repeat(17)}`.replace(/^/, '{"a":') + '}'],
    ['an anchor', '{"a": &x 1, "b": *x}'],
  ])('leaves %s to the YAML path', (_name, text) => {
    expect(readJsonConfig(text, 'jobs.yml')).toBeUndefined();
  });
});

describe('parseConfig gives the same result for a JSON config by either path', () => {
  const id = fc.stringMatching(/^[a-z][a-z0-9_]{0,5}$/);
  const scalar = fc.oneof(
    fc.string({ maxLength: 8 }),
    numberText.map(Number).filter(Number.isFinite),
    fc.boolean(),
    fc.integer({ min: -3, max: 200 }),
  );
  /** Mostly `valid`, one time in ten `other` (a wrong type or value), so errors and their lines are compared too. */
  const mostly = <T, U>(valid: fc.Arbitrary<T>, other: fc.Arbitrary<U>): fc.Arbitrary<T | U> =>
    fc.oneof({ weight: 9, arbitrary: valid }, { weight: 1, arbitrary: other });
  const job = fc
    .record(
      {
        command: fc.array(scalar, { minLength: 1, maxLength: 4 }),
        args: mostly(fc.array(scalar, { maxLength: 3 }), fc.array(fc.constant([1]), { maxLength: 1 })),
        env: fc.dictionary(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,5}$/), scalar, { maxKeys: 3 }),
        retries: mostly(fc.integer({ min: 0, max: 5 }), scalar),
        optional: mostly(fc.boolean(), scalar),
        timeout_minutes: mostly(fc.constantFrom(0, 0.5, 30), fc.constantFrom(1e-9, -1, 'x')),
        matrix: fc.dictionary(
          mostly(fc.stringMatching(/^[a-z][a-z_]{0,4}$/), fc.constantFrom('__x', 'include')),
          fc.array(scalar, { minLength: 1, maxLength: 4 }),
          { minKeys: 1, maxKeys: 2 },
        ),
        enabled: fc.boolean(),
        cwd: fc.constantFrom('.', 'sub', '../outside'),
      },
      { requiredKeys: [] },
    )
    .chain((entry) => mostly(fc.constant(entry), fc.constant({ ...entry, colour: 'red' })));
  const config = fc.record(
    {
      version: mostly(fc.constant(1), fc.constant(2)),
      defaults: fc.record({
        retries: fc.integer({ min: 0, max: 3 }),
        env: fc.dictionary(id, scalar, { maxKeys: 2 }),
      }),
      discovery: fc.record({
        roots: fc.array(mostly(fc.constantFrom('training', 'scripts'), fc.constant('../up')), {
          maxLength: 2,
        }),
      }),
      jobs: fc.dictionary(id, job, { maxKeys: 5 }),
    },
    { requiredKeys: [] },
  );

  test('the same LoadedConfig (ids, values as command-line text, every file:line) or the same error', async () => {
    await fc.assert(
      fc.asyncProperty(config, layout, async (value, style) => {
        const text = render(value, style);
        expect(readJsonConfig(text, 'jobs.yml')).toBeDefined();
        expect(await outcome(text)).toEqual(await outcome(viaYaml(text)));
      }),
      { numRuns: 300 },
    );
  });

  test.each([
    [
      'a key given twice',
      '{\n "jobs": {\n  "a": {"command": ["x"]},\n  "a": {"command": ["y"]}\n }\n}',
      'jobs.yml:4: duplicate key',
    ],
    ['nesting beyond the guard', `{"a":${'['.repeat(40)}${']'.repeat(40)}}`, 'nested more than'],
    [
      'a syntax error',
      '{\n "jobs": {\n  "a": {"command": ["x" "y"]}\n }\n}',
      'jobs.yml:3: invalid YAML: Missing , or :',
    ],
  ])('what the reader leaves to YAML is refused as before: %s', async (_name, text, message) => {
    const got = await outcome(text);
    expect(typeof got === 'string' ? got : 'accepted').toContain(message);
  });

  test('a wrong value names its line in a generated (one entry per line) JSON config', async () => {
    const jobs = Object.fromEntries(
      Array.from({ length: 50 }, (_, index) => [
        `j${index}`,
        { command: ['true'], retries: index === 37 ? 'x' : 1 },
      ]),
    );
    const text = JSON.stringify({ jobs }, null, 1);
    const line = text.split('\n').findIndex((row) => row.includes('"x"')) + 1;
    expect(await outcome(text)).toBe(
      `InputError jobs.yml:${line}: jobs.yml:${line}: 'jobs.j37.retries' must be a whole number, not 'x' (a string).`,
    );
  });
});
