import { quoteForShell as quoteCommand } from '../../src/plan/shell-words.js';

describe('quoteCommand', () => {
  test.each([
    [['python3', 'train_a.py', '--epochs', '3'], 'python3 train_a.py --epochs 3'],
    [['/usr/bin/python3', 'a b.py'], "/usr/bin/python3 'a b.py'"],
    [['echo', ''], "echo ''"],
    [['echo', "it's"], `echo 'it'\\''s'`],
    [['echo', '$HOME', '`id`', 'a;b', 'x*'], "echo '$HOME' '`id`' 'a;b' 'x*'"],
    [['k=v', '--lr=0.1', 'a,b', '@f', '50%'], 'k=v --lr=0.1 a,b @f 50%'],
  ])('%j → %s', (argv, expected) => {
    expect(quoteCommand(argv)).toBe(expected);
  });
});
