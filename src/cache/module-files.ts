import path from 'node:path';
import { readPythonImports, type PythonImport } from './python-imports.js';

/** How the resolver sees the repository: its files (relative POSIX paths) and a way to read one. */
export interface ModuleSource {
  /** Every file of the repository, relative POSIX paths. */
  files: ReadonlySet<string>;
  /** The file's text, or null when it cannot be read. */
  read(relative: string): Promise<string | null>;
}

/**
 * The repository-local Python files a script depends on, transitively, sorted (the script itself excluded).
 *
 * Each import is resolved against the importing file's folder (the script's folder, which Python puts first on
 * sys.path), then the job's folders `bases` (the working directory, the job's cwd); relative imports against the
 * importing file's package. Package `__init__.py` files on the way count too (Python runs them). An absolute import
 * that does not resolve so but names a module that exists elsewhere in the repository (`lib/helpers/x.py` for
 * `import helpers.x`, a script that extends sys.path itself) counts every such file in: rerunning too often is a
 * cost, a stale result is a bug. Imports of the standard library or installed packages resolve to nothing.
 */
export async function localModuleFiles(
  script: string,
  bases: readonly string[],
  source: ModuleSource,
  suffixIndex: () => Map<string, string[]>,
): Promise<string[]> {
  const found = new Set<string>([script]);
  const queue = [script];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    const text = await source.read(file);
    if (text === null) continue;
    const folder = path.posix.dirname(file);
    for (const imported of readPythonImports(text)) {
      for (const target of resolveImport(imported, folder, bases, source.files, suffixIndex)) {
        if (found.has(target)) continue;
        found.add(target);
        queue.push(target);
      }
    }
  }
  found.delete(script);
  return [...found].sort();
}

/** The files one import statement may load. */
function resolveImport(
  imported: PythonImport,
  folder: string,
  bases: readonly string[],
  files: ReadonlySet<string>,
  suffixIndex: () => Map<string, string[]>,
): string[] {
  const parts = imported.module === '' ? [] : imported.module.split('.');
  if (imported.level > 0) {
    let base = folder;
    for (let up = 1; up < imported.level; up++) base = path.posix.dirname(base);
    return modulesUnder(base, parts, imported.names, files);
  }
  const roots = [folder, ...bases];
  for (const root of roots) {
    const hits = modulesUnder(root, parts, imported.names, files);
    if (hits.length > 0) return hits;
  }
  // Not on the usual paths: any file elsewhere in the repository that this dotted name could be.
  const index = suffixIndex();
  const hits: string[] = [];
  for (const name of imported.names.length > 0 ? imported.names.map((n) => `${imported.module}.${n}`) : []) {
    hits.push(...(index.get(name) ?? []));
  }
  hits.push(...(index.get(imported.module) ?? []));
  return hits;
}

/** `root/a/b.py` or `root/a/b/__init__.py` for parts [a, b], each package's `__init__.py`, and `from` names as submodules. */
function modulesUnder(
  root: string,
  parts: readonly string[],
  names: readonly string[],
  files: ReadonlySet<string>,
): string[] {
  const join = (...segments: string[]) => path.posix.normalize(path.posix.join(root, ...segments));
  const hits: string[] = [];
  for (let i = 1; i < parts.length; i++) {
    const init = join(...parts.slice(0, i), '__init__.py');
    if (files.has(init)) hits.push(init);
  }
  let isPackage = parts.length === 0;
  if (parts.length > 0) {
    const module = join(...parts.slice(0, -1), `${parts[parts.length - 1]}.py`);
    const init = join(...parts, '__init__.py');
    if (files.has(module)) hits.push(module);
    else if (files.has(init)) {
      hits.push(init);
      isPackage = true;
    }
  } else {
    const init = join('__init__.py');
    if (files.has(init)) hits.push(init);
  }
  if (isPackage || hits.length === 0) {
    for (const name of names) {
      const sub = join(...parts, `${name}.py`);
      const subPackage = join(...parts, name, '__init__.py');
      if (files.has(sub)) hits.push(sub);
      else if (files.has(subPackage)) hits.push(subPackage);
    }
  }
  // A namespace package (a folder without __init__.py) still resolves when a `from` name is a module in it.
  return hits.filter((hit) => !hit.startsWith('../') && hit !== '..');
}

/**
 * Dotted name → the repository's Python files it could name: `lib/helpers/x.py` is `x`, `helpers.x` and
 * `lib.helpers.x`; `pkg/__init__.py` is `pkg`. Built once per run, only when an import needs it.
 */
export function buildSuffixIndex(files: Iterable<string>): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const file of files) {
    if (!file.endsWith('.py')) continue;
    const segments = file.slice(0, -3).split('/');
    if (segments[segments.length - 1] === '__init__') segments.pop();
    for (let start = segments.length - 1; start >= 0; start--) {
      const name = segments.slice(start).join('.');
      const list = index.get(name);
      if (list) list.push(file);
      else index.set(name, [file]);
    }
  }
  return index;
}
