import fs from 'node:fs';
import path from 'node:path';
import type { PlannedJob } from '../../src/model/types.js';
import { runPlan } from '../../src/run/run-plan.js';
import { job, plan, PYTHON, recordingLogger, scriptJob, tempDir } from './helpers.js';

/**
 * Links planted after the plan was checked (by an earlier job, or anything else sharing the folder): the
 * runner checks again when it creates a job's folders and opens its log, so nothing is ever written outside
 * the working directory; the job fails with a clear reason and the other jobs run. Real files, real processes.
 */
describe('the runner never writes through a link leaving the working directory', () => {
  let base: string;
  let wd: string;
  let outside: string;
  beforeEach(() => {
    base = tempDir();
    wd = path.join(base, 'work');
    outside = path.join(base, 'outside');
    fs.mkdirSync(wd);
    fs.mkdirSync(path.join(outside, 'dir'), { recursive: true });
    fs.writeFileSync(path.join(outside, 'precious.txt'), 'do not touch\n');
  });
  afterEach(() => {
    fs.rmSync(base, { recursive: true, force: true });
  });

  /** Every entry under the outside folder with its content: it must be byte-for-byte the same after the run. */
  function outsideState(): string[] {
    const out: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs
        .readdirSync(dir, { withFileTypes: true })
        .sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const full = path.join(dir, entry.name);
        const stats = fs.lstatSync(full);
        if (entry.isDirectory()) {
          out.push(`dir ${full}`);
          walk(full);
        } else
          out.push(`${stats.isSymbolicLink() ? 'link' : 'file'} ${full} ${fs.readFileSync(full, 'base64')}`);
      }
    };
    walk(outside);
    return out;
  }

  const link = (target: string, at: string): void => {
    fs.mkdirSync(path.dirname(path.join(wd, at)), { recursive: true });
    fs.symlinkSync(target, path.join(wd, at));
  };

  test.each<[string, () => void, RegExp, string?]>([
    [
      'the log file is a link to a file outside',
      () => link('../../outside/precious.txt', 'logs/a.log'),
      /^logs\/a\.log is a symbolic link: refused/,
    ],
    [
      'the log file is a dangling link to outside (following it would create the file)',
      () => link('../../outside/created-by-the-run.log', 'logs/a.log'),
      /^logs\/a\.log is a symbolic link: refused/,
    ],
    [
      'the logs folder is a link to outside',
      () => link(path.join(base, 'outside', 'dir'), 'logs'),
      /^logs leads outside the working directory through a symbolic link: refused/,
      'failed',
    ],
    [
      'the output folder is a link to outside',
      () => link('../../outside/dir', 'results/a_results'),
      /^results\/a_results leads outside the working directory through a symbolic link: refused/,
    ],
    [
      'a parent of the output folder is a link to outside',
      () => link('../outside', 'results'),
      /^results\/a_results leads outside/,
      'failed',
    ],
    [
      'the metrics folder is a link to outside',
      () => link('../../../outside/dir', 'results/a_results/metrics'),
      /^results\/a_results\/metrics leads outside/,
    ],
    [
      'the output folder is a link loop',
      () => (link('loop2', 'results/a_results'), link('a_results', 'results/loop2')),
      /^results\/a_results goes through a symbolic link loop: refused/,
    ],
    [
      'the log file is a hard link to a file outside',
      () => {
        fs.mkdirSync(path.join(wd, 'logs'));
        fs.linkSync(path.join(outside, 'precious.txt'), path.join(wd, 'logs', 'a.log'));
      },
      /^logs\/a\.log is a hard link to another file: refused/,
    ],
  ])(
    '%s: the job fails with the reason, nothing outside changes, the next job runs',
    async (_name, plant, reason, next = 'succeeded') => {
      plant();
      const before = outsideState();
      const logger = recordingLogger();
      const results = await runPlan(
        plan([scriptJob(wd, 'a', 'write-metrics.py'), scriptJob(wd, 'b', 'succeed.py')]),
        { workingDirectory: wd, parallel: false, maxWorkers: 1 },
        { logger },
      );
      expect(results.map((result) => result.status)).toEqual(['failed', next]); // next fails too when the link is on its path (shared logs/, results/)
      expect(results[0].tail[0]).toMatch(reason);
      expect(results[0].attempts).toHaveLength(1);
      expect(outsideState()).toEqual(before);
      expect(logger.lines.some((line) => line.startsWith('error: a: ') && reason.test(line.slice(10)))).toBe(
        true,
      );
    },
  );

  test('a FIFO at the log file name is refused without blocking the runner', async () => {
    fs.mkdirSync(path.join(wd, 'logs'));
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [path.join(wd, 'logs', 'a.log')]);
    const [result] = await runPlan(plan([scriptJob(wd, 'a', 'succeed.py')]), {
      workingDirectory: wd,
      parallel: false,
      maxWorkers: 1,
    });
    expect(result.status).toBe('failed');
    expect(result.tail[0]).toBe('logs/a.log is not a regular file: refused');
  });

  test("a link planted by an earlier job for a later job's log is refused when that job starts", async () => {
    const before = outsideState();
    const plantNext = `import os; os.makedirs("logs", exist_ok=True); os.symlink("../../outside/precious.txt", "logs/b.log")`;
    const results = await runPlan(
      plan([
        job(wd, 'a', [PYTHON, '-c', plantNext]),
        scriptJob(wd, 'b', 'succeed.py'),
        scriptJob(wd, 'c', 'succeed.py'),
      ]),
      { workingDirectory: wd, parallel: false, maxWorkers: 1 },
    );
    expect(results.map((result) => result.status)).toEqual(['succeeded', 'failed', 'succeeded']);
    expect(results[1].tail[0]).toMatch(/^logs\/b\.log is a symbolic link: refused/);
    expect(outsideState()).toEqual(before);
  });

  test.each([
    [
      'replaces its metrics folder with a link leaving',
      `import os, shutil; shutil.rmtree("results/a_results/metrics"); os.symlink("../../../outside/dir", "results/a_results/metrics")`,
      'a: metrics/ leads outside the working directory through a symbolic link: skipped.',
    ],
    [
      'links a metrics file to a file outside',
      `import os; os.symlink("../../../../outside/dir/m.json", "results/a_results/metrics/m.json")`,
      'a: metrics/m.json is a symbolic link leading outside the working directory: skipped.',
    ],
  ])(
    'a job that %s: its metrics are skipped with a warning, nothing outside is read',
    async (_name, code, warning) => {
      fs.writeFileSync(path.join(outside, 'dir', 'm.json'), '{"stolen": 1}');
      fs.writeFileSync(path.join(outside, 'dir', 'history.csv'), 'epoch,stolen\n1,1\n2,2\n');
      const logger = recordingLogger();
      const [result] = await runPlan(
        plan([job(wd, 'a', [PYTHON, '-c', code])]),
        {
          workingDirectory: wd,
          parallel: false,
          maxWorkers: 1,
        },
        { logger },
      );
      expect(result.status).toBe('succeeded');
      expect(result.metrics).toBeNull();
      // Learning curves go through the same gate: nothing outside is read.
      expect(result.curves ?? null).toBeNull();
      expect(logger.lines).toContain(`warn: ${warning}`);
    },
  );

  test('links that stay inside the working directory are followed as before', async () => {
    fs.mkdirSync(path.join(wd, 'store', 'logs'), { recursive: true });
    fs.mkdirSync(path.join(wd, 'store', 'out'), { recursive: true });
    link('store/logs', 'logs');
    link('../store/out', 'results/a_results');
    const jobs: PlannedJob[] = [scriptJob(wd, 'a', 'succeed.py')];
    const [result] = await runPlan(plan(jobs), { workingDirectory: wd, parallel: false, maxWorkers: 1 });
    expect(result.status).toBe('succeeded');
    expect(fs.readFileSync(path.join(wd, 'store', 'logs', 'a.log'), 'utf8')).toContain('hello from succeed');
    expect(fs.statSync(path.join(wd, 'store', 'out', 'models')).isDirectory()).toBe(true);
  });

  test('a working directory reached through a link is fine', async () => {
    const alias = path.join(base, 'alias');
    fs.symlinkSync(wd, alias);
    const [result] = await runPlan(plan([scriptJob(alias, 'a', 'succeed.py')]), {
      workingDirectory: alias,
      parallel: false,
      maxWorkers: 1,
    });
    expect(result.status).toBe('succeeded');
    expect(fs.readFileSync(path.join(wd, 'logs', 'a.log'), 'utf8')).toContain('hello from succeed');
  });
});
