/**
 * The seed's "Training Orchestrator" workflow: its dispatch inputs (the seed's 15, then the job cache's
 * `cache` and `force`: names, types, descriptions, defaults), their mirror under workflow_call, and how each
 * reaches the action, one by one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pinned } from './action-majors.js';
import {
  allSteps,
  parseYaml,
  readAction,
  readWorkflow,
  triggers,
  unsafeRunScripts,
  workflowsDir,
  type Step,
  type Workflow,
  type WorkflowInput,
} from './workflow-files.js';

const file = path.join(workflowsDir, 'training-orchestrator.yml');
const workflow = readWorkflow(file);
const action = readAction();

/** The seed's 15 inputs in the seed's order, with the type each has in the workflow. */
const seedInputs: Array<[string, 'string' | 'number' | 'boolean']> = [
  // epochs and folds: empty means "do not pass the flag", which a number input cannot express.
  ['epochs', 'string'],
  ['folds', 'string'],
  ['only', 'string'],
  ['exclude', 'string'],
  ['parallel', 'boolean'],
  ['max_workers', 'number'],
  ['retries', 'number'],
  ['config', 'string'],
  ['extra_args', 'string'],
  ['dry_run', 'boolean'],
  ['list_only', 'boolean'],
  ['no_auto_discover', 'boolean'],
  ['discover_roots', 'string'],
  ['allow_partial_success', 'boolean'],
  ['verbose', 'boolean'],
];

/** After the seed's: the job cache (issue 13), so a run from the form can restore and force jobs. */
const cacheInputs: Array<[string, 'string' | 'number' | 'boolean']> = [
  ['cache', 'boolean'],
  ['force', 'string'],
];

const formInputs = [...seedInputs, ...cacheInputs];

/** GitHub's limit on workflow_dispatch inputs (10 until December 2025; a GitHub Enterprise Server may still say 10). */
const GITHUB_DISPATCH_INPUT_LIMIT = 25;

function inputsOf(event: 'workflow_dispatch' | 'workflow_call'): Record<string, WorkflowInput> {
  const trigger = triggers(workflow)[event] as { inputs?: Record<string, WorkflowInput> } | null;
  return trigger?.inputs ?? {};
}

/** The step that runs this repository's action. */
function actionStep(definition: Workflow): Step {
  const steps = allSteps(definition).filter(({ step }) => step.uses === './');
  expect(steps).toHaveLength(1);
  return steps[0].step;
}

test('the workflow is the seed\'s "Training Orchestrator"', () => {
  expect(workflow.name).toBe('Training Orchestrator');
});

test('workflow_dispatch has exactly the 15 seed inputs, in the seed order, then cache and force', () => {
  expect(Object.keys(inputsOf('workflow_dispatch'))).toEqual(formInputs.map(([name]) => name));
});

test('the form stays within what GitHub accepts', () => {
  expect(Object.keys(inputsOf('workflow_dispatch')).length).toBeLessThanOrEqual(GITHUB_DISPATCH_INPUT_LIMIT);
  // The count the workflow's own comment states.
  expect(fs.readFileSync(file, 'utf8')).toContain(`the form's\n# ${formInputs.length} (`);
});

describe.each(formInputs)('dispatch input %s', (name, type) => {
  const input = () => inputsOf('workflow_dispatch')[name];

  test(`is a ${type} input, optional`, () => {
    expect(input().type).toBe(type);
    expect(input().required ?? false).toBe(false);
  });

  test("has the action's description", () => {
    expect(input().description).toBe(action.inputs[name].description);
  });

  test("has the action's default, typed", () => {
    const actionDefault = action.inputs[name].default;
    const expected =
      type === 'boolean'
        ? actionDefault === 'true'
        : type === 'number'
          ? Number(actionDefault)
          : actionDefault;
    expect(input().default).toStrictEqual(expected);
    // Typed defaults are read back as the action's string, the way GitHub passes them through `with:`.
    expect(String(input().default)).toBe(actionDefault);
  });

  test(`reaches the action as ${name}: \${{ inputs.${name} }}`, () => {
    expect(actionStep(workflow).with?.[name]).toBe(`\${{ inputs.${name} }}`);
  });
});

test('workflow_call mirrors the dispatch inputs exactly', () => {
  expect(inputsOf('workflow_call')).toStrictEqual(inputsOf('workflow_dispatch'));
});

test('workflow_call takes the Kaggle secrets and the notification webhook, all optional', () => {
  const call = triggers(workflow).workflow_call as { secrets?: Record<string, { required?: boolean }> };
  expect(Object.keys(call.secrets ?? {}).sort()).toEqual([
    'KAGGLE_KEY',
    'KAGGLE_USERNAME',
    'TRAINING_NOTIFY_WEBHOOK',
  ]);
  for (const secret of Object.values(call.secrets ?? {})) expect(secret.required ?? false).toBe(false);
});

test('workflow_call outputs read real outputs of the action', () => {
  const call = triggers(workflow).workflow_call as { outputs?: Record<string, { value: string }> };
  const jobOutputs = workflow.jobs.train.outputs ?? {};
  for (const [name, output] of Object.entries(call.outputs ?? {})) {
    expect(output.value).toBe(`\${{ jobs.train.outputs.${name} }}`);
    expect(jobOutputs[name]).toBe(`\${{ steps.train.outputs.${name} }}`);
    expect(action.outputs).toHaveProperty(name);
  }
});

test('the action step passes the Kaggle secrets and installs requirements.txt and requirements-*.txt', () => {
  const step = actionStep(workflow);
  expect(step.id).toBe('train');
  expect(step.with).toMatchObject({
    kaggle_username: '${{ secrets.KAGGLE_USERNAME }}',
    kaggle_key: '${{ secrets.KAGGLE_KEY }}',
    install_requirements: 'requirements*.txt',
  });
  // Issue 11, fixed in `with:` rather than as form inputs: the token, history from the last good run,
  // and the notification webhook from an optional secret.
  expect(step.with).toMatchObject({
    github_token: '${{ github.token }}',
    history_file: 'auto',
    notify_webhook: '${{ secrets.TRAINING_NOTIFY_WEBHOOK }}',
  });
  // Nothing else: the form's inputs and these six.
  expect(Object.keys(step.with ?? {}).sort()).toEqual(
    [
      ...formInputs.map(([name]) => name),
      'kaggle_username',
      'kaggle_key',
      'install_requirements',
      'github_token',
      'history_file',
      'notify_webhook',
    ].sort(),
  );
});

test('no run: step pastes an input (or anything else a person typed) into a script', () => {
  expect(unsafeRunScripts(workflow)).toEqual([]);
  const text = fs.readFileSync(file, 'utf8');
  for (const { step } of allSteps(workflow)) {
    if (step.run) expect(step.run).not.toMatch(/\$\{\{\s*(inputs|github\.event\.inputs)\./);
  }
  expect(text).not.toMatch(/github\.event\.inputs/);
});

test('checkout, then Python 3.10 with a pip cache only when requirements files exist, then the action', () => {
  const steps = allSteps(workflow).map(({ step }) => step);
  const uses = steps.map((step) => step.uses);
  expect(uses).toEqual([
    pinned('actions/checkout'),
    pinned('actions/setup-python'),
    pinned('actions/setup-python'),
    './',
  ]);
  const [checkout, cached, uncached] = steps;
  expect(checkout.with?.['persist-credentials']).toBe(false);
  expect(cached.with).toMatchObject({
    'python-version': '3.10',
    cache: 'pip',
    'cache-dependency-path': 'requirements*.txt',
  });
  expect(cached.if).toBe("hashFiles('requirements*.txt') != ''");
  expect(uncached.with).toStrictEqual({ 'python-version': '3.10' });
  expect(uncached.if).toBe("hashFiles('requirements*.txt') == ''");
});

test('reads the repository and its runs (auto lookups) only, and one run per branch at a time without cancelling', () => {
  expect(workflow.permissions).toStrictEqual({ contents: 'read', actions: 'read' });
  expect(workflow.concurrency).toMatchObject({ 'cancel-in-progress': false });
});

test('shows a commented schedule and both ways of naming the action', () => {
  const text = fs.readFileSync(file, 'utf8');
  expect(text).toMatch(/^ {2}# schedule:\n {2}# {3}- cron: '[^']+'/m);
  expect(text).toMatch(/scheduled run has no inputs/);
  expect(text).toContain('uses: org/training-orchestrator@v1');
  expect(triggers(workflow)).not.toHaveProperty('schedule');
});

describe('the checks themselves', () => {
  const bad = (run: string) =>
    parseYaml<Workflow>(
      `on: workflow_dispatch\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${run}\n`,
      'bad.yml',
    );
  test.each([
    ['echo "${{ inputs.only }}"'],
    ['echo "${{inputs.only}}"'],
    ['echo "${{ github.event.inputs.only }}"'],
    ['echo "${{ github.event.release.name }}"'],
    ['echo "${{ steps.train.outputs.failed_jobs }}"'],
  ])('flags %s in a run: script', (run) => {
    expect(unsafeRunScripts(bad(JSON.stringify(run)))).toHaveLength(1);
  });
  test('accepts values passed through env', () => {
    expect(unsafeRunScripts(bad('echo "$ONLY"'))).toEqual([]);
  });
});
