import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, type CliIo } from '../../src/cli/main.js';

/**
 * The CLI's dry run, pasted into bash where the CLI ran, does what the CLI's real run does: same argv, same
 * working directory, same env (the config's `cwd` and `env`, odd characters included). A recorder script
 * writes what it received; both runs are compared. Also: a run in a repository with a planted link.
 */
const RECORDER = [
  'import json, os, sys',
  'with open(sys.argv[1], "w") as f:',
  '    json.dump({"argv": sys.argv[1:], "cwd": os.getcwd(), "env": {k: v for k, v in os.environ.items() if k in ("NOTE", "SEED", "UID", "EMPTY")}}, f)',
  '',
].join('\n');

function io(cwd: string): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (text) => void stdout.push(text),
    err: (text) => void stderr.push(text),
    env: {},
    cwd,
    isTTY: false,
  };
}

let base: string;
beforeEach(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'to-cli-dry-'));
});
afterEach(() => {
  fs.rmSync(base, { recursive: true, force: true });
});

function repository(): { repo: string; received: string } {
  const repo = path.join(base, 'repo');
  const received = path.join(base, 'received.json');
  fs.mkdirSync(path.join(repo, 'training'), { recursive: true });
  fs.mkdirSync(path.join(repo, "sub dir's"), { recursive: true });
  fs.writeFileSync(path.join(repo, 'training', 'train_rec.py'), RECORDER);
  fs.writeFileSync(
    path.join(repo, 'jobs.yml'),
    [
      'jobs:',
      '  rec:',
      '    script: training/train_rec.py',
      `    cwd: "sub dir's"`,
      `    args: [${JSON.stringify(received)}, "it's", "$(touch pwned)", "\`id\`", "模型 🎉"]`,
      '    env:',
      `      NOTE: "two words, 'quoted' and $HOME\\nnext line"`,
      '      SEED: "7"',
      '      EMPTY: ""',
      '      UID: "12345"',
      '',
    ].join('\n'),
  );
  return { repo, received };
}

test.each([
  ['from the repository itself', (repo: string) => ({ cwd: repo, args: [] as string[] })],
  [
    'from the folder above it, with -C',
    (repo: string) => ({ cwd: path.dirname(repo), args: ['-C', 'repo'] }),
  ],
])('%s: the dry-run line, run by bash there, does what the real run does', async (_name, where) => {
  const { repo, received } = repository();
  const { cwd, args } = where(repo);

  const dry = io(cwd);
  expect(await runCli([...args, '--config', 'jobs.yml', '--dry-run'], dry)).toBe(0);
  const lines = dry.stdout.join('');
  expect(lines).toContain('UID=12345');
  execFileSync('bash', ['-c', lines], { cwd, stdio: 'pipe' });
  const pasted = JSON.parse(fs.readFileSync(received, 'utf8')) as unknown;
  fs.rmSync(received);

  const run = io(cwd);
  expect(await runCli([...args, '--config', 'jobs.yml'], run)).toBe(0);
  const spawned = JSON.parse(fs.readFileSync(received, 'utf8')) as unknown;

  expect(pasted).toEqual(spawned);
  expect(spawned).toMatchObject({
    cwd: fs.realpathSync(path.join(repo, "sub dir's")),
    env: { NOTE: "two words, 'quoted' and $HOME\nnext line", SEED: '7', EMPTY: '', UID: '12345' },
  });
  expect(fs.existsSync(path.join(repo, "sub dir's", 'pwned'))).toBe(false);
});

test('a run with a planted log link: exit 2 naming the job and logs_dir, nothing written outside', async () => {
  const { repo } = repository();
  const outside = path.join(base, 'outside');
  fs.mkdirSync(outside);
  fs.mkdirSync(path.join(repo, 'logs'));
  fs.symlinkSync('../../outside/rec.log', path.join(repo, 'logs', 'rec.log'));
  const run = io(repo);
  expect(await runCli(['--config', 'jobs.yml'], run)).toBe(2);
  expect(run.stderr.join('')).toMatch(
    /^error: Job 'rec': its log file 'logs\/rec\.log': it leads outside the working directory through a symbolic link/,
  );
  expect(fs.readdirSync(outside)).toEqual([]);
});
