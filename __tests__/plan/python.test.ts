import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { clearPythonCache, probedPythonVersion, resolvePython } from '../../src/plan/python.js';
import { inputError, tempDir } from './helpers.js';

const posix = process.platform === 'win32' ? describe.skip : describe;

/** A fake interpreter: records each call, prints `prints` as sys.executable, exits with `code`. */
function fakePython(dir: string, name: string, prints: string, code = 0): string {
  const file = path.join(dir, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    file,
    `#!/bin/sh\necho "$0 $*" >> "${path.join(dir, 'calls')}"\n${code === 0 ? `echo "${prints}"` : `echo "broken" >&2; exit ${code}`}\n`,
  );
  fs.chmodSync(file, 0o755);
  return file;
}
const calls = (dir: string): string[] =>
  fs.existsSync(path.join(dir, 'calls'))
    ? fs.readFileSync(path.join(dir, 'calls'), 'utf8').trim().split('\n')
    : [];

beforeEach(() => clearPythonCache());

posix('resolvePython', () => {
  test('auto: the real interpreter on this machine, resolved through any shim', async () => {
    const python = await resolvePython('auto');
    expect(path.isAbsolute(python)).toBe(true);
    expect(python).not.toContain(`${path.sep}shims${path.sep}`);
    expect(execFileSync(python, ['-c', 'print(6 * 7)'], { encoding: 'utf8' }).trim()).toBe('42');
  });

  test('auto: python3 first, run once with -c to print sys.executable, then cached', async () => {
    const bin = tempDir();
    fakePython(bin, 'python3', '/opt/python/3.11/bin/python3.11');
    fakePython(bin, 'python', '/opt/python/2.7/bin/python');
    const env = { PATH: bin };
    expect(await resolvePython('auto', env, bin)).toBe('/opt/python/3.11/bin/python3.11');
    expect(await resolvePython('auto', env, bin)).toBe('/opt/python/3.11/bin/python3.11');
    expect(calls(bin)).toEqual([
      `${path.join(bin, 'python3')} -c import sys, platform; print(sys.executable); print(platform.python_version())`,
    ]);
  });

  test('the same probe reports the version, kept for provenance; none when the interpreter does not say', async () => {
    const python = await resolvePython('auto');
    const version = execFileSync(python, ['-c', 'import platform; print(platform.python_version())'], {
      encoding: 'utf8',
    }).trim();
    expect(probedPythonVersion(python)).toBe(version);

    const bin = tempDir();
    fakePython(bin, 'python3', '/opt/python/3.11/bin/python3.11');
    expect(await resolvePython('auto', { PATH: bin }, bin)).toBe('/opt/python/3.11/bin/python3.11');
    expect(probedPythonVersion('/opt/python/3.11/bin/python3.11')).toBeNull();
  });

  test('auto: python when there is no python3, or when python3 does not run', async () => {
    const only = tempDir();
    fakePython(only, 'python', '/opt/py/python');
    expect(await resolvePython('auto', { PATH: only }, only)).toBe('/opt/py/python');

    const broken = tempDir();
    fakePython(broken, 'python3', '', 1);
    fakePython(broken, 'python', '/opt/py/python');
    expect(await resolvePython('auto', { PATH: broken }, broken)).toBe('/opt/py/python');
  });

  test('the first folder on PATH wins; folders without it and non-executable files are skipped', async () => {
    const empty = tempDir();
    const plain = tempDir();
    fs.writeFileSync(path.join(plain, 'python3'), 'not executable');
    const real = tempDir();
    fakePython(real, 'python3', '/opt/a/python3');
    const later = tempDir();
    fakePython(later, 'python3', '/opt/b/python3');
    const env = { PATH: [empty, plain, real, later].join(path.delimiter) };
    expect(await resolvePython('auto', env, empty)).toBe('/opt/a/python3');
  });

  test('an explicit name is looked up on PATH; a path is relative to the working directory', async () => {
    const bin = tempDir();
    fakePython(bin, 'python3.12', '/opt/3.12/python3.12');
    expect(await resolvePython('python3.12', { PATH: bin }, bin)).toBe('/opt/3.12/python3.12');
    const repo = tempDir();
    fakePython(path.join(repo, '.venv', 'bin'), 'python', `${repo}/.venv/bin/python`);
    expect(await resolvePython('.venv/bin/python', { PATH: '' }, repo)).toBe(`${repo}/.venv/bin/python`);
  });

  test('an interpreter printing no absolute sys.executable is used as found', async () => {
    const bin = tempDir();
    const file = fakePython(bin, 'python3', '');
    expect(await resolvePython('auto', { PATH: bin }, bin)).toBe(file);
  });

  test.each<[string, string]>([
    ['auto', "Invalid python 'auto': no working python3 or python on PATH."],
    ['python9', "Invalid python 'python9': not found."],
    ['./missing/python', "Invalid python './missing/python': not found."],
  ])('%p not found is an InputError', async (spec, message) => {
    const empty = tempDir();
    const error = await inputError(() => resolvePython(spec, { PATH: empty }, empty));
    expect(error.where).toBe('python');
    expect(error.message).toContain(message);
  });

  test('an interpreter that does not run is an InputError with its message', async () => {
    const bin = tempDir();
    fakePython(bin, 'python3', '', 3);
    const error = await inputError(() => resolvePython('python3', { PATH: bin }, bin));
    expect(error.message).toContain(
      "Invalid python 'python3': it is not a working interpreter. It did not run:",
    );
    expect(error.message).toContain('broken');
  });

  test('a failure is not cached: a fixed PATH works on the next call', async () => {
    const bin = tempDir();
    await inputError(() => resolvePython('auto', { PATH: bin }, bin));
    fakePython(bin, 'python3', '/opt/fixed/python3');
    expect(await resolvePython('auto', { PATH: bin }, bin)).toBe('/opt/fixed/python3');
  });
});
