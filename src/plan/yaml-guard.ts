import { Lexer } from 'yaml';
import { InputError } from '../model/types.js';
import { MAX_CONFIG_ALIASES, MAX_CONFIG_NESTING } from './defaults.js';
import { checkConfigSize } from './config-size.js';

export { checkConfigSize };

/**
 * Refuses YAML that would make the parser slow or exhaust memory, before it is parsed: files over
 * MAX_CONFIG_BYTES, nesting deeper than MAX_CONFIG_NESTING (the yaml package recurses per level; some
 * shapes take seconds or abort the process at a few hundred levels) and more than MAX_CONFIG_ALIASES
 * aliases (each is resolved by a scan of the document; many aliases are an alias bomb). The lexer is
 * linear and stops at the first violation, so even a hostile 1 MiB file is refused in milliseconds.
 */
export function checkYamlShape(text: string, file: string): void {
  checkConfigSize(text, file);
  let line = 1;
  let flowDepth = 0;
  // The block depth where the outermost flow collection opened: inside `[…]`/`{…}` only brackets nest,
  // `:` `-` `?` are separators there, and line breaks and indentation carry no structure.
  let flowBase = 0;
  let lineIndicators = 0;
  let aliases = 0;
  let atLineStart = true;
  const indents: number[] = [];
  for (const token of new Lexer().lex(text)) {
    if (/^[\r\n]+$/.test(token)) {
      line += countNewlines(token);
      lineIndicators = 0;
      atLineStart = true;
      continue;
    }
    if (atLineStart) {
      atLineStart = false;
      // On a continuation line of a flow collection the indentation is layout, not nesting.
      if (flowDepth === 0) {
        const indent = /^ +$/.test(token) ? token.length : 0;
        while (indents.length > 0 && indents[indents.length - 1] >= indent) indents.pop();
        indents.push(indent);
      }
    }
    const first = token[0];
    if (token === '[' || token === '{') {
      if (flowDepth === 0) flowBase = indents.length + lineIndicators;
      flowDepth++;
    } else if (token === ']' || token === '}') flowDepth = Math.max(0, flowDepth - 1);
    else if (token === '-' || token === '?' || token === ':') {
      if (flowDepth === 0) lineIndicators++;
    } else if (first === '*') aliases++;
    else if (token.length > 1 && first !== '#') line += countNewlines(token);

    const depth = flowDepth > 0 ? flowBase + flowDepth : indents.length + lineIndicators;
    if (depth > MAX_CONFIG_NESTING) {
      throw new InputError(
        `${file}:${line}`,
        `${file}:${line}: the YAML is nested more than ${MAX_CONFIG_NESTING} levels deep; a job config never needs that.`,
      );
    }
    if (aliases > MAX_CONFIG_ALIASES) {
      throw new InputError(
        `${file}:${line}`,
        `${file}:${line}: more than ${MAX_CONFIG_ALIASES} YAML aliases (*name); refused as a possible alias bomb.`,
      );
    }
  }
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) count++;
  }
  return count;
}
