import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../../src/model/types.js';
import { readBaseline } from '../../src/report/baseline.js';
import { makeSummary } from './fixtures.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'to-baseline-')));
  made.push(dir);
  return dir;
}

/** A summary started at `startedAt`, with job `a` scoring `accuracy`. */
function summaryJson(startedAt: string, accuracy: number, version = 2): string {
  const summary = makeSummary({ jobs: [{ id: 'a', metrics: { accuracy } }] }) as unknown as Record<
    string,
    unknown
  >;
  summary.started_at = startedAt;
  summary.schema_version = version;
  if (version === 1) delete summary.provenance;
  return JSON.stringify(summary);
}

function write(root: string, relative: string, text: string): string {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

async function inputErrorOf(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('readBaseline', () => {
  test('a summary file: its jobs and metrics, v2 and v1 alike', async () => {
    const root = tempDir();
    write(root, 'old/v2.json', summaryJson('2026-11-01T00:00:00.000Z', 0.9));
    write(root, 'old/v1.json', summaryJson('2026-10-01T00:00:00.000Z', 0.8, 1));
    const v2 = await readBaseline('old/v2.json', { workingDirectory: root });
    expect(v2.baseline).toMatchObject({
      path: 'old/v2.json',
      started_at: '2026-11-01T00:00:00.000Z',
      commit: null,
      jobs: [{ id: 'a', status: 'succeeded', metrics: { accuracy: 0.9 } }],
    });
    const v1 = await readBaseline('old/v1.json', { workingDirectory: root });
    expect(v1.baseline?.jobs[0].metrics).toEqual({ accuracy: 0.8 });
  });

  test('a folder: the newest summary by started_at, not by modification time or name, at any depth', async () => {
    const root = tempDir();
    const newest = write(
      root,
      'runs/a/training_summary_20260101T000000Z.json',
      summaryJson('2026-11-20T00:00:00.000Z', 0.7),
    );
    const older = write(
      root,
      'runs/b/training_summary_20270101T000000Z.json',
      summaryJson('2026-11-10T00:00:00.000Z', 0.6),
    );
    write(root, 'runs/training_summary_broken.json', '{ not json');
    write(root, 'runs/other.json', summaryJson('2027-01-01T00:00:00.000Z', 0.1));
    // The older file is touched last: modification time must not decide.
    fs.utimesSync(newest, new Date('2020-01-01'), new Date('2020-01-01'));
    fs.utimesSync(older, new Date(), new Date());
    const read = await readBaseline('runs', { workingDirectory: root });
    expect(read.baseline).toMatchObject({
      path: 'runs/a/training_summary_20260101T000000Z.json',
      jobs: [{ metrics: { accuracy: 0.7 } }],
    });
    expect(read.notes).toEqual([expect.stringContaining('runs/training_summary_broken.json')]);
  });

  test('missing: no baseline, a notice-level reason; an empty folder too', async () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'empty'));
    expect(await readBaseline('nope.json', { workingDirectory: root })).toEqual({
      baseline: null,
      reason: 'No baseline: nope.json does not exist.',
      missing: true,
      notes: [],
    });
    expect(await readBaseline('empty', { workingDirectory: root })).toMatchObject({
      baseline: null,
      reason: 'No baseline: empty holds no readable training_summary_*.json.',
      missing: true,
    });
  });

  test('unreadable or not a summary: no baseline, a warning-level reason naming the file', async () => {
    const root = tempDir();
    write(root, 'bad.json', '{"schema_version": 9}');
    write(root, 'text.json', 'hello');
    write(root, 'only-bad/training_summary_x.json', '[]');
    const bad = await readBaseline('bad.json', { workingDirectory: root });
    expect(bad).toMatchObject({ baseline: null, missing: false });
    expect(bad).toHaveProperty(
      'reason',
      'No baseline: bad.json is not a training summary: schema_version is 9, not one of 1, 2.',
    );
    expect(await readBaseline('text.json', { workingDirectory: root })).toMatchObject({
      baseline: null,
      missing: false,
    });
    expect(await readBaseline('only-bad', { workingDirectory: root })).toMatchObject({
      baseline: null,
      missing: false,
    });
  });

  test('outside the working directory (.., absolute, or a link leading out): an InputError naming baseline', async () => {
    const outside = tempDir();
    const root = tempDir();
    const file = write(outside, 'training_summary_x.json', summaryJson('2026-11-01T00:00:00.000Z', 0.9));
    fs.symlinkSync(file, path.join(root, 'linked.json'));
    fs.symlinkSync(outside, path.join(root, 'linked-dir'));
    for (const setting of [
      file,
      `../${path.basename(outside)}/training_summary_x.json`,
      'linked.json',
      'linked-dir',
      'linked-dir/training_summary_x.json',
    ]) {
      const error = await inputErrorOf(readBaseline(setting, { workingDirectory: root }));
      expect(error.where).toBe('baseline');
      expect(error.message).toMatch(/^Invalid baseline '.*': it (is|leads) outside the working directory/);
    }
  });

  test('a folder holding a link to a summary outside: that file is left out with a note', async () => {
    const outside = tempDir();
    const root = tempDir();
    const file = write(outside, 'training_summary_x.json', summaryJson('2027-11-01T00:00:00.000Z', 0.1));
    write(root, 'runs/training_summary_ok.json', summaryJson('2026-11-01T00:00:00.000Z', 0.9));
    fs.symlinkSync(file, path.join(root, 'runs', 'training_summary_link.json'));
    const read = await readBaseline('runs', { workingDirectory: root });
    // findSummaryFiles lists regular files only: the link is not even a candidate.
    expect(read.baseline?.path).toBe('runs/training_summary_ok.json');
  });

  test('a folder the shell downloaded into (trustedFolders) may lie outside', async () => {
    const temp = tempDir();
    const root = tempDir();
    write(temp, 'baseline/training_summary_x.json', summaryJson('2026-11-01T00:00:00.000Z', 0.9));
    const read = await readBaseline(path.join(temp, 'baseline'), {
      workingDirectory: root,
      trustedFolders: [temp],
    });
    expect(read.baseline?.jobs[0].metrics).toEqual({ accuracy: 0.9 });
  });
});
