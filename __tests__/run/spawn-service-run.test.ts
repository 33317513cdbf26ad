/**
 * The runner with the spawn service, real processes: jobs it starts behave as jobs Node's spawn starts (log,
 * tail, exit status, timeouts and cancellation of the whole group, resource figures), and the runner starts a
 * service only where it should.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JobResult, Logger, PlannedJob } from '../../src/model/types.js';
import { Redactor } from '../../src/report/redact.js';
import { UsageMonitor } from '../../src/resources/usage-monitor.js';
import { runPlan } from '../../src/run/run-plan.js';
import { SpawnService } from '../../src/run/spawn-service.js';
import type { RunDeps, RunOptions } from '../../src/run/types.js';
import { alive, job, plan, PYTHON, readLog, tempDir } from './helpers.js';

const linux = process.platform === 'linux';
const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/resources');
const GNU_TIME = '/usr/bin/time';

interface Recorded extends Logger {
  warnings: string[];
}
function recorder(): Recorded {
  const warnings: string[] = [];
  return { warnings, info() {}, warn: (m) => warnings.push(m), error: (m) => warnings.push(m), debug() {} };
}

const made: string[] = [];
const services: SpawnService[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  for (const service of services.splice(0)) service.close();
});

function workdir(): string {
  const wd = fs.realpathSync(tempDir());
  made.push(wd);
  return wd;
}

async function readyService(logger: Logger = recorder()): Promise<SpawnService> {
  const service = new SpawnService({ python: PYTHON, cwd: process.cwd(), logger });
  services.push(service);
  expect(await service.ready).toBe(true);
  return service;
}

/** A shell job; its log ends with the command name of its parent (python3 for the service, node for Node). */
function shellJob(wd: string, id: string, script: string, over: Partial<PlannedJob> = {}): PlannedJob {
  return job(wd, id, ['sh', '-c', script], over);
}

const PARENT = 'echo "parent=$(cat /proc/$PPID/comm)"';

/** Who started the job: the service (a python3 process) or Node (the test's own process, whatever its name). */
function parentOf(wd: string, id: string): 'service' | 'node' | undefined {
  const name = /^parent=(\S+)$/m.exec(readLog(wd, id))?.[1];
  return name === undefined ? undefined : name.startsWith('python') ? 'service' : 'node';
}

function run(
  wd: string,
  jobs: PlannedJob[],
  options: Partial<RunOptions> = {},
  deps: Partial<RunDeps> = {},
): Promise<JobResult[]> {
  return runPlan(plan(jobs), { workingDirectory: wd, parallel: true, maxWorkers: 1, ...options }, deps);
}

/** Headers and footers carry times and durations: the only part two runs may differ in. */
function normalized(log: string): string {
  return log
    .replace(/ · \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ · /g, ' · TIME · ')
    .replace(/ · [\d.]+s ===$/gm, ' · DURATION ===');
}

(linux ? describe : describe.skip)('jobs started by the spawn service (Linux)', () => {
  test('log, tail, byte count, exit status and reasons are those of Node’s spawn', async () => {
    const cases: Array<[string, string, Partial<PlannedJob>]> = [
      ['ok', 'echo one; echo two >&2; printf "no newline"', {}],
      ['fails', 'echo bad; exit 3', {}],
      ['killed', 'echo going; kill -KILL $$', {}],
      ['missing', '', { command: ['no-such-program-xyz'] }],
      ['nocwd', '', { command: ['true'], cwd: '/no/such/folder' }],
      ['retried', 'echo try; exit 1', { retries: 1 }],
      // No `#!`: execve refuses it (ENOEXEC); Node's spawn (execvp) runs it with /bin/sh, so must the service.
      ['noshebang', '', { command: ['./no-shebang', 'a b'] }],
    ];
    const results: Record<string, { log: string; result: JobResult }> = {};
    const parents: Record<string, string> = {};
    for (const via of ['service', 'node'] as const) {
      const wd = workdir();
      const service = via === 'service' ? await readyService() : undefined;
      const body = 'echo "$0 [$1]"; echo to stderr >&2; cat /proc/$PPID/comm > parent; exit 6';
      fs.writeFileSync(path.join(wd, 'no-shebang'), `${body}\n`, { mode: 0o755 });
      const jobs = cases.map(([id, script, over]) => shellJob(wd, id, script, over));
      const out = await run(wd, jobs, { retryDelayMs: 0 }, service ? { launch: service } : {});
      for (const [index, [id]] of cases.entries()) {
        results[`${via}:${id}`] = { log: normalized(readLog(wd, id)), result: out[index] };
      }
      const parent = path.join(wd, 'parent');
      parents[via] = fs.existsSync(parent) ? fs.readFileSync(parent, 'utf8').trim() : 'it never ran';
    }
    for (const [id] of cases) {
      const service = results[`service:${id}`];
      const node = results[`node:${id}`];
      expect(service.log).toBe(node.log);
      const pick = (r: JobResult) => [
        r.status,
        r.exit_code,
        r.signal,
        r.tail,
        r.output_bytes,
        r.attempts.length,
      ];
      expect(pick(service.result)).toEqual(pick(node.result));
    }
    expect(results['service:noshebang'].result).toEqual(
      expect.objectContaining({ status: 'failed', exit_code: 6, tail: ['./no-shebang [a b]', 'to stderr'] }),
    );
    // The service started it: the parent of the job's shell is the service, not this process.
    expect(parents.service).toMatch(/^python/);
    expect(parents.node).not.toMatch(/^python/);
    expect(results['service:missing'].log).toMatch(
      /could not start: command not found: no-such-program-xyz \(ENOENT\)/,
    );
    expect(results['service:nocwd'].log).toMatch(
      /working directory \/no\/such\/folder does not exist \(ENOENT\)/,
    );
  });

  test('jobs go through the service once it is ready (their parent is the service)', async () => {
    const wd = workdir();
    const service = await readyService();
    const jobs = ['a', 'b', 'c'].map((id) => shellJob(wd, id, PARENT));
    const results = await run(wd, jobs, { maxWorkers: 2 }, { launch: service });
    expect(results.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(jobs.map((j) => parentOf(wd, j.id))).toEqual(['service', 'service', 'service']);
  });

  test.each([
    ['a timeout', { timeoutMinutes: 0.01 }, 'timed_out'],
    ['a cancellation', {}, 'cancelled'],
  ])('%s terminates the whole group, grandchildren included', async (_, over, status) => {
    const wd = workdir();
    const service = await readyService();
    const script = `sleep 60 & echo $! > grandchild; ${PARENT}; echo "$$" > leader.tmp; mv leader.tmp leader; wait`;
    const controller = new AbortController();
    const pending = run(
      wd,
      [shellJob(wd, 'long', script, over)],
      { signal: controller.signal, timeoutKillGraceMs: 500, cancelKillGraceMs: 500 },
      { launch: service },
    );
    const grandchildFile = path.join(wd, 'grandchild');
    // Written last (renamed into place): the grandchild's pid and the parent's name are there by then.
    while (!fs.existsSync(path.join(wd, 'leader'))) await new Promise((resolve) => setTimeout(resolve, 20));
    const grandchild = Number(fs.readFileSync(grandchildFile, 'utf8'));
    if (status === 'cancelled') controller.abort();
    const [result] = await pending;
    expect(result.status).toBe(status);
    expect(parentOf(wd, 'long')).toBe('service');
    expect(alive(grandchild)).toBe(false);
    expect(alive(Number(fs.readFileSync(path.join(wd, 'leader'), 'utf8')))).toBe(false);
  });

  test('the service killed mid-run: the job it started is followed to its end, one warning, the rest via Node', async () => {
    const wd = workdir();
    const logger = recorder();
    const service = await readyService(logger);
    // The first job kills its parent (the service), then runs on for a while.
    const killer = shellJob(
      wd,
      'killer',
      `${PARENT}; kill -KILL $PPID; sleep 0.5; echo "still here"; exit 0`,
    );
    const later = ['after1', 'after2'].map((id) => shellJob(wd, id, PARENT));
    const results = await run(wd, [killer, ...later], {}, { launch: service, logger });
    expect(results[0]).toEqual(
      expect.objectContaining({
        status: 'failed',
        exit_code: null,
        signal: null,
        tail: ['parent=python3', 'still here'],
      }),
    );
    expect(readLog(wd, 'killer')).toMatch(/exit status unknown: the spawn service stopped while the job ran/);
    expect(results.slice(1).map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    expect(later.map((j) => parentOf(wd, j.id))).toEqual(['node', 'node']);
    expect(logger.warnings).toEqual([expect.stringMatching(/spawn service .* was killed by SIGKILL/)]);
  });

  test('a job whose environment cannot cross as UTF-8 (a lone surrogate) starts with Node’s spawn', async () => {
    const wd = workdir();
    const service = await readyService();
    const jobs = [shellJob(wd, 'odd', PARENT, { env: { ODD: 'x\ud800y' } }), shellJob(wd, 'plain', PARENT)];
    const results = await run(wd, jobs, {}, { launch: service });
    expect(results.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    expect([parentOf(wd, 'odd'), parentOf(wd, 'plain')]).toEqual(['node', 'service']);
  });

  /** Jobs that look, after the service had time to be ready, at what else the runner (their parent) runs. */
  function siblingsJob(wd: string, id: string): PlannedJob {
    return shellJob(wd, id, 'sleep 1.5; ps -o args= --ppid $PPID');
  }

  test('a run with no more jobs than workers never starts a service', async () => {
    const wd = workdir();
    const results = await run(wd, [siblingsJob(wd, 'one')], { spawnServicePython: PYTHON });
    expect(results[0].status).toBe('succeeded');
    expect(readLog(wd, 'one')).not.toMatch(/spawn-service\.py/);
  });

  test('a run with a secret registered never starts a service (every job goes through the redactor)', async () => {
    const wd = workdir();
    const jobs = ['a', 'b', 'c'].map((id) => siblingsJob(wd, id));
    const results = await run(wd, jobs, {
      spawnServicePython: PYTHON,
      redactor: new Redactor(['s3cret-value']),
    });
    expect(results.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    for (const j of jobs) expect(readLog(wd, j.id)).not.toMatch(/spawn-service\.py/);
  });

  test('a run with more jobs than workers does start one (the check above can fail)', async () => {
    const wd = workdir();
    const jobs = ['a', 'b'].map((id) => siblingsJob(wd, id));
    const results = await run(wd, jobs, { spawnServicePython: PYTHON });
    expect(results.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    expect(readLog(wd, 'a')).toMatch(/spawn-service\.py/);
  });

  (fs.existsSync(GNU_TIME) ? test : test.skip)(
    'resource figures: a job burning 2 s of CPU in a child, within 10% of /usr/bin/time (wait4 through the service)',
    async () => {
      const wd = workdir();
      const service = await readyService();
      const monitor = new UsageMonitor({ intervalMs: 60_000 });
      const command = [GNU_TIME, '-v', PYTHON, path.join(FIXTURES, 'burn_in_child.py'), '2'];
      const [result] = await run(wd, [job(wd, 'cpu', [...command])], { monitor }, { launch: service });
      monitor.close();
      expect(result.status).toBe('succeeded');
      const log = readLog(wd, 'cpu');
      const number = (pattern: RegExp) => Number(pattern.exec(log)?.[1]);
      const reference =
        number(/User time \(seconds\): ([\d.]+)/) + number(/System time \(seconds\): ([\d.]+)/);
      const measured =
        (result.resources?.cpu_user_seconds ?? 0) + (result.resources?.cpu_system_seconds ?? 0);
      expect(reference).toBeGreaterThan(1.9);
      expect(Math.abs(measured / reference - 1)).toBeLessThan(0.1);
    },
  );
});
