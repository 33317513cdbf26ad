/** setupKaggle / cleanupKaggle on a real temporary HOME. */
import { describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError, type Logger } from '../../src/model/types.js';
import { cleanupKaggle, setupKaggle } from '../../src/action/kaggle.js';

const KEY = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';

function recorder(): Logger & { messages: string[] } {
  const messages: string[] = [];
  const push = (level: string) => (message: string) => void messages.push(`${level}: ${message}`);
  return { messages, info: push('info'), warn: push('warn'), error: push('error'), debug: push('debug') };
}

function tempHome(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'to-home-'));
}

const modeOf = (file: string): number => fs.statSync(file).mode & 0o777;

describe('setupKaggle', () => {
  test('writes kaggle.json with mode 0600 in a 0700 folder, even under a permissive umask', async () => {
    const home = tempHome();
    const logger = recorder();
    const previous = process.umask(0o000);
    let state;
    try {
      state = await setupKaggle({ username: 'octocat', key: KEY, home, logger });
    } finally {
      process.umask(previous);
    }
    const file = path.join(home, '.kaggle', 'kaggle.json');
    expect(state).toEqual({ path: file, created: true, dirCreated: true });
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ username: 'octocat', key: KEY });
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(path.dirname(file))).toBe(0o700);
    expect(logger.messages.join('\n')).not.toContain(KEY);
  });

  test('keeps an existing kaggle.json untouched and says so', async () => {
    const home = tempHome();
    const dir = path.join(home, '.kaggle');
    fs.mkdirSync(dir, { mode: 0o755 });
    fs.chmodSync(dir, 0o755);
    const file = path.join(dir, 'kaggle.json');
    fs.writeFileSync(file, '{"username":"someone","key":"theirs"}', { mode: 0o600 });
    const logger = recorder();

    const state = await setupKaggle({ username: 'octocat', key: KEY, home, logger });

    expect(state).toEqual({ path: file, created: false, dirCreated: false });
    expect(fs.readFileSync(file, 'utf8')).toBe('{"username":"someone","key":"theirs"}');
    expect(modeOf(dir)).toBe(0o755);
    expect(logger.messages.join('\n')).toMatch(/warn: .*kaggle\.json already exists and was left as it is/);
  });

  test('never writes through a link planted where kaggle.json goes', async () => {
    const home = tempHome();
    fs.mkdirSync(path.join(home, '.kaggle'), { mode: 0o700 });
    const elsewhere = path.join(tempHome(), 'target.json');
    fs.symlinkSync(elsewhere, path.join(home, '.kaggle', 'kaggle.json'));
    const state = await setupKaggle({ username: 'octocat', key: KEY, home, logger: recorder() });
    expect(state?.created).toBe(false);
    expect(fs.existsSync(elsewhere)).toBe(false);
  });

  test('does nothing without credentials', async () => {
    const home = tempHome();
    expect(await setupKaggle({ username: '', key: ' ', home, logger: recorder() })).toBeUndefined();
    expect(fs.readdirSync(home)).toEqual([]);
  });

  test.each([
    ['only a user name', 'octocat', '', 'kaggle_key'],
    ['only a key', '', KEY, 'kaggle_username'],
  ])('%s is an InputError naming the missing input', async (_label, username, key, where) => {
    const home = tempHome();
    const error = await setupKaggle({ username, key, home, logger: recorder() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).where).toBe(where);
    expect((error as InputError).message).not.toContain(KEY);
    expect(fs.readdirSync(home)).toEqual([]);
  });
});

describe('cleanupKaggle', () => {
  test('removes the file and the folder it created', async () => {
    const home = tempHome();
    const state = await setupKaggle({ username: 'octocat', key: KEY, home, logger: recorder() });
    await cleanupKaggle(state, recorder());
    expect(fs.readdirSync(home)).toEqual([]);
  });

  test('removes its file but keeps a folder that existed, with the rest of its content', async () => {
    const home = tempHome();
    const dir = path.join(home, '.kaggle');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'other.json'), 'keep me');
    const state = await setupKaggle({ username: 'octocat', key: KEY, home, logger: recorder() });
    expect(state?.dirCreated).toBe(false);
    await cleanupKaggle(state, recorder());
    expect(fs.readdirSync(dir)).toEqual(['other.json']);
  });

  test('keeps a folder it created when something else was put in it meanwhile', async () => {
    const home = tempHome();
    const state = await setupKaggle({ username: 'octocat', key: KEY, home, logger: recorder() });
    fs.writeFileSync(path.join(home, '.kaggle', 'cache.json'), '{}');
    const logger = recorder();
    await cleanupKaggle(state, logger);
    expect(fs.readdirSync(path.join(home, '.kaggle'))).toEqual(['cache.json']);
    expect(logger.messages.filter((m) => m.startsWith('warn'))).toEqual([]);
  });

  test('leaves a pre-existing file untouched', async () => {
    const home = tempHome();
    fs.mkdirSync(path.join(home, '.kaggle'));
    const file = path.join(home, '.kaggle', 'kaggle.json');
    fs.writeFileSync(file, 'theirs');
    const state = await setupKaggle({ username: 'octocat', key: KEY, home, logger: recorder() });
    await cleanupKaggle(state, recorder());
    expect(fs.readFileSync(file, 'utf8')).toBe('theirs');
  });

  test.each([
    ['no state', undefined],
    ['a file already gone', { path: '/nonexistent/.kaggle/kaggle.json', created: true }],
    ['a state that names another file', { path: '/etc/passwd', created: true }],
  ])('never throws: %s', async (_label, state) => {
    await expect(cleanupKaggle(state, recorder())).resolves.toBeUndefined();
    expect(fs.existsSync('/etc/passwd')).toBe(fs.existsSync('/etc/passwd'));
  });
});
