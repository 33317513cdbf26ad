import { isCollection, isScalar, LineCounter, parseDocument, visit } from 'yaml';
import { InputError } from '../model/types.js';
import { MAX_CONFIG_ALIASES } from './defaults.js';
import type { ParsedConfigText } from './json-config.js';
import { checkYamlShape } from './yaml-guard.js';
import { YamlLocator } from './yaml-location.js';

// The YAML path of config.ts, in a module of its own: config.ts loads it (and the yaml package) with import()
// only for a config that is not JSON, so a JSON config or none never compiles the parser.

/**
 * The YAML path: the shape guard (nesting, alias count) runs before the parser, collection keys and
 * duplicate keys are refused before conversion, and aliases are expanded with a cap.
 */
export function parseYaml(text: string, body: string, file: string): ParsedConfigText {
  checkYamlShape(text, file);
  const lineCounter = new LineCounter();
  const document = parseDocument(body, {
    lineCounter,
    prettyErrors: false,
    // Checked below in one pass: the parser's own check compares every key with every other.
    uniqueKeys: false,
    logLevel: 'error',
  });
  const locator = new YamlLocator(document, lineCounter, file);
  const syntaxError = document.errors[0];
  if (syntaxError) {
    const where = locator.at(syntaxError.pos[0]);
    throw new InputError(where, `${where}: invalid YAML: ${firstLine(syntaxError.message)}`);
  }
  checkNodes(document, locator);
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_CONFIG_ALIASES });
  } catch (error) {
    throw new InputError(file, `${file}: the YAML cannot be read: ${firstLine((error as Error).message)}.`);
  }
  return { locator, value };
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Keys must be plain scalars, once per mapping (YAML allows lists as keys and duplicates, a config does
 * not), and every alias must have its anchor before it.
 */
function checkNodes(document: ReturnType<typeof parseDocument>, locator: YamlLocator): void {
  visit(document, {
    Alias(_key, alias) {
      if (!alias.resolve(document)) {
        const where = locator.at(alias.range?.[0] ?? 0);
        throw new InputError(
          where,
          `${where}: the alias *${alias.source} has no anchor &${alias.source} before it.`,
        );
      }
    },
    Map(_key, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = pair.key;
        const offset = isScalar(key) || isCollection(key) ? (key.range?.[0] ?? 0) : 0;
        if (!isScalar(key)) {
          const where = locator.at(offset);
          throw new InputError(where, `${where}: a key must be a plain name, not a list or mapping.`);
        }
        const name = String(key.value);
        if (seen.has(name)) {
          const where = locator.at(offset);
          throw new InputError(where, `${where}: duplicate key '${name}'.`);
        }
        seen.add(name);
      }
    },
  });
}
