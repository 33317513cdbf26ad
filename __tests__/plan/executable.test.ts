import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findExecutable, findExecutables } from '../../src/plan/executable.js';

describe('findExecutable (the one PATH lookup of the planner, the spawn service and nvidia-smi)', () => {
  let root: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'executable-'));
    for (const folder of ['a', 'b', 'rel']) fs.mkdirSync(path.join(root, folder));
    fs.writeFileSync(path.join(root, 'a', 'tool'), 'not executable', { mode: 0o644 });
    fs.writeFileSync(path.join(root, 'b', 'tool'), '#!/bin/sh\n', { mode: 0o755 });
    fs.mkdirSync(path.join(root, 'a', 'folder-tool'), { mode: 0o755 });
    fs.writeFileSync(path.join(root, 'rel', 'only-here'), '#!/bin/sh\n', { mode: 0o755 });
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  const PATH = () => [path.join(root, 'a'), path.join(root, 'b'), 'rel'].join(path.delimiter);

  test.each([
    ['the first executable file on PATH (a non-executable one skipped)', 'tool', {}, 'b/tool'],
    ['a folder of that name is not a program', 'folder-tool', {}, undefined],
    ['a name with a folder is taken relative to cwd', './b/tool', {}, 'b/tool'],
    ['a relative PATH entry is resolved against the process, by default', 'only-here', {}, 'rel/only-here'],
    ['a relative PATH entry is skipped when asked', 'only-here', { absoluteFoldersOnly: true }, undefined],
    ['nothing found', 'missing', {}, undefined],
  ])('%s', (_, name, options, expected) => {
    const previous = process.cwd();
    process.chdir(root);
    try {
      const found = findExecutable(name, { PATH: PATH() }, root, options);
      expect(found).toBe(expected === undefined ? undefined : path.join(root, expected));
    } finally {
      process.chdir(previous);
    }
  });
});

describe('findExecutables (every place, in findExecutable’s order)', () => {
  let root: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'executables-'));
    for (const folder of ['a', 'b', 'c']) fs.mkdirSync(path.join(root, folder));
    fs.writeFileSync(path.join(root, 'a', 'tool'), '#!/bin/sh\n', { mode: 0o755 });
    fs.writeFileSync(path.join(root, 'b', 'tool'), 'not executable', { mode: 0o644 });
    fs.writeFileSync(path.join(root, 'c', 'tool'), '\x7fELF', { mode: 0o755 });
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('lists every executable match in PATH order; the first is findExecutable’s answer', () => {
    const env = { PATH: ['a', 'b', 'c'].map((folder) => path.join(root, folder)).join(path.delimiter) };
    const all = findExecutables('tool', env, root);
    expect(all).toEqual([path.join(root, 'a', 'tool'), path.join(root, 'c', 'tool')]);
    expect(findExecutable('tool', env, root)).toBe(all[0]);
    expect(findExecutables('missing', env, root)).toEqual([]);
  });
});
