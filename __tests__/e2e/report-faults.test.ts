/**
 * The bundled action when reporting itself is in trouble, driven as the runner drives it: the summaries folder
 * unusable before the run (a file, a read-only mount), the disk filling up during the run (a 64 KiB tmpfs the
 * job fills), and the runner's own files (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY) that cannot be written. What can
 * still be reported is reported; the fault is named in one line; jobs keep their real statuses.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { actionBundle, BUILD_TIMEOUT_MS, commands, runAction } from './support/action-harness.js';
import { fillerWorkspace, mountReadOnly, mountTest, mountTmpfs, unmount } from '../support/mounts.js';

const PYTHON = 'python3';
const inputs = { upload_artifacts: 'false', python: PYTHON };

function workspace(fillSummaries = false): string {
  return fillerWorkspace(fs.mkdtempSync(path.join(os.tmpdir(), 'to-e2e-faults-')), fillSummaries);
}

beforeAll(async () => {
  await actionBundle();
}, BUILD_TIMEOUT_MS + 30_000);

const mountCase = mountTest();
const mounted: string[] = [];
afterAll(() => {
  for (const dir of mounted.reverse()) unmount(dir);
});

mountCase(
  'the disk fills during the run: status and counts set, summary_path empty, step summary and table written, the file named, step failed',
  async () => {
    const dir = workspace(true);
    mountTmpfs(path.join(dir, 'summaries'), '64k');
    mounted.push(path.join(dir, 'summaries'));
    const result = await runAction({ workspace: dir, inputs });
    expect(result.code).toBe(1);
    expect(result.outputs).toMatchObject({
      status: 'success',
      succeeded: '2',
      failed: '0',
      failed_jobs: '[]',
      summary_path: '',
    });
    const reason =
      /Could not write the summary summaries\/training_summary_\d{8}T\d{6}Z\.json: no space left on device \(ENOSPC\)\./;
    expect(result.stepSummary).toMatch(/filler/);
    expect(result.stepSummary).toContain('> [!CAUTION]');
    // Markdown escapes the underscores of the file name.
    expect(result.stepSummary.replace(/\\_/g, '_')).toMatch(reason);
    // The final table, then the failure: one line, no stack trace.
    expect(result.stdout).toMatch(/filler\s.*succeeded/);
    expect(commands(result.stdout, 'error')).toEqual([expect.stringMatching(reason)]);
    expect(result.stdout).not.toMatch(/^\s+at /m);
  },
);

describe('an unusable summaries folder fails the step before any job starts, naming summaries_dir', () => {
  test('it is a file', async () => {
    const dir = workspace();
    fs.writeFileSync(path.join(dir, 'summaries'), '');
    const result = await runAction({ workspace: dir, inputs });
    expect(result.code).toBe(1);
    expect(commands(result.stdout, 'error')).toEqual([
      expect.stringMatching(/^::error::Invalid summaries_dir 'summaries': the folder cannot be created/),
    ]);
    expect(fs.existsSync(path.join(dir, 'ran.txt'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'logs'))).toBe(false);
  });

  mountCase('it is read-only', async () => {
    const dir = workspace();
    fs.mkdirSync(path.join(dir, 'ro-source'));
    mountReadOnly(path.join(dir, 'ro-source'), path.join(dir, 'summaries'));
    mounted.push(path.join(dir, 'summaries'));
    const result = await runAction({ workspace: dir, inputs });
    expect(result.code).toBe(1);
    expect(commands(result.stdout, 'error')).toEqual([
      expect.stringMatching(/^::error::Invalid summaries_dir 'summaries': .*read-only file system \(EROFS\)/),
    ]);
    expect(fs.existsSync(path.join(dir, 'ran.txt'))).toBe(false);
  });
});

describe("the runner's own files cannot be written", () => {
  test('GITHUB_OUTPUT unusable: step summary, table and summary file still written; the step fails naming it', async () => {
    const dir = workspace();
    const outputs = fs.mkdtempSync(path.join(os.tmpdir(), 'to-e2e-output-dir-'));
    const result = await runAction({ workspace: dir, inputs, env: { GITHUB_OUTPUT: outputs } });
    expect(result.code).toBe(1);
    expect(result.stepSummary).toMatch(/filler/);
    expect(result.stdout).toMatch(/other\s.*succeeded/);
    expect(fs.readdirSync(path.join(dir, 'summaries'))).toEqual([
      expect.stringMatching(/^training_summary_.*\.json$/),
    ]);
    expect(commands(result.stdout, 'error')).toEqual([
      expect.stringMatching(/^::error::Could not set the outputs: EISDIR/),
    ]);
  });

  test('GITHUB_STEP_SUMMARY unusable: a warning; outputs set, the step passes', async () => {
    const dir = workspace();
    const summaryDir = fs.mkdtempSync(path.join(os.tmpdir(), 'to-e2e-step-summary-dir-'));
    const result = await runAction({ workspace: dir, inputs, env: { GITHUB_STEP_SUMMARY: summaryDir } });
    expect(result.code).toBe(0);
    expect(result.outputs).toMatchObject({ status: 'success', succeeded: '2' });
    expect(result.outputs.summary_path).toMatch(/training_summary_.*\.json$/);
    expect(commands(result.stdout, 'warning')).toEqual([
      expect.stringMatching(/^::warning::Could not write the step summary: /),
    ]);
  });
});
