// Running one command and timing it, the way every measurement needs it: wall time from spawn to exit,
// exit status, and, when asked, the peak RSS and CPU time of the spawned process itself (not its children),
// sampled from /proc while it runs. Runs alternate between variants (A, B, A, B …) so machine noise hits all.
import { spawn } from 'node:child_process';
import fs from 'node:fs';

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux: /proc/<pid>/stat counts CPU time in these ticks
const STDERR_KEEP = 16 * 1024;

/** Children of this process that are still running: killed (whole group) if the harness stops early. */
const live = new Set();

export function killLiveChildren(signal = 'SIGKILL') {
  for (const child of live) {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  }
}

/** VmHWM (peak resident set) of one process in KiB, or 0 when it has gone or is a zombie. */
export function readPeakRssKb(pid) {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** User + system CPU time of one process itself (children excluded) in ms, or undefined when gone. */
export function readCpuMs(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may hold spaces: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** True while a process exists and is not a zombie (a zombie has ended; only its exit status is left). */
export function isAlive(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return false;
  }
}

/**
 * Runs `command args` to completion in its own process group.
 * stdin/stdout: 'ignore', 'pipe' (collected as text) or a file descriptor. stderr is always collected.
 * `sampleMs`: poll /proc for the process's peak RSS and CPU time at this interval.
 * `onSpawn(child)`: called once the process exists (the cancellation measurement signals it from there).
 */
export function runTimed(command, args, options = {}) {
  const { cwd, env, stdin = 'ignore', stdout = 'ignore', sampleMs, timeoutMs = 300_000, onSpawn } = options;
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { cwd, env, stdio: [stdin, stdout, 'pipe'], detached: true });
    live.add(child);
    let stderr = '';
    let out = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text) => {
      if (stderr.length < STDERR_KEEP) stderr += text;
    });
    if (child.stdout) {
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (text) => (out += text));
    }
    let peakRssKb = 0;
    let cpuMs;
    const sample = () => {
      peakRssKb = Math.max(peakRssKb, readPeakRssKb(child.pid));
      cpuMs = readCpuMs(child.pid) ?? cpuMs;
    };
    const sampler = sampleMs ? setInterval(sample, sampleMs) : undefined;
    const guard = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }, timeoutMs);
    let exit;
    child.on('error', (error) => {
      clearInterval(sampler);
      clearTimeout(guard);
      live.delete(child);
      reject(error);
    });
    child.on('spawn', () => {
      if (sampleMs) sample();
      onSpawn?.(child, start);
    });
    child.on('exit', (code, signal) => {
      exit = { ms: performance.now() - start, code, signal };
      clearInterval(sampler);
    });
    child.on('close', () => {
      clearTimeout(guard);
      live.delete(child);
      resolve({ ...exit, peakRssKb: sampleMs ? peakRssKb : undefined, cpuMs, stdout: out, stderr });
    });
  });
}

/** Throws with the command's stderr when a run did not end the way the measurement expects. */
export function expectExit(result, what, expected = 0) {
  if (result.code !== expected) {
    const how = result.signal ? `signal ${result.signal}` : `exit ${result.code}`;
    throw new Error(`${what}: ${how}, expected exit ${expected}\n${result.stderr.trim().slice(-2000)}`);
  }
  return result;
}

/**
 * Runs each variant `rounds` times, interleaved: round 1 runs A then B then C, round 2 again A, B, C …
 * `warmup` rounds run first and are discarded. Returns samples per variant id.
 * A variant is { id, run(round) -> Promise<sample> } where a sample holds at least `ms`.
 */
export async function alternate(variants, { rounds, warmup = 0, onSample } = {}) {
  const samples = Object.fromEntries(variants.map((variant) => [variant.id, []]));
  for (let round = -warmup; round < rounds; round += 1) {
    for (const variant of variants) {
      const sample = await variant.run(round);
      if (round >= 0) {
        samples[variant.id].push(sample);
        onSample?.(variant, sample, round);
      }
    }
  }
  return samples;
}

export function median(values) {
  const sorted = values
    .filter((value) => typeof value === 'number' && Number.isFinite(value))
    .sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median, min, max and count of one field over a variant's samples. */
export function summarize(samples, field = 'ms') {
  const values = samples.map((sample) => sample[field]).filter((value) => typeof value === 'number');
  if (values.length === 0) return undefined;
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), n: values.length };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
