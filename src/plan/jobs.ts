import {
  InputError,
  type GateRules,
  type JobSource,
  type MetricRules,
  type Supports,
} from '../model/types.js';
import type { ConfigJob, ConfigJobKey, LoadedConfig, SweepSpec } from './config.js';
import type { ConfigResources } from './config-types.js';
import { JOB_ID_PATTERN } from './defaults.js';
import { didYouMean } from './did-you-mean.js';
import { quoteValue } from './input-values.js';
import { resolveInside } from './path-safety.js';
import { assignScriptIds } from './job-ids.js';
import { expandSweep } from './sweep.js';

/** A job after merging the layers, before the settings (interpreter, folders, flags) turn it into a PlannedJob. */
export interface JobSpec {
  id: string;
  /** For sweep variants: the id of the job the matrix belongs to. */
  baseId: string | undefined;
  source: JobSource;
  /** Relative to the working directory, POSIX separators; undefined for `command:` jobs. */
  script: string | undefined;
  /** `command:` jobs: the program and its arguments from the config. */
  command: string[] | undefined;
  /** `args:` from the config, placed right after the script or command. */
  args: string[];
  /** Relative to the working directory, POSIX; `.` is the working directory. */
  cwd: string;
  /** Relative to the working directory, POSIX; undefined means `<results_dir>/<id>_results`. */
  outputDir: string | undefined;
  /** After config overrides (`epochs`, `folds`, `output_dir_flag`). */
  supports: Supports;
  /** A sweep variant's parameters as flags (`--learning-rate 0.001`). */
  sweepFlags: string[];
  /** A sweep variant's parameters as `[key, value]` pairs, in id order (for the summary's `params`). */
  sweepParams?: [string, string][];
  /** The job's own `metrics:` and `gates:` from the config (the top-level ones are added by the planner). */
  metricRules?: MetricRules;
  gates?: GateRules;
  /** The config's `inputs:` for the job's cache key (the defaults' are added by the planner). */
  inputs?: string[];
  optional: boolean | undefined;
  retries: number | undefined;
  timeoutMinutes: number | undefined;
  env: Record<string, string>;
  runsOn: string[] | undefined;
  /** The config's `cpus`, `memory`, `gpus` for this job (each key over the lower layer's); `defaults` fill the rest. */
  resources?: ConfigResources;
}

/** The built-in layer, below discovered and config jobs. Empty today; kept so the layering stays explicit. */
export const BUILTIN_JOBS: readonly JobSpec[] = [];

/** A discovered script and the flags its source mentions. */
export interface DiscoveredScript {
  /** Relative to the working directory, POSIX. */
  script: string;
  supports: Supports;
}

/** File-system questions the merge needs answered; real implementations live in plan.ts. */
export interface MergeFileSystem {
  /** Flags a script supports, or undefined when it is not a readable file. */
  supportsOf(script: string): Promise<Supports | undefined>;
  isDirectory(relative: string): Promise<boolean>;
}

export interface MergeResult {
  jobs: JobSpec[];
  /** Id collisions resolved, config entries that matched nothing, … */
  warnings: string[];
}

const NO_SUPPORT: Supports = { epochs: false, folds: false, output_dir: false };

/** A job while the layers merge: a config job may still carry its matrix and where it was defined. */
interface Draft extends JobSpec {
  sweep?: SweepSpec;
  /** `file:line` of the config entry that last shaped this job. */
  where?: string;
}

/**
 * Merges the layers, each overriding the one below: built-in jobs, discovered scripts, config jobs.
 *
 * A config job overrides the built-in or discovered job that runs the same `script` (whatever its id:
 * the config id wins, and scripts are given ids only after these claims, so a claimed id is never
 * handed to another script); else the job with the same id (a different script or a command then
 * replaces that job's, with a warning); otherwise it adds a job, which needs `script` or `command`.
 * `enabled: false` drops what it matches. Only non-config jobs are matched by script, so two config
 * jobs may run one script with different args. Paths must stay inside the working directory. Sweeps
 * (`matrix:`) expand last, one job per combination. Order: the lower layers' order (discovered by
 * path) with overrides in place, then new config jobs in file order.
 */
export async function mergeJobs(input: {
  workingDirectory: string;
  builtin?: readonly JobSpec[];
  discovered: readonly DiscoveredScript[];
  config: LoadedConfig | undefined;
  fileSystem: MergeFileSystem;
}): Promise<MergeResult> {
  const warnings: string[] = [];
  const configJobs = (input.config?.jobs ?? []).map((job) => checkedConfigJob(job, input.workingDirectory));

  // Config jobs naming a discovered script claim it first, so ids are only invented for the others.
  const discoveredScripts = new Set(input.discovered.map((entry) => entry.script));
  const claims = new Map<string, string>();
  for (const { job, script } of configJobs) {
    if (script !== undefined && discoveredScripts.has(script) && !claims.has(script))
      claims.set(script, job.id);
  }
  const reserved = new Map<string, string>();
  for (const [script, id] of claims) reserved.set(id, `the config job for ${script}`);
  const unclaimed = input.discovered.filter((entry) => !claims.has(entry.script));
  const assigned = assignScriptIds(
    unclaimed.map((entry) => entry.script),
    reserved,
  );
  warnings.push(...assigned.warnings);
  const idOf = new Map(unclaimed.map((entry, index) => [entry.script, assigned.ids[index]]));

  const drafts = new DraftList(input.builtin ?? BUILTIN_JOBS);
  for (const entry of input.discovered) {
    const job = discoveredJob(claims.get(entry.script) ?? (idOf.get(entry.script) as string), entry);
    const byId = drafts.indexOfId(job.id);
    const byScript = drafts.indexOfScript(entry.script);
    const existing = byId === -1 ? byScript : byScript === -1 ? byId : Math.min(byId, byScript);
    if (existing === -1) drafts.push(job);
    else drafts.set(existing, job);
  }

  const detected = new Map(input.discovered.map((entry) => [entry.script, entry.supports]));
  const fileSystem: MergeFileSystem = {
    ...input.fileSystem,
    supportsOf: async (script) => detected.get(script) ?? input.fileSystem.supportsOf(script),
  };
  for (const { job, script } of configJobs) {
    await applyConfigJob(drafts, job, script, input.workingDirectory, fileSystem, warnings);
  }

  // Each draft expands straight into specs (no copy of a draft per variant): 100,000 variants are cheap.
  const jobs: JobSpec[] = [];
  const origins = new Map<string, Draft>();
  for (const draft of drafts.values()) {
    for (const job of expandDraft(draft)) {
      const other = origins.get(job.id);
      if (other) {
        const where = whereOf(draft) ?? whereOf(other) ?? 'config';
        throw new InputError(
          where,
          `${where === 'config' ? '' : `${where}: `}two jobs would have the id '${job.id}' (${describeJob(other)} and ` +
            `${describeJob(draft)}). Job ids must be unique.`,
        );
      }
      origins.set(job.id, draft);
      jobs.push(job);
    }
  }
  return { jobs, warnings };
}

/** The checks that need no other job: script and command together, a script path escaping. */
function checkedConfigJob(
  job: ConfigJob,
  workingDirectory: string,
): { job: ConfigJob; script: string | undefined } {
  if (job.script !== undefined && job.command !== undefined) {
    throw new InputError(
      job.where,
      `${job.where}: job '${job.id}': it sets both script and command; a job runs one of them.`,
    );
  }
  if (job.script === undefined) return { job, script: undefined };
  const where = job.keyWhere.script ?? job.where;
  const script = insidePath(workingDirectory, job.script, where, job.id, 'script');
  if (script === '.') {
    throw new InputError(
      where,
      `${where}: job '${job.id}': script must be a file, not the working directory.`,
    );
  }
  return { job, script };
}

function discoveredJob(id: string, entry: DiscoveredScript): Draft {
  return { ...blankJob(id), source: 'discovered', script: entry.script, supports: entry.supports };
}

function blankJob(id: string): Draft {
  return {
    id,
    baseId: undefined,
    source: 'config',
    script: undefined,
    command: undefined,
    args: [],
    cwd: '.',
    outputDir: undefined,
    supports: NO_SUPPORT,
    sweepFlags: [],
    optional: undefined,
    retries: undefined,
    timeoutMinutes: undefined,
    env: {},
    runsOn: undefined,
  };
}

/** Where a draft's jobs were defined: its config entry, or for a discovered job given a matrix, the matrix. */
function whereOf(draft: Draft): string | undefined {
  return draft.where ?? draft.sweep?.where;
}

function describeJob(job: Draft): string {
  const what = job.script !== undefined ? job.script : `command ${(job.command ?? []).join(' ')}`;
  const where = whereOf(job);
  return job.source === 'config' && where ? `${what} at ${where}` : `${what} (${job.source})`;
}

async function applyConfigJob(
  drafts: DraftList,
  job: ConfigJob,
  script: string | undefined,
  workingDirectory: string,
  fileSystem: MergeFileSystem,
  warnings: string[],
): Promise<void> {
  const { id, where } = job;
  const at = (key: ConfigJobKey): string => job.keyWhere[key] ?? where;
  const fail = (location: string, message: string): never => {
    throw new InputError(location, `${location}: job '${id}': ${message}`);
  };

  const byScript = script === undefined ? -1 : drafts.indexOfScript(script);
  const byId = drafts.indexOfId(id);
  if (byScript !== -1 && byId !== -1 && byScript !== byId) {
    // Only a built-in job can still hold the id here: discovered scripts never take a claimed id.
    fail(
      where,
      `the id is already taken by ${describeJob(drafts.at(byId))}, which does not run ${script}. Choose another id.`,
    );
  }
  const index = byScript !== -1 ? byScript : byId;
  const target = index === -1 ? undefined : drafts.at(index);
  if (target?.script !== undefined && job.enabled !== false) {
    const replacement =
      script !== undefined && script !== target.script
        ? script
        : job.command
          ? `command ${job.command.join(' ')}`
          : undefined;
    if (replacement !== undefined) {
      warnings.push(
        `${where}: job '${id}' runs ${replacement} instead of the ${target.source} script ${target.script}.`,
      );
    }
  }

  if (job.enabled === false) {
    if (target) drafts.remove(index);
    else warnings.push(`${where}: job '${id}' is disabled (enabled: false) but matches no job.`);
    return;
  }
  if (!target && script === undefined && job.command === undefined) {
    const known = drafts.values().map((other) => other.id);
    const hint = didYouMean(id, known);
    fail(
      where,
      `no discovered job has this id or script, so it needs script or command.` +
        (hint || (known.length > 0 ? ` Known ids: ${known.join(', ')}.` : '')),
    );
  }

  const base: Draft = target ?? blankJob(id);
  let supports = base.supports;
  let command = base.command;
  let newScript = base.script;
  if (script !== undefined && script !== base.script) {
    const detected = await fileSystem.supportsOf(script);
    if (!detected) fail(at('script'), `script ${quoteValue(script)} does not exist or is not a file.`);
    supports = detected ?? NO_SUPPORT;
    newScript = script;
    command = undefined;
  }
  if (job.command !== undefined) {
    // A command is not a Python script: nothing is detected, flags are passed only when set to true.
    command = job.command;
    newScript = undefined;
    supports = NO_SUPPORT;
  }
  supports = {
    epochs: job.epochs ?? supports.epochs,
    folds: job.folds ?? supports.folds,
    output_dir: job.outputDirFlag ?? supports.output_dir,
  };

  let cwd = base.cwd;
  if (job.cwd !== undefined) {
    cwd = insidePath(workingDirectory, job.cwd, at('cwd'), id, 'cwd');
    if (!(await fileSystem.isDirectory(cwd)))
      fail(at('cwd'), `cwd ${quoteValue(job.cwd)} is not an existing folder.`);
  }
  let outputDir = base.outputDir;
  if (job.outputDir !== undefined) {
    outputDir = insidePath(workingDirectory, job.outputDir, at('output_dir'), id, 'output_dir');
    if (outputDir === '.')
      fail(at('output_dir'), 'output_dir must be a folder inside the working directory, not all of it.');
  }

  const merged: Draft = {
    ...base,
    id,
    source: 'config',
    script: newScript,
    command,
    args: job.args ?? base.args,
    cwd,
    outputDir,
    supports,
    optional: job.optional ?? base.optional,
    retries: job.retries ?? base.retries,
    timeoutMinutes: job.timeoutMinutes ?? base.timeoutMinutes,
    env: { ...base.env, ...job.env },
    runsOn: job.runsOn ?? base.runsOn,
    metricRules: job.metrics ?? base.metricRules,
    gates: job.gates ?? base.gates,
    ...(job.resources || base.resources ? { resources: { ...base.resources, ...job.resources } } : {}),
    inputs: job.inputs ?? base.inputs,
    sweep: job.sweep ?? base.sweep,
    where,
  };
  if (target) drafts.set(index, merged);
  else drafts.push(merged);
}

/**
 * The jobs while the layers merge, in order, with the two look-ups a merge makes kept in maps: by id, and
 * (built-in and discovered jobs only: config jobs are matched by id) by script. Merging n config jobs then
 * costs O(n) instead of a scan of every job per config job (20,000 config jobs planned in ~30 s before).
 * A removed job leaves an empty slot, so the other jobs keep their places and their indexes stay valid.
 */
class DraftList {
  private readonly slots: (Draft | undefined)[] = [];
  private readonly byId = new Map<string, number>();
  private readonly byScript = new Map<string, number>();

  constructor(initial: readonly Draft[]) {
    for (const draft of initial) this.push(draft);
  }

  /** The first job with this id, or -1. */
  indexOfId(id: string): number {
    return this.byId.get(id) ?? -1;
  }

  /** The first built-in or discovered job running this script, or -1. */
  indexOfScript(script: string): number {
    return this.byScript.get(script) ?? -1;
  }

  at(index: number): Draft {
    const draft = this.slots[index];
    if (draft === undefined) throw new Error(`No job at index ${index} (removed).`);
    return draft;
  }

  push(draft: Draft): void {
    this.slots.push(draft);
    this.index(draft, this.slots.length - 1);
  }

  set(index: number, draft: Draft): void {
    this.unindex(index);
    this.slots[index] = draft;
    this.index(draft, index);
  }

  remove(index: number): void {
    this.unindex(index);
    this.slots[index] = undefined;
  }

  /** The jobs in order. */
  values(): Draft[] {
    return this.slots.filter((draft): draft is Draft => draft !== undefined);
  }

  private index(draft: Draft, index: number): void {
    if (!this.byId.has(draft.id)) this.byId.set(draft.id, index);
    if (draft.source !== 'config' && draft.script !== undefined && !this.byScript.has(draft.script))
      this.byScript.set(draft.script, index);
  }

  private unindex(index: number): void {
    const draft = this.slots[index];
    if (draft === undefined) return;
    if (this.byId.get(draft.id) === index) this.byId.delete(draft.id);
    if (draft.script !== undefined && this.byScript.get(draft.script) === index)
      this.byScript.delete(draft.script);
  }
}

/** `target` resolved against the working directory, as a relative POSIX path; an InputError when it escapes. */
function insidePath(
  workingDirectory: string,
  target: string,
  where: string,
  id: string,
  key: string,
): string {
  const inside = resolveInside(workingDirectory, target);
  if (!inside) {
    throw new InputError(
      where,
      `${where}: job '${id}': ${key} ${quoteValue(target)} is outside the working directory ${workingDirectory}. ` +
        `Expected a path inside it.`,
    );
  }
  return inside.relative;
}

/**
 * A job with a matrix becomes one job per combination, the others one job. Specs are built field by field
 * (one object of one shape per job, not a spread of the draft and then a copy without its extra keys).
 */
function expandDraft(draft: Draft): JobSpec[] {
  const sweep = draft.sweep;
  if (!sweep)
    return [specOf(draft, draft.id, undefined, draft.outputDir, draft.sweepFlags, draft.sweepParams)];
  return expandSweep(sweep, draft.id).map((variant): JobSpec => {
    const id = `${draft.id}.${variant.suffix}`;
    if (!JOB_ID_PATTERN.test(id)) {
      throw new InputError(
        sweep.where,
        `${sweep.where}: job '${draft.id}': the sweep id '${id}' is longer than 128 characters. Use shorter ` +
          `parameter names or values.`,
      );
    }
    const outputDir = draft.outputDir === undefined ? undefined : `${draft.outputDir}/${variant.suffix}`;
    return specOf(draft, id, draft.id, outputDir, variant.flags, variant.values);
  });
}

function specOf(
  draft: Draft,
  id: string,
  baseId: string | undefined,
  outputDir: string | undefined,
  sweepFlags: string[],
  sweepParams: [string, string][] | undefined,
): JobSpec {
  return {
    id,
    baseId: baseId ?? draft.baseId,
    source: draft.source,
    script: draft.script,
    command: draft.command,
    args: draft.args,
    cwd: draft.cwd,
    outputDir,
    supports: draft.supports,
    sweepFlags,
    sweepParams,
    metricRules: draft.metricRules,
    gates: draft.gates,
    optional: draft.optional,
    retries: draft.retries,
    timeoutMinutes: draft.timeoutMinutes,
    env: draft.env,
    runsOn: draft.runsOn,
    resources: draft.resources,
    inputs: draft.inputs,
  };
}
