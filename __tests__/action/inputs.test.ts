import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { InputError } from '../../src/model/types.js';
import {
  ALL_INPUT_NAMES,
  describeInputs,
  parseActionInputs,
  parseMode,
  readRawInputs,
  workspaceFrom,
} from '../../src/action/inputs.js';
import { ActionInput, ActionOutput } from '../../src/action/constants.js';

const action = parse(fs.readFileSync(path.resolve('action.yml'), 'utf8')) as {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
};

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'to-action-inputs-'));
}

test('the action reads exactly the inputs action.yml declares', () => {
  expect([...ALL_INPUT_NAMES].sort()).toEqual(Object.keys(action.inputs).sort());
  for (const name of Object.values(ActionInput)) expect(Object.keys(action.inputs)).toContain(name);
});

test('every output name the action sets is declared in action.yml', () => {
  expect(Object.values(ActionOutput).sort()).toEqual(Object.keys(action.outputs).sort());
});

test('readRawInputs asks for every input once and keeps what it got', () => {
  const asked: string[] = [];
  const raw = readRawInputs((name) => {
    asked.push(name);
    return name === 'max_workers' ? '3' : '';
  });
  expect(asked.sort()).toEqual([...ALL_INPUT_NAMES].sort());
  expect(raw.max_workers).toBe('3');
  expect(raw.epochs).toBe('');
});

test.each([
  ['', 'run'],
  ['run', 'run'],
  [' RUN ', 'run'],
  ['plan', 'plan'],
  ['merge', 'merge'],
])('mode %j is %s', (value, expected) => {
  expect(parseMode(value)).toBe(expected);
});

test('an unknown mode is an InputError naming the input and the accepted values', () => {
  expect(() => parseMode('sweep')).toThrow(InputError);
  expect(() => parseMode('sweep')).toThrow("Invalid mode 'sweep'. Expected one of: run, plan, merge.");
});

test.each([
  [{ GITHUB_WORKSPACE: '/home/runner/work/repo' }, '/home/runner/work/repo'],
  [{ GITHUB_WORKSPACE: '' }, '/cwd'],
  [{}, '/cwd'],
])('the workspace of %j is %s', (env, expected) => {
  expect(workspaceFrom(env, '/cwd')).toBe(expected);
});

describe('parseActionInputs', () => {
  test('empty inputs give the defaults, relative to the workspace', () => {
    const workspace = tempDir();
    const raw = readRawInputs(() => '');
    const inputs = parseActionInputs(raw, { workspace });
    expect(inputs.mode).toBe('run');
    expect(inputs.settings.workingDirectory).toBe(workspace);
    expect(inputs.settings.maxWorkers).toBe(4);
    expect(inputs.artifacts.enabled).toBe(true);
    expect(inputs.installRequirements).toBe('');
    expect(inputs.kaggle).toBeUndefined();
  });

  test('working_directory is resolved against the workspace, and the Kaggle pair is kept', () => {
    const workspace = tempDir();
    fs.mkdirSync(path.join(workspace, 'repo'));
    const values: Record<string, string> = {
      working_directory: 'repo',
      kaggle_username: 'octocat',
      kaggle_key: 'k3y-value',
      install_requirements: 'requirements-*.txt',
      mode: 'run',
    };
    const inputs = parseActionInputs(
      readRawInputs((name) => values[name] ?? ''),
      { workspace },
    );
    expect(inputs.settings.workingDirectory).toBe(path.join(workspace, 'repo'));
    expect(inputs.kaggle).toEqual({ username: 'octocat', key: 'k3y-value' });
    expect(inputs.settings.secrets).toEqual(expect.arrayContaining(['octocat', 'k3y-value']));
    expect(inputs.installRequirements).toBe('requirements-*.txt');
  });

  test.each([
    [{ max_workers: '0' }, 'max_workers'],
    [{ retries: '-1' }, 'retries'],
    [{ kaggle_key: 'only-the-key' }, 'kaggle_username'],
    [{ results_retention_days: '91' }, 'results_retention_days'],
    [{ mode: 'shard' }, 'mode'],
  ])('%j is an InputError about %s', (values, where) => {
    const workspace = tempDir();
    const raw = readRawInputs((name) => (values as Record<string, string>)[name] ?? '');
    let error: unknown;
    try {
      parseActionInputs(raw, { workspace });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).where).toBe(where);
  });
});

test('the debug description of the inputs holds no secret value', () => {
  const workspace = tempDir();
  const values: Record<string, string> = {
    kaggle_username: 'octocat',
    kaggle_key: 'k3y-value',
    secrets: 'extra-secret',
  };
  const text = describeInputs(
    parseActionInputs(
      readRawInputs((name) => values[name] ?? ''),
      { workspace },
    ),
  );
  expect(JSON.parse(text)).toMatchObject({
    mode: 'run',
    maxWorkers: 4,
    jobEnv: ['KAGGLE_USERNAME', 'KAGGLE_KEY'],
  });
  for (const secret of ['octocat', 'k3y-value', 'extra-secret']) expect(text).not.toContain(secret);
});
