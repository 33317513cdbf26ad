import { describeFileKind } from './file-kind.js';
import fs from 'node:fs';
import type { Supports } from '../model/types.js';
import { detectSupports } from './detect.js';

/** A script's detected flags, or why it cannot be a job (`a FIFO`, `unreadable (EACCES)`, …). */
export type ScriptInspection = { ok: true; supports: Supports } | { ok: false; reason: string };

/** Opens a file for reading; the real one is fs.promises.open (tests inject what root cannot cause). */
export type OpenFile = (file: string, flags: number) => Promise<fs.promises.FileHandle>;

/**
 * Reads a script and detects the flags it supports. Opened without blocking (a FIFO named `train_x.py`
 * would otherwise hang the planner until something writes to it) and checked to be a regular file after
 * opening (so a file swapped for a FIFO between the listing and the read cannot hang it either). Never
 * throws: a folder, a FIFO, a device, a missing or unreadable file is a reason.
 */
export async function inspectScript(
  file: string,
  open: OpenFile = fs.promises.open,
): Promise<ScriptInspection> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await open(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    const stats = await handle.stat();
    if (!stats.isFile()) return { ok: false, reason: describeFileKind(stats) };
    return { ok: true, supports: detectSupports(await handle.readFile('utf8')) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, reason: 'missing' };
    if (code === 'EISDIR') return { ok: false, reason: 'a folder' };
    return { ok: false, reason: `unreadable (${code ?? (error as Error).message})` };
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
