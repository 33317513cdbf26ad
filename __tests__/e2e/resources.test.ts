/**
 * The bundled CLI schedules by GPUs the way a user's machine shows them: a fake `nvidia-smi` first on PATH lists
 * two devices; jobs record the CUDA_VISIBLE_DEVICES and OMP_NUM_THREADS they got; a job asking for more GPUs
 * than exist stops the run before anything starts (exit 2, the message naming the job and the devices).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUILD_TIMEOUT_MS, cliBundle, nodeBinary } from './support/action-harness.js';
import { fakeNvidiaSmi, TWO_GPUS } from '../resources/fake-nvidia-smi.js';

let cli = '';
beforeAll(async () => {
  cli = await cliBundle();
}, BUILD_TIMEOUT_MS + 30_000);

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

const RECORD = `import json, os, sys
names = ["CUDA_VISIBLE_DEVICES", "OMP_NUM_THREADS"]
open("env-" + sys.argv[1] + ".json", "w").write(json.dumps({n: os.environ.get(n) for n in names}))
`;

function repo(jobs: string): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'to-e2e-res-')));
  made.push(dir);
  fs.writeFileSync(path.join(dir, 'record.py'), RECORD);
  fs.writeFileSync(path.join(dir, 'jobs.yml'), `jobs:\n${jobs}`);
  return dir;
}

function runCli(dir: string, args: string[]) {
  const bin = fakeNvidiaSmi(TWO_GPUS);
  made.push(bin);
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` };
  delete env.CUDA_VISIBLE_DEVICES;
  delete env.OMP_NUM_THREADS;
  return spawnSync(nodeBinary(), [cli, '-C', dir, '--config', 'jobs.yml', '--no-auto-discover', ...args], {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
}

const job = (id: string, gpus: number) =>
  `  ${id}:\n    command: [python3, record.py, ${id}]\n    gpus: ${gpus}\n`;

test('detected GPUs are shared out: each job sees exactly its own, a job without GPUs sees none', () => {
  const dir = repo(job('one', 1) + job('two', 1) + job('none', 0));
  const run = runCli(dir, ['--parallel', '--max-workers', '3', '--cpus', '3', '--verbose']);
  expect(run.stderr).not.toMatch(/error/i);
  expect(run.status).toBe(0);
  const env = (id: string) => JSON.parse(fs.readFileSync(path.join(dir, `env-${id}.json`), 'utf8'));
  expect([env('one').CUDA_VISIBLE_DEVICES, env('two').CUDA_VISIBLE_DEVICES].sort()).toEqual(['0', '1']);
  expect(env('none')).toEqual({ CUDA_VISIBLE_DEVICES: '', OMP_NUM_THREADS: '1' });
  expect(run.stderr).toMatch(
    /Resources: 3 CPUs \(the cpus input\), .* GPUs 0,1 \(detected with nvidia-smi -L\)/,
  );
});

test('a job asking for more GPUs than nvidia-smi lists is refused before anything starts', () => {
  const dir = repo(job('small', 0) + job('big', 8));
  const run = runCli(dir, ['--parallel']);
  expect(run.status).toBe(2);
  expect(run.stderr).toMatch(
    /job 'big' asks for 8 GPUs but there are 2 \(0,1\) \(detected with nvidia-smi -L\)/,
  );
  expect(fs.existsSync(path.join(dir, 'env-small.json'))).toBe(false);
});
