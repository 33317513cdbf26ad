import { InputError } from '../core/types.js';

/**
 * Splits text into words the way a POSIX shell splits a simple command line, without evaluating
 * anything: quotes and backslashes are honoured, while `$(…)`, backticks, `$VAR`, `;`, `|`, `&&`, `>`,
 * `#` and globs stay literal text inside the words. Rules:
 * - blanks (space, tab, newline) separate words;
 * - '…' keeps everything literally;
 * - "…" keeps everything literally except `\"`, `\\`, `\$`, `` \` `` (the backslash is dropped) and
 *   backslash-newline (both dropped, a line continuation);
 * - outside quotes a backslash keeps the next character literally (backslash-newline is a continuation;
 *   a trailing backslash is kept, as bash does);
 * - `''` and `""` make an empty word.
 * An unterminated quote is an InputError naming `inputName`; so is a NUL character (argv cannot hold one).
 */
export function splitShellWords(text: string, inputName: string): string[] {
  if (text.includes('\0')) {
    throw new InputError(
      inputName,
      `Invalid ${inputName}: it contains a NUL character, which no argument can hold.`,
    );
  }
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (char === "'") {
      const end = text.indexOf("'", i + 1);
      if (end === -1) throw unterminated(inputName, "'", i);
      word += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (char === '"') {
      const [content, next] = readDoubleQuoted(text, i + 1, inputName, i);
      word += content;
      inWord = true;
      i = next;
    } else if (char === '\\') {
      if (i + 1 >= text.length) {
        word += '\\';
        inWord = true;
        i++;
      } else if (text[i + 1] === '\n') {
        i += 2;
      } else {
        word += text[i + 1];
        inWord = true;
        i += 2;
      }
    } else {
      word += char;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}

const DOUBLE_QUOTE_ESCAPES = new Set(['"', '\\', '$', '`']);

function readDoubleQuoted(text: string, start: number, inputName: string, open: number): [string, number] {
  let content = '';
  let i = start;
  while (i < text.length) {
    const char = text[i];
    if (char === '"') return [content, i + 1];
    if (char === '\\' && i + 1 < text.length) {
      const next = text[i + 1];
      if (DOUBLE_QUOTE_ESCAPES.has(next)) {
        content += next;
        i += 2;
        continue;
      }
      if (next === '\n') {
        i += 2;
        continue;
      }
    }
    content += char;
    i++;
  }
  throw unterminated(inputName, '"', open);
}

function unterminated(inputName: string, quote: string, position: number): InputError {
  return new InputError(
    inputName,
    `Invalid ${inputName}: the ${quote} quote at character ${position + 1} is never closed. ` +
      `Expected words separated by spaces, with matching quotes (nothing is evaluated by a shell).`,
  );
}

/** Characters that never need quoting in bash, zsh or sh. */
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Renders argv as one line that bash/zsh/sh read back as exactly these words: safe words stay bare,
 * anything else is single-quoted (`'` becomes `'\''`). `splitShellWords(quoteForShell(argv))` is argv.
 */
export function quoteForShell(argv: readonly string[]): string {
  return argv.map(quoteWord).join(' ');
}

function quoteWord(word: string): string {
  if (SAFE_WORD.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
