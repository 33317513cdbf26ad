import fs from 'node:fs';
import path from 'node:path';
import type { PlannedJob } from '../model/types.js';
import type { KnownFolder } from '../plan/real-path.js';
import {
  assertWritableInside,
  makeFoldersInside,
  prepareFoldersInside,
  prepareLogFile,
  type PreparedFolders,
  type PreparedLog,
} from './safe-open.js';

/** What was made for a job ahead of its start (see JobFilesAhead); its start checks all of it again. */
export interface PreparedJobFiles {
  folders: PreparedFolders;
  /** undefined: not prepared (failed, or the log is opened through a test's own `openLog`). */
  log: PreparedLog | undefined;
}

/** A started job's preparation: `ready` settles once it is done; `release` if the job does not use it after all. */
export interface AheadFiles {
  ready: Promise<PreparedJobFiles>;
  release(): void;
}

export interface JobFilesAheadOptions {
  workingDirectory: string;
  root: KnownFolder;
  /** The subfolders every job gets (run-job.ts). */
  subfolders: readonly string[];
  /** The subfolder whose freshness the job's start asks about (metrics/: nothing from an earlier run in it). */
  fresh: string;
  /** The run's mkdir -p memo, for the log folders. */
  ensureDirectory: ((absolute: string) => void) & { made(absolute: string): boolean };
  /** Whether logs are opened ahead too (not when a test hands in its own `openLog`). */
  logs: boolean;
  /** Asked before each preparation: no new one once the run is cancelled. */
  canPrepare: () => boolean;
}

/**
 * Prepares the output folders and log files of the next queued jobs while others run, so that a job's start
 * only checks them (a few lstat) and spawns. On ext4 creating a job's four folders and its log costs 0.5-5 ms
 * (journal, and more right after a large deletion), on the one thread that starts every job; here it is
 * done by asynchronous mkdir/open in the libuv thread pool, i.e. on another core, and the main thread only
 * issues the requests.
 *
 * Bounded: at most `lookahead` jobs are prepared and not yet started (each holds its log's descriptor open),
 * walking the start order; a job started out of that order (backfill) is simply not prepared and takes the
 * usual path. Preparations settle in the order they were made, so jobs that start one after another also
 * spawn in that order.
 *
 * What a job finds at its start does not change: the same folders and log, checked again right before the
 * spawn (adoptPreparedFolders/adoptPreparedLog in safe-open.ts) and, when anything changed since or the
 * preparation failed, made the usual way, with the usual errors. A job prepared but never started (the run
 * was cancelled, or faulted) leaves nothing behind: `close` removes the folders and the empty log it created
 * (never anything that existed before, nor anything a job put there since), so a skipped job has no folders,
 * as before, and an earlier run's log is never emptied for a job that did not start.
 */
export class JobFilesAhead {
  private cursor = 0;
  /** Prepared (or being prepared), not yet started: job index → its preparation. */
  private readonly pending = new Map<number, Promise<PreparedJobFiles>>();
  private readonly started: Uint8Array;
  /** The last preparation made: the next one settles after it. */
  private last: Promise<unknown> = Promise.resolve();
  private readonly undoing: Promise<void>[] = [];
  private closed = false;

  constructor(
    private readonly jobs: readonly PlannedJob[],
    private readonly order: readonly number[],
    private readonly lookahead: number,
    private readonly options: JobFilesAheadOptions,
  ) {
    this.started = new Uint8Array(jobs.length);
  }

  /**
   * Job `index` starts now: its preparation, or undefined when it was not prepared (the usual path). The next
   * job in line is prepared at once in its place (issuing it is a few lstat and requests to the thread pool):
   * however many jobs end in one turn of the event loop, the ones that start next are prepared.
   */
  start(index: number): AheadFiles | undefined {
    this.started[index] = 1;
    const ready = this.pending.get(index);
    this.pending.delete(index);
    this.topUp();
    if (ready === undefined) return undefined;
    return { ready, release: () => this.undo(index, ready) };
  }

  /** Stops preparing; once the preparations under way settle, undoes those no job used. Call once the pool settled. */
  async close(): Promise<void> {
    this.closed = true;
    for (const [index, ready] of this.pending) this.undo(index, ready);
    this.pending.clear();
    await Promise.all(this.undoing);
  }

  private undo(index: number, ready: Promise<PreparedJobFiles>): void {
    const job = this.jobs[index];
    this.undoing.push(ready.then((prepared) => undoPreparation(job, prepared, this.options)));
  }

  private topUp(): void {
    while (
      !this.closed &&
      this.pending.size < this.lookahead &&
      this.cursor < this.order.length &&
      this.options.canPrepare()
    ) {
      const index = this.order[this.cursor++];
      if (this.started[index]) continue;
      const own = prepareJob(this.jobs[index], this.options);
      const ready = this.last.then(() => own);
      this.last = ready;
      this.pending.set(index, ready);
    }
  }
}

function prepareJob(job: PlannedJob, options: JobFilesAheadOptions): Promise<PreparedJobFiles> {
  const { workingDirectory, root } = options;
  const folders = prepareFoldersInside(
    path.resolve(workingDirectory, job.outputDir),
    options.subfolders,
    root,
    job.outputDir,
    options.fresh,
  );
  let log: Promise<PreparedLog | undefined> = Promise.resolve(undefined);
  if (options.logs) {
    const logPath = path.resolve(workingDirectory, job.logPath);
    const logFolder = path.dirname(logPath);
    try {
      // The log folder: once per run (the first jobs, which start at once, have usually made it).
      if (!options.ensureDirectory.made(logFolder))
        makeFoldersInside(logFolder, [], root, path.posix.dirname(job.logPath), options.ensureDirectory);
      log = prepareLogFile(logPath, root, job.logPath);
    } catch {
      // Refused or failed: the job's start does it again and reports it.
    }
  }
  return Promise.all([folders, log]).then(([madeFolders, openedLog]) => ({
    folders: madeFolders,
    log: openedLog,
  }));
}

/**
 * A preparation no job used: its log descriptor is closed, and what it created is removed if it is still
 * exactly that (the same inode, empty, at the same place inside the working directory): an empty log file
 * it created, the empty folders it created. Anything else is left as it is. Never throws.
 */
function undoPreparation(job: PlannedJob, prepared: PreparedJobFiles, options: JobFilesAheadOptions): void {
  const { workingDirectory, root } = options;
  const log = prepared.log;
  if (log) {
    try {
      const logPath = path.resolve(workingDirectory, job.logPath);
      if (log.created) {
        assertWritableInside(path.dirname(logPath), root, job.logPath);
        const stats = fs.lstatSync(logPath, { throwIfNoEntry: false });
        if (stats?.isFile() && stats.dev === log.dev && stats.ino === log.ino && stats.size === 0)
          fs.unlinkSync(logPath);
      }
    } catch {
      // Left as it is.
    } finally {
      fs.closeSync(log.fd);
    }
  }
  const { made, madeOutput } = prepared.folders;
  if (made.size === 0 && !madeOutput) return;
  const outputDir = path.resolve(workingDirectory, job.outputDir);
  try {
    assertWritableInside(outputDir, root, job.outputDir);
    for (const [folder, inode] of made) {
      const full = path.join(outputDir, folder);
      const stats = fs.lstatSync(full, { throwIfNoEntry: false });
      const same = inode === undefined || (stats?.dev === inode.dev && stats.ino === inode.ino);
      if (stats?.isDirectory() && same) removeEmptyFolder(full);
    }
    if (madeOutput) removeEmptyFolder(outputDir);
  } catch {
    // Left as it is.
  }
}

/** rmdir(2): only an empty folder goes; one a job wrote into since stays. */
function removeEmptyFolder(absolute: string): void {
  try {
    fs.rmdirSync(absolute);
  } catch {
    // Not empty, or gone: left as it is.
  }
}
