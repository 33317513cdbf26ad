/**
 * A job's log that cannot be written mid-run (the disk fills up: a real 64 KiB tmpfs under logs/): the
 * orchestrator does not crash, the job is not stalled (its pipes keep draining), the job's result carries a
 * note naming the log, a warning names it, and the other jobs run on. With and without secrets (the
 * redacting stream sits in front of the file then), sequential and parallel.
 */
import fs from 'node:fs';
import path from 'node:path';
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
  ['no secrets, sequential', [] as string[], false],
  ['secrets (redacting stream), sequential', ['tail line 3'], false],
  ['no secrets, parallel', [] as string[], true],
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
      // One warning per log that failed, each naming its file; the disk is full for the later logs too.
      const warnings = logger.lines.filter((line) => line.startsWith('warn:'));
      expect(warnings).toContainEqual(
        expect.stringMatching(/^warn: Could not write the log logs\/chatty\.log: /),
      );
      for (const line of warnings)
        expect(line).toMatch(/^warn: Could not write the log logs\/(chatty|after|quiet)\.log: .*ENOSPC/);
      expect(new Set(warnings).size).toBe(warnings.length);
      // The notes reach the summary.
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
    },
  );
});

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
