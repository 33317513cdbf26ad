/**
 * `auto` lookups against a local stand-in for GitHub's REST API (GITHUB_API_URL points at it): the real
 * routes, a real zip of a real summary downloaded by @actions/artifact through the 302 to a blob URL.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../../src/model/types.js';
import type { RawInputs } from '../../src/plan/inputs.js';
import { makeSummary } from '../report/fixtures.js';
import { FakeGitHub } from '../support/github-api/server.js';
import { writeZip } from '../support/github-api/zip-writer.js';

const TOKEN = 'ghs_auto0lookup0token0value0000000001';
const gh = new FakeGitHub('octo', 'models', TOKEN);

// Loaded after GITHUB_API_URL is set: @actions/github reads it when first imported.
let resolveActionAutoInputs: typeof import('../../src/action/github-report.js').resolveActionAutoInputs;
let createGitHubRequest: typeof import('../../src/action/github-api.js').createGitHubRequest;

const saved = { ...process.env };
let workspace: string;
let temp: string;
let out: string;
let logs: string[];
let notices: string[];

function summaryText(status: 'success' | 'failure', accuracy: number): string {
  const summary = makeSummary({
    status,
    jobs: [
      { id: 'train_a', metrics: { accuracy }, duration: 30 },
      { id: 'train_b', status: status === 'failure' ? 'failed' : 'succeeded', duration: 12 },
    ],
  });
  return `${JSON.stringify(summary, null, 2)}\n`;
}

function artifactZip(text: string, name = 'training_summary_20261201T100000Z.json'): Buffer {
  return writeZip({ [`summaries/${name}`]: text });
}

function env(over: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    GITHUB_REPOSITORY: 'octo/models',
    GITHUB_RUN_ID: '900',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKFLOW_REF: 'octo/models/.github/workflows/train.yml@refs/heads/feature',
    GITHUB_REF_NAME: 'feature',
    GITHUB_SERVER_URL: 'https://github.com',
    RUNNER_TEMP: temp,
    ...over,
  };
}

const logger: Logger = {
  info: (m) => logs.push(`info: ${m}`),
  warn: (m) => logs.push(`warn: ${m}`),
  error: (m) => logs.push(`error: ${m}`),
  debug: (m) => logs.push(`debug: ${m}`),
};

async function resolve(
  // `baseline` is an input of the compare work: typed loosely so this file does not depend on it.
  inputs: Record<string, string>,
  opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number; downloadTimeoutMs?: number } = {},
): Promise<RawInputs & Record<string, string | undefined>> {
  const { raw } = await resolveActionAutoInputs({ github_token: TOKEN, ...inputs } as RawInputs, {
    logger,
    notice: (m) => notices.push(m),
    workspace,
    env: opts.env ?? env(),
    downloadTimeoutMs: opts.downloadTimeoutMs,
    request: createGitHubRequest({
      token: TOKEN,
      baseUrl: gh.url,
      retryDelayMs: 10,
      timeoutMs: opts.timeoutMs ?? 10_000,
    }),
  });
  return raw as RawInputs & Record<string, string | undefined>;
}

beforeAll(async () => {
  await gh.start();
  process.env.GITHUB_API_URL = gh.url;
  process.env.GITHUB_SERVER_URL = 'https://github.com';
  ({ resolveActionAutoInputs } = await import('../../src/action/github-report.js'));
  ({ createGitHubRequest } = await import('../../src/action/github-api.js'));
});

afterAll(async () => {
  await gh.stop();
  process.env = saved;
});

let writeSpy: ReturnType<typeof jest.spyOn>;
beforeEach(() => {
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'to-auto-ws-'));
  temp = fs.mkdtempSync(path.join(os.tmpdir(), 'to-auto-tmp-'));
  logs = [];
  notices = [];
  out = '';
  gh.reset();
  gh.runs = [];
  gh.artifacts = [];
  // @actions/artifact logs through @actions/core (stdout): captured to check that no secret reaches it.
  writeSpy = jest.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  }) as typeof process.stdout.write);
});

afterEach(() => {
  writeSpy.mockRestore();
  const everything = [...logs, ...notices, out].join('\n');
  expect(everything).not.toContain(TOKEN);
  expect(everything).not.toContain('blob-signature-secret');
  fs.rmSync(workspace, { recursive: true, force: true });
  fs.rmSync(temp, { recursive: true, force: true });
});

describe('baseline: auto and history_file: auto', () => {
  it('download the newest summary of the last successful run on the default branch, once for both', async () => {
    const text = summaryText('success', 0.9);
    gh.runs = [
      { id: 700, head_branch: 'main', status: 'completed', conclusion: 'success', workflow: 'train.yml' },
      { id: 710, head_branch: 'main', status: 'completed', conclusion: 'failure', workflow: 'train.yml' },
      { id: 720, head_branch: 'feature', status: 'completed', conclusion: 'success', workflow: 'train.yml' },
      { id: 730, head_branch: 'main', status: 'completed', conclusion: 'success', workflow: 'other.yml' },
    ];
    gh.artifacts = [
      { id: 1, name: 'training-results', runId: 700, zip: writeZip({ 'results/x.txt': 'x' }) },
      { id: 2, name: 'training-summary', runId: 700, zip: artifactZip(text) },
      { id: 3, name: 'training-summary', runId: 710, zip: artifactZip(summaryText('failure', 0.1)) },
      { id: 4, name: 'training-summary', runId: 720, zip: artifactZip(summaryText('success', 0.2)) },
    ];
    const raw = await resolve({ baseline: 'auto', history_file: 'AUTO' });

    expect(raw.baseline).toBe('.training-orchestrator/auto/run-700/training_summary_20261201T100000Z.json');
    expect(raw.history_file).toBe(raw.baseline);
    expect(fs.readFileSync(path.join(workspace, raw.baseline!), 'utf8')).toBe(text);
    // The runs list asked the real question: this workflow, the default branch, successful runs.
    const [list] = gh.requestsTo(/^GET \/repos\/octo\/models\/actions\/workflows\/train\.yml\/runs$/);
    expect(list.query.get('branch')).toBe('main');
    expect(list.query.get('status')).toBe('success');
    // One download for both inputs; the blob was fetched without the token.
    expect(gh.requestsTo(/^GET \/repos\/octo\/models\/actions\/artifacts\/2\/zip$/)).toHaveLength(1);
    const blob = gh.requestsTo(/^GET \/blob\//);
    expect(blob).toHaveLength(1);
    expect(blob[0].authorization).toBeUndefined();
    // Nothing but the one summary reached the working directory.
    expect(fs.readdirSync(path.join(workspace, '.training-orchestrator/auto'))).toEqual(['run-700']);
    expect(logs.join('\n')).toMatch(/auto → \.training-orchestrator\/auto\/run-700/);
  });

  it('uses baseline_branch, skips fork runs and runs without the artifact, and falls back to -merged', async () => {
    gh.runs = [
      { id: 800, head_branch: 'release', status: 'completed', conclusion: 'success', workflow: 'train.yml' },
      {
        id: 810,
        head_branch: 'release',
        status: 'completed',
        conclusion: 'success',
        workflow: 'train.yml',
        head_repository: 'mallory/models',
      },
      { id: 805, head_branch: 'release', status: 'completed', conclusion: 'success', workflow: 'train.yml' },
    ];
    gh.artifacts = [
      { id: 10, name: 'training-summary', runId: 810, zip: artifactZip(summaryText('success', 0.99)) },
      {
        id: 11,
        name: 'training-summary-shard-1-of-2',
        runId: 805,
        zip: artifactZip(summaryText('success', 0.5)),
      },
      { id: 12, name: 'training-summary-merged', runId: 800, zip: artifactZip(summaryText('success', 0.7)) },
    ];
    const raw = await resolve({ baseline: 'auto', baseline_branch: 'release' });
    expect(raw.baseline).toBe('.training-orchestrator/auto/run-800/training_summary_20261201T100000Z.json');
    expect(gh.requestsTo(/\/actions\/runs\/810\/artifacts$/)).toHaveLength(0);
    expect(gh.requestsTo(/\/artifacts\/10\/zip$/)).toHaveLength(0);
  });

  it('reads the default branch from the repository when the event payload does not carry it', async () => {
    gh.defaultBranch = 'trunk';
    gh.runs = [
      { id: 600, head_branch: 'trunk', status: 'completed', conclusion: 'success', workflow: 'train.yml' },
    ];
    gh.artifacts = [
      { id: 20, name: 'training-summary', runId: 600, zip: artifactZip(summaryText('success', 0.8)) },
    ];
    try {
      const raw = await resolve({ baseline: 'auto' });
      expect(raw.baseline).toMatch(/^\.training-orchestrator\/auto\/run-600\//);
      expect(gh.requestsTo(/^GET \/repos\/octo\/models$/)).toHaveLength(1);
    } finally {
      gh.defaultBranch = 'main';
    }
  });

  it('not found: a notice naming what was looked for, and the input left empty', async () => {
    gh.runs = [
      { id: 700, head_branch: 'main', status: 'completed', conclusion: 'success', workflow: 'train.yml' },
    ];
    const raw = await resolve({ baseline: 'auto', history_file: 'auto' });
    expect(raw.baseline).toBe('');
    expect(raw.history_file).toBe('');
    expect(notices.join('\n')).toMatch(
      /baseline, history_file: auto found no training-summary or training-summary-merged artifact .* train\.yml on main/,
    );
    expect(logs.filter((l) => l.startsWith('warn'))).toEqual([]);
  });

  it('403 (no actions: read): a warning naming the permission, the input left empty', async () => {
    gh.fault({
      route: /\/actions\/workflows\/.*\/runs$/,
      status: 403,
      body: { message: 'Resource not accessible by integration' },
    });
    const raw = await resolve({ baseline: 'auto' });
    expect(raw.baseline).toBe('');
    const warning = logs.find((l) => l.startsWith('warn'))!;
    expect(warning).toMatch(/HTTP 403/);
    expect(warning).toMatch(/actions: read/);
    expect(warning).toMatch(/The run goes on without it/);
    // A 403 is an answer, not a hiccup: asked once.
    expect(gh.requestsTo(/\/actions\/workflows\/.*\/runs$/)).toHaveLength(1);
  });

  it('404 of the workflow: a warning, one request', async () => {
    gh.fault({ route: /\/actions\/workflows\/.*\/runs$/, status: 404, body: { message: 'Not Found' } });
    const raw = await resolve({ history_file: 'auto' });
    expect(raw.history_file).toBe('');
    expect(logs.find((l) => l.startsWith('warn'))).toMatch(/HTTP 404/);
    expect(gh.requestsTo(/\/actions\/workflows\/.*\/runs$/)).toHaveLength(1);
  });

  it('500 once, then 200: retried, and the baseline is found', async () => {
    gh.runs = [
      { id: 700, head_branch: 'main', status: 'completed', conclusion: 'success', workflow: 'train.yml' },
    ];
    gh.artifacts = [
      { id: 2, name: 'training-summary', runId: 700, zip: artifactZip(summaryText('success', 0.9)) },
    ];
    gh.fault({ route: /\/actions\/workflows\/.*\/runs$/, status: 500 });
    const raw = await resolve({ baseline: 'auto' });
    expect(raw.baseline).toMatch(/^\.training-orchestrator\/auto\/run-700\//);
    expect(gh.requestsTo(/\/actions\/workflows\/.*\/runs$/)).toHaveLength(2);
    expect(logs.filter((l) => l.startsWith('warn'))).toEqual([]);
  });

  it('500 every time: a warning after the retries', async () => {
    gh.fault({ route: /\/actions\/workflows\/.*\/runs$/, status: 502, times: 10 });
    const raw = await resolve({ baseline: 'auto' });
    expect(raw.baseline).toBe('');
    expect(gh.requestsTo(/\/actions\/workflows\/.*\/runs$/)).toHaveLength(3);
    expect(logs.find((l) => l.startsWith('warn'))).toMatch(/HTTP 502/);
  });

  it('a server that never answers: a warning within the request timeout, no retry', async () => {
    gh.fault({ route: /\/actions\/workflows\/.*\/runs$/, hang: true, times: 5 });
    const started = Date.now();
    const raw = await resolve({ baseline: 'auto' }, { timeoutMs: 300 });
    expect(raw.baseline).toBe('');
    expect(logs.find((l) => l.startsWith('warn'))).toMatch(/no answer within 0\.3 s/);
    expect(gh.requestsTo(/\/actions\/workflows\/.*\/runs$/)).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('an artifact download that never answers: a warning at the download deadline', async () => {
    gh.runs = [
      { id: 700, head_branch: 'main', status: 'completed', conclusion: 'success', workflow: 'train.yml' },
    ];
    gh.artifacts = [
      { id: 2, name: 'training-summary', runId: 700, zip: artifactZip(summaryText('success', 0.9)) },
    ];
    gh.fault({ route: /\/actions\/artifacts\/2\/zip$/, hang: true, times: 5 });
    const started = Date.now();
    const raw = await resolve({ baseline: 'auto' }, { downloadTimeoutMs: 500 });
    expect(raw.baseline).toBe('');
    expect(logs.find((l) => l.startsWith('warn'))).toMatch(
      /the download of artifact training-summary took longer than 0\.5 s/,
    );
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(fs.readdirSync(path.join(workspace, '.training-orchestrator/auto'))).toEqual([]);
  });

  it('an artifact without a summary, or with a file that is not one: a warning', async () => {
    gh.runs = [
      { id: 700, head_branch: 'main', status: 'completed', conclusion: 'success', workflow: 'train.yml' },
    ];
    gh.artifacts = [
      { id: 2, name: 'training-summary', runId: 700, zip: artifactZip('{"not": "a summary"}') },
    ];
    const raw = await resolve({ baseline: 'auto' });
    expect(raw.baseline).toBe('');
    expect(logs.find((l) => l.startsWith('warn'))).toMatch(/not a training summary/);
  });

  it('refuses a .training-orchestrator link that leads outside the working directory', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'to-auto-outside-'));
    fs.symlinkSync(outside, path.join(workspace, '.training-orchestrator'));
    gh.runs = [
      { id: 700, head_branch: 'main', status: 'completed', conclusion: 'success', workflow: 'train.yml' },
    ];
    gh.artifacts = [
      { id: 2, name: 'training-summary', runId: 700, zip: artifactZip(summaryText('success', 0.9)) },
    ];
    const raw = await resolve({ baseline: 'auto' });
    expect(raw.baseline).toBe('');
    expect(fs.readdirSync(outside)).toEqual([]);
    expect(logs.find((l) => l.startsWith('warn'))).toMatch(/is a link or not a folder/);
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it('without a token or outside GitHub: a warning, nothing asked', async () => {
    const raw = await resolveActionAutoInputs({ baseline: 'auto' } as RawInputs, {
      logger,
      workspace,
      env: env(),
    });
    expect((raw.raw as Record<string, string>).baseline).toBe('');
    expect(logs.join('\n')).toMatch(/auto needs github_token/);
    logs = [];
    const outside = await resolve({ baseline: 'auto' }, { env: { RUNNER_TEMP: temp } });
    expect(outside.baseline).toBe('');
    expect(logs.join('\n')).toMatch(/auto needs GITHUB_REPOSITORY/);
    expect(gh.requests).toHaveLength(0);
  });

  it('inputs without auto are returned untouched, with no request', async () => {
    const inputs = {
      baseline: 'old.json',
      history_file: '',
      rerun_failed_from: 'autopilot.json',
    } as RawInputs;
    const raw = await resolve(inputs);
    expect(raw.baseline).toBe('old.json');
    expect(raw.rerun_failed_from).toBe('autopilot.json');
    expect(gh.requests).toHaveLength(0);
  });
});

describe('rerun_failed_from: auto', () => {
  it("takes the last completed run on this run's branch, whatever its conclusion", async () => {
    gh.runs = [
      { id: 700, head_branch: 'main', status: 'completed', conclusion: 'failure', workflow: 'train.yml' },
      { id: 750, head_branch: 'feature', status: 'completed', conclusion: 'failure', workflow: 'train.yml' },
      { id: 740, head_branch: 'feature', status: 'completed', conclusion: 'success', workflow: 'train.yml' },
      { id: 900, head_branch: 'feature', status: 'in_progress', conclusion: null, workflow: 'train.yml' },
    ];
    const failed = summaryText('failure', 0.5);
    gh.artifacts = [
      { id: 30, name: 'training-summary', runId: 750, zip: artifactZip(failed) },
      { id: 31, name: 'training-summary', runId: 740, zip: artifactZip(summaryText('success', 0.5)) },
    ];
    const raw = await resolve({ rerun_failed_from: 'auto' });
    expect(raw.rerun_failed_from).toBe(
      '.training-orchestrator/auto/run-750/training_summary_20261201T100000Z.json',
    );
    const [list] = gh.requestsTo(/\/actions\/workflows\/train\.yml\/runs$/);
    expect(list.query.get('branch')).toBe('feature');
    expect(list.query.get('status')).toBe('completed');
  });

  it("on a re-run attempt, this run's own earlier attempt comes first", async () => {
    gh.runs = [
      { id: 750, head_branch: 'feature', status: 'completed', conclusion: 'failure', workflow: 'train.yml' },
    ];
    gh.artifacts = [
      { id: 30, name: 'training-summary', runId: 750, zip: artifactZip(summaryText('failure', 0.5)) },
      { id: 40, name: 'training-summary', runId: 900, zip: artifactZip(summaryText('failure', 0.4)) },
    ];
    const raw = await resolve({ rerun_failed_from: 'auto' }, { env: env({ GITHUB_RUN_ATTEMPT: '2' }) });
    expect(raw.rerun_failed_from).toMatch(/^\.training-orchestrator\/auto\/run-900\//);
  });
});
