import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../model/types.js';
import { schemaErrorToInputError } from './config-errors.js';
import { DEFAULT_CONFIG_PATH, MAX_CONFIG_BYTES } from './defaults.js';
import { quoteValue } from './input-values.js';
import { resolveInside } from './path-safety.js';
import { escapeReason, isReallyInside } from './real-path.js';
import { convertConfig, type RawConfig } from './config-convert.js';
import type { ConfigValidateFunction } from './config-validator.generated.js';
import type { LoadedConfig } from './config-types.js';
import { readJsonConfig } from './json-config.js';
import { checkConfigSize } from './config-size.js';

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
 * other text by the YAML path (parseYaml in yaml-config.ts, loaded only then); only then is the schema (its generated validator) applied.
 */
export async function parseConfig(
  text: string,
  source: { path: string; file: string },
  workingDirectory: string,
): Promise<LoadedConfig> {
  const { file } = source;
  checkConfigSize(text, file);
  const body = text.replace(/^\uFEFF/, '');
  // The YAML parser (a third of the CLI's code) is loaded only for a config that is not JSON.
  const { locator, value: parsed } =
    readJsonConfig(body, file) ?? (await import('./yaml-config.js')).parseYaml(text, body, file);
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

let validator: Promise<ConfigValidateFunction> | undefined;

/**
 * The schema's validator, compiled at build time by scripts/generate-config-validator.mjs (ajv standalone
 * code, so ajv is never imported at run time) and loaded on first use: runs without a config never load it.
 */
export function configValidator(): Promise<ConfigValidateFunction> {
  validator ??= import('./config-validator.generated.js').then((module) => module.validate);
  return validator;
}
