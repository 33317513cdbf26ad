/**
 * uploadRunArtifacts and the post step against the real @actions/artifact client, talking to the
 * results-service stand-in and Azurite (both started once for this file). Nothing of the upload is mocked.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../../src/model/types.js';
import { Redactor } from '../../src/report/redact.js';
import {
  ArtifactUploadError,
  modelFoldersOf,
  uploadRunArtifacts,
  type ArtifactSettings,
} from '../../src/action/artifacts.js';
import { runPostStep } from '../../src/action/post-step.js';
import { MAIN_STATE_KEY, type MainState } from '../../src/action/state.js';
import {
  artifactClientEnv,
  readZip,
  startArtifactBackend,
  zipFileNames,
  type ArtifactBackend,
} from '../support/artifact-service/index.js';

jest.setTimeout(120_000);

const KAGGLE_KEY = 'kg-3f9a8c1d7e6b5a40d2c1e0f9';
const EXTRA_SECRET = 'p@ss w0rd with spaces';
const DAY_MS = 24 * 60 * 60 * 1000;

let backend: ArtifactBackend;
const savedEnv = { ...process.env };
const writeStdout = process.stdout.write.bind(process.stdout);
/** What the client printed through @actions/core (kept out of the test output, checked for secrets). */
let printed = '';

beforeAll(async () => {
  backend = await startArtifactBackend();
  Object.assign(process.env, artifactClientEnv(backend.service, os.tmpdir()));
  process.stdout.write = ((chunk: string | Uint8Array) => {
    printed += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stdout.write;
});

afterAll(async () => {
  process.stdout.write = writeStdout;
  process.env = savedEnv;
  await backend?.stop();
  expect(printed).not.toContain(KAGGLE_KEY);
  expect(printed).not.toContain(EXTRA_SECRET);
});

beforeEach(() => {
  backend.service.reset();
});

interface RecordingLogger extends Logger {
  lines: { level: string; message: string }[];
  text(level?: string): string;
}

function recordingLogger(): RecordingLogger {
  const lines: { level: string; message: string }[] = [];
  const push = (level: string) => (message: string) => void lines.push({ level, message });
  return {
    lines,
    info: push('info'),
    warn: push('warn'),
    error: push('error'),
    debug: push('debug'),
    text: (level) =>
      lines
        .filter((line) => level === undefined || line.level === level)
        .map((line) => line.message)
        .join('\n'),
  };
}

function workspace(files: Record<string, string | Buffer>, dirs: string[] = []): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'to-art-'));
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  for (const dir of dirs) fs.mkdirSync(path.join(root, dir), { recursive: true });
  return root;
}

function settingsFor(workingDirectory: string) {
  return { workingDirectory, resultsDir: 'results', logsDir: 'logs', summariesDir: 'summaries' };
}

function artifactSettings(overrides: Partial<ArtifactSettings> = {}): ArtifactSettings {
  return {
    enabled: true,
    resultsName: 'training-results',
    summaryName: 'training-summary',
    resultsRetentionDays: 30,
    summaryRetentionDays: 90,
    suffix: '',
    ...overrides,
  };
}

/** Every uploaded byte: the zip as stored, and each entry inflated. */
function expectNoSecretIn(zip: Buffer, secrets: string[]): void {
  for (const secret of secrets) {
    expect(zip.includes(Buffer.from(secret))).toBe(false);
    for (const entry of readZip(zip)) {
      expect(entry.name.includes(secret)).toBe(false);
      if (!entry.isDirectory) expect(entry.data().includes(Buffer.from(secret))).toBe(false);
    }
  }
}

describe('uploadRunArtifacts', () => {
  test('a secret that is a common word or one character never keeps the summary or a log out', async () => {
    const root = workspace({
      'results/mary/model.txt': 'weights of mary',
      'results/mary/for-mary.txt': 'a file a job named after the secret',
      'logs/mary.log': 'epoch 1 by mary\n',
      'summaries/training_summary_20260101T000000Z.json': '{"status":"success"}\n',
      'summaries/training_summary_20260101T000000Z-1.json': `${JSON.stringify({
        status: 'success',
        jobs: [{ id: 'mary', status: 'succeeded', log_path: 'logs/mary.log', tail: ['hi mary'] }],
      })}\n`,
    });
    const logger = recordingLogger();
    await uploadRunArtifacts({
      settings: settingsFor(root),
      artifacts: artifactSettings(),
      redactor: new Redactor(['mary', 's']),
      logger,
    });
    const names = async (name: string): Promise<string[]> =>
      zipFileNames(await backend.service.download(name)).sort();
    expect(await names('training-summary')).toEqual([
      'summaries/training_summary_20260101T000000Z-1.json',
      'summaries/training_summary_20260101T000000Z.json',
    ]);
    expect(await names('training-results')).toEqual([
      'logs/mary.log',
      'results/mary/model.txt',
      'summaries/training_summary_20260101T000000Z-1.json',
      'summaries/training_summary_20260101T000000Z.json',
    ]);
    // The name a job chose holds the secret: that file alone stays out, and the warning says why.
    expect(logger.text('warn')).toMatch(/for-\*\*\*\.txt: its name holds a secret value/);
    expect(fs.readFileSync(path.join(root, 'logs/mary.log'), 'utf8')).toBe('epoch 1 by ***\n');
    // The summaries are masked by their structure: keys, ids, status words and paths intact, job text masked.
    const read = (name: string): unknown =>
      JSON.parse(fs.readFileSync(path.join(root, 'summaries', name), 'utf8'));
    expect(read('training_summary_20260101T000000Z.json')).toEqual({ status: 'success' });
    expect(read('training_summary_20260101T000000Z-1.json')).toEqual({
      status: 'success',
      jobs: [{ id: 'mary', status: 'succeeded', log_path: 'logs/mary.log', tail: ['hi ***'] }],
    });
  });

  test('uploads results/, logs/ and summaries/ and summaries/ alone, with their retention, and no secret', async () => {
    const weights = randomBytes(300_000);
    const root = workspace(
      {
        'results/als/model.bin': weights,
        'results/als/env.txt': `HOME=/home/runner\nKAGGLE_KEY=${KAGGLE_KEY}\nPASSWORD=${EXTRA_SECRET}\n`,
        'results/deep/a/b/c.txt': 'nested',
        'logs/als.log': 'epoch 1\nepoch 2\n',
        'summaries/training_summary_20260101T000000Z.json': '{"status":"success"}\n',
        'notes/outside.txt': 'not in any artifact',
      },
      ['results/empty', 'logs/empty/deeper'],
    );
    const logger = recordingLogger();
    const before = Date.now();

    const uploaded = await uploadRunArtifacts({
      settings: settingsFor(root),
      artifacts: artifactSettings({ resultsRetentionDays: 7, summaryRetentionDays: 90 }),
      redactor: new Redactor([KAGGLE_KEY, EXTRA_SECRET]),
      logger,
    });

    const results = backend.service.finalized('training-results');
    const summary = backend.service.finalized('training-summary');
    expect(results).toBeDefined();
    expect(summary).toBeDefined();
    expect(uploaded.results).toEqual({
      id: results!.id,
      name: 'training-results',
      size: expect.any(Number),
      files: 5,
    });
    expect(uploaded.summary).toEqual({
      id: summary!.id,
      name: 'training-summary',
      size: expect.any(Number),
      files: 1,
    });
    expect(results!.version).toBe(7);
    // Expiry ≈ now + retention (the client adds calendar days in local time: allow a DST hour).
    expect(Math.abs(Date.parse(results!.expiresAt!) - (before + 7 * DAY_MS))).toBeLessThan(
      2 * 60 * 60 * 1000,
    );
    expect(Math.abs(Date.parse(summary!.expiresAt!) - (before + 90 * DAY_MS))).toBeLessThan(
      2 * 60 * 60 * 1000,
    );

    const resultsZip = await backend.service.download('training-results');
    const summaryZip = await backend.service.download('training-summary');
    expect(zipFileNames(resultsZip)).toEqual([
      'logs/als.log',
      'results/als/env.txt',
      'results/als/model.bin',
      'results/deep/a/b/c.txt',
      'summaries/training_summary_20260101T000000Z.json',
    ]);
    expect(zipFileNames(summaryZip)).toEqual(['summaries/training_summary_20260101T000000Z.json']);
    expect(Number(results!.size)).toBe(resultsZip.length);

    const entries = new Map(readZip(resultsZip).map((entry) => [entry.name, entry]));
    expect(entries.get('results/als/model.bin')!.data().equals(weights)).toBe(true);
    expect(entries.get('results/als/env.txt')!.data().toString()).toBe(
      'HOME=/home/runner\nKAGGLE_KEY=***\nPASSWORD=***\n',
    );
    expectNoSecretIn(resultsZip, [KAGGLE_KEY, EXTRA_SECRET]);
    expectNoSecretIn(summaryZip, [KAGGLE_KEY, EXTRA_SECRET]);

    // Redacted in place, and said so (without the secret).
    expect(fs.readFileSync(path.join(root, 'results/als/env.txt'), 'utf8')).not.toContain(KAGGLE_KEY);
    expect(logger.text('warn')).toContain('results/als/env.txt (2 occurrences)');
    expect(logger.text()).not.toContain(KAGGLE_KEY);
  });

  test('the models artifact holds only the models/ folders of jobs that succeeded and passed their gates', async () => {
    const root = workspace({
      'results/good_results/models/model.json': '{"w": [1, 2]}',
      'results/good_results/models/nested/extra.bin': 'bytes',
      'results/good_results/metrics/metrics.json': '{"accuracy": 0.9}',
      'results/gated_results/models/model.json': '{"w": [0]}',
      'results/failed_results/models/model.json': '{"w": [0]}',
      'results/optional_gated_results/models/model.json': '{"w": [0]}',
      'results/nogates_results/models/key.txt': `key=${KAGGLE_KEY}\n`,
      'custom/out/models/model.json': '{"w": [3]}',
      'logs/good.log': 'ok',
    });
    const jobs = [
      { status: 'succeeded', output_dir: 'results/good_results', gates: { passed: true } },
      { status: 'succeeded', output_dir: 'results/gated_results', gates: { passed: false } },
      { status: 'failed', output_dir: 'results/failed_results' },
      { status: 'succeeded', output_dir: 'results/optional_gated_results', gates: { passed: false } },
      { status: 'succeeded', output_dir: 'results/nogates_results' },
      { status: 'succeeded', output_dir: 'custom/out' },
      { status: 'skipped', output_dir: 'results/skipped_results' },
    ];
    const folders = modelFoldersOf(jobs);
    expect(folders).toEqual([
      'results/good_results/models',
      'results/nogates_results/models',
      'custom/out/models',
    ]);
    const logger = recordingLogger();

    const uploaded = await uploadRunArtifacts({
      settings: settingsFor(root),
      artifacts: artifactSettings({ enabled: false, uploadModels: true, modelsName: 'training-models' }),
      redactor: new Redactor([KAGGLE_KEY]),
      logger,
      modelFolders: folders,
    });

    // upload_artifacts false: only the models artifact.
    expect(backend.service.finalized('training-results')).toBeUndefined();
    expect(Object.keys(uploaded)).toEqual(['models']);
    const zip = await backend.service.download('training-models');
    expect(zipFileNames(zip)).toEqual([
      'custom/out/models/model.json',
      'results/good_results/models/model.json',
      'results/good_results/models/nested/extra.bin',
      'results/nogates_results/models/key.txt',
    ]);
    expectNoSecretIn(zip, [KAGGLE_KEY]);
    expect(uploaded.models).toMatchObject({ name: 'training-models', files: 4 });
  });

  test('no models artifact when no passing job left a models/ folder, or when the post step uploads', async () => {
    const root = workspace({ 'results/a_results/metrics/m.json': '{}', 'logs/a.log': 'x' });
    const logger = recordingLogger();
    const uploaded = await uploadRunArtifacts({
      settings: settingsFor(root),
      artifacts: artifactSettings({ uploadModels: true, modelsName: 'training-models' }),
      redactor: new Redactor([]),
      logger,
      modelFolders: ['results/a_results/models'],
    });
    expect(uploaded.models).toBeUndefined();
    expect(backend.service.finalized('training-models')).toBeUndefined();
    expect(logger.text('info')).toContain(
      "Not uploading artifact 'training-models': no job that succeeded and passed its gates left a file in its models/ folder.",
    );
    // Without the summary's folders (the post step of a cancelled run), no models artifact at all.
    backend.service.reset();
    const post = await uploadRunArtifacts({
      settings: settingsFor(root),
      artifacts: artifactSettings({ uploadModels: true, modelsName: 'training-models' }),
      redactor: new Redactor([]),
      logger: recordingLogger(),
    });
    expect(post.models).toBeUndefined();
    expect(post.results).toBeDefined();
  });

  test('an artifact without any file is skipped with a message; nothing is sent', async () => {
    const root = workspace({}, ['results', 'logs/empty']);
    const logger = recordingLogger();
    const uploaded = await uploadRunArtifacts({
      settings: settingsFor(root),
      artifacts: artifactSettings(),
      redactor: new Redactor([]),
      logger,
    });
    expect(uploaded).toEqual({});
    expect(backend.service.calls).toEqual([]);
    expect(logger.text('info')).toContain(
      "Not uploading artifact 'training-results': there is no file in results/, logs/, summaries/",
    );
    expect(logger.text('info')).toContain(
      "Not uploading artifact 'training-summary': there is no file in summaries/",
    );
    expect(logger.text('warn')).toBe('');
  });

  test('only the results artifact is uploaded when summaries/ is empty', async () => {
    const root = workspace({ 'logs/a.log': 'a' });
    const uploaded = await uploadRunArtifacts({
      settings: settingsFor(root),
      artifacts: artifactSettings(),
      redactor: new Redactor([]),
      logger: recordingLogger(),
    });
    expect(uploaded.results?.files).toBe(1);
    expect(uploaded.summary).toBeUndefined();
    expect(backend.service.artifacts.map((a) => a.name)).toEqual(['training-results']);
  });

  test('upload_artifacts false uploads nothing', async () => {
    const root = workspace({ 'logs/a.log': 'a' });
    const uploaded = await uploadRunArtifacts({
      settings: settingsFor(root),
      artifacts: artifactSettings({ enabled: false }),
      redactor: new Redactor([]),
      logger: recordingLogger(),
    });
    expect(uploaded).toEqual({});
    expect(backend.service.calls).toEqual([]);
  });

  test('files the service rejects, links leading out and paths holding a secret are listed, the rest uploaded', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'to-outside-'));
    fs.writeFileSync(path.join(outside, 'kaggle.json'), `{"key":"${KAGGLE_KEY}"}`);
    const root = workspace({
      'results/fine.txt': 'fine',
      'results/bad:name.txt': 'colon',
      'results/what?.txt': 'question mark',
      'results/line\nbreak.txt': 'line feed',
      'results/quote"d.txt': 'quote',
      [`results/${KAGGLE_KEY}.txt`]: 'named after the key',
      'data/shared.csv': 'a,b\n1,2\n',
    });
    fs.symlinkSync(path.join(outside, 'kaggle.json'), path.join(root, 'results/creds.json'));
    fs.symlinkSync(path.join(root, 'data/shared.csv'), path.join(root, 'results/shared.csv'));
    fs.symlinkSync(path.join(root, 'data'), path.join(root, 'results/data-folder'));
    fs.symlinkSync(path.join(root, 'missing.txt'), path.join(root, 'results/dangling.txt'));
    const logger = recordingLogger();

    const uploaded = await uploadRunArtifacts({
      settings: settingsFor(root),
      artifacts: artifactSettings(),
      redactor: new Redactor([KAGGLE_KEY]),
      logger,
    });

    expect(uploaded.results?.files).toBe(2);
    const zip = await backend.service.download('training-results');
    expect(zipFileNames(zip)).toEqual(['results/fine.txt', 'results/shared.csv']);
    expect(
      readZip(zip)
        .find((e) => e.name === 'results/shared.csv')!
        .data()
        .toString(),
    ).toBe('a,b\n1,2\n');
    expectNoSecretIn(zip, [KAGGLE_KEY]);

    const warning = logger.text('warn');
    expect(warning).toContain('8 files will not be uploaded');
    expect(warning).toContain(`still on disk under ${root}`);
    expect(warning).toContain("results/bad:name.txt: the artifact service rejects paths holding ':'");
    expect(warning).toContain("results/what?.txt: the artifact service rejects paths holding '?'");
    expect(warning).toContain("results/line\\nbreak.txt: the artifact service rejects paths holding '\\n'");
    expect(warning).toContain('results/quote"d.txt: the artifact service rejects paths holding \'"\'');
    expect(warning).toContain('results/creds.json: a symbolic link to a path outside the working directory');
    expect(warning).toContain('results/data-folder: a symbolic link to a folder');
    expect(warning).toContain('results/dangling.txt: a broken symbolic link');
    expect(warning).toContain('results/***.txt: its name holds a secret value');
    expect(warning).not.toContain(KAGGLE_KEY);
    // Nothing was touched on disk: the files are still there for whoever needs them.
    expect(fs.readFileSync(path.join(root, 'results/bad:name.txt'), 'utf8')).toBe('colon');
    expect(fs.readFileSync(path.join(outside, 'kaggle.json'), 'utf8')).toContain(KAGGLE_KEY);
  });

  test('a 500 is retried by the client and the upload succeeds', async () => {
    const root = workspace({ 'logs/a.log': 'a', 'summaries/s.json': '{}' });
    backend.service.injectFault({
      method: 'CreateArtifact',
      kind: 'http-500',
      times: 1,
      name: 'training-results',
    });
    const uploaded = await uploadRunArtifacts({
      settings: settingsFor(root),
      artifacts: artifactSettings(),
      redactor: new Redactor([]),
      logger: recordingLogger(),
    });
    expect(uploaded.results?.id).toBe(backend.service.finalized('training-results')!.id);
    expect(
      backend.service.calls
        .filter((c) => c.name === 'training-results')
        .map((c) => `${c.method} ${c.status}`),
    ).toEqual(['CreateArtifact 500', 'CreateArtifact 200', 'FinalizeArtifact 200']);
  });

  test.each([
    ['an ok:false answer', 'CreateArtifact', 'not-ok'],
    ['a dropped connection while finalizing', 'FinalizeArtifact', 'reset'],
  ] as const)('%s gets one whole-upload retry', async (_label, method, kind) => {
    const root = workspace({ 'logs/a.log': 'a' });
    backend.service.injectFault({ method, kind, times: 1 });
    const logger = recordingLogger();
    const uploaded = await uploadRunArtifacts({
      settings: settingsFor(root),
      artifacts: artifactSettings(),
      redactor: new Redactor([]),
      logger,
      retryDelayMs: 10,
    });
    expect(uploaded.results?.files).toBe(1);
    expect(zipFileNames(await backend.service.download('training-results'))).toEqual(['logs/a.log']);
    expect(logger.text('warn')).toMatch(
      /Uploading artifact 'training-results' failed \(.+\); trying once more/,
    );
    expect(backend.service.calls.filter((c) => c.method === 'CreateArtifact')).toHaveLength(2);
  });

  test('a name already taken in the run fails with a message that suggests artifact_suffix', async () => {
    const root = workspace({ 'logs/a.log': 'a', 'summaries/s.json': '{}' });
    const options = {
      settings: settingsFor(root),
      artifacts: artifactSettings(),
      redactor: new Redactor([]),
      logger: recordingLogger(),
      retryDelayMs: 10,
    };
    await uploadRunArtifacts(options);
    const error = await uploadRunArtifacts(options).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ArtifactUploadError);
    const failure = error as ArtifactUploadError;
    expect(failure.failed).toEqual(['training-results', 'training-summary']);
    expect(failure.uploaded).toEqual({});
    expect(failure.message).toContain("the name 'training-results' is already taken in this workflow run");
    expect(failure.message).toContain('Set artifact_suffix');
    expect(failure.message).toContain(`still on disk in results/, logs/, summaries/ under ${root}`);
    // 409 is not retried.
    expect(backend.service.calls.filter((c) => c.status === 409)).toHaveLength(2);
  });
  // A service that keeps failing (about 31 s of client retries) is tested once, end to end: __tests__/e2e/artifacts.test.ts.
});

describe('the post step', () => {
  function stateEnv(state: Partial<MainState>): void {
    process.env[`STATE_${MAIN_STATE_KEY}`] = JSON.stringify(state);
  }
  const inputs =
    (values: Record<string, string>) =>
    (name: string): string =>
      values[name] ?? '';

  afterAll(() => {
    delete process.env[`STATE_${MAIN_STATE_KEY}`];
  });

  function plannedState(root: string, overrides: Partial<MainState> = {}): Partial<MainState> {
    return {
      ...settingsFor(root),
      artifacts: artifactSettings({
        resultsName: 'training-results-post',
        summaryName: 'training-summary-post',
      }),
      planned: true,
      uploaded: false,
      plannedAt: new Date(Date.now() - 60_000).toISOString(),
      ...overrides,
    };
  }

  test('uploads what a cancelled run left, with a note when no summary was written, and removes the Kaggle file', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'to-home-'));
    fs.mkdirSync(path.join(home, '.kaggle'), { mode: 0o700 });
    const kaggleFile = path.join(home, '.kaggle', 'kaggle.json');
    fs.writeFileSync(kaggleFile, '{}', { mode: 0o600 });
    const root = workspace({
      'logs/als.log': `starting\nleaked ${KAGGLE_KEY}\n`,
      'results/als/partial.csv': 'epoch,loss\n1,0.5\n',
    });
    stateEnv(plannedState(root, { kaggle: { path: kaggleFile, created: true, dirCreated: true } }));
    const logger = recordingLogger();

    const outcome = await runPostStep({
      logger,
      getInput: inputs({ kaggle_username: 'octocat', kaggle_key: KAGGLE_KEY }),
      now: () => new Date('2026-03-01T12:00:00.000Z'),
    });

    expect(outcome.action).toBe('uploaded');
    expect(fs.existsSync(kaggleFile)).toBe(false);
    expect(fs.existsSync(path.join(home, '.kaggle'))).toBe(false);
    const zip = await backend.service.download('training-results-post');
    expect(zipFileNames(zip)).toEqual([
      'logs/als.log',
      'results/als/partial.csv',
      'summaries/incomplete_run_20260301T120000Z.json',
    ]);
    expectNoSecretIn(zip, [KAGGLE_KEY]);
    const note = JSON.parse(
      readZip(zip)
        .find((e) => e.name.startsWith('summaries/'))!
        .data()
        .toString(),
    ) as { status: string; complete: boolean; logs: { path: string }[] };
    expect(note).toMatchObject({ status: 'cancelled', complete: false, logs: [{ path: 'logs/als.log' }] });
    expect(zipFileNames(await backend.service.download('training-summary-post'))).toEqual([
      'summaries/incomplete_run_20260301T120000Z.json',
    ]);
  });

  test('keeps the partial summary the cancelled main step wrote (no note)', async () => {
    const root = workspace({ 'logs/a.log': 'a' });
    fs.mkdirSync(path.join(root, 'summaries'));
    fs.writeFileSync(
      path.join(root, 'summaries/training_summary_20260301T115900Z.json'),
      '{"status":"cancelled"}',
    );
    stateEnv(plannedState(root));
    const outcome = await runPostStep({ logger: recordingLogger(), getInput: inputs({}) });
    expect(outcome).toMatchObject({ action: 'uploaded', incompleteNote: undefined });
    expect(zipFileNames(await backend.service.download('training-summary-post'))).toEqual([
      'summaries/training_summary_20260301T115900Z.json',
    ]);
  });

  test('writes no note through a summaries folder a job swapped for a link leaving the working directory', async () => {
    const root = workspace({ 'logs/a.log': 'a' });
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'to-outside-'));
    fs.symlinkSync(outside, path.join(root, 'summaries'));
    stateEnv(plannedState(root));
    const logger = recordingLogger();
    const outcome = await runPostStep({ logger, getInput: inputs({}) });
    expect(outcome.incompleteNote).toBeUndefined();
    expect(fs.readdirSync(outside)).toEqual([]);
    expect(logger.text('warn')).toContain(
      'Not writing a note in summaries: it leads outside the working directory through a symbolic link.',
    );
  });

  test.each([
    ['the main step uploaded', { uploaded: true }, 'already-uploaded'],
    ['no run was planned (list_only, dry_run, bad input)', { planned: false }, 'not-planned'],
    ['upload_artifacts is false', { artifacts: artifactSettings({ enabled: false }) }, 'upload-off'],
  ] as const)('does nothing but cleanup when %s', async (_label, overrides, action) => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'to-home-'));
    const kaggleFile = path.join(home, 'kaggle.json');
    fs.writeFileSync(kaggleFile, '{}');
    const root = workspace({ 'logs/a.log': 'a' });
    stateEnv(plannedState(root, { ...overrides, kaggle: { path: kaggleFile, created: true } }));
    const outcome = await runPostStep({ logger: recordingLogger(), getInput: inputs({}) });
    expect(outcome.action).toBe(action);
    expect(backend.service.calls).toEqual([]);
    expect(fs.existsSync(kaggleFile)).toBe(false);
  });

  test('an upload failure is a warning, never an exception', async () => {
    const root = workspace({ 'logs/a.log': 'a' });
    stateEnv(plannedState(root));
    backend.service.injectFault({ method: 'CreateArtifact', kind: 'not-ok', times: Infinity });
    const logger = recordingLogger();
    const outcome = await runPostStep({ logger, getInput: inputs({}), retryDelayMs: 10 });
    expect(outcome.action).toBe('upload-failed');
    expect(logger.text('warn')).toContain("The post step could not upload the run's artifacts.");
    expect(logger.text('warn')).toContain("Artifact 'training-results-post' was not uploaded");
    expect(logger.text('error')).toBe('');
  });

  test('without any state from the main step it does nothing', async () => {
    delete process.env[`STATE_${MAIN_STATE_KEY}`];
    const outcome = await runPostStep({ logger: recordingLogger(), getInput: inputs({}) });
    expect(outcome.action).toBe('nothing');
  });
});
