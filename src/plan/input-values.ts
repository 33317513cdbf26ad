import { InputError } from '../model/types.js';
import { printable } from './workflow-commands.js';

/**
 * Parsers for single input values, shared by parseSettings and the shells (artifact retention, shard
 * counts, …) so every input is validated the same way. Empty or absent always means "the default".
 */

const TRUE_VALUES: readonly string[] = ['true', 'True', 'TRUE'];
const FALSE_VALUES: readonly string[] = ['false', 'False', 'FALSE'];

/**
 * Quotes a user value for an error message, shortened so one bad input cannot flood the log, with control
 * characters and line breaks escaped (`\n`) so a value cannot add a line to the message (nor a workflow
 * command to the log).
 */
export function quoteValue(value: string): string {
  const short = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  return `'${printable(short)}'`;
}

/** `raw` trimmed, or undefined when it is absent or blank. */
export function presentValue(raw: string | undefined): string | undefined {
  const value = raw?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** The values @actions/core's getBooleanInput accepts (YAML 1.2 core booleans), plus empty for `fallback`. */
export function parseBooleanInput(name: string, raw: string | undefined, fallback = false): boolean {
  const value = presentValue(raw);
  if (value === undefined) return fallback;
  if (TRUE_VALUES.includes(value)) return true;
  if (FALSE_VALUES.includes(value)) return false;
  throw new InputError(
    name,
    `Invalid ${name} ${quoteValue(value)}. Expected true, True, TRUE, false, False or FALSE (empty means ${fallback}).`,
  );
}

export interface NumberRange {
  min?: number;
  max?: number;
}

function describeRange(kind: string, range: NumberRange, fallback: number | undefined): string {
  const { min, max } = range;
  const bounds =
    min !== undefined && max !== undefined
      ? ` from ${min} to ${max}`
      : min !== undefined
        ? ` of at least ${min}`
        : max !== undefined
          ? ` of at most ${max}`
          : '';
  const empty = fallback === undefined ? 'empty means not set' : `empty means ${fallback}`;
  return `Expected ${kind}${bounds} (${empty}).`;
}

function checkRange(
  name: string,
  value: string,
  parsed: number,
  kind: string,
  range: NumberRange,
  fallback: number | undefined,
): number {
  const { min, max } = range;
  if (
    (min !== undefined && parsed < min) ||
    (max !== undefined && parsed > max) ||
    !Number.isFinite(parsed)
  ) {
    throw new InputError(
      name,
      `Invalid ${name} ${quoteValue(value)}. ${describeRange(kind, range, fallback)}`,
    );
  }
  return parsed;
}

/**
 * A non-negative base-10 integer: digits only, no sign, exponent, hex or fraction. `default` is
 * returned for empty input; without it, empty yields undefined ("not set").
 */
export function parseIntegerInput(
  name: string,
  raw: string | undefined,
  options: NumberRange & { default: number },
): number;
export function parseIntegerInput(
  name: string,
  raw: string | undefined,
  options: NumberRange & { default?: undefined },
): number | undefined;
export function parseIntegerInput(
  name: string,
  raw: string | undefined,
  options: NumberRange & { default?: number },
): number | undefined {
  const value = presentValue(raw);
  if (value === undefined) return options.default;
  const kind = 'a whole number';
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new InputError(
      name,
      `Invalid ${name} ${quoteValue(value)}. ${describeRange(kind, options, options.default)}`,
    );
  }
  return checkRange(name, value, Number(value), kind, options, options.default);
}

/** A non-negative decimal such as `30`, `0.5` or `.5`: no sign, exponent or hex. */
export function parseDecimalInput(
  name: string,
  raw: string | undefined,
  options: NumberRange & { default: number },
): number;
export function parseDecimalInput(
  name: string,
  raw: string | undefined,
  options: NumberRange & { default?: undefined },
): number | undefined;
export function parseDecimalInput(
  name: string,
  raw: string | undefined,
  options: NumberRange & { default?: number },
): number | undefined {
  const value = presentValue(raw);
  if (value === undefined) return options.default;
  const kind = 'a number (decimals allowed)';
  if (!/^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/.test(value)) {
    throw new InputError(
      name,
      `Invalid ${name} ${quoteValue(value)}. ${describeRange(kind, options, options.default)}`,
    );
  }
  return checkRange(name, value, Number(value), kind, options, options.default);
}

/** Splits a list input on commas, whitespace and newlines; empty items are dropped, order and duplicates kept once. */
export function splitList(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  return [...new Set(raw.split(/[\s,]+/).filter((item) => item !== ''))];
}

/** One value per line (trimmed), blank lines dropped: the `secrets` input. */
export function splitLines(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  return [
    ...new Set(
      raw
        .split(/\r?\n|\r/)
        .map((line) => line.trim())
        .filter((line) => line !== ''),
    ),
  ];
}
