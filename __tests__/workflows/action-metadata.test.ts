/**
 * action.yml against the public JSON Schema of action metadata (SchemaStore's github-action.json,
 * stored in schemas/github-action.schema.json). The schema is draft-07, which Ajv's default class
 * implements (Ajv2019/Ajv2020 are for the newer drafts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { readAction, repoRoot, type ActionMetadata } from './workflow-files.js';

const schemaPath = path.join(repoRoot, 'schemas', 'github-action.schema.json');
const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;

let validate: ValidateFunction;
beforeAll(() => {
  // strictTypes off: the upstream schema's `if` has `properties` without `type: object`, which Ajv's
  // strict mode would log on every run; the schema is a copy, not ours to change.
  validate = new Ajv({ allErrors: true, strictTypes: false }).compile(schema);
});

function problems(metadata: unknown): string[] {
  return validate(metadata)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}

test('the stored schema is the draft-07 action-metadata schema and knows node24', () => {
  expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
  expect(schema.$id).toBe('https://json.schemastore.org/github-action.json');
  expect(JSON.stringify(schema)).toContain('"node24"');
});

test('action.yml is valid action metadata', () => {
  expect(problems(readAction())).toEqual([]);
});

test('every input and output of action.yml has a description, and every input is optional', () => {
  const action = readAction();
  for (const [name, input] of Object.entries(action.inputs)) {
    expect([name, typeof input.description, input.description.length > 0]).toEqual([name, 'string', true]);
    expect([name, input.required ?? false]).toEqual([name, false]);
  }
  for (const [name, output] of Object.entries(action.outputs)) {
    expect([name, output.description.length > 0]).toEqual([name, true]);
  }
});

describe('the validation itself', () => {
  const mutations: Array<[string, (action: ActionMetadata) => void, RegExp]> = [
    ['an unknown runtime', (a) => (a.runs.using = 'node99'), /\/runs/],
    [
      'an input without a description',
      (a) => delete (a.inputs.epochs as Partial<ActionMetadata['inputs'][string]>).description,
      /\/inputs\/epochs must have required property 'description'/,
    ],
    [
      'a non-string default',
      (a) => ((a.inputs.max_workers as Record<string, unknown>).default = 4),
      /\/inputs\/max_workers\/default must be string/,
    ],
    [
      'an unknown top-level key',
      (a) => ((a as unknown as Record<string, unknown>).outputz = {}),
      /must NOT have additional properties/,
    ],
    ['a missing main', (a) => delete a.runs.main, /\/runs/],
  ];
  test.each(mutations)('rejects %s', (_what, mutate, expected) => {
    const action = structuredClone(readAction());
    mutate(action);
    const found = problems(action);
    expect(found.length).toBeGreaterThan(0);
    expect(found.join('\n')).toMatch(expected);
  });
});
