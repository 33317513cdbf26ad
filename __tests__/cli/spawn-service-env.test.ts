/**
 * TRAINING_ORCHESTRATOR_SPAWN_SERVICE through the CLI, real processes: `off` starts every job with Node's
 * spawn (no job's parent is the service), `auto` does not (the same check can fail), and any other value is
 * an input error (exit 2) before anything runs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCliInMemory } from '../support/cli-in-memory.js';

const linux = process.platform === 'linux';
const JOBS = 4;

const cli = runCliInMemory;

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** JOBS command jobs, each naming the process that started it (the service is a python3 process). */
function workspace(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'to-cli-spawn-env-')));
  made.push(dir);
  const jobs: Record<string, { command: string[] }> = {};
  for (let index = 0; index < JOBS; index++)
    jobs[`job${index}`] = { command: ['sh', '-c', 'sleep 0.3; echo "parent=$(cat /proc/$PPID/comm)"'] };
  fs.writeFileSync(path.join(dir, 'jobs.json'), JSON.stringify({ jobs }));
  return dir;
}

/** The parent's command name each job logged. */
function parents(dir: string): string[] {
  return Array.from(
    { length: JOBS },
    (_, index) =>
      /^parent=(.*)$/m.exec(fs.readFileSync(path.join(dir, 'logs', `job${index}.log`), 'utf8'))?.[1] ?? '?',
  );
}

/** More jobs than workers: a run the spawn service is for. */
const ARGS = ['--config', 'jobs.json', '--no-auto-discover', '--parallel', '--max-workers', '1', '--verbose'];

(linux ? describe : describe.skip)('TRAINING_ORCHESTRATOR_SPAWN_SERVICE in the CLI (Linux)', () => {
  test('off: every job starts with Node’s spawn, and the debug output says so', async () => {
    const dir = workspace();
    const result = await cli(ARGS, { ...process.env, TRAINING_ORCHESTRATOR_SPAWN_SERVICE: 'off' }, dir);
    expect(result.code).toBe(0);
    expect(parents(dir).filter((name) => name.startsWith('python'))).toEqual([]);
    expect(result.err).toMatch(/Spawn service turned off/);
    expect(result.err).not.toMatch(/Spawn service ready/);
  });

  test('auto (unset): the later jobs start through the service (the check above can fail)', async () => {
    const dir = workspace();
    const env = { ...process.env };
    delete env.TRAINING_ORCHESTRATOR_SPAWN_SERVICE;
    const result = await cli(ARGS, env, dir);
    expect(result.code).toBe(0);
    expect(parents(dir).some((name) => name.startsWith('python'))).toBe(true);
    expect(result.err).toMatch(/Spawn service ready/);
  });

  test.each(['on', 'OFF', 'no'])(
    '%s: an input error (exit 2) naming the variable, nothing run',
    async (value) => {
      const dir = workspace();
      const result = await cli(ARGS, { ...process.env, TRAINING_ORCHESTRATOR_SPAWN_SERVICE: value }, dir);
      expect(result.code).toBe(2);
      expect(result.err).toBe(
        `error: Invalid TRAINING_ORCHESTRATOR_SPAWN_SERVICE '${value}'. Expected auto or off (empty or unset means auto).\n`,
      );
      expect(fs.existsSync(path.join(dir, 'logs'))).toBe(false);
    },
  );
});
