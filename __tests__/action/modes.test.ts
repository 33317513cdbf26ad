import { Redactor } from '../../src/report/redact.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  mergeFailure,
  mergeStepSummary,
  planModeStepSummary,
  PLAN_SUMMARY_MAX_SHARDS,
  runActionMergeMode,
  runActionPlanMode,
  type ActionModeDeps,
} from '../../src/action/modes.js';
import { shardSuffix } from '../../src/action/artifacts.js';
import { parseMergeModeInputs, parsePlanModeInputs } from '../../src/orchestrate/modes.js';
import { InputError, type Logger } from '../../src/model/types.js';
import type { RawInputs } from '../../src/plan/inputs.js';
import { parseSettings } from '../../src/plan/settings.js';
import { shardId, type ShardMatrix } from '../../src/plan/shard.js';
import type { Summary } from '../../src/report/summary.js';
import { makeSummary } from '../report/fixtures.js';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'to-modes-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Recorded {
  outputs: Record<string, string>;
  failed: string[];
  page: string[];
  logs: string[];
  deps: ActionModeDeps;
}

function recorder(): Recorded {
  const rec: Recorded = { outputs: {}, failed: [], page: [], logs: [], deps: {} };
  const logger: Logger = {
    info: (m) => rec.logs.push(`info: ${m}`),
    warn: (m) => rec.logs.push(`warn: ${m}`),
    error: (m) => rec.logs.push(`error: ${m}`),
    debug: () => {},
  };
  rec.deps = {
    logger,
    setOutput: (name, value) => {
      rec.outputs[name] = value;
    },
    setFailed: (message) => rec.failed.push(message),
    stepSummary: { addRaw: (text: string) => rec.page.push(text), write: async () => undefined },
    env: { GITHUB_STEP_SUMMARY: path.join(os.tmpdir(), 'unused.md') },
  };
  return rec;
}

const inputError = (where: string, message: RegExp) =>
  expect.objectContaining({ name: 'InputError', where, message: expect.stringMatching(message) });

describe('parsePlanModeInputs', () => {
  test.each<[RawInputs, object]>([
    [{}, {}],
    [{ shards: '3' }, { shards: 3 }],
    [{ shards: ' 256 ' }, { shards: 256 }],
    [{ shard_target_minutes: '30' }, { targetMinutes: 30 }],
    [{ shard_target_minutes: '.5' }, { targetMinutes: 0.5 }],
  ])('%j → %j', (raw, expected) => {
    expect(parsePlanModeInputs(raw)).toEqual(expected);
  });

  test.each<[RawInputs, string, RegExp]>([
    [{ shards: '0' }, 'shards', /Invalid shards '0'. Expected a whole number from 1 to 256/],
    [{ shards: '257' }, 'shards', /from 1 to 256/],
    [{ shards: 'four' }, 'shards', /Invalid shards 'four'/],
    [{ shard_target_minutes: '0' }, 'shard_target_minutes', /above 0/],
    [{ shard_target_minutes: '-5' }, 'shard_target_minutes', /Invalid shard_target_minutes '-5'/],
    [{ shards: '2', shard_target_minutes: '30' }, 'shard_target_minutes', /shards is set too/],
  ])('%j is an InputError naming %s', (raw, where, message) => {
    expect(() => parsePlanModeInputs(raw)).toThrow(InputError);
    expect(() => parsePlanModeInputs(raw)).toThrow(inputError(where, message));
  });
});

describe('parseMergeModeInputs', () => {
  test('merge_from resolves inside the working directory; shards is the expected count', () => {
    expect(parseMergeModeInputs({ merge_from: 'dl', shards: '3' }, { workingDirectory: dir })).toEqual({
      mergeFrom: path.join(dir, 'dl'),
      expectedShards: 3,
    });
  });
  test.each([[''], ['../elsewhere'], ['/etc']])('merge_from %j is an InputError', (value) => {
    expect(() => parseMergeModeInputs({ merge_from: value }, { workingDirectory: dir })).toThrow(
      inputError('merge_from', /Expected the folder holding the shard summaries/),
    );
  });
  test('merge_from linked outside the working directory (itself or a parent) is an InputError', () => {
    const work = path.join(dir, 'work');
    const outside = path.join(dir, 'outside');
    fs.mkdirSync(path.join(outside, 'dl'), { recursive: true });
    fs.mkdirSync(work);
    fs.symlinkSync(outside, path.join(work, 'linked'));
    for (const value of ['linked', 'linked/dl']) {
      expect(() => parseMergeModeInputs({ merge_from: value }, { workingDirectory: work })).toThrow(
        inputError('merge_from', /leads outside the working directory through a symbolic link/),
      );
    }
    fs.symlinkSync('.', path.join(work, 'here'));
    expect(parseMergeModeInputs({ merge_from: 'here/dl' }, { workingDirectory: work }).mergeFrom).toBe(
      path.join(work, 'here', 'dl'),
    );
  });
});

test('shard ids are the artifact suffix the action gives a shard run', () => {
  for (const spec of [
    { index: 1, count: 1 },
    { index: 7, count: 12 },
  ])
    expect(shardId(spec)).toBe(shardSuffix(spec));
});

describe('runActionPlanMode', () => {
  test('sets matrix, jobs and status, and writes the shard table; runs nothing', async () => {
    const ws = path.join(dir, 'ws');
    fs.cpSync(examples, ws, {
      recursive: true,
      filter: (source) => !/[/\\](results|logs|summaries)$/.test(source),
    });
    const rec = recorder();
    const result = await runActionPlanMode({ shards: '2' }, parseSettings({}, { workspace: ws }), rec.deps);

    const matrix = JSON.parse(rec.outputs.matrix) as ShardMatrix;
    expect(matrix).toEqual(result.matrix);
    expect(matrix.include.map((entry) => entry.shard)).toEqual(['1/2', '2/2']);
    expect(matrix.include.flatMap((entry) => entry.jobs).sort()).toEqual([
      'als.learning_rate-0.01',
      'als.learning_rate-0.1',
      'baseline',
      'brain_mri',
      'diabetes',
      'parkinsons',
    ]);
    expect(rec.outputs.status).toBe('success');
    expect(JSON.parse(rec.outputs.jobs)).toHaveLength(6);
    expect(rec.page.join('')).toMatch(/\| 1\/2 \| ubuntu-latest \| 3 \|/);
    expect(rec.failed).toEqual([]);
    expect(fs.existsSync(path.join(ws, 'results'))).toBe(false);
    expect(fs.existsSync(path.join(ws, 'summaries'))).toBe(false);
  });

  test('a bad input fails before planning', async () => {
    const rec = recorder();
    await expect(
      runActionPlanMode({ shards: 'x' }, parseSettings({}, { workspace: dir }), rec.deps),
    ).rejects.toThrow(inputError('shards', /Invalid shards 'x'/));
    expect(rec.outputs).toEqual({});
  });
});

describe('runActionMergeMode', () => {
  function putShard(label: string, jobs: Parameters<typeof makeSummary>[0]['jobs']): void {
    const summary = makeSummary({ jobs, shard: label });
    const folder = path.join(dir, 'dl', `training-summary-shard-${label.replace('/', '-of-')}`);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'training_summary_20261128T221000Z.json'), JSON.stringify(summary));
  }

  test('merged: outputs over every shard, the summary written under summaries_dir, the step passes', async () => {
    putShard('1/2', [{ id: 'a' }, { id: 'b', status: 'failed', optional: true }]);
    putShard('2/2', [{ id: 'c' }]);
    const rec = recorder();
    const result = await runActionMergeMode(
      { merge_from: 'dl' },
      parseSettings({}, { workspace: dir }),
      rec.deps,
    );

    expect(rec.outputs).toEqual({
      status: 'success',
      summary_path: result.summaryPath,
      succeeded: '2',
      failed: '1',
      failed_jobs: '["b"]',
      duration_seconds: '60',
      gates_passed: 'true',
      regressed_jobs: '[]',
      improved_jobs: '[]',
    });
    expect(path.dirname(result.summaryPath)).toBe(path.join(dir, 'summaries'));
    const written = JSON.parse(fs.readFileSync(result.summaryPath, 'utf8')) as Summary;
    expect(written.jobs.map((job) => [job.id, job.shard])).toEqual([
      ['a', '1/2'],
      ['b', '1/2'],
      ['c', '2/2'],
    ]);
    expect(rec.page.join('')).toMatch(/section Shard 1.2\n/);
    expect(rec.page.join('')).not.toMatch(/CAUTION/);
    expect(rec.failed).toEqual([]);
  });

  test('a missing shard fails the step and heads the step summary', async () => {
    putShard('1/3', [{ id: 'a' }]);
    putShard('3/3', [{ id: 'c', status: 'failed' }]);
    const rec = recorder();
    await runActionMergeMode({ merge_from: 'dl' }, parseSettings({}, { workspace: dir }), rec.deps);
    expect(rec.outputs.status).toBe('failure');
    expect(rec.failed).toHaveLength(1);
    expect(rec.failed[0]).toMatch(/Required job failed: c \(shard 3\/3\)/);
    expect(rec.failed[0]).toMatch(/Shard 2\/3 has no summary/);
    expect(rec.page.join('')).toMatch(/^> \[!CAUTION\]\n> - Shard 2\/3 has no summary/);
    expect(rec.logs.join('\n')).toMatch(/error: Shard 2\/3 has no summary/);
  });

  test('no downloaded folder at all: a failed merge, not a crash', async () => {
    const rec = recorder();
    const result = await runActionMergeMode(
      { merge_from: 'dl' },
      parseSettings({}, { workspace: dir }),
      rec.deps,
    );
    expect(result.status).toBe('failure');
    expect(rec.failed.join('\n')).toMatch(/No shard summary/);
  });

  test('secrets of the merge step are redacted from the merged summary', async () => {
    putShard('1/1', [{ id: 'a', metrics: { note: 'token-hunter22' } }]);
    const rec = recorder();
    const result = await runActionMergeMode(
      { merge_from: 'dl', secrets: 'hunter22' },
      parseSettings({ secrets: 'hunter22' }, { workspace: dir }),
      rec.deps,
    );
    expect(fs.readFileSync(result.summaryPath, 'utf8')).not.toContain('hunter22');
  });
});

describe('step summaries', () => {
  test('the plan table lists at most 100 shards and counts the rest', () => {
    const include = Array.from({ length: PLAN_SUMMARY_MAX_SHARDS + 20 }, (_, i) => ({
      shard: `${i + 1}/120`,
      shard_id: `shard-${i + 1}-of-120`,
      runs_on: ['self-hosted', 'gpu'],
      jobs: [`j${i}`],
      expected_seconds: 90,
    }));
    const page = planModeStepSummary({ include }, 120);
    expect(page.split('\n').filter((line) => line.startsWith('| ') && /\d+\/120/.test(line))).toHaveLength(
      100,
    );
    expect(page).toMatch(/… and 20 more shards/);
    expect(page).toMatch(/\| 1\/120 \| self-hosted, gpu \| 1 \| 1m 30s \| j0 \|/);
  });

  test('mergeFailure: passing runs give none; cancelled and failed say why', () => {
    const ok = makeSummary({ jobs: [{ id: 'a' }] });
    expect(mergeFailure({ summary: ok, problems: [] })).toBeUndefined();
    expect(mergeFailure({ summary: { ...ok, status: 'cancelled' }, problems: [] })).toMatch(/cancelled/);
    expect(mergeStepSummary({ summary: ok, problems: ['x|y tok3n'] }, new Redactor(['tok3n']))).toMatch(
      /^> \[!CAUTION\]\n> - x\\\|y \\\*\\\*\\\*/,
    );
  });
});
