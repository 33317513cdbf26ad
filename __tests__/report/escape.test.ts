import {
  cleanLine,
  elideMiddle,
  elideMiddleBytes,
  escapeHtml,
  escapeMarkdownInline,
  fenceFor,
  mermaidLabel,
} from '../../src/report/escape.js';

describe('cleanLine', () => {
  test.each([
    ['plain', 'plain'],
    ['\u001b[1;31mred\u001b[0m', 'red'],
    ['\u001b]8;;https://x\u0007link\u001b]8;;\u0007', 'link'],
    ['10%\r50%\r100%', '100%'],
    ['windows line\r', 'windows line'],
    ['bell\u0007 and nul\u0000', 'bell and nul'],
    ['tab\tkept', 'tab\tkept'],
  ])('%j → %j', (input, output) => {
    expect(cleanLine(input)).toBe(output);
  });

  test('a long line keeps its beginning and end', () => {
    const line = `START ${'x'.repeat(50_000)} END`;
    const clean = cleanLine(line, 100);
    expect(clean).toHaveLength(100);
    expect(clean.startsWith('START')).toBe(true);
    expect(clean.endsWith('END')).toBe(true);
    expect(clean).toContain('…');
  });
});

describe('elideMiddle / elideMiddleBytes', () => {
  test('never splits a surrogate pair', () => {
    const text = '🚀'.repeat(100);
    for (let max = 1; max < 20; max += 1) {
      const out = elideMiddle(text, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    }
  });

  test('fits the byte budget with multi-byte characters', () => {
    const text = 'é🚀a'.repeat(1000);
    for (const max of [3, 10, 57, 1000]) {
      const out = elideMiddleBytes(text, max);
      expect(Buffer.byteLength(out)).toBeLessThanOrEqual(max);
      expect(out).not.toContain('\ufffd');
    }
  });
});

describe('escaping', () => {
  test('escapeHtml', () => {
    expect(escapeHtml(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
  });

  test.each([
    ['a | b', 'a \\| b'],
    ['<script>', '&lt;script&gt;'],
    ['*bold* _it_ `code` [link](x) ~~s~~', '\\*bold\\* \\_it\\_ \\`code\\` \\[link\\](x) \\~\\~s\\~\\~'],
    ['two\nlines', 'two lines'],
    ['back\\slash', 'back\\\\slash'],
  ])('escapeMarkdownInline %j', (input, output) => {
    expect(escapeMarkdownInline(input)).toBe(output);
  });

  test.each([
    ['', '```'],
    ['no ticks', '```'],
    ['``', '```'],
    ['```', '````'],
    ['a ````` b ``', '``````'],
  ])('fenceFor %j', (content, fence) => {
    expect(fenceFor(content)).toBe(fence);
  });

  test.each([
    ['als', 'als'],
    ['train_x.v2-b', 'train_x.v2-b'],
    ['a:b;c#d%%e', 'a_b_c_d__e'],
    ['title', 'job title'],
    ['Section 1', 'job Section 1'],
    ['dateFormat', 'job dateFormat'],
    ['', '_'],
    ['line\nbreak', 'line_break'],
  ])('mermaidLabel %j → %j', (input, output) => {
    expect(mermaidLabel(input)).toBe(output);
  });
});
