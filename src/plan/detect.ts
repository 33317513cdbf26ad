import type { Supports } from '../model/types.js';

/** The option each Supports field stands for. */
export const SUPPORTED_OPTIONS: Readonly<Record<keyof Supports, string>> = {
  epochs: '--epochs',
  folds: '--folds',
  output_dir: '--output-dir',
};

/**
 * Which of `--epochs`, `--folds`, `--output-dir` a Python script accepts, judged from its source: an
 * option counts when a one-line string literal ('…' or "…", optionally prefixed r, u or f) holds
 * exactly that option. So `'--epochs-per-stage'`, `--epochs` in a `#` comment, in a docstring or
 * other triple-quoted string, or in a bytes literal do not count. The source is tokenized lightly
 * (comments and strings of every kind, escapes included) so a `#` inside a string is not a comment
 * and a quote inside a comment opens nothing. Nothing is imported or executed.
 *
 * Known limit: Python 3.12 f-strings that reuse their own quote inside `{…}` are read as two strings.
 */
export function detectSupports(source: string): Supports {
  const literals = new Set(stringLiterals(source));
  return {
    epochs: literals.has(SUPPORTED_OPTIONS.epochs),
    folds: literals.has(SUPPORTED_OPTIONS.folds),
    output_dir: literals.has(SUPPORTED_OPTIONS.output_dir),
  };
}

const PREFIX_CHARS = /[rRbBuUfF]/;
const IDENTIFIER_CHAR = /[A-Za-z0-9_]/;

/** The raw contents of the one-line, non-bytes string literals of `source`, in order. */
export function stringLiterals(source: string): string[] {
  const found: string[] = [];
  let i = 0;
  const length = source.length;
  while (i < length) {
    const char = source[i];
    if (char === '#') {
      const end = source.indexOf('\n', i);
      i = end === -1 ? length : end + 1;
      continue;
    }
    if (char === "'" || char === '"') {
      const prefix = readPrefix(source, i);
      i = readString(source, i, prefix, found);
      continue;
    }
    i++;
  }
  return found;
}

/** The string prefix just before a quote (`rb`, `f`, …), or '' when the quote is not prefixed. */
function readPrefix(source: string, quote: number): string {
  let start = quote;
  while (start > 0 && quote - start < 2 && PREFIX_CHARS.test(source[start - 1])) start--;
  // `xr'…'` is not a prefix: the letters must start a token.
  if (start > 0 && IDENTIFIER_CHAR.test(source[start - 1])) return '';
  return source.slice(start, quote).toLowerCase();
}

/** Reads the literal opening at `open`; records it when it is a one-line text literal. Returns the index after it. */
function readString(source: string, open: number, prefix: string, found: string[]): number {
  const quote = source[open];
  const triple = source.startsWith(quote.repeat(3), open);
  const delimiter = triple ? quote.repeat(3) : quote;
  let i = open + delimiter.length;
  while (i < source.length) {
    const char = source[i];
    if (char === '\\') {
      // Even in raw strings a backslash keeps the next quote from closing the literal.
      i += 2;
      continue;
    }
    if (!triple && char === '\n') return i + 1; // unterminated: Python would refuse it; recover at the line end
    if (source.startsWith(delimiter, i)) {
      if (!triple && !prefix.includes('b')) found.push(source.slice(open + 1, i));
      return i + delimiter.length;
    }
    i++;
  }
  return source.length;
}
