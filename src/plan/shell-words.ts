import { InputError } from '../model/types.js';

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
 * - `$'…'` is read as bash reads it: `\n`, `\t`, `\r`, `\\`, `\'`, `\"`, `\a`, `\b`, `\e`, `\f`, `\v`,
 *   `\xHH` and `\NNN` (bytes, read as UTF-8), `\uHHHH`; any other backslash is kept (quoteForShell writes
 *   words with control characters this way);
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
    } else if (char === '$' && text[i + 1] === "'") {
      const [content, next] = readAnsiCQuoted(text, i + 2, inputName, i + 1);
      word += content;
      inWord = true;
      i = next;
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

const ANSI_C_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\u0007',
  b: '\b',
  e: '\u001b',
  E: '\u001b',
  f: '\f',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

/** The content of a `$'…'` word starting at `start` (after the quote), and the index after its end. */
function readAnsiCQuoted(text: string, start: number, inputName: string, open: number): [string, number] {
  // `\x`/octal escapes are bytes: a run of them is read as UTF-8 (`\xe2\x80\xa8` is one character).
  let content = '';
  let bytes: number[] = [];
  const flush = (): void => {
    if (bytes.length > 0) content += Buffer.from(bytes).toString('utf8');
    bytes = [];
  };
  let i = start;
  while (i < text.length) {
    const char = text[i];
    if (char === "'") {
      flush();
      return [content, i + 1];
    }
    const hex = char === '\\' ? /^x([0-9A-Fa-f]{1,2})/.exec(text.slice(i + 1, i + 4)) : null;
    const octal = char === '\\' ? /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4)) : null;
    if (hex || octal) {
      bytes.push(hex ? parseInt(hex[1], 16) : parseInt((octal as RegExpExecArray)[0], 8) & 0xff);
      i += 1 + (hex ?? (octal as RegExpExecArray))[0].length;
      continue;
    }
    flush();
    const next = text[i + 1];
    const unicode = char === '\\' ? /^u([0-9A-Fa-f]{1,4})/.exec(text.slice(i + 1, i + 6)) : null;
    if (char === '\\' && next !== undefined && ANSI_C_ESCAPES[next] !== undefined) {
      content += ANSI_C_ESCAPES[next];
      i += 2;
    } else if (unicode) {
      content += String.fromCharCode(parseInt(unicode[1], 16));
      i += 1 + unicode[0].length;
    } else {
      content += char;
      i++;
    }
  }
  throw unterminated(inputName, "$'", open);
}

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
 *
 * The line is also printed to the Actions log, so it never carries a workflow command a repository
 * could plant in a file name or config value: a word with a control character or line break is written
 * in bash's `$'…'` form with escapes (bash and zsh read it back; the line stays one line), `##[` is
 * split across two quoted pieces (`'#''#['`, the same word to a shell), and a word starting with `:`
 * is quoted (so no line starts with `::`).
 */
export function quoteForShell(argv: readonly string[]): string {
  return argv.map(quoteWord).join(' ');
}

// eslint-disable-next-line no-control-regex
const CONTROL_OR_BREAK = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

function quoteWord(word: string): string {
  if (SAFE_WORD.test(word) && !word.startsWith(':')) return word;
  if (CONTROL_OR_BREAK.test(word)) return ansiCQuoted(word);
  return `'${word.replaceAll("'", `'\\''`).replaceAll('##[', "#''#[")}'`;
}

const ANSI_C_NAMED: Readonly<Record<string, string>> = {
  '\n': '\\n',
  '\t': '\\t',
  '\r': '\\r',
  '\\': '\\\\',
  "'": "\\'",
  '#': '\\x23',
};

/** `$'…'`: backslash, quote, `#` and every control or line-break character escaped (as UTF-8 bytes). */
function ansiCQuoted(word: string): string {
  let out = '';
  for (const char of word) {
    const named = ANSI_C_NAMED[char];
    if (named !== undefined) out += named;
    else if (CONTROL_OR_BREAK.test(char))
      for (const byte of Buffer.from(char, 'utf8')) out += `\\x${byte.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return `$'${out}'`;
}
