import {
  type JobCache,
  type Logger,
  type Plan,
  type Settings,
  type JobResult,
  type RunStatus,
} from '../model/types.js';
import type { RunDeps, RunEvent } from '../run/types.js';
import type { Summary } from '../report/summary.js';
import { buildPlan } from '../plan/plan.js';
import { readHistoryDetails } from '../plan/history.js';
import { defaultCapacityDeps, detectCapacity, type CapacityDeps } from '../resources/capacity.js';
import { autoWorkerCount, checkRequestsFit, planResources } from '../resources/requests.js';
import { applyShard } from '../plan/shard.js';
import { checkWritableFolders } from '../run/preflight.js';
import { describeFsError } from '../run/fs-error.js';
import { RunFault, runPlan } from '../run/run-plan.js';
import { decideStatus, exitCodeFor } from '../report/status.js';
import { buildSummary, summaryFileName, writeSummary, type BuildSummaryInput } from '../report/summary.js';
import { Redactor } from '../report/redact.js';
import { assessRun, type LoadedBaseline } from '../report/quality.js';
import { buildProvenance, type ProvenanceEnvironment } from '../report/provenance.js';
import { probedPythonVersion } from '../plan/python.js';
import path from 'node:path';
import { formatByteSize } from '../plan/byte-size.js';
import { escapeReason, isReallyInside } from '../plan/real-path.js';
import { UsageMonitor } from '../resources/usage-monitor.js';
import type { CacheStore } from '../cache/store.js';
import type { JobCacheContext } from '../cache/job-cache.js';
import { resolveForcedJobs } from '../cache/force.js';

export type OrchestrateMode = 'list' | 'dry-run' | 'run';

export interface OrchestrateDeps {
  logger: Logger;
  /** Aborted on SIGINT/SIGTERM: no new job starts, running jobs are terminated, the summary is still written. */
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
  /**
   * Called once the plan exists, before any job starts (the action saves state, prints the header). `workers`:
   * jobs at once (1 when sequential; `max_workers: auto` resolved for this plan and machine).
   */
  onPlan?: (plan: Plan, run: { workers: number }) => void | Promise<void>;
  now?: () => Date;
  /** Fault injection for tests: how the summary is built and written (default: the real ones). */
  buildSummary?: (input: BuildSummaryInput) => Summary;
  writeSummary?: (summary: Summary, directory: string, at: Date) => Promise<string>;
  /** GITHUB_SHA, GITHUB_RUN_ID, … for the summary's provenance, passed in by the shells (absent: null fields). */
  environment?: ProvenanceEnvironment;
  /** Folders outside the working directory the shell itself downloaded a baseline into (see readBaseline). */
  trustedBaselineFolders?: readonly string[];
  /** How CPUs, memory and GPUs are detected (default: the real machine; tests hand in a fake nvidia-smi). */
  capacity?: CapacityDeps;
  /** How job processes start (tests count them); default node's spawn. */
  spawn?: RunDeps['spawn'];
  /** Where job cache entries live; used when `settings.cache` is on (no store: caching is off). */
  cacheStore?: CacheStore;
  /** Names this run in the entries it stores (a run URL); default "local <start time>". */
  cacheSource?: string;
  /** Overrides for tests (grace periods, retry delay, echo limit). */
  runOverrides?: {
    retryDelayMs?: number;
    timeoutKillGraceMs?: number;
    cancelKillGraceMs?: number;
    echoLimitBytes?: number;
  };
}

export interface OrchestrateResult {
  mode: OrchestrateMode;
  plan: Plan;
  results: JobResult[];
  /** Present in `run` mode. */
  summary?: Summary;
  /** Absent when the summary could not be written (see `errors`). */
  summaryPath?: string;
  status?: RunStatus;
  exitCode: 0 | 1 | 130;
  redactor: Redactor;
  /**
   * Faults of the orchestrator while running or reporting (never a job's failure), one line each, naming the
   * file when a file could not be written. Any of them makes the exit code 1 (unless cancelled: 130).
   */
  errors: string[];
  /** The baseline the run was compared with (run mode, when one was read): the step summary draws its curves. */
  baseline?: LoadedBaseline | null;
}

/**
 * The whole product minus GitHub: plan, and unless listing or dry-running, run and summarize.
 * Bad input throws InputError before any job starts; a failed job is a result, not an exception.
 */
export async function orchestrate(settings: Settings, deps: OrchestrateDeps): Promise<OrchestrateResult> {
  const now = deps.now ?? (() => new Date());
  const redactor = new Redactor(settings.secrets);
  // Read before the plan: `shard` without `only` splits the plan by it (see src/plan/shard.ts).
  const history = settings.historyFile
    ? await readHistoryDetails(path.resolve(settings.workingDirectory, settings.historyFile))
    : undefined;
  const expectedDurations = history?.durations;
  const baseline = settings.baseline ? await loadBaseline(settings, deps) : null;
  const plan = applyShard(await buildPlan(settings, { logger: deps.logger }), settings, expectedDurations);
  const mode: OrchestrateMode = settings.listOnly ? 'list' : settings.dryRun ? 'dry-run' : 'run';
  // A summaries folder that cannot take a file is found now, not after the jobs have run.
  if (mode === 'run') checkWritableFolders(settings, { withJobs: plan.jobs.length > 0 });
  // What the machine has, and a job that could never start on it refused, before anything starts.
  const resources =
    mode === 'run' ? await prepareResources(plan, settings, history?.peakMemory, deps) : undefined;
  // `max_workers: auto` shown as what it comes to here (the pool keeps its ceiling; the resources decide).
  const shown =
    settings.maxWorkersAuto && resources
      ? { ...settings, maxWorkers: autoWorkerCount(plan.jobs, resources) }
      : settings;
  await deps.onPlan?.(plan, { workers: shown.parallel ? shown.maxWorkers : 1 });
  const store = settings.cache ? deps.cacheStore : undefined;
  // An id or glob that names no job is an error even without a store: a typo is found on the first run.
  const force = resolveForcedJobs(plan.jobs, settings.forceJobs ?? []);
  // The cache code (keys, entries, hashing) and the baseline reader are loaded only when a run uses them.
  const jobCache = store ? await import('../cache/job-cache.js') : undefined;
  const keys = jobCache ? await jobCache.planJobKeys(plan, settings, redactor, deps.logger) : undefined;
  if (mode !== 'run') {
    if (store && keys && jobCache)
      for (const line of await jobCache.cacheStatusLines(plan, keys, force, store, redactor))
        deps.logger.info(line);
    return { mode, plan, results: [], exitCode: 0, redactor, errors: [] };
  }

  const startedAt = now();
  const cacheContext: JobCacheContext | undefined = store && {
    store,
    workingDirectory: settings.workingDirectory,
    logger: deps.logger,
    redactor,
    now,
    source: deps.cacheSource ?? `local ${startedAt.toISOString()}`,
  };
  // Restored before the run: the runner gets only the jobs to run and never learns about caching.
  const cached =
    cacheContext && keys && jobCache
      ? await jobCache.restoreJobs(plan, keys, force, cacheContext)
      : { restored: new Map<string, JobResult>(), decisions: new Map() };
  const toRun =
    cached.restored.size > 0
      ? { ...plan, jobs: plan.jobs.filter((job) => !cached.restored.has(job.id)) }
      : plan;
  const saves: Promise<void>[] = [];
  const offset = cached.restored.size;
  let restoredIndex = 0;
  for (const job of plan.jobs) {
    const result = cached.restored.get(job.id);
    if (result)
      deps.onEvent?.({ type: 'job-end', job, result, index: ++restoredIndex, total: plan.jobs.length });
  }
  const onEvent =
    cacheContext && keys && jobCache
      ? (event: RunEvent) => {
          if (event.type === 'job-end' && event.result.status === 'succeeded') {
            const jobKey = keys.keys.get(event.job.id);
            const result = event.result;
            const decided = cached.decisions.get(event.job.id);
            if (jobKey)
              saves.push(
                jobCache
                  .saveJob(event.job, result, jobKey, cacheContext, {
                    forced: decided?.outcome === 'forced',
                  })
                  .then((outcome) => {
                    result.cache =
                      outcome.outcome === 'stored' && decided?.outcome === 'forced'
                        ? { ...outcome, outcome: 'forced', reason: 'forced to run; stored' }
                        : outcome.outcome === 'stored' && decided?.reason
                          ? { ...outcome, reason: `ran: ${decided.reason}` }
                          : outcome;
                  }),
              );
          }
          if (offset > 0 && (event.type === 'job-start' || event.type === 'job-end'))
            deps.onEvent?.({ ...event, index: event.index + offset, total: event.total + offset });
          else deps.onEvent?.(event);
        }
      : deps.onEvent;
  const summariesDir = path.resolve(settings.workingDirectory, settings.summariesDir);
  const errors: string[] = [];
  let results: JobResult[];
  const intervalMs = settings.resourceIntervalMs ?? 0;
  const monitor = intervalMs > 0 ? new UsageMonitor({ intervalMs, logger: deps.logger }) : undefined;
  try {
    results = await runPlan(
      toRun,
      {
        workingDirectory: settings.workingDirectory,
        parallel: settings.parallel,
        maxWorkers: settings.parallel ? settings.maxWorkers : 1,
        signal: deps.signal,
        redactor,
        onEvent,
        expectedDurations,
        monitor,

        resources,
        spawnServicePython: plan.python || settings.python,
        spawnService: settings.spawnService,
        ...deps.runOverrides,
      },
      { logger: deps.logger, ...(deps.spawn ? { spawn: deps.spawn } : {}) },
    );
  } catch (error) {
    // An orchestrator fault, not a job failure: the jobs that ran keep their results, the fault is named.
    const cause = error instanceof RunFault ? error.cause : error;
    // Our own bug: the stack is for whoever debugs it (verbose), the message for everyone.
    if (cause instanceof Error && cause.stack) deps.logger.debug(cause.stack);
    results = error instanceof RunFault ? error.results : [];
    errors.push(
      `The orchestrator failed during the run: ${messageOf(error instanceof RunFault ? error.cause : error)}`,
    );
  }
  monitor?.close();
  // Entries are stored on each job's end; the summary waits for them (a store fault is a warning, never a throw).
  await Promise.all(saves);
  if (keys) results = mergeCached(plan, results, cached.restored, cached.decisions, keys.keys);
  const finishedAt = now();
  const cancelled = deps.signal?.aborted ?? false;
  const quality = assessRun(plan, results, baseline);
  for (const note of quality.notes) deps.logger.info(note);
  let status = decideStatus(plan, results, {
    allowPartialSuccess: settings.allowPartialSuccess,
    cancelled,
    gateFailed: new Set([...quality.gateFailed.required, ...quality.gateFailed.optional]),
  });
  if (errors.length > 0 && status !== 'cancelled') status = 'failure';
  const provenance = buildProvenance(deps.environment ?? {}, {
    path: plan.python || settings.python,
    version: plan.python ? probedPythonVersion(plan.python) : null,
  });
  const summary = buildSummaryOrFallback(
    {
      settings: shown,
      plan,
      results,
      startedAt,
      finishedAt,
      status,
      redactor,
      provenance,
      quality,
      resources: monitor?.runResources() ?? undefined,
    },
    errors,
    deps.buildSummary ?? buildSummary,
  );
  let summaryPath: string | undefined;
  try {
    // Checked before any job started, and again now: a job may have swapped the folder for a link since.
    if (!isReallyInside(settings.workingDirectory, summariesDir)) {
      throw new Error(`${escapeReason(settings.workingDirectory, summariesDir)} (replaced during the run)`);
    }
    summaryPath = await (deps.writeSummary ?? writeSummary)(summary, summariesDir, startedAt);
  } catch (error) {
    const file = path.join(
      path.relative(settings.workingDirectory, summariesDir) || '.',
      summaryFileName(startedAt),
    );
    errors.push(`Could not write the summary ${file}: ${describeFsError(error)}.`);
  }
  const reported = errors.map((error) => redactor.redact(error));
  const exitCode = exitCodeFor(status) === 0 && reported.length > 0 ? 1 : exitCodeFor(status);
  return {
    mode,
    plan,
    results,
    summary,
    summaryPath,
    status,
    exitCode,
    redactor,
    errors: reported,
    baseline,
  };
}

/**
 * The summary, and if building it fails (a fault of ours), a second one without the jobs' metrics and
 * tails (what a job wrote is the likely cause), with the fault in `errors`. Statuses and counts are kept
 * either way: a fault in reporting never relabels a job.
 */
function buildSummaryOrFallback(
  input: BuildSummaryInput,
  errors: string[],
  build: (input: BuildSummaryInput) => Summary,
): Summary {
  const withErrors = (summary: Summary): Summary =>
    errors.length > 0 ? { ...summary, errors: errors.map((e) => input.redactor.redact(e)) } : summary;
  try {
    return withErrors(build(input));
  } catch (error) {
    errors.push(
      `Could not build the summary: ${messageOf(error)}. It was written without the jobs' metrics and log tails.`,
    );
    const results = input.results.map((result) => ({ ...result, metrics: null, tail: [] }));
    return withErrors(buildSummary({ ...input, results }));
  }
}

/** The baseline, or null with a notice (missing) or a warning (unreadable, not a summary); outside: InputError. */
async function loadBaseline(settings: Settings, deps: OrchestrateDeps): Promise<LoadedBaseline | null> {
  const { readBaseline } = await import('../report/baseline.js');
  const read = await readBaseline(settings.baseline as string, {
    workingDirectory: settings.workingDirectory,
    trustedFolders: deps.trustedBaselineFolders,
  });
  for (const note of read.notes) deps.logger.debug(note);
  if (read.baseline === null) {
    const level = read.missing ? 'info' : 'warn';
    deps.logger[level](`${read.reason} Metrics are not compared and regression gates are not checked.`);
    return null;
  }
  deps.logger.info(`Baseline: ${read.baseline.path} (run of ${read.baseline.started_at}).`);
  return read.baseline;
}

/** Detects the capacity (nvidia-smi only when some job asks for GPUs), plans the requests, checks they fit. */
async function prepareResources(
  plan: Plan,
  settings: Settings,
  peaks: Map<string, number> | undefined,
  deps: OrchestrateDeps,
) {
  const wantsGpus = plan.jobs.some((job) => (job.resources?.gpus ?? 0) > 0);
  const capacity = await detectCapacity(settings, wantsGpus, deps.capacity ?? defaultCapacityDeps());
  const resources = planResources({ jobs: plan.jobs, capacity, settings, peaks });
  if (resources.gated) {
    const gpus = resources.gpusInPlay
      ? `, GPUs ${capacity.gpus.join(',') || 'none'} (${capacity.sources.gpus})`
      : '';
    deps.logger.debug(
      `Resources: ${capacity.cpus} CPUs (${capacity.sources.cpus}), ${formatByteSize(capacity.memoryBytes)} ` +
        `memory (${capacity.sources.memory})${gpus}; jobs start when their cpus, memory and gpus fit.`,
    );
  }
  checkRequestsFit(plan.jobs, resources);
  return resources;
}

/** Plan order: restored results where a job was restored, the runner's otherwise, each with what the cache did. */
function mergeCached(
  plan: Plan,
  ran: JobResult[],
  restored: ReadonlyMap<string, JobResult>,
  decisions: ReadonlyMap<string, JobCache>,
  keys: ReadonlyMap<string, { key: string }>,
): JobResult[] {
  const byId = new Map(ran.map((result) => [result.id, result]));
  const merged: JobResult[] = [];
  for (const job of plan.jobs) {
    const result = restored.get(job.id) ?? byId.get(job.id);
    if (!result) continue;
    const key = keys.get(job.id)?.key;
    if (!result.cache && key) result.cache = decisions.get(job.id) ?? { key, outcome: 'miss' };
    merged.push(result);
  }
  return merged;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
