/**
 * The repository's own automation: CI runs the action from the checkout and checks its outputs,
 * check-dist compares dist/ with a fresh build, a release moves the major tag, Dependabot keeps
 * npm packages and actions current. Plus two rules for every workflow, present and future.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  allSteps,
  localActionProblems,
  parseYaml,
  readAction,
  readWorkflow,
  repoRoot,
  triggers,
  unsafeRunScripts,
  workflowFiles,
  workflowsDir,
  type Workflow,
} from './workflow-files.js';

const action = readAction();
const files = workflowFiles().map((file) => [path.relative(repoRoot, file), file]);
const load = (name: string) => readWorkflow(path.join(workflowsDir, name));

describe.each(files)('%s', (_relative, file) => {
  const workflow = readWorkflow(file);

  test('pastes no input, event field or step output into a run: script', () => {
    expect(unsafeRunScripts(workflow)).toEqual([]);
  });

  test('passes only declared inputs to the local action and reads only its declared outputs', () => {
    expect(localActionProblems(workflow, action)).toEqual([]);
  });

  test('declares its permissions and pins every action to a major version', () => {
    expect(workflow.permissions).toBeDefined();
    for (const { step } of allSteps(workflow)) {
      if (step.uses && step.uses !== './') expect(step.uses).toMatch(/^[\w.-]+\/[\w./-]+@v\d+$/);
    }
  });
});

describe('the local-action check itself', () => {
  const workflow = parseYaml<Workflow>(
    [
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - id: run',
      '        uses: ./',
      '        with: {list_only: true, listonly: true}',
      '      - run: echo "$S"',
      '        env: {S: "${{ steps.run.outputs.status }}", T: "${{ steps.run.outputs.stat }}"}',
      '',
    ].join('\n'),
    'bad.yml',
  );
  test('reports an undeclared input and an undeclared output', () => {
    expect(localActionProblems(workflow, action)).toEqual([
      "a: input 'listonly' is not defined in action.yml",
      "a: output 'stat' of step 'run' is not defined in action.yml",
    ]);
  });
});

describe('ci.yml', () => {
  const ci = load('ci.yml');

  test('runs on pushes and pull requests', () => {
    expect(Object.keys(triggers(ci))).toEqual(expect.arrayContaining(['push', 'pull_request']));
  });

  test('installs with npm ci, lints, type-checks and tests', () => {
    const runs = (ci.jobs.test.steps ?? []).map((step) => step.run).filter(Boolean);
    expect(runs).toEqual(['npm ci', 'npm run lint', 'npx tsc -p tsconfig.json --noEmit', 'npm test']);
  });

  test('runs the action from the checkout on examples/ with an artifact suffix, then checks its outputs through env', () => {
    const steps = ci.jobs.action.steps ?? [];
    const local = steps.filter((step) => step.uses === './');
    expect(local.length).toBeGreaterThanOrEqual(2);
    for (const step of local) expect(step.with?.working_directory).toBe('examples');
    const uploading = local.filter((step) => !step.with?.list_only && !step.with?.dry_run);
    expect(uploading.length).toBeGreaterThan(0);
    for (const step of uploading) expect(step.with?.artifact_suffix).toBeTruthy();

    const check = steps[steps.length - 1];
    expect(check.run).toBeDefined();
    expect(check.run).not.toContain('${{');
    const env = Object.values(check.env ?? {}).join('\n');
    for (const output of ['status', 'succeeded', 'failed', 'summary_path', 'results_artifact_name']) {
      expect(env).toContain(`steps.train.outputs.${output} }}`);
    }
  });
});

describe('check-dist.yml', () => {
  const checkDist = load('check-dist.yml');
  const steps = checkDist.jobs['check-dist'].steps ?? [];

  test('rebuilds dist/ and fails when it differs, counting new files', () => {
    const script = steps.map((step) => step.run ?? '').join('\n');
    expect(script).toContain('npm ci');
    expect(script).toContain('npm run package');
    expect(script).toMatch(/git diff [^\n]*--exit-code[^\n]*dist\//);
    expect(script).toContain('git ls-files --others --exclude-standard -- dist/');
  });

  test('uploads the expected dist/ only when the comparison failed', () => {
    const upload = steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.if).toBe("failure() && steps.diff.outcome == 'failure'");
    expect(upload?.with?.path).toBe('dist/');
    expect(steps.find((step) => step.id === 'diff')).toBeDefined();
  });
});

describe('release.yml', () => {
  const release = load('release.yml');
  const job = release.jobs['move-major-tag'];
  const script = (job.steps ?? []).map((step) => step.run ?? '').join('\n');

  test('runs when a release is published, not for pre-releases, and may push tags', () => {
    expect(triggers(release)).toStrictEqual({ release: { types: ['published'] } });
    expect(release.permissions).toStrictEqual({ contents: 'read' });
    expect(job.permissions).toStrictEqual({ contents: 'write' });
    expect((job as { if?: string }).if).toContain('!github.event.release.prerelease');
  });

  test('force-moves the major tag with an annotated tag', () => {
    expect(script).toMatch(/git tag -fa "\$MAJOR"/);
    expect(script).toMatch(/git push --force origin "refs\/tags\/\$MAJOR"/);
  });

  // The validation step's own regular expression, run on candidate tags.
  const pattern = /\[\[ ! "\$TAG" =~ (\S+) \]\]/.exec(script)?.[1];
  test.each([
    ['v1.2.3', 'v1'],
    ['v10.0.0', 'v10'],
    ['v0.1.0', 'v0'],
  ])('accepts %s and moves %s', (tag, major) => {
    const match = new RegExp(pattern!).exec(tag);
    expect(match && `v${match[1]}`).toBe(major);
  });
  test.each([['1.2.3'], ['v1.2'], ['v1.2.3-rc.1'], ['v01.2.3'], ['v1.2.3; rm -rf x'], ['vX.Y.Z']])(
    'rejects %s',
    (tag) => {
      expect(new RegExp(pattern!).test(tag)).toBe(false);
    },
  );
});

describe('dependabot.yml', () => {
  const config = parseYaml<{
    version: number;
    updates: Array<{ 'package-ecosystem': string; schedule: { interval: string }; groups?: object }>;
  }>(fs.readFileSync(path.join(repoRoot, '.github', 'dependabot.yml'), 'utf8'), 'dependabot.yml');

  test('updates npm packages and GitHub Actions weekly, in groups', () => {
    expect(config.version).toBe(2);
    expect(config.updates.map((update) => update['package-ecosystem']).sort()).toEqual([
      'github-actions',
      'npm',
    ]);
    for (const update of config.updates) {
      expect(update.schedule.interval).toBe('weekly');
      expect(Object.keys(update.groups ?? {}).length).toBeGreaterThan(0);
    }
  });
});
