/**
 * Runs the action's post step (`dist/post/index.js`) the way the runner does after the main step: the
 * same INPUT_* variables, and the main step's GITHUB_STATE entries as STATE_<name> variables.
 *
 * Which bundle: `E2E_DIST=<folder>` uses `<folder>/post/index.js` (CI, after `npm run package`);
 * otherwise src/action/post.ts is bundled with ncc once into a temporary folder keyed by a hash of the
 * sources (as the main step's harness does). Which node: `E2E_NODE`, default the node running the tests.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { inputVariable, nodeBinary, repoRoot, runnerEnv } from '../../e2e/support/action-harness.js';

const execFileAsync = promisify(execFile);

function sourceHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const entry of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) hash.update(full).update(fs.readFileSync(full));
    }
  };
  walk(path.join(repoRoot, 'src'));
  hash.update(fs.readFileSync(path.join(repoRoot, 'package-lock.json')));
  return hash.digest('hex').slice(0, 16);
}

let built: Promise<string> | undefined;

/** The path of the post step's bundle. */
export function postBundle(): Promise<string> {
  built ??= locateOrBuild();
  return built;
}

async function locateOrBuild(): Promise<string> {
  const dist = process.env.E2E_DIST?.trim();
  if (dist) {
    const bundle = path.resolve(repoRoot, dist, 'post', 'index.js');
    if (!fs.existsSync(bundle))
      throw new Error(`E2E_DIST=${dist} but ${bundle} does not exist: run npm run package.`);
    return bundle;
  }
  const target = path.join(os.tmpdir(), `to-e2e-post-${sourceHash()}`);
  const bundle = path.join(target, 'index.js');
  if (fs.existsSync(bundle)) return bundle;
  const staging = fs.mkdtempSync(`${target}.staging-`);
  const ncc = path.join(repoRoot, 'node_modules/@vercel/ncc/dist/ncc/cli.js');
  await execFileAsync(
    process.execPath,
    [ncc, 'build', path.join(repoRoot, 'src/action/post.ts'), '-o', staging, '-q', '--target', 'es2022'],
    { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 },
  );
  try {
    fs.renameSync(staging, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return bundle;
}

export interface PostResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Spawns the post step asynchronously (a stand-in served from this process must keep answering).
 * `state` is the main step's GITHUB_STATE as parsed (name → value).
 */
export async function runPostBundle(opts: {
  workspace: string;
  home: string;
  state: Record<string, string>;
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<PostResult> {
  const bundle = await postBundle();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'to-e2e-post-runner-'));
  const files = {
    output: path.join(scratch, 'github_output'),
    summary: path.join(scratch, 'step_summary.md'),
    state: path.join(scratch, 'github_state'),
  };
  for (const file of Object.values(files)) fs.writeFileSync(file, '');
  fs.mkdirSync(path.join(opts.home, 'runner-temp'), { recursive: true });
  const env: Record<string, string> = { ...runnerEnv(files, opts.workspace, opts.home), ...opts.env };
  for (const [name, value] of Object.entries(opts.inputs ?? {})) env[inputVariable(name)] = value;
  for (const [name, value] of Object.entries(opts.state)) env[`STATE_${name}`] = value;

  const child = spawn(nodeBinary(), [bundle], {
    cwd: opts.workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
  return new Promise<PostResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      fs.rmSync(scratch, { recursive: true, force: true });
      resolve({ code, signal, stdout, stderr });
    });
  });
}
