import { EchoLines } from '../../src/run/echo-lines.js';

function echo(chunks: (string | Buffer)[], limitBytes = 1000, maxLineBytes = 100): string[] {
  const out: string[] = [];
  const lines = new EchoLines({
    limitBytes,
    maxLineBytes,
    emit: (text) => out.push(text),
    notice: '… truncated',
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
});
