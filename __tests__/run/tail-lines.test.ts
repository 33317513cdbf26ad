import fc from 'fast-check';
import { TailLines } from '../../src/run/tail-lines.js';

/** The obvious, unbounded reference: split everything, keep the end. */
function naiveTail(text: string, maxLines: number, maxChars: number): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.slice(-maxLines).map((line) => {
    const clean = line.endsWith('\r') ? line.slice(0, -1) : line;
    return clean.length > maxChars ? `${clean.slice(0, maxChars)}…` : clean;
  });
}

function feed(tail: TailLines, bytes: Buffer, cuts: number[]): void {
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    tail.push(bytes.subarray(from, cut));
    from = cut;
  }
  tail.push(bytes.subarray(from));
  tail.finish();
}

describe('TailLines', () => {
  test.each([
    { name: 'empty', chunks: [], lines: 3, expected: [] },
    { name: 'no final newline', chunks: ['a\nb'], lines: 3, expected: ['a', 'b'] },
    { name: 'keeps the last n', chunks: ['1\n2\n3\n4\n5\n'], lines: 2, expected: ['4', '5'] },
    {
      name: 'a line split across chunks',
      chunks: ['he', 'llo\nwor', 'ld\n'],
      lines: 5,
      expected: ['hello', 'world'],
    },
    {
      name: 'many lines in one chunk after a partial',
      chunks: ['old', '\n1\n2\n3\n'],
      lines: 2,
      expected: ['2', '3'],
    },
    { name: 'CRLF', chunks: ['a\r\nb\r\n'], lines: 5, expected: ['a', 'b'] },
    { name: 'empty lines count', chunks: ['a\n\n\n'], lines: 2, expected: ['', ''] },
    {
      name: 'long line is cut',
      chunks: ['x'.repeat(50), 'y'.repeat(50), '\nshort\n'],
      lines: 5,
      expected: [`${'x'.repeat(10)}…`, 'short'],
    },
    {
      name: 'a multi-byte character split across chunks',
      chunks: [Buffer.from('é\n').subarray(0, 1), Buffer.from('é\n').subarray(1)],
      lines: 5,
      expected: ['é'],
    },
  ])('$name', ({ chunks, lines, expected }) => {
    const tail = new TailLines(lines, 10);
    for (const chunk of chunks) tail.push(Buffer.from(chunk));
    tail.finish();
    expect(tail.lines()).toEqual(expected);
  });

  test('however the stream is cut into chunks, the tail is the last lines of the whole', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', 'é', '\n', '\r', '€'), maxLength: 300 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (text, maxLines, rawCuts) => {
          const bytes = Buffer.from(text, 'utf8');
          const cuts = rawCuts.map((cut) => cut % (bytes.length + 1));
          const tail = new TailLines(maxLines, 8);
          feed(tail, bytes, cuts);
          // Cuts inside a multi-byte character are fine: lines are decoded whole.
          expect(tail.lines()).toEqual(naiveTail(text, maxLines, 8));
        },
      ),
      { numRuns: 500 },
    );
  });

  test('memory is bounded: a 10 MB line without newline keeps a few KB', () => {
    const tail = new TailLines(3, 1000);
    for (let i = 0; i < 160; i++) tail.push(Buffer.alloc(64 * 1024, 0x61));
    tail.push(Buffer.from('\nlast\n'));
    expect(tail.lines()).toEqual([`${'a'.repeat(1000)}…`, 'last']);
  });

  test('the transform (a redactor) sees past the cut, so a secret straddling it is still masked', () => {
    const secret = 'SECRET-VALUE';
    const tail = new TailLines(1, 12, secret.length);
    tail.push(Buffer.from(`12345678${secret}tail\n`));
    // Without the slack, the line would be cut to "12345678SECR" before the redactor could recognise anything.
    expect(tail.lines((line) => line.split(secret).join('***'))).toEqual(['12345678***t…']);
  });

  test('pushLine adds a line of our own after what was printed', () => {
    const tail = new TailLines(3, 100);
    tail.push(Buffer.from('partial'));
    tail.pushLine('could not start');
    expect(tail.lines()).toEqual(['partial', 'could not start']);
  });
});
