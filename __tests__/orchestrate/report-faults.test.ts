/**
 * "The report survives everything": the whole product (orchestrate) with real jobs, and faults of its own
 * injected through its dependency parameters or made real (a full tmpfs, a read-only bind mount). A fault in
 * running or reporting is named as such; it never relabels jobs `skipped` or the run `cancelled`, and an
 * unusable output folder is found before any job starts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { runMergeMode } from '../../src/orchestrate/modes.js';
import { orchestrate } from '../../src/orchestrate/orchestrate.js';
import { InputError, type Logger, type Settings } from '../../src/model/types.js';
import { buildSummary, summaryFileName } from '../../src/report/summary.js';
import { makeSettings } from '../report/fixtures.js';
import { PYTHON, recordingLogger, tempDir } from '../run/helpers.js';
import { fillUp, mountReadOnly, mountTest, mountTmpfs, unmount } from '../support/mounts.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ajv = new Ajv2020({ allErrors: true, strict: true });
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/);
const validate = ajv.compile(
  JSON.parse(fs.readFileSync(path.join(root, 'schemas/summary.schema.json'), 'utf8')),
);

/** `training/train_<id>.py` for each id: prints a line, writes metrics (`bad` writes a non-object too). */
function workspace(ids: string[], extra: Record<string, string> = {}): string {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, 'training'));
  for (const id of ids) {
    fs.writeFileSync(
      path.join(dir, 'training', `train_${id}.py`),
      [
        'import argparse, json, os',
        'p = argparse.ArgumentParser(); p.add_argument("--output-dir", required=True)',
        'a, _ = p.parse_known_args()',
        'os.makedirs(os.path.join(a.output_dir, "metrics"), exist_ok=True)',
        'json.dump({"accuracy": 0.5}, open(os.path.join(a.output_dir, "metrics", "m.json"), "w"))',
        id === 'bad' ? 'json.dump([1], open(os.path.join(a.output_dir, "metrics", "z.json"), "w"))' : '',
        extra[id] ?? '',
        `print("${id} done")`,
      ].join('\n'),
    );
  }
  return dir;
}

function settingsFor(dir: string, over: Partial<Settings> = {}): Settings {
  return makeSettings({ workingDirectory: dir, python: PYTHON, ...over });
}

/** A logger whose `warn` throws, as a console gone away (EPIPE) would: an orchestrator fault mid-run. */
function brokenLogger(): Logger & { lines: string[] } {
  const logger = recordingLogger();
  return {
    ...logger,
    warn: (message) => {
      throw new Error(`the logger broke on: ${message.slice(0, 40)}`);
    },
  };
}

function expectValid(summaryFile: string): void {
  const ok = validate(JSON.parse(fs.readFileSync(summaryFile, 'utf8')));
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

describe('a fault in running or reporting keeps the real results and is named', () => {
  test('runner fault after some jobs finished: they keep their results, the faulted job fails, the rest are not run', async () => {
    const dir = workspace(['a', 'bad', 'c']);
    const result = await orchestrate(settingsFor(dir), { logger: brokenLogger() });
    const statuses = result.summary!.jobs.map((job) => [job.id, job.status]);
    expect(statuses).toEqual([
      ['a', 'succeeded'],
      ['bad', 'failed'],
      ['c', 'skipped'],
    ]);
    expect(result.summary!.jobs[0].metrics).toEqual({ accuracy: 0.5 });
    expect(result.summary!.jobs[1].notes).toEqual([
      expect.stringMatching(/^The orchestrator failed while running this job: the logger broke on/),
    ]);
    expect(result.status).toBe('failure');
    expect(result.errors).toEqual([
      expect.stringMatching(/^The orchestrator failed during the run: the logger broke/),
    ]);
    expect(result.summary!.errors).toEqual(result.errors);
    expect(result.exitCode).toBe(1);
    expectValid(result.summaryPath!);
  });

  test('summary build fault: statuses kept, a summary without metrics and tails is written, the fault named', async () => {
    const dir = workspace(['a', 'b']);
    let calls = 0;
    const result = await orchestrate(settingsFor(dir), {
      logger: recordingLogger(),
      buildSummary: (input) => {
        calls++;
        throw new RangeError(`Maximum call stack size exceeded (${input.results.length} results)`);
      },
    });
    expect(calls).toBe(1);
    expect(result.summary!.jobs.map((job) => job.status)).toEqual(['succeeded', 'succeeded']);
    expect(result.summary!.jobs.map((job) => job.metrics)).toEqual([null, null]);
    expect(result.status).toBe('success');
    expect(result.errors).toEqual([
      "Could not build the summary: Maximum call stack size exceeded (2 results). It was written without the jobs' metrics and log tails.",
    ]);
    expect(result.exitCode).toBe(1);
    expectValid(result.summaryPath!);
  });

  test.each([
    ['ENOSPC', 'no space left on device (ENOSPC)'],
    ['EROFS', 'read-only file system (EROFS)'],
    ['EACCES', 'permission denied (EACCES)'],
    ['EIO', 'input/output error (EIO)'],
  ])(
    'summary write fault (%s): the summary and statuses are returned, the file named, exit 1',
    async (code, words) => {
      const dir = workspace(['a', 'b']);
      const started = new Date('2026-12-03T08:00:00.000Z');
      let clock = started.getTime();
      const result = await orchestrate(settingsFor(dir), {
        logger: recordingLogger(),
        now: () => new Date((clock += 1000)),
        writeSummary: async () => {
          throw Object.assign(new Error(`${code}: something, open '/x/.tmp'`), { code });
        },
      });
      expect(result.summary!.jobs.map((job) => job.status)).toEqual(['succeeded', 'succeeded']);
      expect(result.status).toBe('success');
      expect(result.summaryPath).toBeUndefined();
      const name = summaryFileName(new Date(started.getTime() + 1000));
      expect(result.errors).toEqual([`Could not write the summary summaries/${name}: ${words}.`]);
      expect(result.exitCode).toBe(1);
    },
  );

  test('a job that swaps the summaries folder for a link to outside: nothing is written there, the fault named', async () => {
    const outside = tempDir();
    const dir = workspace(['a'], {
      a: [
        'import shutil',
        `shutil.rmtree(${JSON.stringify('')} or os.path.join(os.getcwd(), "summaries"), ignore_errors=True)`,
        `os.symlink(${JSON.stringify(outside)}, os.path.join(os.getcwd(), "summaries"))`,
      ].join('\n'),
    });
    const result = await orchestrate(settingsFor(dir), { logger: recordingLogger() });
    expect(result.summary!.jobs.map((job) => job.status)).toEqual(['succeeded']);
    expect(result.summaryPath).toBeUndefined();
    expect(result.errors).toEqual([
      expect.stringMatching(
        /^Could not write the summary summaries\/training_summary_.*: it leads outside the working directory through a symbolic link \(replaced during the run\)\.$/,
      ),
    ]);
    expect(result.exitCode).toBe(1);
    expect(fs.readdirSync(outside)).toEqual([]);
  });

  test('a job failure stays a job failure (no fault, exit code from the jobs alone)', async () => {
    const dir = workspace(['a', 'b'], { b: 'raise SystemExit(3)' });
    const result = await orchestrate(settingsFor(dir), { logger: recordingLogger(), buildSummary });
    expect(result.errors).toEqual([]);
    expect(result.summary!.errors).toBeUndefined();
    expect(result.status).toBe('failure');
    expect(result.exitCode).toBe(1);
  });
});

describe('preflight: a folder the run cannot write is an InputError before any job starts', () => {
  test.each<[string, 'summaries_dir' | 'logs_dir' | 'results_dir', (dir: string) => void, RegExp]>([
    [
      'summaries_dir is a file',
      'summaries_dir',
      (d) => fs.writeFileSync(path.join(d, 'summaries'), ''),
      /cannot be created \(a file is in the way \(EEXIST\)\)|it is a file/,
    ],
    [
      'summaries_dir under a file',
      'summaries_dir',
      (d) => fs.writeFileSync(path.join(d, 'summaries'), ''),
      /a part of the path is a file, not a folder \(ENOTDIR\)/,
    ],
    [
      'logs_dir is a file',
      'logs_dir',
      (d) => fs.writeFileSync(path.join(d, 'logs'), ''),
      /a file is in the way|it is a file/,
    ],
    [
      'results_dir is a file',
      'results_dir',
      (d) => fs.writeFileSync(path.join(d, 'results'), ''),
      /a file is in the way|it is a file/,
    ],
  ])('%s', async (_name, input, prepare, problem) => {
    const dir = workspace(['a'], { a: 'open("ran.txt", "w").write("ran")' });
    prepare(dir);
    const over = _name.includes('under') ? { summariesDir: 'summaries/inner' } : {};
    const error = await orchestrate(settingsFor(dir, over), { logger: recordingLogger() }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).where).toBe(input);
    expect((error as Error).message).toMatch(new RegExp(`^Invalid ${input} '`));
    expect((error as Error).message).toMatch(problem);
    expect((error as Error).message).toMatch(/Expected a folder inside the working directory/);
    expect(fs.existsSync(path.join(dir, 'ran.txt'))).toBe(false);
  });

  test('merge mode: a summaries_dir that is a file is an InputError before any shard is read', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'summaries'), '');
    fs.mkdirSync(path.join(dir, 'shards'));
    const error = await runMergeMode(settingsFor(dir), {
      mergeFrom: 'shards',
      logger: recordingLogger(),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).where).toBe('summaries_dir');
  });

  test('list and dry-run write nothing and check nothing', async () => {
    const dir = workspace(['a']);
    fs.writeFileSync(path.join(dir, 'summaries'), '');
    for (const over of [{ listOnly: true }, { dryRun: true }]) {
      const result = await orchestrate(settingsFor(dir, over), { logger: recordingLogger() });
      expect(result.errors).toEqual([]);
    }
    expect(fs.existsSync(path.join(dir, 'logs'))).toBe(false);
  });

  describe('real file systems', () => {
    const mounted: string[] = [];
    afterAll(() => {
      for (const dir of mounted.reverse()) unmount(dir);
    });
    const mountCase = mountTest();

    mountCase('summaries_dir on a read-only file system', async () => {
      const dir = workspace(['a'], { a: 'open("ran.txt", "w").write("ran")' });
      const source = path.join(dir, 'ro-source');
      fs.mkdirSync(source);
      mountReadOnly(source, path.join(dir, 'summaries'));
      mounted.push(path.join(dir, 'summaries'));
      const error = await orchestrate(settingsFor(dir), { logger: recordingLogger() }).catch(
        (e: unknown) => e,
      );
      expect((error as InputError).where).toBe('summaries_dir');
      expect((error as Error).message).toBe(
        "Invalid summaries_dir 'summaries': a file cannot be written into it (read-only file system (EROFS)). " +
          'Expected a folder inside the working directory that the run can create and write files into ' +
          '(not a file, not on a read-only or full file system).',
      );
      expect(fs.existsSync(path.join(dir, 'ran.txt'))).toBe(false);
    });

    mountCase.each(['summaries_dir', 'logs_dir', 'results_dir'] as const)(
      '%s on a full disk',
      async (input) => {
        const dir = workspace(['a'], { a: 'open("ran.txt", "w").write("ran")' });
        const folder = path.join(dir, 'full');
        mountTmpfs(folder, '64k');
        mounted.push(folder);
        fillUp(folder);
        const key =
          input === 'summaries_dir' ? 'summariesDir' : input === 'logs_dir' ? 'logsDir' : 'resultsDir';
        const error = await orchestrate(settingsFor(dir, { [key]: 'full' }), {
          logger: recordingLogger(),
        }).catch((e: unknown) => e);
        expect((error as InputError).where).toBe(input);
        expect((error as Error).message).toMatch(/no space left on device \(ENOSPC\)/);
        expect(fs.existsSync(path.join(dir, 'ran.txt'))).toBe(false);
      },
    );

    mountCase('the disk fills during the run: real results, the summary file named, exit 1', async () => {
      // The job itself fills the file system the summaries go to (after the preflight passed).
      const fill = [
        'try:',
        '    with open("summaries/filler", "wb") as f:',
        '        while True: f.write(b"x" * 4096); f.flush()',
        'except OSError: pass',
      ].join('\n');
      const dir = workspace(['a', 'b'], { a: fill });
      mountTmpfs(path.join(dir, 'summaries'), '64k');
      mounted.push(path.join(dir, 'summaries'));
      const result = await orchestrate(settingsFor(dir), { logger: recordingLogger() });
      expect(result.summary!.jobs.map((job) => job.status)).toEqual(['succeeded', 'succeeded']);
      expect(result.status).toBe('success');
      expect(result.summaryPath).toBeUndefined();
      expect(result.errors).toEqual([
        expect.stringMatching(
          /^Could not write the summary summaries\/training_summary_\d{8}T\d{6}Z\.json: no space left on device \(ENOSPC\)\.$/,
        ),
      ]);
      expect(result.exitCode).toBe(1);
      // Nothing half-written is left behind.
      expect(fs.readdirSync(path.join(dir, 'summaries'))).toEqual(['filler']);
    });
  });
});
