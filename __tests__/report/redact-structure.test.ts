import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { runOutputs } from '../../src/action/outputs.js';
import { mergeSummaries } from '../../src/report/merge.js';
import { MASK, Redactor } from '../../src/report/redact.js';
import { buildSummary, summaryFileName, writeSummary, type Summary } from '../../src/report/summary.js';
import { makeRun, T0 } from './fixtures.js';

/**
 * Redaction versus structure (issue 10): a secret that happens to be a common word or a single character
 * masks what jobs and users wrote, and never changes what the orchestrator built: keys, status words, ids,
 * paths, the summary's file name, the outputs, or whether `merge` accepts a shard's summary.
 */

/** Words and characters that appear in the orchestrator's own vocabulary, plus random short strings. */
const secretArb = fc.oneof(
  fc.constantFrom(
    'mary',
    'job',
    'jobs',
    'id',
    'status',
    'success',
    'succeeded',
    'failed',
    'summary',
    'training',
    'train',
    'json',
    'log',
    'logs',
    'results',
    'metrics',
    'shard',
    'true',
    'null',
    '1',
    '0',
    '2026',
    'a',
    's',
    '-',
    '_',
    '.',
    '/',
    ':',
    '"',
    '{',
    '\\',
    'T',
    'Z',
  ),
  fc.string({ minLength: 1, maxLength: 4 }).filter((value) => value.trim() !== ''),
);

function run(secrets: string[], shard?: string): Summary {
  const { settings, plan, results } = makeRun({
    settings: { secrets, extraArgs: ['--user', 'mary'], shard: shard ? { index: 1, count: 2 } : undefined },
    jobs: [
      { id: 'alpha', metrics: { accuracy: 0.91, 'loss/mary': 0.1, nested: { status: 'ok' } } },
      { id: 'summary', status: 'failed', tail: ['Traceback: mary said no', 'job failed'] },
      { id: 'mary_model', optional: true, status: 'timed_out' },
    ],
  });
  plan.warnings.push("Job id 'summary' is taken by training/train_summary.py");
  return buildSummary({
    settings,
    plan,
    results,
    startedAt: new Date(T0),
    finishedAt: new Date(T0 + 60_000),
    status: 'failure',
    redactor: new Redactor(secrets),
    shard,
  });
}

/** Every key path of a JSON value, except inside the free-form maps a job writes (metrics). */
function keyPaths(value: unknown, at = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => keyPaths(item, `${at}[${index}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) =>
    key === 'metrics' ? [`${at}.${key}`] : [`${at}.${key}`, ...keyPaths(item, `${at}.${key}`)],
  );
}

/** Every key and string inside a JSON value, and every number's text. */
function texts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (Array.isArray(value)) return value.flatMap(texts);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => [key, ...texts(item)]);
}

/** The fields the orchestrator built: they must not change, whatever the secret. */
function structure(summary: Summary): unknown {
  return {
    top: [summary.schema_version, summary.generator, summary.status, summary.started_at, summary.finished_at],
    counts: summary.counts,
    shard: summary.shard,
    options: [
      summary.options.max_workers,
      summary.options.parallel,
      summary.options.job_env,
      summary.options.shard,
    ],
    jobs: summary.jobs.map((job) => [
      job.id,
      job.base_id,
      job.script,
      job.source,
      job.status,
      job.optional,
      job.attempts,
      job.attempt_details,
      job.exit_code,
      job.started_at,
      job.finished_at,
      job.duration_seconds,
      job.log_path,
      job.output_dir,
      job.output_bytes,
    ]),
  };
}

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

test('property: a secret never changes a key, a status, an id, a path or a count the orchestrator built', () => {
  const clean = run([]);
  fc.assert(
    fc.property(fc.array(secretArb, { minLength: 1, maxLength: 3 }), (secrets) => {
      const masked = run(secrets);
      expect(keyPaths(masked)).toEqual(keyPaths(clean));
      expect(structure(masked)).toEqual(structure(clean));
      // What jobs and users wrote is masked: no secret is left there outside the masks.
      const written = [
        ...masked.jobs.flatMap((job) => [...job.command, ...(job.tail ?? []), ...texts(job.metrics)]),
        ...masked.options.extra_args,
        ...masked.warnings,
      ];
      for (const text of written)
        for (const secret of secrets) expect(text.split(MASK).join('\u0000')).not.toContain(secret);
    }),
    { numRuns: 150 },
  );
});

test('property: the summary file keeps its name, summary_path its value, and the outputs their shape', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'to-redact-structure-'));
  tempDirs.push(dir);
  const { plan } = makeRun({ jobs: [{ id: 'alpha' }, { id: 'summary' }, { id: 'mary_model' }] });
  let n = 0;
  await fc.assert(
    fc.asyncProperty(secretArb, async (secret) => {
      const summary = run([secret]);
      const folder = path.join(dir, `run-${(n += 1)}`);
      const at = new Date(T0);
      const file = await writeSummary(summary, folder, at);
      expect(path.basename(file)).toBe(summaryFileName(at));
      expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(summary);
      const outputs = runOutputs(plan, summary, file, new Redactor([secret]));
      const clean = runOutputs(plan, run([]), file, new Redactor([]));
      for (const name of ['status', 'summary_path', 'succeeded', 'failed', 'failed_jobs'] as const)
        expect(outputs[name]).toBe(clean[name]);
      expect((JSON.parse(outputs.jobs ?? '[]') as Array<{ id: string }>).map((job) => job.id)).toEqual([
        'alpha',
        'summary',
        'mary_model',
      ]);
    }),
    { numRuns: 60 },
  );
});

test('property: merge accepts shard summaries written under any secret', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'to-redact-merge-'));
  tempDirs.push(dir);
  let n = 0;
  await fc.assert(
    fc.asyncProperty(secretArb, async (secret) => {
      const folder = path.join(dir, `merge-${(n += 1)}`);
      const first = run([secret], '1/2');
      const second = { ...run([secret], '2/2'), shard: '2/2' };
      second.jobs = second.jobs.map((job) => ({
        ...job,
        id: `${job.id}-b`,
        log_path: `logs/${job.id}-b.log`,
      }));
      await writeSummary(first, path.join(folder, 'shard-1'), new Date(T0));
      await writeSummary(second, path.join(folder, 'shard-2'), new Date(T0 + 1000));
      const merged = await mergeSummaries({ directory: folder }, { expectedShards: 2 });
      expect(merged.problems).toEqual([]);
      expect(merged.summary.jobs.map((job) => job.id)).toEqual([
        'alpha',
        'summary',
        'mary_model',
        'alpha-b',
        'summary-b',
        'mary_model-b',
      ]);
      expect(merged.summary.counts.total).toBe(6);
    }),
    { numRuns: 40 },
  );
});
