/**
 * Making text that jobs printed safe to show: terminal noise removed, and escaped for the place it
 * lands in (HTML, a Markdown table cell, a fenced block, a Mermaid chart). Job output is untrusted:
 * a log line may contain `</details>`, a backtick fence or `<script>`, and must never change the
 * structure of the page it is shown in.
 */

// CSI/OSC sequences (colours, cursor moves, hyperlinks) and the other C0/C1 controls except tab.
// The escape is factored out: with it inside each alternative the scan is several times slower.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Longest line kept anywhere we show job output; the log file has the rest. */
export const MAX_LINE_CHARS = 1000;

/**
 * One printable line: colour codes and control characters removed, a carriage-return progress bar
 * reduced to what the terminal would finally show, and at most `maxChars` characters (the middle of
 * a longer line is left out).
 */
export function cleanLine(line: string, maxChars = MAX_LINE_CHARS): string {
  // A huge line is cut first, so cleaning costs the same whatever a job printed.
  let text = line.length > maxChars * 4 ? elideMiddle(line, maxChars * 4) : line;
  if (text.includes('\u001b')) text = text.replace(ANSI, '');
  if (text.includes('\r')) {
    const cr = text.lastIndexOf('\r', text.length - 2);
    if (cr >= 0) text = text.slice(cr + 1);
    text = text.replace(/\r$/, '');
  }
  return elideMiddle(text.replace(CONTROL, ''), maxChars);
}

/**
 * At most `max` characters (UTF-16 units): a longer text keeps its beginning and its end around a
 * `…` (the start of a line says what it is, the end is often where the error is). Never splits a
 * surrogate pair.
 */
export function elideMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, Math.max(0, max));
  const headSize = Math.ceil((max - 1) / 2);
  let head = text.slice(0, headSize);
  let tail = text.slice(text.length - (max - 1 - headSize));
  // Counted in UTF-16 units (a bound on code points); a pair cut in half loses its orphan.
  if (isHighSurrogate(head.charCodeAt(head.length - 1))) head = head.slice(0, -1);
  if (isLowSurrogate(tail.charCodeAt(0))) tail = tail.slice(1);
  return `${head}…${max - 1 - headSize > 0 ? tail : ''}`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** The same by UTF-8 bytes: at most `maxBytes`, beginning and end kept around `…`. */
export function elideMiddleBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  const room = maxBytes - Buffer.byteLength('…');
  if (room <= 0) return '';
  const head = firstBytes(text, Math.ceil(room / 2));
  return head + '…' + lastBytes(text, room - Buffer.byteLength(head));
}

function firstBytes(text: string, maxBytes: number): string {
  let bytes = 0;
  let out = '';
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (bytes + size > maxBytes) break;
    bytes += size;
    out += char;
  }
  return out;
}

function lastBytes(text: string, maxBytes: number): string {
  const chars = Array.from(text);
  let bytes = 0;
  let start = chars.length;
  while (start > 0) {
    const size = Buffer.byteLength(chars[start - 1]);
    if (bytes + size > maxBytes) break;
    bytes += size;
    start -= 1;
  }
  return chars.slice(start).join('');
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** For text inside HTML (a `<summary>`): no tag or entity can be formed. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);
}

/**
 * For inline Markdown, including a table cell: HTML-escaped, Markdown punctuation that could start
 * emphasis, code, links or strike-through backslash-escaped, `|` escaped so it cannot split a cell,
 * and kept on one line.
 */
export function escapeMarkdownInline(text: string): string {
  return escapeHtml(cleanLine(text.replace(/\r?\n/g, ' ')))
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .trim();
}

/**
 * A backtick fence longer than any run of backticks in `content`, so no line of the content can
 * close the block early (CommonMark closes a fence only with a run at least as long).
 */
export function fenceFor(content: string): string {
  let longest = 0;
  for (const match of content.matchAll(/`+/g)) longest = Math.max(longest, match[0].length);
  return '`'.repeat(Math.max(3, longest + 1));
}

/** A fenced code block of `lines`, safe whatever they contain. */
export function fencedBlock(lines: readonly string[], info = 'text'): string {
  const content = lines.join('\n');
  const fence = fenceFor(content);
  return `${fence}${info}\n${content}\n${fence}`;
}

// Words that start a statement in a Mermaid gantt chart: a task named like one would be misread.
const MERMAID_KEYWORDS =
  /^(?:title|section|dateformat|axisformat|tickinterval|excludes|includes|todaymarker|inclusiveenddates|topaxis|weekday|weekend|displaymode|click|acctitle|accdescr)\b/i;

/**
 * A task or section name for a Mermaid gantt chart. Mermaid has no escaping for `:` (the
 * name/data separator), `#`, `;` or `%%`, so anything but letters, digits, `.`, `_`, `-` and
 * spaces becomes `_`.
 */
export function mermaidLabel(text: string, maxChars = 60): string {
  let label = cleanLine(text, maxChars)
    .replace(/[^A-Za-z0-9._ -]/g, '_')
    .replace(/\s+/g, ' ')
    .trim();
  if (label.length === 0) label = '_';
  if (MERMAID_KEYWORDS.test(label)) label = `job ${label}`;
  return label;
}
