import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import { ByteRedactor, MASK, Redactor } from '../../src/report/redact.js';

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
    [['ab'], 'ab is too short to mask', 'ab is too short to mask'],
    [['line-one\nline-two'], 'got line-two here', `got ${MASK} here`],
    [['q"uote'], 'json: "q\\"uote"', `json: "${MASK}"`],
    [[], 'nothing registered', 'nothing registered'],
  ])('redact with %j', (secrets, text, expected) => {
    expect(new Redactor(secrets).redact(text)).toBe(expected);
  });

  test('redactValue masks keys and nested strings, leaves other values', () => {
    const redactor = new Redactor(['s3cret']);
    expect(redactor.redactValue({ a: ['x s3cret', 1, null], s3cret: { b: true } })).toEqual({
      a: [`x ${MASK}`, 1, null],
      [MASK]: { b: true },
    });
  });

  test('a secret split across two writes is still masked in the stream', async () => {
    const redactor = new Redactor(['very-secret-token']);
    const text = await throughStream(redactor, [Buffer.from('key=very-sec'), Buffer.from('ret-token end\n')]);
    expect(text).toBe(`key=${MASK} end\n`);
  });

  test('a self-overlapping secret split across writes is masked where redact() masks it (regression)', async () => {
    const redactor = new Redactor(['aabbaa']);
    const bytes = Buffer.from('aabbaabbaabbaa');
    const streamed = await throughStream(redactor, [bytes.subarray(0, 10), bytes.subarray(10)]);
    expect(streamed).toBe(`${MASK}bb${MASK}`);
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

  test('ByteRedactor counts what it masks and keeps only a bounded carry', () => {
    const bytes = new ByteRedactor(new Redactor(['0123456789']));
    const big = Buffer.alloc(1 << 20, 'a');
    const { carry, count } = bytes.redactChunk(
      Buffer.alloc(0),
      Buffer.concat([big, Buffer.from('0123456789')]),
      false,
    );
    expect(count).toBe(1);
    expect(carry.length).toBeLessThan(10);
  });
});
