import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * Sizes are read and written in one place, src/plan/byte-size.ts: four formatters once drifted apart ("640 bytes",
 * "1.0 KiB", "1 KiB") and two parsers gave "500MB" two meanings. A new copy anywhere else fails here.
 */
const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'src');
const HOME = path.join('plan', 'byte-size.ts');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

test.each([
  ['a unit ladder (dividing by 1024 in a loop)', /\/=\s*(?:1024|KIB)\b/],
  ["a list of binary unit names ('KiB', 'MiB', …)", /'KiB'\s*,\s*'MiB'/],
  ['a size pattern of unit letters', /\[kmgt\]/i],
])('only src/plan/byte-size.ts holds %s', (_what, pattern) => {
  const copies = sources(src)
    .filter((file) => path.relative(src, file) !== HOME)
    .filter((file) => pattern.test(fs.readFileSync(file, 'utf8')))
    .map((file) => path.relative(src, file));
  expect(copies).toEqual([]);
});
