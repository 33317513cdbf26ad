/** The config file as the planner uses it, after validation (schemas/config.schema.json). */

import type { GateRules, MetricRules } from '../model/types.js';

/** A sweep parameter's value as command-line text (made file-safe for the variant id). */
export type SweepValue = string;

/** A job's `matrix:`, with values as command-line text. */
export interface SweepSpec {
  /** Parameters in declared order, each with its values. */
  parameters: { key: string; values: SweepValue[] }[];
  include: Map<string, SweepValue>[];
  exclude: Map<string, SweepValue>[];
  /** `matrix_flags`: the option for a parameter when it is not `--<key with _ as ->`. */
  flags: Map<string, string>;
  /** `file:line` of `matrix:`. */
  where: string;
}

/** The keys of a config job (schemas/config.schema.json). */
export type ConfigJobKey =
  | 'script'
  | 'command'
  | 'args'
  | 'optional'
  | 'retries'
  | 'timeout_minutes'
  | 'env'
  | 'cwd'
  | 'output_dir'
  | 'output_dir_flag'
  | 'epochs'
  | 'folds'
  | 'enabled'
  | 'runs_on'
  | 'matrix'
  | 'matrix_flags'
  | 'metrics'
  | 'gates'
  | 'cpus'
  | 'memory'
  | 'gpus'
  | 'inputs';

/** One entry of `jobs:`, validated; every field is optional because an entry may only override. */
export interface ConfigJob {
  id: string;
  script?: string;
  command?: string[];
  args?: string[];
  optional?: boolean;
  retries?: number;
  timeoutMinutes?: number;
  env?: Record<string, string>;
  cwd?: string;
  outputDir?: string;
  outputDirFlag?: boolean;
  epochs?: boolean;
  folds?: boolean;
  enabled?: boolean;
  runsOn?: string[];
  sweep?: SweepSpec;
  /** The job's `metrics:` (directions, tolerances) and `gates:`, over the top-level ones metric by metric. */
  metrics?: MetricRules;
  gates?: GateRules;
  /** `cpus`, `memory` (bytes) and `gpus`, each only when the job sets it. */
  resources?: ConfigResources;
  /** `inputs:`: globs of files in the job's cache key (added to the defaults' list). */
  inputs?: string[];
  /** `file:line` of the job's id. */
  where: string;
  /** `file:line` of each key the job sets. */
  keyWhere: Partial<Record<ConfigJobKey, string>>;
}

export interface ConfigDefaults {
  optional?: boolean;
  retries?: number;
  timeoutMinutes?: number;
  env: Record<string, string>;
  resources?: ConfigResources;
  /** `inputs:` for every job's cache key. */
  inputs?: string[];
}

/** The resource keys a job (or `defaults`) sets; a key it leaves out is inherited. */
export interface ConfigResources {
  cpus?: number;
  memoryBytes?: number;
  gpus?: number;
}

export interface ConfigDiscovery {
  roots?: string[];
  pattern?: string;
  exclude: string[];
  /** `file:line` of `discovery.roots`, for errors about a root. */
  rootsWhere?: string;
}

/** A validated config file. */
export interface LoadedConfig {
  /** Absolute path. */
  path: string;
  /** As shown in messages: relative to the working directory when inside it. */
  file: string;
  defaults: ConfigDefaults;
  discovery: ConfigDiscovery;
  /** In the file's order. */
  jobs: ConfigJob[];
  /** Top-level `metrics:` and `gates:`: every job's, unless the job names the same metric. */
  metrics: MetricRules;
  gates: GateRules;
}
