import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCliInMemory } from '../support/cli-in-memory.js';

/** The CLI in this process (default folder: the temp folder): what it printed, and its exit code. */
const cli = (argv: string[], env: NodeJS.ProcessEnv, cwd = os.tmpdir()) => runCliInMemory(argv, env, cwd);

const SECRET = 'hunter22-xyz';

describe('the CLI masks its error messages like everything else', () => {
  test.each([
    ['a flag value the parser rejects', ['--max-workers', SECRET]],
    ['a flag value the settings reject', ['--timeout-minutes', SECRET]],
    [
      'a working directory that does not exist',
      ['-C', path.join(os.tmpdir(), `missing-${SECRET}`), '--list'],
    ],
  ])('%s', async (_name, argv) => {
    const result = await cli(argv, { TRAINING_ORCHESTRATOR_SECRETS: SECRET });
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^error: /);
    expect(result.err).toContain('***');
    expect(result.err + result.out).not.toContain(SECRET);
  });

  test('KAGGLE_KEY is masked the same way', async () => {
    const result = await cli(['--max-workers', SECRET], { KAGGLE_KEY: SECRET });
    expect(result.code).toBe(2);
    expect(result.err).not.toContain(SECRET);
  });
});

describe('short secrets', () => {
  test('a secret shorter than 4 characters gets one warning that never shows it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'to-cli-short-'));
    fs.mkdirSync(path.join(dir, 'training'));
    fs.writeFileSync(path.join(dir, 'training/train_qz.py'), 'print("hi")\n');
    const result = await cli(['--list'], { TRAINING_ORCHESTRATOR_SECRETS: 'qz\nlong-enough-secret' }, dir);
    expect(result.code).toBe(0);
    expect(result.err).toContain('warning: 1 secret value is shorter than 4 characters');
    // The job id is the repository's (a script name), not a secret's: the list names it.
    expect(result.out).toContain('qz');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('no warning when every secret is long enough, or whitespace only', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'to-cli-short-'));
    fs.mkdirSync(path.join(dir, 'training'));
    fs.writeFileSync(path.join(dir, 'training/train_a.py'), 'print("hi")\n');
    const result = await cli(['--list'], { TRAINING_ORCHESTRATOR_SECRETS: '  \nlong-enough-secret' }, dir);
    expect(result.code).toBe(0);
    expect(result.err).not.toContain('shorter than');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
