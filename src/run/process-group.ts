import fs from 'node:fs';
import { killGroup } from '../resources/kill-group.js';

/**
 * A job runs in its own process group (spawned with `detached: true`, i.e. setsid(): its pid is the group id),
 * so one kill(-pid) reaches the job and every process it started, grandchildren included, unless one of them
 * deliberately left the group (setsid/setpgid): those we cannot find, see docs/decisions/0001-process-runner.md.
 */

/** Sends `signal` to the whole group; false when the group is gone. */
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  // EPERM: a member changed its uid; nothing more we can do for it.
  return killGroup(pid, signal) !== 'ESRCH';
}

/**
 * True while a process of the group is still running. A zombie does not count: it is dead, holds no pipe
 * and no memory, and only waits for its parent, or for init when it is an orphan, to reap it. That wait
 * can be long (an init that reaps lazily, or a container whose PID 1 never reaps), and must not hold the run.
 */
export function groupAlive(pid: number): boolean {
  const failed = killGroup(pid, 0);
  if (failed !== undefined) return failed === 'EPERM';
  const running = runningGroups();
  return running === undefined || running.has(pid);
}

/** Shared by every caller for a short while: a /proc scan costs a few ms, and 8 jobs may poll at once. */
const SCAN_TTL_MS = 40;
let scan: { at: number; groups: Set<number> | undefined } | undefined;

/** Process groups with at least one process that is not a zombie; undefined without /proc (zombies then count). */
function runningGroups(): Set<number> | undefined {
  const now = Date.now();
  if (scan && now - scan.at < SCAN_TTL_MS) return scan.groups;
  scan = { at: now, groups: process.platform === 'linux' ? scanProc() : undefined };
  return scan.groups;
}

function scanProc(): Set<number> | undefined {
  let names: string[];
  try {
    names = fs.readdirSync('/proc');
  } catch {
    return undefined;
  }
  const groups = new Set<number>();
  for (const name of names) {
    const first = name.charCodeAt(0);
    if (first < 48 || first > 57) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${name}/stat`, 'latin1');
    } catch {
      continue; // Exited while we looked.
    }
    // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so parse after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ', 4);
    if (fields[0] === 'Z' || fields[0] === 'X') continue;
    groups.add(Number(fields[2]));
  }
  return groups;
}
