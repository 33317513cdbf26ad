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

export function describeMachine(tools) {
  const memKb = /^MemTotal:\s+(\d+)/m.exec(fs.readFileSync('/proc/meminfo', 'utf8'));
  return {
    nproc: os.availableParallelism ? os.availableParallelism() : os.cpus().length,
    cpu_model: cpuModel(),
    memory_gib: memKb ? Number((Number(memKb[1]) / 1024 / 1024).toFixed(1)) : undefined,
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    node_path: process.execPath,
    tools: Object.fromEntries(
      Object.entries(tools).map(([name, tool]) => [name, tool?.version ?? 'missing']),
    ),
  };
}
