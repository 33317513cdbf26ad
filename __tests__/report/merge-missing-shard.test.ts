import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mergeStepSummary } from '../../src/action/modes.js';
import { runCli } from '../../src/cli/main.js';
import { runMergeMode } from '../../src/orchestrate/modes.js';
import { parseSettings } from '../../src/plan/settings.js';
import { formatFinalTable } from '../../src/report/console.js';
import { describeSucceeded } from '../../src/report/job-count.js';
import { Redactor } from '../../src/report/redact.js';
import type { Summary } from '../../src/report/summary.js';
import { makeSummary, T0 } from './fixtures.js';

/**
 * One class: a merge that lacks a shard's summary must never read as a complete count ("3 of 3 jobs
 * succeeded"): the CLI's final table and the action's step summary heading say which shards are missing
 * and that the count is incomplete. Table over shard counts and which shards are missing.
 */
let dir: string;
beforeEach(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'to-merge-missing-')));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function putShard(index: number, count: number): void {
  const summary: Summary = makeSummary({
    jobs: [
      { id: `job${index}a`, status: 'succeeded' },
      { id: `job${index}b`, status: 'succeeded' },
    ],
    shard: `${index}/${count}`,
  });
  summary.started_at = new Date(T0).toISOString();
  summary.finished_at = new Date(T0 + 60_000 + index).toISOString();
  const file = path.join(
    dir,
    'shards',
    `training-summary-shard-${index}-of-${count}`,
    'training_summary_x.json',
  );
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(summary));
}

const complete = /\b(\d+) of (\d+) jobs? succeeded/;

describe('a merge with missing shards never reports a complete-looking count', () => {
  test.each<[number, number[]]>([
    [3, [3]],
    [3, [1]],
    [4, [2, 3]],
    [2, [2]],
  ])('%i shards, missing %j', async (count, missing) => {
    for (let k = 1; k <= count; k++) if (!missing.includes(k)) putShard(k, count);
    const labels = missing.map((k) => `${k}/${count}`);

    // The CLI: `merge --merge-from shards --shards N`, its final table on stdout.
    let out = '';
    const code = await runCli(['merge', '--merge-from', 'shards', '--shards', String(count)], {
      out: (text) => void (out += text),
      err: () => {},
      env: {},
      cwd: dir,
      isTTY: false,
    });
    expect(code).toBe(1);
    const status = out.split('\n').find((line) => line.startsWith('failure'));
    expect(status).toBeDefined();
    expect(status).not.toMatch(complete);
    for (const label of labels) expect(status).toContain(label);
    expect(status).toContain('the count is incomplete');

    // The action: the step summary heading of the same merge.
    const settings = parseSettings({ summaries_dir: 'merged' }, { workspace: dir });
    const quiet = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };
    const result = await runMergeMode(settings, {
      mergeFrom: 'shards',
      expectedShards: count,
      logger: quiet,
    });
    expect(result.missingShards).toEqual(labels);
    const heading = mergeStepSummary(result, new Redactor([]))
      .split('\n')
      .find((line) => line.startsWith('## '));
    expect(heading).not.toMatch(complete);
    expect(heading).toContain('the count is incomplete');
  });

  test('with every shard present the count is the plain one', async () => {
    putShard(1, 2);
    putShard(2, 2);
    const settings = parseSettings({}, { workspace: dir });
    const quiet = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };
    const result = await runMergeMode(settings, { mergeFrom: 'shards', logger: quiet });
    expect(formatFinalTable(result.summary, { missingShards: result.missingShards })).toContain(
      'success in 1m: 4 of 4 jobs succeeded',
    );
    expect(describeSucceeded({ succeeded: 1, total: 1 })).toBe('1 of 1 job succeeded');
  });
});
