import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../../src/model/types.js';
import { DEFAULT_DISCOVER_ROOTS } from '../../src/plan/defaults.js';
import { discoverScripts } from '../../src/plan/discover.js';
import { memoryLogger, tempDir, writeTree } from './helpers.js';

const roots = DEFAULT_DISCOVER_ROOTS;

function repo(files: string[]): string {
  return writeTree(
    tempDir(),
    Object.fromEntries(files.map((file) => [file, file.endsWith('/') ? '' : 'print(1)\n'])),
  );
}

describe('discoverScripts', () => {
  test('finds train_*.py under the default roots, sorted by path', async () => {
    const root = repo([
      'training/train_b.py',
      'training/train_a.py',
      'training/sub/train_c.py',
      'files/training/train_d.py',
      'scripts/train_e.py',
      'mlops/pipelines/train_f.py',
      'training/helpers.py',
      'training/train_notes.txt',
      'training/train_a.pyc',
      'training/my_train_x.py',
      'other/train_g.py',
      'train_root.py',
    ]);
    expect(await discoverScripts(root, roots)).toEqual([
      'files/training/train_d.py',
      'mlops/pipelines/train_f.py',
      'scripts/train_e.py',
      'training/sub/train_c.py',
      'training/train_a.py',
      'training/train_b.py',
    ]);
  });

  test('missing roots are fine', async () => {
    const root = repo(['scripts/train_a.py']);
    expect(await discoverScripts(root, roots)).toEqual(['scripts/train_a.py']);
    expect(await discoverScripts(repo(['x/']), roots)).toEqual([]);
  });

  test('roots are relative to the working directory; `.` searches everything', async () => {
    const root = repo(['ml/train_a.py', 'train_b.py', 'deep/er/train_c.py']);
    expect(await discoverScripts(root, ['ml'])).toEqual(['ml/train_a.py']);
    expect(await discoverScripts(root, ['.'])).toEqual(['deep/er/train_c.py', 'ml/train_a.py', 'train_b.py']);
    expect(await discoverScripts(root, ['./ml/', path.join(root, 'deep')])).toEqual([
      'deep/er/train_c.py',
      'ml/train_a.py',
    ]);
  });

  test('overlapping roots find each script once', async () => {
    const root = repo(['training/train_a.py', 'training/sub/train_b.py']);
    expect(await discoverScripts(root, ['training', '.', 'training/sub', 'training'])).toEqual([
      'training/sub/train_b.py',
      'training/train_a.py',
    ]);
  });

  test.each(['..', '../other', '/etc', 'training/../../x'])(
    'a root outside the working directory (%p) is an InputError',
    async (bad) => {
      const root = repo(['training/train_a.py']);
      const error = await discoverScripts(root, ['training', bad]).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).where).toBe('discover_roots');
      expect((error as InputError).message).toContain('Expected folders inside the working directory');
    },
  );

  test('a config root outside is reported against the config line', async () => {
    const error = await discoverScripts(repo([]), ['..'], { rootsWhere: 'jobs.yml:3' }).catch(
      (caught: unknown) => caught,
    );
    expect((error as InputError).where).toBe('jobs.yml:3');
  });

  test.each([
    ['.git', 'training/.git/train_x.py'],
    ['node_modules', 'training/node_modules/pkg/train_x.py'],
    ['.venv', 'training/.venv/lib/train_x.py'],
    ['venv', 'training/venv/lib/train_x.py'],
    ['site-packages', 'training/lib/site-packages/pkg/train_x.py'],
    ['__pycache__', 'training/__pycache__/train_x.py'],
    ['a hidden folder', 'training/.cache/train_x.py'],
  ])('never descends into %s', async (_name, decoy) => {
    const root = repo(['training/train_a.py', decoy]);
    expect(await discoverScripts(root, ['.'])).toEqual(['training/train_a.py']);
  });

  test('never descends into a folder holding pyvenv.cfg, whatever its name', async () => {
    const root = repo([
      'training/train_a.py',
      'envs/py311/pyvenv.cfg',
      'envs/py311/lib/train_x.py',
      'envs/py311/train_y.py',
    ]);
    const logger = memoryLogger();
    expect(await discoverScripts(root, ['.'], { logger })).toEqual(['training/train_a.py']);
    expect(logger.lines).toContain('debug: discovery: envs/py311 is a virtual environment, skipped');
  });

  test('a hidden file name still counts when it matches (only folders are pruned)', async () => {
    const root = repo(['training/train_.py', 'training/.hidden/train_b.py']);
    expect(await discoverScripts(root, ['training'])).toEqual(['training/train_.py']);
  });

  test('an explicitly named root is searched even when it is hidden', async () => {
    const root = repo(['.ci/train_a.py']);
    expect(await discoverScripts(root, ['.ci'])).toEqual(['.ci/train_a.py']);
  });

  test('a custom pattern', async () => {
    const root = repo(['training/fit_a.py', 'training/train_b.py', 'training/fit_c.R']);
    expect(await discoverScripts(root, ['training'], { pattern: 'fit_*.py' })).toEqual(['training/fit_a.py']);
  });

  test('exclude globs: names anywhere, paths from the working directory, folders pruned', async () => {
    const root = repo([
      'training/train_a.py',
      'training/train_slow_b.py',
      'training/legacy/train_c.py',
      'training/keep/train_d.py',
      'scripts/train_e.py',
    ]);
    expect(
      await discoverScripts(root, roots, {
        exclude: ['train_slow_*.py', 'training/legacy/**', 'scripts/train_e.py'],
      }),
    ).toEqual(['training/keep/train_d.py', 'training/train_a.py']);
  });

  test('a root that is a file is skipped', async () => {
    const root = repo(['training', 'scripts/train_a.py']);
    expect(await discoverScripts(root, roots)).toEqual(['scripts/train_a.py']);
  });

  const symlinks = process.platform === 'win32' ? test.skip : test;

  symlinks(
    'linked folders are not followed, linked roots neither: no script is found under two paths',
    async () => {
      const outside = repo(['train_outside.py']);
      const root = repo(['training/train_a.py', 'real/train_b.py']);
      fs.symlinkSync(outside, path.join(root, 'training', 'linked-out'));
      fs.symlinkSync(path.join(root, 'real'), path.join(root, 'training', 'linked-in'));
      fs.symlinkSync(path.join(root, 'real'), path.join(root, 'scripts'));
      expect(await discoverScripts(root, roots)).toEqual(['training/train_a.py']);
      expect(await discoverScripts(root, ['.'])).toEqual(['real/train_b.py', 'training/train_a.py']);
    },
  );

  symlinks('a linked file counts when it points inside the working directory, not outside', async () => {
    const outside = repo(['train_outside.py']);
    const root = repo(['training/train_a.py', 'lib/real.py']);
    fs.symlinkSync(path.join(outside, 'train_outside.py'), path.join(root, 'training', 'train_out.py'));
    fs.symlinkSync(path.join(root, 'lib', 'real.py'), path.join(root, 'training', 'train_in.py'));
    fs.symlinkSync(path.join(root, 'missing.py'), path.join(root, 'training', 'train_broken.py'));
    expect(await discoverScripts(root, ['training'])).toEqual([
      'training/train_a.py',
      'training/train_in.py',
    ]);
  });

  test('the same tree gives the same list whatever the concurrency', async () => {
    const files = Array.from({ length: 60 }, (_, i) => `training/d${i % 7}/e${i % 3}/train_${i}.py`);
    const root = repo(files);
    const expected = [...files].sort();
    for (const concurrency of [1, 2, 64]) {
      expect(await discoverScripts(root, ['.'], { concurrency })).toEqual(expected);
    }
  });
});
