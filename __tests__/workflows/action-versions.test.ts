/**
 * Every use of a GitHub-maintained action (`actions/…@ref`), in every workflow file and in every YAML
 * snippet of the README and the docs, names the major of ACTION_MAJORS: one table to edit when
 * Dependabot proposes a new major. An `actions/*` action missing from the table fails too, so a new
 * one gets a row.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ACTION_MAJORS } from './action-majors.js';
import { parseYaml, repoRoot, workflowFiles } from './workflow-files.js';

interface Use {
  where: string;
  action: string;
  ref: string;
}

/** `actions/<name>@<ref>`, not an npm package such as `@actions/core@3`. */
const ACTION_USE = /(?<![@\w/-])(actions\/[\w.-]+)@([^\s'"#`)]+)/g;

function actionUses(text: string, where: string, firstLine = 1): Use[] {
  return [...text.matchAll(ACTION_USE)].map((match) => ({
    where: `${where}:${firstLine - 1 + text.slice(0, match.index).split('\n').length}`,
    action: match[1],
    ref: match[2],
  }));
}

/** The fenced YAML blocks of a Markdown file, each with the line it starts on. */
function yamlSnippets(text: string): Array<{ line: number; body: string }> {
  const snippets: Array<{ line: number; body: string }> = [];
  for (const match of text.matchAll(/^```ya?ml[^\n]*\n([\s\S]*?)^```/gm)) {
    snippets.push({ line: text.slice(0, match.index).split('\n').length + 1, body: match[1] });
  }
  return snippets;
}

function markdownFiles(): string[] {
  const docs = fs
    .readdirSync(path.join(repoRoot, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .map((name) => path.join(repoRoot, 'docs', name));
  return [path.join(repoRoot, 'README.md'), path.join(repoRoot, 'examples', 'README.md'), ...docs].filter(
    (file) => fs.existsSync(file),
  );
}

function allUses(): Use[] {
  const uses: Use[] = [];
  for (const file of workflowFiles()) {
    uses.push(...actionUses(fs.readFileSync(file, 'utf8'), path.relative(repoRoot, file)));
  }
  for (const file of markdownFiles()) {
    for (const snippet of yamlSnippets(fs.readFileSync(file, 'utf8'))) {
      uses.push(...actionUses(snippet.body, path.relative(repoRoot, file), snippet.line));
    }
  }
  return uses;
}

function problems(uses: Use[]): string[] {
  return uses.flatMap(({ where, action, ref }) => {
    const major = ACTION_MAJORS[action];
    if (major === undefined) return [`${where}: ${action}@${ref} is not in ACTION_MAJORS`];
    return ref === `v${major}` ? [] : [`${where}: ${action}@${ref}, expected ${action}@v${major}`];
  });
}

test('every workflow and README snippet uses the current major of each actions/* action', () => {
  const uses = allUses();
  expect(problems(uses)).toEqual([]);
  // The table names no action that nothing uses, so it cannot rot.
  expect([...new Set(uses.map((use) => use.action))].sort()).toEqual(Object.keys(ACTION_MAJORS).sort());
});

test('the README snippets are scanned (the check is not vacuous)', () => {
  const readme = allUses().filter((use) => use.where.startsWith('README.md'));
  expect(readme.map((use) => use.action)).toEqual(
    expect.arrayContaining(['actions/checkout', 'actions/setup-python']),
  );
});

describe('the check itself', () => {
  test.each([
    ['an old major', 'actions/checkout@v4', ['x:1: actions/checkout@v4, expected actions/checkout@v7']],
    [
      'a minor pin',
      'actions/setup-python@v7.1.0',
      ['x:1: actions/setup-python@v7.1.0, expected actions/setup-python@v7'],
    ],
    [
      'a commit pin',
      'actions/upload-artifact@0123abc',
      [expect.stringContaining('expected actions/upload-artifact@v7')],
    ],
    [
      'an action missing from the table',
      'actions/cache@v5',
      ['x:1: actions/cache@v5 is not in ACTION_MAJORS'],
    ],
    ['the current major', 'actions/download-artifact@v8', []],
    ['an npm package, not an action', '@actions/core@3', []],
  ])('%s', (_name, text, expected) => {
    expect(problems(actionUses(`      - uses: ${text}`, 'x'))).toEqual(expected);
  });

  test('finds uses in a fenced yaml block and ignores other blocks', () => {
    const markdown =
      'Text actions/checkout@v1.\n\n```yaml\n- uses: actions/checkout@v4\n```\n\n```sh\nactions/checkout@v2\n```\n';
    expect(yamlSnippets(markdown)).toEqual([{ line: 4, body: '- uses: actions/checkout@v4\n' }]);
  });
});

test('Dependabot keeps the workflows current: a weekly github-actions update of the repository root', () => {
  const config = parseYaml<{ updates: Array<Record<string, unknown>> }>(
    fs.readFileSync(path.join(repoRoot, '.github', 'dependabot.yml'), 'utf8'),
    'dependabot.yml',
  );
  const actions = config.updates.find((update) => update['package-ecosystem'] === 'github-actions');
  // directory "/" is how Dependabot means .github/workflows of the repository.
  expect(actions).toMatchObject({ directory: '/', schedule: { interval: 'weekly' } });
});
