/**
 * Real file-system conditions for tests: a tiny tmpfs that fills up (disk full) and a read-only bind mount.
 * `chmod` cannot make a folder read-only for root (these tests and CI run as root), a mount can.
 * Mounting needs root (and a kernel that lets the container mount): `mountSupport()` says why not, and the
 * tests skip with that reason. Always unmount in afterAll/finally.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

let support: string | undefined | null = null;

/** undefined when mounting works here; otherwise why not (for a visible skip). */
export function mountSupport(): string | undefined {
  if (support !== null) return support;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    support = 'not root: cannot mount a tmpfs or a read-only bind mount';
    return support;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'to-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'pipe' });
    execFileSync('umount', [dir], { stdio: 'pipe' });
    support = undefined;
  } catch (error) {
    support = `mounting is not permitted here: ${(error as Error).message.split('\n')[0]}`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return support;
}

/** `test`, or `test.skip` with the reason printed once when mounting is not possible. */
export function mountTest(): jest.It {
  const reason = mountSupport();
  if (reason === undefined) return test;
  console.warn(`Skipping mount-based tests: ${reason}`);
  return test.skip;
}

/** A tmpfs of `size` (e.g. `64k`) on `dir` (created). */
export function mountTmpfs(dir: string, size: string): void {
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
}

/** Fills the file system holding `dir` until a write fails with ENOSPC. */
export function fillUp(dir: string): void {
  const fd = fs.openSync(path.join(dir, '.filler'), 'w');
  const block = Buffer.alloc(4096, 0x61);
  try {
    for (;;) fs.writeSync(fd, block);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    fs.closeSync(fd);
  }
}

/** `dir` (created) becomes a read-only view of `source`. */
export function mountReadOnly(source: string, dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('mount', ['--bind', '-o', 'ro', source, dir], { stdio: 'pipe' });
}

/** Unmounts `dir` if something is mounted there; never throws (cleanup). */
export function unmount(dir: string): void {
  try {
    execFileSync('umount', [dir], { stdio: 'pipe' });
  } catch {
    try {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
    } catch {
      // Not mounted.
    }
  }
}

/**
 * A workspace of two jobs for the disk tests: `filler` writes `summaries/filler` until the file system is
 * full (with `fillSummaries`; otherwise it only leaves `ran.txt`), `other` prints a line.
 */
export function fillerWorkspace(dir: string, fillSummaries: boolean): string {
  fs.mkdirSync(path.join(dir, 'training'));
  const fill = fillSummaries
    ? [
        'try:',
        '    with open("summaries/filler", "wb") as f:',
        '        while True: f.write(b"x" * 4096); f.flush()',
        'except OSError: pass',
      ]
    : ['open("ran.txt", "w").write("ran")'];
  fs.writeFileSync(
    path.join(dir, 'training', 'train_filler.py'),
    [...fill, 'print("filler done")'].join('\n'),
  );
  fs.writeFileSync(path.join(dir, 'training', 'train_other.py'), 'print("other done")\n');
  return dir;
}
