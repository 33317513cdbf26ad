/** The config's `metrics:` and `gates:`: parsing, errors like the rest of the config, and what the planner makes of them. */
import path from 'node:path';
import type { RawInputs } from '../../src/plan/inputs.js';
import { parseConfig, type LoadedConfig } from '../../src/plan/config.js';
import { buildPlan } from '../../src/plan/plan.js';
import { ALL_FLAGS, inputError, memoryLogger, settingsFor, tempDir, writeTree } from './helpers.js';

const workingDirectory = tempDir();
const parse = (text: string): Promise<LoadedConfig> =>
  parseConfig(text, { path: path.join(workingDirectory, 'jobs.yml'), file: 'jobs.yml' }, workingDirectory);

describe('metrics and gates in the config', () => {
  test('top level and per job, nested metric names, every rule', async () => {
    const config = await parse(
      [
        'metrics:',
        '  rmse: { better: lower, tolerance: 0.001 }',
        '  val.score: { better: higher }',
        'gates:',
        '  accuracy: { min: 0.8, max_drop: 0.01 }',
        '  loss: { max: 0.5, max_rise: 0.1, max_rise_relative: 0.2, max_drop_relative: 0.02 }',
        'jobs:',
        '  a:',
        '    script: a.py',
        '    metrics: { accuracy: { tolerance: 0.005 } }',
        '    gates: { accuracy: { min: 0.9 }, loss: {} }',
        '',
      ].join('\n'),
    );
    expect({ ...config.metrics }).toEqual({
      rmse: { better: 'lower', tolerance: 0.001 },
      'val.score': { better: 'higher' },
    });
    expect({ ...config.gates }).toEqual({
      accuracy: { min: 0.8, max_drop: 0.01 },
      loss: { max: 0.5, max_rise: 0.1, max_rise_relative: 0.2, max_drop_relative: 0.02 },
    });
    expect({ ...config.jobs[0].metrics }).toEqual({ accuracy: { tolerance: 0.005 } });
    expect({ ...config.jobs[0].gates }).toEqual({ accuracy: { min: 0.9 }, loss: {} });
  });

  test('a metric called __proto__ is a plain name', async () => {
    const config = await parse('gates:\n  __proto__: { min: 1 }\n');
    expect(Object.keys(config.gates)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).min).toBeUndefined();
  });

  test.each<[string, string, string]>([
    [
      'gates:\n  accuracy: { mni: 0.8 }\n',
      'jobs.yml:2',
      "unknown key 'mni' in 'gates.accuracy'. Did you mean 'min'?",
    ],
    [
      'gates:\n  accuracy: { max_dorp: 0.8 }\n',
      'jobs.yml:2',
      "unknown key 'max_dorp' in 'gates.accuracy'. Did you mean 'max_drop'?",
    ],
    [
      'gate:\n  accuracy: { min: 1 }\n',
      'jobs.yml:1',
      "unknown key 'gate' in the top level. Did you mean 'gates'?",
    ],
    [
      'jobs:\n  a:\n    script: a.py\n    gate: {}\n',
      'jobs.yml:4',
      "unknown key 'gate' in job 'a'. Did you mean 'gates'?",
    ],
    [
      'metrics:\n  rmse: { beter: lower }\n',
      'jobs.yml:2',
      "unknown key 'beter' in 'metrics.rmse'. Did you mean 'better'?",
    ],
    [
      'metrics:\n  rmse: { better: smaller }\n',
      'jobs.yml:2',
      "'metrics.rmse.better' must be higher or lower, not 'smaller'",
    ],
    [
      'metrics:\n  rmse: { tolerance: -1 }\n',
      'jobs.yml:2',
      "'metrics.rmse.tolerance' must be at least 0, not -1.",
    ],
    [
      'gates:\n  acc: { max_drop: -0.1 }\n',
      'jobs.yml:2',
      "'gates.acc.max_drop' must be at least 0, not -0.1.",
    ],
    [
      'gates:\n  acc: { min: high }\n',
      'jobs.yml:2',
      "'gates.acc.min' must be a number, not 'high' (a string).",
    ],
    ['gates:\n  acc: 0.8\n', 'jobs.yml:2', "'gates.acc' must be a mapping (key: value), not 0.8."],
    ['gates:\n  "has space": { min: 1 }\n', 'jobs.yml:2', "invalid key in 'gates' 'has space'."],
  ])('%j → %s', async (text, where, message) => {
    const error = await inputError(() => parse(text));
    expect(error.where).toBe(where);
    expect(error.message).toContain(message);
  });
});

describe('the planner: effective gates, metric rules and params per job', () => {
  const root = writeTree(tempDir(), {
    'training/train_a.py': ALL_FLAGS,
    'training/train_b.py': ALL_FLAGS,
    'training/train_c.py': 'print(1)\n',
    'jobs.yml': [
      'metrics: { loss: { tolerance: 0.01 }, rmse: { better: lower } }',
      'gates: { accuracy: { min: 0.8 }, loss: { max: 1 } }',
      'jobs:',
      '  a:',
      '    metrics: { loss: { better: higher } }',
      '    gates: { accuracy: { min: 0.9 }, loss: {} }',
      '  b:',
      '    matrix: { lr: [0.1, 1e-3] }',
      '',
    ].join('\n'),
  });
  const raw: RawInputs = { config: 'jobs.yml', epochs: '4', folds: '2' };

  test('a job replaces the top-level entry of a metric it names ({} removes it); others inherit', async () => {
    const plan = await buildPlan(settingsFor(root, raw), {
      logger: memoryLogger(),
      resolvePython: async () => '/usr/bin/python3',
    });
    const byId = Object.fromEntries(plan.jobs.map((job) => [job.id, job]));
    expect(byId.a.gates).toEqual({ accuracy: { min: 0.9 } });
    expect(byId.a.metricRules).toEqual({ loss: { better: 'higher' }, rmse: { better: 'lower' } });
    expect(byId['b.lr-0.1'].gates).toEqual({ accuracy: { min: 0.8 }, loss: { max: 1 } });
    expect(byId.c.gates).toEqual({ accuracy: { min: 0.8 }, loss: { max: 1 } });
    expect(byId.a.params).toEqual({ epochs: 4, folds: 2 });
    expect(byId['b.lr-0.1'].params).toEqual({ epochs: 4, folds: 2, lr: '0.1' });
    expect(byId['b.lr-1e-3'].params).toEqual({ epochs: 4, folds: 2, lr: '1e-3' });
    // c accepts neither --epochs nor --folds: nothing was passed, nothing recorded.
    expect(byId.c.params).toBeUndefined();
  });
});
