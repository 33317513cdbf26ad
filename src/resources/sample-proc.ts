import fs from 'node:fs';
import { killGroup } from './kill-group.js';

/*
 * Reading Linux's /proc: the few fields the sampler needs from /proc/<pid>/stat and /proc/<pid>/status,
 * parsed without allocating more than the split. Everything here is pure except linuxProcReader.
 */

/** Clock ticks per second of the times in /proc/<pid>/stat (USER_HZ: 100 on every Linux ABI). */
export const CLOCK_TICKS_PER_SECOND = 100;

/** The fields of /proc/<pid>/stat the sampler uses; times are in clock ticks. */
export interface ProcStat {
  pid: number;
  ppid: number;
  /** Process group id: a job's processes share the job's (the first process's pid). */
  pgrp: number;
  session: number;
  /** Own CPU time. */
  utime: number;
  stime: number;
  /** CPU time of the children it waited for (and theirs, recursively). */
  cutime: number;
  cstime: number;
  /** Start time in ticks since boot: with the pid, it names a process (pids are reused). */
  starttime: number;
  /** Resident memory in pages (see pageSizeOf). */
  rssPages: number;
  /** 'Z' for a zombie (exited, not yet waited for). */
  state: string;
}

/**
 * Parses one /proc/<pid>/stat line, or null when it is not one. The command name (field 2) is in
 * parentheses and may itself hold spaces and parentheses, so fields are counted from the last `)`.
 */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = Number(text.slice(0, open));
  // Field n (1-based, as in proc(5)) is rest[n - 3]: rest starts at field 3, the state.
  const rest = text.slice(close + 2).split(' ');
  if (rest.length < 20) return null;
  const field = (n: number): number => Number(rest[n - 3]);
  const stat: ProcStat = {
    pid,
    ppid: field(4),
    pgrp: field(5),
    session: field(6),
    utime: field(14),
    stime: field(15),
    cutime: field(16),
    cstime: field(17),
    starttime: field(22),
    rssPages: field(24),
    state: rest[0],
  };
  for (const value of Object.values(stat)) {
    if (typeof value === 'number' && !Number.isFinite(value)) return null;
  }
  return stat;
}

/** Resident memory now and its high-water mark, in bytes, from /proc/<pid>/status (null: absent, a zombie). */
export interface ProcMemory {
  rssBytes: number | null;
  hwmBytes: number | null;
}

/** Reads `VmRSS:` and `VmHWM:` (kB) out of a /proc/<pid>/status text. */
export function parseProcStatus(text: string): ProcMemory {
  return { rssBytes: kilobytesOf(text, 'VmRSS:'), hwmBytes: kilobytesOf(text, 'VmHWM:') };
}

function kilobytesOf(text: string, key: string): number | null {
  const at = text.indexOf(key);
  if (at < 0) return null;
  const match = /^\s*(\d+)\s*kB/.exec(text.slice(at + key.length, at + key.length + 40));
  return match ? Number(match[1]) * 1024 : null;
}

/**
 * The page size, from one process's resident memory read both ways (stat in pages, status in kB): the
 * nearest power of two, at least 4 KiB. 4096 when either is unknown.
 */
export function pageSizeOf(stat: ProcStat | null, memory: ProcMemory | null): number {
  const bytes = memory?.rssBytes;
  if (!stat || !bytes || stat.rssPages <= 0) return 4096;
  return Math.max(4096, 2 ** Math.round(Math.log2(bytes / stat.rssPages)));
}

/** The sampler's only window on the system: a real one for Linux, fakes in tests. */
export interface ProcReader {
  /** The pids now alive, or null when there is no /proc (macOS, Windows). */
  pids(): number[] | null;
  /** The text of /proc/<pid>/stat, or null when the process is gone. */
  stat(pid: number): string | null;
  /** The text of /proc/<pid>/status, or null when the process is gone. */
  status(pid: number): string | null;
  /** /proc/self/stat of the orchestrator: its cutime/cstime grow by a job's whole CPU time when it is reaped. */
  selfStat(): string | null;
  /**
   * The processes that will be read again at the next sample (group members): the reader may keep their files
   * open meanwhile and must let go of everything else.
   */
  keep?(pids: ReadonlySet<number>): void;
  /**
   * Whether any process, a zombie included, is in process group `pgid` (what /proc would list with that pgrp).
   * Optional: a reader without it makes the sampler always list /proc.
   */
  groupExists?(pgid: number): boolean;
}

/** Files kept open between samples at most (two per process): far below any descriptor limit. */
export const KEPT_FILES_MAX = 512;

/**
 * The real /proc. Files are read into one reused buffer (a stat line is < 1 KiB, a status file < 2 KiB), and
 * the files of group members stay open between samples: a read at offset 0 of an open /proc file renders it
 * afresh, and costs a third of open + read + close (the sampler runs several times a second and must cost
 * next to nothing). An open file stays bound to its process: once that exits, reads fail, even if the pid is
 * reused.
 */
export function linuxProcReader(root = '/proc'): ProcReader {
  const buffer = Buffer.allocUnsafe(8192);
  /** `<pid>/stat` or `<pid>/status` → its open descriptor. */
  const open = new Map<string, number>();
  let selfFd: number | undefined;
  const readFd = (fd: number): string | null => {
    try {
      const length = fs.readSync(fd, buffer, 0, buffer.length, 0);
      return length > 0 ? buffer.toString('latin1', 0, length) : null;
    } catch {
      return null; // ESRCH: it exited
    }
  };
  const closeQuietly = (fd: number): void => {
    try {
      fs.closeSync(fd);
    } catch {
      // already closed
    }
  };
  const read = (file: string): string | null => {
    let fd: number;
    try {
      fd = fs.openSync(file, 'r');
    } catch {
      return null;
    }
    try {
      return readFd(fd);
    } finally {
      closeQuietly(fd);
    }
  };
  /** Through the open descriptor when there is one (opening it when there is room), else open and close. */
  const readKept = (pid: number, name: 'stat' | 'status'): string | null => {
    const key = `${pid}/${name}`;
    let fd = open.get(key);
    if (fd === undefined) {
      if (open.size >= KEPT_FILES_MAX) return read(`${root}/${key}`);
      try {
        fd = fs.openSync(`${root}/${key}`, 'r');
      } catch {
        return null;
      }
      open.set(key, fd);
    }
    const text = readFd(fd);
    if (text === null) {
      open.delete(key);
      closeQuietly(fd);
    }
    return text;
  };
  return {
    pids() {
      let names: string[];
      try {
        names = fs.readdirSync(root);
      } catch {
        return null;
      }
      const pids: number[] = [];
      for (const name of names) {
        const code = name.charCodeAt(0);
        if (code >= 48 && code <= 57) pids.push(Number(name));
      }
      return pids;
    },
    stat: (pid) => (open.has(`${pid}/stat`) ? readKept(pid, 'stat') : read(`${root}/${pid}/stat`)),
    status: (pid) => readKept(pid, 'status'),
    selfStat() {
      // Kept open for the whole run: read at every sample.
      if (selfFd === undefined) {
        try {
          selfFd = fs.openSync(`${root}/self/stat`, 'r');
        } catch {
          return null;
        }
      }
      return readFd(selfFd);
    },
    groupExists(pgid) {
      // EPERM: a member runs as another user; it exists.
      return killGroup(pgid, 0) !== 'ESRCH';
    },
    keep(pids) {
      for (const [key, fd] of open) {
        const pid = Number(key.slice(0, key.indexOf('/')));
        if (pids.has(pid)) continue;
        open.delete(key);
        closeQuietly(fd);
      }
      // Members' stat files are opened here, not on first read: most processes read once are not members.
      for (const pid of pids) {
        if (open.size >= KEPT_FILES_MAX) break;
        if (!open.has(`${pid}/stat`)) {
          try {
            open.set(`${pid}/stat`, fs.openSync(`${root}/${pid}/stat`, 'r'));
          } catch {
            // gone
          }
        }
      }
    },
  };
}
