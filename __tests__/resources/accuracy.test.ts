import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runPlan } from '../../src/run/run-plan.js';
import { UsageMonitor } from '../../src/resources/usage-monitor.js';
import type { JobResult } from '../../src/model/types.js';
import { job, plan, PYTHON, readLog, tempDir } from '../run/helpers.js';

/*
 * The figures against the kernel's own accounting, with real processes: `/usr/bin/time -v` (GNU time, the
 * Debian package `time`; .ci/run installs it) wraps the job and prints what wait4 reported. Without it the
 * scripts print their own getrusage figures, which are the same numbers seen from inside.
 */
const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/resources');
const GNU_TIME = '/usr/bin/time';
const hasGnuTime = fs.existsSync(GNU_TIME);
const linux = process.platform === 'linux';

/** `/usr/bin/time -v python3 script …` when there is GNU time, else `python3 script …`. */
function command(script: string, args: string[]): string[] {
  const python = [PYTHON, path.join(FIXTURES, script), ...args];
  return hasGnuTime ? [GNU_TIME, '-v', ...python] : python;
}

/** A labelled number from the log: GNU time's `Maximum resident set size (kbytes): 123`, or the script's. */
function logNumber(log: string, pattern: RegExp): number {
  const match = pattern.exec(log);
  if (!match) throw new Error(`${pattern} not found in the log:\n${log}`);
  return Number(match[1]);
}

async function runMeasured(
  wd: string,
  id: string,
  script: string,
  args: string[],
  intervalMs = 200,
): Promise<JobResult> {
  const monitor = new UsageMonitor({ intervalMs });
  const [result] = await runPlan(plan([job(wd, id, command(script, args))]), {
    workingDirectory: wd,
    parallel: false,
    maxWorkers: 1,
    monitor,
  });
  monitor.close();
  return result;
}

(linux ? describe : describe.skip)('resource figures against the kernel (Linux)', () => {
  let wd: string;
  beforeEach(() => {
    wd = tempDir();
  });
  afterEach(() => {
    fs.rmSync(wd, { recursive: true, force: true });
  });

  test('a job holding 300 MB for half a second: peak memory within 10% of its maximum resident set size', async () => {
    const result = await runMeasured(wd, 'memory', 'hold_memory.py', ['300', '0.5']);
    expect(result.status).toBe('succeeded');
    const log = readLog(wd, 'memory');
    const referenceKb = hasGnuTime
      ? logNumber(log, /Maximum resident set size \(kbytes\): (\d+)/)
      : logNumber(log, /maxrss_kb (\d+)/);
    const peak = result.resources?.peak_rss_bytes ?? 0;
    expect(referenceKb * 1024).toBeGreaterThan(300 * 1024 * 1024);
    expect(Math.abs(peak / (referenceKb * 1024) - 1)).toBeLessThan(0.1);
    expect(result.resources?.samples).toBeGreaterThanOrEqual(2);
  });

  test.each([
    ['every 200 ms', 200],
    // One sample right after spawn, the next a minute later: only the exact end-of-job figure can be right.
    ['with no sample between spawn and end', 60_000],
  ])(
    'a job burning 2 s of CPU in a child process: CPU time within 10%% of user + system (%s)',
    async (_, interval) => {
      const result = await runMeasured(wd, 'cpu', 'burn_in_child.py', ['2'], interval);
      expect(result.status).toBe('succeeded');
      const log = readLog(wd, 'cpu');
      const reference = hasGnuTime
        ? logNumber(log, /User time \(seconds\): ([\d.]+)/) +
          logNumber(log, /System time \(seconds\): ([\d.]+)/)
        : logNumber(log, /cpu_seconds ([\d.]+)/);
      const resources = result.resources;
      const measured = (resources?.cpu_user_seconds ?? 0) + (resources?.cpu_system_seconds ?? 0);
      expect(reference).toBeGreaterThan(1.9);
      expect(Math.abs(measured / reference - 1)).toBeLessThan(0.1);
      expect(resources?.cpu_avg_cores).toBeGreaterThan(0);
      if (interval === 200) {
        expect(resources?.peak_processes).toBeGreaterThanOrEqual(hasGnuTime ? 3 : 2);
        // A busy machine stretches the wall time: cores are only checked for being there.
        expect(resources?.cpu_peak_cores).toBeGreaterThan(0);
      }
    },
  );
});
