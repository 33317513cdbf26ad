import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { findSummaryFiles, mergeSummaries } from '../../src/report/merge.js';
import { Redactor } from '../../src/report/redact.js';
import { redactSummary } from '../../src/report/redact-summary.js';
import type { Summary } from '../../src/report/summary.js';
import { makeSummary, T0, type JobSpec } from './fixtures.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ajv = new Ajv2020({ allErrors: true, strict: true });
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/);
const validate = ajv.compile(
  JSON.parse(fs.readFileSync(path.join(root, 'schemas/summary.schema.json'), 'utf8')),
);

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'to-merge-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A shard summary whose run started `start` s and lasted `duration` s after T0. */
function shard(
  label: string,
  jobs: JobSpec[],
  over: { start?: number; duration?: number; status?: Summary['status'] } = {},
): Summary {
  const summary = makeSummary({ jobs, shard: label, status: over.status, runDuration: over.duration ?? 60 });
  const shift = (over.start ?? 0) * 1000;
  summary.started_at = new Date(T0 + shift).toISOString();
  summary.finished_at = new Date(T0 + shift + (over.duration ?? 60) * 1000).toISOString();
  return summary;
}

/** Writes a summary the way download-artifact lays out several artifacts: one folder per artifact. */
function put(summary: Summary, artifact: string, name = 'training_summary_20261128T221000Z.json'): string {
  const file = path.join(dir, artifact, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(summary, null, 2));
  return file;
}

const ok = (id: string, extra: Partial<JobSpec> = {}): JobSpec => ({ id, status: 'succeeded', ...extra });

describe('mergeSummaries', () => {
  test('three shards: every job once with its shard, counts recomputed, earliest start, latest end', async () => {
    put(shard('1/3', [ok('a'), ok('d')], { start: 5, duration: 100 }), 'training-summary-shard-1-of-3');
    put(shard('2/3', [ok('b')], { start: 0, duration: 30 }), 'training-summary-shard-2-of-3');
    put(
      shard('3/3', [ok('c'), { id: 'e', status: 'failed', optional: true }], { start: 2, duration: 200 }),
      'training-summary-shard-3-of-3',
    );

    const { summary, missingShards, problems, shards } = await mergeSummaries({ directory: dir });
    expect(problems).toEqual([]);
    expect(missingShards).toEqual([]);
    expect(shards.map((s) => s.shard)).toEqual(['1/3', '2/3', '3/3']);
    expect(summary.jobs.map((job) => [job.id, job.shard])).toEqual([
      ['a', '1/3'],
      ['d', '1/3'],
      ['b', '2/3'],
      ['c', '3/3'],
      ['e', '3/3'],
    ]);
    expect(summary.status).toBe('success');
    expect(summary.shard).toBeNull();
    expect(summary.counts).toMatchObject({
      total: 5,
      succeeded: 4,
      failed: 1,
      optional_failed: 1,
      required_failed: 0,
    });
    expect(summary.started_at).toBe(new Date(T0).toISOString());
    expect(summary.finished_at).toBe(new Date(T0 + 202_000).toISOString());
    expect(summary.duration_seconds).toBe(202);
    expect(summary.options.shard).toBeNull();
    expect(validate(summary)).toBe(true);
  });

  test.each<[string, Array<[string, JobSpec[], Summary['status']?]>, Summary['status'], RegExp | undefined]>([
    [
      'a required failure in one shard fails the run',
      [
        ['1/2', [ok('a')]],
        ['2/2', [{ id: 'b', status: 'failed' }], 'failure'],
      ],
      'failure',
      undefined,
    ],
    [
      'a timed-out required job fails the run',
      [
        ['1/2', [ok('a')]],
        ['2/2', [{ id: 'b', status: 'timed_out' }], 'failure'],
      ],
      'failure',
      undefined,
    ],
    [
      'optional failures do not',
      [
        ['1/2', [ok('a')]],
        ['2/2', [{ id: 'b', status: 'failed', optional: true }]],
      ],
      'success',
      undefined,
    ],
    [
      'a cancelled shard cancels the run',
      [
        ['1/2', [ok('a')]],
        ['2/2', [{ id: 'b', status: 'skipped' }], 'cancelled'],
      ],
      'cancelled',
      undefined,
    ],
    [
      'a cancelled shard wins over a missing one',
      [
        ['1/3', [ok('a')], 'cancelled'],
        ['2/3', [ok('b')]],
      ],
      'cancelled',
      /Shard 3\/3 has no summary/,
    ],
    [
      'a missing shard fails the run, with a clear message',
      [
        ['1/3', [ok('a')]],
        ['3/3', [ok('c')]],
      ],
      'failure',
      /Shard 2\/3 has no summary in .*: its job failed before writing one/,
    ],
  ])('%s', async (_name, shards, status, problem) => {
    shards.forEach(([label, jobs, shardStatus], i) =>
      put(shard(label, jobs, { status: shardStatus }), `artifact-${i}`),
    );
    const merged = await mergeSummaries({ directory: dir });
    expect(merged.summary.status).toBe(status);
    if (problem) expect(merged.problems.join('\n')).toMatch(problem);
    else expect(merged.problems).toEqual([]);
    expect(validate(merged.summary)).toBe(true);
  });

  test('partial success: allowed when every shard allowed it, or when the merge says so', async () => {
    const allowing = (label: string, jobs: JobSpec[]) => {
      const summary = shard(label, jobs);
      summary.options.allow_partial_success = true;
      return summary;
    };
    put(allowing('1/2', [ok('a')]), 'x');
    put(allowing('2/2', [{ id: 'b', status: 'failed' }]), 'y');
    expect((await mergeSummaries({ directory: dir })).summary.status).toBe('partial_success');
    expect((await mergeSummaries({ directory: dir }, { allowPartialSuccess: false })).summary.status).toBe(
      'failure',
    );
  });

  test('the expected shard count names every missing shard, even when none sent a summary', async () => {
    put(shard('1/2', [ok('a')]), 'x');
    put(shard('2/2', [ok('b')]), 'y');
    expect((await mergeSummaries({ directory: dir }, { expectedShards: 2 })).missingShards).toEqual([]);
    const empty = fs.mkdtempSync(path.join(dir, 'empty-'));
    const none = await mergeSummaries({ directory: empty }, { expectedShards: 2 });
    expect(none.missingShards).toEqual(['1/2', '2/2']);
    expect(none.summary.status).toBe('failure');
    // Summaries of another plan are not counted as the expected shards.
    const other = await mergeSummaries({ directory: dir }, { expectedShards: 3 });
    expect(other.missingShards).toEqual(['1/3', '2/3', '3/3']);
    expect(other.notes).toHaveLength(2);
  });

  test('a job in two shards is a problem; the first shard’s entry is kept', async () => {
    put(shard('1/2', [ok('a'), ok('b')]), 'x');
    put(shard('2/2', [{ id: 'b', status: 'failed' }]), 'y');
    const merged = await mergeSummaries({ directory: dir });
    expect(merged.problems).toEqual([expect.stringMatching(/Job 'b' is in shard 1\/2 and in shard 2\/2/)]);
    expect(merged.summary.jobs.map((job) => [job.id, job.status])).toEqual([
      ['a', 'succeeded'],
      ['b', 'succeeded'],
    ]);
    expect(merged.summary.status).toBe('failure');
    expect(merged.summary.warnings).toEqual(expect.arrayContaining(merged.problems));
  });

  test('nothing to merge: a failure that says where it looked', async () => {
    const merged = await mergeSummaries({ directory: dir });
    expect(merged.summary.status).toBe('failure');
    expect(merged.summary.jobs).toEqual([]);
    expect(merged.problems).toEqual([expect.stringContaining(`No shard summary`)]);
    expect(validate(merged.summary)).toBe(true);
  });

  test('a shard summary with hostile metrics (any depth, NaN, __proto__) merges, bounded; redaction cannot overflow', async () => {
    const text = JSON.stringify(shard('1/1', [ok('a', { metrics: { accuracy: 0.9 } })]), null, 2);
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const hostile = text.replace(
      '"accuracy": 0.9',
      `"accuracy": 0.9, "deep": ${deep}, "loss": NaN, "__proto__": {"polluted": true}`,
    );
    expect(hostile).not.toBe(text);
    put(JSON.parse(text) as Summary, 'x', 'training_summary_20261128T221000Z.json');
    fs.writeFileSync(path.join(dir, 'x', 'training_summary_20261128T221000Z.json'), hostile);
    const merged = await mergeSummaries({ directory: dir });
    expect(merged.problems).toEqual([]);
    const metrics = merged.summary.jobs[0].metrics as Record<string, unknown>;
    expect(metrics.loss).toBe('NaN');
    expect(Object.getOwnPropertyDescriptor(metrics, '__proto__')?.value).toEqual({ polluted: true });
    expect(JSON.stringify(metrics.deep)).toContain('[dropped: nested deeper than 32 levels]');
    const redacted = redactSummary(merged.summary, new Redactor(['secret-value']));
    expect(validate(JSON.parse(JSON.stringify(redacted)))).toBe(true);
  });

  test('unreadable or foreign summaries are problems; other JSON files are not read', async () => {
    put(shard('1/1', [ok('a')]), 'x');
    fs.writeFileSync(path.join(dir, 'x', 'training_summary_broken.json'), '{"schema_version": 1,');
    fs.writeFileSync(
      path.join(dir, 'x', 'training_summary_other.json'),
      JSON.stringify({ schema_version: 3 }),
    );
    fs.writeFileSync(path.join(dir, 'x', 'metrics.json'), 'not json at all');
    const merged = await mergeSummaries({ directory: dir });
    expect(merged.problems).toEqual([
      expect.stringMatching(/^Cannot read .*training_summary_broken\.json/),
      expect.stringMatching(
        /training_summary_other\.json is not a training summary: schema_version is 3, not one of 1, 2/,
      ),
    ]);
    expect(merged.summary.jobs.map((job) => job.id)).toEqual(['a']);
    expect(merged.summary.status).toBe('failure');
  });

  test('stale files are left out with a note: no shard, another plan, an older run of the same shard', async () => {
    put(shard('1/2', [ok('a')], { start: 100 }), 'x');
    put(shard('2/2', [ok('b')], { start: 100 }), 'y');
    put(makeSummary({ jobs: [ok('old')] }), 'y', 'training_summary_20250101T000000Z.json');
    put(shard('1/3', [ok('old3')], { start: 0 }), 'y', 'training_summary_20250102T000000Z.json');
    put(
      shard('2/2', [{ id: 'b', status: 'failed' }], { start: 0 }),
      'x',
      'training_summary_20250103T000000Z.json',
    );
    const merged = await mergeSummaries({ directory: dir });
    expect(merged.problems).toEqual([]);
    expect(merged.notes).toHaveLength(3);
    expect(merged.notes.join('\n')).toMatch(/not a shard's summary/);
    expect(merged.notes.join('\n')).toMatch(/from a plan of 3 shards, not 2/);
    expect(merged.notes.join('\n')).toMatch(/shard 2\/2 has a later summary/);
    expect(merged.summary.jobs.map((job) => [job.id, job.status])).toEqual([
      ['a', 'succeeded'],
      ['b', 'succeeded'],
    ]);
    expect(merged.summary.status).toBe('success');
  });

  test('options are the first shard’s, with the union of `only` and no shard', async () => {
    const first = shard('1/2', [ok('a')]);
    first.options.only = ['a'];
    first.options.shard = '1/2';
    const second = shard('2/2', [ok('b')]);
    second.options.only = ['b'];
    const merged = await mergeSummaries({ files: [put(first, 'x'), put(second, 'y')] });
    expect(merged.summary.options.only).toEqual(['a', 'b']);
    expect(merged.summary.options.shard).toBeNull();
  });

  test('warnings of the shards appear once', async () => {
    const a = shard('1/2', [ok('a')]);
    a.warnings = ["exclude 'x' matches no job"];
    const b = shard('2/2', [ok('b')]);
    b.warnings = ["exclude 'x' matches no job"];
    put(a, 'x');
    put(b, 'y');
    expect((await mergeSummaries({ directory: dir })).summary.warnings).toEqual([
      "exclude 'x' matches no job",
    ]);
  });

  test('a shard’s own faults (errors) are kept, named by shard, and fail the merged run', async () => {
    const a = shard('1/2', [ok('a')], { status: 'failure' });
    a.errors = ['Could not write the summary: ENOSPC'];
    const b = shard('2/2', [ok('b')]);
    put(a, 'x');
    put(b, 'y');
    const { summary } = await mergeSummaries({ directory: dir });
    expect(summary.errors).toEqual(['Shard 1/2: Could not write the summary: ENOSPC']);
    expect(summary.status).toBe('failure');
    // Without faults the merged summary has no `errors` at all, as a single run's.
    delete a.errors;
    put(a, 'x');
    const clean = (await mergeSummaries({ directory: dir })).summary;
    expect(clean.errors).toBeUndefined();
    expect(clean.status).toBe('success');
  });
});

describe('findSummaryFiles', () => {
  test('finds summaries at any depth, sorted, and does not follow links', async () => {
    const a = put(shard('1/1', [ok('a')]), 'deep/er/x');
    const b = put(shard('1/1', [ok('a')]), 'y');
    fs.symlinkSync(path.join(dir, 'y'), path.join(dir, 'link'));
    expect(await findSummaryFiles(dir)).toEqual([a, b].sort());
  });
});
