import { InputError } from '../model/types.js';
import { MAX_SWEEP_VARIANTS } from './defaults.js';
import type { SweepSpec } from './config.js';

/** One combination of a sweep. */
export interface SweepVariant {
  /** `learning_rate-0.001.batch_size-16`: appended to the base id with a `.`. */
  suffix: string;
  /** Parameter → value, in id order (declared parameters, then keys added by `include`). */
  values: [string, string][];
  /** `--learning-rate 0.001 --batch-size 16`, in the same order. */
  flags: string[];
}

/** Characters kept in ids; everything else in a value becomes `_` (`1e-3` stays, `a/b` is `a_b`). */
export function fileSafe(value: string): string {
  return value.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** The option a parameter is passed as: `matrix_flags[key]`, else `--` + key with `_` as `-`. */
export function flagFor(key: string, flags: ReadonlyMap<string, string>): string {
  return flags.get(key) ?? `--${key.replaceAll('_', '-')}`;
}

/**
 * Expands a `matrix:` like GitHub Actions does: the cartesian product of the parameters (in declared
 * order), minus every combination matching an `exclude` entry, then each `include` entry is merged
 * into every original combination it does not contradict (values it adds may be overwritten by later
 * entries, original values never), or becomes a combination of its own when it fits none.
 * Each combination gets the id suffix `<key>-<value>` joined by `.`, values made file-safe.
 * Errors (file:line of `matrix:`): no combination, more than MAX_SWEEP_VARIANTS, two combinations with
 * the same id, `exclude`/`matrix_flags` naming a parameter that does not exist.
 */
export function expandSweep(spec: SweepSpec, jobId: string): SweepVariant[] {
  const fail = (message: string): never => {
    throw new InputError(spec.where, `${spec.where}: job '${jobId}': ${message}`);
  };
  const parameterKeys = spec.parameters.map((parameter) => parameter.key);
  const originalKeys = new Set(parameterKeys);

  let size = spec.parameters.length > 0 ? 1 : 0;
  for (const parameter of spec.parameters) {
    size *= parameter.values.length;
    if (size > MAX_SWEEP_VARIANTS) {
      fail(
        `the matrix has more than ${MAX_SWEEP_VARIANTS} combinations; split the sweep or use include/exclude.`,
      );
    }
  }
  for (const entry of spec.exclude) {
    for (const key of entry.keys()) {
      if (!originalKeys.has(key))
        fail(`matrix exclude names '${key}', which is not a parameter of the matrix.`);
    }
  }

  let originals: Map<string, string>[] = spec.parameters.length > 0 ? [new Map()] : [];
  for (const { key, values } of spec.parameters) {
    originals = originals.flatMap((combination) =>
      values.map((value) => new Map(combination).set(key, value)),
    );
  }
  originals = originals.filter((combination) => !spec.exclude.some((entry) => matches(combination, entry)));

  const added: Map<string, string>[] = [];
  for (const entry of spec.include) {
    let merged = false;
    for (const combination of originals) {
      const fits = [...entry].every(
        ([key, value]) => !originalKeys.has(key) || combination.get(key) === value,
      );
      if (!fits) continue;
      merged = true;
      for (const [key, value] of entry) if (!originalKeys.has(key)) combination.set(key, value);
    }
    if (!merged) added.push(new Map(entry));
  }
  const combinations = [...originals, ...added];
  if (combinations.length === 0) fail('the matrix expands to no combination (everything is excluded).');
  if (combinations.length > MAX_SWEEP_VARIANTS) {
    fail(`the matrix has more than ${MAX_SWEEP_VARIANTS} combinations; split the sweep.`);
  }

  const order = [...parameterKeys];
  for (const combination of combinations)
    for (const key of combination.keys()) if (!order.includes(key)) order.push(key);
  for (const key of spec.flags.keys()) {
    if (!order.includes(key)) fail(`matrix_flags names '${key}', which is not a parameter of the matrix.`);
  }

  // Per key and per value once, not per combination: a sweep's combinations repeat the same few of each.
  const flagOf = new Map(order.map((key) => [key, flagFor(key, spec.flags)]));
  const safe = new Map<string, string>();
  const safeText = (value: string): string => {
    let text = safe.get(value);
    if (text === undefined) {
      text = fileSafe(value);
      safe.set(value, text);
    }
    return text;
  };
  const describe = (values: readonly [string, string][]): string =>
    values.map(([key, value]) => `${key}=${value}`).join(', ');
  const seen = new Map<string, [string, string][]>();
  return combinations.map((combination) => {
    const values: [string, string][] = [];
    const flags: string[] = [];
    let suffix = '';
    for (const key of order) {
      const value = combination.get(key);
      if (value === undefined) continue;
      values.push([key, value]);
      flags.push(flagOf.get(key) as string, value);
      suffix += `${suffix === '' ? '' : '.'}${key}-${safeText(value)}`;
    }
    const previous = seen.get(suffix);
    if (previous !== undefined) {
      fail(
        `the combinations {${describe(previous)}} and {${describe(values)}} would both be '${jobId}.${suffix}'; make the values distinct.`,
      );
    }
    seen.set(suffix, values);
    return { suffix, values, flags };
  });
}

function matches(combination: ReadonlyMap<string, string>, entry: ReadonlyMap<string, string>): boolean {
  return [...entry].every(([key, value]) => combination.get(key) === value);
}
