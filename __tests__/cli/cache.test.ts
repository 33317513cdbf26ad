import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parseCliArgs } from '../../src/cli/args.js';
import { runCli, type CliIo } from '../../src/cli/main.js';

function io(cwd: string, env: NodeJS.ProcessEnv = {}): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (t) => void stdout.push(t),
    err: (t) => void stderr.push(t),
    env,
    cwd,
    isTTY: false,
  };
}

let base: string;
let repo: string;
beforeEach(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'to-cli-cache-'));
  repo = path.join(base, 'repo');
  fs.mkdirSync(path.join(repo, 'training'), { recursive: true });
  fs.writeFileSync(path.join(repo, 'training', 'train_one.py'), 'import os, sys\nprint("ran")\n');
});
afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

test.each([
  [['--cache'], { enabled: true }],
  [['--no-cache'], { enabled: false }],
  [[], { enabled: undefined, force: [] }],
  [['--force', 'a', '--force', 'b,c'], { force: ['a', 'b', 'c'] }],
  [['--cache-size-limit', '2G'], { sizeLimit: 2 * 1024 ** 3 }],
  [['--cache-size-limit', '2GiB'], { sizeLimit: 2 * 1024 ** 3 }],
  // The units of `memory`: MB is 1000² (it was 1024² here before the two size parsers became one).
  [['--cache-size-limit', '500MB'], { sizeLimit: 500e6 }],
  [['--cache-size-limit', '1048576'], { sizeLimit: 1048576 }], // a bare number is bytes, as it always was
  [['--cache-dir', '/tmp/x'], { dir: '/tmp/x' }],
  [['cache', 'list'], { action: 'list' }],
  [['cache', 'clear'], { action: 'clear' }],
])('parseCliArgs %j', (argv, expected) => {
  expect(parseCliArgs(argv).cache).toMatchObject(expected);
});

test.each([
  [['--cache', '--no-cache'], /--cache with --no-cache/],
  [['--cache-size-limit', 'lots'], /Invalid --cache-size-limit 'lots'/],
  [['--cache-size-limit', '0'], /Invalid --cache-size-limit '0'/],
  [
    ['--cache-size-limit', '1.5'],
    /^Invalid --cache-size-limit '1\.5'\. Expected a size above 0, such as 10GiB, 500MB or 2G \(K, M, G, T and KiB…TiB are powers of 1024; KB, MB, GB, TB powers of 1000; B bytes; a whole number without a unit is bytes\)\.$/,
  ],
  [['--cache-size-limit', '2PB'], /Invalid --cache-size-limit '2PB'/],
  [['cache'], /cache needs one action, list or clear/],
  [['cache', 'purge'], /cache needs one action/],
])('parseCliArgs refuses %j', (argv, message) => {
  expect(() => parseCliArgs(argv)).toThrow(message);
});

test('run --cache twice: the second run is cached; cache list shows the entry; cache clear empties it', async () => {
  const cacheDir = path.join(base, 'cache');
  const first = io(repo);
  expect(await runCli(['--cache', '--cache-dir', cacheDir], first)).toBe(0);
  expect(first.stdout.join('')).toContain('ran');
  const second = io(repo);
  expect(await runCli(['--cache', '--cache-dir', cacheDir], second)).toBe(0);
  const out = second.stdout.join('');
  expect(out).not.toContain('ran\n');
  expect(out).toMatch(/✓ one cached/);
  const list = io(repo);
  expect(await runCli(['cache', 'list', '--cache-dir', cacheDir], list)).toBe(0);
  expect(list.stdout.join('')).toMatch(/^1 cache entry, .* in /);
  expect(list.stdout.join('')).toMatch(/\none {2}[0-9a-f]{12} /);
  const clear = io(repo);
  expect(await runCli(['cache', 'clear', '--cache-dir', cacheDir], clear)).toBe(0);
  expect(clear.stdout.join('')).toMatch(/^Removed 1 cache entry/);
  const third = io(repo);
  expect(await runCli(['--cache', '--cache-dir', cacheDir], third)).toBe(0);
  expect(third.stdout.join('')).toContain('ran');
});

test('the cache is off by default, and its folder defaults under XDG_CACHE_HOME', async () => {
  const xdg = path.join(base, 'xdg');
  expect(await runCli([], io(repo, { XDG_CACHE_HOME: xdg }))).toBe(0);
  expect(fs.existsSync(xdg)).toBe(false);
  expect(await runCli(['--cache'], io(repo, { XDG_CACHE_HOME: xdg }))).toBe(0);
  expect(fs.readdirSync(path.join(xdg, 'training-orchestrator', 'entries'))).toHaveLength(1);
});

test('--force with an unknown id is an error naming the flag, before any job starts', async () => {
  const terminal = io(repo);
  expect(await runCli(['--cache', '--cache-dir', path.join(base, 'c'), '--force', 'nope'], terminal)).toBe(2);
  expect(terminal.stderr.join('')).toMatch(/error: Invalid --force 'nope': no job of the plan has this id/);
  expect(terminal.stdout.join('')).not.toContain('ran');
});

describe("the summary's options list the cache flags", () => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/);
  const validate = ajv.compile(
    JSON.parse(fs.readFileSync(path.join(root, 'schemas', 'summary.schema.json'), 'utf8')),
  );
  /** The run's summary options, the summary checked against its schema (which refuses unknown options). */
  const optionsOf = (): Record<string, unknown> => {
    const dir = path.join(repo, 'summaries');
    const file = fs.readdirSync(dir).find((name) => /^training_summary_.*\.json$/.test(name));
    const summary = JSON.parse(fs.readFileSync(path.join(dir, file!), 'utf8'));
    fs.rmSync(dir, { recursive: true, force: true });
    expect(validate(summary) ? [] : validate.errors).toEqual([]);
    return summary.options;
  };

  test.each<[string[], Record<string, unknown>, string[]]>([
    [[], { cache: false, force: [] }, ['cache_size_limit_bytes']],
    [['--no-cache', '--force', 'one'], { cache: false, force: ['one'] }, ['cache_size_limit_bytes']],
    [['--cache'], { cache: true, force: [], cache_size_limit_bytes: 10 * 1024 ** 3 }, []],
    [
      ['--cache', '--force', 'o*,one', '--cache-size-limit', '500MB'],
      { cache: true, force: ['o*', 'one'], cache_size_limit_bytes: 500e6 },
      [],
    ],
  ])('%j', async (argv, expected, absent) => {
    expect(await runCli([...argv, '--cache-dir', path.join(base, 'c')], io(repo))).toBe(0);
    const options = optionsOf();
    expect(options).toMatchObject(expected);
    for (const name of absent) expect(options).not.toHaveProperty(name);
  });
});
