// Discovery walker vs @actions/glob vs find, in-process, on a synthetic 200,000-file repository
// (node_modules 150k, .venv 20k with pyvenv.cfg, 30k other files, 100 train_*.py in the default roots).
// Numbers and the decision: docs/decisions/0002-discovery-walker.md.
//   node bench/discovery-compare.mjs [rounds]
// The tree is built once under bench/work/discovery-tree (git-ignored) and reused. SKIP_GLOB=1 leaves out
// @actions/glob (about a minute per call).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import * as glob from '@actions/glob';
import { buildRepoTree } from './repo-tree.mjs';

const rounds = Number(process.argv[2] ?? 7);
const work = path.resolve('bench/work');
const tree = path.join(work, 'discovery-tree');
const shape = { total: 200_000, nodeModules: 150_000, venv: 20_000, scripts: 100 };

// Compile src/plan and src/model/types.ts (no type checking) so the bench runs the real walker.
const build = path.join(work, 'build');
for (const file of [...fs.readdirSync('src/plan').map((name) => `src/plan/${name}`), 'src/model/types.ts']) {
  if (!file.endsWith('.ts')) continue;
  const output = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const target = path.join(build, file.replace(/\.ts$/, '.js'));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, output);
}
fs.writeFileSync(path.join(build, 'package.json'), '{"type":"module"}');
const { discoverScripts } = await import(pathToFileURL(path.join(build, 'src/plan/discover.js')).href);

const marker = path.join(tree, '.bench-shape.json');
let expected;
if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === JSON.stringify(shape)) {
  expected = JSON.parse(fs.readFileSync(path.join(work, 'discovery-expected.json'), 'utf8'));
} else {
  fs.rmSync(tree, { recursive: true, force: true });
  const started = performance.now();
  const built = buildRepoTree(tree, shape);
  expected = built.expected;
  fs.writeFileSync(path.join(work, 'discovery-expected.json'), JSON.stringify(expected));
  fs.writeFileSync(marker, JSON.stringify(shape));
  console.log(`built ${built.files} files in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const PRUNED = ['.git', 'node_modules', '.venv', 'venv', 'site-packages', '__pycache__'];
const check = (name, found, wanted = expected) => {
  const same = found.length === wanted.length && found.every((file, index) => file === wanted[index]);
  if (!same) throw new Error(`${name}: found ${found.length} scripts, expected ${wanted.length}`);
};
// Walking node_modules itself (named as the root, so nothing below it is pruned): raw walking speed.
const DECOY = ['node_modules/pkg-0000/lib/train_decoy.py'];

const variants = {
  'walker, roots .': async () => check('walker', await discoverScripts(tree, ['.'])),
  'walker, roots ., concurrency 1': async () =>
    check('walker c1', await discoverScripts(tree, ['.'], { concurrency: 1 })),
  'walker, roots ., concurrency 128': async () =>
    check('walker c128', await discoverScripts(tree, ['.'], { concurrency: 128 })),
  'walker, default roots': async () =>
    check(
      'walker default',
      await discoverScripts(tree, ['training', 'files/training', 'scripts', 'mlops/pipelines']),
    ),
  'walker, root node_modules (150k files walked)': async () =>
    check('walker node_modules', await discoverScripts(tree, ['node_modules']), DECOY),
  'find node_modules (150k files walked)': async () => {
    const out = execFileSync('find', ['node_modules', '-type', 'f', '-name', 'train_*.py'], {
      cwd: tree,
      encoding: 'utf8',
    });
    check('find node_modules', out.split('\n').filter(Boolean).sort(), DECOY);
  },
  'opendir walker (same pruning), roots .': async () => check('opendir', await opendirWalk(tree)),
  'find, same pruning by name': async () => {
    const out = execFileSync(
      'sh',
      [
        '-c',
        "find . \\( -type d \\( -name .git -o -name node_modules -o -name .venv -o -name venv -o -name site-packages -o -name __pycache__ -o -name '.?*' \\) \\) -prune -o -type f -name 'train_*.py' -print",
      ],
      { cwd: tree, encoding: 'utf8', maxBuffer: 1 << 26 },
    );
    check(
      'find',
      out
        .split('\n')
        .filter(Boolean)
        .map((line) => line.replace(/^\.\//, ''))
        .sort(),
    );
  },
  '@actions/glob **/train_*.py with ! excludes': async () => {
    const patterns = [
      `${tree}/**/train_*.py`,
      ...PRUNED.map((name) => `!${tree}/**/${name}/**`),
      `!${tree}/**/.*/**`,
    ];
    // @actions/core prints ::debug:: lines outside of Actions; keep the report readable.
    const write = process.stdout.write;
    process.stdout.write = (chunk, ...rest) =>
      String(chunk).startsWith('::debug::') ? true : write.call(process.stdout, chunk, ...rest);
    try {
      const globber = await glob.create(patterns.join('\n'), {
        followSymbolicLinks: false,
        matchDirectories: false,
      });
      const found = (await globber.glob())
        .map((file) => path.relative(tree, file).split(path.sep).join('/'))
        .sort();
      check('@actions/glob', found);
    } finally {
      process.stdout.write = write;
    }
  },
};

if (process.env.SKIP_GLOB) delete variants['@actions/glob **/train_*.py with ! excludes'];

/** The same walk with fs.promises.opendir (entries streamed in batches) instead of one readdir per folder. */
async function opendirWalk(root) {
  const found = [];
  const pending = [''];
  const limit = 32;
  let active = 0;
  await new Promise((resolve, reject) => {
    const pump = () => {
      while (active < limit && pending.length > 0) {
        const relative = pending.pop();
        active++;
        readOne(relative).then(() => {
          active--;
          if (active === 0 && pending.length === 0) resolve();
          else pump();
        }, reject);
      }
    };
    const readOne = async (relative) => {
      const dir = await fs.promises.opendir(path.join(root, relative));
      const entries = [];
      for await (const entry of dir) entries.push(entry);
      if (entries.some((entry) => entry.name === 'pyvenv.cfg')) return;
      for (const entry of entries) {
        const child = relative ? `${relative}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (!PRUNED.includes(entry.name) && !entry.name.startsWith('.')) pending.push(child);
        } else if (entry.isFile() && /^train_.*\.py$/.test(entry.name)) found.push(child);
      }
    };
    pump();
  });
  return found.sort();
}

// The first call of each variant in this process (cold JIT, page cache as left by earlier runs), then
// `rounds` alternating rounds; @actions/glob takes a minute per call, so it gets at most 3.
const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
const first = {};
for (const [name, run] of Object.entries(variants)) {
  const started = performance.now();
  await run();
  first[name] = performance.now() - started;
}
for (let round = 0; round < rounds; round++) {
  for (const [name, run] of Object.entries(variants)) {
    if (name.startsWith('@actions/glob') && round >= 3) continue;
    const started = performance.now();
    await run();
    samples[name].push(performance.now() - started);
  }
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(
  `Node ${process.version}; ${expected.length} scripts found by each; ms: first call, median (min-max) of the rounds`,
);
for (const [name, values] of Object.entries(samples)) {
  const sorted = [...values].sort((a, b) => a - b);
  const row = `${first[name].toFixed(0).padStart(6)} ${median(values).toFixed(0).padStart(6)}  (${sorted[0].toFixed(0)}-${sorted.at(-1).toFixed(0)})`;
  console.log(`${name.padEnd(48)} ${row}`);
}
