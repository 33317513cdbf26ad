import fs from 'node:fs';
import path from 'node:path';
import { filterJobs, readFailedJobIds, type FilterOptions } from '../../src/plan/filter.js';
import { readHistory } from '../../src/plan/history.js';
import { inputError, syncInputError, tempDir } from './helpers.js';

const job = (id: string, baseId?: string) => ({ id, baseId });
const JOBS = [
  job('als'),
  job('diabetes'),
  job('sweep.lr-1', 'sweep'),
  job('sweep.lr-2', 'sweep'),
  job('brain_mri'),
];
const EMPTY = { where: 'discover_roots', message: 'No jobs to run: nothing found.' };
const options = (over: Partial<FilterOptions>): FilterOptions => ({
  only: [],
  exclude: [],
  emptyReason: EMPTY,
  ...over,
});
const select = (over: Partial<FilterOptions>): string[] =>
  filterJobs(JOBS, options(over)).jobs.map((entry) => entry.id);

describe('filterJobs', () => {
  test.each<[Partial<FilterOptions>, string[]]>([
    [{}, ['als', 'diabetes', 'sweep.lr-1', 'sweep.lr-2', 'brain_mri']],
    [{ only: ['brain_mri', 'als'] }, ['als', 'brain_mri']],
    [{ only: ['sweep'] }, ['sweep.lr-1', 'sweep.lr-2']],
    [{ only: ['sweep.lr-2'] }, ['sweep.lr-2']],
    [{ exclude: ['diabetes'] }, ['als', 'sweep.lr-1', 'sweep.lr-2', 'brain_mri']],
    [{ exclude: ['sweep'] }, ['als', 'diabetes', 'brain_mri']],
    [{ exclude: ['sweep.lr-1'] }, ['als', 'diabetes', 'sweep.lr-2', 'brain_mri']],
    [{ only: ['sweep', 'als'], exclude: ['sweep.lr-1'] }, ['als', 'sweep.lr-2']],
  ])('%p selects %p (plan order kept)', (over, expected) => {
    expect(select(over)).toEqual(expected);
  });

  test('an unknown id in only is an InputError listing the known ids', () => {
    const error = syncInputError(() => select({ only: ['als', 'alz'] }));
    expect(error.where).toBe('only');
    expect(error.message).toBe(
      "Invalid only 'alz' (did you mean 'als'?): no such job. Known ids: als, diabetes, sweep, sweep.lr-1, sweep.lr-2, brain_mri.",
    );
  });

  describe('an unknown id gets "did you mean" when it looks like a typo, in only and in exclude', () => {
    test.each<[string, string | undefined]>([
      ['alz', 'als'],
      ['diabets', 'diabetes'],
      ['swep', 'sweep'],
      ['sweep.lr-3', 'sweep.lr-1'],
      ['BRAIN_MRI', 'brain_mri'],
      ['brain-mri', 'brain_mri'],
      ['xyzzy', undefined],
      ['a', undefined],
    ])('%p → %p', (typo, hint) => {
      const error = syncInputError(() => select({ only: ['als', typo] }));
      const warning = filterJobs(JOBS, options({ exclude: [typo] })).warnings.join('\n');
      if (hint === undefined) {
        expect(error.message).not.toContain('did you mean');
        expect(warning).not.toContain('did you mean');
      } else {
        expect(error.message).toContain(`'${typo}' (did you mean '${hint}'?)`);
        expect(warning).toContain(`${typo} (did you mean '${hint}'?)`);
      }
    });

    test('thousands of unknown ids (a stale shard list): 20 named with hints, the rest counted', () => {
      const stale = Array.from({ length: 5000 }, (_, i) => `gone_${i}`);
      const error = syncInputError(() => select({ only: ['alz', ...stale] }));
      expect(error.message).toMatch(
        /^Invalid only 'alz' \(did you mean 'als'\?\), 'gone_0', .*'gone_18', … \(4981 more\): no such job\./,
      );
      const excluded = syncInputError(() =>
        filterJobs(JOBS, options({ exclude: [...JOBS.map((j) => j.id), ...stale] })),
      );
      expect(excluded.message.length).toBeLessThan(1000);
    });

    test('several unknown ids: each with its own hint', () => {
      const error = syncInputError(() => select({ only: ['alz', 'xyzzy', 'diabets'] }));
      expect(error.message).toMatch(
        /^Invalid only 'alz' \(did you mean 'als'\?\), 'xyzzy', 'diabets' \(did you mean 'diabetes'\?\): no such job\./,
      );
      const warning = filterJobs(JOBS, options({ exclude: ['alz', 'xyzzy'] })).warnings[0];
      expect(warning).toMatch(/^exclude names no job: alz \(did you mean 'als'\?\), xyzzy \(known ids: /);
    });
  });

  test('an unknown id in exclude is a warning', () => {
    const result = filterJobs(JOBS, options({ exclude: ['nope', 'als'] }));
    expect(result.jobs).toHaveLength(4);
    expect(result.warnings).toEqual([expect.stringContaining('exclude names no job: nope')]);
  });

  test('no jobs at all: the reason given by the planner', () => {
    const error = syncInputError(() => filterJobs([], options({})));
    expect(error.where).toBe('discover_roots');
    expect(error.message).toBe('No jobs to run: nothing found.');
  });

  test('everything excluded: says so', () => {
    const error = syncInputError(() => select({ exclude: ['als', 'diabetes', 'sweep', 'brain_mri'] }));
    expect(error.where).toBe('exclude');
    expect(error.message).toBe(
      "Invalid exclude 'als', 'diabetes', 'sweep', 'brain_mri': no jobs left to run, all 5 jobs are excluded.",
    );
    const narrowed = syncInputError(() => select({ only: ['als'], exclude: ['als'] }));
    expect(narrowed.message).toContain('all 1 jobs selected by only are excluded');
  });

  test('re-run keeps only the jobs that failed, and warns about failed ids no longer planned', () => {
    const result = filterJobs(
      JOBS,
      options({ rerunFailed: { file: 'summary.json', ids: new Set(['diabetes', 'sweep.lr-2', 'gone']) } }),
    );
    expect(result.jobs.map((entry) => entry.id)).toEqual(['diabetes', 'sweep.lr-2']);
    expect(result.warnings).toEqual(['Failed in summary.json but no longer planned: gone.']);
  });

  test('re-run combined with only: nothing left is an InputError', () => {
    const error = syncInputError(() =>
      select({ only: ['als'], rerunFailed: { file: 's.json', ids: new Set(['diabetes']) } }),
    );
    expect(error.where).toBe('rerun_failed_from');
    expect(error.message).toContain('Nothing to re-run');
  });
});

describe('previous summaries', () => {
  const dir = tempDir();
  const write = (name: string, content: unknown): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };
  const summary = write('summary.json', {
    status: 'failure',
    jobs: [
      { id: 'als', status: 'succeeded', duration_seconds: 12.5 },
      { id: 'diabetes', status: 'failed', duration_seconds: 3 },
      { id: 'brain_mri', status: 'timed_out', duration_seconds: 60 },
      { id: 'sweep.lr-1', status: 'cancelled', duration_seconds: 1 },
      { id: 'parkinsons', status: 'skipped', duration_seconds: 0 },
      { id: 42, status: 'failed' },
      'junk',
      { id: 'no_duration', status: 'succeeded' },
    ],
  });

  test('readFailedJobIds: failed, timed out and cancelled', async () => {
    expect([...(await readFailedJobIds(summary))]).toEqual(['diabetes', 'brain_mri', 'sweep.lr-1']);
  });

  test('readFailedJobIds: nothing failed is an InputError saying there is nothing to re-run', async () => {
    const file = write('ok.json', { jobs: [{ id: 'als', status: 'succeeded' }] });
    const error = await inputError(() => readFailedJobIds(file));
    expect(error.where).toBe('rerun_failed_from');
    expect(error.message).toContain('Nothing to re-run: no job failed, timed out or was cancelled');
  });

  test.each<[string, string | object, string]>([
    ['missing.json', '', 'it cannot be read'],
    ['bad.json', '{"jobs": [', 'it is not JSON'],
    ['nojobs.json', { status: 'success' }, 'it has no "jobs" list'],
    ['array.json', [1, 2], 'it has no "jobs" list'],
  ])('an invalid file (%s) is an InputError', async (name, content, message) => {
    const file = name === 'missing.json' ? path.join(dir, name) : write(name, content);
    const rerun = await inputError(() => readFailedJobIds(file));
    expect(rerun.where).toBe('rerun_failed_from');
    expect(rerun.message).toContain(message);
    const history = await inputError(() => readHistory(file));
    expect(history.where).toBe('history_file');
  });

  test('readHistory: durations by id, skipped jobs and missing durations left out', async () => {
    expect(await readHistory(summary)).toEqual(
      new Map([
        ['als', 12.5],
        ['diabetes', 3],
        ['brain_mri', 60],
        ['sweep.lr-1', 1],
      ]),
    );
  });
});
