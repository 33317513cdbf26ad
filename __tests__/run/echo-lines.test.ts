import fc from 'fast-check';
import { EchoLines } from '../../src/run/echo-lines.js';

function echo(
  chunks: (string | Buffer)[],
  limitBytes = 1000,
  maxLineBytes = 100,
  readLimitBytes?: number,
): string[] {
  const out: string[] = [];
  const lines = new EchoLines({
    limitBytes,
    maxLineBytes,
    emit: (text) => out.push(text),
    notice: '… truncated',
    readLimitBytes,
    readNotice: '… read enough',
    redact: (text) => text.replace(/hunter2/g, '***'),
  });
  for (const chunk of chunks) lines.push(Buffer.from(chunk));
  lines.finish();
  return out;
}

describe('EchoLines', () => {
  test.each([
    { name: 'whole lines only', chunks: ['a\nb', 'c\n'], expected: ['a', 'bc'] },
    { name: 'several lines in one event', chunks: ['a\nb\nc\n'], expected: ['a\nb\nc'] },
    { name: 'an unfinished last line at the end', chunks: ['a\nb'], expected: ['a', 'b'] },
    {
      name: 'a secret split across chunks is masked',
      chunks: ['pass: hun', 'ter2\n'],
      expected: ['pass: ***'],
    },
    { name: 'CRLF', chunks: ['a\r\nb\r', '\n'], expected: ['a', 'b'] },
    { name: 'a progress bar shows its last state', chunks: ['10%\r50%', '\r100%\n'], expected: ['100%'] },
    { name: 'a lone \\r read on its own, then the newline', chunks: ['abc', '\r', '\n'], expected: ['abc'] },
    {
      name: 'the limit cuts at a line boundary, then one notice',
      chunks: ['aaaa\nbbbb\ncccc\n', 'dddd\n'],
      limit: 12,
      expected: ['aaaa\nbbbb', '… truncated'],
    },
    {
      name: 'a first line larger than the limit: only the notice',
      chunks: ['x'.repeat(50) + '\n'],
      limit: 10,
      expected: ['… truncated'],
    },
    {
      name: 'a long line without newline is echoed in pieces',
      chunks: ['y'.repeat(150)],
      maxLine: 100,
      expected: ['y'.repeat(150)],
    },
    { name: 'empty line', chunks: ['\n'], expected: [''] },
  ])('$name', ({ chunks, limit, maxLine, expected }) => {
    expect(echo(chunks, limit ?? 1000, maxLine ?? 100)).toEqual(expected);
  });

  test('a long line without newline does not wait for the end', () => {
    const out: string[] = [];
    const lines = new EchoLines({
      limitBytes: 1000,
      maxLineBytes: 100,
      emit: (t) => out.push(t),
      notice: '!',
      redact: (t) => t,
    });
    lines.push(Buffer.alloc(150, 0x7a));
    expect(out).toEqual(['z'.repeat(150)]);
  });

  test('nothing after the notice', () => {
    expect(echo(['aaaa\n', 'bbbb\n', 'cccc\n', 'dddd\n'], 10)).toEqual(['aaaa', 'bbbb', '… truncated']);
  });

  test('a progress bar redrawn with \\r only is read up to 64 times the cap, then one notice', () => {
    const bar = Array.from({ length: 1000 }, (_, i) => `\r${i}%`).join('');
    expect(echo([`first\n${bar}\nnever`], 10, 100, 640)).toEqual(['first', '… read enough']);
    // Lines completed within the read limit are echoed, whatever the chunks.
    expect(echo(['a\n', 'b\r'.repeat(400), '\nc\n'], 10, 100, 640)).toEqual(['a', '… read enough']);
    expect(echo(['a\n', 'b\r'.repeat(10), '\nc\n'], 10, 100, 640).join('\n')).toBe('a\nb\nc');
  });

  test("however the output is cut into chunks (a pipe's reads, a file's blocks), the echo is the same", () => {
    const split = (bytes: Buffer, rawCuts: number[]): Buffer[] => {
      const cuts = [...new Set(rawCuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
      const chunks: Buffer[] = [];
      let from = 0;
      for (const cut of [...cuts, bytes.length]) {
        chunks.push(bytes.subarray(from, cut));
        from = cut;
      }
      return chunks;
    };
    const lines = (chunks: Buffer[], limit: number, readLimit: number) =>
      echo(chunks, limit, 10_000, readLimit).flatMap((text) => text.split('\n'));
    // Progress bars and the read limit (the cap of shown bytes out of reach).
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'é', '\n', '\r'), maxLength: 300 }),
        fc.integer({ min: 1, max: 400 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (text, readLimit, rawCuts) => {
          const bytes = Buffer.from(text, 'utf8');
          expect(lines(split(bytes, rawCuts), 1e6, readLimit)).toEqual(lines([bytes], 1e6, readLimit));
        },
      ),
      { numRuns: 1000 },
    );
    // Both limits, lines without '\r'.
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'é', '\n'), maxLength: 300 }),
        fc.integer({ min: 1, max: 200 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (text, limit, rawCuts) => {
          const bytes = Buffer.from(text, 'utf8');
          expect(lines(split(bytes, rawCuts), limit, 4 * limit)).toEqual(lines([bytes], limit, 4 * limit));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
