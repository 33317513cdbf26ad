/**
 * Nothing outside the workspace, end to end: the bundled action, driven as the runner drives it, in a
 * repository holding symbolic links that lead outside it (a log file, an output folder, a parent of one, the
 * summaries folder, the config). The run stops before any job starts with one clear error naming the input or
 * the job, and the folder next to the workspace is byte-for-byte unchanged; a config linked outside is never
 * read, so its content appears nowhere.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { actionBundle, BUILD_TIMEOUT_MS, commands, runAction } from './support/action-harness.js';

const FIXTURE_REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/action-repo');
const SECRET_CONFIG = 'jobs:\n  TOP-SECRET-CONFIG-CONTENT: {script: training/train_alpha.py}\n';

beforeAll(async () => {
  await actionBundle();
}, BUILD_TIMEOUT_MS + 30_000);

/** A workspace (a copy of the fixture repository) next to a folder outside it. */
function setup(): { work: string; outside: string } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'to-e2e-links-'));
  const work = path.join(base, 'work');
  const outside = path.join(base, 'outside');
  fs.cpSync(FIXTURE_REPO, work, { recursive: true });
  fs.mkdirSync(path.join(outside, 'dir'), { recursive: true });
  fs.writeFileSync(path.join(outside, 'alpha.log'), 'an unrelated file\n');
  fs.writeFileSync(path.join(outside, 'secret.yml'), SECRET_CONFIG);
  return { work, outside };
}

/** Every entry under `dir` with its bytes. */
function state(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) {
        out.push(`dir ${full}`);
        walk(full);
      } else out.push(`file ${full} ${fs.readFileSync(full, 'base64')}`);
    }
  };
  walk(dir);
  return out.sort();
}

function link(work: string, at: string, target: string): void {
  fs.mkdirSync(path.dirname(path.join(work, at)), { recursive: true });
  fs.symlinkSync(target, path.join(work, at));
}

test.each<[string, (work: string, outside: string) => Record<string, string>, RegExp]>([
  [
    'a planted logs/<id>.log link',
    (work) => (link(work, 'logs/alpha.log', '../../outside/alpha.log'), { only: 'alpha' }),
    /^::error::Job 'alpha': its log file 'logs\/alpha\.log': it leads outside the working directory through a symbolic link/,
  ],
  [
    'an output folder linked outside',
    (work) => (link(work, 'results/alpha_results', '../../outside/dir'), { only: 'alpha' }),
    /^::error::Job 'alpha': results_dir 'results\/alpha_results': it leads outside/,
  ],
  [
    'a config output_dir whose parent is linked outside',
    (work) => {
      link(work, 'out', '../outside/dir');
      fs.writeFileSync(path.join(work, 'jobs.yml'), 'jobs:\n  alpha: {output_dir: out/alpha}\n');
      return { only: 'alpha', config: 'jobs.yml' };
    },
    /^::error::Job 'alpha': output_dir 'out\/alpha': it leads outside/,
  ],
  [
    'the summaries folder linked outside',
    (work, outside) => (link(work, 'summaries', outside), {}),
    /^::error::Invalid summaries_dir 'summaries': it leads outside the working directory through a symbolic link/,
  ],
  [
    'the logs folder linked outside',
    (work) => (link(work, 'logs', '../outside/dir'), {}),
    /^::error::Invalid logs_dir 'logs': it leads outside/,
  ],
  [
    'the default config linked to a file outside',
    (work) => (link(work, '.github/training-jobs.yml', '../../outside/secret.yml'), {}),
    /^::error::Invalid config '\.github\/training-jobs\.yml': it leads outside the working directory through a symbolic link; it is not read/,
  ],
])('%s: one clear error before any job starts; nothing outside changes', async (_name, plant, message) => {
  const { work, outside } = setup();
  const inputs = plant(work, outside);
  const before = state(outside);
  const result = await runAction({ workspace: work, inputs });

  expect(result.code).toBe(1);
  const errors = commands(result.stdout, 'error');
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(message);
  expect(result.stdout).not.toMatch(/^\s+at /m);
  expect(result.stdout + result.stderr + result.stepSummary).not.toContain('TOP-SECRET');
  expect(result.stdout + result.stderr).not.toContain(outside);
  expect(state(outside)).toEqual(before);
  // No job started: the fixture's scripts would have printed this.
  expect(result.stdout).not.toContain('alpha done');
});

test('links that stay inside the workspace are fine: the run writes through them', async () => {
  const { work, outside } = setup();
  fs.mkdirSync(path.join(work, 'store', 'logs'), { recursive: true });
  link(work, 'logs', 'store/logs');
  const before = state(outside);
  const result = await runAction({ workspace: work, inputs: { only: 'alpha', upload_artifacts: 'false' } });
  expect(result.code).toBe(0);
  expect(fs.readFileSync(path.join(work, 'store', 'logs', 'alpha.log'), 'utf8')).toContain('alpha done');
  expect(state(outside)).toEqual(before);
});
