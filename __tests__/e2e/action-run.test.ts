/**
 * The bundled action running real jobs, driven as the runner drives it: outputs, step summary,
 * annotations, log groups, the post step's state, secrets, requirements, and a SIGINT mid-run.
 * Artifacts are off here (upload_artifacts: false); the upload is covered against a stand-in service
 * in the artifacts tests.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  actionBundle,
  BUILD_TIMEOUT_MS,
  commands,
  processAlive,
  runAction,
  startAction,
  waitFor,
} from './support/action-harness.js';

const FIXTURE_REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/action-repo');

function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'to-e2e-run-'));
  fs.cpSync(FIXTURE_REPO, dir, { recursive: true });
  return dir;
}

interface SummaryFile {
  status: string;
  counts: Record<string, number>;
  jobs: Array<{ id: string; status: string; exit_code: number | null }>;
}

function readSummary(file: string): SummaryFile {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as SummaryFile;
}

function mainState(state: Record<string, string>): Record<string, unknown> {
  return JSON.parse(state.training_orchestrator ?? '{}') as Record<string, unknown>;
}

/** The lines between `::group::<name>` and the next `::endgroup::`. */
function group(stdout: string, name: string): string[] | undefined {
  const lines = stdout.split('\n');
  const start = lines.indexOf(`::group::${name}`);
  if (start < 0) return undefined;
  const end = lines.indexOf('::endgroup::', start);
  return lines.slice(start + 1, end);
}

const noUpload = { upload_artifacts: 'false' };

beforeAll(async () => {
  await actionBundle();
}, BUILD_TIMEOUT_MS + 30_000);

test('a passing run sets every output, writes the summary, the step summary and per-job groups', async () => {
  const dir = workspace();
  const result = await runAction({
    workspace: dir,
    inputs: { ...noUpload, only: 'alpha gamma', epochs: '2' },
    env: {
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/models',
      GITHUB_RUN_ID: '4242',
      GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    },
  });

  expect(result.code).toBe(0);
  const { outputs } = result;
  expect(outputs).toMatchObject({ status: 'success', succeeded: '2', failed: '0', failed_jobs: '[]' });
  expect(Number(outputs.duration_seconds)).toBeGreaterThanOrEqual(0);
  expect((JSON.parse(outputs.jobs) as Array<{ id: string }>).map((job) => job.id).sort()).toEqual([
    'alpha',
    'gamma',
  ]);
  expect(path.dirname(outputs.summary_path)).toBe(path.join(dir, 'summaries'));
  const summary = readSummary(outputs.summary_path);
  expect(summary.status).toBe('success');
  expect(summary.counts.total).toBe(2);

  // Live output inside the job's group; the start and end lines outside it.
  expect(group(result.stdout, 'alpha')).toEqual(
    expect.arrayContaining(['epoch 1/2 loss=1.000', 'epoch 2/2 loss=0.500', 'alpha done']),
  );
  expect(result.stdout).toMatch(/✓ alpha \d+\.\ds\n/);
  // Resources are measured by default: the table has PEAK MEM and CPU.
  expect(result.stdout).toMatch(/^JOB\s+STATUS\s+ATTEMPTS\s+DURATION\s+PEAK MEM\s+CPU\s+RESULT$/m);
  expect(fs.readFileSync(path.join(dir, 'logs/alpha.log'), 'utf8')).toContain('epoch 2/2');
  expect(fs.existsSync(path.join(dir, 'results/alpha_results/metrics/metrics.json'))).toBe(true);

  expect(result.stepSummary).toMatch(/\| *Job *\|/i);
  expect(result.stepSummary).toContain('```mermaid');
  expect(result.stepSummary).toContain('gantt');
  // alpha's metrics/history.csv: in the JSON summary, and charted (loss, then its main metric).
  const alpha = JSON.parse(fs.readFileSync(outputs.summary_path, 'utf8')).jobs.find(
    (job: { id: string }) => job.id === 'alpha',
  );
  expect(alpha.curves).toEqual([
    {
      file: 'results/alpha_results/metrics/history.csv',
      x: 'epoch',
      points: 2,
      series: {
        loss: [
          [1, 1],
          [2, 0.5],
        ],
        accuracy: [
          [1, 0.8],
          [2, 0.85],
        ],
      },
    },
  ]);
  expect(result.stepSummary).toMatch(/xychart-beta\n {2}title "alpha: loss"/);
  expect(result.stepSummary).toMatch(/xychart-beta\n {2}title "alpha: accuracy"/);
  expect(result.stepSummary).toContain(
    '[Run 4242](https://github.com/acme/models/actions/runs/4242) · ' +
      '[Artifacts](https://github.com/acme/models/actions/runs/4242#artifacts)',
  );
  expect(commands(result.stdout, 'error')).toEqual([]);
  // Uploads are off: nothing is left for the post step.
  expect(mainState(result.state)).toMatchObject({ planned: true, uploaded: true, workingDirectory: dir });
});

test('a failed required job fails the step, names it, and annotates it with its cause', async () => {
  const dir = workspace();
  const result = await runAction({ workspace: dir, inputs: { ...noUpload, only: 'alpha,beta' } });

  expect(result.code).toBe(1);
  expect(result.outputs).toMatchObject({
    status: 'failure',
    succeeded: '1',
    failed: '1',
    failed_jobs: '["beta"]',
  });
  expect(readSummary(result.outputs.summary_path).jobs.find((job) => job.id === 'beta')).toMatchObject({
    status: 'failed',
    exit_code: 3,
  });
  const errors = commands(result.stdout, 'error');
  expect(errors).toEqual(
    expect.arrayContaining([
      expect.stringMatching(
        /^::error title=beta,file=training\/train_beta\.py::exit 3: ValueError: bad data in row 7$/,
      ),
      '::error::Required job failed: beta.',
    ]),
  );
  expect(result.stepSummary).toContain('ValueError: bad data in row 7');
});

test('allow_partial_success passes the step with status partial_success', async () => {
  const dir = workspace();
  const result = await runAction({
    workspace: dir,
    inputs: { ...noUpload, only: 'alpha,beta', allow_partial_success: 'true' },
  });
  expect(result.code).toBe(0);
  expect(result.outputs).toMatchObject({ status: 'partial_success', failed_jobs: '["beta"]' });
  // The failed job is still annotated, but the step is not failed.
  expect(commands(result.stdout, 'error')).toEqual([expect.stringMatching(/^::error title=beta,file=/)]);
});

test('annotations name the script from the repository root when jobs run in a subfolder', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'to-e2e-run-'));
  fs.mkdirSync(path.join(dir, '.git'));
  fs.cpSync(FIXTURE_REPO, path.join(dir, 'ml'), { recursive: true });
  const result = await runAction({
    workspace: dir,
    inputs: { ...noUpload, only: 'beta', working_directory: 'ml' },
  });
  expect(result.code).toBe(1);
  expect(commands(result.stdout, 'error')).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^::error title=beta,file=ml\/training\/train_beta\.py::exit 3/),
    ]),
  );
});

test('parallel with verbose prefixes every line with its job id and shows debug lines', async () => {
  const dir = workspace();
  const result = await runAction({
    workspace: dir,
    inputs: { ...noUpload, only: 'alpha,gamma', parallel: 'true', max_workers: '2', verbose: 'true' },
  });
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('[alpha] alpha done');
  expect(result.stdout).toContain('[gamma] gamma got 0 arguments');
  expect(result.stdout).toMatch(/^debug: /m);
  expect(result.stdout).not.toMatch(/^::group::alpha$/m);
});

test('parallel without verbose shows each job’s last lines in a group after it ends', async () => {
  const dir = workspace();
  const result = await runAction({
    workspace: dir,
    inputs: { ...noUpload, only: 'alpha,gamma', parallel: 'true' },
  });
  expect(result.code).toBe(0);
  const title = /^::group::(alpha: last \d+ lines? \(full log: logs\/alpha\.log\))$/m.exec(result.stdout);
  expect(title).not.toBeNull();
  expect(group(result.stdout, title?.[1] ?? '')).toEqual(expect.arrayContaining(['alpha done']));
  expect(result.stdout).not.toContain('[alpha] ');
  expect(result.stdout).not.toMatch(/^debug: /m);
});

test('Kaggle credentials: file written for the jobs, key redacted from logs, summary and outputs', async () => {
  const dir = workspace();
  const key = 'kaggle-key-0a1b2c3d4e';
  const result = await runAction({
    workspace: dir,
    inputs: { ...noUpload, only: 'alpha', kaggle_username: 'octo-kaggler', kaggle_key: key },
  });
  expect(result.code).toBe(0);
  const file = path.join(result.home, '.kaggle', 'kaggle.json');
  expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ username: 'octo-kaggler', key });
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  expect(mainState(result.state)).toMatchObject({ kaggle: { path: file, created: true } });

  const log = fs.readFileSync(path.join(dir, 'logs/alpha.log'), 'utf8');
  expect(log).toContain('kaggle key seen by the job: ***');
  const printed = result.stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  for (const text of [
    log,
    printed,
    result.stepSummary,
    fs.readFileSync(result.outputs.summary_path, 'utf8'),
    JSON.stringify(result.outputs),
  ]) {
    expect(text).not.toContain(key);
  }
});

test('secrets that are common words (a Kaggle user name like mary, a three-letter value, one character) mask job text, never the report', async () => {
  const dir = workspace();
  const result = await runAction({
    workspace: dir,
    inputs: {
      ...noUpload,
      only: 'alpha gamma',
      kaggle_username: 'mary',
      kaggle_key: 'kaggle-key-0a1b2c3d4e',
      secrets: 'summary\njob\ns',
      extra_args: '--note mary',
    },
  });
  expect(result.code).toBe(0);
  const { outputs } = result;
  // The summary file keeps its name and summary_path points at it; its JSON keys and status words are intact.
  expect(path.basename(outputs.summary_path)).toMatch(/^training_summary_\d{8}T\d{6}Z\.json$/);
  expect(path.dirname(outputs.summary_path)).toBe(path.join(dir, 'summaries'));
  const summary = JSON.parse(fs.readFileSync(outputs.summary_path, 'utf8')) as Record<string, unknown> & {
    jobs: Array<Record<string, unknown>>;
    options: { extra_args: string[] };
  };
  expect(Object.keys(summary)).toEqual(expect.arrayContaining(['status', 'counts', 'jobs', 'options']));
  expect(summary.status).toBe('success');
  expect(summary.jobs.map((job) => [job.id, job.status, job.log_path])).toEqual([
    ['gamma', 'succeeded', 'logs/gamma.log'],
    ['alpha', 'succeeded', 'logs/alpha.log'],
  ]);
  expect(summary.options.extra_args).toEqual(['--note', '***']);
  expect(outputs).toMatchObject({ status: 'success', succeeded: '2', failed: '0', failed_jobs: '[]' });
  expect((JSON.parse(outputs.jobs) as Array<{ id: string }>).map((job) => job.id)).toEqual([
    'gamma',
    'alpha',
  ]);
  // The step summary's Markdown is intact: its heading, table header and status words.
  expect(result.stepSummary).toMatch(/^## ✅ Training succeeded: 2 of 2 jobs succeeded/m);
  expect(result.stepSummary).toContain('| Job | Status |');
  // What the jobs printed is masked in their logs, as text, like GitHub's log: the one-character secret too.
  const log = fs.readFileSync(path.join(dir, 'logs/alpha.log'), 'utf8');
  expect(log).toContain("['--note', '***']");
  expect(log).not.toMatch(/mary|s/);
});

test('a failing install_requirements fails the step before any job starts', async () => {
  const dir = workspace();
  fs.writeFileSync(path.join(dir, 'requirements-train.txt'), 'this is not === a requirement\n');
  const result = await runAction({
    workspace: dir,
    inputs: { ...noUpload, only: 'alpha', install_requirements: 'requirements-*.txt' },
    timeoutMs: 120_000,
  });
  expect(result.code).toBe(1);
  expect(result.stdout).toContain('::group::pip install -r requirements-train.txt');
  expect(commands(result.stdout, 'error')).toEqual([
    expect.stringMatching(
      /^::error::Installing requirements from requirements-train\.txt failed: .* exited with code \d+\. No job was started\.$/,
    ),
  ]);
  expect(fs.existsSync(path.join(dir, 'logs'))).toBe(false);
  expect(mainState(result.state).planned).toBeUndefined();
}, 150_000);

describe("the dispatch workflow's install_requirements (requirements*.txt)", () => {
  test('installs a requirements.txt (nothing installable in it) and warns about nothing', async () => {
    const dir = workspace();
    fs.writeFileSync(path.join(dir, 'requirements.txt'), '# this repository needs nothing from PyPI\n');
    const result = await runAction({
      workspace: dir,
      inputs: { ...noUpload, only: 'alpha', install_requirements: 'requirements*.txt' },
      timeoutMs: 120_000,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('::group::pip install -r requirements.txt');
    expect(commands(result.stdout, 'warning')).toEqual([]);
    expect(commands(result.stdout, 'error')).toEqual([]);
  }, 150_000);

  test('with no requirement file at all, installs nothing and prints no warning or error', async () => {
    const dir = workspace();
    const result = await runAction({
      workspace: dir,
      inputs: { ...noUpload, only: 'alpha', install_requirements: 'requirements*.txt' },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('::group::pip install');
    expect(result.stdout).toContain('nothing to install');
    expect(commands(result.stdout, 'warning')).toEqual([]);
    expect(commands(result.stdout, 'error')).toEqual([]);
  });
});

describe('cancellation', () => {
  const leftovers: number[] = [];
  afterAll(() => {
    for (const pid of leftovers) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });

  test('SIGINT mid-run: exits within seconds, summary says cancelled, no process of the run survives', async () => {
    const dir = workspace();
    const run = await startAction({
      workspace: dir,
      inputs: { ...noUpload, only: 'sleepy' },
      timeoutMs: 60_000,
    });
    const pidsFile = path.join(dir, 'results/sleepy_results/pids.txt');
    const pids = await waitFor(
      () =>
        fs.existsSync(pidsFile)
          ? fs.readFileSync(pidsFile, 'utf8').trim().split(/\s+/).map(Number)
          : undefined,
      30_000,
      `the job to write ${pidsFile}`,
    );
    leftovers.push(...pids);
    expect(pids.every((pid) => processAlive(pid))).toBe(true);

    const signalledAt = Date.now();
    run.child.kill('SIGINT');
    const result = await run.done;
    const seconds = (Date.now() - signalledAt) / 1000;

    // GitHub follows SIGINT with SIGTERM after 7.5 s: everything must be done well before that.
    expect(seconds).toBeLessThan(7.5);
    expect(result.signal).toBeNull();
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Received SIGINT: cancelling.');
    expect(result.outputs.status).toBe('cancelled');
    expect(readSummary(result.outputs.summary_path)).toMatchObject({
      status: 'cancelled',
      jobs: [{ id: 'sleepy', status: 'cancelled' }],
    });
    expect(commands(result.stdout, 'error')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^::error::The run was cancelled/)]),
    );
    expect(fs.readFileSync(path.join(dir, 'logs/sleepy.log'), 'utf8')).toContain('sleepy started grandchild');
    expect(pids.filter((pid) => processAlive(pid))).toEqual([]);
    // The upload is left to the post step, which reads this state.
    expect(mainState(result.state)).toMatchObject({ planned: true, uploaded: false });
  });

  test('a second signal does no harm', async () => {
    const dir = workspace();
    const run = await startAction({
      workspace: dir,
      inputs: { ...noUpload, only: 'sleepy' },
      timeoutMs: 60_000,
    });
    const pidsFile = path.join(dir, 'results/sleepy_results/pids.txt');
    const pids = await waitFor(
      () =>
        fs.existsSync(pidsFile)
          ? fs.readFileSync(pidsFile, 'utf8').trim().split(/\s+/).map(Number)
          : undefined,
      30_000,
      `the job to write ${pidsFile}`,
    );
    leftovers.push(...pids);
    run.child.kill('SIGINT');
    await waitFor(
      () => (run.output().includes('Received SIGINT') ? true : undefined),
      10_000,
      'the cancel notice',
    );
    run.child.kill('SIGTERM');
    const result = await run.done;
    expect(result.signal).toBeNull();
    expect(result.outputs.status).toBe('cancelled');
    expect(readSummary(result.outputs.summary_path).status).toBe('cancelled');
    expect(pids.filter((pid) => processAlive(pid))).toEqual([]);
  });
});
