/**
 * README's inputs and outputs tables are the ones scripts/generate-docs.mjs writes from action.yml.
 * The script runs as a real process, the way a contributor or CI runs it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './workflow-files.js';

const script = path.join(repoRoot, 'scripts', 'generate-docs.mjs');

function generateDocs(...args: string[]) {
  const result = spawnSync(process.execPath, [script, ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

test('README.md matches action.yml (node scripts/generate-docs.mjs --check)', () => {
  const { code, output } = generateDocs('--check');
  expect(output).toContain('match');
  expect(code).toBe(0);
});

describe('generate-docs in a temporary copy', () => {
  let dir: string;
  let readme: string;
  let action: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'to-'));
    readme = path.join(dir, 'README.md');
    action = path.join(dir, 'action.yml');
    fs.copyFileSync(path.join(repoRoot, 'action.yml'), action);
    fs.writeFileSync(
      readme,
      '# Title\n\nIntro.\n\n<!-- inputs:start -->\nstale\n<!-- inputs:end -->\n\nMiddle.\n\n<!-- outputs:start -->\n<!-- outputs:end -->\n\nEnd.\n',
    );
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('--check fails on a stale README and changes nothing', () => {
    const before = fs.readFileSync(readme, 'utf8');
    const { code, output } = generateDocs('--check', '--readme', readme, '--action', action);
    expect(code).toBe(1);
    expect(output).toMatch(/differ from action\.yml/);
    expect(fs.readFileSync(readme, 'utf8')).toBe(before);
  });

  test('writing fills both tables between the markers, keeps the rest, and then --check passes', () => {
    expect(generateDocs('--readme', readme, '--action', action).code).toBe(0);
    const text = fs.readFileSync(readme, 'utf8');
    expect(text.startsWith('# Title\n\nIntro.\n\n<!-- inputs:start -->\n\n| Input')).toBe(true);
    expect(text).toContain('\n\nMiddle.\n\n<!-- outputs:start -->\n\n| Output');
    expect(text.endsWith('<!-- outputs:end -->\n\nEnd.\n')).toBe(true);
    expect(text).not.toContain('stale');
    // One row per input and per output, in action.yml's order.
    const rows = text.split('\n').filter((line) => /^\| `[a-z_]+`/.test(line));
    const names = rows.map((line) => /^\| `([a-z_]+)`/.exec(line)![1]);
    const actionText = fs.readFileSync(action, 'utf8');
    const declared = [...actionText.matchAll(/^ {2}([a-z_]+):\s*$/gm)].map((m) => m[1]);
    expect(names).toEqual(declared);
    expect(generateDocs('--check', '--readme', readme, '--action', action).code).toBe(0);
  });

  test('a changed input description makes the README stale', () => {
    expect(generateDocs('--readme', readme, '--action', action).code).toBe(0);
    const changed = fs
      .readFileSync(action, 'utf8')
      .replace(/(\n {2}epochs:\n {4}description: ')/, '$1Changed. ');
    fs.writeFileSync(action, changed);
    expect(generateDocs('--check', '--readme', readme, '--action', action).code).toBe(1);
  });

  test('missing markers are an error that names them', () => {
    fs.writeFileSync(readme, '# Title\n\n<!-- inputs:start -->\n<!-- inputs:end -->\n');
    const { code, output } = generateDocs('--check', '--readme', readme, '--action', action);
    expect(code).toBe(1);
    expect(output).toContain('<!-- outputs:start --> and <!-- outputs:end -->');
  });

  test('descriptions render safely: globs and placeholders as code, pipes escaped', () => {
    fs.writeFileSync(
      action,
      [
        "name: 'x'",
        "description: 'x'",
        'inputs:',
        '  pattern:',
        "    description: 'Scripts named train_*.py, written as -<suffix>, a|b, passed as --epochs; see max_workers.'",
        "    default: 'a|b'",
        '  max_workers:',
        "    description: 'Workers.'",
        "    default: ''",
        'outputs:',
        '  status:',
        "    description: 'success or partial_success.'",
        'runs:',
        "  using: 'node24'",
        "  main: 'dist/index.js'",
        '',
      ].join('\n'),
    );
    expect(generateDocs('--readme', readme, '--action', action).code).toBe(0);
    const text = fs.readFileSync(readme, 'utf8');
    expect(text).toMatch(
      /\| `pattern` +\| Scripts named `train_\*\.py`, written as `-<suffix>`, a\\\|b, passed as `--epochs`; see `max_workers`\. +\| `a\\\|b` +\|/,
    );
    expect(text).toMatch(/\| `max_workers` +\| Workers\. +\| _empty_ +\|/);
    expect(text).toMatch(/\| `status` +\| success or partial_success\. +\|/);
  });

  test('an unknown flag is a usage error', () => {
    const { code, output } = generateDocs('--chek');
    expect(code).toBe(2);
    expect(output).toContain("Invalid argument '--chek'");
  });
});
