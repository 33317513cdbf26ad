/**
 * The main step's flow around the core: what it does after the run (outputs, upload, state, exit) and
 * when the orchestrator itself fails. The core runs for real on a fixture repository; `@actions/core`
 * is a recorder, the upload and (in one test) the runner are replaced. The end-to-end tests drive the
 * bundle; these cover what a real runner cannot provoke on demand.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { jest } from '@jest/globals';
import type { JobResult, Plan } from '../../src/model/types.js';
import type { RunOptions } from '../../src/run/types.js';
import type { UploadRunArtifactsOptions, UploadedArtifacts } from '../../src/action/artifacts.js';

const FIXTURE_REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/action-repo');

/** What the step told the runner. */
const recorded = {
  inputs: {} as Record<string, string>,
  outputs: {} as Record<string, string>,
  failures: [] as string[],
  lines: [] as string[],
  debug: [] as string[],
  state: {} as Record<string, string>,
  annotations: [] as Array<{ level: string; message: string; title?: string }>,
};

function reset(inputs: Record<string, string>): void {
  recorded.inputs = inputs;
  recorded.outputs = {};
  recorded.failures = [];
  recorded.lines = [];
  recorded.debug = [];
  recorded.state = {};
  recorded.annotations = [];
}

jest.unstable_mockModule('@actions/core', () => ({
  getInput: (name: string) => recorded.inputs[name] ?? '',
  setSecret: () => {},
  setOutput: (name: string, value: string) => {
    recorded.outputs[name] = value;
  },
  setFailed: (message: string) => {
    recorded.failures.push(message);
  },
  info: (message: string) => recorded.lines.push(message),
  debug: (message: string) => recorded.debug.push(message),
  warning: (message: string, props?: { title?: string }) =>
    recorded.annotations.push({ level: 'warning', message, title: props?.title }),
  error: (message: string, props?: { title?: string }) =>
    recorded.annotations.push({ level: 'error', message, title: props?.title }),
  startGroup: (name: string) => recorded.lines.push(`::group::${name}`),
  endGroup: () => recorded.lines.push('::endgroup::'),
  group: async <T>(_name: string, fn: () => Promise<T>) => fn(),
  saveState: (name: string, value: string) => {
    recorded.state[name] = value;
  },
  getState: (name: string) => recorded.state[name] ?? '',
  summary: { addRaw: () => {}, write: async () => {} },
}));

const actualArtifacts = await import('../../src/action/artifacts.js');
const upload = jest.fn<(opts: UploadRunArtifactsOptions) => Promise<UploadedArtifacts>>();
jest.unstable_mockModule('../../src/action/artifacts.js', () => ({
  ...actualArtifacts,
  uploadRunArtifacts: upload,
}));

const actualRunPlan = await import('../../src/run/run-plan.js');
const runPlan = jest.fn<(plan: Plan, options: RunOptions) => Promise<JobResult[]>>();
jest.unstable_mockModule('../../src/run/run-plan.js', () => ({ ...actualRunPlan, runPlan }));

const { run } = await import('../../src/action/run-action.js');
const { resetSavedMainState } = await import('../../src/action/state.js');
const { ArtifactUploadError } = actualArtifacts;

function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'to-run-action-'));
  fs.cpSync(FIXTURE_REPO, dir, { recursive: true });
  return dir;
}

function mainState(): Record<string, unknown> {
  return JSON.parse(recorded.state.training_orchestrator ?? '{}') as Record<string, unknown>;
}

const savedWorkspace = process.env.GITHUB_WORKSPACE;
let dir: string;
beforeEach(() => {
  dir = workspace();
  process.env.GITHUB_WORKSPACE = dir;
  resetSavedMainState();
  upload.mockReset();
  runPlan.mockReset();
  runPlan.mockImplementation((plan, options) => actualRunPlan.runPlan(plan, options));
});
afterAll(() => {
  process.env.GITHUB_WORKSPACE = savedWorkspace;
});

test('after a passing run: outputs, the upload with the run’s folders, its ids as outputs, then state uploaded', async () => {
  reset({ only: 'alpha' });
  upload.mockResolvedValue({
    results: { id: 11, name: 'training-results', size: 100, files: 3 },
    summary: { id: 12, name: 'training-summary', size: 10, files: 1 },
  });
  await run();

  expect(recorded.failures).toEqual([]);
  expect(recorded.outputs).toMatchObject({
    status: 'success',
    succeeded: '1',
    results_artifact_id: '11',
    results_artifact_name: 'training-results',
    summary_artifact_id: '12',
    summary_artifact_name: 'training-summary',
  });
  expect(upload).toHaveBeenCalledTimes(1);
  const [options] = upload.mock.calls[0];
  expect(options.settings).toMatchObject({ workingDirectory: dir, resultsDir: 'results', logsDir: 'logs' });
  expect(options.artifacts).toMatchObject({ enabled: true, resultsName: 'training-results' });
  expect(mainState()).toMatchObject({ planned: true, uploaded: true });
});

test('a failed upload fails the step with its message; what did upload is still an output', async () => {
  reset({ only: 'alpha' });
  upload.mockRejectedValue(
    new ArtifactUploadError(
      "Artifact 'training-results' was not uploaded: boom. Its 3 files are still on disk.",
      { summary: { id: 12, name: 'training-summary', size: 10, files: 1 } },
      ['training-results'],
    ),
  );
  await run();

  expect(recorded.failures).toEqual([
    "Artifact 'training-results' was not uploaded: boom. Its 3 files are still on disk.",
  ]);
  expect(recorded.outputs).toMatchObject({ status: 'success', summary_artifact_id: '12' });
  expect(recorded.outputs.results_artifact_id).toBeUndefined();
  expect(fs.existsSync(recorded.outputs.summary_path)).toBe(true);
  // Attempted: the post step must not upload again.
  expect(mainState()).toMatchObject({ uploaded: true });
});

test('a failed job and a failed upload: one failure message with both', async () => {
  reset({ only: 'alpha,beta' });
  upload.mockRejectedValue(new Error('service unavailable'));
  await run();
  expect(recorded.failures).toEqual(['Required job failed: beta.\nservice unavailable']);
  expect(recorded.annotations).toEqual([
    { level: 'error', title: 'beta', message: 'exit 3: ValueError: bad data in row 7' },
  ]);
});

test('a cancelled run leaves the upload to the post step', async () => {
  reset({ only: 'alpha' });
  const listeners = process.listenerCount('SIGINT');
  runPlan.mockImplementation(async (plan, options) => {
    // What the runner sees when GitHub cancels: the signal handler's abort.
    process.emit('SIGINT', 'SIGINT');
    expect(options.signal?.aborted).toBe(true);
    return actualRunPlan.runPlan(plan, options);
  });
  await run();

  expect(upload).not.toHaveBeenCalled();
  expect(recorded.outputs.status).toBe('cancelled');
  expect(recorded.failures).toEqual([expect.stringMatching(/^The run was cancelled/)]);
  expect(recorded.lines).toContain(
    'Received SIGINT: cancelling. No new job starts; running jobs get SIGTERM, then SIGKILL after a short grace period.',
  );
  expect(mainState()).toMatchObject({ planned: true, uploaded: false });
  // The handler is gone once the step is over: a later SIGINT is not swallowed by a stale listener.
  expect(process.listenerCount('SIGINT')).toBe(listeners);
});

test('an orchestrator fault fails the step naming it (stack in debug); outputs and the summary are still written', async () => {
  reset({ only: 'alpha' });
  runPlan.mockRejectedValue(new Error('the pool lost a worker'));
  upload.mockResolvedValue({});
  await run();

  expect(recorded.failures).toEqual(['The orchestrator failed during the run: the pool lost a worker']);
  expect(recorded.debug.some((line) => line.includes('Error: the pool lost a worker\n    at '))).toBe(true);
  expect(recorded.outputs.status).toBe('failure');
  expect(recorded.outputs.summary_path).toMatch(/training_summary_\d{8}T\d{6}Z\.json$/);
  expect(mainState()).toMatchObject({ planned: true, uploaded: true });
});

test('bad input: the message alone, nothing planned, nothing saved', async () => {
  reset({ max_workers: 'many' });
  await run();
  expect(recorded.failures).toEqual([expect.stringMatching(/^Invalid max_workers 'many'\. Expected /)]);
  expect(recorded.debug).toEqual([]);
  expect(recorded.state).toEqual({});
  expect(runPlan).not.toHaveBeenCalled();
});

describe('TRAINING_ORCHESTRATOR_SPAWN_SERVICE (read from the environment, handed to the runner)', () => {
  const saved = process.env.TRAINING_ORCHESTRATOR_SPAWN_SERVICE;
  afterEach(() => {
    if (saved === undefined) delete process.env.TRAINING_ORCHESTRATOR_SPAWN_SERVICE;
    else process.env.TRAINING_ORCHESTRATOR_SPAWN_SERVICE = saved;
  });

  test.each<[string, 'auto' | 'off', string | undefined]>([
    ['unset', 'auto', undefined],
    ['empty', 'auto', ''],
    ['auto', 'auto', 'auto'],
    ['off', 'off', 'off'],
  ])('%s: the runner gets spawnService %s', async (_, expected, value) => {
    if (value === undefined) delete process.env.TRAINING_ORCHESTRATOR_SPAWN_SERVICE;
    else process.env.TRAINING_ORCHESTRATOR_SPAWN_SERVICE = value;
    reset({ only: 'alpha', upload_artifacts: 'false' });
    upload.mockResolvedValue({});
    await run();
    expect(recorded.failures).toEqual([]);
    expect(runPlan).toHaveBeenCalledTimes(1);
    expect(runPlan.mock.calls[0][1].spawnService).toBe(expected);
  });

  test('another value fails the step like a bad input: the message alone, nothing planned, nothing saved', async () => {
    process.env.TRAINING_ORCHESTRATOR_SPAWN_SERVICE = 'disabled';
    reset({ only: 'alpha' });
    await run();
    expect(recorded.failures).toEqual([
      "Invalid TRAINING_ORCHESTRATOR_SPAWN_SERVICE 'disabled'. Expected auto or off (empty or unset means auto).",
    ]);
    expect(recorded.state).toEqual({});
    expect(runPlan).not.toHaveBeenCalled();
  });
});

test('upload_artifacts false: the upload is skipped by the uploader and the state says nothing is left', async () => {
  reset({ only: 'gamma', upload_artifacts: 'false' });
  upload.mockResolvedValue({});
  await run();
  expect(recorded.failures).toEqual([]);
  expect(upload.mock.calls[0][0].artifacts.enabled).toBe(false);
  expect(recorded.outputs.results_artifact_id).toBeUndefined();
  expect(mainState()).toMatchObject({ uploaded: true });
});
