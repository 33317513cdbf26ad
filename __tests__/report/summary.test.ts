import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import {
  GENERATOR,
  SUMMARY_SCHEMA_VERSION,
  SUMMARY_TAIL_LINES,
  buildSummary,
  countJobs,
  summaryFileName,
  writeSummary,
  type Summary,
  type SummaryCounts,
} from '../../src/report/summary.js';
import { Redactor } from '../../src/report/redact.js';
import type { JobStatus } from '../../src/model/types.js';
import {
  T0,
  makeJob,
  makePlan,
  makeResult,
  makeRun,
  makeSettings,
  makeSummary,
  manyJobs,
  type RunSpec,
} from './fixtures.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const schema = JSON.parse(fs.readFileSync(path.join(root, 'schemas/summary.schema.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true });
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/);
const validate = ajv.compile(schema);

function expectValid(summary: Summary): void {
  // Through JSON, as a reader of the file sees it (undefined fields disappear).
  const valid = validate(JSON.parse(JSON.stringify(summary)));
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

describe('counts', () => {
  type Row = [string, [JobStatus, boolean][], Partial<SummaryCounts>];
  const rows: Row[] = [
    ['nothing', [], { total: 0 }],
    ['one success', [['succeeded', false]], { total: 1, succeeded: 1 }],
    [
      'every status, required',
      [
        ['succeeded', false],
        ['failed', false],
        ['timed_out', false],
        ['cancelled', false],
        ['skipped', false],
      ],
      { total: 5, succeeded: 1, failed: 1, timed_out: 1, cancelled: 1, skipped: 1, required_failed: 3 },
    ],
    [
      'every status, optional',
      [
        ['succeeded', true],
        ['failed', true],
        ['timed_out', true],
        ['cancelled', true],
        ['skipped', true],
      ],
      { total: 5, succeeded: 1, failed: 1, timed_out: 1, cancelled: 1, skipped: 1, optional_failed: 3 },
    ],
    [
      'failed counts both optional and required',
      [
        ['failed', true],
        ['failed', false],
        ['failed', false],
      ],
      { total: 3, failed: 3, optional_failed: 1, required_failed: 2 },
    ],
  ];
  const zero: SummaryCounts = {
    total: 0,
    succeeded: 0,
    failed: 0,
    optional_failed: 0,
    required_failed: 0,
    timed_out: 0,
    cancelled: 0,
    skipped: 0,
    gate_failed: 0,
  };

  test.each(rows)('%s', (_name, jobs, expected) => {
    const spec: RunSpec = { jobs: jobs.map(([status, optional], i) => ({ id: `j${i}`, status, optional })) };
    const summary = makeSummary(spec);
    expect(summary.counts).toEqual({ ...zero, ...expected });
    expect(countJobs(summary.jobs)).toEqual(summary.counts);
    const c = summary.counts;
    expect(c.succeeded + c.failed + c.timed_out + c.cancelled + c.skipped).toBe(c.total);
    expect(c.optional_failed + c.required_failed).toBe(c.failed + c.timed_out + c.cancelled);
  });
});

describe('buildSummary', () => {
  test('has the fields issue 3 lists, with the run times and versions', () => {
    const summary = makeSummary({
      jobs: [
        { id: 'als', status: 'succeeded', duration: 12.4, metrics: { accuracy: 0.9 } },
        { id: 'diabetes', status: 'failed', attempts: 2, exitCode: 3, start: 13 },
      ],
      status: 'failure',
      runDuration: 61.25,
    });
    expect(summary).toMatchObject({
      schema_version: SUMMARY_SCHEMA_VERSION,
      generator: GENERATOR,
      status: 'failure',
      started_at: '2026-11-28T22:10:00.000Z',
      finished_at: '2026-11-28T22:11:01.250Z',
      duration_seconds: 61.25,
      shard: null,
    });
    expect(summary.jobs.map((j) => j.id)).toEqual(['als', 'diabetes']);
    const [als, diabetes] = summary.jobs;
    expect(als).toMatchObject({
      id: 'als',
      script: 'training/train_als.py',
      command: ['/usr/bin/python3', 'training/train_als.py', '--output-dir', 'results/als_results'],
      optional: false,
      status: 'succeeded',
      attempts: 1,
      exit_code: 0,
      signal: null,
      started_at: '2026-11-28T22:10:00.000Z',
      finished_at: '2026-11-28T22:10:12.400Z',
      duration_seconds: 12.4,
      log_path: 'logs/als.log',
      output_dir: 'results/als_results',
      metrics: { accuracy: 0.9 },
    });
    expect(als.tail).toBeUndefined();
    expect(diabetes).toMatchObject({ status: 'failed', attempts: 2, exit_code: 3 });
    expect(diabetes.attempt_details.map((a) => a.attempt)).toEqual([1, 2]);
    expect(diabetes.tail).toEqual(['Traceback (most recent call last):', 'ValueError: boom']);
    expectValid(summary);
  });

  test.each<[string, RunSpec]>([
    ['a successful run', { jobs: manyJobs(3, { status: 'succeeded' }) }],
    [
      'every status',
      {
        jobs: [
          { id: 'a', status: 'succeeded' },
          { id: 'b', status: 'failed', attempts: 3 },
          { id: 'c', status: 'timed_out', timeoutMinutes: 30 },
          { id: 'd', status: 'cancelled', signal: 'SIGTERM', exitCode: null },
          { id: 'e', status: 'skipped' },
          { id: 'f', noResult: true },
          { id: 'g', status: 'failed', optional: true, signal: 'SIGKILL', exitCode: null },
        ],
        status: 'cancelled',
      },
    ],
    [
      'a shard with every setting given',
      {
        jobs: [
          {
            id: 'sweep.lr-0.1',
            job: { baseId: 'sweep', runsOn: ['self-hosted', 'gpu'], script: undefined, source: 'config' },
          },
        ],
        settings: {
          epochs: 3,
          folds: 5,
          only: ['sweep'],
          exclude: ['x'],
          parallel: true,
          maxWorkers: 4,
          retries: 2,
          config: '.github/training-jobs.yml',
          extraArgs: ['--batch-size=32'],
          discoverRoots: ['training'],
          historyFile: 'prev.json',
          rerunFailedFrom: 'prev.json',
          shard: { index: 2, count: 4 },
          timeoutMinutes: 30,
          jobEnv: { KAGGLE_USERNAME: 'someone' },
        },
      },
    ],
    [
      'nested metrics',
      { jobs: [{ id: 'm', metrics: { test: { auc: 0.8, curve: [1, 2] }, main_metric: 'test.auc' } }] },
    ],
  ])('matches the schema: %s', (_name, spec) => {
    expectValid(makeSummary(spec));
  });

  test('the schema rejects what it should (the test can fail)', () => {
    const summary = JSON.parse(JSON.stringify(makeSummary({ jobs: [{ id: 'a' }] })));
    expect(validate({ ...summary, status: 'ok' })).toBe(false);
    expect(validate({ ...summary, counts: { ...summary.counts, extra: 1 } })).toBe(false);
    expect(validate({ ...summary, jobs: [{ ...summary.jobs[0], exit_code: 'zero' }] })).toBe(false);
    expect(validate({ ...summary, options: { ...summary.options, secrets: ['x'] } })).toBe(false);
  });

  test('learning curves: carried from the result, described by the schema (optional, null when none)', () => {
    const { settings, plan, results } = makeRun({ jobs: [{ id: 'a' }, { id: 'b' }] });
    results[0].curves = [
      {
        file: 'results/a_results/metrics/history.csv',
        x: 'epoch',
        points: 2,
        series: {
          loss: [
            [1, 0.5],
            [2, 0.25],
          ],
        },
      },
    ];
    const summary = buildSummary({
      settings,
      plan,
      results,
      startedAt: new Date(T0),
      finishedAt: new Date(T0 + 1000),
      status: 'success',
      redactor: new Redactor([]),
    });
    expect(summary.jobs.map((job) => job.curves)).toEqual([results[0].curves, null]);
    expectValid(summary);
    const json = JSON.parse(JSON.stringify(summary));
    const bad = (curves: unknown) => ({ ...json, jobs: [{ ...json.jobs[0], curves }] });
    expect(validate(bad([{ file: 'f', x: 'time', points: 1, series: {} }]))).toBe(false);
    expect(validate(bad([{ file: 'f', x: 'epoch', points: 1, series: { loss: [[1, 'a']] } }]))).toBe(false);
    const { curves: _dropped, ...v1Job } = json.jobs[0];
    expect(validate({ ...json, jobs: [v1Job] })).toBe(true);
  });

  test('shard comes from the input, else from the settings', () => {
    expect(makeSummary({ jobs: [], shard: '1/3' }).shard).toBe('1/3');
    expect(makeSummary({ jobs: [], settings: { shard: { index: 2, count: 5 } } }).shard).toBe('2/5');
  });

  test('a planned job without a result is skipped; an unplanned result is kept at the end', () => {
    const settings = makeSettings();
    const summary = buildSummary({
      settings,
      plan: makePlan([makeJob('a'), makeJob('b')]),
      results: [makeResult('ghost', { status: 'failed' }), makeResult('a')],
      startedAt: new Date(T0),
      finishedAt: new Date(T0 + 1000),
      status: 'failure',
      redactor: new Redactor([]),
    });
    expect(summary.jobs.map((j) => [j.id, j.status])).toEqual([
      ['a', 'succeeded'],
      ['b', 'skipped'],
      ['ghost', 'failed'],
    ]);
    expect(summary.jobs[1]).toMatchObject({
      attempts: 0,
      started_at: null,
      finished_at: null,
      exit_code: null,
    });
    expect(summary.jobs[2]).toMatchObject({ script: null, optional: false, command: [] });
    expectValid(summary);
  });

  test('the tail is kept for failures only, at most SUMMARY_TAIL_LINES lines, terminal codes removed', () => {
    const long = Array.from({ length: 200 }, (_, i) => `\u001b[31mline ${i}\u001b[0m`);
    const summary = makeSummary({
      jobs: [
        { id: 'ok', status: 'succeeded', tail: long },
        { id: 'bad', status: 'failed', tail: long },
      ],
    });
    expect(summary.jobs[0].tail).toBeUndefined();
    expect(summary.jobs[1].tail).toHaveLength(SUMMARY_TAIL_LINES);
    expect(summary.jobs[1].tail?.at(-1)).toBe('line 199');
  });

  test('options: snake_case effective settings, secrets left out, job_env values masked', () => {
    const summary = makeSummary({
      jobs: [],
      settings: {
        secrets: ['abcdefgh'],
        jobEnv: { KAGGLE_USERNAME: 'me', KAGGLE_KEY: 'abcdefgh' },
        maxWorkers: 3,
      },
    });
    expect(summary.options).not.toHaveProperty('secrets');
    expect(summary.options.job_env).toEqual({ KAGGLE_USERNAME: '***', KAGGLE_KEY: '***' });
    expect(summary.options.max_workers).toBe(3);
    expect(summary.options.epochs).toBeNull();
    // Every Settings field but `secrets` is there (the schema requires each by name).
    expect(Object.keys(summary.options)).toHaveLength(Object.keys(makeSettings()).length - 1);
  });

  test('no secret anywhere: argv, env, tail, metrics (keys, strings, numbers), warnings, options', () => {
    const secrets = ['kaggle-key-0123456789', 'hunter2hunter2', '987654321', 'line one\nline-two-secret'];
    const { settings, plan, results } = makeRun({
      settings: {
        secrets,
        extraArgs: ['--token=kaggle-key-0123456789'],
        jobEnv: { KAGGLE_KEY: 'kaggle-key-0123456789', OTHER: 'visible-but-masked' },
        config: 'cfg-hunter2hunter2.yml',
      },
      jobs: [
        {
          id: 'leaky',
          status: 'failed',
          tail: ['KAGGLE_KEY=kaggle-key-0123456789', 'pw: "hunter2hunter2"', 'line-two-secret'],
          metrics: {
            token: 'kaggle-key-0123456789',
            hunter2hunter2: 1,
            pin: 987654321,
            nested: { list: ['x hunter2hunter2 y', 987654321] },
          },
          job: {
            command: [
              '/usr/bin/python3',
              'train.py',
              '--api-key',
              'kaggle-key-0123456789',
              '--pw=hunter2hunter2',
            ],
          },
        },
      ],
    });
    plan.warnings.push('job id collision near kaggle-key-0123456789');
    const summary = buildSummary({
      settings,
      plan,
      results,
      startedAt: new Date(T0),
      finishedAt: new Date(T0 + 1000),
      status: 'failure',
      redactor: new Redactor(secrets),
    });
    const text = JSON.stringify(summary);
    for (const secret of ['kaggle-key-0123456789', 'hunter2hunter2', '987654321', 'line-two-secret'])
      expect(text).not.toContain(secret);
    expect(summary.jobs[0].command).toEqual(['/usr/bin/python3', 'train.py', '--api-key', '***', '--pw=***']);
    expect(summary.jobs[0].metrics).toMatchObject({ token: '***', '***': 1, pin: '***' });
    expect(summary.options.extra_args).toEqual(['--token=***']);
    expect(summary.options.config).toBe('cfg-***.yml');
    expectValid(summary);
  });
});

describe('summaryFileName', () => {
  test.each([
    ['2026-11-28T22:10:00.000Z', 'training_summary_20261128T221000Z.json'],
    ['2026-01-02T03:04:05.678Z', 'training_summary_20260102T030405Z.json'],
    ['1999-12-31T23:59:59.999Z', 'training_summary_19991231T235959Z.json'],
  ])('%s → %s', (iso, name) => {
    expect(summaryFileName(new Date(iso))).toBe(name);
    expect(name).not.toContain(':');
  });

  test('an invalid date is a fault, not a file named NaN', () => {
    expect(() => summaryFileName(new Date('nope'))).toThrow(RangeError);
  });
});

describe('writeSummary', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'to-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('creates the folder, writes the JSON and returns the absolute path', async () => {
    const summary = makeSummary({ jobs: [{ id: 'a' }] });
    const at = new Date(T0);
    const relative = path.relative(process.cwd(), path.join(dir, 'deep', 'summaries'));
    const written = await writeSummary(summary, relative, at);
    expect(written).toBe(path.join(dir, 'deep', 'summaries', 'training_summary_20261128T221000Z.json'));
    expect(path.isAbsolute(written)).toBe(true);
    expect(JSON.parse(fs.readFileSync(written, 'utf8'))).toEqual(JSON.parse(JSON.stringify(summary)));
    expect(fs.readdirSync(path.dirname(written))).toEqual([path.basename(written)]);
  });

  test('never overwrites: a taken name gets -1, -2', async () => {
    const at = new Date(T0);
    const first = await writeSummary(makeSummary({ jobs: [{ id: 'first' }] }), dir, at);
    const second = await writeSummary(makeSummary({ jobs: [{ id: 'second' }] }), dir, at);
    const third = await writeSummary(makeSummary({ jobs: [{ id: 'third' }] }), dir, at);
    expect([first, second, third].map((p) => path.basename(p))).toEqual([
      'training_summary_20261128T221000Z.json',
      'training_summary_20261128T221000Z-1.json',
      'training_summary_20261128T221000Z-2.json',
    ]);
    expect(JSON.parse(fs.readFileSync(first, 'utf8')).jobs[0].id).toBe('first');
    expect(JSON.parse(fs.readFileSync(third, 'utf8')).jobs[0].id).toBe('third');
    expect(fs.readdirSync(dir).sort()).toHaveLength(3);
  });

  test('concurrent writers with the same timestamp get distinct files', async () => {
    const at = new Date(T0);
    const paths = await Promise.all(
      Array.from({ length: 5 }, (_, i) => writeSummary(makeSummary({ jobs: [{ id: `w${i}` }] }), dir, at)),
    );
    expect(new Set(paths).size).toBe(5);
    const ids = paths.map((p) => JSON.parse(fs.readFileSync(p, 'utf8')).jobs[0].id).sort();
    expect(ids).toEqual(['w0', 'w1', 'w2', 'w3', 'w4']);
  });
});

test('GENERATOR.version follows package.json', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  expect(GENERATOR).toEqual({ name: pkg.name, version: pkg.version });
});
