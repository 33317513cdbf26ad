import { numberText, type ConfigLocator, type ConfigScalar, type YamlPath } from './config-locator.js';

/** A config text read into what the rest of config loading works on. */
export interface ParsedConfigText {
  /** Where keys and values are, for `file:line` in messages and scalars' source text. */
  locator: ConfigLocator;
  /** The plain JavaScript value of the document. */
  value: unknown;
}

/**
 * Brackets deeper than this are left to the YAML path, whose shape guard refuses what is too deep with the
 * line (a job config needs about 6 levels; the guard's limit, MAX_CONFIG_NESTING, is above this).
 */
const MAX_JSON_DEPTH = 16;

/** Thrown inside the reader when the text is not JSON it reads exactly as YAML would: the YAML path decides. */
class NotHandled {}
const NOT_HANDLED = new NotHandled();

/**
 * Reads a config that is a JSON object (generated configs usually are: JSON is YAML) in one linear pass,
 * an order of magnitude faster than the YAML parser, with the same result as the YAML path for the same
 * text: the same value (keys in file order, inherited names such as `__proto__` as own properties, numbers
 * as the YAML core schema reads them), the same `file:line` for every key and value, the same source text
 * of numbers (`0.10` stays `0.10` on a command line).
 *
 * Undefined when the text is anything else, or anything the YAML path would treat differently or refuse:
 * not JSON (comments, YAML syntax, a trailing comma), a top level that is not an object, a key given twice,
 * nesting deeper than MAX_JSON_DEPTH, a carriage return that is not part of CRLF. The caller then parses it
 * as YAML, which gives the value or the error (with its line) the config always had.
 */
export function readJsonConfig(text: string, file: string): ParsedConfigText | undefined {
  const reader = new JsonReader(text);
  try {
    reader.skipSpace();
    if (text.charCodeAt(reader.pos) !== OPEN_BRACE) return undefined;
    const root = reader.readValue(1);
    const value = reader.lastValue;
    reader.skipSpace();
    if (reader.pos !== text.length) return undefined;
    return { locator: new JsonLocator(text, file, root, reader.lineStarts), value };
  } catch (error) {
    if (error instanceof NotHandled) return undefined;
    throw error;
  }
}

/**
 * Where the parts of a JSON document are. A scalar is only its start offset (a small integer, no object per
 * value: a sweep of 100,000 values costs an array of numbers); its source text is read back from the text
 * when asked for.
 */
type Position = MapPosition | SeqPosition | number;

interface MapPosition {
  start: number;
  /** In file order. */
  keys: string[];
  keyStarts: number[];
  values: Position[];
  /** Key → index, built on the first lookup. */
  index?: Map<string, number>;
}

interface SeqPosition {
  start: number;
  items: Position[];
}

const TAB = 0x09;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const PLUS = 0x2b;
const COMMA = 0x2c;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;
const BACKSLASH = 0x5c;
const CLOSE_BRACKET = 0x5d;
const LOWER_E = 0x65;
const UPPER_E = 0x45;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

class JsonReader {
  pos = 0;
  /** The plain value of what readValue read last (a side channel: no pair allocated per value). */
  lastValue: unknown = undefined;
  /** The offset where each line starts. */
  readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {}

  skipSpace(): void {
    const text = this.text;
    let pos = this.pos;
    for (;;) {
      const code = text.charCodeAt(pos);
      if (code === SPACE || code === TAB) pos++;
      else if (code === LINE_FEED) this.lineStarts.push(++pos);
      else if (code === CARRIAGE_RETURN && text.charCodeAt(pos + 1) === LINE_FEED) pos++;
      else break;
    }
    this.pos = pos;
  }

  readValue(depth: number): Position {
    const text = this.text;
    const start = this.pos;
    const code = text.charCodeAt(start);
    if (code === OPEN_BRACE) return this.readObject(depth);
    if (code === OPEN_BRACKET) return this.readArray(depth);
    if (code === QUOTE) this.lastValue = this.readString();
    else if (code === MINUS || (code >= ZERO && code <= NINE)) this.lastValue = this.readNumber();
    else if (text.startsWith('true', start)) this.lastValue = this.readWord(4, true);
    else if (text.startsWith('false', start)) this.lastValue = this.readWord(5, false);
    else if (text.startsWith('null', start)) this.lastValue = this.readWord(4, null);
    else throw NOT_HANDLED;
    return start;
  }

  private readObject(depth: number): MapPosition {
    if (depth > MAX_JSON_DEPTH) throw NOT_HANDLED;
    const position: MapPosition = { start: this.pos++, keys: [], keyStarts: [], values: [] };
    const object: Record<string, unknown> = {};
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) !== CLOSE_BRACE) {
      for (;;) {
        const keyStart = this.pos;
        if (this.text.charCodeAt(keyStart) !== QUOTE) throw NOT_HANDLED;
        const key = this.readString();
        this.skipSpace();
        if (this.text.charCodeAt(this.pos) !== COLON) throw NOT_HANDLED;
        this.pos++;
        this.skipSpace();
        position.keys.push(key);
        position.keyStarts.push(keyStart);
        position.values.push(this.readValue(depth + 1));
        if (key in object) {
          // A key given twice is refused by the YAML path, with its line.
          if (Object.hasOwn(object, key)) throw NOT_HANDLED;
          // As the yaml package's toJS: a name the object inherits (`__proto__`, `constructor`) becomes an
          // own property.
          Object.defineProperty(object, key, {
            value: this.lastValue,
            writable: true,
            enumerable: true,
            configurable: true,
          });
        } else object[key] = this.lastValue;
        if (this.nextItem(CLOSE_BRACE)) break;
      }
    }
    this.pos++;
    this.lastValue = object;
    return position;
  }

  private readArray(depth: number): SeqPosition {
    if (depth > MAX_JSON_DEPTH) throw NOT_HANDLED;
    const position: SeqPosition = { start: this.pos++, items: [] };
    const array: unknown[] = [];
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) !== CLOSE_BRACKET) {
      for (;;) {
        position.items.push(this.readValue(depth + 1));
        array.push(this.lastValue);
        if (this.nextItem(CLOSE_BRACKET)) break;
      }
    }
    this.pos++;
    this.lastValue = array;
    return position;
  }

  /** After an item: true at the closing bracket, false after a comma (and the space after it). */
  private nextItem(close: number): boolean {
    this.skipSpace();
    const code = this.text.charCodeAt(this.pos);
    if (code === close) return true;
    if (code !== COMMA) throw NOT_HANDLED;
    this.pos++;
    this.skipSpace();
    return false;
  }

  private readString(): string {
    const text = this.text;
    const start = this.pos;
    let pos = start + 1;
    let escaped = false;
    for (;;) {
      const code = text.charCodeAt(pos);
      if (code === QUOTE) break;
      // A control character, or the end of the text (NaN): not JSON.
      if (!(code >= SPACE)) throw NOT_HANDLED;
      if (code === BACKSLASH) {
        escaped = true;
        pos++;
      }
      pos++;
    }
    this.pos = pos + 1;
    if (!escaped) return text.slice(start + 1, pos);
    try {
      // JSON's escapes are YAML's double-quoted escapes; an invalid one is left to the YAML path.
      return JSON.parse(text.slice(start, pos + 1)) as string;
    } catch {
      throw NOT_HANDLED;
    }
  }

  private readNumber(): number {
    const start = this.pos;
    const end = numberEnd(this.text, start);
    if (end === undefined) throw NOT_HANDLED;
    this.pos = end.pos;
    this.checkEndOfWord();
    // The YAML core schema: integers by parseInt, the rest by parseFloat (the doubles JSON reads too).
    const source = this.text.slice(start, end.pos);
    return end.integer ? parseInt(source, 10) : parseFloat(source);
  }

  private readWord(length: number, value: boolean | null): boolean | null {
    this.pos += length;
    this.checkEndOfWord();
    return value;
  }

  /** A number or word must end where JSON ends it (`1x`, `truex` are not JSON). */
  private checkEndOfWord(): void {
    const code = this.text.charCodeAt(this.pos);
    if (
      code === COMMA ||
      code === CLOSE_BRACE ||
      code === CLOSE_BRACKET ||
      code === SPACE ||
      code === TAB ||
      code === LINE_FEED ||
      code === CARRIAGE_RETURN ||
      Number.isNaN(code)
    )
      return;
    throw NOT_HANDLED;
  }
}

/**
 * The end of the JSON number at `start` (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`) and whether it
 * is an integer; undefined when there is none.
 */
function numberEnd(text: string, start: number): { pos: number; integer: boolean } | undefined {
  const digits = (from: number): number => {
    let pos = from;
    while (text.charCodeAt(pos) >= ZERO && text.charCodeAt(pos) <= NINE) pos++;
    return pos;
  };
  let pos = start;
  if (text.charCodeAt(pos) === MINUS) pos++;
  if (text.charCodeAt(pos) === ZERO) pos++;
  else {
    const end = digits(pos);
    if (end === pos) return undefined;
    pos = end;
  }
  let integer = true;
  if (text.charCodeAt(pos) === DOT) {
    const end = digits(pos + 1);
    if (end === pos + 1) return undefined;
    pos = end;
    integer = false;
  }
  const e = text.charCodeAt(pos);
  if (e === LOWER_E || e === UPPER_E) {
    let from = pos + 1;
    const sign = text.charCodeAt(from);
    if (sign === PLUS || sign === MINUS) from++;
    const end = digits(from);
    if (end === from) return undefined;
    pos = end;
    integer = false;
  }
  return { pos, integer };
}

/** ConfigLocator over the JSON reader's positions. */
class JsonLocator implements ConfigLocator {
  constructor(
    private readonly source: string,
    readonly file: string,
    private readonly root: Position,
    private readonly lineStarts: readonly number[],
  ) {}

  value(path: YamlPath): string {
    return this.at(startOf(this.walk(path).position));
  }

  key(path: YamlPath, key: string): string {
    const { position, complete } = this.walk(path);
    if (complete && isMap(position)) {
      const index = indexOf(position, key);
      if (index !== undefined) return this.at(position.keyStarts[index]);
    }
    return this.at(startOf(position));
  }

  keysInOrder(path: YamlPath): string[] | undefined {
    const { position, complete } = this.walk(path);
    return complete && isMap(position) ? position.keys : undefined;
  }

  text(path: YamlPath, value: ConfigScalar): string {
    if (typeof value !== 'number') return String(value);
    const { position, complete } = this.walk(path);
    const end = complete && typeof position === 'number' ? numberEnd(this.source, position) : undefined;
    return numberText(end && this.source.slice(position as number, end.pos), value);
  }

  /** `file:line` of an offset in the source. */
  private at(offset: number): string {
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length;
    // The number of line starts at or before the offset is its line.
    while (low < high) {
      const mid = (low + high) >> 1;
      if (starts[mid] <= offset) low = mid + 1;
      else high = mid;
    }
    return `${this.file}:${low}`;
  }

  private walk(path: YamlPath): { position: Position; complete: boolean } {
    let position = this.root;
    for (const segment of path) {
      let next: Position | undefined;
      if (isMap(position)) {
        const index = indexOf(position, String(segment));
        next = index === undefined ? undefined : position.values[index];
      } else if (typeof position !== 'number') {
        const index = Number(segment);
        next = Number.isInteger(index) ? position.items[index] : undefined;
      }
      if (next === undefined) return { position, complete: false };
      position = next;
    }
    return { position, complete: true };
  }
}

function isMap(position: Position): position is MapPosition {
  return typeof position !== 'number' && 'keys' in position;
}

function startOf(position: Position): number {
  return typeof position === 'number' ? position : position.start;
}

function indexOf(map: MapPosition, key: string): number | undefined {
  if (!map.index) {
    map.index = new Map();
    map.keys.forEach((name, index) => map.index?.set(name, index));
  }
  return map.index.get(key);
}
