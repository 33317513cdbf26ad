import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { PlannedJob } from '../../src/model/types.js';
import { runPlan } from '../../src/run/run-plan.js';
import type { RunEvent } from '../../src/run/types.js';
import type { RunResources } from '../../src/resources/requests.js';
import { mountTest, unmount } from '../support/mounts.js';
import { job, plan, readLog, recordingLogger, tempDir } from './helpers.js';

/**
 * A parallel run prepares the next jobs' output folders and log files while others run (job-files-ahead.ts).
 * What a job finds when it starts stays the same: its folders and log exist, links planted since are refused
 * with the same reasons, a preparation that failed is done again the usual way, and a job prepared but never
 * started (cancelled) leaves nothing behind. Real files, real processes: earlier jobs wait (at most 10 s) until
 * a later job's files exist, which only the look-ahead makes happen before that job starts.
 */

/** Shell test that `files` (relative to the working directory) all exist, polled for at most 10 s; exit 3 if not. */
const waitFor = (...files: string[]) =>
  `for i in $(seq 200); do ${files.map((file) => `test -e ${file}`).join(' && ')} && break; sleep 0.05; done; ` +
  `${files.map((file) => `test -e ${file}`).join(' && ')} || exit 3`;

/** Succeeds only if the job's three output folders are real folders when it starts. */
const checksFolders = (wd: string, id: string) =>
  job(wd, id, [
    'sh',
    '-c',
    'for f in models metrics predictions; do test -d "$1/$f" && test ! -L "$1/$f" || exit 7; done; echo "I am $2"',
    'sh',
    path.join(wd, 'results', `${id}_results`),
    id,
  ]);

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

/** Every entry under the outside folder with its content. */
function outsideState(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of fs.readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      const stats = fs.lstatSync(full);
      if (stats.isDirectory()) {
        out.push(`dir ${full}`);
        walk(full);
      } else
        out.push(`${stats.isSymbolicLink() ? 'link' : 'file'} ${full} ${fs.readFileSync(full, 'base64')}`);
    }
  };
  walk(outside);
  return out;
}

const parallel = (workers: number) => ({ workingDirectory: wd, parallel: true, maxWorkers: workers });

describe("the next jobs' folders and logs are made ahead, and the seed's contract holds", () => {
  test('jobs prepared while others run find their folders and a log of their own when they start', async () => {
    // a and b end only once c's and d's folders and logs exist: they do before c and d start.
    const waiting = waitFor(
      'logs/c.log',
      'results/c_results/metrics',
      'logs/d.log',
      'results/d_results/models',
    );
    const results = await runPlan(
      plan([
        job(wd, 'a', ['sh', '-c', waiting]),
        job(wd, 'b', ['sh', '-c', waiting]),
        checksFolders(wd, 'c'),
        checksFolders(wd, 'd'),
        checksFolders(wd, 'e'),
      ]),
      parallel(2),
    );
    expect(results.map((result) => result.status)).toEqual([
      'succeeded',
      'succeeded',
      'succeeded',
      'succeeded',
      'succeeded',
    ]);
    for (const id of ['c', 'd', 'e']) {
      const lines = readLog(wd, id).trimEnd().split('\n');
      expect(lines).toEqual([
        expect.stringMatching(/^=== attempt 1\/1 · /),
        `I am ${id}`,
        expect.stringMatching(/^=== attempt 1\/1 · succeeded · /),
      ]);
    }
  });

  test("an earlier run's log of a prepared job is emptied only when the job starts", async () => {
    fs.mkdirSync(path.join(wd, 'logs'));
    fs.writeFileSync(path.join(wd, 'logs', 'c.log'), 'OLD RUN LINE\n'.repeat(100));
    // a records what c's log held while c was prepared (its folders exist) but not started.
    const results = await runPlan(
      plan([
        job(wd, 'a', [
          'sh',
          '-c',
          `${waitFor('results/c_results/predictions')}; head -c 13 logs/c.log > seen.txt`,
        ]),
        job(wd, 'b', ['sh', '-c', waitFor('seen.txt')]),
        checksFolders(wd, 'c'),
      ]),
      { ...parallel(2), maxWorkers: 2 },
    );
    expect(results.map((result) => result.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(fs.readFileSync(path.join(wd, 'seen.txt'), 'utf8')).toBe('OLD RUN LINE\n');
    expect(readLog(wd, 'c')).not.toContain('OLD RUN LINE');
  });
});

describe('a link (or anything else) planted between the preparation and the start is refused as before', () => {
  test.each<[string, string, RegExp]>([
    [
      'the log file replaced by a link to a file outside',
      'rm logs/c.log && ln -s ../../outside/precious.txt logs/c.log',
      /^logs\/c\.log is a symbolic link: refused/,
    ],
    [
      'the log file replaced by a dangling link leading outside',
      'rm logs/c.log && ln -s ../../outside/created-by-the-run.log logs/c.log',
      /^logs\/c\.log is a symbolic link: refused/,
    ],
    [
      'the log file replaced by a FIFO',
      'rm logs/c.log && mkfifo logs/c.log',
      /^logs\/c\.log is not a regular file: refused$/,
    ],
    [
      'the metrics folder replaced by a link to outside',
      'rmdir results/c_results/metrics && ln -s ../../../outside/dir results/c_results/metrics',
      /^results\/c_results\/metrics leads outside the working directory through a symbolic link: refused/,
    ],
    [
      'the output folder replaced by a link to outside',
      'rm -r results/c_results && ln -s ../../outside/dir results/c_results',
      /^results\/c_results leads outside the working directory through a symbolic link: refused/,
    ],
  ])(
    '%s: the job fails with the reason, nothing outside changes, the run goes on',
    async (_name, plant, reason) => {
      const before = outsideState();
      const logger = recordingLogger();
      // a plants once c is prepared (its log and folders exist), then lets b end; c starts after one of them.
      const results = await runPlan(
        plan([
          job(wd, 'a', [
            'sh',
            '-c',
            `${waitFor('logs/c.log', 'results/c_results/metrics')}; ${plant} && touch planted`,
          ]),
          job(wd, 'b', ['sh', '-c', waitFor('planted')]),
          checksFolders(wd, 'c'),
          checksFolders(wd, 'd'),
        ]),
        parallel(2),
        { logger },
      );
      expect(results.map((result) => result.status)).toEqual([
        'succeeded',
        'succeeded',
        'failed',
        'succeeded',
      ]);
      expect(results[2].tail[0]).toMatch(reason);
      expect(results[2].attempts).toHaveLength(1);
      expect(outsideState()).toEqual(before);
      expect(logger.lines.some((line) => line.startsWith('error: c: ') && reason.test(line.slice(10)))).toBe(
        true,
      );
    },
  );

  test('a hard link made to the prepared log is refused before anything is emptied', async () => {
    const results = await runPlan(
      plan([
        job(wd, 'a', [
          'sh',
          '-c',
          `${waitFor('logs/c.log')}; ln logs/c.log ../outside/hard.log && touch planted`,
        ]),
        job(wd, 'b', ['sh', '-c', waitFor('planted')]),
        checksFolders(wd, 'c'),
      ]),
      parallel(2),
    );
    expect(results.map((result) => result.status)).toEqual(['succeeded', 'succeeded', 'failed']);
    expect(results[2].tail[0]).toMatch(/^logs\/c\.log is a hard link to another file: refused/);
    expect(fs.readFileSync(path.join(outside, 'hard.log'), 'utf8')).toBe('');
  });

  test('prepared folders and log removed before the start are made again the usual way', async () => {
    const results = await runPlan(
      plan([
        job(wd, 'a', [
          'sh',
          '-c',
          `${waitFor('logs/c.log', 'results/c_results/metrics')}; rm -r results/c_results logs/c.log && touch planted`,
        ]),
        job(wd, 'b', ['sh', '-c', waitFor('planted')]),
        checksFolders(wd, 'c'),
      ]),
      parallel(2),
    );
    expect(results.map((result) => result.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(readLog(wd, 'c')).toContain('I am c\n');
  });
});

const mountCase = mountTest();
describe('a full disk while preparing', () => {
  let mounted: string | undefined;
  afterEach(() => {
    if (mounted) unmount(mounted);
    mounted = undefined;
  });

  /**
   * results/ on a tmpfs whose inodes are all taken (by `filler/`'s four folders): no job's folders fit until
   * they are removed. a and b keep their output folders elsewhere.
   */
  const fullResults = () => {
    mounted = path.join(wd, 'results');
    fs.mkdirSync(mounted);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,nr_inodes=5', 'tmpfs', mounted], { stdio: 'pipe' });
    fs.mkdirSync(path.join(mounted, 'filler', 'a', 'b', 'c'), { recursive: true });
    expect(() => fs.mkdirSync(path.join(mounted as string, 'probe'))).toThrow(/ENOSPC/);
  };
  const elsewhere = (id: string, command: string) =>
    job(wd, id, ['sh', '-c', command], { outputDir: `elsewhere/${id}_results` });

  mountCase(
    'still full at the start: the job fails with the usual reason, before it starts; the run goes on',
    async () => {
      fullResults();
      const logger = recordingLogger();
      const results = await runPlan(
        plan([
          elsewhere('a', waitFor('logs/c.log')),
          elsewhere('b', waitFor('logs/c.log')),
          checksFolders(wd, 'c'),
          elsewhere('d', 'true'),
        ]),
        parallel(2),
        { logger },
      );
      expect(results.map((result) => result.status)).toEqual([
        'succeeded',
        'succeeded',
        'failed',
        'succeeded',
      ]);
      expect(results[2].tail[0]).toMatch(/^could not create the job's folders: .*ENOSPC/);
      expect(results[2].attempts).toHaveLength(1);
      expect(logger.lines).toContainEqual(
        expect.stringMatching(/^error: c: could not create the job's folders: .*ENOSPC/),
      );
    },
  );

  mountCase('room made before the start: the job gets its folders the usual way and runs', async () => {
    fullResults();
    // a makes room once c was prepared (its log exists, its folders could not be made), then ends: c starts next.
    const results = await runPlan(
      plan([
        elsewhere('a', `${waitFor('logs/c.log')}; sleep 0.3; rm -r results/filler && touch freed`),
        elsewhere('b', waitFor('freed')),
        checksFolders(wd, 'c'),
      ]),
      parallel(2),
    );
    expect(results.map((result) => result.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(readLog(wd, 'c')).toContain('I am c\n');
  });
});

describe('a run cancelled with jobs prepared but not started', () => {
  test('they are skipped and leave nothing behind; what an earlier run left is untouched', async () => {
    fs.mkdirSync(path.join(wd, 'logs'));
    fs.writeFileSync(path.join(wd, 'logs', 'd.log'), 'OLD RUN LINE\n');
    fs.mkdirSync(path.join(wd, 'results', 'd_results', 'models'), { recursive: true });
    fs.writeFileSync(path.join(wd, 'results', 'd_results', 'models', 'old.pt'), 'old');
    const controller = new AbortController();
    const running = runPlan(
      plan([
        job(wd, 'a', ['sleep', '30']),
        job(wd, 'b', ['sleep', '30']),
        checksFolders(wd, 'c'),
        checksFolders(wd, 'd'),
        checksFolders(wd, 'e'),
      ]),
      { ...parallel(2), signal: controller.signal, cancelKillGraceMs: 200 },
    );
    // Once c and d are prepared (c's log, d's new folders), cancel.
    const prepared = ['logs/c.log', 'results/c_results/predictions', 'results/d_results/predictions'];
    for (let i = 0; i < 200 && !prepared.every((file) => fs.existsSync(path.join(wd, file))); i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const seen = prepared.filter((file) => fs.existsSync(path.join(wd, file)));
    controller.abort();
    const results = await running;
    expect(seen).toEqual(prepared);
    expect(results.map((result) => result.status)).toEqual([
      'cancelled',
      'cancelled',
      'skipped',
      'skipped',
      'skipped',
    ]);
    // A skipped job has no folders and no log, as without the look-ahead.
    expect(fs.existsSync(path.join(wd, 'results', 'c_results'))).toBe(false);
    expect(fs.existsSync(path.join(wd, 'logs', 'c.log'))).toBe(false);
    expect(fs.existsSync(path.join(wd, 'results', 'e_results'))).toBe(false);
    expect(fs.existsSync(path.join(wd, 'logs', 'e.log'))).toBe(false);
    // What was there before stays: d's old log (not emptied) and its old models/ folder.
    expect(fs.readFileSync(path.join(wd, 'logs', 'd.log'), 'utf8')).toBe('OLD RUN LINE\n');
    expect(fs.readdirSync(path.join(wd, 'results', 'd_results'))).toEqual(['models']);
    expect(fs.readFileSync(path.join(wd, 'results', 'd_results', 'models', 'old.pt'), 'utf8')).toBe('old');
  });

  test("a sequential run makes nothing ahead: the next job's files do not exist while one runs", async () => {
    const results = await runPlan(
      plan([
        job(wd, 'a', ['sh', '-c', 'test ! -e logs/b.log && test ! -e results/b_results']),
        job(wd, 'b', ['true']),
      ]),
      { workingDirectory: wd, parallel: false, maxWorkers: 4 },
    );
    expect(results.map((result) => result.status)).toEqual(['succeeded', 'succeeded']);
  });
});

describe('scheduling with resources is unchanged by the look-ahead', () => {
  test('backfill starts the same jobs in the same order; a waiting job prepared early still waits its turn', async () => {
    const resources: RunResources = {
      capacity: {
        cpus: 4,
        memoryBytes: 0,
        gpus: [],
        sources: { cpus: 'test', memory: 'test', gpus: 'test' },
      },
      gated: true,
      gpusInPlay: false,
      memoryEstimates: new Map(),
    };
    const cpus = (n: number): Partial<PlannedJob> => ({
      resources: { cpus: n, memory_bytes: null, gpus: 0 },
    });
    const starts: string[] = [];
    const onEvent = (event: RunEvent) => {
      if (event.type === 'job-start') starts.push(event.job.id);
    };
    // a holds 2 of 4 CPUs until f has started (f leaves a mark; a cannot go by f's log, which is made ahead);
    // b (3 CPUs) waits while c..f (1 CPU each) overtake it, at most 4 times (the default backfill limit); then
    // nothing starts until b fits, after a ended; g comes after it.
    const startedMark = (id: string) => {
      const planned = checksFolders(wd, id);
      const command = [...planned.command];
      command[2] = `${command[2]}; touch ${id}-started`;
      return { ...planned, command, ...cpus(1) };
    };
    const jobs: PlannedJob[] = [
      job(
        wd,
        'a',
        ['sh', '-c', `${waitFor('f-started')}; test -e logs/b.log && touch b-prepared-while-a-ran`],
        cpus(2),
      ),
      { ...checksFolders(wd, 'b'), ...cpus(3) },
      ...['c', 'd', 'e', 'f', 'g'].map(startedMark),
    ];
    const results = await runPlan(plan(jobs), { ...parallel(4), resources, onEvent });
    expect(results.map((result) => result.status)).toEqual(Array(7).fill('succeeded'));
    expect(starts).toEqual(['a', 'c', 'd', 'e', 'f', 'b', 'g']);
    expect(fs.existsSync(path.join(wd, 'b-prepared-while-a-ran'))).toBe(true);
  });
});
