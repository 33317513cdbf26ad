import type { ErrorObject } from 'ajv';
import { InputError } from '../model/types.js';
import { didYouMean } from './did-you-mean.js';
import { quoteValue } from './input-values.js';
import type { ConfigLocator } from './config-locator.js';

/**
 * Turns the first JSON Schema error of a config file into one InputError a person can act on:
 * `file:line: what is wrong with which key, and what is accepted`.
 */
export function schemaErrorToInputError(error: ErrorObject, locator: ConfigLocator): InputError {
  const path = pointerSegments(error.instancePath);
  const schema = asRecord(error.parentSchema);
  const expected = typeof schema?.description === 'string' ? schema.description : undefined;

  if (error.keyword === 'additionalProperties' && typeof error.params.additionalProperty === 'string') {
    const key = error.params.additionalProperty;
    const where = locator.key(path, key);
    const candidates = Object.keys(asRecord(schema?.properties) ?? {});
    let hint = didYouMean(key, candidates);
    if (hint === '' && path.length === 0)
      hint = ` Jobs go under 'jobs:'; the top level accepts ${candidates.join(', ')}.`;
    else if (hint === '') hint = ` Accepted: ${candidates.join(', ')}.`;
    return new InputError(where, `${where}: unknown key '${key}' in ${describeContainer(path)}.${hint}`);
  }

  if (error.propertyName !== undefined) {
    const where = locator.key(path, error.propertyName);
    return new InputError(
      where,
      `${where}: invalid ${describeKeyKind(path)} ${quoteValue(error.propertyName)}.` +
        (expected ? ` ${expected}` : ''),
    );
  }

  const where = locator.value(path);
  const name = path.length === 0 ? 'the config' : `'${dotted(path)}'`;
  const shown = isSensitive(path) ? '' : ` ${describeValue(error.data)}`;
  switch (error.keyword) {
    case 'type':
      return new InputError(
        where,
        `${where}: ${name} must be ${describeType(error.params.type)}, not${shown || ` ${describeKind(error.data)}`}.`,
      );
    case 'minimum':
    case 'maximum':
      return new InputError(
        where,
        `${where}: ${name} must be ${error.keyword === 'minimum' ? 'at least' : 'at most'} ${String(error.params.limit)}, not${shown}.`,
      );
    case 'enum':
      return new InputError(
        where,
        `${where}: ${name} must be ${formatList((error.params.allowedValues as unknown[]).map(String))}, not${shown}.`,
      );
    case 'minItems':
    case 'minLength':
    case 'minProperties':
      return new InputError(where, `${where}: ${name} must not be empty.`);
    case 'pattern':
      return new InputError(where, `${where}: invalid ${name}${shown}.` + (expected ? ` ${expected}` : ''));
    default:
      return new InputError(where, `${where}: ${name} ${error.message ?? 'is invalid'}.`);
  }
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** `jobs.als.args[2]`, or `the top level`. */
function dotted(path: readonly string[]): string {
  if (path.length === 0) return 'the top level';
  return path.reduce(
    (text, segment) =>
      /^[0-9]+$/.test(segment) ? `${text}[${segment}]` : text === '' ? segment : `${text}.${segment}`,
    '',
  );
}

function describeContainer(path: readonly string[]): string {
  if (path.length === 0) return 'the top level';
  if (path.length === 2 && path[0] === 'jobs') return `job '${path[1]}'`;
  return `'${dotted(path)}'`;
}

function describeKeyKind(path: readonly string[]): string {
  const last = path[path.length - 1];
  if (path.length === 1 && last === 'jobs') return 'job id';
  if (last === 'env') return 'environment variable name';
  if (last === 'matrix' || last === 'matrix_flags' || path.includes('include') || path.includes('exclude')) {
    return 'sweep parameter name';
  }
  return `key in '${dotted(path)}'`;
}

/** Values under env may be secrets: errors name their kind, never their text. */
function isSensitive(path: readonly string[]): boolean {
  return path.includes('env');
}

const TYPE_NAMES: Record<string, string> = {
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  string: 'a string',
  array: 'a list',
  object: 'a mapping (key: value)',
  null: 'empty',
};

function describeType(type: unknown): string {
  const types = Array.isArray(type) ? type.map(String) : [String(type)];
  if (types.join() === 'string,number,boolean') return 'a single value (text, a number, true or false)';
  return formatList(types.map((name) => TYPE_NAMES[name] ?? name));
}

function describeKind(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return Number.isInteger(value) ? 'a whole number' : 'a number';
  if (typeof value === 'boolean') return 'true or false';
  return 'a string';
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return `${quoteValue(value)} (a string)`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return describeKind(value);
}

function formatList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
