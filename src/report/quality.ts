import type { Curve } from '../model/types.js';
import type { JobResult, Plan } from '../model/types.js';
import { compareMetrics, comparisonOutcome, type MetricComparison } from './compare.js';
import { evaluateGates, type JobGates } from './gates.js';
import { isSuccessStatus } from './outcome.js';

/**
 * "Is the model better?": each job's metrics compared with the baseline and checked against its gates,
 * once the jobs have run and before the run's status is decided (a required job that breaks a gate fails
 * the run like a failed job). Pure.
 */

/** What the comparison needs from a baseline summary (v1 and v2 summaries both have it). */
export interface BaselineJob {
  id: string;
  status: string | undefined;
  metrics: Record<string, unknown> | null;
  /** Its learning curves as the file holds them (untrusted: the chart code checks every point). */
  curves?: Curve[] | null;
}

/** A baseline summary, read and checked (see readBaseline). */
export interface LoadedBaseline {
  /** As given or found, relative to the working directory when inside it. */
  path: string;
  started_at: string;
  commit: string | null;
  run_url: string | null;
  jobs: BaselineJob[];
}

/** The summary's `baseline` field. */
export interface SummaryBaseline {
  path: string;
  started_at: string;
  commit: string | null;
  run_url: string | null;
}

/** The summary's run-level `gates` field (present only when some job has gates). */
export interface SummaryGates {
  /** No required job broke a gate (optional jobs only warn). */
  passed: boolean;
  /** Gates broken over all jobs, optional ones included. */
  broken: number;
  /** Jobs with at least one metric `regressed` against the baseline. */
  regressed_jobs: string[];
  /** Jobs with at least one metric `improved` and none `regressed`. */
  improved_jobs: string[];
}

export interface JobQuality {
  /** null when there is no baseline, or the job did not run. */
  comparison: MetricComparison[] | null;
  /** Absent when no gate applies to the job or it did not succeed (a failed job fails on its own). */
  gates?: JobGates;
}

export interface RunQuality {
  baseline: SummaryBaseline | null;
  jobs: Map<string, JobQuality>;
  /** Set only when some planned job has gates. */
  gates: SummaryGates | undefined;
  /** Ids of the jobs whose gates broke, required and optional apart, in plan order. */
  gateFailed: { required: string[]; optional: string[] };
  /** For the log: regression gates skipped for want of a baseline, and the like. */
  notes: string[];
}

/**
 * Compares and gates every planned job that has a result:
 * - comparison: for each job that ran (not `skipped`) when there is a baseline, against the baseline's
 *   entry with the same id (a job new since the baseline has only `new` metrics);
 * - gates: for each job that succeeded and has gates (a job that failed has already failed).
 * Results for ids outside the plan get neither (they have no config).
 */
export function assessRun(
  plan: Plan,
  results: readonly JobResult[],
  baseline: LoadedBaseline | null,
): RunQuality {
  const baselineJobs = new Map<string, BaselineJob>();
  // A merged summary may list an id twice; the last entry wins, as for history files.
  for (const job of baseline?.jobs ?? []) baselineJobs.set(job.id, job);
  const byId = new Map(results.map((result) => [result.id, result]));
  const jobs = new Map<string, JobQuality>();
  const gateFailed = { required: [] as string[], optional: [] as string[] };
  const notes: string[] = [];
  let anyGates = false;
  let broken = 0;
  let regressionGatesWithoutBaseline = 0;
  const regressed: string[] = [];
  const improved: string[] = [];

  for (const job of plan.jobs) {
    const result = byId.get(job.id);
    if (!result) continue;
    const before = baselineJobs.get(job.id);
    const comparison =
      baseline && result.status !== 'skipped'
        ? compareMetrics(result.metrics, before?.metrics ?? null, job.metricRules)
        : null;
    const outcome = comparisonOutcome(comparison);
    if (outcome === 'regressed') regressed.push(job.id);
    if (outcome === 'improved') improved.push(job.id);
    const quality: JobQuality = { comparison };
    const rules = job.gates ?? {};
    if (Object.keys(rules).length > 0) {
      anyGates = true;
      if (isSuccessStatus(result.status)) {
        const gates = evaluateGates(job.id, rules, result.metrics, before?.metrics ?? null, {
          hasBaseline: baseline !== null,
        });
        quality.gates = gates;
        broken += gates.broken.length;
        if (!gates.passed) (job.optional ? gateFailed.optional : gateFailed.required).push(job.id);
        if (!baseline) regressionGatesWithoutBaseline += countRegressionRules(rules);
      }
    }
    jobs.set(job.id, quality);
  }
  if (regressionGatesWithoutBaseline > 0) {
    notes.push(
      `${regressionGatesWithoutBaseline} regression gate${regressionGatesWithoutBaseline === 1 ? '' : 's'} ` +
        `(max_drop, max_rise and their _relative forms) not checked: there is no baseline.`,
    );
  }
  return {
    baseline: baseline
      ? {
          path: baseline.path,
          started_at: baseline.started_at,
          commit: baseline.commit,
          run_url: baseline.run_url,
        }
      : null,
    jobs,
    gates: anyGates
      ? {
          passed: gateFailed.required.length === 0,
          broken,
          regressed_jobs: regressed,
          improved_jobs: improved,
        }
      : undefined,
    gateFailed,
    notes,
  };
}

function countRegressionRules(rules: NonNullable<Plan['jobs'][number]['gates']>): number {
  let count = 0;
  for (const rule of Object.values(rules)) {
    for (const name of ['max_drop', 'max_rise', 'max_drop_relative', 'max_rise_relative'] as const)
      if (typeof rule[name] === 'number') count += 1;
  }
  return count;
}

/** Ids of jobs whose comparison regressed / improved (see SummaryGates), for outputs without gates too. */
export function comparisonLists(jobs: readonly { id: string; comparison?: MetricComparison[] | null }[]): {
  regressed: string[];
  improved: string[];
} {
  const regressed: string[] = [];
  const improved: string[] = [];
  for (const job of jobs) {
    const outcome = comparisonOutcome(job.comparison);
    if (outcome === 'regressed') regressed.push(job.id);
    else if (outcome === 'improved') improved.push(job.id);
  }
  return { regressed, improved };
}
