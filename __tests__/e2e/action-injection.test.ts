/**
 * The bundled action on a workspace whose file names, folder names and config values try to start
 * workflow commands, and hold names outside ASCII or not UTF-8 at all (issue 10). In every mode, no line
 * the action prints may be a workflow command it did not mean: the runner would act on it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isWorkflowCommandLine, physicalLines } from '../../src/plan/workflow-commands.js';
import {
  actionBundle,
  BUILD_TIMEOUT_MS,
  nodeBinary,
  parseFileCommand,
  runAction,
  runnerEnv,
} from './support/action-harness.js';

/** Commands the action issues itself (GITHUB_OUTPUT and GITHUB_STATE are files, so no set-output). */
const INTENDED = new Set(['group', 'endgroup', 'warning', 'error', 'debug']);

/** Every line of stdout the runner would read as a command the action did not mean (see the unit test). */
function smuggledLines(stdout: string): string[] {
  return physicalLines(stdout).filter((line) => {
    const match = /^::([^\s:]+)(?: [^:]*)?::(.*)$/su.exec(line);
    // `##[` in the data of the action's own `::` command is inert: the runner parses that form first.
    if (match && INTENDED.has(match[1])) return match[2].startsWith('INJECTED');
    return line.includes('##[') || isWorkflowCommandLine(line);
  });
}

const SCRIPT = 'print("plain output")\n';

/** Names a repository could hold; each payload puts INJECTED right after its command. */
const ACCEPTED = [
  'training/train_##[add-mask]INJECTED.py',
  'training/train_::warning::INJECTED.py',
  'training/train_%0A::set-env name=X::INJECTED.py',
  'training/::group::INJECTED/train_inner.py',
  'training/train_模型.py',
  'training/train_café.py',
  'training/train_cafe\u0301.py',
  'training/train_🚀.py',
  'training/train_ok.py',
];
const REFUSED = [
  'training/train_a\n::add-mask::INJECTED.py',
  'training/train_b\u2028::warning::INJECTED.py',
  'training/train_c\r##[group]INJECTED.py',
  'training/train_d\u0085::stop-commands::INJECTED.py',
];

const CONFIG = `jobs:
  ok:
    args: ["a\\n::warning::INJECTED", "##[add-mask]INJECTED", "\\r::add-mask::INJECTED"]
    env: { NOTE: "\\n::add-mask::INJECTED" }
    runs_on: ["ubuntu\\n::warning::INJECTED"]
  tool:
    command: ["::warning::INJECTED"]
    optional: true
    runs_on: ["##[add-mask]INJECTED"]
`;

function hostileWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'to-e2e-inject-'));
  for (const file of [...ACCEPTED, ...REFUSED]) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), SCRIPT);
  }
  // A name that is not UTF-8 (Linux allows any bytes but `/` and NUL).
  fs.writeFileSync(Buffer.from(`${dir}/training/train_\xff.py`, 'latin1'), SCRIPT);
  fs.mkdirSync(path.join(dir, '.github'));
  fs.writeFileSync(path.join(dir, '.github', 'training-jobs.yml'), CONFIG);
  return dir;
}

beforeAll(async () => {
  await actionBundle();
}, BUILD_TIMEOUT_MS + 30_000);

describe.each([
  ['list_only', { list_only: 'true' }],
  ['dry_run', { dry_run: 'true' }],
  ['dry_run verbose', { dry_run: 'true', verbose: 'true' }],
  ['plan mode', { mode: 'plan', shards: '2' }],
])('%s', (_mode, inputs) => {
  test('no printed line is a smuggled workflow command; odd names are warnings, the run still passes', async () => {
    const result = await runAction({ workspace: hostileWorkspace(), inputs });
    expect(smuggledLines(result.stdout)).toEqual([]);
    expect(result.code).toBe(0);
    const warnings = result.stdout.split('\n').filter((line) => line.startsWith('::warning::'));
    expect(warnings.join('\n')).toContain('Discovery skipped training/train_a\\n::add-mask::INJECTED.py');
    expect(warnings.join('\n')).toContain('Discovery skipped training/train_\\xff.py');
  });
});

test('run (parallel and sequential): odd names run, nothing smuggled, and the annotations are the action’s', async () => {
  for (const parallel of ['false', 'true']) {
    const dir = hostileWorkspace();
    const result = await runAction({
      workspace: dir,
      inputs: { parallel, python: 'python3' },
      timeoutMs: 120_000,
    });
    expect(smuggledLines(result.stdout)).toEqual([]);
    const summary = JSON.parse(fs.readFileSync(result.outputs.summary_path, 'utf8')) as {
      jobs: { id: string; status: string; script: string | null }[];
    };
    const byScript = new Map(summary.jobs.map((job) => [job.script, job]));
    // Every accepted script ran under a safe id, non-ASCII names included.
    for (const script of ACCEPTED.filter((file) => file !== 'training/train_ok.py'))
      expect([script, byScript.get(script)?.status]).toEqual([script, 'succeeded']);
    for (const job of summary.jobs) expect(job.id).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
    expect(summary.jobs.find((job) => job.id === 'tool')?.status).toBe('failed');
    expect(result.outputs.status).toBe('success');
  }
}, 240_000);

/**
 * A folder nobody may read: root reads it anyway, so the action runs as `nobody` through setpriv. The
 * warning must name the folder, the readable scripts still run.
 */
test('as a non-root user, an unreadable folder and an unreadable script are warnings, not silence', async () => {
  const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((file) => fs.existsSync(file));
  if (process.getuid?.() !== 0 || !setpriv) {
    console.log(
      `skipped: needs root and setpriv to run the action as nobody (uid ${process.getuid?.()}, setpriv ${setpriv ?? 'missing'})`,
    );
    return;
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'to-e2e-nobody-'));
  fs.chmodSync(scratch, 0o755);
  const bundleDir = path.join(scratch, 'action');
  fs.cpSync(path.dirname(await actionBundle()), bundleDir, { recursive: true });
  const workspace = path.join(scratch, 'repo');
  fs.mkdirSync(path.join(workspace, 'training', 'locked'), { recursive: true });
  fs.writeFileSync(path.join(workspace, 'training', 'train_ok.py'), SCRIPT);
  fs.writeFileSync(path.join(workspace, 'training', 'locked', 'train_hidden.py'), SCRIPT);
  fs.writeFileSync(path.join(workspace, 'training', 'train_secret.py'), SCRIPT);
  fs.chmodSync(path.join(workspace, 'training', 'train_secret.py'), 0o000);
  fs.chmodSync(path.join(workspace, 'training', 'locked'), 0o000);
  const files = {
    output: path.join(scratch, 'output'),
    summary: path.join(scratch, 'summary.md'),
    state: path.join(scratch, 'state'),
  };
  for (const file of Object.values(files)) {
    fs.writeFileSync(file, '');
    fs.chmodSync(file, 0o666);
  }
  const home = path.join(scratch, 'home');
  fs.mkdirSync(path.join(home, 'runner-temp'), { recursive: true });
  execFileSync('chmod', ['-R', 'a+rwX', bundleDir, home]);
  fs.chmodSync(workspace, 0o777);
  fs.chmodSync(path.join(workspace, 'training'), 0o777);
  const env = { ...runnerEnv(files, workspace, home), INPUT_LIST_ONLY: 'true' };
  let stdout = '';
  try {
    stdout = execFileSync(
      setpriv,
      ['--reuid=65534', '--regid=65534', '--clear-groups', nodeBinary(), path.join(bundleDir, 'index.js')],
      { cwd: workspace, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    throw new Error(`the action as nobody failed:\n${failed.stdout ?? ''}\n${failed.stderr ?? ''}`);
  } finally {
    fs.chmodSync(path.join(workspace, 'training', 'locked'), 0o755);
  }
  expect(stdout).toContain(
    '::warning::Discovery could not read the folder training/locked (EACCES); scripts in it are not run.',
  );
  expect(stdout).toContain(
    '::warning::Discovery skipped training/train_secret.py: it is unreadable (EACCES), so it cannot run.',
  );
  const outputs = parseFileCommand(fs.readFileSync(files.output, 'utf8'));
  expect(JSON.parse(outputs.jobs).map((job: { id: string }) => job.id)).toEqual(['ok']);
}, 120_000);
