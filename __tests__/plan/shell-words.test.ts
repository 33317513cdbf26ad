import fc from 'fast-check';
import { InputError } from '../../src/model/types.js';
import { quoteForShell, splitShellWords } from '../../src/plan/shell-words.js';

const split = (text: string): string[] => splitShellWords(text, 'extra_args');

describe('splitShellWords', () => {
  test.each<[string, string[]]>([
    ['', []],
    ['   \n\t ', []],
    ['a b  c', ['a', 'b', 'c']],
    ['--lr=1e-3\n--seed 7', ['--lr=1e-3', '--seed', '7']],
    ["'a b' c", ['a b', 'c']],
    ['"a b" c', ['a b', 'c']],
    ["a'b c'd", ['ab cd']],
    ["''", ['']],
    ['""', ['']],
    ["a '' b", ['a', '', 'b']],
    ["'it''s'", ['its']],
    ["'don'\\''t'", ["don't"]],
    ['"say \\"hi\\""', ['say "hi"']],
    ['"back\\\\slash"', ['back\\slash']],
    ['"\\$HOME and \\`x\\`"', ['$HOME and `x`']],
    ['"\\n stays"', ['\\n stays']],
    ["'\\\\ stays'", ['\\\\ stays']],
    ['a\\ b', ['a b']],
    ['\\"quoted\\"', ['"quoted"']],
    ['a\\\nb', ['ab']],
    ['"a\\\nb"', ['ab']],
    ['trailing\\', ['trailing\\']],
    ['"multi\nline"', ['multi\nline']],
  ])('%p', (text, expected) => {
    expect(split(text)).toEqual(expected);
  });

  test.each<[string, string[]]>([
    ['$(rm -rf /)', ['$(rm', '-rf', '/)']],
    ['`id`', ['`id`']],
    ['"$(id)"', ['$(id)']],
    ['$HOME ${HOME}', ['$HOME', '${HOME}']],
    [
      'a; b | c && d || e > f < g & h',
      ['a;', 'b', '|', 'c', '&&', 'd', '||', 'e', '>', 'f', '<', 'g', '&', 'h'],
    ],
    ['*.py ~ ?', ['*.py', '~', '?']],
    ['# not a comment', ['#', 'not', 'a', 'comment']],
  ])('nothing is evaluated: %p', (text, expected) => {
    expect(split(text)).toEqual(expected);
  });

  test.each([
    ["'open", "the ' quote at character 1 is never closed"],
    ['a "open', 'the " quote at character 3 is never closed'],
    ['"a\\"', 'the " quote at character 1 is never closed'],
  ])('%p is an InputError naming the input', (text, message) => {
    let caught: unknown;
    try {
      split(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as InputError).where).toBe('extra_args');
    expect((caught as InputError).message).toContain(message);
  });

  test('a NUL character is an InputError', () => {
    expect(() => split('a\0b')).toThrow(InputError);
  });
});

describe('quoteForShell', () => {
  test.each<[string[], string]>([
    [['python3', 'training/train_als.py', '--epochs', '5'], 'python3 training/train_als.py --epochs 5'],
    [['--name', 'my model'], "--name 'my model'"],
    [["don't"], "'don'\\''t'"],
    [[''], "''"],
    [['$(id)', '`id`', 'a;b', '*'], "'$(id)' '`id`' 'a;b' '*'"],
    [['a=b', 'x@y', '50%', '1,2', 'c:d', '+1'], 'a=b x@y 50% 1,2 c:d +1'],
    [['#tag', '~'], "'#tag' '~'"],
    [['line\nbreak'], "$'line\\nbreak'"],
    [['a\tb', "it's", '\u2028', '#\r\\'], "$'a\\tb' 'it'\\''s' $'\\xe2\\x80\\xa8' $'\\x23\\r\\\\'"],
    [['x\u0085'], "$'x\\xc2\\x85'"],
    [['::warning::x', ':8080'], "'::warning::x' ':8080'"],
    [['train_##[add-mask]x.py'], "'train_#''#[add-mask]x.py'"],
  ])('%p', (argv, expected) => {
    expect(quoteForShell(argv)).toBe(expected);
  });

  test('round trip: splitShellWords(quoteForShell(argv)) is argv', () => {
    const word = fc.string({
      unit: fc.oneof(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
        fc.constantFrom("'", '"', '\\', ' ', '\n', '$', '`'),
      ),
    });
    fc.assert(
      fc.property(
        fc.array(
          word.filter((text) => !text.includes('\0')),
          { maxLength: 8 },
        ),
        (argv) => {
          expect(split(quoteForShell(argv))).toEqual(argv);
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('property: any text splits into words or throws InputError', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        try {
          for (const word of split(text)) expect(typeof word).toBe('string');
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
        }
      }),
      { numRuns: 1000 },
    );
  });
});
