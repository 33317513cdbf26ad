import { ANNOTATIONS_PER_LEVEL, buildAnnotations } from '../../src/report/annotations.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { workingDirectoryInRepository } from '../../src/action/repository-path.js';
import { makeSummary, manyJobs } from './fixtures.js';

describe('buildAnnotations', () => {
  test('an error per failed required job, a warning per failed optional job, none for the rest', () => {
    const summary = makeSummary({
      status: 'failure',
      jobs: [
        { id: 'ok', status: 'succeeded' },
        {
          id: 'diabetes',
          status: 'failed',
          exitCode: 3,
          attempts: 2,
          tail: ['loading', 'KeyError: "age"', '', '  '],
        },
        { id: 'bert', status: 'timed_out', timeoutMinutes: 30, tail: [] },
        {
          id: 'oom',
          status: 'failed',
          signal: 'SIGKILL',
          exitCode: null,
          tail: ['\u001b[31mKilled\u001b[0m'],
        },
        { id: 'stopped', status: 'cancelled', exitCode: null, signal: 'SIGTERM', tail: ['epoch 3'] },
        { id: 'flaky', status: 'failed', optional: true, exitCode: 1, tail: ['meh'] },
        { id: 'later', status: 'skipped' },
      ],
    });
    const file = (id: string) => `training/train_${id}.py`;
    expect(buildAnnotations(summary)).toEqual([
      {
        level: 'error',
        title: 'diabetes',
        message: 'exit 3 after 2 attempts: KeyError: "age"',
        file: file('diabetes'),
      },
      { level: 'error', title: 'bert', message: 'timed out after 30m', file: file('bert') },
      { level: 'error', title: 'oom', message: 'killed by SIGKILL: Killed', file: file('oom') },
      { level: 'error', title: 'stopped', message: 'cancelled: epoch 3', file: file('stopped') },
      { level: 'warning', title: 'flaky', message: 'exit 1 (optional job): meh', file: file('flaky') },
    ]);
  });

  test('a successful run has none', () => {
    expect(buildAnnotations(makeSummary({ jobs: manyJobs(3, { status: 'succeeded' }) }))).toEqual([]);
  });

  test.each([
    [10, 10, 10],
    [11, 10, 10],
    [25, 10, 10],
    [25, 3, 3],
    [3, 1, 1],
  ])('%i failures of each level, limit %i → %i of each, the last one naming the rest', (n, limit, shown) => {
    const summary = makeSummary({
      status: 'failure',
      jobs: [
        ...manyJobs(n, { status: 'failed' }),
        ...manyJobs(n, { status: 'failed', optional: true }).map((j) => ({ ...j, id: `opt-${j.id}` })),
      ],
    });
    const annotations = buildAnnotations(summary, { limit });
    for (const level of ['error', 'warning'] as const) {
      const ofLevel = annotations.filter((a) => a.level === level);
      expect(ofLevel).toHaveLength(shown);
      if (n <= limit) continue;
      const rest = n - (limit - 1);
      const last = ofLevel[ofLevel.length - 1];
      const what = level === 'error' ? 'failed jobs' : 'failed optional jobs';
      const lead = limit > 1 ? `and ${rest} more` : `${rest}`;
      expect(last.title).toBe(`${lead} ${what}`);
      expect(last.message.startsWith(`${lead} ${what}: `)).toBe(true);
      // Every job is either annotated on its own or named in the last one.
      const prefix = level === 'error' ? '' : 'opt-';
      for (let i = 0; i < n; i += 1) {
        const id = `${prefix}job-${String(i).padStart(3, '0')}`;
        const named = ofLevel.some((a) => a.title === id) || last.message.includes(id);
        expect(named).toBe(true);
      }
    }
  });

  test('the default limit is GitHub’s 10 per level', () => {
    const summary = makeSummary({ status: 'failure', jobs: manyJobs(30, { status: 'failed' }) });
    expect(ANNOTATIONS_PER_LEVEL).toBe(10);
    const annotations = buildAnnotations(summary);
    expect(annotations).toHaveLength(10);
    expect(annotations[9].message).toMatch(/^and 21 more failed jobs: job-009, job-010, .*, job-029\./);
  });

  test('a very long list of the rest is cut', () => {
    const summary = makeSummary({ status: 'failure', jobs: manyJobs(200, { status: 'failed' }) });
    const last = buildAnnotations(summary).at(-1);
    expect(last?.message).toContain('… (141 more)');
    expect(last?.message).not.toContain('job-199');
  });
});

describe('annotations carry file: the script relative to the repository root', () => {
  const failing = (script: string | null) => {
    const summary = makeSummary({ status: 'failure', jobs: [{ id: 'a', status: 'failed', exitCode: 1 }] });
    summary.jobs[0].script = script;
    return summary;
  };

  test.each<[string | null, string | undefined, string | undefined]>([
    ['training/train_a.py', '', 'training/train_a.py'],
    ['training/train_a.py', '.', 'training/train_a.py'],
    ['training/train_a.py', 'ml', 'ml/training/train_a.py'],
    ['train_a.py', 'projects/vision', 'projects/vision/train_a.py'],
    ['./training/train_a.py', 'ml', 'ml/training/train_a.py'],
    ['training/train_a.py', undefined, undefined],
    [null, 'ml', undefined],
    ['/elsewhere/train_a.py', 'ml', undefined],
    ['../outside/train_a.py', '', undefined],
  ])('script %p in working directory %p → file %p', (script, base, file) => {
    const [annotation] = buildAnnotations(failing(script), { workingDirectoryInRepository: base });
    expect(annotation.file).toBe(file);
  });

  describe('workingDirectoryInRepository', () => {
    const workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'to-annotations-')));
    afterAll(() => fs.rmSync(workspace, { recursive: true, force: true }));
    const make = (...parts: string[]) => {
      const dir = path.join(workspace, ...parts);
      fs.mkdirSync(dir, { recursive: true });
      return dir;
    };

    test.each<[string, string[], string[], string | undefined]>([
      ['the workspace is the repository', ['.git'], [], ''],
      ['a subfolder of the repository', ['.git'], ['ml', 'jobs'], 'ml/jobs'],
      ['a repository checked out under path: repo', ['repo', '.git'], ['repo', 'ml'], 'ml'],
      ['no .git anywhere: the workspace is the root', [], ['ml'], 'ml'],
    ])('%s', (_name, gitAt, workingParts, expected) => {
      fs.rmSync(workspace, { recursive: true, force: true });
      fs.mkdirSync(workspace);
      if (gitAt.length > 0) make(...gitAt);
      expect(workingDirectoryInRepository(make(...workingParts), workspace)).toBe(expected);
    });

    test('a working directory outside the workspace: no file', () => {
      expect(workingDirectoryInRepository(os.tmpdir(), workspace)).toBeUndefined();
    });
  });
});
