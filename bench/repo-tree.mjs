// A synthetic repository for the discovery measurement: a big node_modules, a .venv (with pyvenv.cfg), a
// source tree, and real train_*.py scripts in the default roots, plus decoys in places discovery must prune.
import fs from 'node:fs';
import path from 'node:path';

export const ROOTS = ['training', 'files/training', 'scripts', 'mlops/pipelines'];

const TRAIN_SCRIPT = (name) => `"""Train the ${name} model (synthetic benchmark fixture)."""
import argparse
import json
import os


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--output-dir", default="results/${name}")
    args = parser.parse_args()
    os.makedirs(os.path.join(args.output_dir, "metrics"), exist_ok=True)
    with open(os.path.join(args.output_dir, "metrics", "metrics.json"), "w") as handle:
        json.dump({"epochs": args.epochs}, handle)


if __name__ == "__main__":
    main()
`;

/** Creates `files` empty files in folders of `perFolder` under `base`, named by `folder(i)` and `file(j)`. */
function fill(base, files, perFolder, folder, file) {
  let made = 0;
  for (let i = 0; made < files; i += 1) {
    const dir = path.join(base, folder(i));
    fs.mkdirSync(dir, { recursive: true });
    for (let j = 0; j < perFolder && made < files; j += 1, made += 1) {
      fs.closeSync(fs.openSync(path.join(dir, file(j)), 'w'));
    }
  }
  return made;
}

const pad = (n, width) => String(n).padStart(width, '0');

/**
 * Builds the tree under `root` and returns what discovery must find (sorted relative paths).
 * Counts: `nodeModules` files under node_modules, `venv` under .venv, `scripts` real training scripts spread
 * over the default roots, and the rest of `total` as ordinary source files. Decoys (train_*.py under
 * node_modules, .venv, __pycache__ and a hidden folder) are part of those counts and must not be found.
 */
export function buildRepoTree(root, { total, nodeModules, venv, scripts }) {
  fs.mkdirSync(root, { recursive: true });
  let made = 0;
  const expected = [];
  for (let i = 0; i < scripts; i += 1) {
    const dir = ROOTS[i % ROOTS.length];
    const name = `model_${pad(i + 1, 3)}`;
    fs.mkdirSync(path.join(root, dir), { recursive: true });
    fs.writeFileSync(path.join(root, dir, `train_${name}.py`), TRAIN_SCRIPT(name));
    expected.push(`${dir}/train_${name}.py`);
    made += 1;
  }
  const decoys = [
    'node_modules/pkg-0000/lib/train_decoy.py',
    '.venv/lib/python3.11/site-packages/pkg000/train_decoy.py',
    'training/__pycache__/train_decoy.py',
    '.cache/training/train_decoy.py',
  ];
  for (const decoy of decoys) {
    fs.mkdirSync(path.join(root, path.dirname(decoy)), { recursive: true });
    fs.writeFileSync(path.join(root, decoy), TRAIN_SCRIPT('decoy'));
  }
  made += decoys.length;
  fs.writeFileSync(path.join(root, '.venv', 'pyvenv.cfg'), 'home = /usr/bin\nversion = 3.11.7\n');
  made += 1;

  // node_modules: packages of 100 files (package.json, index.js, 49 in lib/, 49 in dist/).
  const nm = path.join(root, 'node_modules');
  let left = nodeModules - 1;
  for (let p = 0; left > 0; p += 1) {
    const pkg = path.join(nm, `pkg-${pad(p, 4)}`);
    fs.mkdirSync(pkg, { recursive: true });
    for (const name of ['package.json', 'index.js']) {
      if (left === 0) break;
      fs.closeSync(fs.openSync(path.join(pkg, name), 'w'));
      left -= 1;
    }
    for (const sub of ['lib', 'dist']) {
      left -= fill(
        path.join(pkg, sub),
        Math.min(left, 49),
        49,
        () => '.',
        (j) => `f${pad(j, 2)}.js`,
      );
    }
  }
  made += nodeModules - 1;
  made += fill(
    path.join(root, '.venv', 'lib', 'python3.11', 'site-packages'),
    venv - 2, // pyvenv.cfg and the decoy count as two of the venv's files
    50,
    (i) => `pkg${pad(i, 3)}`,
    (j) => `mod_${pad(j, 2)}.py`,
  );
  const rest = total - made;
  made += fill(
    path.join(root, 'src'),
    rest,
    100,
    (i) => `module_${pad(i, 4)}`,
    (j) => `file_${pad(j, 2)}.ts`,
  );
  return { files: made, expected: expected.sort() };
}

/** The training scripts alone, in the same roots: the CLI's fixed cost without a big tree to walk. */
export function buildScriptsOnly(root, scripts) {
  return buildRepoTree(root, { total: scripts + 6, nodeModules: 1, venv: 2, scripts });
}
