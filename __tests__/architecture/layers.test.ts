import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The floors of src/, bottom first: every import points down (or stays on its floor's own folder). The two
 * shells are the top floor and never import each other. A new folder must be placed here first.
 */
const FLOORS: ReadonlyArray<readonly string[]> = [
  ['model', 'version.ts'], // the shapes everyone shares: Settings, Plan, JobResult, errors, cancellation
  ['plan'], // discovery, config, filters, argv, shards
  ['report'], // summary, markdown, comparisons, redaction
  ['run'], // processes, logs, metrics and curves of a job
  ['cache'], // job keys, cache entries, the store seam (may import run; orchestrate imports it)
  ['orchestrate'], // plan → run → report, the whole product minus GitHub
  ['action', 'cli'], // the two shells
];

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'src');

function floorOf(entry: string): number {
  const floor = FLOORS.findIndex((names) => names.includes(entry));
  if (floor < 0) throw new Error(`src/${entry} is on no floor: add it to FLOORS in this test.`);
  return floor;
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.(ts|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The top-level entry of src/ a file lives in (`plan`, `version.ts`, …). */
function topOf(file: string): string {
  return path.relative(src, file).split(path.sep)[0];
}

const IMPORT = /(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g;

test('every import in src/ points down the floors, and the shells never import each other', () => {
  const violations: string[] = [];
  for (const file of sources(src)) {
    if (path.dirname(file) === src && !file.endsWith('version.ts')) continue; // src/tsconfig.json and the like
    const from = topOf(file);
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const target = path.resolve(path.dirname(file), match[1]);
      const to = topOf(target).replace(/\.js$/, '.ts'); // imports name the compiled .js
      if (to === from) continue;
      if (floorOf(to) >= floorOf(from)) {
        violations.push(`${path.relative(src, file)} imports ${match[1]} (${from} → ${to})`);
      }
    }
  }
  expect(violations).toEqual([]);
});

test('the floors name every folder of src/ (a new folder is placed deliberately)', () => {
  const entries = fs
    .readdirSync(src, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() || /\.(ts|js)$/.test(entry.name))
    .map((entry) => entry.name);
  for (const entry of entries) expect(() => floorOf(entry)).not.toThrow();
});
