import { execFile } from 'node:child_process';
import path from 'node:path';
import { InputError } from '../model/types.js';
import { AUTO_PYTHON_CANDIDATES, PYTHON_PROBE_TIMEOUT_MS } from './defaults.js';
import { findExecutable } from './executable.js';
import { quoteValue } from './input-values.js';

// One start answers both questions: where the interpreter is, and which version it is (for provenance).
const PROBE = 'import sys, platform; print(sys.executable); print(platform.python_version())';
const resolved = new Map<string, Promise<string>>();
const versions = new Map<string, string>();

/**
 * The absolute path of the interpreter every script job runs with. `auto` is the first of python3,
 * python on PATH; any other value is a program name (looked up on PATH) or a path (relative to `cwd`).
 * The interpreter found is run once, without a shell, to print `sys.executable`: version-manager shims
 * (pyenv, asdf) then cost their ~60 ms once per run instead of once per job. The probe runs in `cwd`
 * because pyenv picks the version from the repository's `.python-version`. Results are cached per
 * process. Not found, or not runnable: InputError (`python`).
 */
export function resolvePython(
  spec: string,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): Promise<string> {
  const key = JSON.stringify([spec, env.PATH ?? env.Path ?? '', cwd]);
  let result = resolved.get(key);
  if (!result) {
    result = locateAndProbe(spec, env, cwd);
    resolved.set(key, result);
    result.catch(() => resolved.delete(key));
  }
  return result;
}

/** Forgets resolved interpreters (tests change PATH between cases). */
export function clearPythonCache(): void {
  resolved.clear();
  versions.clear();
}

/**
 * The version (`3.11.4`) the probe of resolvePython reported for `executable` (the path it returned), or
 * null when it was not probed in this process or did not say. Asks nothing: the probe already ran.
 */
export function probedPythonVersion(executable: string): string | null {
  return versions.get(executable) ?? null;
}

async function locateAndProbe(spec: string, env: NodeJS.ProcessEnv, cwd: string): Promise<string> {
  const candidates = spec === 'auto' ? AUTO_PYTHON_CANDIDATES : [spec];
  const failures: string[] = [];
  for (const candidate of candidates) {
    const executable = findExecutable(candidate, env, cwd);
    if (!executable) continue;
    try {
      return await probe(executable, env, cwd);
    } catch (error) {
      failures.push(`${executable}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  const tried = failures.length > 0 ? ` It did not run: ${failures.join('; ')}.` : '';
  if (spec === 'auto') {
    throw new InputError(
      'python',
      `Invalid python 'auto': no working python3 or python on PATH.${tried} Install Python (e.g. actions/setup-python) ` +
        `or set python to an interpreter's path.`,
    );
  }
  throw new InputError(
    'python',
    `Invalid python ${quoteValue(spec)}: ${failures.length > 0 ? 'it is not a working interpreter.' : 'not found.'}${tried} ` +
      `Expected auto, a program on PATH (python3.11) or a path to an interpreter (.venv/bin/python).`,
  );
}

function probe(executable: string, env: NodeJS.ProcessEnv, cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      executable,
      ['-c', PROBE],
      { cwd, env, timeout: PYTHON_PROBE_TIMEOUT_MS, windowsHide: true, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(stderr.trim() || error.message));
          return;
        }
        const [first = '', second = ''] = stdout.split(/\r?\n/);
        const reported = first.trim();
        // An embedded interpreter may report an empty sys.executable; the path we ran is then the answer.
        const found = reported !== '' && path.isAbsolute(reported) ? reported : executable;
        const version = second.trim();
        if (/^[0-9][0-9A-Za-z.+-]{0,40}$/.test(version)) versions.set(found, version);
        resolve(found);
      },
    );
  });
}
