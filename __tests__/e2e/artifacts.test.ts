/**
 * The bundled action (main step, then post step) uploading through the real @actions/artifact client
 * to the results-service stand-in and Azurite, both served from this process (the action is spawned
 * asynchronously). Asserts on what arrived: names, expiry, the exact files in each zip, and that no
 * secret is in any uploaded byte.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, jest, test } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { actionBundle, commands, runAction, startAction, waitFor } from './support/action-harness.js';
import {
  artifactClientEnv,
  readZip,
  startArtifactBackend,
  zipFileNames,
  type ArtifactBackend,
} from '../support/artifact-service/index.js';
import { postBundle, runPostBundle } from '../support/artifact-service/post-step-runner.js';

jest.setTimeout(240_000);

const KAGGLE_USERNAME = 'octo-trainer-e2e';
const KAGGLE_KEY = 'e2e0kaggle0key0d41402abc4b2a76b9719d911017c592';
const EXTRA_SECRET = 'extra-Zq93xT-secret';
const SECRETS = [KAGGLE_USERNAME, KAGGLE_KEY, EXTRA_SECRET];
const DAY_MS = 24 * 60 * 60 * 1000;

/** Prints its credentials (the key split across two writes) and writes them into its results. */
const LEAKY = `
import argparse, json, os, pathlib, sys, time
parser = argparse.ArgumentParser()
parser.add_argument("--output-dir", default="results/leaky")
args, _ = parser.parse_known_args()
key = os.environ["KAGGLE_KEY"]
sys.stdout.write("key=" + key[:9]); sys.stdout.flush(); time.sleep(0.05)
sys.stdout.write(key[9:] + "\\n"); sys.stdout.flush()
print("user=" + os.environ["KAGGLE_USERNAME"])
print("extra=" + os.environ.get("EXTRA_SECRET", ""), file=sys.stderr)
kaggle = pathlib.Path.home() / ".kaggle" / "kaggle.json"
print("kaggle.json mode " + oct(kaggle.stat().st_mode & 0o777))
out = pathlib.Path(args.output_dir); out.mkdir(parents=True, exist_ok=True)
(out / "env.json").write_text(json.dumps({"key": key, "extra": os.environ.get("EXTRA_SECRET", "")}))
(out / "weights.bin").write_bytes(bytes(range(256)) * 64)
`;

const QUICK = `
import argparse, pathlib
parser = argparse.ArgumentParser()
parser.add_argument("--output-dir", default="results/quick")
args, _ = parser.parse_known_args()
out = pathlib.Path(args.output_dir); out.mkdir(parents=True, exist_ok=True)
(out / "metrics.json").write_text('{"accuracy": 0.9}')
print("quick done")
`;

/** Leaks the key, says it started, writes its pid (so the test can end it), then sleeps. */
const SLOW = `
import os, pathlib, sys, time
print("key=" + os.environ.get("KAGGLE_KEY", ""))
pathlib.Path(os.environ["PID_FILE"]).write_text(str(os.getpid()))
print("started", flush=True)
time.sleep(float(os.environ.get("SLOW_SECONDS", "60")))
print("woke up")
`;

let backend: ArtifactBackend;
const started: number[] = [];

beforeAll(async () => {
  backend = await startArtifactBackend();
  // Build (or locate) both bundles before any test: the first build takes a while.
  await actionBundle();
  await postBundle();
});

afterAll(async () => {
  // Only the slow job this file started, and only if that pid still is it (pids get reused).
  for (const pid of started) {
    let cmdline = '';
    try {
      cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (cmdline.includes('train_b_slow.py')) process.kill(pid, 'SIGKILL');
  }
  await backend?.stop();
});

beforeEach(() => {
  backend.service.reset();
});

function repo(scripts: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'to-e2e-art-'));
  for (const [id, source] of Object.entries(scripts)) {
    fs.mkdirSync(path.join(root, 'training'), { recursive: true });
    fs.writeFileSync(path.join(root, 'training', `train_${id}.py`), source);
  }
  return root;
}

function tempHome(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'to-e2e-home-'));
}

/** Every file under the three output folders, relative, sorted: what the results zip must hold. */
function filesOnDisk(root: string, folders = ['results', 'logs', 'summaries']): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else found.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  for (const folder of folders) walk(path.join(root, folder));
  return found.sort();
}

function expectNoSecretIn(zip: Buffer): void {
  for (const secret of SECRETS) {
    expect(zip.includes(Buffer.from(secret))).toBe(false);
    for (const entry of readZip(zip)) {
      expect(entry.name).not.toContain(secret);
      if (!entry.isDirectory) expect(entry.data().includes(Buffer.from(secret))).toBe(false);
    }
  }
}

/** The action's own output, minus the `::add-mask::` commands whose job is to name the secret. */
function expectNoSecretPrinted(stdout: string): void {
  const printed = stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  for (const secret of SECRETS) expect(printed).not.toContain(secret);
}

function entryText(zip: Buffer, name: string): string {
  const entry = readZip(zip).find((e) => e.name === name);
  if (!entry) throw new Error(`${name} is not in the zip: ${zipFileNames(zip).join(', ')}`);
  return entry.data().toString('utf8');
}

const credentials = { kaggle_username: KAGGLE_USERNAME, kaggle_key: KAGGLE_KEY, secrets: EXTRA_SECRET };

describe('the bundled action uploads its artifacts', () => {
  test('a run uploads both artifacts with no secret in any byte; the post step only removes the Kaggle file', async () => {
    const workspace = repo({ leaky: LEAKY, quick: QUICK });
    const home = tempHome();
    const env = { ...artifactClientEnv(backend.service, workspace), HOME: home, EXTRA_SECRET };
    const inputs = { ...credentials, results_retention_days: '5', artifact_suffix: 'e2e' };
    const before = Date.now();

    const main = await runAction({ workspace, inputs, env });

    expect(main.stderr).toBe('');
    expect(main.code).toBe(0);
    const results = backend.service.finalized('training-results-e2e')!;
    const summary = backend.service.finalized('training-summary-e2e')!;
    expect(backend.service.artifacts.map((a) => a.name)).toEqual([
      'training-results-e2e',
      'training-summary-e2e',
    ]);
    expect(main.outputs).toMatchObject({
      results_artifact_id: String(results.id),
      summary_artifact_id: String(summary.id),
      results_artifact_name: 'training-results-e2e',
      summary_artifact_name: 'training-summary-e2e',
    });
    expect(Math.abs(Date.parse(results.expiresAt!) - (before + 5 * DAY_MS))).toBeLessThan(2 * 60 * 60 * 1000);
    expect(Math.abs(Date.parse(summary.expiresAt!) - (before + 90 * DAY_MS))).toBeLessThan(
      2 * 60 * 60 * 1000,
    );

    const resultsZip = await backend.service.download('training-results-e2e');
    const summaryZip = await backend.service.download('training-summary-e2e');
    const onDisk = filesOnDisk(workspace);
    expect(onDisk).toEqual(
      expect.arrayContaining([
        'logs/leaky.log',
        'logs/quick.log',
        'results/leaky_results/env.json',
        'results/leaky_results/weights.bin',
      ]),
    );
    expect(onDisk.filter((f) => f.startsWith('summaries/'))).toEqual([
      expect.stringMatching(/^summaries\/training_summary_\d{8}T\d{6}Z\.json$/),
    ]);
    expect(zipFileNames(resultsZip)).toEqual(onDisk);
    expect(zipFileNames(summaryZip)).toEqual(filesOnDisk(workspace, ['summaries']));
    expectNoSecretIn(resultsZip);
    expectNoSecretIn(summaryZip);
    expect(entryText(resultsZip, 'logs/leaky.log')).toContain('key=***');
    expect(entryText(resultsZip, 'logs/leaky.log')).toContain('kaggle.json mode 0o600');
    expect(entryText(resultsZip, 'results/leaky_results/env.json')).toBe('{"key": "***", "extra": "***"}');
    expect(
      readZip(resultsZip)
        .find((e) => e.name === 'results/leaky_results/weights.bin')!
        .data(),
    ).toEqual(Buffer.from(Array.from({ length: 64 }, () => [...Array(256).keys()]).flat()));
    expectNoSecretPrinted(main.stdout);

    const kaggleFile = path.join(home, '.kaggle', 'kaggle.json');
    expect(fs.statSync(kaggleFile).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(kaggleFile)).mode & 0o777).toBe(0o700);

    const calls = backend.service.calls.length;
    const post = await runPostBundle({ workspace, home, state: main.state, inputs, env });
    expect(post.code).toBe(0);
    expect(post.stderr).toBe('');
    expect(commands(post.stdout, 'warning')).toEqual([]);
    expect(fs.existsSync(kaggleFile)).toBe(false);
    expect(fs.existsSync(path.dirname(kaggleFile))).toBe(false);
    expect(backend.service.calls.length).toBe(calls);
  });

  test('two calls in one workflow run: the same names collide with a clear failure, artifact_suffix keeps them apart', async () => {
    const first = repo({ quick: QUICK });
    const second = repo({ quick: QUICK });
    const home = tempHome();

    const a = await runAction({
      workspace: first,
      env: { ...artifactClientEnv(backend.service, first), HOME: home },
    });
    expect(a.code).toBe(0);
    const b = await runAction({
      workspace: second,
      env: { ...artifactClientEnv(backend.service, second), HOME: home },
    });
    expect(b.code).toBe(1);
    const errors = commands(b.stdout, 'error').join('\n');
    expect(errors).toContain(
      "Artifact 'training-results' was not uploaded: the name 'training-results' is already taken",
    );
    expect(errors).toContain('Set artifact_suffix');
    expect(errors).toContain(second);
    const c = await runAction({
      workspace: second,
      inputs: { artifact_suffix: 'second' },
      env: { ...artifactClientEnv(backend.service, second), HOME: home },
    });
    expect(c.code).toBe(0);
    expect(backend.service.artifacts.filter((x) => x.finalized).map((x) => x.name)).toEqual([
      'training-results',
      'training-summary',
      'training-results-second',
      'training-summary-second',
    ]);
  });

  test('a service that keeps failing fails the step, saying what was not uploaded and where the files are', async () => {
    const workspace = repo({ quick: QUICK });
    backend.service.injectFault({
      method: 'CreateArtifact',
      kind: 'http-500',
      times: Infinity,
      name: 'training-results',
    });
    const main = await runAction({
      workspace,
      env: { ...artifactClientEnv(backend.service, workspace), HOME: tempHome() },
      timeoutMs: 120_000,
    });
    expect(main.code).toBe(1);
    const errors = commands(main.stdout, 'error').join('\n');
    expect(errors).toMatch(/Artifact 'training-results' was not uploaded: the artifact service kept failing/);
    expect(errors).toContain(`still on disk in results/, logs/, summaries/ under ${workspace}`);
    // Retried by the client (5 attempts), no extra whole-upload attempt; the summary artifact still went up.
    expect(backend.service.calls.filter((c) => c.name === 'training-results').map((c) => c.status)).toEqual([
      500, 500, 500, 500, 500,
    ]);
    expect(main.outputs.summary_artifact_id).toBe(String(backend.service.finalized('training-summary')!.id));
  });

  test('list_only uploads nothing, and neither does its post step', async () => {
    const workspace = repo({ quick: QUICK });
    const home = tempHome();
    const env = { ...artifactClientEnv(backend.service, workspace), HOME: home };
    const main = await runAction({ workspace, inputs: { list_only: 'true', ...credentials }, env });
    expect(main.code).toBe(0);
    const post = await runPostBundle({
      workspace,
      home,
      state: main.state,
      inputs: { list_only: 'true' },
      env,
    });
    expect(post.code).toBe(0);
    expect(backend.service.calls).toEqual([]);
    expect(fs.existsSync(path.join(home, '.kaggle'))).toBe(false);
  });
});

describe('a run that ends before its upload', () => {
  async function startSlowRun(extraEnv: Record<string, string> = {}) {
    const workspace = repo({ a_quick: QUICK, b_slow: SLOW });
    const home = tempHome();
    const pidFile = path.join(home, 'slow.pid');
    const env = {
      ...artifactClientEnv(backend.service, workspace),
      HOME: home,
      PID_FILE: pidFile,
      ...extraEnv,
    };
    const run = await startAction({ workspace, inputs: credentials, env, timeoutMs: 120_000 });
    await waitFor(
      () =>
        fs.existsSync(path.join(workspace, 'logs/b_slow.log')) && run.output().includes('started')
          ? true
          : undefined,
      60_000,
      'the slow job to start',
    );
    const pid = Number(
      await waitFor(
        () => (fs.existsSync(pidFile) ? fs.readFileSync(pidFile, 'utf8') || undefined : undefined),
        10_000,
        'the pid',
      ),
    );
    started.push(pid);
    return { workspace, home, env, run };
  }

  test('cancelled (SIGINT): the post step uploads the logs and the partial summary, and removes the Kaggle file', async () => {
    const { workspace, home, env, run } = await startSlowRun();
    run.child.kill('SIGINT');
    const main = await run.done;
    expect(backend.service.calls).toEqual([]);
    expect(JSON.parse(main.state.training_orchestrator)).toMatchObject({ planned: true, uploaded: false });

    const post = await runPostBundle({ workspace, home, state: main.state, inputs: credentials, env });
    expect(post.code).toBe(0);
    expect(commands(post.stdout, 'error')).toEqual([]);
    const resultsZip = await backend.service.download('training-results');
    const names = zipFileNames(resultsZip);
    expect(names).toEqual(filesOnDisk(workspace));
    expect(names).toEqual(
      expect.arrayContaining(['logs/a_quick.log', 'logs/b_slow.log', 'results/a_quick_results/metrics.json']),
    );
    const summaryName = names.find((n) => /^summaries\/training_summary_.*\.json$/.test(n))!;
    expect(JSON.parse(entryText(resultsZip, summaryName))).toMatchObject({ status: 'cancelled' });
    // The slow job was stopped, not waited for.
    expect(entryText(resultsZip, 'logs/b_slow.log')).toContain('started');
    expect(entryText(resultsZip, 'logs/b_slow.log')).not.toContain('woke up');
    expect(zipFileNames(await backend.service.download('training-summary'))).toEqual([summaryName]);
    expectNoSecretIn(resultsZip);
    expectNoSecretPrinted(post.stdout);
    expect(fs.existsSync(path.join(home, '.kaggle', 'kaggle.json'))).toBe(false);
  });

  test('killed outright (SIGKILL, no summary): the post step uploads the logs with a note saying so', async () => {
    const { workspace, home, env, run } = await startSlowRun({ SLOW_SECONDS: '30' });
    run.child.kill('SIGKILL');
    const main = await run.done;
    expect(main.signal).toBe('SIGKILL');

    const post = await runPostBundle({ workspace, home, state: main.state, inputs: credentials, env });
    expect(post.code).toBe(0);
    const resultsZip = await backend.service.download('training-results');
    const names = zipFileNames(resultsZip);
    expect(names).toEqual(expect.arrayContaining(['logs/a_quick.log', 'logs/b_slow.log']));
    const note = names.find((n) => /^summaries\/incomplete_run_.*\.json$/.test(n))!;
    expect(names.some((n) => n.startsWith('summaries/training_summary_'))).toBe(false);
    expect(JSON.parse(entryText(resultsZip, note))).toMatchObject({
      status: 'cancelled',
      complete: false,
      logs: expect.arrayContaining([expect.objectContaining({ path: 'logs/b_slow.log' })]),
    });
    expectNoSecretIn(resultsZip);
    expect(fs.existsSync(path.join(home, '.kaggle', 'kaggle.json'))).toBe(false);
  });
});
