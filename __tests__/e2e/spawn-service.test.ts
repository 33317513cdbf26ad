/**
 * The spawn service through the bundles, as users run them: the CLI and the action each find
 * spawn-service.py beside their bundle (scripts/package.mjs puts it there; the harness does the same), start
 * it for a run of more jobs than workers, and the jobs it starts report as any other.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  actionBundle,
  BUILD_TIMEOUT_MS,
  cliBundle,
  nodeBinary,
  runAction,
} from './support/action-harness.js';

const linux = process.platform === 'linux';
const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

beforeAll(
  async () => {
    await Promise.all([cliBundle(), actionBundle()]);
  },
  2 * BUILD_TIMEOUT_MS + 30_000,
);

const JOBS = 12;

/** A workspace of JOBS command jobs: each names its parent process, then exits with its number modulo 3. */
function workspace(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'to-e2e-spawn-')));
  made.push(dir);
  const jobs: Record<string, { command: string[] }> = {};
  for (let index = 0; index < JOBS; index++) {
    jobs[`job${String(index).padStart(2, '0')}`] = {
      command: [
        'sh',
        '-c',
        `sleep 0.2; echo "parent: $(tr '\\0' ' ' < /proc/$PPID/cmdline)"; exit ${index % 3}`,
      ],
    };
  }
  fs.writeFileSync(path.join(dir, 'jobs.json'), JSON.stringify({ jobs }));
  return dir;
}

interface Summary {
  jobs: Array<{ id: string; status: string; exit_code: number | null }>;
}

/** Checks the summary, and whether the service beside `bundle` started any job (`viaService`). */
function check(dir: string, bundle: string, viaService = true): void {
  const folder = path.join(dir, 'summaries');
  const file = fs.readdirSync(folder).find((name) => name.endsWith('.json'))!;
  const summary = JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8')) as Summary;
  expect(summary.jobs.map((job) => [job.id, job.status, job.exit_code])).toEqual(
    Array.from({ length: JOBS }, (_, index) => [
      `job${String(index).padStart(2, '0')}`,
      index % 3 === 0 ? 'succeeded' : 'failed',
      index % 3,
    ]),
  );
  const parents = summary.jobs.map(
    (job) => /^parent: (.*)$/m.exec(fs.readFileSync(path.join(dir, 'logs', `${job.id}.log`), 'utf8'))?.[1],
  );
  // The service beside the bundle started some of them (the first ones start before it is ready), or none.
  const service = path.join(path.dirname(bundle), 'spawn-service.py');
  expect(parents.some((parent) => parent?.includes(service))).toBe(viaService);
  expect(parents.every((parent) => parent !== undefined)).toBe(true);
}

/** The CLI bundle in `dir` with `env` added: its exit code and everything it printed. */
async function runCliBundle(
  dir: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; output: string }> {
  const cli = await cliBundle();
  const args = [cli, '--config', 'jobs.json', '--no-auto-discover', '--parallel', '--max-workers', '2'];
  const child = spawn(nodeBinary(), args, {
    cwd: dir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { code, output };
}

(linux ? describe : describe.skip)('the spawn service in the bundles (Linux)', () => {
  test('the CLI', async () => {
    const dir = workspace();
    const { code, output } = await runCliBundle(dir);
    expect(code).toBe(1);
    expect(output).not.toMatch(/spawn service/i);
    check(dir, await cliBundle());
  });

  test('the CLI with TRAINING_ORCHESTRATOR_SPAWN_SERVICE=off: no job starts through the service', async () => {
    const dir = workspace();
    const { code, output } = await runCliBundle(dir, { TRAINING_ORCHESTRATOR_SPAWN_SERVICE: 'off' });
    expect(code).toBe(1);
    expect(output).not.toMatch(/spawn service/i);
    check(dir, await cliBundle(), false);
  });

  test('the CLI with TRAINING_ORCHESTRATOR_SPAWN_SERVICE=yes: exit 2 before any job, naming the variable', async () => {
    const dir = workspace();
    const { code, output } = await runCliBundle(dir, { TRAINING_ORCHESTRATOR_SPAWN_SERVICE: 'yes' });
    expect(code).toBe(2);
    expect(output).toBe(
      "error: Invalid TRAINING_ORCHESTRATOR_SPAWN_SERVICE 'yes'. Expected auto or off (empty or unset means auto).\n",
    );
    expect(fs.existsSync(path.join(dir, 'logs'))).toBe(false);
  });

  /** The action bundle on the jobs of `workspace()`, with `env` added (a step's `env:`): what it printed. */
  async function runActionOn(dir: string, env: Record<string, string> = {}): Promise<string> {
    const result = await runAction({
      workspace: dir,
      inputs: {
        config: 'jobs.json',
        no_auto_discover: 'true',
        parallel: 'true',
        max_workers: '2',
        upload_artifacts: 'false',
        allow_partial_success: 'true',
      },
      env,
    });
    return `${result.stdout}${result.stderr}`;
  }

  test('the action', async () => {
    const dir = workspace();
    const output = await runActionOn(dir);
    expect(output).not.toMatch(/::(warning|error)[^\n]*spawn service/i);
    expect(output).toMatch(/::debug::Spawn service ready/);
    check(dir, await actionBundle());
  });

  test('the action with TRAINING_ORCHESTRATOR_SPAWN_SERVICE=off (a step’s `env:`): Node’s spawn for every job', async () => {
    const dir = workspace();
    const output = await runActionOn(dir, { TRAINING_ORCHESTRATOR_SPAWN_SERVICE: 'off' });
    expect(output).not.toMatch(/Spawn service ready/);
    expect(output).toMatch(/::debug::Spawn service turned off/);
    check(dir, await actionBundle(), false);
  });
});
