// The generated pieces the measurements share: job configs, a seeded random source, fixture programs.
import fs from 'node:fs';
import path from 'node:path';

/** mulberry32: a tiny deterministic PRNG, so the "random" workload is the same on every run and machine. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` job ids that sort in creation order: j0001, j0002 … */
export function jobIds(n, prefix = 'j') {
  const width = String(n).length;
  return Array.from({ length: n }, (_, index) => `${prefix}${String(index + 1).padStart(width, '0')}`);
}

/**
 * Writes an orchestrator config of command jobs. JSON is YAML, and it spares us quoting traps
 * (`true` unquoted in YAML is a boolean, not the program).
 */
export function writeCommandConfig(file, jobs) {
  const config = { jobs: Object.fromEntries(jobs.map(({ id, command }) => [id, { command }])) };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(config, null, 1)}\n`);
  return file;
}

/** Removes what a run leaves in a workspace so the next run starts from the same state. */
export function resetOutputs(workspace) {
  for (const dir of ['logs', 'results', 'summaries']) {
    fs.rmSync(path.join(workspace, dir), { recursive: true, force: true });
  }
}

/**
 * Moves what an earlier run left at `names` (relative to `workspace`) out of the way, into `workspace/.set-aside/`,
 * instead of deleting it: one rename each. Creating thousands of files and folders within minutes of deleting as
 * many costs 2-4x more CPU on this machine's ext4, which has no journal: without one, ext4 will not reuse an inode
 * deleted less than 60 s ago (300 s while its inode table block is dirty), and checks each candidate inode
 * (`recently_deleted()` reading the inode table, `perf` session 6) until it finds an older one. Whichever run
 * followed a deletion paid for it. `removeSetAside` deletes them once nothing is timed any more (see run.mjs:
 * `ctx.afterRun`).
 */
export function setAside(workspace, names) {
  const aside = path.join(workspace, '.set-aside');
  fs.mkdirSync(aside, { recursive: true });
  for (const name of names) {
    const from = path.join(workspace, name);
    if (!fs.existsSync(from)) continue;
    const to = fs.mkdtempSync(path.join(aside, `${path.basename(name)}-`));
    fs.renameSync(from, path.join(to, path.basename(name)));
  }
}

/** Deletes what setAside moved out of the way in `workspace`. */
export function removeSetAside(workspace) {
  fs.rmSync(path.join(workspace, '.set-aside'), { recursive: true, force: true });
}

export function readSummary(workspace, dir = 'summaries') {
  const folder = path.join(workspace, dir);
  const names = fs.existsSync(folder)
    ? fs
        .readdirSync(folder)
        .filter((name) => name.endsWith('.json'))
        .sort()
    : [];
  if (names.length === 0) return undefined;
  const file = path.join(folder, names[names.length - 1]);
  return { file, summary: JSON.parse(fs.readFileSync(file, 'utf8')) };
}

/**
 * Prints `total` bytes to stdout with raw write(2) calls, so the pipe sees exactly the write size chosen:
 * `block` mode writes 64 KiB chunks; `lines` mode writes 8 KiB chunks made of short (~40 byte) lines, what a
 * `print()` loop produces when Python block-buffers a piped stdout, without Python's per-line cost.
 */
export const GENERATOR_PY = String.raw`import os, sys
total = int(sys.argv[1])
mode = sys.argv[2]
if mode == 'block':
    chunk = (b'x' * 1023 + b'\n') * 64
else:
    lines = []
    size = 0
    step = 0
    while size < 8192:
        line = b'epoch %3d step %6d loss %.6f acc %.4f\n' % (step // 1000, step, 1.0 / (step + 1), step % 97 / 97)
        lines.append(line)
        size += len(line)
        step += 1
    chunk = b''.join(lines)[:8192]
view = memoryview(chunk)
left = total
while left > 0:
    n = os.write(1, view[:min(left, len(chunk))])
    left -= n
`;

/**
 * A job that starts a grandchild ignoring SIGTERM, then waits. Both write their pid to a file once ready
 * (the grandchild only after it ignores SIGTERM), so the harness knows every process of the run.
 */
export const HOLD_PY = String.raw`import os, signal, subprocess, sys, time
pids, job = sys.argv[1], sys.argv[2]
grandchild = subprocess.Popen([sys.executable, '-c', '''
import os, signal, sys, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
with open(sys.argv[1] + '.tmp', 'w') as f:
    f.write(str(os.getpid()))
os.rename(sys.argv[1] + '.tmp', sys.argv[1])
time.sleep(600)
''', os.path.join(pids, job + '.grandchild')], stdin=subprocess.DEVNULL)
with open(os.path.join(pids, job + '.job.tmp'), 'w') as f:
    f.write(str(os.getpid()))
os.rename(os.path.join(pids, job + '.job.tmp'), os.path.join(pids, job + '.job'))
print('holding', flush=True)
time.sleep(600)
`;

export function writeFixture(dir, name, source) {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, source);
  return file;
}
