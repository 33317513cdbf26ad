/**
 * The contracts between the pure core (plan → run → report) and the two shells (action, CLI).
 * Data flows one way: Settings → Plan → JobResult[] → Summary.
 * Nothing in src/model, src/plan, src/run, src/report or src/orchestrate imports @actions/*.
 */

/** A small logger the core reports through; the action maps it to @actions/core, the CLI to stderr. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Shown only when `verbose` is on (the shells decide). */
  debug(message: string): void;
}

/** A bad input or config: exit code 2 / core.setFailed, before any job starts. */
export class InputError extends Error {
  override name = 'InputError';
  /** The input name (`max_workers`) or `file:line` the message is about. */
  readonly where: string;
  constructor(where: string, message: string) {
    super(message);
    this.where = where;
  }
}

/** Which optional flags a training script accepts. */
export interface Supports {
  epochs: boolean;
  folds: boolean;
  output_dir: boolean;
}

/** `k/n`, 1-based. */
export interface ShardSpec {
  index: number;
  count: number;
}

/** Every effective setting, validated. Built by plan/settings.ts from raw strings (action inputs or CLI flags). */
export interface Settings {
  /** Absolute path; every relative path below is resolved against it. */
  workingDirectory: string;
  /** undefined = do not pass `--epochs`. */
  epochs: number | undefined;
  folds: number | undefined;
  only: string[];
  exclude: string[];
  parallel: boolean;
  /** ≥ 1. Ignored (treated as 1) unless `parallel`. */
  maxWorkers: number;
  /** Global retries (a job's own `retries` overrides). */
  retries: number;
  /** Config path as given (relative to workingDirectory) or undefined for `.github/training-jobs.yml` when it exists. */
  config: string | undefined;
  /** Already split into words; never evaluated by a shell. */
  extraArgs: string[];
  dryRun: boolean;
  listOnly: boolean;
  noAutoDiscover: boolean;
  /** undefined = the config's `discovery.roots` or the built-in roots. */
  discoverRoots: string[] | undefined;
  allowPartialSuccess: boolean;
  verbose: boolean;
  /** `auto` or an interpreter path/name; resolved later to an absolute executable. */
  python: string;
  /** Relative to workingDirectory (or absolute but inside it). */
  resultsDir: string;
  logsDir: string;
  summariesDir: string;
  /** Per-job timeout in minutes; 0 = none. */
  timeoutMinutes: number;
  /** A previous training summary JSON: parallel runs start the historically longest jobs first. */
  historyFile: string | undefined;
  /** Select only jobs that failed / timed out / were cancelled in this summary. */
  rerunFailedFrom: string | undefined;
  /** Run only this shard of the plan. */
  shard: ShardSpec | undefined;
  /** Values to redact everywhere (Kaggle key, user secrets). Never printed. */
  secrets: string[];
  /** Extra environment for every job (e.g. KAGGLE_USERNAME/KAGGLE_KEY). */
  jobEnv: Record<string, string>;
  /**
   * A previous training summary JSON, or a folder holding `training_summary_*.json` (the newest by
   * `started_at` wins), relative to workingDirectory: metrics are compared with it and regression gates
   * check against it. undefined = no baseline.
   */
  baseline?: string | undefined;
  /**
   * `resource_interval`: milliseconds between samples of what jobs use; 0 = not measured. parseSettings
   * always sets it (default 200); absent (settings built by hand) is the same as 0.
   */
  resourceIntervalMs?: number;

  /** `max_workers: auto`: as many jobs at once as the resources allow (maxWorkers is then MAX_MAX_WORKERS). */
  maxWorkersAuto?: boolean;
  /** The `cpus` input: CPUs the jobs may share; undefined = detected (os.availableParallelism). */
  cpus?: number;
  /** The `memory` input in bytes; undefined = detected available memory. */
  memoryBytes?: number;
  /** The `gpus` input: device indices the jobs may use ([] for `none`); undefined = detected with nvidia-smi. */
  gpus?: number[];

  /** Restore unchanged jobs from the job cache and store succeeded ones (CLI --cache, action `cache`). Off when absent. */
  cache?: boolean;
  /** Job ids or globs that run even when their entry is cached (CLI --force, action `force`), as given. */
  forceJobs?: string[];
  /** The local store's size limit in bytes (CLI --cache-size-limit, or its default), for the summary; CLI with the cache on only. */
  cacheSizeLimitBytes?: number;
  /**
   * Globs (relative to workingDirectory) whose files are in every job's cache key: the requirements files the
   * action installs (`install_requirements`). The config's `inputs:` are per job (PlannedJob.inputs).
   */
  cacheInputs?: string[];
  /**
   * How jobs may start (TRAINING_ORCHESTRATOR_SPAWN_SERVICE, read by both shells): `auto` lets the runner use
   * the spawn service where it changes nothing a job sees; `off` starts every job with Node's spawn. Absent:
   * `auto`.
   */
  spawnService?: SpawnServiceMode;
}

/** The spawn service setting (docs/decisions/0007-spawn-service.md): `auto` (the default) or `off`. */
export type SpawnServiceMode = 'auto' | 'off';

export type JobSource = 'builtin' | 'discovered' | 'config';

/** Whether a larger value of a metric is better. */
export type Better = 'higher' | 'lower';

/** How one metric is compared with the baseline: the config's `metrics:` entries. */
export interface MetricRule {
  better?: Better;
  /** Absolute: a change of at most this much is `unchanged`. */
  tolerance?: number;
}

/** Metric name (dotted path, or a last segment such as `rmse`) → rule. */
export type MetricRules = Readonly<Record<string, MetricRule>>;

/** The bounds of one metric: the config's `gates:` entries (see src/report/gates.ts). */
export interface GateRule {
  /** The value must be at least this. */
  min?: number;
  /** The value must be at most this. */
  max?: number;
  /** The value may fall at most this much below the baseline (baseline - value <= max_drop). */
  max_drop?: number;
  /** The value may rise at most this much above the baseline (value - baseline <= max_rise). */
  max_rise?: number;
  /** As max_drop, as a fraction of |baseline|: 0.02 means 2 %. */
  max_drop_relative?: number;
  /** As max_rise, as a fraction of |baseline|. */
  max_rise_relative?: number;
}

/** Metric name (dotted path) → bounds. */
export type GateRules = Readonly<Record<string, GateRule>>;

/** One job, fully resolved: the runner needs nothing else. */
export interface PlannedJob {
  /** A safe file name: [A-Za-z0-9][A-Za-z0-9._-]*. */
  id: string;
  /** Script path relative to workingDirectory, POSIX separators; undefined for `command:` jobs. */
  script: string | undefined;
  /** argv; command[0] is the resolved interpreter or program. Never a shell string. */
  command: string[];
  /** Absolute working directory of the job. */
  cwd: string;
  /** Environment added over process.env. */
  env: Record<string, string>;
  optional: boolean;
  retries: number;
  /** Minutes; 0 = none. */
  timeoutMinutes: number;
  /** Relative to workingDirectory, POSIX separators. */
  outputDir: string;
  /** Relative to workingDirectory, POSIX separators: `<logs_dir>/<id>.log`. */
  logPath: string;
  supports: Supports;
  source: JobSource;
  /** Runner labels from config (`runs_on`), for sharding. */
  runsOn: string[] | undefined;
  /** For sweep variants: the base job id; undefined otherwise. */
  baseId: string | undefined;
  /** Effective parameters for the summary: `epochs`/`folds` when passed, and the sweep's parameters. */
  params?: Record<string, string | number | boolean>;
  /** The config's `metrics:` (top level, the job's own on top): directions and tolerances. */
  metricRules?: MetricRules;
  /** The config's `gates:` (top level, the job's own on top); empty or absent: no gate. */
  gates?: GateRules;
  /** The job's declared needs (config `cpus`, `memory`, `gpus`); absent: none declared (cpus 1, no memory, no GPUs). */
  resources?: ResourceRequest;
  /** The config's `inputs:` (defaults' then the job's): globs whose files' contents are in the job's cache key. */
  inputs?: string[];
}

/** A job's declared needs (config `cpus`, `memory`, `gpus`, per job and in `defaults`). */
export interface ResourceRequest {
  cpus: number;
  memory_bytes: number | null;
  gpus: number;
}

/** What the scheduler gave a job (shown with --verbose and in the summary). */
export interface JobAllocation {
  cpus: number;
  memory_bytes: number | null;
  /** GPU indices in CUDA_VISIBLE_DEVICES; null when GPUs are not in play (the variable left as it was). */
  gpus: number[] | null;
  /** The value given to OMP_NUM_THREADS and friends; null when the job's env or the user's set them. */
  threads: number | null;
  /** true when memory_bytes came from the history file's peak, not from the config. */
  memory_from_history?: boolean;
}

export interface Plan {
  /** In plan order (sorted by path for discovered jobs, then config order for new config jobs). */
  jobs: PlannedJob[];
  /** Non-fatal notes (an `exclude` id that matches nothing, id collisions resolved, …). */
  warnings: string[];
  /** The interpreter every script job uses (absolute path). */
  python: string;
  /** Absolute path of the config file that was read, if any. */
  configPath: string | undefined;
}

/** `cached`: restored from the job cache instead of run; counts as a success everywhere (gates, baselines, status). */
export type JobStatus = 'succeeded' | 'cached' | 'failed' | 'timed_out' | 'cancelled' | 'skipped';

export interface AttemptResult {
  attempt: number;
  exit_code: number | null;
  signal: string | null;
  status: Exclude<JobStatus, 'skipped' | 'cached'>;
  started_at: string;
  finished_at: string;
  duration_seconds: number;
}

/** What the runner returns for each job (a failed job is a result, never an exception). */
export interface JobResult {
  id: string;
  status: JobStatus;
  attempts: AttemptResult[];
  exit_code: number | null;
  signal: string | null;
  /** ISO-8601 UTC; null when the job never started. */
  started_at: string | null;
  finished_at: string | null;
  duration_seconds: number;
  /** The last lines of the log (redacted), for summaries and annotations. */
  tail: string[];
  /** The job's metrics/*.json merged (redacted), or null. */
  metrics: Record<string, unknown> | null;
  /** Learning curves read from the job's metrics/*.csv and *.jsonl (redacted), or null when it wrote none. */
  curves?: Curve[] | null;
  /** Bytes the job printed (all attempts). */
  output_bytes: number;
  /**
   * Problems of the job's own files that did not change its status (redacted): its log could not be written
   * (disk full), a metrics file was skipped or trimmed. Each names the file. Absent when there were none.
   */
  notes?: string[];
  /** What the job used (see JobResources); null or absent when not measured (sampling off, never started). */
  resources?: JobResources | null;

  /** What the scheduler gave the job (CPUs, memory, GPUs, thread count); absent when it never started. */
  allocation?: JobAllocation;

  /** What the job cache did for this job; absent when caching is off. */
  cache?: JobCache;
}

/** What the job cache did for one job (summary job entry `cache`). */
export interface JobCache {
  /** The job's key: a hex digest, no secret inside or beside it. */
  key: string;
  outcome: 'restored' | 'stored' | 'miss' | 'forced' | 'not_cacheable' | 'save_failed' | 'restore_failed';
  /** For people: why it ran (which input changed), why it is not cacheable. */
  reason?: string;
  /** The run that produced a restored entry (run URL or "local <iso date>"). */
  source?: string | null;
}

/**
 * What one job used, sampled from its process group (all attempts; peaks are maxima, CPU times sums).
 * Defined here because the runner produces it; the summary carries it per job (see src/resources).
 */
export interface JobResources {
  /** The sampling interval used, in milliseconds. */
  interval_ms: number;
  /** Samples taken of this job's process group. */
  samples: number;
  /** max(sum of the group's resident memory at any sample, the largest single process's VmHWM). */
  peak_rss_bytes: number | null;
  /** User CPU time of the whole group, children it waited for included. */
  cpu_user_seconds: number | null;
  cpu_system_seconds: number | null;
  /** CPU time / wall time of the attempts. */
  cpu_avg_cores: number | null;
  /** The most cores in use between two consecutive samples. */
  cpu_peak_cores: number | null;
  /** The most processes seen in the group at one sample. */
  peak_processes: number | null;
  /** Each GPU the job's processes used (nvidia-smi); absent when there is no nvidia-smi. */
  gpus?: JobGpuUsage[];
  /** What this platform could not measure, in words (macOS/Windows). Absent when everything was measured. */
  unavailable?: string[];
}

/**
 * The whole run's use (summary top level `resources`): totals over every job's process group, sampled
 * together, and a timeline for the step summary's chart.
 */
export interface RunResources {
  interval_ms: number;
  /** Samples taken while at least one job ran. */
  samples: number;
  /** The most resident memory of all running jobs together at one sample. */
  peak_rss_bytes: number | null;
  /** Every job's user + system CPU time, summed. */
  cpu_seconds: number | null;
  /** The most cores all running jobs used together between two samples. */
  cpu_peak_cores: number | null;
  peak_processes: number | null;
  /**
   * `[seconds since the first sample, total resident bytes, CPU cores]`, oldest first, downsampled to at
   * most RESOURCE_TIMELINE_MAX_POINTS (a point then holds its span's peak memory and mean cores).
   */
  timeline: Array<[number, number, number]>;
  unavailable?: string[];
}

/** One GPU as used by one job's processes. */
export interface JobGpuUsage {
  index: number;
  uuid: string | null;
  /** The most memory the job's processes held on it at one sample. */
  peak_memory_bytes: number | null;
  /** The device's utilisation averaged over the samples where the job used it. */
  avg_utilization_percent: number | null;
}

/** of a job (a CSV or JSON Lines file with an `epoch` or `step` column), downsampled.
 * Defined here because the runner produces it; the summary re-exports it.
 */
export interface Curve {
  /** The file under the job's metrics/ folder, relative to the working directory (POSIX separators). */
  file: string;
  x: 'epoch' | 'step';
  /** Points read before downsampling (rows with a usable x and at least one value). */
  points: number;
  /** Column/key name → [x, y] pairs, downsampled (at most CURVE_MAX_POINTS per series, the last point kept). */
  series: Record<string, Array<[number, number]>>;
}

export type RunStatus = 'success' | 'partial_success' | 'failure' | 'cancelled';
