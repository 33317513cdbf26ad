/**
 * The bundled CLI's lifetime, with real processes, real signals and real pipes:
 * - SIGHUP, SIGINT and SIGTERM each cancel a run the same way (every job process gone, the summary
 *   written with status cancelled) and the CLI exits 128 + the signal's number;
 * - a stdout whose reader went away (`| head -1`) never crashes the CLI: --list and --dry-run exit 0
 *   quietly, a run keeps running its jobs to the end, writes its logs and summary, and exits as the run.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUILD_TIMEOUT_MS, cliBundle, nodeBinary, processAlive, waitFor } from './support/action-harness.js';

let cli = '';
beforeAll(async () => {
  cli = await cliBundle();
}, BUILD_TIMEOUT_MS + 30_000);

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

function repo(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'to-e2e-cli-')));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** Writes its pid and a grandchild's (both in pids/) and sleeps: only a cancellation ends it. */
const SLEEPER = `import os, pathlib, subprocess, sys, time
name = pathlib.Path(sys.argv[0]).stem
grandchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
pathlib.Path("pids").mkdir(exist_ok=True)
pathlib.Path("pids", name + ".tmp").write_text(f"{os.getpid()} {grandchild.pid}")
os.replace(pathlib.Path("pids", name + ".tmp"), pathlib.Path("pids", name))
print("started", flush=True)
time.sleep(120)
`;

/** Prints far more than a pipe buffer holds (64 KiB), so writes after the reader left must fail. */
const CHATTY = (exitCode: number): string => `import os, pathlib, sys
for i in range(4000):
    print(f"line {i:05d} " + "x" * 80)
pathlib.Path("pids").mkdir(exist_ok=True)
pathlib.Path("pids", pathlib.Path(sys.argv[0]).stem).write_text(str(os.getpid()))
sys.exit(${exitCode})
`;

interface SummaryFile {
  status: string;
  jobs: Array<{ id: string; status: string }>;
}

function summaryOf(dir: string): SummaryFile {
  const files = fs.readdirSync(path.join(dir, 'summaries')).filter((name) => name.endsWith('.json'));
  expect(files).toHaveLength(1);
  return JSON.parse(fs.readFileSync(path.join(dir, 'summaries', files[0]), 'utf8')) as SummaryFile;
}

function pidsOf(dir: string): number[] {
  const folder = path.join(dir, 'pids');
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((name) => !name.endsWith('.tmp'))
    .flatMap((name) => fs.readFileSync(path.join(folder, name), 'utf8').split(' ').map(Number));
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
}

/** What a stderr may say besides warnings: nothing that looks like a crash. */
function expectNoCrash(stderr: string): void {
  expect(stderr).not.toMatch(/\n\s+at |EPIPE|Unhandled|ERR_STREAM|node:internal/);
}

describe('a signal cancels a CLI run: jobs gone, summary cancelled, exit 128 + signal', () => {
  test.each<[NodeJS.Signals, number]>([
    ['SIGHUP', 129],
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ])(
    '%s exits %i',
    async (signal, expectedCode) => {
      const dir = repo({
        'training/train_one.py': SLEEPER,
        'training/train_two.py': SLEEPER,
        'training/train_three.py': SLEEPER,
      });
      const child = spawn(nodeBinary(), [cli, '--parallel', '--max-workers', '2'], {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NO_COLOR: '1' },
      });
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdout?.resume();
      const done = exited(child);
      // Two jobs running (each with a grandchild), the third waiting for a worker.
      await waitFor(() => (pidsOf(dir).length === 4 ? true : undefined), 30_000, 'two running jobs');
      const pids = pidsOf(dir);
      child.kill(signal);
      const { code } = await done;

      expect(code).toBe(expectedCode);
      expect(stderr).toContain(`Received ${signal}`);
      expectNoCrash(stderr);
      await waitFor(() => (pids.every((pid) => !processAlive(pid)) ? true : undefined), 5_000, 'no job left');
      const summary = summaryOf(dir);
      expect(summary.status).toBe('cancelled');
      expect(summary.jobs.map((job) => job.status).sort()).toEqual(['cancelled', 'cancelled', 'skipped']);
    },
    60_000,
  );
});

describe('a closed stdout never crashes the CLI nor orphans jobs', () => {
  const manyJobs = (): string =>
    repo(
      Object.fromEntries(
        Array.from({ length: 600 }, (_, i) => [
          `training/train_job_with_a_rather_long_name_${String(i).padStart(4, '0')}.py`,
          'print(1)\n',
        ]),
      ),
    );

  /** Spawns the CLI with its stdout a pipe that this test closes at once, before the CLI writes anything. */
  async function withClosedStdout(
    dir: string,
    args: string[],
  ): Promise<{ code: number | null; stderr: string }> {
    const child = spawn(nodeBinary(), [cli, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.destroy();
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const { code } = await exited(child);
    return { code, stderr };
  }

  /** `node cli ARGS | head -1` through bash: the CLI's own exit code (PIPESTATUS) and stderr. */
  function throughHead(dir: string, args: string[]): { code: number; stderr: string; first: string } {
    const quoted = [nodeBinary(), cli, ...args].map((word) => `'${word.replace(/'/g, `'\\''`)}'`).join(' ');
    const result = spawnSync(
      'bash',
      ['-c', `${quoted} 2>cli.err | head -1; echo "\${PIPESTATUS[0]}" > cli.code`],
      { cwd: dir, encoding: 'utf8', timeout: 120_000 },
    );
    return {
      code: Number(fs.readFileSync(path.join(dir, 'cli.code'), 'utf8').trim()),
      stderr: fs.readFileSync(path.join(dir, 'cli.err'), 'utf8'),
      first: result.stdout,
    };
  }

  test.each([['--list'], ['--dry-run'], ['--list', '--json'], ['--dry-run', '--json']])(
    '%s into a closed pipe exits 0 quietly',
    async (...args) => {
      const dir = manyJobs();
      const closed = await withClosedStdout(dir, args);
      expect(closed).toEqual({ code: 0, stderr: '' });
      const piped = throughHead(dir, args);
      expect(piped.code).toBe(0);
      expect(piped.stderr).toBe('');
      expect(piped.first.split('\n').filter(Boolean)).toHaveLength(1);
    },
    120_000,
  );

  test.each<[string, number, string]>([
    ['a passing run', 0, 'success'],
    ['a failing run', 1, 'failure'],
  ])(
    '%s keeps running its jobs, writes logs and summary, exits as the run (%i)',
    async (_name, expectedCode, status) => {
      const files = {
        'training/train_alpha.py': CHATTY(0),
        'training/train_beta.py': CHATTY(expectedCode),
        'training/train_gamma.py': CHATTY(0),
      };
      for (const mode of ['closed', 'head'] as const) {
        const dir = repo(files);
        const args = ['--parallel', '--max-workers', '2'];
        const result = mode === 'closed' ? await withClosedStdout(dir, args) : throughHead(dir, args);
        expect(result.code).toBe(expectedCode);
        expectNoCrash(result.stderr);
        const summary = summaryOf(dir);
        expect(summary.status).toBe(status);
        expect(summary.jobs).toHaveLength(3);
        for (const id of ['alpha', 'beta', 'gamma']) {
          const log = fs.readFileSync(path.join(dir, 'logs', `${id}.log`), 'utf8');
          expect(log).toContain('line 03999');
        }
        const pids = pidsOf(dir);
        expect(pids).toHaveLength(3);
        expect(pids.filter((pid) => processAlive(pid))).toEqual([]);
      }
    },
    120_000,
  );
});
