import fs from 'node:fs/promises';
import path from 'node:path';
import * as exec from '@actions/exec';
import * as glob from '@actions/glob';
import { InputError, type Logger } from '../model/types.js';
import { hasControlCharacters, printable } from '../plan/workflow-commands.js';
import { ActionInput } from './constants.js';
import { safeCore } from './safe-core.js';

/** Side effects as parameters: tests pass a recording `group` and a fake interpreter through the real exec. */
export interface InstallDeps {
  /** Runs a command, returns its exit code (never throws for a non-zero code). */
  exec(command: string, args: string[], opts: { cwd: string }): Promise<number>;
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

const defaultDeps: InstallDeps = {
  exec: (command, args, opts) => exec.exec(command, args, { cwd: opts.cwd, ignoreReturnCode: true }),
  group: (name, fn) => safeCore.group(name, fn),
};

/**
 * The files the `install_requirements` glob matches, sorted, each inside the working directory.
 * Every pattern line is resolved against the working directory; one that points outside it is a bad
 * input, and a match that leaves it through a symbolic link is dropped with a warning.
 */
export async function findRequirementFiles(
  pattern: string,
  workingDirectory: string,
  logger: Logger,
): Promise<string[]> {
  const root = await fs.realpath(workingDirectory);
  const lines: string[] = [];
  for (const rawLine of pattern.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const body = negated ? line.slice(1) : line;
    const absolute = path.resolve(root, body);
    if (!isInside(root, absolute)) {
      throw new InputError(
        ActionInput.InstallRequirements,
        `Invalid install_requirements '${line}'. Expected a glob of files inside the working directory, such as requirements-*.txt.`,
      );
    }
    lines.push(`${negated ? '!' : ''}${absolute}`);
  }
  if (lines.length === 0) return [];
  const globber = await glob.create(lines.join('\n'), {
    matchDirectories: false,
    implicitDescendants: false,
  });
  const files: string[] = [];
  for (const file of await globber.glob()) {
    const real = await fs.realpath(file);
    const shown = path.relative(root, file);
    // @actions/exec echoes `[command]… -r <file>` as a raw line: a name that could break that line or
    // carry a legacy `##[` command is not installed from.
    if (hasControlCharacters(file) || file.includes('##[')) {
      logger.warn(
        `install_requirements: skipping ${printable(shown)}: its name holds a control character, a line break or '##['. Rename it.`,
      );
      continue;
    }
    if (!isInside(root, real)) {
      logger.warn(
        `install_requirements: skipping ${path.relative(root, file)}, which links outside the working directory.`,
      );
      continue;
    }
    files.push(file);
  }
  return files.sort();
}

/**
 * The pattern lines that name one file literally (no wildcard, not a negation) and find no such file:
 * a literal name is a promise that the file exists, so its absence is likely a typo.
 */
export async function missingLiteralFiles(pattern: string, workingDirectory: string): Promise<string[]> {
  const root = await fs.realpath(workingDirectory);
  const missing: string[] = [];
  for (const rawLine of pattern.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!') || /[*?[\]]/.test(line)) continue;
    const stat = await fs.stat(path.resolve(root, line)).catch(() => undefined);
    if (!stat?.isFile()) missing.push(line);
  }
  return missing;
}

/**
 * `python -m pip install -r <file>` for each matched file, each in its own log group, with the interpreter
 * the jobs use. A failed install throws (the step fails before any job starts). A wildcard that matches
 * nothing is not a problem: one workflow serves repositories with and without requirement files, so that
 * is an info line, never a warning; only a file named literally (no wildcard) that does not exist is a
 * warning. Returns the files installed (relative). `@actions/exec` cannot be interrupted, so a
 * cancellation takes effect between files.
 */
export async function installRequirements(
  opts: { pattern: string; workingDirectory: string; python: string; logger: Logger; signal?: AbortSignal },
  deps: InstallDeps = defaultDeps,
): Promise<string[]> {
  const files = await findRequirementFiles(opts.pattern, opts.workingDirectory, opts.logger);
  for (const line of await missingLiteralFiles(opts.pattern, opts.workingDirectory)) {
    opts.logger.warn(
      `install_requirements: ${line} is not a file in ${opts.workingDirectory}; nothing installed from it.`,
    );
  }
  if (files.length === 0) {
    opts.logger.info(
      `install_requirements: no file matches '${opts.pattern}' in ${opts.workingDirectory}; nothing to install.`,
    );
    return [];
  }
  const root = await fs.realpath(opts.workingDirectory);
  const installed: string[] = [];
  for (const file of files) {
    if (opts.signal?.aborted) throw new Error('Cancelled while installing requirements; no job was started.');
    const relative = toPosix(path.relative(root, file));
    const code = await deps.group(`pip install -r ${relative}`, () =>
      deps.exec(opts.python, ['-m', 'pip', 'install', '-r', file], { cwd: root }),
    );
    if (code !== 0) {
      throw new Error(
        `Installing requirements from ${relative} failed: '${opts.python} -m pip install -r ${relative}' exited with code ${code}. No job was started.`,
      );
    }
    installed.push(relative);
  }
  return installed;
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return (
    relative === '' ||
    (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
  );
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
