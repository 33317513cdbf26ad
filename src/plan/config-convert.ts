import { InputError, type GateRules, type MetricRules } from '../model/types.js';
import type {
  ConfigJob,
  ConfigJobKey,
  ConfigResources,
  LoadedConfig,
  SweepSpec,
  SweepValue,
} from './config-types.js';
import { quoteValue } from './input-values.js';
import { byteSizeExpected, parseByteSize } from './byte-size.js';
import { resolveInside } from './path-safety.js';
import { isAcceptedTimeoutMinutes, TIMEOUT_MINUTES_EXPECTED } from './timeout-minutes.js';
import type { ConfigLocator, YamlPath } from './config-locator.js';

type Scalar = string | number | boolean;

interface RawJob {
  script?: string;
  command?: Scalar[];
  args?: Scalar[];
  optional?: boolean;
  retries?: number;
  timeout_minutes?: number;
  env?: Record<string, Scalar>;
  cwd?: string;
  output_dir?: string;
  output_dir_flag?: boolean;
  epochs?: boolean;
  folds?: boolean;
  enabled?: boolean;
  runs_on?: string | string[];
  matrix?: Record<string, Scalar[] | Record<string, Scalar>[]>;
  matrix_flags?: Record<string, string>;
  metrics?: MetricRules;
  gates?: GateRules;
  cpus?: number;
  memory?: string | number;
  gpus?: number;
  inputs?: string[];
}

/** The config as parsed, once the schema has accepted it. */
export interface RawConfig {
  version?: 1;
  defaults?: {
    optional?: boolean;
    retries?: number;
    timeout_minutes?: number;
    env?: Record<string, Scalar>;
    cpus?: number;
    memory?: string | number;
    gpus?: number;
    inputs?: string[];
  };
  discovery?: { roots?: string[]; pattern?: string; exclude?: string[] };
  jobs?: Record<string, RawJob>;
  metrics?: MetricRules;
  gates?: GateRules;
}

/** Turns a schema-valid config into LoadedConfig: ordered like the file, scalars as command-line text. */
export function convertConfig(
  raw: RawConfig,
  source: { path: string; file: string },
  locator: ConfigLocator,
  workingDirectory: string,
): LoadedConfig {
  const texts = (at: YamlPath, values: readonly Scalar[]): string[] =>
    values.map((value, index) => locator.text([...at, index], value));
  const env = (at: YamlPath, values: Record<string, Scalar> | undefined): Record<string, string> =>
    Object.fromEntries(
      Object.entries(values ?? {}).map(([name, value]) => [name, locator.text([...at, name], value)]),
    );

  const roots = raw.discovery?.roots;
  roots?.forEach((root, index) => {
    if (!resolveInside(workingDirectory, root)) {
      const where = locator.value(['discovery', 'roots', index]);
      throw new InputError(
        where,
        `${where}: discovery root ${quoteValue(root)} is outside the working directory ${workingDirectory}.`,
      );
    }
  });

  checkTimeout(raw.defaults?.timeout_minutes, ['defaults', 'timeout_minutes'], locator);
  const jobs = orderedKeys(locator, ['jobs'], raw.jobs ?? {}).map((id): ConfigJob => {
    const job = (raw.jobs ?? {})[id];
    const at: YamlPath = ['jobs', id];
    checkTimeout(job.timeout_minutes, [...at, 'timeout_minutes'], locator);
    const keyWhere: Partial<Record<ConfigJobKey, string>> = {};
    for (const key of Object.keys(job) as ConfigJobKey[]) keyWhere[key] = locator.key(at, key);
    return {
      id,
      script: job.script,
      command: job.command && texts([...at, 'command'], job.command),
      args: job.args && texts([...at, 'args'], job.args),
      optional: job.optional,
      retries: job.retries,
      timeoutMinutes: job.timeout_minutes,
      env: job.env && env([...at, 'env'], job.env),
      cwd: job.cwd,
      outputDir: job.output_dir,
      outputDirFlag: job.output_dir_flag,
      epochs: job.epochs,
      folds: job.folds,
      enabled: job.enabled,
      runsOn: typeof job.runs_on === 'string' ? [job.runs_on] : job.runs_on,
      sweep:
        job.matrix || job.matrix_flags ? convertSweep(job, [...at, 'matrix'], locator, keyWhere) : undefined,
      metrics: job.metrics && plainRecord(job.metrics),
      gates: job.gates && plainRecord(job.gates),
      resources: convertResources(job, at, locator),
      inputs: job.inputs && [...job.inputs],
      where: locator.key(['jobs'], id),
      keyWhere,
    };
  });

  return {
    path: source.path,
    file: source.file,
    defaults: {
      optional: raw.defaults?.optional,
      retries: raw.defaults?.retries,
      timeoutMinutes: raw.defaults?.timeout_minutes,
      env: env(['defaults', 'env'], raw.defaults?.env),
      resources: convertResources(raw.defaults ?? {}, ['defaults'], locator),
      inputs: raw.defaults?.inputs && [...raw.defaults.inputs],
    },
    discovery: {
      roots,
      pattern: raw.discovery?.pattern,
      exclude: raw.discovery?.exclude ?? [],
      rootsWhere: roots ? locator.key(['discovery'], 'roots') : undefined,
    },
    jobs,
    metrics: plainRecord(raw.metrics ?? {}),
    gates: plainRecord(raw.gates ?? {}),
  };
}

/** The schema bounds a timeout from 0 to the maximum; this refuses the positive values below the minimum (`1e-9`). */
function checkTimeout(minutes: number | undefined, at: YamlPath, locator: ConfigLocator): void {
  if (minutes === undefined || isAcceptedTimeoutMinutes(minutes)) return;
  const where = locator.value(at);
  throw new InputError(where, `${where}: invalid '${at.join('.')}' ${minutes}. ${TIMEOUT_MINUTES_EXPECTED}.`);
}

/** The resource keys of a job or `defaults`, memory in bytes; undefined when it sets none. */
function convertResources(
  raw: { cpus?: number; memory?: string | number; gpus?: number },
  at: YamlPath,
  locator: ConfigLocator,
): ConfigResources | undefined {
  if (raw.cpus === undefined && raw.memory === undefined && raw.gpus === undefined) return undefined;
  let memoryBytes: number | undefined;
  if (raw.memory !== undefined) {
    // A bare number (YAML `memory: 4`) has no unit: bytes or gigabytes? Refused, like the `memory` input
    // (see BareNumber in byte-size.ts).
    memoryBytes = typeof raw.memory === 'string' ? parseByteSize(raw.memory, 'refused') : undefined;
    if (memoryBytes === undefined) {
      const where = locator.value([...at, 'memory']);
      const shown = quoteValue(String(raw.memory));
      throw new InputError(
        where,
        `${where}: invalid '${[...at, 'memory'].join('.')}' ${shown}. ${byteSizeExpected('refused')}.`,
      );
    }
  }
  return {
    ...(raw.cpus !== undefined ? { cpus: raw.cpus } : {}),
    ...(memoryBytes !== undefined ? { memoryBytes } : {}),
    ...(raw.gpus !== undefined ? { gpus: raw.gpus } : {}),
  };
}

/** Metric names are data: copied onto an object without a prototype, so `__proto__` or `constructor` are plain names. */
function plainRecord<T>(value: Readonly<Record<string, T>>): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  for (const [key, item] of Object.entries(value)) out[key] = { ...item };
  return out;
}

function convertSweep(
  job: RawJob,
  at: YamlPath,
  locator: ConfigLocator,
  keyWhere: Partial<Record<ConfigJobKey, string>>,
): SweepSpec {
  const matrix = job.matrix ?? {};
  const where = keyWhere.matrix ?? keyWhere.matrix_flags ?? locator.value(at);
  const combinations = (name: 'include' | 'exclude'): Map<string, SweepValue>[] => {
    const entries = (matrix[name] ?? []) as Record<string, Scalar>[];
    return entries.map((entry, index) => {
      const entryAt = [...at, name, index];
      return new Map(
        orderedKeys(locator, entryAt, entry).map((key) => [key, locator.text([...entryAt, key], entry[key])]),
      );
    });
  };
  const parameters = orderedKeys(locator, at, matrix)
    .filter((key) => key !== 'include' && key !== 'exclude')
    .map((key) => ({
      key,
      values: (matrix[key] as Scalar[]).map((value, index) => locator.text([...at, key, index], value)),
    }));
  const flags = new Map(Object.entries(job.matrix_flags ?? {}));
  return { parameters, include: combinations('include'), exclude: combinations('exclude'), flags, where };
}

/** The keys of the mapping at `at` in the file's order (JavaScript objects put integer-like keys first). */
function orderedKeys(locator: ConfigLocator, at: YamlPath, value: object): string[] {
  const own = new Set(Object.keys(value));
  const keys = locator.keysInOrder(at);
  if (!keys) return [...own];
  const ordered = new Set<string>();
  for (const key of keys) if (own.has(key)) ordered.add(key);
  for (const key of own) ordered.add(key);
  return [...ordered];
}
