/**
 * A run's comparison and gates end to end in the report layer: assessRun → decideStatus → buildSummary
 * (schema version 2, validated against schemas/summary.schema.json) → outputs, annotations, merge.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFailedJobIds } from '../../src/plan/filter.js';
import { readHistory } from '../../src/plan/history.js';
import { buildAnnotations } from '../../src/report/annotations.js';
import { mergeSummaries } from '../../src/report/merge.js';
import { buildRunOutputs } from '../../src/report/outputs.js';
import { buildProvenance } from '../../src/report/provenance.js';
import { assessRun, type LoadedBaseline } from '../../src/report/quality.js';
import { Redactor } from '../../src/report/redact.js';
import { decideStatus } from '../../src/report/status.js';
import { buildSummary, SUMMARY_SCHEMA_VERSION, type Summary } from '../../src/report/summary.js';
import { T0, makeRun, type RunSpec } from './fixtures.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const schema = JSON.parse(fs.readFileSync(path.join(root, 'schemas/summary.schema.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true });
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/);
const validate = ajv.compile(schema);

function expectValid(summary: Summary): void {
  const valid = validate(JSON.parse(JSON.stringify(summary)));
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

const baselineOf = (jobs: Record<string, Record<string, unknown>>): LoadedBaseline => ({
  path: 'summaries/old.json',
  started_at: '2026-11-01T00:00:00.000Z',
  commit: 'abc1234',
  run_url: 'https://github.com/o/r/actions/runs/1',
  jobs: Object.entries(jobs).map(([id, metrics]) => ({ id, status: 'succeeded', metrics })),
});

/** A run through the same steps as orchestrate(): assess, decide, build. */
function runWith(
  spec: RunSpec,
  baseline: LoadedBaseline | null,
  opts: { allowPartialSuccess?: boolean; secrets?: string[] } = {},
) {
  const { settings, plan, results } = makeRun({
    ...spec,
    settings: {
      ...spec.settings,
      allowPartialSuccess: opts.allowPartialSuccess ?? false,
      secrets: opts.secrets ?? [],
    },
  });
  const quality = assessRun(plan, results, baseline);
  const status = decideStatus(plan, results, {
    allowPartialSuccess: opts.allowPartialSuccess ?? false,
    cancelled: false,
    gateFailed: new Set([...quality.gateFailed.required, ...quality.gateFailed.optional]),
  });
  const summary = buildSummary({
    settings,
    plan,
    results,
    startedAt: new Date(T0),
    finishedAt: new Date(T0 + 60_000),
    status,
    redactor: new Redactor(settings.secrets),
    quality,
    provenance: buildProvenance(
      {
        GITHUB_SHA: 'a'.repeat(40),
        GITHUB_REPOSITORY: 'o/r',
        GITHUB_RUN_ID: '42',
        GITHUB_SERVER_URL: 'https://github.com',
      },
      { path: '/usr/bin/python3', version: '3.11.7' },
    ),
  });
  return { summary, quality, status };
}

describe('a required job that breaks a gate fails the run like a failed job', () => {
  const spec = (optional: boolean): RunSpec => ({
    jobs: [
      { id: 'good', metrics: { accuracy: 0.95 }, job: { gates: { accuracy: { min: 0.9 } } } },
      { id: 'bad', optional, metrics: { accuracy: 0.8 }, job: { gates: { accuracy: { min: 0.9 } } } },
    ],
  });

  test('required: failure, status kept succeeded, counted in gate_failed, annotated, gates_passed false', () => {
    const { summary, status } = runWith(spec(false), null);
    expect(status).toBe('failure');
    expect(summary.jobs.map((job) => [job.id, job.status, job.gates?.passed])).toEqual([
      ['good', 'succeeded', true],
      ['bad', 'succeeded', false],
    ]);
    expect(summary.counts).toMatchObject({ total: 2, succeeded: 2, gate_failed: 1, required_failed: 0 });
    expect(summary.gates).toEqual({ passed: false, broken: 1, regressed_jobs: [], improved_jobs: [] });
    expect(buildAnnotations(summary)).toEqual([
      { level: 'error', title: 'bad: gate accuracy', message: 'bad: accuracy 0.8 is below the minimum 0.9.' },
    ]);
    expect(buildRunOutputs(summary, 's.json').gates_passed).toBe('false');
    expect(summary.schema_version).toBe(SUMMARY_SCHEMA_VERSION);
    expectValid(summary);
  });

  test('optional: success, a warning, gates_passed true', () => {
    const { summary, status } = runWith(spec(true), null);
    expect(status).toBe('success');
    expect(summary.gates?.passed).toBe(true);
    expect(summary.counts.gate_failed).toBe(1);
    expect(buildAnnotations(summary)).toEqual([
      {
        level: 'warning',
        title: 'bad: gate accuracy',
        message: 'bad: accuracy 0.8 is below the minimum 0.9. (optional job)',
      },
    ]);
    expect(buildRunOutputs(summary, 's.json').gates_passed).toBe('true');
  });

  test('allow_partial_success: partial when another job passed its gates, failure when none did', () => {
    expect(runWith(spec(false), null, { allowPartialSuccess: true }).status).toBe('partial_success');
    const allBad: RunSpec = {
      jobs: [{ id: 'bad', metrics: { accuracy: 0.1 }, job: { gates: { accuracy: { min: 0.9 } } } }],
    };
    expect(runWith(allBad, null, { allowPartialSuccess: true }).status).toBe('failure');
  });

  test('a failed job is not gated (it failed already); a skipped job neither', () => {
    const { summary, quality } = runWith(
      {
        jobs: [
          { id: 'f', status: 'failed', job: { gates: { accuracy: { min: 0.9 } } } },
          { id: 's', status: 'skipped', job: { gates: { accuracy: { min: 0.9 } } } },
        ],
      },
      null,
    );
    expect(summary.jobs.map((job) => job.gates)).toEqual([undefined, undefined]);
    expect(quality.gateFailed).toEqual({ required: [], optional: [] });
    expect(summary.gates).toEqual({ passed: true, broken: 0, regressed_jobs: [], improved_jobs: [] });
  });

  test('no gates anywhere: no run-level gates field, gates_passed true', () => {
    const { summary } = runWith({ jobs: [{ id: 'a' }] }, null);
    expect(summary.gates).toBeUndefined();
    expect(summary.jobs[0].gates).toBeUndefined();
    expect(buildRunOutputs(summary, 's.json').gates_passed).toBe('true');
  });
});

describe('the comparison in the summary', () => {
  test('per job against the same id in the baseline; a new job has new metrics; regressed/improved lists', () => {
    const { summary } = runWith(
      {
        jobs: [
          { id: 'a', metrics: { accuracy: 0.8, loss: 0.3 } },
          { id: 'b', metrics: { accuracy: 0.95 } },
          { id: 'c', metrics: { accuracy: 0.5 } },
          { id: 'skipped', status: 'skipped' },
        ],
      },
      baselineOf({ a: { accuracy: 0.9, loss: 0.4 }, b: { accuracy: 0.9 }, gone: { accuracy: 1 } }),
    );
    const verdicts = Object.fromEntries(
      summary.jobs.map((job) => [
        job.id,
        job.comparison?.map((row) => `${row.metric}:${row.verdict}`) ?? null,
      ]),
    );
    expect(verdicts).toEqual({
      a: ['accuracy:regressed', 'loss:improved'],
      b: ['accuracy:improved'],
      c: ['accuracy:new'],
      skipped: null,
    });
    expect(summary.baseline).toEqual({
      path: 'summaries/old.json',
      started_at: '2026-11-01T00:00:00.000Z',
      commit: 'abc1234',
      run_url: 'https://github.com/o/r/actions/runs/1',
    });
    expect(buildRunOutputs(summary, 's.json')).toMatchObject({
      regressed_jobs: '["a"]',
      improved_jobs: '["b"]',
    });
    expectValid(summary);
  });

  test('no baseline: comparison null on every job, baseline null, a note for skipped regression gates', () => {
    const { summary } = runWith(
      {
        jobs: [
          { id: 'a', metrics: { accuracy: 0.9 }, job: { gates: { accuracy: { max_drop: 0.01, min: 0.5 } } } },
        ],
      },
      null,
    );
    expect(summary.baseline).toBeNull();
    expect(summary.jobs[0].comparison).toBeNull();
    expect(summary.jobs[0].gates).toEqual({ passed: true, broken: [] });
    expect(summary.warnings).toContain(
      '1 regression gate (max_drop, max_rise and their _relative forms) not checked: there is no baseline.',
    );
  });

  test('a regression gate against the baseline breaks, naming the baseline value', () => {
    const { summary, status } = runWith(
      { jobs: [{ id: 'a', metrics: { accuracy: 0.85 }, job: { gates: { accuracy: { max_drop: 0.01 } } } }] },
      baselineOf({ a: { accuracy: 0.9 } }),
    );
    expect(status).toBe('failure');
    expect(summary.jobs[0].gates?.broken).toEqual([
      expect.objectContaining({ rule: 'max_drop', value: 0.85, bound: 0.01, baseline: 0.9 }),
    ]);
  });

  test('provenance and params are in the summary', () => {
    const { summary } = runWith({ jobs: [{ id: 'a', job: { params: { epochs: 3, lr: '0.1' } } }] }, null);
    expect(summary.provenance).toEqual({
      commit: 'a'.repeat(40),
      ref: null,
      run_id: '42',
      run_url: 'https://github.com/o/r/actions/runs/42',
      repository: 'o/r',
      workflow: null,
      python: '/usr/bin/python3',
      python_version: '3.11.7',
    });
    expect(summary.jobs[0].params).toEqual({ epochs: 3, lr: '0.1' });
    expectValid(summary);
  });

  test('a metric value that spells a secret is masked in the comparison too', () => {
    const { summary } = runWith(
      { jobs: [{ id: 'a', metrics: { pin: 482913 } }] },
      baselineOf({ a: { pin: 1 } }),
      {
        secrets: ['482913'],
      },
    );
    expect(JSON.stringify(summary)).not.toContain('482913');
  });
});

describe('merging shard summaries keeps the version-2 fields', () => {
  test('jobs keep comparison and gates; a required gate failure fails the merged run; v1 shards merge too', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'to-quality-'));
    const one = runWith(
      {
        jobs: [{ id: 'a', metrics: { accuracy: 0.5 }, job: { gates: { accuracy: { min: 0.9 } } } }],
        shard: '1/2',
        settings: { shard: { index: 1, count: 2 } },
      },
      baselineOf({ a: { accuracy: 0.6 } }),
    ).summary;
    const two = runWith(
      { jobs: [{ id: 'b' }], shard: '2/2', settings: { shard: { index: 2, count: 2 } } },
      null,
    ).summary;
    // Shard 2 written by an older version: schema 1, no version-2 fields.
    const v1 = JSON.parse(JSON.stringify(two)) as Record<string, unknown>;
    v1.schema_version = 1;
    delete v1.provenance;
    delete v1.baseline;
    for (const job of v1.jobs as Record<string, unknown>[]) {
      delete job.params;
      delete job.comparison;
    }
    delete (v1.counts as Record<string, unknown>).gate_failed;
    expectValid(v1 as unknown as Summary);
    fs.writeFileSync(path.join(dir, 'training_summary_1.json'), JSON.stringify(one));
    fs.writeFileSync(path.join(dir, 'training_summary_2.json'), JSON.stringify(v1));

    const merged = await mergeSummaries({ directory: dir });
    expect(merged.problems).toEqual([]);
    expect(merged.summary.status).toBe('failure');
    expect(merged.summary.jobs[0]).toMatchObject({ id: 'a', gates: { passed: false } });
    expect(merged.summary.jobs[0].comparison?.[0]).toMatchObject({ verdict: 'regressed' });
    expect(merged.summary.gates).toEqual({
      passed: false,
      broken: 1,
      regressed_jobs: ['a'],
      improved_jobs: [],
    });
    expect(merged.summary.counts.gate_failed).toBe(1);
    expect(merged.summary.provenance).toEqual(one.provenance);
    expect(merged.summary.baseline).toEqual(one.baseline);
    expectValid(merged.summary);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('version-2 summaries are read like version-1 ones by history_file and rerun_failed_from', () => {
  test('durations and failed ids; a gate-broken job is not re-run (its script succeeded)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'to-quality-readers-'));
    const { summary } = runWith(
      {
        jobs: [
          { id: 'ok', duration: 3 },
          {
            id: 'gated',
            duration: 4,
            metrics: { accuracy: 0.1 },
            job: { gates: { accuracy: { min: 0.9 } } },
          },
          { id: 'broken', status: 'failed', duration: 5 },
        ],
      },
      baselineOf({ ok: { accuracy: 0.9 } }),
    );
    expect(summary.schema_version).toBe(2);
    const file = path.join(dir, 'training_summary_x.json');
    fs.writeFileSync(file, JSON.stringify(summary));
    expect(await readHistory(file)).toEqual(
      new Map([
        ['ok', 3],
        ['gated', 4],
        ['broken', 5],
      ]),
    );
    expect(await readFailedJobIds(file)).toEqual(new Set(['broken']));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
