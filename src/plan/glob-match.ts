/**
 * A small glob matcher for discovery: `*` (any characters but `/`), `**` (any characters, `/` too, when
 * it is a whole path segment), `?` (one character but `/`) and `[abc]`, `[a-z]`, `[!abc]`. Everything
 * else is literal. Globs come from the repository's config, never from a shell.
 */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  let i = 0;
  while (i < glob.length) {
    const char = glob[i];
    if (char === '*') {
      const segmentStart = i === 0 || glob[i - 1] === '/';
      if (glob[i + 1] === '*' && segmentStart && (i + 2 === glob.length || glob[i + 2] === '/')) {
        // `**/` matches zero or more whole folders; a final `**` matches everything below.
        source += i + 2 === glob.length ? '.*' : '(?:[^/]*/)*';
        i += i + 2 === glob.length ? 2 : 3;
        continue;
      }
      source += '[^/]*';
      i++;
    } else if (char === '?') {
      source += '[^/]';
      i++;
    } else if (char === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) {
        source += '\\[';
        i++;
        continue;
      }
      let body = glob.slice(i + 1, end);
      const negated = body.startsWith('!') || body.startsWith('^');
      if (negated) body = body.slice(1);
      const escaped = body.replace(/[\\\]^]/g, (c) => `\\${c}`);
      source += negated ? `[^/${escaped}]` : `[${escaped}]`;
      i = end + 1;
    } else {
      source += char.replace(/[.*+?^${}()|[\]\\/]/g, (c) => `\\${c}`);
      i++;
    }
  }
  return new RegExp(`^${source}$`);
}

/** Compiled exclude globs: a glob without `/` matches a file or folder name anywhere, one with `/` the whole relative path. */
export interface PathMatcher {
  /** True when `relativePath` (POSIX, from the working directory) or its name matches. */
  matches(relativePath: string): boolean;
}

export function compileExcludes(globs: readonly string[]): PathMatcher {
  const byName: RegExp[] = [];
  const byPath: RegExp[] = [];
  for (const glob of globs) {
    const trimmed = glob.replace(/^\.\//, '').replace(/\/+$/, '');
    if (trimmed === '') continue;
    if (trimmed.includes('/')) {
      byPath.push(globToRegExp(trimmed));
      // `dir/**` also names the folder itself, so discovery can skip it without reading it.
      if (trimmed.endsWith('/**')) byPath.push(globToRegExp(trimmed.slice(0, -3)));
    } else {
      byName.push(globToRegExp(trimmed));
    }
  }
  return {
    matches(relativePath: string): boolean {
      if (byPath.some((re) => re.test(relativePath))) return true;
      if (byName.length === 0) return false;
      const name = relativePath.slice(relativePath.lastIndexOf('/') + 1);
      return byName.some((re) => re.test(name));
    },
  };
}
