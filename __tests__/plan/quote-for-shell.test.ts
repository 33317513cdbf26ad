import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { quoteForShell as quoteCommand } from '../../src/plan/shell-words.js';
import { isWorkflowCommandLine, physicalLines } from '../../src/plan/workflow-commands.js';

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

describe('quoteCommand and workflow commands (a dry-run line is printed to the Actions log)', () => {
  // Names and values a repository may hold: line breaks of every kind, controls, `::`, `##[`, quotes.
  const piece = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 4 }),
    fc.constantFrom(
      '\n',
      '\r',
      '\t',
      '\u000b',
      '\u000c',
      '\u001b[31m',
      '\u0085',
      '\u2028',
      '\u2029',
      '::',
      '::warning::x',
      '::add-mask::y',
      '##[',
      '##[set-output name=a]b',
      '%0A',
      "'",
      '"',
      '\\',
      '#',
      ' ',
      '$',
      '模型',
      'é',
    ),
  );
  const word = fc.array(piece, { maxLength: 5 }).map((parts) => parts.join(''));

  test('property: one physical line, never a workflow command, and bash reads back exactly the argv', () => {
    const samples = fc.sample(fc.array(word, { minLength: 1, maxLength: 4 }), { numRuns: 150, seed: 10 });
    samples.push([':x', '::warning::x'], ['a\n::add-mask::b'], ['train_##[add-mask]x.py'], ['\u2028::x']);
    for (const argv of samples) {
      const line = quoteCommand(argv);
      expect(physicalLines(line)).toHaveLength(1);
      expect([line, isWorkflowCommandLine(line)]).toEqual([line, false]);
    }
    // One bash for all samples: each line's words printed NUL-separated, samples separated by \x01.
    const script = samples.map((argv) => `printf '%s\\0' ${quoteCommand(argv)}; printf '\\1'`).join('\n');
    const out = execFileSync('bash', ['-c', script], { encoding: 'utf8', env: { LC_ALL: 'C.UTF-8' } });
    const read = out.split('\u0001').slice(0, -1);
    expect(read).toEqual(samples.map((argv) => argv.map((w) => `${w}\0`).join('')));
  });
});
