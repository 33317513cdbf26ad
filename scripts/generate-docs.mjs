#!/usr/bin/env node
// Writes README.md's inputs and outputs tables from action.yml, between the markers
// <!-- inputs:start --> … <!-- inputs:end --> and <!-- outputs:start --> … <!-- outputs:end -->,
// so the README cannot drift from the action (the idea of actions/checkout's script/generate-docs).
//
//   node scripts/generate-docs.mjs            rewrite the tables in README.md
//   node scripts/generate-docs.mjs --check    write nothing; exit 1 when README.md is stale
//   --readme PATH, --action PATH              other files (the tests use temporary copies)
//
// The tables go through Prettier with the repository's settings, so `prettier --check` and this
// script agree on the same bytes.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const SECTIONS = /** @type {const} */ (['inputs', 'outputs']);

/**
 * Words shown as code: flags (`--epochs`), globs (`train_*.py`), placeholders (`-<suffix>`), home paths,
 * file names (`kaggle.json`) and environment variables (`KAGGLE_KEY`). Plain words with an underscore
 * stay plain (GitHub's Markdown reads no emphasis inside a word) unless they name one of the action's
 * inputs or outputs (`max_workers`).
 */
const CODE_LIKE = /^--|[*<>~]|\w\.\w|^[A-Z][A-Z0-9]*_[A-Z0-9_]+$/;

/**
 * Turns a plain-text description into Markdown for a table cell: code-like words become `code` (which
 * also keeps `train_*.py` and `<suffix>` from being read as emphasis or HTML), and pipes are escaped
 * so that they do not split the cell.
 * @param {string} text
 * @param {Set<string>} [names] the action's input and output names
 */
export function toMarkdownCell(text, names = new Set()) {
  const words = String(text).replace(/\s+/g, ' ').trim().split(' ');
  const cell = words
    .map((word) => {
      const match = /^(\(*)(.*?)([.,;:)]*)$/.exec(word);
      if (!match) return word;
      const [, open, core, close] = match;
      if (core === '' || core.includes('`')) return word;
      if (!CODE_LIKE.test(core) && !(core.includes('_') && names.has(core))) return word;
      return `${open}\`${core}\`${close}`;
    })
    .join(' ');
  return cell.replace(/\|/g, '\\|');
}

/** @param {Record<string, any>} action */
function namesOf(action) {
  return new Set([...Object.keys(action.inputs ?? {}), ...Object.keys(action.outputs ?? {})]);
}

/** @param {unknown} value */
function defaultCell(value) {
  if (value === undefined || value === null || String(value) === '') return '_empty_';
  return `\`${String(value).replace(/\|/g, '\\|')}\``;
}

/**
 * @param {Record<string, any>} action parsed action.yml
 * @returns {string} the inputs table, one row per input in action.yml's order
 */
export function inputsTable(action) {
  const names = namesOf(action);
  const rows = Object.entries(action.inputs ?? {}).map(
    ([name, input]) =>
      `| \`${name}\` | ${toMarkdownCell(input?.description ?? '', names)}${input?.required ? ' **Required.**' : ''} | ${defaultCell(input?.default)} |`,
  );
  return ['| Input | Description | Default |', '| --- | --- | --- |', ...rows].join('\n') + '\n';
}

/**
 * @param {Record<string, any>} action parsed action.yml
 * @returns {string} the outputs table, one row per output in action.yml's order
 */
export function outputsTable(action) {
  const names = namesOf(action);
  const rows = Object.entries(action.outputs ?? {}).map(
    ([name, output]) => `| \`${name}\` | ${toMarkdownCell(output?.description ?? '', names)} |`,
  );
  return ['| Output | Description |', '| --- | --- |', ...rows].join('\n') + '\n';
}

/**
 * Replaces what stands between each pair of markers with its freshly generated table.
 * @param {string} readme README.md's text
 * @param {Record<string, any>} action parsed action.yml
 * @param {string} [readmePath] named in messages
 * @returns {Promise<string>} the README as it should be
 */
export async function renderReadme(readme, action, readmePath = path.join(repoRoot, 'README.md')) {
  // Loaded here so that a usage error does not wait for Prettier. The repository's settings apply to
  // every README this formats, temporary copies included, so that they format like the real one.
  const prettier = await import('prettier');
  const settings = await prettier.resolveConfig(path.join(repoRoot, 'README.md'));
  const options = { ...(settings ?? {}), parser: 'markdown' };
  const tables = { inputs: inputsTable(action), outputs: outputsTable(action) };
  let text = readme;
  for (const section of SECTIONS) {
    const start = `<!-- ${section}:start -->`;
    const end = `<!-- ${section}:end -->`;
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    if (from === -1 || to === -1 || to < from || text.indexOf(start, from + 1) !== -1) {
      throw new Error(
        `${readmePath}: expected the markers ${start} and ${end}, once each and in that order, around the ${section} table.`,
      );
    }
    const table = (await prettier.format(tables[section], options)).trimEnd();
    text = `${text.slice(0, from + start.length)}\n\n${table}\n\n${text.slice(to)}`;
  }
  return text;
}

/** @param {string[]} argv */
function parseArgs(argv) {
  const args = {
    check: false,
    readme: path.join(repoRoot, 'README.md'),
    action: path.join(repoRoot, 'action.yml'),
  };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    if (flag === '--check') args.check = true;
    else if ((flag === '--readme' || flag === '--action') && argv[i + 1] !== undefined) {
      args[flag.slice(2)] = path.resolve(argv[(i += 1)]);
    } else throw new Error(`Invalid argument '${flag}'. Expected --check, --readme PATH or --action PATH.`);
  }
  return args;
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
  const action = YAML.parse(readFileSync(args.action, 'utf8'));
  const current = readFileSync(args.readme, 'utf8');
  let expected;
  try {
    expected = await renderReadme(current, action, args.readme);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
  const relative = path.relative(process.cwd(), args.readme) || args.readme;
  if (args.check) {
    if (expected === current) {
      console.log(`${relative}: the inputs and outputs tables match ${path.basename(args.action)}.`);
      return 0;
    }
    console.error(
      `${relative}: the inputs/outputs tables differ from ${path.basename(args.action)}. Run: node scripts/generate-docs.mjs`,
    );
    return 1;
  }
  if (expected !== current) writeFileSync(args.readme, expected);
  console.log(`${relative}: ${expected === current ? 'already up to date' : 'tables updated'}.`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
