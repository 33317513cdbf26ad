import fs from 'node:fs';
import path from 'node:path';

/**
 * Where the working directory is inside the repository, as annotations need it: GitHub attaches an
 * annotation to a file by its path from the repository root, while jobs' scripts are relative to the
 * working directory (which may be a subfolder). The root is the nearest folder holding `.git`, from the
 * working directory up to the workspace (actions/checkout's `path:` puts the repository in a subfolder
 * of GITHUB_WORKSPACE), else the workspace itself. POSIX separators; `''` when it is the root; undefined
 * when the working directory is outside the workspace (no file can be named then).
 */
export function workingDirectoryInRepository(
  workingDirectory: string,
  workspace: string,
): string | undefined {
  const inside = (from: string): string | undefined => {
    const relative = path.relative(from, workingDirectory);
    if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative))
      return undefined;
    return relative.split(path.sep).join('/');
  };
  const inWorkspace = inside(workspace);
  if (inWorkspace === undefined) return undefined;
  // Inside the workspace, so walking up reaches it.
  for (let dir = workingDirectory; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return inside(dir);
    if (path.relative(workspace, dir) === '' || path.dirname(dir) === dir) return inWorkspace;
  }
}
