/**
 * The CLI when the disk lets it down, with real jobs and real file systems (a 64 KiB tmpfs, a read-only
 * bind mount): an unusable summaries folder is exit 2 before any job starts; a summary that cannot be written
 * at the end still prints the final table, then one plain error line naming the file (no stack trace), exit 1.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runCli, type CliIo } from '../../src/cli/main.js';
import { PYTHON, tempDir } from '../run/helpers.js';
import { fillerWorkspace, mountReadOnly, mountTest, mountTmpfs, unmount } from '../support/mounts.js';

function cliIo(cwd: string): CliIo & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (text) => void (out += text),
    err: (text) => void (err += text),
    env: {},
    cwd,
    isTTY: false,
    stdout: () => out,
    stderr: () => err,
  };
}

function workspace(fillSummaries: boolean): string {
  return fillerWorkspace(tempDir(), fillSummaries);
}

const mountCase = mountTest();
const mounted: string[] = [];
afterAll(() => {
  for (const dir of mounted.reverse()) unmount(dir);
});

mountCase(
  'the disk fills during the run: final table, one error line naming the summary file, exit 1',
  async () => {
    const dir = workspace(true);
    mountTmpfs(path.join(dir, 'summaries'), '64k');
    mounted.push(path.join(dir, 'summaries'));
    const io = cliIo(dir);
    const code = await runCli(['--python', PYTHON], io);
    expect(code).toBe(1);
    // The final table with the real statuses.
    expect(io.stdout()).toMatch(/filler\s.*succeeded/);
    expect(io.stdout()).toMatch(/other\s.*succeeded/);
    expect(io.stdout()).not.toContain('Summary:');
    const errors = io
      .stderr()
      .split('\n')
      .filter((line) => line.startsWith('error:'));
    expect(errors).toEqual([
      expect.stringMatching(
        /^error: Could not write the summary summaries\/training_summary_\d{8}T\d{6}Z\.json: no space left on device \(ENOSPC\)\.$/,
      ),
    ]);
    expect(io.stderr()).not.toMatch(/^\s+at /m);
  },
);

describe('an unusable summaries folder: exit 2 before any job starts', () => {
  test('it is a file', async () => {
    const dir = workspace(false);
    fs.writeFileSync(path.join(dir, 'summaries'), '');
    const io = cliIo(dir);
    expect(await runCli(['--python', PYTHON], io)).toBe(2);
    expect(io.stderr()).toMatch(/^error: Invalid --summaries-dir 'summaries': the folder cannot be created/);
    expect(fs.existsSync(path.join(dir, 'ran.txt'))).toBe(false);
  });

  mountCase('it is read-only', async () => {
    const dir = workspace(false);
    fs.mkdirSync(path.join(dir, 'ro-source'));
    mountReadOnly(path.join(dir, 'ro-source'), path.join(dir, 'out'));
    mounted.push(path.join(dir, 'out'));
    const io = cliIo(dir);
    expect(await runCli(['--python', PYTHON, '--summaries-dir', 'out'], io)).toBe(2);
    expect(io.stderr()).toMatch(
      /^error: Invalid --summaries-dir 'out': a file cannot be written into it \(read-only file system \(EROFS\)\)/,
    );
    expect(io.stderr()).not.toMatch(/^\s+at /m);
    expect(fs.existsSync(path.join(dir, 'ran.txt'))).toBe(false);
  });
});
