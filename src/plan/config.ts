import fs from 'node:fs';
import path from 'node:path';
import { isCollection, isScalar, LineCounter, parseDocument, visit } from 'yaml';
import { InputError } from '../model/types.js';
import { schemaErrorToInputError } from './config-errors.js';
import { DEFAULT_CONFIG_PATH, MAX_CONFIG_ALIASES, MAX_CONFIG_BYTES } from './defaults.js';
import { quoteValue } from './input-values.js';
import { resolveInside } from './path-safety.js';
import { escapeReason, isReallyInside } from './real-path.js';
import { convertConfig, type RawConfig } from './config-convert.js';
import type { ConfigValidateFunction } from './config-validator.generated.js';
import type { LoadedConfig } from './config-types.js';
import { readJsonConfig, type ParsedConfigText } from './json-config.js';
import { checkConfigSize, checkYamlShape } from './yaml-guard.js';
import { YamlLocator } from './yaml-location.js';

export type {
  ConfigDefaults,
  ConfigDiscovery,
  ConfigJob,
  ConfigJobKey,
  LoadedConfig,
  SweepSpec,
  SweepValue,
} from './config-types.js';

/**
 * Reads the config: `configSetting` (relative to the working directory), or when that is undefined
 * `.github/training-jobs.yml` if it exists (undefined otherwise). A missing, unreadable, oversized,
 * malformed or invalid file is an InputError naming the file (and the line and key when it can).
 */
export async function loadConfig(
  workingDirectory: string,
  configSetting: string | undefined,
): Promise<LoadedConfig | undefined> {
  const absolute = path.resolve(workingDirectory, configSetting ?? DEFAULT_CONFIG_PATH);
  const file = displayPath(workingDirectory, absolute);
  refuseOutside(workingDirectory, absolute, file);
  let text: string;
  try {
    const stats = await fs.promises.stat(absolute);
    if (!stats.isFile()) {
      throw new InputError(
        'config',
        `Invalid config ${quoteValue(file)}. Expected a YAML file, not a folder.`,
      );
    }
    if (stats.size > MAX_CONFIG_BYTES) {
      throw new InputError(
        file,
        `${file}: the config file is ${stats.size} bytes; at most ${MAX_CONFIG_BYTES} bytes are accepted.`,
      );
    }
    text = await fs.promises.readFile(absolute, 'utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (configSetting === undefined && code === 'ENOENT') return undefined;
    throw new InputError(
      'config',
      code === 'ENOENT'
        ? `Invalid config ${quoteValue(file)}: the file does not exist (paths are relative to ${workingDirectory}).`
        : `Invalid config ${quoteValue(file)}: it cannot be read (${(error as Error).message}).`,
    );
  }
  return parseConfig(text, { path: absolute, file }, workingDirectory);
}

/**
 * A config outside the working directory, as text or through a symbolic link (the file itself, or a
 * folder on the way such as a linked `.github`), is refused before anything is read: its content never
 * reaches an error message, and a repository cannot make the run read a file of the runner's.
 */
function refuseOutside(workingDirectory: string, absolute: string, file: string): void {
  const reason = !resolveInside(workingDirectory, absolute)
    ? 'it is outside the working directory'
    : !isReallyInside(workingDirectory, absolute)
      ? escapeReason(workingDirectory, absolute)
      : undefined;
  if (reason === undefined) return;
  throw new InputError(
    'config',
    `Invalid config ${quoteValue(file)}: ${reason}; it is not read. Expected a YAML file inside the working ` +
      `directory ${workingDirectory}.`,
  );
}

function displayPath(workingDirectory: string, absolute: string): string {
  const inside = resolveInside(workingDirectory, absolute);
  return inside ? inside.relative : absolute;
}

/**
 * Parses and validates config text. Order matters for speed and safety: the size cap first; then a config
 * that is a JSON object is read by the JSON reader (linear, and it builds what the YAML parser would), any
 * other text by the YAML path (see parseYaml); only then is the schema (its generated validator) applied.
 */
export async function parseConfig(
  text: string,
  source: { path: string; file: string },
  workingDirectory: string,
): Promise<LoadedConfig> {
  const { file } = source;
  checkConfigSize(text, file);
  const body = text.replace(/^\uFEFF/, '');
  const { locator, value: parsed } = readJsonConfig(body, file) ?? parseYaml(text, body, file);
  const value = parsed ?? {};
  const validate = await configValidator();
  if (!validate(value)) {
    const [first] = validate.errors ?? [];
    if (first) throw schemaErrorToInputError(first, locator);
    throw new InputError(file, `${file}: the config does not match schemas/config.schema.json.`);
  }
  // The schema has just proven this shape.
  return convertConfig(value as RawConfig, source, locator, workingDirectory);
}

/**
 * The YAML path: the shape guard (nesting, alias count) runs before the parser, collection keys and
 * duplicate keys are refused before conversion, and aliases are expanded with a cap.
 */
function parseYaml(text: string, body: string, file: string): ParsedConfigText {
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

let validator: Promise<ConfigValidateFunction> | undefined;

/**
 * The schema's validator, compiled at build time by scripts/generate-config-validator.mjs (ajv standalone
 * code, so ajv is never imported at run time) and loaded on first use: runs without a config never load it.
 */
export function configValidator(): Promise<ConfigValidateFunction> {
  validator ??= import('./config-validator.generated.js').then((module) => module.validate);
  return validator;
}
