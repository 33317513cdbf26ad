import fs from 'node:fs';
import path from 'node:path';
import type {
  GateRule,
  GateRules,
  Logger,
  Plan,
  PlannedJob,
  ResourceRequest,
  Settings,
  Supports,
} from '../model/types.js';
import { buildArgv } from './argv.js';
import { loadConfig, type LoadedConfig } from './config.js';
import { DEFAULT_CONFIG_PATH, DEFAULT_DISCOVER_PATTERN, DEFAULT_DISCOVER_ROOTS } from './defaults.js';
import { SUPPORTED_OPTIONS } from './detect.js';
import { discoverScripts } from './discover.js';
import { filterJobs, readFailedJobIds } from './filter.js';
import { mergeJobs, type DiscoveredScript, type JobSpec, type MergeFileSystem } from './jobs.js';
import { assertJobPathsInside, type JobPaths } from './job-paths.js';
import { absoluteFrom } from './path-safety.js';
import { resolvePython } from './python.js';
import { inspectScript, type OpenFile } from './script-file.js';
import { printable } from './workflow-commands.js';

export interface PlanDeps {
  logger?: Logger;
  /** Resolves the `python` setting to an absolute interpreter; default resolvePython in the working directory. */
  resolvePython?: (spec: string) => Promise<string>;
  /** Opens scripts for support detection; default fs.promises.open. */
  openFile?: OpenFile;
}

const SILENT: Logger = { info() {}, warn() {}, error() {}, debug() {} };

/** Scripts whose source is read at once during detection. */
const DETECT_CONCURRENCY = 16;

/**
 * The whole planning pipeline: discover → load config → merge layers (and expand sweeps) → filter
 * (only, exclude, re-run failed) → resolve the interpreter → build each job's argv. Bad input or config
 * throws InputError before anything runs; nothing is written to disk.
 */
export async function buildPlan(settings: Settings, deps: PlanDeps = {}): Promise<Plan> {
  const logger = deps.logger ?? SILENT;
  const workingDirectory = settings.workingDirectory;
  const resolve =
    deps.resolvePython ?? ((spec: string) => resolvePython(spec, process.env, workingDirectory));
  // The interpreter probe starts a process (~75 ms, ~300 ms through a pyenv shim): let it overlap config
  // loading and discovery. Its failure matters only if a script job is selected, so it is settled here.
  const earlyPython = settings.noAutoDiscover ? undefined : settle(resolve(settings.python));
  const config = await loadConfig(workingDirectory, settings.config);
  if (config) logger.debug(`config: ${config.file}`);

  const roots = settings.discoverRoots ?? config?.discovery.roots ?? DEFAULT_DISCOVER_ROOTS;
  const pattern = config?.discovery.pattern ?? DEFAULT_DISCOVER_PATTERN;
  let discovered: DiscoveredScript[] = [];
  // Files discovery found but cannot run (unreadable folders, odd names, FIFOs): warnings, never a failure.
  const discoveryWarnings: string[] = [];
  if (settings.noAutoDiscover) {
    logger.debug('discovery: off (no_auto_discover)');
  } else {
    const scripts = await discoverScripts(workingDirectory, roots, {
      pattern,
      exclude: config?.discovery.exclude,
      rootsWhere: settings.discoverRoots ? 'discover_roots' : config?.discovery.rootsWhere,
      logger,
      onWarning: (message) => discoveryWarnings.push(message),
    });
    logger.debug(`discovery: ${scripts.length} ${pattern} under ${roots.join(', ')}`);
    discovered = await detectAll(workingDirectory, scripts, logger, discoveryWarnings, deps.openFile);
  }

  const merged = await mergeJobs({
    workingDirectory,
    discovered,
    config,
    fileSystem: realFileSystem(workingDirectory, deps.openFile),
  });
  const rerunFile = settings.rerunFailedFrom;
  const filtered = filterJobs(merged.jobs, {
    only: settings.only,
    exclude: settings.exclude,
    rerunFailed: rerunFile
      ? { file: rerunFile, ids: await readFailedJobIds(path.resolve(workingDirectory, rerunFile)) }
      : undefined,
    emptyReason: emptyReason(settings, config, roots, pattern),
  });

  const needsPython = filtered.jobs.some((job) => job.script !== undefined);
  const python = needsPython ? unwrap(await (earlyPython ?? settle(resolve(settings.python)))) : '';
  if (needsPython) logger.debug(`python: ${settings.python} is ${python}`);

  const absoluteCwd = memoized((cwd: string) => absoluteFrom(workingDirectory, cwd));
  const jobs = filtered.jobs.map((spec) => plannedJob(spec, settings, config, python, absoluteCwd));
  const fromConfig = new Set(
    filtered.jobs.filter((spec) => spec.outputDir !== undefined).map((spec) => spec.id),
  );
  assertJobPathsInside(jobPaths(filtered.jobs, jobs), workingDirectory, (id) => fromConfig.has(id));
  return {
    jobs,
    warnings: [
      ...discoveryWarnings,
      ...merged.warnings,
      ...filtered.warnings,
      ...planWarnings(jobs, settings),
    ],
    python,
    configPath: config?.path,
  };
}

/** The paths of each job as the containment check reads them, one at a time (no copy of every job). */
function* jobPaths(specs: readonly JobSpec[], jobs: readonly PlannedJob[]): Generator<JobPaths> {
  for (let index = 0; index < specs.length; index++) {
    const spec = specs[index];
    const job = jobs[index];
    yield { id: spec.id, script: spec.script, cwd: spec.cwd, outputDir: job.outputDir, logPath: job.logPath };
  }
}

/** `compute` remembered per argument: jobs share a few values (`cwd`), computed once each. */
function memoized<T>(compute: (key: string) => T): (key: string) => T {
  const known = new Map<string, T>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined) {
      value = compute(key);
      known.set(key, value);
    }
    return value;
  };
}

function plannedJob(
  spec: JobSpec,
  settings: Settings,
  config: LoadedConfig | undefined,
  python: string,
  absoluteCwd: (cwd: string) => string,
): PlannedJob {
  const outputDir = spec.outputDir ?? `${settings.resultsDir}/${spec.id}_results`;
  const defaults = config?.defaults;
  const argvJob = {
    script: spec.script,
    command: spec.command,
    args: spec.args,
    cwd: spec.cwd,
    outputDir,
    supports: spec.supports,
    sweepFlags: spec.sweepFlags,
  };
  return {
    id: spec.id,
    script: spec.script,
    command: buildArgv(argvJob, settings, python),
    cwd: absoluteCwd(spec.cwd),
    env: { ...settings.jobEnv, ...defaults?.env, ...spec.env },
    optional: spec.optional ?? defaults?.optional ?? false,
    retries: spec.retries ?? defaults?.retries ?? settings.retries,
    timeoutMinutes: spec.timeoutMinutes ?? defaults?.timeoutMinutes ?? settings.timeoutMinutes,
    outputDir,
    logPath: `${settings.logsDir}/${spec.id}.log`,
    supports: spec.supports,
    source: spec.source,
    runsOn: spec.runsOn,
    baseId: spec.baseId,
    ...quality(spec, settings, config),
    ...resourceRequest(spec, config),
    ...cacheInputs(defaults?.inputs, spec.inputs),
  };
}

/**
 * The job's `cpus`, `memory`, `gpus`: each key from the job, else `defaults`, else cpus 1, no memory, no GPUs.
 * Absent when neither sets any (the runner then schedules by worker count alone, as before).
 */
function resourceRequest(spec: JobSpec, config: LoadedConfig | undefined): { resources?: ResourceRequest } {
  const own = spec.resources;
  const defaults = config?.defaults.resources;
  if (!own && !defaults) return {};
  return {
    resources: {
      cpus: own?.cpus ?? defaults?.cpus ?? 1,
      memory_bytes: own?.memoryBytes ?? defaults?.memoryBytes ?? null,
      gpus: own?.gpus ?? defaults?.gpus ?? 0,
    },
  };
}

/** The config's `inputs:`, defaults' then the job's; absent when there are none. */
function cacheInputs(defaults: string[] | undefined, own: string[] | undefined): Pick<PlannedJob, 'inputs'> {
  const inputs = [...new Set([...(defaults ?? []), ...(own ?? [])])];
  return inputs.length > 0 ? { inputs } : {};
}

/** params, metric rules and gates, each only when there is something (a plan without them reads as before). */
function quality(
  spec: JobSpec,
  settings: Settings,
  config: LoadedConfig | undefined,
): Pick<PlannedJob, 'params' | 'metricRules' | 'gates'> {
  const out: Pick<PlannedJob, 'params' | 'metricRules' | 'gates'> = {};
  const params = effectiveParams(spec, settings);
  if (params) out.params = params;
  if (hasKeys(config?.metrics) || hasKeys(spec.metricRules)) {
    const metricRules = { ...config?.metrics, ...spec.metricRules };
    if (hasKeys(metricRules)) out.metricRules = metricRules;
  }
  if (hasKeys(config?.gates) || hasKeys(spec.gates)) {
    const gates = mergeGateRules(config?.gates, spec.gates);
    if (hasKeys(gates)) out.gates = gates;
  }
  return out;
}

function hasKeys(value: object | undefined): boolean {
  if (value === undefined) return false;
  for (const _key in value) return true;
  return false;
}

/** What the summary records as the job's parameters: `epochs`/`folds` when passed to it, then its sweep values (as text). */
function effectiveParams(
  spec: JobSpec,
  settings: Settings,
): Record<string, string | number | boolean> | undefined {
  const epochs = spec.supports.epochs && settings.epochs !== undefined;
  const folds = spec.supports.folds && settings.folds !== undefined;
  if (!epochs && !folds && !spec.sweepParams?.length) return undefined;
  const params: Record<string, string | number | boolean> = {};
  if (epochs) params.epochs = settings.epochs as number;
  if (folds) params.folds = settings.folds as number;
  for (const [key, value] of spec.sweepParams ?? []) params[key] = value;
  return params;
}

/** Top-level gates with a job's own on top: a metric the job names replaces the top-level entry (`{}` removes it). */
function mergeGateRules(top: GateRules | undefined, own: GateRules | undefined): GateRules {
  const merged: Record<string, GateRule> = { ...top, ...own };
  for (const [metric, rule] of Object.entries(merged))
    if (Object.keys(rule).length === 0) delete merged[metric];
  return merged;
}

/**
 * The flags each discovered script supports. A script that cannot be read as a regular file (unreadable,
 * a FIFO, gone since the listing) is left out with a warning: it could only fail when run.
 */
async function detectAll(
  workingDirectory: string,
  scripts: readonly string[],
  logger: Logger,
  warnings: string[],
  openFile: OpenFile | undefined,
): Promise<DiscoveredScript[]> {
  const results: DiscoveredScript[] = [];
  for (let start = 0; start < scripts.length; start += DETECT_CONCURRENCY) {
    const batch = scripts.slice(start, start + DETECT_CONCURRENCY);
    const inspected = await Promise.all(
      batch.map((script) => inspectScript(absoluteFrom(workingDirectory, script), openFile)),
    );
    batch.forEach((script, index) => {
      const result = inspected[index];
      if (!result.ok) {
        warnings.push(`Discovery skipped ${printable(script)}: it is ${result.reason}, so it cannot run.`);
        return;
      }
      logger.debug(`detect: ${script} ${describeSupports(result.supports)}`);
      results.push({ script, supports: result.supports });
    });
  }
  return results;
}

async function readSupports(
  workingDirectory: string,
  script: string,
  openFile: OpenFile | undefined,
): Promise<Supports | undefined> {
  const result = await inspectScript(absoluteFrom(workingDirectory, script), openFile);
  return result.ok ? result.supports : undefined;
}

function realFileSystem(workingDirectory: string, openFile: OpenFile | undefined): MergeFileSystem {
  return {
    supportsOf: (script) => readSupports(workingDirectory, script, openFile),
    async isDirectory(relative) {
      try {
        return (await fs.promises.stat(absoluteFrom(workingDirectory, relative))).isDirectory();
      } catch {
        return false;
      }
    },
  };
}

function describeSupports(supports: Supports): string {
  return (Object.keys(SUPPORTED_OPTIONS) as (keyof Supports)[])
    .map((key) => `${SUPPORTED_OPTIONS[key]} ${supports[key] ? 'yes' : 'no'}`)
    .join(', ');
}

function emptyReason(
  settings: Settings,
  config: LoadedConfig | undefined,
  roots: readonly string[],
  pattern: string,
): { where: string; message: string } {
  const configPart = config
    ? `${config.file} adds no jobs`
    : `there is no config file (${settings.config ?? DEFAULT_CONFIG_PATH})`;
  if (settings.noAutoDiscover) {
    return {
      where: 'no_auto_discover',
      message: `No jobs to run: discovery is off (no_auto_discover) and ${configPart}.`,
    };
  }
  return {
    where: 'discover_roots',
    message: `No jobs to run: no ${pattern} found under ${roots.join(', ')} and ${configPart}.`,
  };
}

function planWarnings(jobs: readonly PlannedJob[], settings: Settings): string[] {
  const warnings: string[] = [];
  const owners = new Map<string, string>();
  for (const job of jobs) {
    const owner = owners.get(job.outputDir);
    if (owner !== undefined)
      warnings.push(`Jobs '${owner}' and '${job.id}' share the output folder ${job.outputDir}.`);
    else owners.set(job.outputDir, job.id);
  }
  if (settings.epochs !== undefined && !jobs.some((job) => job.supports.epochs)) {
    warnings.push(`epochs is ${settings.epochs} but no selected job accepts --epochs; it is not passed.`);
  }
  if (settings.folds !== undefined && !jobs.some((job) => job.supports.folds)) {
    warnings.push(`folds is ${settings.folds} but no selected job accepts --folds; it is not passed.`);
  }
  return warnings;
}

/** The action's `jobs` output: id, script (null for command jobs), argv, optional. */
/**
 * The `jobs` output and the CLI's `--json` plan: per job its id, script, argv and whether it is optional.
 * `maskText` masks the argv words (the user's and the config's arguments may hold a secret); ids and
 * paths are the orchestrator's own and are never masked.
 */
export function planToJobsOutput(
  plan: Plan,
  maskText: (text: string) => string = (text) => text,
): { id: string; script: string | null; command: string[]; optional: boolean }[] {
  return plan.jobs.map((job) => ({
    id: job.id,
    script: job.script ?? null,
    command: job.command.map(maskText),
    optional: job.optional,
  }));
}

/** The CLI's `--json` plan (list and dry run); `maskText` as for planToJobsOutput. */
export function planToJson(
  plan: Plan,
  maskText?: (text: string) => string,
): {
  jobs: { id: string; script: string | null; command: string[]; optional: boolean; supports: Supports }[];
} {
  const entries = planToJobsOutput(plan, maskText);
  return { jobs: plan.jobs.map((job, index) => ({ ...entries[index], supports: { ...job.supports } })) };
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}

function unwrap<T>(settled: Settled<T>): T {
  if (settled.ok) return settled.value;
  throw settled.error;
}
