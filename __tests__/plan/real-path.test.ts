import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { InputError } from '../../src/model/types.js';
import {
  assertReallyInside,
  isReallyInside,
  isWithin,
  realPathOf,
  realRootOf,
} from '../../src/plan/real-path.js';
import { insideChecker } from '../../src/plan/job-paths.js';

let base: string;
let work: string;
let outside: string;

beforeEach(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'real-path-'));
  work = path.join(base, 'work');
  outside = path.join(base, 'outside');
  fs.mkdirSync(work);
  fs.mkdirSync(outside);
});

afterEach(() => {
  fs.rmSync(base, { recursive: true, force: true });
});

describe('realPathOf and isReallyInside: examples', () => {
  test.each([
    ['plain missing path', () => {}, 'logs/a.log', true],
    ['a folder linked inside', () => linkAt('logs', 'real-logs'), 'logs/a.log', true],
    [
      'a folder linked outside (absolute)',
      () => linkAt('logs', path.join(base, 'outside')),
      'logs/a.log',
      false,
    ],
    ['a folder linked outside (relative)', () => linkAt('logs', '../outside'), 'logs/a.log', false],
    [
      'the file itself linked outside',
      () => linkAt('logs/a.log', '../../outside/a.log', true),
      'logs/a.log',
      false,
    ],
    [
      'a dangling link leaving',
      () => linkAt('logs/a.log', '../../outside/none/x', true),
      'logs/a.log',
      false,
    ],
    ['a dangling link staying', () => linkAt('logs/a.log', 'gone/x.log', true), 'logs/a.log', true],
    ['a chain ending outside', () => (linkAt('a', 'b'), linkAt('b', 'c'), linkAt('c', '..')), 'a/x', false],
    ['a chain ending inside', () => (linkAt('a', 'b'), linkAt('b', 'c'), linkAt('c', '.')), 'a/x', true],
    ['a link loop', () => (linkAt('a', 'b'), linkAt('b', 'a')), 'a/x', false],
    ['a self loop', () => linkAt('a', 'a'), 'a', false],
    [
      '`..` after a link goes to the parent of its target',
      () => linkAt('deep', '../outside/d'),
      'deep/../x',
      false,
    ],
    [
      'an output folder whose parent is linked',
      () => linkAt('results', path.join(base, 'outside')),
      'results/a/models',
      false,
    ],
    ['a file where a folder should be', () => fs.writeFileSync(path.join(work, 'f'), ''), 'f/x', true],
  ])('%s', (_name, setup, target, inside) => {
    fs.mkdirSync(path.join(work, 'real-logs'));
    fs.mkdirSync(path.join(outside, 'd'));
    setup();
    expect(isReallyInside(work, target)).toBe(inside);
  });

  test('the working directory reached through a link counts as itself', () => {
    const alias = path.join(base, 'alias');
    fs.symlinkSync(work, alias);
    fs.mkdirSync(path.join(work, 'logs'));
    expect(isReallyInside(alias, 'logs/a.log')).toBe(true);
    expect(isReallyInside(alias, '.')).toBe(true);
    expect(realRootOf(alias)).toBe(fs.realpathSync(work));
  });

  test('isWithin compares whole components', () => {
    expect(isWithin('/a/work', '/a/work')).toBe(true);
    expect(isWithin('/a/work', '/a/work/x')).toBe(true);
    expect(isWithin('/a/work', '/a/work2')).toBe(false);
    expect(isWithin('/a/work', '/a/work/..x')).toBe(true);
    expect(isWithin('/a/work', '/a')).toBe(false);
  });

  test('assertReallyInside names the input and never shows the link target', () => {
    linkAt('summaries', path.join(outside, 'private-target'));
    let caught: unknown;
    try {
      assertReallyInside(work, 'summaries_dir', 'summaries');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as InputError).where).toBe('summaries_dir');
    expect((caught as Error).message).toMatch(/^Invalid summaries_dir 'summaries': .*symbolic link/);
    expect((caught as Error).message).not.toContain('private-target');
    expect(() => assertReallyInside(work, 'logs_dir', 'logs')).not.toThrow();
  });
});

/** A symbolic link at `at` (relative to the working directory) to `target` (as written in the link). */
function linkAt(at: string, target: string, makeParent = false): void {
  const where = path.join(work, at);
  if (makeParent) fs.mkdirSync(path.dirname(where), { recursive: true });
  fs.symlinkSync(target, where);
}

// ---------------------------------------------------------------------------------------------------------
// Property: random trees of folders and links (relative, absolute, chains, loops, dangling), in the working
// directory and in a folder next to it. For any target, the checker says "inside" exactly when the OS really
// ends up inside: its prediction is what fs.realpathSync says of the deepest existing part, and, once the
// target is created (mkdir -p + open), what fs.realpathSync says of the target itself.
// ---------------------------------------------------------------------------------------------------------

const NAMES = ['a', 'b', 'c', 'logs', 'out'];
const name = fc.constantFrom(...NAMES);
const relativePath = fc.array(
  fc.oneof({ weight: 5, arbitrary: name }, { weight: 1, arbitrary: fc.constant('..') }),
  {
    minLength: 1,
    maxLength: 4,
  },
);

type Node =
  | { kind: 'dir'; where: 'work' | 'outside'; at: string[] }
  | {
      kind: 'link';
      where: 'work' | 'outside';
      at: string[];
      target: string[];
      absolute: 'work' | 'outside' | 'no';
    };

const nodeArbitrary: fc.Arbitrary<Node> = fc.oneof(
  fc.record({
    kind: fc.constant('dir' as const),
    where: fc.constantFrom('work' as const, 'outside' as const),
    at: fc.array(name, { minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    kind: fc.constant('link' as const),
    where: fc.constantFrom('work' as const, 'work' as const, 'outside' as const),
    at: fc.array(name, { minLength: 1, maxLength: 3 }),
    target: relativePath,
    absolute: fc.constantFrom('work' as const, 'outside' as const, 'no' as const),
  }),
);

function buildTree(nodes: readonly Node[]): void {
  for (const node of nodes) {
    const root = node.where === 'work' ? work : outside;
    const at = path.join(root, ...node.at);
    try {
      // Only inside existing real folders: a tree is built, never written through its own links.
      const parent = path.dirname(at);
      if (!fs.lstatSync(parent).isDirectory()) continue;
      if (fs.existsSync(at) || isLink(at)) continue;
      if (node.kind === 'dir') fs.mkdirSync(at);
      else {
        const text = node.target.join('/');
        const target =
          node.absolute === 'no' ? text : path.join(node.absolute === 'work' ? work : outside, text);
        fs.symlinkSync(target, at);
      }
    } catch {
      // A parent that does not exist, or is a link: skipped.
    }
  }
}

function isLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Every file and link under `dir`, with the link targets and file contents, to see that nothing changed. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isSymbolicLink()) out.push(`L ${full} -> ${fs.readlinkSync(full)}`);
      else if (entry.isDirectory()) {
        out.push(`D ${full}`);
        walk(full);
      } else out.push(`F ${full} ${fs.readFileSync(full, 'utf8')}`);
    }
  };
  walk(dir);
  return out.sort();
}

/** The reference: fs.realpathSync on the deepest existing part (links followed by the OS), the rest appended. */
function referenceRealPath(absolute: string): string | 'loop' | 'dangling' | 'climbs back' {
  const parts = absolute.split('/').filter((part) => part !== '');
  for (let n = parts.length; n >= 0; n -= 1) {
    const prefix = `/${parts.slice(0, n).join('/')}`;
    try {
      const real = fs.realpathSync.native(prefix);
      // `missing/../link`: once created, the OS climbs back into existing folders and follows their links,
      // which appending the rest as text cannot tell. Left to the second oracle (creating the target).
      if (parts.slice(n).includes('..')) return 'climbs back';
      return path.resolve(real, ...parts.slice(n));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') return 'loop';
      if (isLink(prefix)) return 'dangling';
    }
  }
  return path.resolve('/');
}

describe('realPathOf: property over random trees of folders and links', () => {
  test('inside exactly when the real path is inside; loops and dangling links never throw', () => {
    fc.assert(
      fc.property(fc.array(nodeArbitrary, { maxLength: 14 }), relativePath, (nodes, target) => {
        fs.rmSync(work, { recursive: true, force: true });
        fs.rmSync(outside, { recursive: true, force: true });
        fs.mkdirSync(work);
        fs.mkdirSync(outside);
        buildTree(nodes);
        const realRoot = fs.realpathSync.native(work);
        const absolute = `${work}/${target.join('/')}`;

        let predicted: string | undefined;
        expect(() => {
          predicted = realPathOf(absolute);
        }).not.toThrow();
        const inside = isReallyInside(work, target.join('/'));
        expect(inside).toBe(predicted !== undefined && isWithin(realRoot, predicted));
        // The memoizing checker the planner uses for many jobs agrees (it takes normalized paths: no `..`).
        if (!target.includes('..')) expect(insideChecker(work, realRoot)(target.join('/'))).toBe(inside);

        // 1. Against fs.realpathSync of the deepest existing part (the part the OS can already resolve).
        const reference = referenceRealPath(absolute);
        if (reference === 'loop') expect(predicted).toBeUndefined();
        else if (reference !== 'dangling' && reference !== 'climbs back') {
          // A link loop the reference did not reach (it sits in the missing part) is fine either way.
          if (predicted !== undefined) expect(predicted).toBe(reference);
        }

        // 2. Against what really happens: create the target as a file and ask the OS where it is.
        const outsideBefore = snapshot(outside);
        let created = false;
        try {
          fs.mkdirSync(path.dirname(absolute), { recursive: true });
          fs.closeSync(fs.openSync(absolute, 'a'));
          created = true;
        } catch {
          // A loop, a file in the way, a folder at the target: nothing was created there.
        }
        if (created) {
          const real = fs.realpathSync.native(absolute);
          expect(predicted).toBe(real);
          expect(inside).toBe(isWithin(realRoot, real));
        }
        if (inside) expect(snapshot(outside)).toEqual(outsideBefore);
      }),
      { numRuns: Number(process.env.REAL_PATH_RUNS ?? 400) },
    );
  });
});
