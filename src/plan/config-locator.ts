/**
 * What config conversion and error messages need from a parsed config file, whichever parser read it. Kept
 * apart from yaml-location.ts so that a JSON config (json-config.ts) never loads the YAML parser.
 */

/** A path into a parsed YAML document: map keys as strings, sequence indexes as numbers or digit strings. */
export type YamlPath = readonly (string | number)[];

/** A scalar as the config file holds it. */
export type ConfigScalar = string | number | boolean;

/**
 * What config conversion and error messages ask of a parsed config file: where values and keys are, as
 * `file:line`, the file's order of a mapping's keys, and the text a scalar stands for. Implemented over the
 * YAML parser's document (YamlLocator) and over the JSON reader's positions (json-config.ts).
 */
export interface ConfigLocator {
  /** The file as shown to the user (relative to the working directory when inside it). */
  readonly file: string;
  /** `file:line` of the value at `path`, or of its closest ancestor that exists. */
  value(path: YamlPath): string;
  /** `file:line` of the key `key` of the map at `path` (the value's line when the key is not found). */
  key(path: YamlPath, key: string): string;
  /** The keys of the mapping at `path` in the file's order; undefined when there is no mapping there. */
  keysInOrder(path: YamlPath): string[] | undefined;
  /** The command-line text of the scalar `value` found at `path` (see scalarText). */
  text(path: YamlPath, value: ConfigScalar): string;
}

const DECIMAL_LITERAL = /^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/;

/** scalarText given the scalar's source text (undefined when unknown). */
export function numberText(source: string | undefined, value: ConfigScalar): string {
  if (typeof value === 'number' && source !== undefined && DECIMAL_LITERAL.test(source)) return source;
  return String(value);
}
