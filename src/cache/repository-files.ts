import fs from 'node:fs/promises';
import path from 'node:path';

/** Folders never read for keys: version control, dependencies, caches, virtual environments. */
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules', '__pycache__', '.venv', 'venv', 'site-packages']);

/**
 * Every regular file under `root`, relative with POSIX separators, sorted. Symbolic links are not followed
 * (nothing outside the working directory enters a key); `.git`, `node_modules`, virtual environments and the
 * folders in `excluded` (the run's own results, logs and summaries, relative POSIX paths) are skipped.
 * An unreadable folder is skipped: a key may then see less, never more, than the repository holds.
 */
export async function listRepositoryFiles(root: string, excluded: readonly string[] = []): Promise<string[]> {
  const skip = new Set(excluded.map((folder) => folder.replace(/\/+$/, '')));
  const files: string[] = [];
  const walk = async (relative: string): Promise<void> => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(path.join(root, relative), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        if (SKIPPED_FOLDERS.has(entry.name) || skip.has(child)) continue;
        await walk(child);
      } else if (entry.isFile()) files.push(child);
    }
  };
  await walk('');
  return files.sort();
}
