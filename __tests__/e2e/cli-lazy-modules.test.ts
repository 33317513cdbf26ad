/**
 * The bundled CLI loads only what a run uses: the YAML parser, the job cache, the baseline reader, the
 * webhook, `compare` and the sharding modes sit in chunks of their own (import() in src/cli/main.ts,
 * src/orchestrate/orchestrate.ts and src/plan/config.ts), which a plain run with a JSON config (or none)
 * never reads or compiles. Checked on the real bundle with a module resolve hook that lists every file
 * loaded, as bench/cold-start.mjs does; each chunk is also shown to be loaded when its feature is used.
 * The same holds for Node's own modules that cost a start milliseconds: a plain run never loads node:crypto
 * (the bundle requires builtins through createRequire, so a patched Module._load sees each one).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BUILD_TIMEOUT_MS, cliBundle, nodeBinary } from './support/action-harness.js';

/** A text only the code of each lazily loaded part holds (a function's name; ncc keeps names). */
const PARTS = {
  yaml: 'function parseYaml(',
  cache: 'function planJobKeys(',
  baseline: 'function readBaseline(',
  webhook: 'function notifyRun(',
  compare: 'function runCompare(',
  modes: 'function runPlanMode(',
} as const;
type Part = keyof typeof PARTS;

const HOOKS = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (result.url.startsWith('file:')) appendFileSync(process.env.LOADED_FILES, result.url + '\\n');
  return result;
}
`;

/** Lists every builtin the bundle requires (ncc turns `import … from 'node:x'` into a require). */
const BUILTINS_HOOK = `const Module = require('node:module');
const { appendFileSync } = require('node:fs');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (typeof request === 'string' && request.startsWith('node:')) appendFileSync(process.env.LOADED_FILES, request + '\\n');
  return load.call(this, request, ...rest);
};
`;

let cli = '';
let scratch = '';
beforeAll(async () => {
  cli = await cliBundle();
  scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'to-e2e-lazy-')));
  fs.writeFileSync(path.join(scratch, 'hooks.mjs'), HOOKS);
  fs.writeFileSync(path.join(scratch, 'builtins.cjs'), BUILTINS_HOOK);
}, BUILD_TIMEOUT_MS + 30_000);

afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

function bundleFiles(): string[] {
  const dir = path.dirname(cli);
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.js'))
    .map((name) => path.join(dir, name));
}

/** The chunk holding a part; fails when the part is not split off the entry file (nothing to skip then). */
function chunkOf(part: Part): string {
  const holders = bundleFiles().filter((file) => fs.readFileSync(file, 'utf8').includes(PARTS[part]));
  expect(holders.length).toBeGreaterThan(0);
  expect(holders).not.toContain(cli);
  return holders[0];
}

let runs = 0;
/** Runs the CLI in `workspace` with the hook; returns its exit status and the parts whose chunks it loaded. */
function run(
  workspace: string,
  args: string[],
): { code: number | null; stdout: string; stderr: string; loaded: Set<Part>; builtins: Set<string> } {
  const list = path.join(scratch, `loaded-${++runs}.txt`);
  fs.writeFileSync(list, '');
  const register = `import { register } from 'node:module'; register(${JSON.stringify(
    pathToFileURL(path.join(scratch, 'hooks.mjs')).href,
  )});`;
  const result = spawnSync(
    nodeBinary(),
    [
      '--require',
      path.join(scratch, 'builtins.cjs'),
      '--import',
      `data:text/javascript,${encodeURIComponent(register)}`,
      cli,
      '-C',
      workspace,
      ...args,
    ],
    { env: { ...process.env, LOADED_FILES: list, NO_COLOR: '1' }, encoding: 'utf8' },
  );
  const lines = fs.readFileSync(list, 'utf8').split('\n').filter(Boolean);
  const builtins = new Set(lines.filter((line) => line.startsWith('node:')));
  const files = new Set(lines.filter((line) => line.startsWith('file:')).map((url) => fileURLToPath(url)));
  const loaded = new Set((Object.keys(PARTS) as Part[]).filter((part) => files.has(chunkOf(part))));
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, loaded, builtins };
}

function workspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(scratch, 'ws-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const JSON_CONFIG = `${JSON.stringify({ jobs: { hello: { command: ['python3', '-c', 'print("hi")'] } } })}\n`;
const YAML_CONFIG = 'jobs:\n  hello:\n    command: ["python3", "-c", "print(\\"hi\\")"]\n';

describe('a plain run loads none of the optional parts', () => {
  test.each([
    ['a JSON config', { 'jobs.json': JSON_CONFIG }, ['--config', 'jobs.json', '--no-auto-discover']],
    ['no config (discovered scripts)', { 'training/train_a.py': 'print("a")\n' }, []],
    ['--list with a JSON config', { 'jobs.json': JSON_CONFIG }, ['--config', 'jobs.json', '--list']],
  ])('%s', (_name, files, args) => {
    const result = run(workspace(files), args);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect([...result.loaded]).toEqual([]);
    // The hook sees the builtins the bundle requires, and node:crypto is not one of them.
    expect(result.builtins.has('node:child_process')).toBe(true);
    expect(result.builtins.has('node:crypto')).toBe(false);
  });

  test('a script name that needs a hashed id still gets it (node:crypto loaded for it alone)', () => {
    const result = run(workspace({ 'training/train_模型.py': 'print("a")\n' }), ['--list']);
    expect(result.code).toBe(0);
    const hash = createHash('sha256').update('train_模型.py', 'utf8').digest('hex').slice(0, 8);
    expect(result.stdout).toContain(`x-${hash}`);
    expect(result.builtins.has('node:crypto')).toBe(true);
  });
});

describe('each part is loaded when its feature is used', () => {
  test('a YAML config loads the YAML parser, and only it', () => {
    const result = run(workspace({ '.github/training-jobs.yml': YAML_CONFIG }), []);
    expect(result.code).toBe(0);
    expect([...result.loaded]).toEqual(['yaml']);
  });

  test('--cache loads the cache code', () => {
    const dir = workspace({ 'jobs.json': JSON_CONFIG });
    const result = run(dir, [
      '--config',
      'jobs.json',
      '--no-auto-discover',
      '--cache',
      '--cache-dir',
      path.join(dir, 'cache'),
    ]);
    expect(result.code).toBe(0);
    expect(result.loaded.has('cache')).toBe(true);
    expect(result.builtins.has('node:crypto')).toBe(true);
  });

  test('--baseline loads the baseline reader', () => {
    const result = run(workspace({ 'jobs.json': JSON_CONFIG }), [
      '--config',
      'jobs.json',
      '--no-auto-discover',
      '--baseline',
      'summaries/none.json',
    ]);
    expect(result.code).toBe(0);
    expect(result.loaded.has('baseline')).toBe(true);
  });

  test('compare and plan load their own code', () => {
    const dir = workspace({ 'jobs.json': JSON_CONFIG, 'a.json': '{}\n' });
    expect(run(dir, ['compare', 'a.json', 'a.json']).loaded.has('compare')).toBe(true);
    expect(run(dir, ['plan', '--config', 'jobs.json', '--shards', '2']).loaded.has('modes')).toBe(true);
  });
});
