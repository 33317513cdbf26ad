import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

/** What the jobs of a run share: CPU cores, memory in bytes and GPU device indices. */
export interface Capacity {
  cpus: number;
  memoryBytes: number;
  /** Device indices as nvidia-smi numbers them, ascending. */
  gpus: number[];
  /** Where each figure came from, for messages: `detected`, `the cpus input`, … */
  sources: { cpus: string; memory: string; gpus: string };
}

/** The resource settings (`cpus`, `memory`, `gpus` inputs); undefined = detect. */
export interface CapacitySettings {
  cpus?: number;
  memoryBytes?: number;
  gpus?: number[];
}

/** The side effects of detection, with real defaults (defaultCapacityDeps); tests hand in fakes. */
export interface CapacityDeps {
  /** Cores the process may use (os.availableParallelism). */
  availableParallelism: () => number;
  /** The text of /proc/meminfo, or undefined where there is none (macOS, Windows) or it cannot be read. */
  readMeminfo: () => string | undefined;
  /** Free memory in bytes (os.freemem): the fallback where /proc/meminfo has no MemAvailable. */
  freemem: () => number;
  /**
   * The output of `nvidia-smi -L`, or undefined when nvidia-smi is not on PATH or fails (a machine without
   * NVIDIA GPUs or drivers). Never throws.
   */
  listGpus: () => Promise<string | undefined>;
}

/** How long `nvidia-smi -L` may take before the machine counts as having no GPU (a hung driver). */
const NVIDIA_SMI_TIMEOUT_MS = 10_000;

/**
 * Real detection. `env` is the environment nvidia-smi is looked up in (its PATH) and runs with: the
 * orchestrator's own by default. nvidia-smi is run directly (execFile, no shell) with a timeout.
 */
export function defaultCapacityDeps(env: NodeJS.ProcessEnv = process.env): CapacityDeps {
  return {
    availableParallelism: () => os.availableParallelism(),
    readMeminfo: () => {
      try {
        return fs.readFileSync('/proc/meminfo', 'utf8');
      } catch {
        return undefined;
      }
    },
    freemem: () => os.freemem(),
    listGpus: () =>
      new Promise((resolve) => {
        try {
          execFile(
            'nvidia-smi',
            ['-L'],
            { env, timeout: NVIDIA_SMI_TIMEOUT_MS, windowsHide: true, maxBuffer: 1024 * 1024 },
            (error, stdout) => resolve(error ? undefined : String(stdout)),
          );
        } catch {
          resolve(undefined);
        }
      }),
  };
}

/**
 * The capacity of this run: each of CPUs, memory and GPUs from its setting when given, else detected.
 * CPUs: os.availableParallelism. Memory: MemAvailable of /proc/meminfo (what can be allocated without
 * swapping, page cache included), else os.freemem. GPUs: the indices `nvidia-smi -L` lists, asked only
 * when `detectGpus` (some job requests GPUs and the `gpus` input is not given); none when it is absent.
 */
export async function detectCapacity(
  settings: CapacitySettings,
  detectGpus: boolean,
  deps: CapacityDeps,
): Promise<Capacity> {
  const cpus = settings.cpus ?? Math.max(1, deps.availableParallelism());
  let memoryBytes = settings.memoryBytes;
  let memorySource = 'the memory input';
  if (memoryBytes === undefined) {
    const meminfo = deps.readMeminfo();
    const available = meminfo === undefined ? undefined : parseMemAvailable(meminfo);
    memoryBytes = available ?? Math.max(0, deps.freemem());
    memorySource =
      available !== undefined ? 'detected: MemAvailable in /proc/meminfo' : 'detected: free memory';
  }
  let gpus = settings.gpus;
  let gpuSource = 'the gpus input';
  if (gpus === undefined) {
    const listing = detectGpus ? await deps.listGpus() : undefined;
    gpus = listing === undefined ? [] : parseNvidiaSmiList(listing);
    gpuSource = !detectGpus
      ? 'not asked'
      : listing === undefined
        ? 'detected: nvidia-smi -L is not available'
        : 'detected with nvidia-smi -L';
  }
  return {
    cpus,
    memoryBytes,
    gpus: [...gpus].sort((a, b) => a - b),
    sources: {
      cpus: settings.cpus !== undefined ? 'the cpus input' : 'detected',
      memory: memorySource,
      gpus: gpuSource,
    },
  };
}

/** `MemAvailable:  16318340 kB` of /proc/meminfo in bytes, or undefined when absent (kernels before 3.14). */
export function parseMemAvailable(meminfo: string): number | undefined {
  const match = /^MemAvailable:\s+([0-9]+)\s*kB\s*$/m.exec(meminfo);
  return match ? Number(match[1]) * 1024 : undefined;
}

/**
 * The device indices of `nvidia-smi -L` (`GPU 0: NVIDIA A100-SXM4-40GB (UUID: GPU-…)`), ascending and
 * without duplicates; lines that are not a GPU (MIG devices, warnings) are ignored.
 */
export function parseNvidiaSmiList(listing: string): number[] {
  const indices = new Set<number>();
  for (const line of listing.split(/\r?\n/)) {
    const match = /^GPU ([0-9]{1,4}):/.exec(line.trim());
    if (match) indices.add(Number(match[1]));
  }
  return [...indices].sort((a, b) => a - b);
}
