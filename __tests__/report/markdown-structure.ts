/**
 * A small CommonMark-minded reader for tests: splits a page into fenced blocks and the text outside
 * them, the way GitHub's renderer decides what is code. Enough to check that job output cannot
 * change the structure of a step summary.
 */
export interface Fence {
  open: string;
  info: string;
  body: string[];
}

export interface Structure {
  outside: string[];
  fences: Fence[];
  unclosed: boolean;
}

export function readStructure(markdown: string): Structure {
  const outside: string[] = [];
  const fences: Fence[] = [];
  let current: Fence | undefined;
  for (const line of markdown.split('\n')) {
    if (current) {
      const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
      if (close && close[1][0] === current.open[0] && close[1].length >= current.open.length) {
        fences.push(current);
        current = undefined;
      } else current.body.push(line);
      continue;
    }
    const open = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (open && !(open[1][0] === '`' && open[2].includes('`'))) {
      current = { open: open[1], info: open[2].trim(), body: [] };
      continue;
    }
    outside.push(line);
  }
  if (current) fences.push(current);
  return { outside, fences, unclosed: current !== undefined };
}

/** `|` not preceded by a backslash. */
export function unescapedPipes(line: string): number {
  let count = 0;
  for (let i = 0; i < line.length; i += 1) {
    if (line[i] === '\\') i += 1;
    else if (line[i] === '|') count += 1;
  }
  return count;
}

/** Checks every structural promise of a step summary; returns the structure for further checks. */
export function expectWellFormed(markdown: string, expectedDetails?: number): Structure {
  const structure = readStructure(markdown);
  expect(structure.unclosed).toBe(false);
  const outside = structure.outside.join('\n');
  expect(outside).not.toMatch(/<script/i);
  const opens = structure.outside.filter((line) => line.startsWith('<details>')).length;
  const closes = structure.outside.filter((line) => line === '</details>').length;
  expect(opens).toBe(closes);
  if (expectedDetails !== undefined) expect(opens).toBe(expectedDetails);
  // Any other raw tag outside code would be job output leaking into HTML.
  const allowed = new Set(['<details>', '</details>', '<summary>', '</summary>', '<code>', '</code>']);
  const tags = outside.match(/<\/?[a-zA-Z][^>]*>/g) ?? [];
  expect(tags.filter((tag) => !allowed.has(tag))).toEqual([]);
  const rows = structure.outside.filter((l) => l.startsWith('|'));
  expect(rows.filter((row) => unescapedPipes(row) !== 6)).toEqual([]);
  expect(structure.fences.filter((f) => f.info !== 'text' && f.info !== 'mermaid')).toEqual([]);
  return structure;
}
