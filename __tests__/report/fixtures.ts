import type {
  AttemptResult,
  JobResult,
  JobStatus,
  Plan,
  PlannedJob,
  Settings,
} from '../../src/model/types.js';
import { Redactor } from '../../src/report/redact.js';
import { buildSummary, type Summary } from '../../src/report/summary.js';

/** Small factories for report tests: a run is a list of job specs, everything else has defaults. */

export const T0 = Date.parse('2026-11-28T22:10:00.000Z');

export function makeSettings(over: Partial<Settings> = {}): Settings {
  return {
    workingDirectory: '/work/repo',
    epochs: undefined,
    folds: undefined,
    only: [],
    exclude: [],
    parallel: false,
    maxWorkers: 1,
    retries: 0,
    config: undefined,
    extraArgs: [],
    dryRun: false,
    listOnly: false,
    noAutoDiscover: false,
    discoverRoots: undefined,
    allowPartialSuccess: false,
    verbose: false,
    python: 'auto',
    resultsDir: 'results',
    logsDir: 'logs',
    summariesDir: 'summaries',
    timeoutMinutes: 0,
    historyFile: undefined,
    rerunFailedFrom: undefined,
    shard: undefined,
    secrets: [],
    jobEnv: {},
    baseline: undefined,
    ...over,
  };
}

export function makeJob(id: string, over: Partial<PlannedJob> = {}): PlannedJob {
  return {
    id,
    script: `training/train_${id}.py`,
    command: ['/usr/bin/python3', `training/train_${id}.py`, '--output-dir', `results/${id}_results`],
    cwd: '/work/repo',
    env: {},
    optional: false,
    retries: 0,
    timeoutMinutes: 0,
    outputDir: `results/${id}_results`,
    logPath: `logs/${id}.log`,
    supports: { epochs: true, folds: false, output_dir: true },
    source: 'discovered',
    runsOn: undefined,
    baseId: undefined,
    ...over,
  };
}

export function makePlan(jobs: PlannedJob[], warnings: string[] = []): Plan {
  return { jobs, warnings, python: '/usr/bin/python3', configPath: undefined };
}

export interface ResultSpec {
  status?: JobStatus;
  /** Seconds after T0. */
  start?: number;
  duration?: number;
  attempts?: number;
  exitCode?: number | null;
  signal?: string | null;
  tail?: string[];
  metrics?: Record<string, unknown> | null;
}

export function makeResult(id: string, spec: ResultSpec = {}): JobResult {
  const status = spec.status ?? 'succeeded';
  if (status === 'skipped') {
    return {
      id,
      status,
      attempts: [],
      exit_code: null,
      signal: null,
      started_at: null,
      finished_at: null,
      duration_seconds: 0,
      tail: [],
      metrics: null,
      output_bytes: 0,
    };
  }
  const start = T0 + (spec.start ?? 0) * 1000;
  const duration = spec.duration ?? 1.5;
  const count = spec.attempts ?? 1;
  const exitCode =
    spec.exitCode !== undefined ? spec.exitCode : status === 'succeeded' ? 0 : status === 'failed' ? 1 : null;
  const signal = spec.signal !== undefined ? spec.signal : status === 'timed_out' ? 'SIGTERM' : null;
  const per = duration / count;
  const attempts: AttemptResult[] = Array.from({ length: count }, (_, i) => ({
    attempt: i + 1,
    exit_code: i === count - 1 ? exitCode : 1,
    signal: i === count - 1 ? signal : null,
    status: i === count - 1 && status !== 'cached' ? status : i === count - 1 ? 'succeeded' : 'failed',
    started_at: new Date(start + i * per * 1000).toISOString(),
    finished_at: new Date(start + (i + 1) * per * 1000).toISOString(),
    duration_seconds: per,
  }));
  return {
    id,
    status,
    attempts,
    exit_code: exitCode,
    signal,
    started_at: new Date(start).toISOString(),
    finished_at: new Date(start + duration * 1000).toISOString(),
    duration_seconds: duration,
    tail:
      spec.tail ??
      (status === 'succeeded' ? ['done'] : ['Traceback (most recent call last):', 'ValueError: boom']),
    metrics:
      spec.metrics !== undefined ? spec.metrics : status === 'succeeded' ? { accuracy: 0.91234 } : null,
    output_bytes: 100,
  };
}

export interface JobSpec extends ResultSpec {
  id: string;
  optional?: boolean;
  timeoutMinutes?: number;
  /** No result at all for this job (the runner never reached it). */
  noResult?: boolean;
  job?: Partial<PlannedJob>;
}

export interface RunSpec {
  jobs: JobSpec[];
  settings?: Partial<Settings>;
  status?: Summary['status'];
  shard?: string;
  /** Seconds. */
  runDuration?: number;
}

export function makeRun(spec: RunSpec): { settings: Settings; plan: Plan; results: JobResult[] } {
  const settings = makeSettings(spec.settings);
  const plan = makePlan(
    spec.jobs.map((j) =>
      makeJob(j.id, { optional: j.optional ?? false, timeoutMinutes: j.timeoutMinutes ?? 0, ...j.job }),
    ),
  );
  const results = spec.jobs.filter((j) => !j.noResult).map((j) => makeResult(j.id, j));
  return { settings, plan, results };
}

export function makeSummary(spec: RunSpec): Summary {
  const { settings, plan, results } = makeRun(spec);
  return buildSummary({
    settings,
    plan,
    results,
    startedAt: new Date(T0),
    finishedAt: new Date(T0 + (spec.runDuration ?? 60) * 1000),
    status: spec.status ?? 'success',
    redactor: new Redactor(settings.secrets),
    shard: spec.shard,
  });
}

/** `n` jobs named job-000…, each with the given spec. */
export function manyJobs(n: number, spec: Omit<JobSpec, 'id'>): JobSpec[] {
  return Array.from({ length: n }, (_, i) => ({
    ...spec,
    id: `job-${String(i).padStart(3, '0')}`,
    start: i,
  }));
}
