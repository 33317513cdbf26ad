import { detectSupports, stringLiterals } from '../../src/plan/detect.js';

const none = { epochs: false, folds: false, output_dir: false };

describe('detectSupports', () => {
  test.each<[string, string, Partial<Record<'epochs' | 'folds' | 'output_dir', boolean>>]>([
    ['double-quoted', 'p.add_argument("--epochs", type=int)', { epochs: true }],
    ['single-quoted', "p.add_argument('--folds')", { folds: true }],
    [
      'all three',
      `p.add_argument("--output-dir")\np.add_argument('--epochs')\np.add_argument("--folds")`,
      {
        epochs: true,
        folds: true,
        output_dir: true,
      },
    ],
    ['short and long spelling', 'p.add_argument("-e", "--epochs")', { epochs: true }],
    ['a longer option is not the option', 'p.add_argument("--epochs-per-stage")', {}],
    ['a longer option with =', 'args = ["--epochs=5"]', {}],
    ['a prefix is not the option', 'p.add_argument("--epoch")', {}],
    ['underscore spelling is another option', 'p.add_argument("--output_dir")', {}],
    ['bare text', 'use --epochs to train longer', {}],
    ['in a comment', '# p.add_argument("--epochs")\nx = 1', {}],
    ['after code on the line', 'x = 1  # "--epochs"', {}],
    ['a # inside a string is not a comment', 'x = "#"; p.add_argument("--epochs")', { epochs: true }],
    ['a # inside a single-quoted string', "x = '# not a comment'; y = '--folds'", { folds: true }],
    ['a quote inside a comment opens nothing', "# don't\np.add_argument('--epochs')", { epochs: true }],
    ['docstring', '"""Usage: train.py "--epochs" N"""', {}],
    ['single-quoted docstring', "'''\n'--epochs'\n'''\nx = 1", {}],
    [
      'a docstring does not hide what follows',
      '"""doc # not a comment"""\np.add_argument("--folds")',
      { folds: true },
    ],
    ['escaped quote inside a string', 'x = "say \\"hi\\" #"; p.add_argument("--epochs")', { epochs: true }],
    ['raw string', "p.add_argument(r'--epochs')", { epochs: true }],
    ['f-string', 'p.add_argument(f"--folds")', { folds: true }],
    ['u-string', "p.add_argument(u'--output-dir')", { output_dir: true }],
    ['bytes do not count', "p.add_argument(b'--epochs')", {}],
    ['raw bytes do not count', "x = rb'--epochs'", {}],
    ['an identifier ending in r is not a prefix', "xr = 1; p.add_argument('--epochs')", { epochs: true }],
    ['raw string with escaped quote', "x = r'\\''; y = '--folds'", { folds: true }],
    ['string concatenation is not evaluated', 'x = "--ep" "ochs"', {}],
    [
      'an unterminated string ends at the line end',
      'x = "oops\np.add_argument("--epochs")',
      { epochs: true },
    ],
    ['an empty file', '', {}],
    ['CRLF line ends', "# '--epochs'\r\np.add_argument('--folds')\r\n", { folds: true }],
  ])('%s', (_name, source, expected) => {
    expect(detectSupports(source)).toEqual({ ...none, ...expected });
  });
});

describe('stringLiterals', () => {
  test('lists one-line text literals in order', () => {
    expect(stringLiterals(`a = 'x' # 'y'\nb = "z" + """w""" + b'v' + f"u"`)).toEqual(['x', 'z', 'u']);
  });
});
