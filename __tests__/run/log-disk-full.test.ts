/**
 * A job's log that cannot be written mid-run (the disk fills up: a real 64 KiB tmpfs under logs/): the
 * orchestrator does not crash, the job is not stalled (its pipes keep draining), the job's result carries a
 * note naming the log, a warning names it, and the other jobs run on. With and without secrets (the
 * redacting stream sits in front of the file then), sequential and parallel. Without secrets the job writes
 * straight to its log file, so it meets the full disk itself, as it would behind a shell redirect.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { JobResult, PlannedJob } from '../../src/model/types.js';
import { buildSummary } from '../../src/report/summary.js';
import { Redactor } from '../../src/report/redact.js';
import { runPlan } from '../../src/run/run-plan.js';
import { makeSettings } from '../report/fixtures.js';
import { fillUp, mountTest, mountTmpfs, unmount } from '../support/mounts.js';
import { plan, recordingLogger, scriptJob, tempDir } from './helpers.js';

const mountCase = mountTest();
const mounted: string[] = [];
afterAll(() => {
  for (const dir of mounted.reverse()) unmount(dir);
});

const BIG = 1024 * 1024; // far beyond the 64 KiB file system

describe.each([
  ['secrets (redacting stream), sequential', ['tail line 3'], false],
  ['secrets (redacting stream), parallel', ['tail line 3'], true],
])('a log that fills the disk mid-run (%s)', (_name, secrets, parallel) => {
  mountCase(
    'the job runs to its end with all its output read, the log is named, the other jobs go on',
    async () => {
      const wd = tempDir();
      mountTmpfs(path.join(wd, 'logs'), '64k');
      mounted.push(path.join(wd, 'logs'));
      const logger = recordingLogger();
      const jobs = [
        scriptJob(wd, 'chatty', 'print-lots.py', [String(BIG)]),
        scriptJob(wd, 'after', 'print-lots.py', [String(64 * 1024)]),
        scriptJob(wd, 'quiet', 'succeed.py'),
      ];
      const redactor = new Redactor(secrets);
      const results = await runPlan(
        plan(jobs),
        { workingDirectory: wd, parallel, maxWorkers: 3, redactor },
        { logger },
      );
      expect(results.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
      // Every byte was read from the pipes (nothing stalled), and the tail is there for the summary.
      expect(results[0].output_bytes).toBe(BIG + 74);
      expect(results[0].tail.at(-1)).toBe('END-OF-OUTPUT');
      expect(results[1].output_bytes).toBe(64 * 1024 + 74);
      const note =
        /^Could not write the log logs\/chatty\.log: no space left on device \(ENOSPC\)\. The rest of this job's output is not in the log\.$/;
      expect(results[0].notes).toEqual([expect.stringMatching(note)]);
      expectOneWarningPerLog(logger.lines);
      await expectNotesInSummary(wd, jobs, results, redactor);
    },
  );
});

describe.each([
  ['sequential', false],
  ['parallel', true],
])('a log that fills the disk mid-run, no secrets: the job writes straight to it (%s)', (_name, parallel) => {
  mountCase(
    'the job meets ENOSPC itself (as behind a shell redirect), its note says so, the other jobs go on',
    async () => {
      const wd = tempDir();
      mountTmpfs(path.join(wd, 'logs'), '64k');
      mounted.push(path.join(wd, 'logs'));
      const logger = recordingLogger();
      const jobs = [
        scriptJob(wd, 'chatty', 'print-lots.py', [String(BIG)]),
        scriptJob(wd, 'after', 'print-lots.py', [String(64 * 1024)]),
        scriptJob(wd, 'quiet', 'succeed.py'),
      ];
      const redactor = new Redactor([]);
      const results = await runPlan(
        plan(jobs),
        { workingDirectory: wd, parallel, maxWorkers: 3, redactor },
        { logger },
      );
      // Python raises OSError on the failed write and exits 1: the job's own choice, as with `> file`.
      expect(results[0].status).toBe('failed');
      expect(results[0].exit_code).not.toBe(0);
      const note =
        /^Could not write the log logs\/chatty\.log: no space left on device \(ENOSPC\)\. The job wrote its output straight to this file \(no secret to mask\), so its own writes met the same error; what it wrote after that is not in the log\.$/;
      expect(results[0].notes).toEqual([expect.stringMatching(note)]);
      // What did reach the file is counted and gives the tail: never more than the file system holds.
      expect(results[0].output_bytes).toBeGreaterThan(0);
      expect(results[0].output_bytes).toBeLessThanOrEqual(64 * 1024);
      expect(results[0].tail.length).toBeGreaterThan(0);
      // Every job ended with a status of its own; each one whose log failed says so (by either note).
      for (const result of results) {
        expect(['succeeded', 'failed']).toContain(result.status);
        for (const line of result.notes ?? [])
          expect(line).toMatch(new RegExp(`^Could not write the log logs/${result.id}\\.log: .*ENOSPC`));
      }
      expectOneWarningPerLog(logger.lines);
      await expectNotesInSummary(wd, jobs, results, redactor);
    },
  );
});

/** One warning per log that failed, each naming its file; the disk is full for the later logs too. */
function expectOneWarningPerLog(lines: string[]): void {
  const warnings = lines.filter((line) => line.startsWith('warn:'));
  expect(warnings).toContainEqual(
    expect.stringMatching(/^warn: Could not write the log logs\/chatty\.log: /),
  );
  for (const line of warnings)
    expect(line).toMatch(/^warn: Could not write the log logs\/(chatty|after|quiet)\.log: .*ENOSPC/);
  expect(new Set(warnings).size).toBe(warnings.length);
}

/** The notes reach the summary. */
async function expectNotesInSummary(
  wd: string,
  jobs: PlannedJob[],
  results: JobResult[],
  redactor: Redactor,
): Promise<void> {
  const summary = buildSummary({
    settings: makeSettings({ workingDirectory: wd }),
    plan: plan(jobs),
    results,
    startedAt: new Date(),
    finishedAt: new Date(),
    status: 'success',
    redactor,
  });
  expect(summary.jobs[0].notes).toEqual(results[0].notes);
}

mountCase(
  'a disk already full when the job starts: the log cannot take its header, the job still runs',
  async () => {
    const wd = tempDir();
    mountTmpfs(path.join(wd, 'logs'), '64k');
    mounted.push(path.join(wd, 'logs'));
    fillUp(path.join(wd, 'logs'));
    const logger = recordingLogger();
    const [result] = await runPlan(
      plan([scriptJob(wd, 'quiet', 'succeed.py')]),
      { workingDirectory: wd, parallel: false, maxWorkers: 1 },
      { logger },
    );
    expect(result.status).toBe('succeeded');
    expect(result.notes).toEqual([
      expect.stringMatching(/^Could not write the log logs\/quiet\.log: .*ENOSPC/),
    ]);
    expect(fs.readFileSync(path.join(wd, 'logs', 'quiet.log'), 'utf8')).toBe('');
  },
);
