import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * CHANGELOG.md keeps the Keep a Changelog shape: in each release section (Unreleased included), one heading per
 * kind, in the usual order. Merging branches that each add "### Added" once left the Unreleased section with
 * three "Added" and two "Fixed" headings (some with subtitles); a reader skimming "Added" then missed entries.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const KINDS = ['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security'];

/** Each `## ` section's title and its `### ` headings, in file order. */
function changelogSections(text: string): { title: string; kinds: string[] }[] {
  const sections: { title: string; kinds: string[] }[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('## ')) sections.push({ title: line.slice(3), kinds: [] });
    else if (line.startsWith('### ')) sections.at(-1)?.kinds.push(line.slice(4));
  }
  return sections;
}

const sections = changelogSections(fs.readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8'));

test('the first section is Unreleased', () => {
  expect(sections[0]?.title).toBe('[Unreleased]');
});

test.each(sections.map((section) => [section.title, section] as const))(
  '%s: one heading per kind, each a Keep a Changelog kind, in the usual order',
  (_title, section) => {
    for (const kind of section.kinds) expect(KINDS).toContain(kind); // no "Added: the job cache" variants
    expect(section.kinds).toEqual([...new Set(section.kinds)]);
    expect(section.kinds).toEqual([...section.kinds].sort((a, b) => KINDS.indexOf(a) - KINDS.indexOf(b)));
  },
);

test('the checker sees what merges leave behind', () => {
  const merged = changelogSections(
    [
      '## [Unreleased]',
      '### Added',
      '- a',
      '### Added: more',
      '- b',
      '### Fixed',
      '- c',
      '### Added',
      '- d',
    ].join('\n'),
  );
  expect(merged[0].kinds).toEqual(['Added', 'Added: more', 'Fixed', 'Added']);
});
