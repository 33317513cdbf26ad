/**
 * Drives the bundled action the way the runner does: `node dist/index.js` with INPUT_* variables,
 * GITHUB_OUTPUT / GITHUB_STEP_SUMMARY / GITHUB_STATE files, a workspace, and signals.
 *
 * Which bundle: `E2E_DIST=<folder>` uses `<folder>/index.js` as it is (CI, after `npm run package`);
 * otherwise the action's entry is bundled with ncc once into a temporary folder keyed by a hash of the
 * sources, so every test file and every run reuses one fresh build and `dist/` is never touched.
 * Which node: `E2E_NODE` (relative to the repository root), default the node running the tests.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export const repoRoot = path.resolve(process.cwd());

export function nodeBinary(): string {
  const configured = process.env.E2E_NODE?.trim();
  return configured ? path.resolve(repoRoot, configured) : process.execPath;
}

/** Hash of everything that goes into the bundle: sources, the lock file, the bundler's options. */
function sourceHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const entry of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|py)$/.test(entry.name)) hash.update(full).update(fs.readFileSync(full));
    }
  };
  walk(path.join(repoRoot, 'src'));
  hash.update(fs.readFileSync(path.join(repoRoot, 'package-lock.json')));
  return hash.digest('hex').slice(0, 16);
}

/** A bundled entry point: its source, the name of its temporary build, and its place under E2E_DIST. */
interface BundleEntry {
  source: string;
  name: 'action' | 'cli';
  distPath: string;
}

const built = new Map<string, Promise<string>>();

function bundle(entry: BundleEntry): Promise<string> {
  let promise = built.get(entry.name);
  if (!promise) {
    promise = locateOrBuild(entry);
    built.set(entry.name, promise);
  }
  return promise;
}

/** The path of the action's main bundle (index.js). */
export function actionBundle(): Promise<string> {
  return bundle({ source: 'src/action/main.ts', name: 'action', distPath: 'index.js' });
}

/** The path of the CLI's bundle (`E2E_DIST/cli/index.js`, or built from src/cli/index.ts like the action's). */
export function cliBundle(): Promise<string> {
  return bundle({ source: 'src/cli/index.ts', name: 'cli', distPath: 'cli/index.js' });
}

async function locateOrBuild(entry: BundleEntry): Promise<string> {
  const dist = process.env.E2E_DIST?.trim();
  if (dist) {
    const bundle = path.resolve(repoRoot, dist, entry.distPath);
    if (!fs.existsSync(bundle))
      throw new Error(`E2E_DIST=${dist} but ${bundle} does not exist: run npm run package.`);
    return bundle;
  }
  const target = path.join(os.tmpdir(), `to-e2e-${entry.name}-${sourceHash()}`);
  const bundle = path.join(target, 'index.js');
  // One build at a time across test files (jest runs them in parallel workers): the first takes the lock,
  // the others wait for its bundle. A lock older than the longest build is a crashed run's: taken over.
  const lock = `${target}.lock`;
  const deadline = Date.now() + BUILD_TIMEOUT_MS;
  for (;;) {
    if (fs.existsSync(bundle)) return bundle;
    try {
      fs.mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > BUILD_TIMEOUT_MS) fs.rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline)
        throw new Error(`Timed out waiting for another test file to build ${bundle}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    if (fs.existsSync(bundle)) return bundle;
    const staging = fs.mkdtempSync(`${target}.staging-`);
    const ncc = path.join(repoRoot, 'node_modules/@vercel/ncc/dist/ncc/cli.js');
    // Not `--transpile-only`: ncc's ts-loader then emits CommonJS, which cannot load the ESM-only @actions/*.
    const args = [ncc, 'build', path.join(repoRoot, entry.source), '-o', staging, '-q', '--target', 'es2022'];
    try {
      await execFileAsync(process.execPath, args, {
        cwd: repoRoot,
        maxBuffer: 16 * 1024 * 1024,
        timeout: BUILD_TIMEOUT_MS,
      });
    } catch (error) {
      fs.rmSync(staging, { recursive: true, force: true });
      throw error;
    }
    // What `npm run package` ships beside each bundle that runs jobs (scripts/package.mjs).
    fs.copyFileSync(path.join(repoRoot, SPAWN_SERVICE), path.join(staging, path.basename(SPAWN_SERVICE)));
    fs.renameSync(staging, target);
    removeStaleBuilds(target, entry.name);
    return bundle;
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Builds of older sources, unused for an hour, go: each is a few MB of /tmp. */
function removeStaleBuilds(current: string, entryName: BundleEntry['name']): void {
  const dir = path.dirname(current);
  const pattern = new RegExp(`^to-e2e-${entryName}-[0-9a-f]{16}$`);
  for (const name of fs.readdirSync(dir)) {
    const full = path.join(dir, name);
    if (!pattern.test(name) || full === current) continue;
    const stats = fs.statSync(full, { throwIfNoEntry: false });
    if (stats && Date.now() - stats.mtimeMs > 3_600_000) fs.rmSync(full, { recursive: true, force: true });
  }
}

/** The spawn service (src/run/spawn-service.ts), copied beside the bundle as scripts/package.mjs does. */
const SPAWN_SERVICE = 'src/run/spawn-service.py';

/** The longest a bundle build may take (two shared cores, a cold ncc cache). */
export const BUILD_TIMEOUT_MS = 240_000;

export interface ActionRun {
  child: ChildProcess;
  /** Resolves when the process has exited and its output is read. */
  done: Promise<ActionResult>;
  /** Everything printed so far (stdout and stderr interleaved as they arrived). */
  output(): string;
}

export interface ActionResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  stepSummary: string;
  state: Record<string, string>;
  /** The HOME the action ran with (a fresh folder per run). */
  home: string;
}

export interface StartOptions {
  workspace: string;
  /** Input names as in action.yml (`max_workers`), mapped to INPUT_MAX_WORKERS. */
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  /** Kill the process (SIGKILL) if it has not exited by then. */
  timeoutMs?: number;
}

/** The runner's environment, minus anything of the test process that could change the action's behaviour. */
export function runnerEnv(
  files: { output: string; summary: string; state: string },
  workspace: string,
  home: string,
) {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/^(INPUT_|GITHUB_|ACTIONS_|RUNNER_|STATE_)/.test(key) || key === 'NODE_OPTIONS') continue;
    env[key] = value;
  }
  return {
    ...env,
    HOME: home,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_STATE: files.state,
    RUNNER_TEMP: path.join(home, 'runner-temp'),
  };
}

/** Starts the action asynchronously (never spawnSync: a stand-in service in this process must keep serving). */
export async function startAction(opts: StartOptions): Promise<ActionRun> {
  const bundle = await actionBundle();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'to-e2e-runner-'));
  const files = {
    output: path.join(scratch, 'github_output'),
    summary: path.join(scratch, 'step_summary.md'),
    state: path.join(scratch, 'github_state'),
  };
  for (const file of Object.values(files)) fs.writeFileSync(file, '');
  const home = path.join(scratch, 'home');
  fs.mkdirSync(path.join(home, 'runner-temp'), { recursive: true });

  const env: Record<string, string> = { ...runnerEnv(files, opts.workspace, home), ...opts.env };
  for (const [name, value] of Object.entries(opts.inputs ?? {})) env[inputVariable(name)] = value;

  const child = spawn(nodeBinary(), [bundle], {
    cwd: opts.workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let both = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    both += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    both += chunk;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
  const done = new Promise<ActionResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout,
        stderr,
        outputs: parseFileCommand(fs.readFileSync(files.output, 'utf8')),
        stepSummary: fs.readFileSync(files.summary, 'utf8'),
        state: parseFileCommand(fs.readFileSync(files.state, 'utf8')),
        home,
      });
    });
  });
  return { child, done, output: () => both };
}

export async function runAction(opts: StartOptions): Promise<ActionResult> {
  return (await startAction(opts)).done;
}

/** `max_workers` → `INPUT_MAX_WORKERS`, as the runner names them (spaces become `_`). */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/**
 * Parses a GITHUB_OUTPUT / GITHUB_STATE file: `name<<delimiter\nvalue\ndelimiter\n` entries
 * (what @actions/core writes) and plain `name=value` lines. A later value of a name wins.
 */
export function parseFileCommand(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i];
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const end = lines.indexOf(delimiter, i + 1);
      if (end < 0) throw new Error(`Unterminated value of ${name} in a file command`);
      values[name] = lines.slice(i + 1, end).join('\n');
      i = end;
      continue;
    }
    const eq = line.indexOf('=');
    if (eq > 0) values[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return values;
}

/** A process is gone when signalling it fails, or when it is a zombie nobody has reaped yet. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

export async function waitFor<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** `::error title=x::message` lines (GitHub workflow commands) printed by the action. */
export function commands(stdout: string, name: string): string[] {
  return stdout.split('\n').filter((line) => line.startsWith(`::${name}`));
}
