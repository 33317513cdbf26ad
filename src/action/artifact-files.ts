import { promises as fsp, type Dirent } from 'node:fs';
import path from 'node:path';
import { resolveInside, toPosix } from '../plan/path-safety.js';
import { isReallyInside, isWithin, realRootOf } from '../plan/real-path.js';

/**
 * Characters the artifact service refuses in a file's path inside an artifact (the same list
 * `@actions/artifact` checks before sending anything; NTFS cannot hold them). One such file makes the
 * client refuse the whole upload, so they are set aside and reported instead.
 */
export const REJECTED_PATH_CHARACTERS: readonly string[] = ['"', ':', '<', '>', '|', '*', '?', '\r', '\n'];

/** A file that will be uploaded. */
export interface ArtifactFile {
  /** Absolute path as it will be handed to the artifact client (inside the working directory). */
  absolute: string;
  /** Relative to the working directory, POSIX separators: the path inside the zip. */
  relative: string;
  /** Where the bytes are: the file itself, or the target of a symbolic link. */
  real: string;
}

/** A file (or entry) found in an output folder that will not be uploaded, and why. */
export interface SetAsideFile {
  relative: string;
  reason: string;
}

export interface CollectedFiles {
  files: ArtifactFile[];
  setAside: SetAsideFile[];
}

/** The rejected characters `relative` holds, as printable names (`\n` rather than a line break). */
export function rejectedCharactersIn(relative: string): string[] {
  return REJECTED_PATH_CHARACTERS.filter((c) => relative.includes(c)).map((c) =>
    c === '\r' ? '\\r' : c === '\n' ? '\\n' : c,
  );
}

/**
 * Lists the files under `folders` (relative to the working directory), each once even when folders
 * overlap, sorted by path. A missing folder holds no file; a folder that leads outside the working
 * directory through a link (itself or a folder above it) is set aside. Symbolic links to files are
 * followed only when their target lies inside the working directory (real-path.ts, as everywhere) (the upload would otherwise publish whatever
 * the link points at, `~/.kaggle/kaggle.json` included); linked folders are never entered (no loops).
 * Files whose path the artifact service would reject are set aside with the reason.
 */
export async function collectArtifactFiles(
  workingDirectory: string,
  folders: readonly string[],
): Promise<CollectedFiles> {
  const root = path.resolve(workingDirectory);
  const realRoot = realRootOf(root);
  const files = new Map<string, ArtifactFile>();
  const setAside = new Map<string, SetAsideFile>();

  const visit = async (absolute: string, entry: Dirent | undefined): Promise<void> => {
    const relative = toPosix(path.relative(root, absolute));
    if (files.has(relative) || setAside.has(relative)) return;
    const stats = entry ?? (await fsp.lstat(absolute).catch(() => undefined));
    if (stats === undefined) return;
    if (stats.isDirectory()) {
      let entries: Dirent[];
      try {
        entries = await fsp.readdir(absolute, { withFileTypes: true });
      } catch (error) {
        setAside.set(relative, {
          relative: `${relative}/`,
          reason: `the folder cannot be read (${codeOf(error)})`,
        });
        return;
      }
      for (const child of entries) await visit(path.join(absolute, child.name), child);
      return;
    }
    let real = absolute;
    if (stats.isSymbolicLink()) {
      const target = await fsp.realpath(absolute).catch(() => undefined);
      const targetStats = target === undefined ? undefined : await fsp.stat(target).catch(() => undefined);
      if (target === undefined || targetStats === undefined) {
        setAside.set(relative, { relative, reason: 'a broken symbolic link' });
        return;
      }
      if (!isWithin(realRoot, target)) {
        setAside.set(relative, {
          relative,
          reason: 'a symbolic link to a path outside the working directory',
        });
        return;
      }
      if (targetStats.isDirectory()) {
        setAside.set(relative, {
          relative,
          reason: 'a symbolic link to a folder (links to folders are not followed)',
        });
        return;
      }
      if (!targetStats.isFile()) {
        setAside.set(relative, {
          relative,
          reason: 'a symbolic link to something that is not a regular file',
        });
        return;
      }
      real = target;
    } else if (!stats.isFile()) {
      setAside.set(relative, { relative, reason: 'not a regular file (socket, pipe or device)' });
      return;
    }
    const rejected = rejectedCharactersIn(relative);
    if (rejected.length > 0) {
      setAside.set(relative, {
        relative,
        reason: `the artifact service rejects paths holding ${rejected.map((c) => `'${c}'`).join(', ')}`,
      });
      return;
    }
    files.set(relative, { absolute, relative, real });
  };

  for (const folder of folders) {
    const inside = resolveInside(root, folder);
    if (!inside || inside.relative === '.') continue;
    // A folder on the way linked outside (`results` → elsewhere, for `results/run1`): lstat of the folder
    // itself would follow it without noticing, so the folder is checked as a whole first.
    if (!isReallyInside(root, inside.relative, realRoot)) {
      setAside.set(inside.relative, {
        relative: `${inside.relative}/`,
        reason: 'a folder that leads outside the working directory through a symbolic link',
      });
      continue;
    }
    await visit(inside.absolute, undefined);
  }
  const byPath = (a: { relative: string }, b: { relative: string }): number =>
    a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0;
  return { files: [...files.values()].sort(byPath), setAside: [...setAside.values()].sort(byPath) };
}

/** Whether `relative` (POSIX) lies in `folder` (POSIX, relative to the same root). */
export function isInFolder(relative: string, folder: string): boolean {
  const normalized = path.posix.normalize(folder).replace(/\/+$/, '');
  return relative === normalized || relative.startsWith(`${normalized}/`);
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException)?.code ?? String(error);
}
