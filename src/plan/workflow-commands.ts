/**
 * Keeping text that comes from a repository (file and folder names, ids, config values, messages that
 * quote them) from being read as a GitHub Actions workflow command when the orchestrator prints it.
 *
 * How the runner reads a step's stdout (actions/runner, ActionCommand.cs): line by line, and a line is
 * a command when, after leading whitespace, it starts with `::name …::`, or when it contains `##[name …]`
 * anywhere (the legacy form). The runner splits lines on CR and LF only; to be safe against any other
 * reader of the log, VT, FF, NEL (U+0085) and the Unicode line and paragraph separators are treated as
 * line breaks too, and never printed raw.
 *
 * A job's own output is not passed through here: what a training script prints is the script's business,
 * as in a `run:` step.
 */

// C0 and C1 controls except tab and LF, plus the Unicode line and paragraph separators.
// eslint-disable-next-line no-control-regex
const UNSAFE_EXCEPT_LF = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;
// The same plus tab and LF: nothing in a one-line name may break or shift the line.
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_NAME = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
// What .NET's String.TrimStart removes before the runner looks for `::` (char.IsWhiteSpace), and more.
const LEADING_COMMAND = /^[\s\u0085\u180e\u200b]*::/u;
const LEGACY_COMMAND = '##[';

const NAMED_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeChar(char: string): string {
  const named = NAMED_ESCAPES[char];
  if (named) return named;
  const code = char.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** True when `text` holds a control character or a line break of any kind (tab included). */
export function hasControlCharacters(text: string): boolean {
  UNSAFE_IN_NAME.lastIndex = 0;
  return UNSAFE_IN_NAME.test(text);
}

/**
 * A name or value shown inside one line: every control character and line break (tab and LF included)
 * written as a visible escape (`\n`, `\r`, `\t`, `\x1b`, `\u2028`), so it stays on its line and cannot
 * start a new one. Ordinary text, non-ASCII letters included, is unchanged.
 */
export function printable(text: string): string {
  return text.replace(UNSAFE_IN_NAME, escapeChar);
}

/**
 * One printed line that cannot be a workflow command: `##[` anywhere becomes `##\[`, and a line that
 * starts (after whitespace) with `::` gets a `\` before it. Lines without either are unchanged.
 */
export function neutralizeLine(line: string): string {
  let out = line.includes(LEGACY_COMMAND) ? line.replaceAll(LEGACY_COMMAND, '##\\[') : line;
  if (LEADING_COMMAND.test(out)) out = out.replace(/^([\s\u0085\u180e\u200b]*)::/u, '$1\\::');
  return out;
}

/**
 * Text the orchestrator prints (one line or several joined with LF, its own line separator): every other
 * control character and line break escaped visibly, then each line neutralized. No line of the result
 * starts (after whitespace) with `::` or contains `##[`, whatever names the text carries.
 */
export function commandSafeText(text: string): string {
  const escaped = text.replace(UNSAFE_EXCEPT_LF, escapeChar);
  if (!escaped.includes(LEGACY_COMMAND) && !escaped.includes('::')) return escaped;
  return escaped.split('\n').map(neutralizeLine).join('\n');
}

/** The same for a text that must stay one line (a group title): LF and tab escaped too. */
export function commandSafeLine(text: string): string {
  return neutralizeLine(printable(text));
}

/**
 * Whether a printed line would be read as a workflow command by the runner (or, conservatively, by any
 * reader that also breaks lines at VT, FF, NEL, U+2028 or U+2029): for tests and checks.
 */
export function isWorkflowCommandLine(line: string): boolean {
  return LEADING_COMMAND.test(line) || line.includes(LEGACY_COMMAND);
}

/** Splits printed output into lines the way the most eager reader would. */
export function physicalLines(output: string): string[] {
  return output.split(/\r\n|[\n\r\v\f\u0085\u2028\u2029]/);
}
