/**
 * A JSON reader for what jobs write (metrics files) and what other runs wrote (shard summaries), made so that
 * no content can cost the report:
 * - iterative, never recursive: any nesting depth is read without touching the call stack, and containers
 *   deeper than `maxDepth` are replaced by DEPTH_MARKER (their content is skipped, not kept);
 * - the number tokens Python's `json.dump` writes by default (`NaN`, `Infinity`, `-Infinity`) are accepted,
 *   and every number a JSON summary cannot hold exactly (those three, an overflow such as `1e400`, an integer
 *   beyond ±(2^53 − 1)) is kept as a string of its text, exactly as written;
 * - every key is an own data property, `__proto__`, `constructor` and `prototype` included: nothing is ever
 *   assigned through a setter, so no prototype changes.
 * Everything else is strict JSON (RFC 8259); a syntax error throws BoundedJsonError with its position.
 */

/** How deep a job's metrics may nest (the file's top-level object is level 1); deeper containers become a marker. */
export const METRICS_MAX_DEPTH = 32;

/** What replaces a container nested deeper than the limit. */
export const DEPTH_MARKER_PREFIX = '[dropped: nested deeper than';

export function depthMarker(maxDepth: number): string {
  return `${DEPTH_MARKER_PREFIX} ${maxDepth} levels]`;
}

export interface BoundedJson {
  value: unknown;
  /** How many containers were replaced by the depth marker. */
  deepDropped: number;
  /** Number tokens kept as strings (their text), in file order. */
  unrepresentable: string[];
}

export class BoundedJsonError extends Error {
  override name = 'BoundedJsonError';
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;

type Frame = { items: unknown[] } | { object: Record<string, unknown>; key: string };

/**
 * Parses `text`; containers at depth > `maxDepth` (the top level is depth 1) become `marker` (by default
 * the depth marker of `maxDepth`).
 */
export function parseBoundedJson(text: string, options: { maxDepth: number; marker?: string }): BoundedJson {
  const reader = new Reader(text);
  const stack: Frame[] = [];
  const marker = options.marker ?? depthMarker(options.maxDepth);
  let deepDropped = 0;
  const unrepresentable: string[] = [];
  for (;;) {
    let value: unknown;
    reader.skipWhitespace();
    const c = text[reader.at];
    if (c === '[' || c === '{') {
      if (stack.length >= options.maxDepth) {
        reader.skipContainer();
        deepDropped++;
        value = marker;
      } else {
        reader.at++;
        reader.skipWhitespace();
        if (c === '[' && text[reader.at] === ']') {
          reader.at++;
          value = [];
        } else if (c === '{' && text[reader.at] === '}') {
          reader.at++;
          value = {};
        } else {
          stack.push(c === '[' ? { items: [] } : { object: {}, key: reader.key() });
          continue;
        }
      }
    } else {
      value = reader.scalar(unrepresentable);
    }
    // Attach the value to its container; close every container that ends here.
    for (;;) {
      const top = stack.at(-1);
      if (!top) {
        reader.skipWhitespace();
        if (reader.at !== text.length) reader.fail('unexpected text after the end of the value');
        return { value, deepDropped, unrepresentable };
      }
      if ('items' in top) top.items.push(value);
      else defineData(top.object, top.key, value);
      reader.skipWhitespace();
      const next = text[reader.at++];
      if (next === ',') {
        if ('object' in top) top.key = reader.key();
        break;
      }
      const close = 'items' in top ? ']' : '}';
      if (next !== close) reader.fail(`expected ',' or '${close}'`, reader.at - 1);
      stack.pop();
      value = 'items' in top ? top.items : top.object;
    }
  }
}

/** `object[key] = value` as an own data property, even for `__proto__` (an assignment would set the prototype). */
export function defineData(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
}

class Reader {
  at = 0;
  constructor(private readonly text: string) {}

  fail(what: string, at = this.at): never {
    const found = at < this.text.length ? `'${this.text[at]}'` : 'the end';
    throw new BoundedJsonError(`not valid JSON at position ${at}: ${what}, found ${found}`);
  }

  skipWhitespace(): void {
    WHITESPACE.lastIndex = this.at;
    WHITESPACE.test(this.text);
    this.at = WHITESPACE.lastIndex;
  }

  /** `"key" :` */
  key(): string {
    this.skipWhitespace();
    if (this.text[this.at] !== '"') this.fail('expected a key in double quotes');
    const key = this.string();
    this.skipWhitespace();
    if (this.text[this.at] !== ':') this.fail("expected ':'");
    this.at++;
    return key;
  }

  scalar(unrepresentable: string[]): unknown {
    const text = this.text;
    const c = text[this.at];
    if (c === '"') return this.string();
    for (const [word, value] of WORDS) {
      if (text.startsWith(word, this.at)) {
        this.at += word.length;
        if (typeof value === 'number') {
          unrepresentable.push(word);
          return word;
        }
        return value;
      }
    }
    NUMBER.lastIndex = this.at;
    const match = NUMBER.exec(text);
    if (!match) this.fail('expected a value');
    const token = match[0];
    this.at += token.length;
    const number = Number(token);
    const integerLiteral = !/[.eE]/.test(token);
    if (!Number.isFinite(number) || (integerLiteral && !Number.isSafeInteger(number))) {
      unrepresentable.push(token);
      return token;
    }
    return number;
  }

  /** A string token, decoded by JSON.parse (flat: no recursion), which also checks its escapes. */
  string(): string {
    const start = this.at;
    const end = this.stringEnd(start);
    this.at = end;
    try {
      return JSON.parse(this.text.slice(start, end)) as string;
    } catch {
      return this.fail('invalid string (a control character or a bad escape)', start);
    }
  }

  /** Index just past the closing quote of the string starting at `start`. */
  private stringEnd(start: number): number {
    const text = this.text;
    let i = start + 1;
    for (;;) {
      const quote = text.indexOf('"', i);
      if (quote < 0) this.fail('unterminated string', start);
      // The quote is escaped when an odd number of backslashes precede it.
      let backslashes = 0;
      for (let k = quote - 1; k > start && text[k] === '\\'; k--) backslashes++;
      if (backslashes % 2 === 0) return quote + 1;
      i = quote + 1;
    }
  }

  /** Skips a whole container (the cursor is on its bracket) by counting brackets outside strings. */
  skipContainer(): void {
    const text = this.text;
    const start = this.at;
    const expected: string[] = [];
    while (this.at < text.length) {
      const c = text[this.at];
      if (c === '"') {
        this.at = this.stringEnd(this.at);
        continue;
      }
      if (c === '[') expected.push(']');
      else if (c === '{') expected.push('}');
      else if (c === ']' || c === '}') {
        if (expected.pop() !== c) this.fail('mismatched bracket');
        if (expected.length === 0) {
          this.at++;
          return;
        }
      }
      this.at++;
    }
    this.fail('unterminated array or object', start);
  }
}

/** Literal words; `-Infinity` before anything starting with `-` is tried as a number. */
const WORDS: ReadonlyArray<[string, unknown]> = [
  ['true', true],
  ['false', false],
  ['null', null],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
];
