/**
 * Static reading of a Python file's imports: `import a.b as c, d`, `from a.b import c, d`, `from . import y`,
 * `from ..pkg.mod import z`, parenthesised and backslash-continued lists, at any indentation (an import inside a
 * function or a `try:` counts too: over-counting reruns a job too often, under-counting leaves a stale result).
 *
 * What it cannot see: `importlib.import_module(name)`, `__import__(...)`, `exec`/`eval` of source text, modules
 * loaded from a computed path, and data files read at runtime. Those belong in the config's `inputs:`.
 */

/** One import statement's target. */
export interface PythonImport {
  /** Leading dots: 0 for an absolute import, 1 for `from . import`, 2 for `from .. import`, … */
  level: number;
  /** The dotted module (`a.b`); '' for `from . import y`. */
  module: string;
  /** For `from M import a, b`: the imported names (each may be a submodule of M); empty for `import M`. */
  names: string[];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DOTTED = /^[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Every import statement of `source` (Python text), in file order. Never throws: unreadable lines are skipped. */
export function readPythonImports(source: string): PythonImport[] {
  const imports: PythonImport[] = [];
  for (const statement of logicalLines(source)) {
    const trimmed = statement.trim();
    // `;` separates simple statements on one line; each part is read on its own.
    for (const part of trimmed.split(';')) {
      const text = part.trim();
      if (text.startsWith('import ') || text.startsWith('import\t')) {
        for (const item of text.slice(7).split(',')) {
          const module = item
            .trim()
            .split(/\s+as\s+/)[0]
            .replace(/\s+/g, '');
          if (DOTTED.test(module)) imports.push({ level: 0, module, names: [] });
        }
      } else if (text.startsWith('from ') || text.startsWith('from\t')) {
        const match = /^from\s+(\.*)\s*([A-Za-z0-9_.\s]*?)\s+import\s*(.*)$/s.exec(text);
        if (!match) continue;
        const module = match[2].replace(/\s+/g, '');
        if (module !== '' && !DOTTED.test(module)) continue;
        const names = match[3]
          .replace(/[()]/g, ' ')
          .split(',')
          .map((name) =>
            name
              .trim()
              .split(/\s+as\s+/)[0]
              .trim(),
          )
          .filter((name) => IDENTIFIER.test(name));
        if (match[1].length === 0 && module === '') continue;
        imports.push({ level: match[1].length, module, names });
      }
    }
  }
  return imports;
}

/**
 * The file's logical lines with comments removed: a line ending in `\` continues, and so does an open `(`.
 * String literals are not parsed (a docstring that reads like an import statement counts: harmless over-counting),
 * but a `#` inside quotes on an import line is rare enough to ignore.
 */
function* logicalLines(source: string): Generator<string> {
  let pending = '';
  let depth = 0;
  for (const rawLine of source.split(/\r\n|\r|\n/)) {
    const hash = rawLine.indexOf('#');
    let line = hash === -1 ? rawLine : rawLine.slice(0, hash);
    const continued = line.trimEnd().endsWith('\\');
    if (continued) line = line.trimEnd().slice(0, -1);
    if (pending === '' && depth === 0 && !/^\s*(?:import|from)[\s\\]/.test(line)) continue;
    pending += ` ${line}`;
    for (const char of line) {
      if (char === '(') depth++;
      else if (char === ')') depth = Math.max(0, depth - 1);
    }
    if (continued || depth > 0) continue;
    yield pending;
    pending = '';
  }
  if (pending !== '') yield pending;
}
