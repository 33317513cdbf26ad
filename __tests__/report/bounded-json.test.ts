import fc from 'fast-check';
import {
  BoundedJsonError,
  depthMarker,
  METRICS_MAX_DEPTH,
  parseBoundedJson,
} from '../../src/report/bounded-json.js';

const parse = (text: string, maxDepth = METRICS_MAX_DEPTH) => parseBoundedJson(text, { maxDepth });

describe('parseBoundedJson: strict JSON where JSON is enough', () => {
  test('any JSON value round-trips exactly like JSON.parse (within the depth, safe numbers)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const text = JSON.stringify(value);
        const expected = JSON.parse(text);
        const parsed = parse(text);
        // Only integers beyond 2^53 (kept as text) may differ.
        if (parsed.unrepresentable.length === 0) expect(parsed.value).toEqual(expected);
        expect(parsed.deepDropped).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  test('with whitespace everywhere JSON allows it', () => {
    expect(parse(' \t\n{ "a" : [ 1 , 2 ] , "b" : { } , "c" : [ ] }\r\n').value).toEqual({
      a: [1, 2],
      b: {},
      c: [],
    });
  });

  test.each([
    ['empty', ''],
    ['trailing comma', '{"a": 1,}'],
    ['single quotes', "{'a': 1}"],
    ['unquoted key', '{a: 1}'],
    ['two values', '{} {}'],
    ['unterminated string', '{"a": "x'],
    ['control character in a string', '{"a": "x\ny"}'],
    ['bad escape', '{"a": "\\x"}'],
    ['unclosed', '[1, 2'],
    ['mismatched', '[1}'],
    ['leading zero', '[01]'],
    ['plus sign', '[+1]'],
    ['bare word', '[nan]'],
    ['unclosed deep', '['.repeat(100_000)],
    ['mismatched deep', `${'['.repeat(100)}${'}'.repeat(100)}`],
  ])('rejects %s with its position', (_name, text) => {
    expect(() => parse(text)).toThrow(BoundedJsonError);
    expect(() => parse(text)).toThrow(/^not valid JSON at position \d+: /);
  });
});

describe('parseBoundedJson: what jobs write that JSON.parse cannot take', () => {
  test.each([
    ['NaN', 'NaN'],
    ['Infinity', 'Infinity'],
    ['-Infinity', '-Infinity'],
    ['an overflow', '1e400'],
    ['a negative overflow', '-1e400'],
    ['an integer beyond 2^53', '9007199254740993'],
    ['a negative integer beyond 2^53', '-123456789012345678901234567890'],
  ])('%s is kept as the string of its text', (_name, token) => {
    const parsed = parse(`{"x": ${token}, "y": [${token}], "ok": 1}`);
    expect(parsed.value).toEqual({ x: token, y: [token], ok: 1 });
    expect(parsed.unrepresentable).toEqual([token, token]);
    expect(JSON.parse(JSON.stringify(parsed.value))).toEqual(parsed.value);
  });

  test('numbers a double holds are numbers (2^53 - 1, 1e308, 1.5, -0.0, 1e-400)', () => {
    const parsed = parse('[9007199254740991, 1e308, 1.5, -0.0, 1e-400, 12345678901234567890.5]');
    expect(parsed.unrepresentable).toEqual([]);
    expect((parsed.value as number[]).every((n) => typeof n === 'number')).toBe(true);
  });

  test.each(['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf'])(
    'the key %s is plain data, at the top and nested; no prototype changes',
    (key) => {
      const text = `{"${key}": {"polluted": true}, "nested": {"${key}": [1, {"${key}": 2}]}}`;
      const value = parse(text).value as Record<string, unknown>;
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect(Object.keys(value)).toEqual([key, 'nested']);
      expect(Object.getOwnPropertyDescriptor(value, key)?.value).toEqual({ polluted: true });
      expect(JSON.parse(JSON.stringify(value))).toEqual(JSON.parse(text));
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(JSON.stringify(value)).toBe(JSON.stringify(JSON.parse(text)));
    },
  );

  test('a duplicate key: the last one wins, as with JSON.parse', () => {
    expect(parse('{"a": 1, "a": 2}').value).toEqual({ a: 2 });
  });

  test.each([
    ['arrays', (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`],
    ['objects', (n: number) => `${'{"k":'.repeat(n)}1${'}'.repeat(n)}`],
    [
      'mixed, with strings holding brackets and escaped quotes',
      (n: number) => `${'[{"a":"]}[{\\"\\\\","b":'.repeat(n)}0${'}]'.repeat(n)}`,
    ],
  ])('nested %s of any depth: kept to the limit, deeper replaced by the marker', (_name, nest) => {
    for (const depth of [METRICS_MAX_DEPTH, METRICS_MAX_DEPTH + 1, 1_000, 100_000]) {
      const parsed = parse(`{"deep": ${nest(depth)}, "after": 1}`);
      const value = parsed.value as Record<string, unknown>;
      expect(value.after).toBe(1);
      // The top-level object is level 1: `deep` starts at level 2.
      expect(parsed.deepDropped).toBe(depth + 1 > METRICS_MAX_DEPTH ? 1 : 0);
      let level = 2;
      let item: unknown = value.deep;
      while (item !== null && typeof item === 'object') {
        item = Array.isArray(item) ? item[0] : Object.values(item).at(-1);
        level++;
      }
      expect(level).toBeLessThanOrEqual(METRICS_MAX_DEPTH + 1);
      if (parsed.deepDropped > 0) expect(item).toBe(depthMarker(METRICS_MAX_DEPTH));
      expect(() => JSON.stringify(value)).not.toThrow();
    }
  });
});
