import { execFile } from 'node:child_process';
import { findExecutable } from '../plan/executable.js';

/*
 * NVIDIA GPUs through `nvidia-smi`: which processes hold memory on which device, and each device's
 * utilisation. Parsing is pure; the query runs the real program (a fake one on PATH in tests).
 */

/** `pid, gpu_uuid, used_memory` (MiB) of every process with a compute context. */
export const COMPUTE_APPS_ARGS = [
  '--query-compute-apps=pid,gpu_uuid,used_memory',
  '--format=csv,noheader,nounits',
];
/** `index, uuid, utilization.gpu` (percent) of every device. */
export const GPU_DEVICES_ARGS = ['--query-gpu=index,uuid,utilization.gpu', '--format=csv,noheader,nounits'];

/** One process's memory on one device. */
export interface GpuApp {
  pid: number;
  uuid: string;
  /** null when the driver does not say (`[N/A]`, e.g. in some containers). */
  usedBytes: number | null;
}

export interface GpuDevice {
  index: number;
  uuid: string;
  utilizationPercent: number | null;
}

const MIB = 1024 * 1024;

/** Rows of `--query-compute-apps`; lines that are not `pid, uuid, number` are skipped. */
export function parseComputeApps(text: string): GpuApp[] {
  const apps: GpuApp[] = [];
  for (const cells of rows(text)) {
    if (cells.length < 3) continue;
    const pid = Number(cells[0]);
    if (!Number.isInteger(pid) || pid <= 0 || cells[1] === '') continue;
    const used = numberOrNull(cells[2]);
    apps.push({ pid, uuid: cells[1], usedBytes: used === null ? null : Math.round(used * MIB) });
  }
  return apps;
}

/** Rows of `--query-gpu=index,uuid,utilization.gpu`; lines that are not `index, uuid, …` are skipped. */
export function parseGpuDevices(text: string): GpuDevice[] {
  const devices: GpuDevice[] = [];
  for (const cells of rows(text)) {
    if (cells.length < 3) continue;
    const index = Number(cells[0]);
    if (!Number.isInteger(index) || index < 0 || cells[1] === '') continue;
    devices.push({ index, uuid: cells[1], utilizationPercent: numberOrNull(cells[2]) });
  }
  return devices;
}

function rows(text: string): string[][] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => line.split(',').map((cell) => cell.trim()));
}

/** `[N/A]`, `[Not Supported]` and the like are null. */
function numberOrNull(cell: string): number | null {
  if (!/^\d+(\.\d+)?$/.test(cell)) return null;
  return Number(cell);
}

/** Runs nvidia-smi with these arguments: its stdout, or null when it failed or took too long. */
export type GpuQuery = (args: readonly string[]) => Promise<string | null>;

/** The real query: no shell, a time limit, output capped (a device list is a few hundred bytes). */
export function nvidiaSmiQuery(executable: string, timeoutMs = 5000): GpuQuery {
  return (args) =>
    new Promise((resolve) => {
      execFile(
        executable,
        [...args],
        { timeout: timeoutMs, maxBuffer: 1024 * 1024, windowsHide: true, encoding: 'utf8' },
        (error, stdout) => resolve(error ? null : stdout),
      );
    });
}

/** The absolute path of an executable `name` on `searchPath` (PATH's syntax; relative entries skipped), or null. */
export function findOnPath(name: string, searchPath: string | undefined): string | null {
  return findExecutable(name, { PATH: searchPath ?? '' }, '/', { absoluteFoldersOnly: true }) ?? null;
}
