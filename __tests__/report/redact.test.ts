import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import { ByteRedactor, MASK, Redactor, newRedactState } from '../../src/report/redact.js';

async function throughStream(redactor: Redactor, chunks: Buffer[]): Promise<string> {
  const out: Buffer[] = [];
  await pipeline(
    Readable.from(chunks),
    redactor.createStream(),
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        out.push(chunk);
        callback();
      },
    }),
  );
  return Buffer.concat(out).toString('utf8');
}

describe('Redactor', () => {
  test.each([
    [['hunter2'], 'password=hunter2!', `password=${MASK}!`],
    [['abc', 'abcdef'], 'xabcdefy abc', `x${MASK}y ${MASK}`],
    // GitHub's rule: every registered value is masked, whatever its length.
    [['ab'], 'ab is short but masked', `${MASK} is short but masked`],
    [['a'], 'banana', `b${MASK}n${MASK}n${MASK}`],
    // Overlapping and touching occurrences become one mask, as in GitHub's log.
    [['abc', 'bcd'], 'xabcdx', `x${MASK}x`],
    [['abc'], 'abcabc!', `${MASK}!`],
    [['aa'], 'aaaaa b', `${MASK} b`],
    // Whitespace-only values mask nothing; URL-encoded and JSON-escaped forms are masked.
    [['  ', '\t'], 'a b\tc', 'a b\tc'],
    [['p@ss word'], 'url=p%40ss%20word', `url=${MASK}`],
    [['line-one\nline-two'], 'got line-two here', `got ${MASK} here`],
    [['q"uote'], 'json: "q\\"uote"', `json: "${MASK}"`],
    [[], 'nothing registered', 'nothing registered'],
  ])('redact with %j', (secrets, text, expected) => {
    expect(new Redactor(secrets).redact(text)).toBe(expected);
  });

  test('redactData masks keys, nested strings and spelled-out numbers, and keeps colliding keys apart', () => {
    const redactor = new Redactor(['s3cret', '4242']);
    expect(
      redactor.redactData({ a: ['x s3cret', 1, null, 42424], s3cret: { b: true }, 's3cret ': 2 }),
    ).toEqual({
      a: [`x ${MASK}`, 1, null, MASK],
      [MASK]: { b: true },
      [`${MASK} `]: 2,
    });
    expect(redactor.redactData({ s3cret: 1, 's3cret\u0000': 2, x: { s3cret: 3 } })).toEqual({
      [MASK]: 1,
      [`${MASK}\u0000`]: 2,
      x: { [MASK]: 3 },
    });
    expect(new Redactor(['k']).redactData({ k: 1, kk: 2, [MASK]: 3 })).toEqual({
      [MASK]: 1,
      [`${MASK} (2)`]: 2,
      [`${MASK} (3)`]: 3,
    });
  });

  test('redactData keeps __proto__ as data and survives any depth', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": "s3cret"}, "constructor": 1}') as Record<
      string,
      unknown
    >;
    const out = new Redactor(['s3cret']).redactData(parsed);
    expect(Object.keys(out)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    let deep: unknown = 's3cret';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    let level = new Redactor(['s3cret']).redactData(deep);
    for (let i = 0; i < 100_000; i++) level = (level as unknown[])[0];
    expect(level).toBe(MASK);
  });

  test('a secret split across two writes is still masked in the stream', async () => {
    const redactor = new Redactor(['very-secret-token']);
    const text = await throughStream(redactor, [Buffer.from('key=very-sec'), Buffer.from('ret-token end\n')]);
    expect(text).toBe(`key=${MASK} end\n`);
  });

  test('a self-overlapping secret split across writes is masked where redact() masks it (regression)', async () => {
    const redactor = new Redactor(['aabbaa']);
    const bytes = Buffer.from('aabbaabbaabbaa!aabbaa');
    const streamed = await throughStream(redactor, [bytes.subarray(0, 10), bytes.subarray(10)]);
    // Overlapping occurrences are one mask, as in GitHub's log.
    expect(streamed).toBe(`${MASK}!${MASK}`);
    expect(streamed).toBe(redactor.redact(bytes.toString()));
  });

  test('a multi-byte character split across chunks passes through intact', async () => {
    const bytes = Buffer.from('température ✓ ok', 'utf8');
    const text = await throughStream(new Redactor(['secret-x']), [
      bytes.subarray(0, 5),
      bytes.subarray(5, 15),
      bytes.subarray(15),
    ]);
    expect(text).toBe('température ✓ ok');
  });

  test('property: however the output is split into writes, the stream masks exactly what redact() masks', async () => {
    const alphabet = fc.constantFrom('a', 'b', 'c', 'x', '\n', ' ');
    const secret = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), minLength: 3, maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(secret, { minLength: 1, maxLength: 3 }),
        fc.string({ unit: alphabet, maxLength: 80 }),
        fc.array(fc.nat(80), { maxLength: 6 }),
        async (secrets, filler, cuts) => {
          const redactor = new Redactor(secrets);
          const text = `${secrets.join(filler.slice(0, 3))}${filler}${secrets[0]}`;
          const bytes = Buffer.from(text, 'utf8');
          const points = [...new Set(cuts.map((cut) => Math.min(cut, bytes.length)))].sort((a, b) => a - b);
          const chunks = [0, ...points].map((start, i) =>
            bytes.subarray(start, [...points, bytes.length][i]),
          );
          const streamed = await throughStream(
            redactor,
            chunks.filter((chunk) => chunk.length > 0),
          );
          expect(streamed).toBe(redactor.redact(text));
          for (const value of secrets) expect(streamed.includes(value)).toBe(false);
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('property: any secrets, one character long included, mask exactly the characters they cover (model)', async () => {
    // The model: mark every character that some occurrence of some secret covers; each run of marked
    // characters becomes one mask (GitHub merges overlapping and touching matches the same way).
    const model = (text: string, secrets: string[]): string => {
      const covered = new Array<boolean>(text.length).fill(false);
      for (const secret of secrets)
        for (let i = text.indexOf(secret); i >= 0; i = text.indexOf(secret, i + 1))
          covered.fill(true, i, i + secret.length);
      let out = '';
      for (let i = 0; i < text.length; i++) {
        if (!covered[i]) out += text[i];
        else if (i === 0 || !covered[i - 1]) out += MASK;
      }
      return out;
    };
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'c'), minLength: 1, maxLength: 5 }), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'x', ' '), maxLength: 60 }),
        fc.array(fc.nat(60), { maxLength: 6 }),
        async (secrets, text, cuts) => {
          const redactor = new Redactor(secrets);
          const expected = model(text, secrets);
          expect(redactor.redact(text)).toBe(expected);
          const bytes = Buffer.from(text, 'utf8');
          const points = [...new Set(cuts.map((cut) => Math.min(cut, bytes.length)))].sort((a, b) => a - b);
          const chunks = [0, ...points]
            .map((start, i) => bytes.subarray(start, [...points, bytes.length][i]))
            .filter((chunk) => chunk.length > 0);
          expect(await throughStream(redactor, chunks)).toBe(expected);
        },
      ),
      { numRuns: 1500 },
    );
  });

  test.each([
    // [secrets, chunk, bytes held back]: only an end that begins some secret waits for the next chunk.
    [['very-secret'], 'plain output\n', ''],
    [['very-secret'], 'output ends with ver', 'ver'],
    [['very-secret'], 'output ends with v', 'v'],
    [['very-secret'], 'output ends with very-secre', 'very-secre'],
    // The earliest such end counts, whichever secret it begins.
    [['abcd', 'cdef'], 'xx abc', 'abc'],
    [['abcd', 'cdef'], 'xx bcd', 'cd'],
    [['aaaa'], 'baaaaaa', 'aaa'],
    // A one-character secret never waits: it is whole or absent.
    [['x'], 'ends with x', ''],
  ])('with %j, a chunk %j holds back %j', (secrets, chunk, held) => {
    const bytes = new ByteRedactor(new Redactor(secrets));
    const state = newRedactState();
    const { emit } = bytes.redactChunk(state, Buffer.from(chunk), false);
    expect(state.carry.toString()).toBe(held);
    const rest = bytes.redactChunk(state, Buffer.alloc(0), true).emit;
    expect(Buffer.concat([emit, rest]).toString()).toBe(new Redactor(secrets).redact(chunk));
  });

  test('a chunk with no secret and no secret beginning at its end is emitted as itself, not copied', () => {
    const bytes = new ByteRedactor(new Redactor(['very-secret-token', 'other-one']));
    const state = newRedactState();
    for (let i = 0; i < 3; i++) {
      const chunk = Buffer.from(`line ${i} of plain output\n`.repeat(1000));
      const { emit, count } = bytes.redactChunk(state, chunk, false);
      expect(count).toBe(0);
      expect(emit.buffer).toBe(chunk.buffer);
      expect(emit.byteOffset).toBe(chunk.byteOffset);
      expect(emit.length).toBe(chunk.length);
      expect(state.carry.length).toBe(0);
    }
  });

  test('property: secrets that overlap or begin one another, chunks that are a secret or cut through one (model)', async () => {
    const model = (text: string, secrets: string[]): string => {
      const covered = new Array<boolean>(text.length).fill(false);
      for (const secret of secrets)
        for (let i = text.indexOf(secret); i >= 0; i = text.indexOf(secret, i + 1))
          covered.fill(true, i, i + secret.length);
      let out = '';
      for (let i = 0; i < text.length; i++) {
        if (!covered[i]) out += text[i];
        else if (i === 0 || !covered[i - 1]) out += MASK;
      }
      return out;
    };
    const base = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), minLength: 2, maxLength: 8 });
    await fc.assert(
      fc.asyncProperty(
        base,
        fc.array(fc.tuple(fc.nat(7), fc.nat(7)), { minLength: 0, maxLength: 3 }),
        // Pieces of the output: a secret, a prefix or a suffix of one, or filler; each may be a chunk of its own.
        fc.array(
          fc.tuple(
            fc.constantFrom('secret', 'prefix', 'suffix', 'filler'),
            fc.nat(7),
            fc.nat(7),
            fc.boolean(),
          ),
          { maxLength: 12 },
        ),
        async (root, derived, pieces) => {
          // Secrets that begin, end or overlap one another: slices of one root string, and the root.
          const secrets = [root, ...derived.map(([a, b]) => root.slice(Math.min(a, b), Math.max(a, b) + 1))];
          const redactor = new Redactor(secrets);
          const registered = redactor.secrets;
          const chunks: string[] = [''];
          for (const [kind, which, length, own] of pieces) {
            const secret = registered[which % registered.length];
            const text =
              kind === 'secret'
                ? secret
                : kind === 'prefix'
                  ? secret.slice(0, length % secret.length)
                  : kind === 'suffix'
                    ? secret.slice(secret.length - (length % secret.length))
                    : 'x\n'.slice(0, 1 + (length % 2));
            if (own) chunks.push(text, '');
            else chunks[chunks.length - 1] += text;
          }
          const text = chunks.join('');
          const expected = model(text, [...registered]);
          expect(redactor.redact(text)).toBe(expected);
          const streamed = await throughStream(
            redactor,
            chunks.filter((chunk) => chunk.length > 0).map((chunk) => Buffer.from(chunk)),
          );
          expect(streamed).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('ByteRedactor counts what it masks and keeps only a bounded carry', () => {
    const bytes = new ByteRedactor(new Redactor(['0123456789']));
    const big = Buffer.alloc(1 << 20, 'a');
    const state = newRedactState();
    const { count } = bytes.redactChunk(state, Buffer.concat([big, Buffer.from('0123456789')]), false);
    expect(count).toBe(1);
    expect(state.carry.length).toBeLessThan(10);
    // A mask that runs on across chunks (a one-character secret repeated) keeps the carry bounded too.
    const one = new ByteRedactor(new Redactor(['a', 'aaaa']));
    const running = newRedactState();
    const emitted: Buffer[] = [];
    for (let i = 0; i < 64; i++) {
      emitted.push(one.redactChunk(running, Buffer.alloc(1 << 16, 'a'), false).emit);
      expect(running.carry.length).toBeLessThan(4);
    }
    emitted.push(one.redactChunk(running, Buffer.from('b'), true).emit);
    expect(Buffer.concat(emitted).toString()).toBe(`${MASK}b`);
  });
});
