import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger, Plan, PlannedJob } from '../../src/model/types.js';
import type { RunEvent } from '../../src/run/types.js';

export const SCRIPTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/scripts');
/** The real interpreter, not a pyenv shim (a bash script that costs a process or two per job). */
export const PYTHON = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], {
  encoding: 'utf8',
}).trim();

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'to-run-'));
}

/** A job running `python3 <fixture> ...args`, with logs/ and results/ under the working directory. */
export function scriptJob(
  workingDirectory: string,
  id: string,
  script: string,
  args: string[] = [],
  over: Partial<PlannedJob> = {},
): PlannedJob {
  return job(workingDirectory, id, [PYTHON, path.join(SCRIPTS, script), ...args], over);
}

export function job(
  workingDirectory: string,
  id: string,
  command: string[],
  over: Partial<PlannedJob> = {},
): PlannedJob {
  return {
    id,
    script: undefined,
    command,
    cwd: workingDirectory,
    env: {},
    optional: false,
    retries: 0,
    timeoutMinutes: 0,
    outputDir: `results/${id}_results`,
    logPath: `logs/${id}.log`,
    supports: { epochs: false, folds: false, output_dir: false },
    source: 'config',
    runsOn: undefined,
    baseId: undefined,
    ...over,
  };
}

export function plan(jobs: PlannedJob[]): Plan {
  return { jobs, warnings: [], python: PYTHON, configPath: undefined };
}

export function readLog(workingDirectory: string, id: string): string {
  return fs.readFileSync(path.join(workingDirectory, 'logs', `${id}.log`), 'utf8');
}

/**
 * True while the process runs. A zombie is dead and does not count: an orphan stays one until init reaps it,
 * which some inits (this machine's, a container's) do lazily or never.
 */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return !fs.existsSync('/proc/self');
  }
}

/** Every pid grandchild.py wrote (child and grandchild, one line per attempt). */
export function readPids(file: string): number[] {
  return fs.readFileSync(file, 'utf8').trim().split(/\s+/).map(Number);
}

export async function waitForFile(file: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} did not appear within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Polls until none of `pids` exists, for at most `timeoutMs`: init reaps orphans asynchronously. */
export async function gone(pids: number[], timeoutMs = 2_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(alive)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`info: ${m}`),
    warn: (m) => lines.push(`warn: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
    debug: (m) => lines.push(`debug: ${m}`),
  };
}

export function eventsOf<T extends RunEvent['type']>(
  events: RunEvent[],
  type: T,
): Extract<RunEvent, { type: T }>[] {
  return events.filter((event): event is Extract<RunEvent, { type: T }> => event.type === type);
}
