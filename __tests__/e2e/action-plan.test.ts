/**
 * The bundled action in list_only / dry_run mode and with bad input, driven as the runner drives it:
 * INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, a real workspace.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { actionBundle, BUILD_TIMEOUT_MS, commands, runAction } from './support/action-harness.js';

const FIXTURE_REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/action-repo');

function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'to-e2e-plan-'));
  fs.cpSync(FIXTURE_REPO, dir, { recursive: true });
  return dir;
}

interface JobsOutputEntry {
  id: string;
  script: string | null;
  command: string[];
  optional: boolean;
}

function jobsOf(outputs: Record<string, string>): JobsOutputEntry[] {
  return JSON.parse(outputs.jobs) as JobsOutputEntry[];
}

/** What a list or dry run must never create. */
function expectNothingWritten(dir: string): void {
  for (const folder of ['results', 'logs', 'summaries'])
    expect([folder, fs.existsSync(path.join(dir, folder))]).toEqual([folder, false]);
}

beforeAll(async () => {
  await actionBundle();
}, BUILD_TIMEOUT_MS + 30_000);

test('list_only lists every discovered job with its flags, sets `jobs` and writes nothing', async () => {
  const dir = workspace();
  const result = await runAction({ workspace: dir, inputs: { list_only: 'true' } });

  expect(result.code).toBe(0);
  expect(result.outputs.status).toBe('success');
  const jobs = jobsOf(result.outputs);
  expect(jobs.map((job) => job.id).sort()).toEqual(['alpha', 'beta', 'gamma', 'sleepy']);
  expect(jobs.find((job) => job.id === 'gamma')).toMatchObject({
    script: 'scripts/train_gamma.py',
    optional: false,
  });
  const alphaRow = result.stdout.split('\n').find((line) => /^alpha\s/.test(line));
  expect(alphaRow).toMatch(/training\/train_alpha\.py\s+required\s+--output-dir --epochs$/);
  expect(result.stepSummary).toContain('### Training jobs (list only)');
  expect(result.stepSummary).toContain('| gamma | scripts/train\\_gamma.py | no | - |');
  expectNothingWritten(dir);
  expect(commands(result.stdout, 'error')).toEqual([]);
});

test('dry_run prints each command quoted for a shell; extra_args reach the argv literally, never a shell', async () => {
  const dir = workspace();
  const result = await runAction({
    workspace: dir,
    inputs: {
      dry_run: 'true',
      epochs: '3',
      only: 'alpha, gamma',
      extra_args: `--note "two words" $(touch pwned)`,
    },
  });

  expect(result.code).toBe(0);
  expect(result.outputs.status).toBe('success');
  const jobs = jobsOf(result.outputs);
  expect(jobs.map((job) => job.id).sort()).toEqual(['alpha', 'gamma']);
  const alpha = jobs.find((job) => job.id === 'alpha');
  expect(path.isAbsolute(alpha?.command[0] ?? '')).toBe(true);
  expect(alpha?.command.slice(1)).toEqual([
    'training/train_alpha.py',
    '--output-dir',
    'results/alpha_results',
    '--epochs',
    '3',
    '--note',
    'two words',
    '$(touch',
    'pwned)',
  ]);
  // gamma accepts no option: only the extra args.
  expect(jobs.find((job) => job.id === 'gamma')?.command.slice(1)).toEqual([
    'scripts/train_gamma.py',
    '--note',
    'two words',
    '$(touch',
    'pwned)',
  ]);
  expect(result.stdout).toMatch(
    / training\/train_alpha\.py .* --note 'two words' '\$\(touch' 'pwned\)' {2}# alpha$/m,
  );
  expect(result.stepSummary).toContain('### Training plan (dry run)');
  expect(fs.existsSync(path.join(dir, 'pwned'))).toBe(false);
  expectNothingWritten(dir);
});

test.each([
  [{ max_workers: '0' }, "Invalid max_workers '0'"],
  [{ timeout_minutes: 'soon' }, "Invalid timeout_minutes 'soon'"],
  [{ results_retention_days: '365' }, "Invalid results_retention_days '365'"],
  [{ only: 'nope' }, 'nope'],
  [{ mode: 'train' }, "Invalid mode 'train'"],
  [{ mode: 'plan', shards: '300' }, "Invalid shards '300'"],
])(
  'bad input %j fails the step with one message and no stack trace, before anything runs',
  async (inputs, message) => {
    const dir = workspace();
    const result = await runAction({ workspace: dir, inputs });

    expect(result.code).toBe(1);
    const errors = commands(result.stdout, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(message);
    expect(result.stdout).not.toMatch(/^\s+at /m);
    expect(result.outputs).toEqual({});
    expectNothingWritten(dir);
  },
);

test('secret inputs are masked before anything else is printed, and never printed in clear', async () => {
  const dir = workspace();
  const key = 'kaggle-key-9f8e7d6c';
  const result = await runAction({
    workspace: dir,
    inputs: {
      dry_run: 'true',
      kaggle_username: 'octo-kaggler',
      kaggle_key: key,
      secrets: 'first-secret-value\nsecond-secret-value',
    },
  });

  expect(result.code).toBe(0);
  const lines = result.stdout.split('\n').filter((line) => line.length > 0);
  const masks = lines.filter((line) => line.startsWith('::add-mask::'));
  expect(masks.map((line) => line.slice('::add-mask::'.length)).sort()).toEqual(
    ['first-secret-value', key, 'octo-kaggler', 'second-secret-value'].sort(),
  );
  expect(lines.slice(0, masks.length)).toEqual(masks);
  const unmasked = lines.filter((line) => !line.startsWith('::add-mask::')).join('\n');
  expect(unmasked).not.toContain(key);
  expect(result.stepSummary).not.toContain(key);
  // A dry run needs no credentials: no kaggle.json is written.
  expect(fs.existsSync(path.join(result.home, '.kaggle'))).toBe(false);
});
