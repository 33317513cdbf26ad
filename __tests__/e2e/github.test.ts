/**
 * The bundled action talking to GitHub, driven as the runner drives it, against a local stand-in for
 * the REST API (GITHUB_API_URL), its blob storage and a Slack-style webhook: `history_file: auto` and
 * `rerun_failed_from: auto` download a real zip of a real summary through @actions/artifact, the
 * pull-request comment is created and then updated in place, the notification is posted, and neither
 * the token nor the webhook URL appears anywhere.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { actionBundle, BUILD_TIMEOUT_MS, commands, runAction } from './support/action-harness.js';
import { FakeGitHub } from '../support/github-api/server.js';
import { writeZip } from '../support/github-api/zip-writer.js';
import { makeSummary } from '../report/fixtures.js';

const FIXTURE_REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/action-repo');
const TOKEN = 'ghs_e2e0token0value0000000000000000003';
const HOOK_SECRET = 'T0E2E/B0E2E/e2eHookSecretValue';
const gh = new FakeGitHub('octo', 'models', TOKEN);
let eventFile: string;

beforeAll(async () => {
  await Promise.all([actionBundle(), gh.start()]);
  eventFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'to-e2e-event-')), 'event.json');
  fs.writeFileSync(
    eventFile,
    JSON.stringify({ number: 7, pull_request: { number: 7 }, repository: { default_branch: 'main' } }),
  );
}, BUILD_TIMEOUT_MS + 30_000);

afterAll(async () => {
  await gh.stop();
  fs.rmSync(path.dirname(eventFile), { recursive: true, force: true });
});

function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'to-e2e-github-'));
  fs.cpSync(FIXTURE_REPO, dir, { recursive: true });
  return dir;
}

/** An earlier run's summary, built by the orchestrator's own code: alpha took long, beta failed. */
function previousSummary(): string {
  const summary = makeSummary({
    status: 'failure',
    jobs: [
      { id: 'alpha', duration: 300, metrics: { accuracy: 0.95 } },
      { id: 'beta', status: 'failed', duration: 2 },
      { id: 'gamma', duration: 1, metrics: null },
    ],
  });
  return `${JSON.stringify(summary, null, 2)}\n`;
}

function githubEnv(): Record<string, string> {
  return {
    GITHUB_API_URL: gh.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'octo/models',
    GITHUB_RUN_ID: '900',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKFLOW: 'Train models',
    GITHUB_WORKFLOW_REF: 'octo/models/.github/workflows/train.yml@refs/pull/7/merge',
    GITHUB_JOB: 'train',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_HEAD_REF: 'feature',
    GITHUB_REF_NAME: '7/merge',
  };
}

test('auto lookups, the PR comment (created, then updated) and the notification through dist/', async () => {
  gh.runs = [
    { id: 700, head_branch: 'main', status: 'completed', conclusion: 'success', workflow: 'train.yml' },
    { id: 750, head_branch: 'feature', status: 'completed', conclusion: 'failure', workflow: 'train.yml' },
  ];
  gh.artifacts = [
    {
      id: 2,
      name: 'training-summary',
      runId: 700,
      zip: writeZip({ 'summaries/training_summary_20261201T100000Z.json': previousSummary() }),
    },
    {
      id: 3,
      name: 'training-summary',
      runId: 750,
      zip: writeZip({ 'summaries/training_summary_20261202T100000Z.json': previousSummary() }),
    },
  ];
  const hookUrl = `${gh.url}/hooks/${HOOK_SECRET}`;
  const dir = workspace();
  const inputs = {
    upload_artifacts: 'false',
    github_token: TOKEN,
    history_file: 'auto',
    rerun_failed_from: 'auto',
    comment_on_pr: 'true',
    notify_webhook: hookUrl,
    notify_on: 'always',
  };
  const first = await runAction({ workspace: dir, inputs, env: githubEnv(), timeoutMs: 90_000 });

  // rerun_failed_from: auto took run 750 of this branch: only beta (it failed there) ran, and failed again.
  expect(first.code).toBe(1);
  const summaryPath = first.outputs.summary_path;
  const summary = JSON.parse(fs.readFileSync(summaryPath, 'utf8')) as {
    options: { history_file: string; rerun_failed_from: string };
    jobs: Array<{ id: string }>;
  };
  expect(summary.options.history_file).toBe(
    '.training-orchestrator/auto/run-700/training_summary_20261201T100000Z.json',
  );
  expect(summary.options.rerun_failed_from).toBe(
    '.training-orchestrator/auto/run-750/training_summary_20261202T100000Z.json',
  );
  expect(summary.jobs.map((job) => job.id)).toEqual(['beta']);
  expect(first.stdout).toMatch(/history_file: auto → \.training-orchestrator\/auto\/run-700/);

  // One comment on PR 7, with the marker and the failure.
  const comments = gh.comments.get(7) ?? [];
  expect(comments).toHaveLength(1);
  const id = comments[0].id;
  expect(comments[0].body).toMatch(
    /^<!-- training-orchestrator workflow="Train models" job="train" artifact="training-summary" -->/,
  );
  expect(comments[0].body).toContain('Training failed');
  expect(comments[0].body).toContain('ValueError: bad data in row 7');

  // One notification.
  expect(gh.hookBodies).toHaveLength(1);
  expect((JSON.parse(gh.hookBodies[0]) as { text: string }).text).toContain('beta (failed)');

  // A second run (alpha alone, passing) replaces the body of the same comment.
  gh.reset();
  const second = await runAction({
    workspace: dir,
    inputs: { ...inputs, rerun_failed_from: '', history_file: '', only: 'alpha' },
    env: githubEnv(),
    timeoutMs: 90_000,
  });
  expect(second.code).toBe(0);
  expect(gh.comments.get(7)).toHaveLength(1);
  expect(gh.comments.get(7)![0].id).toBe(id);
  expect(gh.comments.get(7)![0].body).toContain('Training succeeded');
  expect(gh.requestsTo(/^PATCH /)).toHaveLength(1);
  expect(gh.requestsTo(/^POST \/repos/)).toHaveLength(0);

  // No secret anywhere: logs, step summary, summary JSON, comment bodies, webhook payloads, requests' bodies.
  // (The runner's own `::add-mask::` commands carry the values, by design: left out.)
  const withoutMasks = (text: string): string =>
    text
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
  const secretsSeen = [
    withoutMasks(first.stdout),
    first.stderr,
    first.stepSummary,
    withoutMasks(second.stdout),
    second.stepSummary,
    fs.readFileSync(summaryPath, 'utf8'),
    fs.readFileSync(second.outputs.summary_path, 'utf8'),
    ...(gh.comments.get(7) ?? []).map((c) => c.body),
    ...gh.hookBodies,
  ].join('\n');
  expect(secretsSeen).not.toContain(TOKEN);
  expect(secretsSeen).not.toContain(HOOK_SECRET);
  expect(secretsSeen).not.toContain('blob-signature-secret');
  // Both were registered as masks with the runner.
  expect(first.stdout).toContain(`::add-mask::${TOKEN}`);
  expect(first.stdout).toContain(`::add-mask::${hookUrl}`);
  fs.rmSync(dir, { recursive: true, force: true });
}, 200_000);

test('a read-only token and a failing API: warnings, the run still passes', async () => {
  gh.reset();
  gh.runs = [];
  gh.artifacts = [];
  gh.comments = new Map();
  gh.fault({
    route: /\/actions\/workflows\/.*\/runs$/,
    status: 403,
    body: { message: 'Resource not accessible by integration' },
  });
  gh.fault({
    route: /^POST \/repos\/octo\/models\/issues\/7\/comments$/,
    status: 403,
    body: { message: 'Resource not accessible by integration' },
  });
  const dir = workspace();
  const result = await runAction({
    workspace: dir,
    inputs: {
      upload_artifacts: 'false',
      github_token: TOKEN,
      history_file: 'auto',
      comment_on_pr: 'true',
      only: 'alpha',
    },
    env: githubEnv(),
    timeoutMs: 90_000,
  });
  expect(result.code).toBe(0);
  const warnings = commands(result.stdout, 'warning').join('\n');
  expect(warnings).toMatch(/history_file: auto could not get the history summary: .*HTTP 403/);
  expect(warnings).toMatch(/Could not comment on pull request #7: .*HTTP 403/);
  expect(result.stdout.replace(`::add-mask::${TOKEN}`, '')).not.toContain(TOKEN);
  fs.rmSync(dir, { recursive: true, force: true });
}, 200_000);

test('mode merge comments and notifies from the merged summary', async () => {
  gh.reset();
  gh.comments = new Map();
  const shardDir = workspace();
  const shard = await runAction({
    workspace: shardDir,
    inputs: { upload_artifacts: 'false', only: 'alpha,beta', shard: '1/1' },
    env: githubEnv(),
    timeoutMs: 90_000,
  });
  expect(shard.code).toBe(1);
  const mergeDir = workspace();
  const into = path.join(mergeDir, 'shard-summaries', 'training-summary-shard-1-of-1');
  fs.mkdirSync(into, { recursive: true });
  fs.copyFileSync(shard.outputs.summary_path, path.join(into, path.basename(shard.outputs.summary_path)));
  const merged = await runAction({
    workspace: mergeDir,
    inputs: {
      upload_artifacts: 'false',
      mode: 'merge',
      merge_from: 'shard-summaries',
      github_token: TOKEN,
      comment_on_pr: 'true',
      notify_webhook: `${gh.url}/hooks/${HOOK_SECRET}`,
    },
    env: githubEnv(),
    timeoutMs: 90_000,
  });
  expect(merged.code).toBe(1);
  const comments = gh.comments.get(7) ?? [];
  expect(comments).toHaveLength(1);
  expect(comments[0].body).toContain('Training failed: 1 of 2 jobs succeeded');
  expect(gh.hookBodies).toHaveLength(1);
  expect(gh.hookBodies[0]).toContain('beta (failed)');
  expect([...comments.map((c) => c.body), ...gh.hookBodies].join('\n')).not.toContain(HOOK_SECRET);
  fs.rmSync(shardDir, { recursive: true, force: true });
  fs.rmSync(mergeDir, { recursive: true, force: true });
}, 200_000);

test('baseline: auto compares with the last successful run, and the comment shows the metric diff', async () => {
  gh.reset();
  gh.comments = new Map();
  gh.runs = [
    { id: 700, head_branch: 'main', status: 'completed', conclusion: 'success', workflow: 'train.yml' },
  ];
  gh.artifacts = [
    {
      id: 2,
      name: 'training-summary',
      runId: 700,
      zip: writeZip({ 'summaries/training_summary_20261201T100000Z.json': previousSummary() }),
    },
  ];
  const dir = workspace();
  const result = await runAction({
    workspace: dir,
    inputs: {
      upload_artifacts: 'false',
      github_token: TOKEN,
      baseline: 'auto',
      comment_on_pr: 'true',
      only: 'alpha',
    },
    env: githubEnv(),
    timeoutMs: 90_000,
  });
  const summary = JSON.parse(fs.readFileSync(result.outputs.summary_path, 'utf8')) as {
    baseline?: { path: string } | null;
    jobs: Array<{
      id: string;
      comparison?: Array<{ metric: string; value: number; baseline: number; verdict: string }> | null;
    }>;
  };
  expect(summary.baseline?.path).toMatch(
    /\.training-orchestrator\/auto\/run-700\/training_summary_20261201T100000Z\.json$/,
  );
  const alpha = summary.jobs.find((job) => job.id === 'alpha')!;
  expect(alpha.comparison).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ metric: 'accuracy', value: 0.9, baseline: 0.95, verdict: 'regressed' }),
    ]),
  );
  const body = gh.comments.get(7)![0].body;
  expect(body).toContain('#### Metrics against the baseline');
  expect(body).toMatch(/\| alpha \| accuracy \| 0\.9 \| 0\.95 \| -0\.05 \(-5\.26%\) \| 🔴 regressed \|/);
  fs.rmSync(dir, { recursive: true, force: true });
}, 200_000);
