import { spawn as realSpawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalCacheStore } from '../../src/cache/local-store.js';
import type { Logger } from '../../src/model/types.js';
import { orchestrate } from '../../src/orchestrate/orchestrate.js';
import { parseSettings } from '../../src/plan/settings.js';
import type { RawInputs } from '../../src/plan/inputs.js';

/**
 * The job cache on real runs of real Python scripts: a second run with nothing changed restores every job and
 * spawns nothing; a change to a helper module, a declared data file or --epochs reruns exactly the jobs it touches;
 * a corrupted entry is detected and its job runs; the restored results folder is byte-identical.
 */

let base: string;
let repo: string;
let cacheDir: string;
beforeEach(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'to-cache-'));
  repo = path.join(base, 'repo');
  cacheDir = path.join(base, 'cache');
  write('helpers/__init__.py', '');
  write('helpers/features.py', 'from .scaling import scale\nFEATURES = 3\n');
  write('helpers/scaling.py', 'def scale(x):\n    return x * 2\n');
  write('helpers/unused.py', 'X = 1\n');
  write('data/a.csv', 'x\n1\n');
  const body = (extra: string) =>
    [
      'import argparse, json, os, sys',
      'sys.path.insert(0, os.getcwd())',
      extra,
      'p = argparse.ArgumentParser()',
      'p.add_argument("--epochs", type=int, default=1)',
      'p.add_argument("--output-dir", default=".")',
      'a, _ = p.parse_known_args()',
      'os.makedirs(os.path.join(a.output_dir, "metrics"), exist_ok=True)',
      'os.makedirs(os.path.join(a.output_dir, "models"), exist_ok=True)',
      'json.dump({"accuracy": 0.9, "epochs": a.epochs}, open(os.path.join(a.output_dir, "metrics", "m.json"), "w"))',
      'open(os.path.join(a.output_dir, "models", "w.bin"), "wb").write(bytes(range(256)))',
      'print("trained", os.environ.get("TOKEN_NAME", ""))',
      '',
    ].join('\n');
  write('training/train_direct.py', body('from helpers.features import FEATURES'));
  write('training/train_transitive.py', body('import helpers.features'));
  write('training/train_plain.py', body('import math'));
  write('training/train_data.py', body('data = open("data/a.csv").read()'));
  write('training/train_fixed.py', 'print("takes no flags")\n');
  write(
    'jobs.yml',
    ['jobs:', '  data:', '    script: training/train_data.py', '    inputs: ["data/*.csv"]', ''].join('\n'),
  );
});
afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

function write(relative: string, text: string): void {
  const file = path.join(repo, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

interface Run {
  spawned: string[];
  statuses: Record<string, string>;
  lines: string[];
  result: Awaited<ReturnType<typeof orchestrate>>;
}

async function run(
  inputs: RawInputs = {},
  options: {
    force?: string[];
    secrets?: string[];
    env?: Record<string, string>;
    requirements?: string[];
  } = {},
): Promise<Run> {
  const settings = parseSettings({ config: 'jobs.yml', ...inputs }, { workspace: repo });
  settings.cache = true;
  settings.forceJobs = options.force ?? [];
  settings.cacheInputs = options.requirements;
  settings.secrets.push(...(options.secrets ?? []));
  Object.assign(settings.jobEnv, options.env ?? {});
  const spawned: string[] = [];
  const lines: string[] = [];
  const logger: Logger = {
    info: (m) => lines.push(m),
    warn: (m) => lines.push(`warning: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
    debug: () => undefined,
  };
  const spawn = ((command: string, args: readonly string[], opts: object) => {
    spawned.push(args.find((word) => word.endsWith('.py')) ?? command);
    return realSpawn(command, args, opts);
  }) as unknown as typeof realSpawn;
  const result = await orchestrate(settings, {
    logger,
    spawn,
    cacheStore: new LocalCacheStore(cacheDir),
    runOverrides: { retryDelayMs: 0 },
  });
  const statuses = Object.fromEntries(result.results.map((r) => [r.id, r.status]));
  return { spawned, statuses, lines, result };
}

function ranJobs(r: Run): string[] {
  return Object.entries(r.statuses)
    .filter(([, status]) => status === 'succeeded')
    .map(([id]) => id)
    .sort();
}

function tree(folder: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(folder, { recursive: true, withFileTypes: true })) {
    const rel = path.relative(folder, path.join(entry.parentPath, entry.name));
    out[rel] = entry.isDirectory() ? '<dir>' : fs.readFileSync(path.join(folder, rel)).toString('base64');
  }
  return out;
}

test('a second run with nothing changed restores every job, spawns nothing, and leaves a byte-identical results folder', async () => {
  const first = await run();
  expect(first.spawned).toHaveLength(5);
  expect(first.result.summary?.counts.cached ?? 0).toBe(0);
  expect(first.lines.filter((l) => l.startsWith('warning'))).toEqual([]);
  expect(first.result.results.every((r) => r.cache?.outcome === 'stored')).toBe(true);
  const before = tree(path.join(repo, 'results'));

  const second = await run();
  expect(second.spawned).toEqual([]);
  expect(Object.values(second.statuses)).toEqual(['cached', 'cached', 'cached', 'cached', 'cached']);
  expect(second.result.summary?.counts).toMatchObject({ total: 5, succeeded: 5, cached: 5 });
  expect(second.result.status).toBe('success');
  expect(tree(path.join(repo, 'results'))).toEqual(before);
  const log = fs.readFileSync(path.join(repo, 'logs', 'direct.log'), 'utf8');
  const key = second.result.results.find((r) => r.id === 'direct')?.cache?.key as string;
  expect(log.split('\n')[0]).toContain(`key ${key}`);
  expect(log.split('\n')[0]).toMatch(/stored by local \d{4}-/);
  expect(log).toContain('trained');
  expect(second.result.summary?.jobs.find((j) => j.id === 'direct')?.metrics).toEqual({
    accuracy: 0.9,
    epochs: 1,
  });
  // No staging folder is left in the working directory.
  expect(fs.readdirSync(repo).filter((name) => name.startsWith('.training-orchestrator'))).toEqual([]);
});

test('changing a helper module reruns exactly the jobs that import it, directly or transitively', async () => {
  await run();
  write('helpers/scaling.py', 'def scale(x):\n    return x * 3\n');
  const second = await run();
  expect(ranJobs(second)).toEqual(['direct', 'transitive']);
  expect(second.spawned.sort()).toEqual(
    [expect.stringContaining('train_direct.py'), expect.stringContaining('train_transitive.py')].sort(),
  );
  expect(second.result.results.find((r) => r.id === 'direct')?.cache?.reason).toContain(
    'helpers/scaling.py changed',
  );

  write('helpers/unused.py', 'X = 2\n');
  const third = await run();
  expect(third.spawned).toEqual([]);
});

test('changing a declared data file reruns its job only', async () => {
  await run();
  write('data/a.csv', 'x\n2\n');
  const second = await run();
  expect(ranJobs(second)).toEqual(['data']);
});

test('changing --epochs reruns the jobs that take --epochs', async () => {
  await run({ epochs: '2' });
  const second = await run({ epochs: '3' });
  expect(ranJobs(second)).toEqual(['data', 'direct', 'plain', 'transitive']);
  expect(second.statuses.fixed).toBe('cached');
  const again = await run({ epochs: '3' });
  expect(again.spawned).toEqual([]);
});

test('--force reruns the job even when cached; an unknown id is an error naming the flag', async () => {
  await run();
  const forced = await run({}, { force: ['plain'] });
  expect(ranJobs(forced)).toEqual(['plain']);
  expect(forced.result.results.find((r) => r.id === 'plain')?.cache?.outcome).toBe('forced');
  await expect(run({}, { force: ['nope'] })).rejects.toThrow(/Invalid force 'nope'/);
});

test('a corrupted entry is detected and its job runs; the job folder is never half restored', async () => {
  await run();
  const entries = path.join(cacheDir, 'entries');
  for (const key of fs.readdirSync(entries)) {
    const file = path.join(entries, key, 'output', 'models', 'w.bin');
    if (fs.existsSync(file)) fs.writeFileSync(file, 'tampered');
  }
  const second = await run();
  expect(second.spawned).toHaveLength(4);
  expect(second.lines.filter((l) => l.includes('the entry is corrupted'))).toHaveLength(4);
  // The job that wrote no file has nothing to tamper with: its entry still verifies.
  expect(second.statuses).toEqual({
    data: 'succeeded',
    direct: 'succeeded',
    fixed: 'cached',
    plain: 'succeeded',
    transitive: 'succeeded',
  });
  expect(fs.readFileSync(path.join(repo, 'results', 'plain_results', 'models', 'w.bin'))).toEqual(
    Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
  );
});

test('the same commit in two folders gives the same keys', async () => {
  const first = await run();
  const keys = first.result.results.map((r) => r.cache?.key);
  const other = path.join(base, 'elsewhere', 'clone');
  fs.mkdirSync(path.dirname(other), { recursive: true });
  fs.cpSync(repo, other, { recursive: true });
  fs.rmSync(path.join(other, 'results'), { recursive: true });
  repo = other;
  const second = await run();
  expect(second.result.results.map((r) => r.cache?.key)).toEqual(keys);
  expect(second.spawned).toEqual([]);
});

test('a restored job takes part in gates as if it had run', async () => {
  write(
    'jobs.yml',
    [
      'gates:',
      '  accuracy: { min: 0.95 }',
      'jobs:',
      '  data:',
      '    script: training/train_data.py',
      '',
    ].join('\n'),
  );
  const first = await run();
  expect(first.result.status).toBe('failure');
  const second = await run();
  expect(second.spawned).toEqual([]);
  expect(second.result.status).toBe('failure');
  expect(second.result.summary?.jobs.every((j) => j.gates?.passed === false)).toBe(true);
});

test('dry-run says per job cached or will run, and why', async () => {
  await run();
  write('helpers/features.py', 'from .scaling import scale\nFEATURES = 4\n');
  const dry = await run({ dry_run: 'true' });
  expect(dry.spawned).toEqual([]);
  const lines = dry.lines.filter((l) => l.startsWith('cache: '));
  expect(lines.find((l) => l.startsWith('cache: plain:'))).toContain(': cached');
  expect(lines.find((l) => l.startsWith('cache: direct:'))).toContain(
    'will run (helpers/features.py changed)',
  );
});

test('the requirements files the action installs are in every key', async () => {
  write('requirements.txt', 'numpy==1.0\n');
  write('requirements-dev.txt', 'pytest\n');
  const requirements = ['requirements*.txt', '!requirements-dev.txt'];
  await run({}, { requirements });
  write('requirements-dev.txt', 'pytest==8\n');
  expect((await run({}, { requirements })).spawned).toEqual([]);
  write('requirements.txt', 'numpy==2.0\n');
  const changed = await run({}, { requirements });
  expect(ranJobs(changed)).toEqual(['data', 'direct', 'fixed', 'plain', 'transitive']);
  expect(changed.result.results[0].cache?.reason).toContain('requirements requirements.txt changed');
});

test('a restore never writes through a link planted in place of the output folder', async () => {
  await run();
  const outside = path.join(base, 'outside');
  fs.mkdirSync(outside);
  fs.rmSync(path.join(repo, 'results', 'plain_results'), { recursive: true });
  fs.symlinkSync(outside, path.join(repo, 'results', 'plain_results'));
  // The plan refuses it before anything is restored or run; placeEntry checks again for a link planted later.
  await expect(run()).rejects.toThrow(/leads outside the working directory through a symbolic link/);
  expect(fs.readdirSync(outside)).toEqual([]);
});
