import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../../src/model/types.js';
import { parseGitHubSettings } from '../../src/action/github-report.js';
import { readRunContext, workflowFileOf } from '../../src/action/github-context.js';
import { describeInputs, parseActionInputs } from '../../src/action/inputs.js';
import type { RawInputs } from '../../src/plan/inputs.js';

describe('parseGitHubSettings', () => {
  it('defaults: no comment, no pull request, default branch', () => {
    expect(parseGitHubSettings({})).toEqual({
      token: '',
      baselineBranch: undefined,
      commentOnPr: false,
      prNumber: undefined,
    });
  });

  it.each([
    ['pr_number', '0', /Invalid pr_number '0'\. Expected a pull request number such as 42/],
    ['pr_number', '#12', /Invalid pr_number '#12'/],
    ['pr_number', '1e3', /Invalid pr_number '1e3'/],
    ['baseline_branch', 'main..dev', /Invalid baseline_branch 'main\.\.dev'\. Expected a branch name/],
    ['baseline_branch', 'a b', /Invalid baseline_branch 'a b'/],
    ['comment_on_pr', 'sometimes', /comment_on_pr/],
  ])('%s %s is an InputError naming the input', (name, value, message) => {
    let error: unknown;
    try {
      parseGitHubSettings({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).where).toBe(name);
    expect((error as Error).message).toMatch(message);
  });

  it('reads the values', () => {
    expect(
      parseGitHubSettings({
        github_token: ' t ',
        baseline_branch: 'release/1.x',
        comment_on_pr: 'true',
        pr_number: '42',
      }),
    ).toEqual({ token: 't', baselineBranch: 'release/1.x', commentOnPr: true, prNumber: 42 });
  });
});

describe('describeInputs', () => {
  it('says whether the token and the webhook are set, never their values', () => {
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'to-describe-'));
    const raw: RawInputs = {
      github_token: 'ghs_describe_token_value',
      notify_webhook: 'https://hooks.slack.com/services/T/B/describe-secret',
    };
    const line = describeInputs(parseActionInputs(raw, { workspace }));
    expect(line).not.toContain('ghs_describe_token_value');
    expect(line).not.toContain('describe-secret');
    expect(line).toContain('"token":"(set)"');
    expect(line).toContain('"webhook":"(set)"');
    fs.rmSync(workspace, { recursive: true, force: true });
  });
});

describe('readRunContext', () => {
  it('reads the run, the pull request and the default branch from the environment and the payload', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'to-context-'));
    const event = path.join(dir, 'event.json');
    fs.writeFileSync(
      event,
      JSON.stringify({ pull_request: { number: 5 }, repository: { default_branch: 'trunk' } }),
    );
    const context = readRunContext({
      GITHUB_REPOSITORY: 'octo/models',
      GITHUB_RUN_ID: '77',
      GITHUB_RUN_ATTEMPT: '2',
      GITHUB_WORKFLOW_REF: 'octo/models/.github/workflows/train.yaml@refs/pull/5/merge',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: event,
      GITHUB_HEAD_REF: 'feature/x',
      GITHUB_REF_NAME: '5/merge',
      GITHUB_SERVER_URL: 'https://github.example.com/',
    });
    expect(context).toMatchObject({
      owner: 'octo',
      repo: 'models',
      runId: 77,
      runAttempt: 2,
      workflowFile: 'train.yaml',
      branch: 'feature/x',
      defaultBranch: 'trunk',
      pullRequest: 5,
      runUrl: 'https://github.example.com/octo/models/actions/runs/77/attempts/2',
    });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a push has no pull request; a missing or broken payload is no payload', () => {
    const context = readRunContext({
      GITHUB_EVENT_NAME: 'push',
      GITHUB_EVENT_PATH: '/nonexistent/event.json',
    });
    expect(context.pullRequest).toBeUndefined();
    expect(context.defaultBranch).toBeUndefined();
    expect(context.runUrl).toBeUndefined();
  });

  it.each([
    ['o/r/.github/workflows/ci.yml@refs/heads/main', 'ci.yml'],
    ['o/r/.github/workflows/ci.yml@v1', 'ci.yml'],
    ['o/r/other/ci.yml@refs/heads/main', undefined],
    ['', undefined],
  ])('workflowFileOf(%s) = %s', (ref, file) => expect(workflowFileOf(ref)).toBe(file));
});
