import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError, type Logger, type Settings } from '../../src/model/types.js';
import type { RawInputs } from '../../src/plan/inputs.js';
import { parseSettings } from '../../src/plan/settings.js';

const made: string[] = [];

/** A fresh temp folder, removed after all tests of the file. */
export function tempDir(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'to-plan-')));
  made.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes files (relative POSIX path → content) under root; a trailing `/` makes a folder. */
export function writeTree(root: string, files: Record<string, string>): string {
  for (const [relative, content] of Object.entries(files)) {
    const target = path.join(root, ...relative.split('/'));
    if (relative.endsWith('/')) {
      fs.mkdirSync(target, { recursive: true });
      continue;
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
  }
  return root;
}

/** A Python training script that accepts the given options (as argparse literals). */
export function script(...options: string[]): string {
  const lines = options.map((option) => `parser.add_argument("${option}")`);
  return ['import argparse', 'parser = argparse.ArgumentParser()', ...lines, 'parser.parse_args()', ''].join(
    '\n',
  );
}

export const ALL_FLAGS = script('--output-dir', '--epochs', '--folds');

export function settingsFor(workingDirectory: string, raw: RawInputs = {}): Settings {
  return parseSettings(raw, { workspace: workingDirectory });
}

/** Runs `action` and returns the InputError it throws (failing the test when it throws nothing or something else). */
export async function inputError(action: () => unknown): Promise<InputError> {
  try {
    await action();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError, nothing was thrown');
}

export function syncInputError(action: () => unknown): InputError {
  try {
    action();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError, nothing was thrown');
}

/** A logger that keeps what it was told. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => lines.push(`info: ${message}`),
    warn: (message) => lines.push(`warn: ${message}`),
    error: (message) => lines.push(`error: ${message}`),
    debug: (message) => lines.push(`debug: ${message}`),
  };
}
