import fs from 'node:fs';
import path from 'node:path';
import { runPlan } from '../../src/run/run-plan.js';
import { job, plan, readLog, recordingLogger, tempDir } from './helpers.js';

/**
 * A job's start path does as little as it can for a new output folder (mkdir only, no look at what it just
 * made), and the full work for whatever an earlier run (or anything else) left: the folders still exist before
 * the job starts, leftovers are never reported as this run's, and an old log is emptied. Real files, real
 * processes (`sh` stands in for a training script).
 */
describe("a job's start: output folders, the log, and what an earlier run left", () => {
  let wd: string;
  beforeEach(() => {
    wd = tempDir();
  });
  afterEach(() => {
    fs.rmSync(wd, { recursive: true, force: true });
  });

  const out = (...parts: string[]) => path.join(wd, 'results', 'a_results', ...parts);
  /** Succeeds only if the three output folders are real folders when the job starts. */
  const checksFolders = () =>
    job(wd, 'a', [
      'sh',
      '-c',
      'for f in models metrics predictions; do test -d "$1/$f" && test ! -L "$1/$f" || exit 7; done',
      'sh',
      out(),
    ]);

  test.each<[string, () => void]>([
    ['nothing exists yet (not even results/)', () => undefined],
    ['results/ exists, the output folder does not', () => fs.mkdirSync(path.join(wd, 'results'))],
    ['the output folder exists without its subfolders', () => fs.mkdirSync(out(), { recursive: true })],
    [
      'one subfolder exists, with a file in it',
      () => {
        fs.mkdirSync(out('models'), { recursive: true });
        fs.writeFileSync(out('models', 'old.pt'), 'old');
      },
    ],
    [
      'every subfolder exists',
      () => {
        for (const folder of ['models', 'metrics', 'predictions'])
          fs.mkdirSync(out(folder), { recursive: true });
      },
    ],
  ])('the output folders exist before the job starts: %s', async (_name, prepare) => {
    prepare();
    const [result] = await runPlan(plan([checksFolders()]), {
      workingDirectory: wd,
      parallel: false,
      maxWorkers: 1,
    });
    expect(result.status).toBe('succeeded');
    if (fs.existsSync(out('models', 'old.pt')))
      expect(fs.readFileSync(out('models', 'old.pt'), 'utf8')).toBe('old');
  });

  test('a file in the way of a subfolder fails the job with the reason, before it starts; the next job runs', async () => {
    fs.mkdirSync(out(), { recursive: true });
    fs.writeFileSync(out('metrics'), 'not a folder');
    const logger = recordingLogger();
    const results = await runPlan(
      plan([checksFolders(), job(wd, 'b', ['true'])]),
      { workingDirectory: wd, parallel: false, maxWorkers: 1 },
      { logger },
    );
    expect(results.map((result) => result.status)).toEqual(['failed', 'succeeded']);
    expect(results[0].tail[0]).toMatch(/^could not create the job's folders: .*EEXIST/);
    expect(fs.readFileSync(out('metrics'), 'utf8')).toBe('not a folder');
  });

  test.each<[string, string]>([
    ['a log with content', 'OLD RUN LINE\n'.repeat(1000)],
    ['an empty log', ''],
  ])('%s left by an earlier run holds only this run afterwards', async (_name, old) => {
    fs.mkdirSync(path.join(wd, 'logs'));
    fs.writeFileSync(path.join(wd, 'logs', 'a.log'), old);
    const [result] = await runPlan(plan([job(wd, 'a', ['sh', '-c', 'echo new output'])]), {
      workingDirectory: wd,
      parallel: false,
      maxWorkers: 1,
    });
    expect(result.status).toBe('succeeded');
    const lines = readLog(wd, 'a').trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^=== attempt 1\/1 · /);
    expect(lines[1]).toBe('new output');
    expect(lines[2]).toMatch(/^=== attempt 1\/1 · succeeded · /);
  });

  const writesBoth = (dir: string) =>
    job(wd, 'a', [
      'sh',
      '-c',
      'printf \'{"accuracy": 0.9}\' > "$1/m.json" && printf "epoch,loss\\n1,0.5\\n2,0.4\\n" > "$1/new.csv"',
      'sh',
      dir,
    ]);
  const writesNothing = () => job(wd, 'a', ['true']);

  test.each<[string, boolean, () => ReturnType<typeof job>, unknown, string[] | null]>([
    [
      'a new folder, the job writes metrics and a curve',
      false,
      () => writesBoth(out('metrics')),
      { accuracy: 0.9 },
      ['results/a_results/metrics/new.csv'],
    ],
    ['a new folder, the job writes nothing', false, writesNothing, null, null],
    ['a reused folder with old files, the job writes nothing', true, writesNothing, null, null],
    [
      'a reused folder with old files, the job writes new ones',
      true,
      () => writesBoth(out('metrics')),
      { accuracy: 0.9 },
      ['results/a_results/metrics/new.csv'],
    ],
  ])('metrics and curves: %s', async (_name, leftovers, makeJob, metrics, curves) => {
    if (leftovers) {
      fs.mkdirSync(out('metrics'), { recursive: true });
      fs.writeFileSync(out('metrics', 'old.json'), '{"stale": true}');
      fs.writeFileSync(out('metrics', 'old.csv'), 'epoch,loss\n1,9\n');
    }
    const [result] = await runPlan(plan([makeJob()]), {
      workingDirectory: wd,
      parallel: false,
      maxWorkers: 1,
    });
    expect(result.status).toBe('succeeded');
    expect(result.metrics).toEqual(metrics);
    expect(result.curves?.map((curve) => curve.file) ?? null).toEqual(curves);
  });

  test('many jobs in parallel share logs/ and results/: every job gets its folders and its own log', async () => {
    const ids = Array.from({ length: 24 }, (_, index) => `j${index}`);
    const results = await runPlan(
      plan(
        ids.map((id) =>
          job(wd, id, ['sh', '-c', `test -d results/${id}_results/metrics && echo "I am ${id}"`]),
        ),
      ),
      { workingDirectory: wd, parallel: true, maxWorkers: 4 },
    );
    expect(results.map((result) => result.status)).toEqual(ids.map(() => 'succeeded'));
    for (const id of ids) expect(readLog(wd, id)).toContain(`I am ${id}\n`);
  });
});
