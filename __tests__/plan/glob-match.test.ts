import { compileExcludes, globToRegExp } from '../../src/plan/glob-match.js';

describe('globToRegExp', () => {
  test.each<[string, string, boolean]>([
    ['train_*.py', 'train_als.py', true],
    ['train_*.py', 'train_.py', true],
    ['train_*.py', 'train_als.pyc', false],
    ['train_*.py', 'xtrain_als.py', false],
    ['train_*.py', 'dir/train_als.py', false],
    ['train_?.py', 'train_a.py', true],
    ['train_?.py', 'train_ab.py', false],
    ['train_[ab].py', 'train_b.py', true],
    ['train_[!ab].py', 'train_b.py', false],
    ['train_[!ab].py', 'train_c.py', true],
    ['train_[a-c]*.py', 'train_cat.py', true],
    ['model.(v1)+.py', 'model.(v1)+.py', true],
    ['model.(v1)+.py', 'modelx(v1)+.py', false],
    ['**/legacy/**', 'a/b/legacy/c/train_x.py', true],
    ['**/legacy/**', 'legacy/train_x.py', true],
    ['training/**', 'training/a/b.py', true],
    ['training/*.py', 'training/a/b.py', false],
    ['a/**/b.py', 'a/b.py', true],
    ['a/**/b.py', 'a/x/y/b.py', true],
    ['a**b', 'a/b', false],
    ['[unclosed', '[unclosed', true],
  ])('%p against %p is %p', (glob, text, expected) => {
    expect(globToRegExp(glob).test(text)).toBe(expected);
  });
});

describe('compileExcludes', () => {
  test.each<[string[], string, boolean]>([
    [['train_slow_*.py'], 'training/deep/train_slow_x.py', true],
    [['train_slow_*.py'], 'training/train_fast.py', false],
    [['legacy'], 'training/legacy', true],
    [['training/legacy/**'], 'training/legacy', true],
    [['training/legacy/**'], 'training/legacy/train_a.py', true],
    [['training/legacy/'], 'training/legacy', true],
    [['./training/train_a.py'], 'training/train_a.py', true],
    [['training/*.py'], 'scripts/train_a.py', false],
    [[], 'anything', false],
  ])('%p excludes %p: %p', (globs, text, expected) => {
    expect(compileExcludes(globs).matches(text)).toBe(expected);
  });
});
