import fc from 'fast-check';
import { Redactor } from '../../src/report/redact.js';
import { TailLines, type Mask } from '../../src/run/tail-lines.js';

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * The obvious, unbounded reference: the window is the stream's last `maxLines × (4 × maxChars + 2)` bytes;
 * split it, show what follows each line's last '\r' (a final one aside), keep the last `maxLines`. A line that
 * started before the window shows its last `maxChars` characters, after '…'; others their first, before '…'.
 */
function naiveTail(bytes: Buffer, maxLines: number, maxChars: number): string[] {
  const start = Math.max(0, bytes.length - maxLines * (maxChars * 4 + 2));
  const startsLine = start === 0 || bytes[start - 1] === NEWLINE;
  const parts: Buffer[] = [];
  let from = start;
  for (let at = bytes.indexOf(NEWLINE, from); at >= 0; at = bytes.indexOf(NEWLINE, from)) {
    parts.push(bytes.subarray(from, at));
    from = at + 1;
  }
  if (from < bytes.length) parts.push(bytes.subarray(from));
  return parts
    .map((part, index) => {
      const line = part.at(-1) === CARRIAGE_RETURN ? part.subarray(0, -1) : part;
      const cr = line.lastIndexOf(CARRIAGE_RETURN);
      const shown = line.subarray(cr + 1);
      if (index === 0 && !startsLine && cr < 0) {
        let skip = 0;
        while (skip < 3 && skip < shown.length && (shown[skip] & 0xc0) === 0x80) skip++;
        const text = shown.toString('utf8', skip);
        return `…${text.slice(-Math.min(text.length, maxChars))}`;
      }
      const text = shown.toString('utf8');
      return text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
    })
    .slice(-maxLines);
}

/** A redactor's mask, as JobOutput passes it. */
function masking(redactor: Redactor): Mask {
  return (text, from, to) => redactor.redactRange(text, from, to);
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

  test('however the stream is cut into chunks, the tail is the last lines of its last bytes', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', 'é', '\n', '\r', '€', '😀'), maxLength: 300 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (text, maxLines, maxChars, rawCuts) => {
          const bytes = Buffer.from(text, 'utf8');
          const cuts = rawCuts.map((cut) => cut % (bytes.length + 1));
          const tail = new TailLines(maxLines, maxChars);
          feed(tail, bytes, cuts);
          // Cuts inside a multi-byte character are fine: lines are decoded whole.
          expect(tail.lines()).toEqual(naiveTail(bytes, maxLines, maxChars));
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('read from its end only (what came before skipped), the tail is the same as read whole', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'é', '\n', '\r', '€'), maxLength: 400 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.nat(),
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.nat({ max: 30 }),
        (text, maxLines, maxChars, rawFrom, rawCuts, slack) => {
          const bytes = Buffer.from(text, 'utf8');
          const whole = new TailLines(maxLines, maxChars, slack);
          feed(whole, bytes, []);
          // Any start at or before the window and the byte before it: the log follower reads exactly those.
          const latest = Math.max(0, bytes.length - whole.windowBytes - 1);
          const from = rawFrom % (latest + 1);
          const end = new TailLines(maxLines, maxChars);
          end.skip(from);
          feed(
            end,
            bytes.subarray(from),
            rawCuts.map((cut) => cut % (bytes.length - from + 1)),
          );
          expect(end.lines()).toEqual(whole.lines());
        },
      ),
      { numRuns: 1000 },
    );
  });

  test.each([
    { name: 'no newline at all', text: `${'x'.repeat(200)}`, expected: [`…${'x'.repeat(10)}`] },
    {
      name: 'a giant last line after short ones',
      text: `one\ntwo\n${'y'.repeat(200)}`,
      expected: [`…${'y'.repeat(10)}`],
    },
    {
      name: 'a giant line among short ones',
      text: `old\n${'y'.repeat(200)}end\n1\n2\n`,
      expected: [`…${'y'.repeat(7)}end`, '1', '2'],
    },
    {
      name: 'a progress bar redrawn with \\r only: its last state',
      text: Array.from({ length: 100 }, (_, i) => `\r${i}%`).join(''),
      expected: ['99%'],
    },
    {
      name: 'a progress bar, then a newline and more',
      text: `${Array.from({ length: 100 }, (_, i) => `\r${i}%`).join('')}\r\ndone\n`,
      expected: ['99%', 'done'],
    },
    { name: 'CRLF and a lone final CR', text: 'a\r\nb\r', expected: ['a', 'b'] },
    {
      name: 'a line whose last state is longer than the cap',
      text: `1%\r${'z'.repeat(30)}\n`,
      expected: [`${'z'.repeat(10)}…`],
    },
  ])('$name', ({ text, expected }) => {
    // Window: 3 lines of 10 characters, 126 bytes.
    const tail = new TailLines(3, 10);
    feed(tail, Buffer.from(text, 'utf8'), [7, 64, 65, 150]);
    expect(tail.lines()).toEqual(expected);
  });

  test('memory is bounded: a 10 MB line without newline keeps a few KB, and shows its end', () => {
    const tail = new TailLines(3, 1000);
    for (let i = 0; i < 160; i++) tail.push(Buffer.alloc(64 * 1024, 0x61));
    tail.push(Buffer.from('b\nlast\n'));
    expect(tail.lines()).toEqual([`…${'a'.repeat(999)}b`, 'last']);
  });

  test('the redactor sees past the cut, so a secret straddling it is still masked', () => {
    const secret = 'SECRET-VALUE';
    const tail = new TailLines(1, 12, secret.length);
    tail.push(Buffer.from(`12345678${secret}tail\n`));
    // Without the slack, the line would be cut to "12345678SECR" before the redactor could recognise anything.
    expect(tail.lines(masking(new Redactor([secret])))).toEqual(['12345678***t…']);
  });

  test('a secret straddling the start of the window (a line that started before it) is masked', () => {
    const secret = 'SECRET-VALUE';
    const redactor = new Redactor([secret]);
    // Window: 2 × (4 × 5 + 2) = 44 bytes: the last `inside` bytes of the secret, a newline and 'z's.
    for (let inside = 1; inside < secret.length; inside++) {
      const tail = new TailLines(2, 5, secret.length);
      tail.push(Buffer.from(`${'x'.repeat(100)}${secret}\n${'z'.repeat(43 - inside)}`));
      tail.finish();
      expect(tail.lines(masking(redactor))).toEqual(['…***', 'zzzzz…']);
    }
    const tail = new TailLines(2, 5, secret.length);
    tail.push(Buffer.from(`${'x'.repeat(100)}${secret}yy\nend`));
    tail.finish();
    expect(tail.lines(masking(redactor))).toEqual(['…***yy', 'end']);
  });

  test('whatever the stream, its chunks and the window, no letter of a secret is shown (only its mask)', () => {
    const secret = 'SECRET';
    const redactor = new Redactor([secret]);
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'é', '\n', '\r', '€', secret), { maxLength: 120 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (pieces, maxLines, maxChars, rawCuts) => {
          const bytes = Buffer.from(pieces.join(''), 'utf8');
          const tail = new TailLines(maxLines, maxChars, secret.length);
          feed(
            tail,
            bytes,
            rawCuts.map((cut) => cut % (bytes.length + 1)),
          );
          for (const line of tail.lines(masking(redactor))) expect(line).not.toMatch(/[SECRT]/);
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('pushLine adds a line of our own after what was printed', () => {
    const tail = new TailLines(3, 100);
    tail.push(Buffer.from('partial'));
    tail.pushLine('could not start');
    expect(tail.lines()).toEqual(['partial', 'could not start']);
  });
});
