/**
 * The job cache on GitHub Actions, end to end: the bundled action with `cache: true`, the real
 * @actions/cache inside it, against the cache-service stand-in (Twirp v2) and Azurite served from this
 * process. A first run misses and saves; a second run restores and starts no job process; a pull
 * request's run reads main's entry while main never reads a pull request's; a failing service is a warning
 * and the job runs.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, jest, test } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { actionBundle, commands, runAction, type ActionResult } from './support/action-harness.js';
import { startAzurite, type AzuriteHandle } from '../support/artifact-service/azurite.js';
import { splitForceList } from '../../src/cache/force.js';
import {
  branchScopes,
  cacheClientEnv,
  pullRequestScopes,
  startCacheService,
  type CacheScope,
  type CacheServiceStandIn,
} from '../support/cache-service/cache-service.js';

jest.setTimeout(240_000);

const MAIN = branchScopes('refs/heads/main');
const PR = pullRequestScopes(12);

/**
 * Counts its own starts in a file beside the repository's code (outside its output folder, so a restored
 * entry cannot bring it back), and leaves a model and metrics.
 */
const COUNTING = `
import argparse, json, pathlib
parser = argparse.ArgumentParser()
parser.add_argument("--output-dir", default="results/count")
args, _ = parser.parse_known_args()
with open("starts.txt", "a") as starts:
    starts.write("started\\n")
out = pathlib.Path(args.output_dir)
(out / "models").mkdir(parents=True, exist_ok=True)
(out / "models" / "weights.bin").write_bytes(bytes(range(256)) * 16)
(out / "metrics.json").write_text(json.dumps({"accuracy": 0.93}))
print("trained")
`;

let azurite: AzuriteHandle;
let service: CacheServiceStandIn;
let scratch: string;

beforeAll(async () => {
  // Built (or found) once, before any test's clock starts.
  await actionBundle();
  azurite = await startAzurite();
  service = await startCacheService({ azurite });
}, 480_000);

afterAll(async () => {
  await service?.close();
  await azurite?.stop();
});

beforeEach(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'to-e2e-gh-cache-'));
  service.clearFaults();
});

/** A fresh checkout of the repository (as each workflow run gets one), with the script `source`. */
function checkout(name: string, source = COUNTING): string {
  const workspace = path.join(scratch, name);
  fs.mkdirSync(path.join(workspace, 'training'), { recursive: true });
  fs.writeFileSync(path.join(workspace, 'training', 'train_count.py'), source);
  return workspace;
}

async function runWithCache(
  workspace: string,
  scopes: CacheScope[],
  extra: { inputs?: Record<string, string>; timeoutMs?: number } = {},
): Promise<ActionResult> {
  const runnerTemp = path.join(scratch, `runner-temp-${path.basename(workspace)}`);
  fs.mkdirSync(runnerTemp, { recursive: true });
  return runAction({
    workspace,
    inputs: { cache: 'true', upload_artifacts: 'false', python: 'python3', ...extra.inputs },
    env: {
      ...cacheClientEnv(service, scopes, workspace, runnerTemp),
      GITHUB_REPOSITORY: 'octo-org/training',
      GITHUB_RUN_ID: '77',
    },
    timeoutMs: extra.timeoutMs ?? 120_000,
  });
}

function starts(workspace: string): number {
  const file = path.join(workspace, 'starts.txt');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
}

interface SummaryJob {
  id: string;
  status: string;
  cache?: { key: string; outcome: string; source?: string | null; reason?: string };
}

function summaryOf(workspace: string): {
  jobs: SummaryJob[];
  counts: Record<string, number>;
  options: Record<string, unknown>;
} {
  const dir = path.join(workspace, 'summaries');
  const file = fs.readdirSync(dir).find((name) => /^training_summary_.*\.json$/.test(name));
  if (!file) throw new Error(`no summary in ${dir}`);
  return JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as {
    jobs: SummaryJob[];
    counts: Record<string, number>;
    options: Record<string, unknown>;
  };
}

function resultFiles(workspace: string): Record<string, string> {
  const root = path.join(workspace, 'results');
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out[path.relative(root, full)] = fs.readFileSync(full).toString('base64');
    }
  };
  walk(root);
  return out;
}

describe('cache: true on GitHub Actions (bundled action, cache service stand-in)', () => {
  test('the first run misses and saves; the next run restores byte for byte and starts no job', async () => {
    const first = checkout('first');
    const run1 = await runWithCache(first, MAIN);
    expect(run1.code).toBe(0);
    expect(starts(first)).toBe(1);
    const job1 = summaryOf(first).jobs[0];
    expect(job1).toMatchObject({ status: 'succeeded', cache: { outcome: 'stored' } });
    const fullKey = `training-job-Linux-${job1.cache?.key}`;
    expect(service.entries).toEqual([
      expect.objectContaining({ key: fullKey, scope: 'refs/heads/main', finalized: true }),
    ]);

    // The next run of main, in a fresh checkout.
    const second = checkout('second');
    const run2 = await runWithCache(second, MAIN);
    expect(run2.code).toBe(0);
    expect(starts(second)).toBe(0);
    const summary2 = summaryOf(second);
    expect(summary2.jobs[0]).toMatchObject({
      status: 'cached',
      cache: {
        key: job1.cache?.key,
        outcome: 'restored',
        source: 'https://github.com/octo-org/training/actions/runs/77',
      },
    });
    expect(summary2.counts.cached).toBe(1);
    expect(resultFiles(second)).toEqual(resultFiles(first));
    expect(commands(run2.stdout, 'warning')).toEqual([]);
    expect(commands(run2.stdout, 'error')).toEqual([]);
    // The transfer folder is gone; nothing of the cache is left in the checkout.
    expect(fs.existsSync(path.join(second, '.training-orchestrator', 'cache-transfer'))).toBe(false);
  });

  test("branch scoping: a pull request's run restores main's entry; main does not see what the pull request saved", async () => {
    const onMain = checkout('main');
    expect((await runWithCache(onMain, MAIN)).code).toBe(0);

    const pr = checkout('pr');
    expect((await runWithCache(pr, PR)).code).toBe(0);
    expect(starts(pr)).toBe(0);
    expect(summaryOf(pr).jobs[0].status).toBe('cached');

    // The pull request changes the script: a new key, run and saved in the pull request's scope only.
    const changed = `${COUNTING}\nprint("changed in the pull request")\n`;
    const prChanged = checkout('pr-changed', changed);
    expect((await runWithCache(prChanged, PR)).code).toBe(0);
    expect(starts(prChanged)).toBe(1);
    const prKey = summaryOf(prChanged).jobs[0].cache?.key;
    expect(service.entries.find((e) => e.key.endsWith(`-${prKey}`))?.scope).toBe('refs/pull/12/merge');

    // The same script on main (before the merge) is not restored from the pull request's entry.
    const mainChanged = checkout('main-changed', changed);
    expect((await runWithCache(mainChanged, MAIN)).code).toBe(0);
    expect(starts(mainChanged)).toBe(1);
    expect(summaryOf(mainChanged).jobs[0]).toMatchObject({
      status: 'succeeded',
      cache: { outcome: 'stored' },
    });
  });

  test('a cache service answering 500: one warning per fault, no error annotation, and the job runs and passes', async () => {
    service.injectFault({ method: 'GetCacheEntryDownloadURL', kind: 'http-500', times: Infinity });
    service.injectFault({ method: 'CreateCacheEntry', kind: 'http-500', times: Infinity });
    const workspace = checkout('failing-service', `${COUNTING}\nprint("unique to the 500 test")\n`);
    const callsBefore = service.calls.length;
    const run = await runWithCache(workspace, MAIN, { timeoutMs: 180_000 });
    expect(run.code).toBe(0);
    expect(starts(workspace)).toBe(1);
    const job = summaryOf(workspace).jobs[0];
    expect(job.status).toBe('succeeded');
    expect(job.cache?.outcome).toBe('save_failed');
    const warnings = commands(run.stdout, 'warning');
    expect(warnings).toEqual([
      expect.stringMatching(/could not restore count .*\(500\).*it runs instead/),
      expect.stringMatching(/could not store count .*failed earlier in this run/),
    ]);
    expect(commands(run.stdout, 'error')).toEqual([]);
    // The lookup failed for good: the save did not call the service again.
    expect(service.calls.slice(callsBefore).filter((call) => call.method === 'CreateCacheEntry')).toEqual([]);
  });

  test('cache: true without a cache service (no ACTIONS_RESULTS_URL): one warning, and the jobs run', async () => {
    const workspace = checkout('no-service');
    const runnerTemp = path.join(scratch, 'runner-temp-no-service');
    fs.mkdirSync(runnerTemp, { recursive: true });
    const run = await runAction({
      workspace,
      inputs: { cache: 'true', upload_artifacts: 'false', python: 'python3' },
      env: {
        RUNNER_TEMP: runnerTemp,
        ACTIONS_CACHE_SERVICE_V2: 'true',
        GITHUB_SERVER_URL: 'https://github.com',
      },
    });
    expect(run.code).toBe(0);
    expect(starts(workspace)).toBe(1);
    expect(commands(run.stdout, 'warning')).toEqual([
      expect.stringMatching(/cache is on, but this job has no GitHub Actions cache service/),
    ]);
  });

  test('force: a cached job named by id or glob runs again (the entry stays: GitHub cannot replace one); an unknown one fails the step', async () => {
    const first = checkout('force-first');
    expect((await runWithCache(first, MAIN)).code).toBe(0);
    for (const [name, force] of [
      ['id', 'count'],
      ['glob', 'co*'],
      ['lines', '\n c?unt\n'],
    ]) {
      const again = checkout(`force-${name}`);
      const run = await runWithCache(again, MAIN, { inputs: { force } });
      expect(run.code).toBe(0);
      expect(starts(again)).toBe(1);
      // GitHub's entries cannot be replaced: the job ran, the earlier entry stays, and that is no warning.
      expect(summaryOf(again).jobs[0]).toMatchObject({
        status: 'succeeded',
        cache: {
          outcome: 'forced',
          reason: expect.stringMatching(
            /^forced to run; not stored: the GitHub Actions cache keeps its earlier entry/,
          ),
        },
      });
      expect(commands(run.stdout, 'warning')).toEqual([]);
      // The options say what was asked: the cache on, the selectors as given, no local size limit.
      const options = summaryOf(again).options;
      expect(options).toMatchObject({ cache: true, force: splitForceList([force]) });
      expect(options).not.toHaveProperty('cache_size_limit_bytes');
    }
    const typo = checkout('force-typo');
    const run = await runWithCache(typo, MAIN, { inputs: { force: 'cuont' } });
    expect(run.code).toBe(1);
    expect(commands(run.stdout, 'error')).toEqual([
      expect.stringContaining("Invalid force 'cuont': no job of the plan has this id"),
    ]);
    expect(starts(typo)).toBe(0);
  });

  test('a bad cache input fails the step naming the input, before any job starts', async () => {
    const workspace = checkout('bad-input');
    const cases: Array<Record<string, string>> = [
      { cache: 'yes' },
      { cache: 'true', cache_key_prefix: 'a,b' },
    ];
    for (const inputs of cases) {
      const run = await runWithCache(workspace, MAIN, { inputs });
      expect(run.code).toBe(1);
      const name = 'cache_key_prefix' in inputs ? 'cache_key_prefix' : 'cache';
      expect(commands(run.stdout, 'error')).toEqual([expect.stringContaining(`Invalid ${name} `)]);
      expect(starts(workspace)).toBe(0);
    }
  });
});
