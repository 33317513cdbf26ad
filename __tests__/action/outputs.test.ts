import { artifactOutputs, planOutputs, runOutputs, setOutputs } from '../../src/action/outputs.js';
import { runFailure } from '../../src/action/run-action.js';
import { Redactor } from '../../src/report/redact.js';
import { makeJob, makePlan, makeSummary } from '../report/fixtures.js';

const plan = makePlan([makeJob('alpha'), makeJob('beta', { optional: true }), makeJob('gamma')]);

test('list_only / dry_run: status success and the planned jobs as JSON', () => {
  const outputs = planOutputs(plan, new Redactor([]));
  expect(outputs.status).toBe('success');
  const jobs = JSON.parse(outputs.jobs ?? '') as Array<{ id: string; command: string[]; optional: boolean }>;
  expect(jobs.map((job) => job.id)).toEqual(['alpha', 'beta', 'gamma']);
  expect(jobs[1]).toMatchObject({ id: 'beta', optional: true, command: plan.jobs[1].command });
});

test('a run: counts, failed ids (optional ones included), duration, summary path and the jobs JSON', () => {
  const summary = makeSummary({
    jobs: [
      { id: 'alpha' },
      { id: 'beta', optional: true, status: 'failed' },
      { id: 'gamma', status: 'timed_out' },
    ],
    status: 'failure',
    runDuration: 42.5,
  });
  const outputs = runOutputs(plan, summary, '/w/summaries/training_summary_x.json', new Redactor([]));
  expect(outputs).toMatchObject({
    status: 'failure',
    summary_path: '/w/summaries/training_summary_x.json',
    succeeded: '1',
    failed: '2',
    failed_jobs: '["beta","gamma"]',
    duration_seconds: '42.5',
  });
  expect((JSON.parse(outputs.jobs ?? '') as unknown[]).length).toBe(3);
});

test('artifact outputs are set only for what was uploaded', () => {
  expect(artifactOutputs({})).toEqual({});
  expect(
    artifactOutputs({
      results: { id: 7, name: 'training-results-a', size: 10, files: 2 },
      summary: { id: 8, name: 'training-summary-a', size: 5, files: 1 },
    }),
  ).toEqual({
    results_artifact_id: '7',
    results_artifact_name: 'training-results-a',
    summary_artifact_id: '8',
    summary_artifact_name: 'training-summary-a',
  });
});

test.each([['mary'], ['summary'], ['s'], ['1'], ['json'], ['"'], ['id'], ['success']])(
  'a secret %j never changes what the orchestrator built: paths, ids, status, counts, JSON; argv words are masked',
  (secret) => {
    const withArg = makePlan([
      makeJob('alpha', { command: ['/usr/bin/python3', 'train_alpha.py', '--user', 'mary'] }),
      makeJob('summary'),
    ]);
    const summary = makeSummary({
      jobs: [{ id: 'alpha' }, { id: 'summary', status: 'failed' }],
      status: 'failure',
    });
    const path = '/home/mary/summaries/training_summary_20261203T000000Z.json';
    const clean = runOutputs(withArg, summary, path, new Redactor([]));
    const masked = runOutputs(withArg, summary, path, new Redactor([secret]));
    const set: Array<[string, string]> = [];
    setOutputs(masked, (name, value) => set.push([name, value]));
    const outputs = Object.fromEntries(set);
    for (const name of [
      'status',
      'summary_path',
      'succeeded',
      'failed',
      'failed_jobs',
      'duration_seconds',
    ] as const)
      expect(outputs[name]).toBe(clean[name]);
    const jobs = JSON.parse(outputs.jobs) as Array<{ id: string; script: string; command: string[] }>;
    expect(jobs.map((job) => job.id)).toEqual(['alpha', 'summary']);
    expect(jobs[0].script).toBe(withArg.jobs[0].script);
    // The argv is the user's: the secret is masked there.
    expect(jobs[0].command.some((word) => word.includes(secret))).toBe(false);
    if (secret === 'mary') expect(jobs[0].command.at(-1)).toBe('***');
  },
);

describe('runFailure: what fails the step', () => {
  test.each([
    ['success', undefined],
    ['partial_success', undefined],
  ] as const)('%s passes', (status, expected) => {
    expect(runFailure(makeSummary({ jobs: [{ id: 'alpha' }], status }))).toBe(expected);
  });

  test('failure names the required jobs that failed, not the optional ones', () => {
    const summary = makeSummary({
      jobs: [
        { id: 'alpha', status: 'failed' },
        { id: 'beta', optional: true, status: 'failed' },
        { id: 'gamma', status: 'timed_out' },
        { id: 'delta' },
      ],
      status: 'failure',
    });
    expect(runFailure(summary)).toBe('Required jobs failed: alpha, gamma.');
  });

  test('failure names the required jobs that broke a quality gate, apart from those that failed', () => {
    const summary = makeSummary({
      jobs: [{ id: 'alpha', status: 'failed' }, { id: 'beta' }, { id: 'gamma', optional: true }],
      status: 'failure',
    });
    summary.jobs[1].gates = { passed: false, broken: [] };
    summary.jobs[2].gates = { passed: false, broken: [] };
    expect(runFailure(summary)).toBe('Required job failed: alpha. Required job broke a quality gate: beta.');
  });

  test('cancelled says so, with the counts', () => {
    const summary = makeSummary({
      jobs: [{ id: 'alpha' }, { id: 'beta', status: 'cancelled' }, { id: 'gamma', status: 'skipped' }],
      status: 'cancelled',
    });
    expect(runFailure(summary)).toBe('The run was cancelled (1 succeeded, 1 cancelled, 1 not run of 3).');
  });
});

test('regressed_jobs and improved_jobs are lists: cut with the marker when huge, like failed_jobs', () => {
  const ids = Array.from({ length: 100_000 }, (_, i) => `job-${String(i).padStart(6, '0')}`);
  const set: Record<string, string> = {};
  setOutputs(
    { regressed_jobs: JSON.stringify(ids), improved_jobs: JSON.stringify(ids), gates_passed: 'false' },
    (name, value) => {
      set[name] = value;
    },
  );
  for (const name of ['regressed_jobs', 'improved_jobs']) {
    const list = JSON.parse(set[name]) as string[];
    expect(list[0]).toBe('job-000000');
    expect(list.at(-1)).toMatch(/^…\d+ more \(see summary_path\)$/);
  }
  expect(set.gates_passed).toBe('false');
});
