import type { Plan } from '../model/types.js';
import { planToJobsOutput } from '../plan/plan.js';
import { buildRunOutputs } from '../report/outputs.js';
import { fitOutputs } from '../report/output-budget.js';
import type { Redactor } from '../report/redact.js';
import type { Summary } from '../report/summary.js';
import type { UploadedArtifacts } from './artifacts.js';
import { ActionOutput, type ActionOutputName } from './constants.js';

export type ActionOutputs = Partial<Record<ActionOutputName, string>>;

/** `list_only` / `dry_run`: the planned jobs, and `success` (nothing ran, nothing failed). */
export function planOutputs(plan: Plan, redactor: Redactor): ActionOutputs {
  return { [ActionOutput.Status]: 'success', [ActionOutput.Jobs]: jobsOutput(plan, redactor) };
}

/**
 * A finished run: status, counts, failed ids, duration and the summary's path from the summary, and
 * `jobs` as action.yml documents it (the planned jobs as JSON, the same value as in a dry run).
 */
export function runOutputs(
  plan: Plan,
  summary: Summary,
  summaryPath: string,
  redactor: Redactor,
): ActionOutputs {
  return { ...buildRunOutputs(summary, summaryPath), [ActionOutput.Jobs]: jobsOutput(plan, redactor) };
}

/** The ids and names of what was uploaded (an artifact that was not uploaded sets nothing). */
export function artifactOutputs(uploaded: UploadedArtifacts): ActionOutputs {
  const outputs: ActionOutputs = {};
  if (uploaded.results) {
    outputs[ActionOutput.ResultsArtifactId] = String(uploaded.results.id);
    outputs[ActionOutput.ResultsArtifactName] = uploaded.results.name;
  }
  if (uploaded.summary) {
    outputs[ActionOutput.SummaryArtifactId] = String(uploaded.summary.id);
    outputs[ActionOutput.SummaryArtifactName] = uploaded.summary.name;
  }
  if (uploaded.models) {
    outputs[ActionOutput.ModelsArtifactId] = String(uploaded.models.id);
    outputs[ActionOutput.ModelsArtifactName] = uploaded.models.name;
  }
  return outputs;
}

/**
 * Sets each output, within GitHub's size limit (see fitOutputs: `jobs` and `failed_jobs` are cut with a
 * marker when a run has tens of thousands of jobs; a `matrix` too large is an error). Outputs hold what the orchestrator built (status words, counts, ids, the
 * summary's path, artifact names) and, in `jobs`, argv words already masked: masking the whole value
 * would let a secret that is a common word (`mary`, `job`) break a path or the JSON a later step parses.
 */
export function setOutputs(outputs: ActionOutputs, setOutput: (name: string, value: string) => void): void {
  const fitted = fitOutputs(outputs, {
    lists: [
      ActionOutput.Jobs,
      ActionOutput.FailedJobs,
      ActionOutput.RegressedJobs,
      ActionOutput.ImprovedJobs,
    ],
    whole: [ActionOutput.Matrix],
  });
  for (const [name, value] of Object.entries(fitted)) {
    if (value !== undefined) setOutput(name, value);
  }
}

/** The planned jobs as JSON, their argv words masked (arguments may hold a secret). */
function jobsOutput(plan: Plan, redactor: Redactor): string {
  return JSON.stringify(planToJobsOutput(plan, (text) => redactor.redact(text)));
}
