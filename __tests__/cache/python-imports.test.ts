import { readPythonImports } from '../../src/cache/python-imports.js';
import { buildSuffixIndex, localModuleFiles } from '../../src/cache/module-files.js';

describe('readPythonImports reads import statements statically', () => {
  test.each([
    ['import os', [{ level: 0, module: 'os', names: [] }]],
    [
      'import a.b.c as d, e',
      [
        { level: 0, module: 'a.b.c', names: [] },
        { level: 0, module: 'e', names: [] },
      ],
    ],
    ['from a.b import c, d as e', [{ level: 0, module: 'a.b', names: ['c', 'd'] }]],
    ['from . import y', [{ level: 1, module: '', names: ['y'] }]],
    ['from ..pkg.mod import z', [{ level: 2, module: 'pkg.mod', names: ['z'] }]],
    [
      'from .sib import (\n  one,\n  two,  # comment\n)',
      [{ level: 1, module: 'sib', names: ['one', 'two'] }],
    ],
    ['from a import \\\n  b', [{ level: 0, module: 'a', names: ['b'] }]],
    ['def f():\n    import inner.mod\n', [{ level: 0, module: 'inner.mod', names: [] }]],
    [
      'import x; import y',
      [
        { level: 0, module: 'x', names: [] },
        { level: 0, module: 'y', names: [] },
      ],
    ],
    ['# import hidden\nx = "import"', []],
    ['importlib.import_module("dyn")', []],
    ['from x import *', [{ level: 0, module: 'x', names: [] }]],
  ])('%j', (source, expected) => {
    expect(readPythonImports(source)).toEqual(expected);
  });
});

describe('localModuleFiles follows repository-local imports transitively', () => {
  const repo: Record<string, string> = {
    'training/train_a.py': 'import helpers.features\nfrom training import local_util\nimport numpy',
    'training/local_util.py': 'from .deep import thing',
    'training/deep.py': '',
    'helpers/__init__.py': '',
    'helpers/features.py': 'from . import scaling\nfrom .sub.leaf import f',
    'helpers/scaling.py': 'import os',
    'helpers/sub/leaf.py': '',
    'lib/vendor/extra.py': '',
    'training/train_b.py': 'import vendor.extra  # sys.path extended by the script',
    'training/train_c.py': 'from helpers import scaling',
    'training/__init__.py': '',
  };
  const source = {
    files: new Set(Object.keys(repo)),
    read: async (file: string) => repo[file] ?? null,
  };
  const index = () => buildSuffixIndex(Object.keys(repo));

  test.each([
    [
      'training/train_a.py',
      [
        'helpers/__init__.py',
        'helpers/features.py',
        'helpers/scaling.py',
        'helpers/sub/leaf.py',
        'training/__init__.py',
        'training/deep.py',
        'training/local_util.py',
      ],
    ],
    ['training/train_b.py', ['lib/vendor/extra.py']],
    ['training/train_c.py', ['helpers/__init__.py', 'helpers/scaling.py']],
  ])('%s', async (script, expected) => {
    expect(await localModuleFiles(script, ['.'], source, index)).toEqual(expected);
  });
});
