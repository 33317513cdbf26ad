// What the numbers were measured on, and which peer tools this machine has.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

function firstLine(command, args) {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n')[0]
      .trim();
  } catch {
    return undefined;
  }
}

/** The absolute path of a program on PATH, or undefined. */
export function which(program) {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (!dir) continue;
    const candidate = `${dir}/${program}`;
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * The real Python interpreter behind `python3` (its sys.executable), the way the orchestrator resolves it:
 * version-manager shims such as pyenv's are shell scripts that cost tens of ms per start, which would drown
 * the overhead being measured. Every tool gets the same absolute path.
 */
export function realPython() {
  for (const name of ['python3', 'python']) {
    const found = firstLine(name, ['-c', 'import sys; print(sys.executable)']);
    if (found) return found;
  }
  return undefined;
}

function cpuModel() {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    return match ? match[1].trim() : os.cpus()[0]?.model;
  } catch {
    return os.cpus()[0]?.model;
  }
}

export function loadAverage() {
  return os.loadavg().map((value) => Number(value.toFixed(2)));
}

/** The tools measurements compare against; a missing one is undefined and its comparison is skipped. */
export function detectTools(python) {
  const parallel = which('parallel');
  // moreutils ships a different `parallel`; only GNU parallel has --joblog.
  const parallelVersion = parallel ? firstLine(parallel, ['--version']) : undefined;
  return {
    xargs: which('xargs') ? { path: which('xargs'), version: firstLine('xargs', ['--version']) } : undefined,
    parallel:
      parallel && parallelVersion?.startsWith('GNU parallel')
        ? { path: parallel, version: parallelVersion }
        : undefined,
    find: which('find') ? { path: which('find'), version: firstLine('find', ['--version']) } : undefined,
    git: which('git') ? { path: which('git'), version: firstLine('git', ['--version']) } : undefined,
    python: python ? { path: python, version: firstLine(python, ['--version']) } : undefined,
  };
}

/**
 * The Node that runs what is measured (the CLI, the action, the bare Node pool, `node -e 0`): `--node FILE`, else
 * the node@24 devDependency, which is the runtime action.yml declares (`runs.using: node24`), else the Node running
 * the harness. The harness's own Node does not matter to the figures; the measured one does, a lot for start-up:
 * on this machine Node 20 takes ~60 ms to start where Node 24 takes ~20 ms (Node 20 also parses its whole root
 * store at start when NODE_EXTRA_CA_CERTS is set, as it is here).
 */
export function measuredNode(repo, chosen) {
  if (chosen) return fs.realpathSync(chosen);
  const devDependency = `${repo}/node_modules/.bin/node`;
  try {
    fs.accessSync(devDependency, fs.constants.X_OK);
    return fs.realpathSync(devDependency);
  } catch {
    return process.execPath;
  }
}

/** The file system `dir` is on, as df names it: its type (ext4, tmpfs, overlay …) and source; undefined when df cannot tell. */
function mountOf(dir) {
  try {
    const out = execFileSync('df', ['--output=fstype,source', dir], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const [type, source] = out.trim().split('\n').at(-1).trim().split(/\s+/);
    return type ? { type, source } : undefined;
  } catch {
    return undefined;
  }
}

/** The file system type of `dir` as df names it (ext4, tmpfs, overlay …), or undefined. */
export function fileSystemOf(dir) {
  return mountOf(dir)?.type;
}

/**
 * Whether `dir` is on an ext4 file system without a journal (as this machine's root disk): there, creating files
 * within 5 minutes of deleting many is several times dearer (see setAside in workloads.mjs). False when unknown.
 */
export function ext4WithoutJournal(dir) {
  const mount = mountOf(dir);
  if (mount?.type !== 'ext4' || !mount.source?.startsWith('/dev/')) return false;
  try {
    const device = fs.realpathSync(mount.source).slice('/dev/'.length);
    return fs.readFileSync(`/sys/fs/ext4/${device}/journal_task`, 'utf8').trim() === '<none>';
  } catch {
    return false;
  }
}

export function describeMachine(tools, node = process.execPath) {
  const memKb = /^MemTotal:\s+(\d+)/m.exec(fs.readFileSync('/proc/meminfo', 'utf8'));
  return {
    nproc: os.availableParallelism ? os.availableParallelism() : os.cpus().length,
    cpu_model: cpuModel(),
    memory_gib: memKb ? Number((Number(memKb[1]) / 1024 / 1024).toFixed(1)) : undefined,
    kernel: `${os.type()} ${os.release()}`,
    node: node === process.execPath ? process.version : firstLine(node, ['--version']),
    node_path: node,
    harness_node: process.version,
    tools: Object.fromEntries(
      Object.entries(tools).map(([name, tool]) => [name, tool?.version ?? 'missing']),
    ),
  };
}
