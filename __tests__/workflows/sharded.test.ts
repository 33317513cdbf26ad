/**
 * The reusable sharded workflow (issue 7): plan → one train job per matrix entry → merge, wired to the
 * action's plan/merge modes and to what buildMatrix emits. actionlint.test.ts lints it like every
 * workflow; this checks the structure actionlint cannot know.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArtifactSettings } from '../../src/action/artifacts.js';
import { buildMatrix, partitionJobs } from '../../src/plan/shard.js';
import { makeJob } from '../report/fixtures.js';
import {
  readAction,
  readWorkflow,
  triggers,
  workflowsDir,
  type Step,
  type WorkflowInput,
} from './workflow-files.js';

const file = path.join(workflowsDir, 'training-orchestrator-sharded.yml');
const text = fs.readFileSync(file, 'utf8');
const workflow = readWorkflow(file);
const action = readAction();

interface ShardedJob {
  needs?: string | string[];
  if?: string;
  'runs-on'?: string;
  strategy?: { 'fail-fast'?: boolean; matrix?: unknown };
  outputs?: Record<string, string>;
  steps?: Step[];
}
const job = (name: string) => workflow.jobs[name] as unknown as ShardedJob;
const localStep = (name: string): Step => {
  const steps = (job(name).steps ?? []).filter((step) => step.uses === './');
  expect(steps).toHaveLength(1);
  return steps[0];
};
const call = triggers(workflow).workflow_call as {
  inputs: Record<string, WorkflowInput>;
  secrets: Record<string, unknown>;
  outputs: Record<string, { value: string }>;
};

/** GitHub's artifact `pattern:` glob: `*` is any run of characters. */
const globMatches = (pattern: string, name: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  ).test(name);

test('is a reusable workflow only, with the sharding inputs and the Kaggle secrets', () => {
  expect(Object.keys(triggers(workflow))).toEqual(['workflow_call']);
  for (const name of [
    'shards',
    'shard_target_minutes',
    'history_file',
    'config',
    'only',
    'exclude',
    'epochs',
    'folds',
    'retries',
    'timeout_minutes',
  ]) {
    expect(call.inputs[name]).toBeDefined();
    expect(call.inputs[name].required ?? false).toBe(false);
  }
  expect(Object.keys(call.secrets).sort()).toEqual(['KAGGLE_KEY', 'KAGGLE_USERNAME']);
});

test("inputs that are action inputs default to the action's defaults", () => {
  for (const [name, input] of Object.entries(call.inputs)) {
    if (!action.inputs[name]) continue;
    expect([name, String(input.default)]).toEqual([name, action.inputs[name].default ?? '']);
  }
});

test('plan: runs the action in plan mode and exposes its matrix', () => {
  const step = localStep('plan');
  expect(step.with?.mode).toBe('plan');
  expect(step.with?.shards).toBe('${{ inputs.shards }}');
  expect(step.with?.shard_target_minutes).toBe('${{ inputs.shard_target_minutes }}');
  expect(step.with?.history_file).toBe('${{ inputs.history_file }}');
  expect(step.with?.upload_artifacts).toBe(false);
  expect(job('plan').outputs?.matrix).toBe(`\${{ steps.${step.id}.outputs.matrix }}`);
});

test('train: one job per matrix entry, on its runner, never cancelling the others', () => {
  const train = job('train');
  expect(train.needs).toBe('plan');
  expect(train.strategy).toEqual({
    'fail-fast': false,
    matrix: '${{ fromJSON(needs.plan.outputs.matrix) }}',
  });
  expect(train['runs-on']).toBe('${{ matrix.runs_on }}');
  const uses = (train.steps ?? []).map((step) => step.uses ?? '');
  expect(uses.findIndex((u) => u.startsWith('actions/checkout@'))).toBe(0);
  expect(uses.findIndex((u) => u.startsWith('actions/setup-python@'))).toBeLessThan(uses.indexOf('./'));
});

test('train: runs exactly the entry’s job ids under its shard label and artifact suffix', () => {
  const step = localStep('train');
  expect(step.with?.only).toBe("${{ join(matrix.jobs, ',') }}");
  expect(step.with?.shard).toBe('${{ matrix.shard }}');
  expect(step.with?.artifact_suffix).toBe('${{ matrix.shard_id }}');
  // The plan already applied the caller's selection; passing it again could only drop assigned jobs.
  expect(step.with?.exclude).toBeUndefined();
  expect(step.with?.mode).toBeUndefined();
  expect(step.with?.kaggle_key).toBe('${{ secrets.KAGGLE_KEY }}');
});

test('the matrix fields the workflow reads are the ones buildMatrix emits', () => {
  const used = new Set([...text.matchAll(/\bmatrix\.([a-z_]+)/g)].map((match) => match[1]));
  const entry = buildMatrix(partitionJobs([makeJob('a'), makeJob('b')], 2)).include[0];
  expect([...used].sort()).toEqual(['jobs', 'runs_on', 'shard', 'shard_id']);
  for (const field of used) expect(entry).toHaveProperty(field);
});

test('merge: after every shard, whatever happened, unless there was no plan', () => {
  const merge = job('merge');
  expect(merge.needs).toEqual(['plan', 'train']);
  expect(merge.if).toMatch(/always\(\)/);
  expect(merge.if).toMatch(/needs\.plan\.result == 'success'/);
});

test('merge: downloads every shard’s summary artifact, and only those, where merge_from points', () => {
  const steps = job('merge').steps ?? [];
  const download = steps.find((step) => step.uses?.startsWith('actions/download-artifact@'));
  const pattern = String(download?.with?.pattern);
  const names = [1, 2, 3].map((index) => parseArtifactSettings({ shard: `${index}/3` }).summaryName);
  expect(names).toEqual([
    'training-summary-shard-1-of-3',
    'training-summary-shard-2-of-3',
    'training-summary-shard-3-of-3',
  ]);
  for (const name of names) expect(globMatches(pattern, name)).toBe(true);
  for (const name of ['training-summary', 'training-summary-merged', 'training-results-shard-1-of-3']) {
    expect(globMatches(pattern, name)).toBe(false);
  }
  expect(download?.with?.['merge-multiple']).toBeUndefined();

  const step = localStep('merge');
  expect(step.with?.mode).toBe('merge');
  expect(step.with?.upload_artifacts).toBe(false);
  // download `path:` is relative to the workspace, merge_from to the working directory.
  expect(download?.with?.path).toBe(
    `\${{ inputs.working_directory != '' && format('{0}/${step.with?.merge_from}', inputs.working_directory) || '${step.with?.merge_from}' }}`,
  );
  expect(step.with?.working_directory).toBe('${{ inputs.working_directory }}');
});

test('merge: uploads the merged summary and exposes the merged outputs', () => {
  const steps = job('merge').steps ?? [];
  const upload = steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'));
  expect(upload?.with?.name).toBe('training-summary-merged');
  expect(upload?.with?.path).toBe('${{ steps.merge.outputs.summary_path }}');
  for (const output of ['status', 'succeeded', 'failed', 'failed_jobs']) {
    expect(call.outputs[output].value).toBe(`\${{ jobs.merge.outputs.${output} }}`);
    expect(job('merge').outputs?.[output]).toBe(`\${{ steps.merge.outputs.${output} }}`);
  }
});

test('no run: script at all: every value reaches the action through with:', () => {
  for (const name of Object.keys(workflow.jobs)) {
    for (const step of job(name).steps ?? []) expect(step.run).toBeUndefined();
  }
});

test('each shard installs requirements.txt and requirements-*.txt, like the dispatch workflow', () => {
  expect(localStep('train').with?.install_requirements).toBe('requirements*.txt');
});
