import fs from 'node:fs';
import { parse } from 'yaml';
import * as defaults from '../../src/plan/defaults.js';
import { INPUT_NAMES } from '../../src/plan/inputs.js';

interface ActionYml {
  inputs: Record<string, { default?: string; required?: boolean; description?: string }>;
}
const action = parse(fs.readFileSync('action.yml', 'utf8')) as ActionYml;

describe('INPUT_NAMES', () => {
  test('lists every input of action.yml, in its order', () => {
    expect([...INPUT_NAMES]).toEqual(Object.keys(action.inputs));
  });

  test('every input is optional and described', () => {
    for (const name of INPUT_NAMES) {
      expect(action.inputs[name].required).toBe(false);
      expect(action.inputs[name].description?.length).toBeGreaterThan(10);
    }
  });
});

describe('defaults.ts agrees with action.yml', () => {
  test.each<[string, string]>([
    ['max_workers', String(defaults.DEFAULT_MAX_WORKERS)],
    ['retries', String(defaults.DEFAULT_RETRIES)],
    ['timeout_minutes', String(defaults.DEFAULT_TIMEOUT_MINUTES)],
    ['resource_interval', String(defaults.DEFAULT_RESOURCE_INTERVAL_MS)],
    ['python', defaults.DEFAULT_PYTHON],
    ['results_dir', defaults.DEFAULT_RESULTS_DIR],
    ['logs_dir', defaults.DEFAULT_LOGS_DIR],
    ['summaries_dir', defaults.DEFAULT_SUMMARIES_DIR],
    ['results_artifact_name', defaults.DEFAULT_RESULTS_ARTIFACT_NAME],
    ['summary_artifact_name', defaults.DEFAULT_SUMMARY_ARTIFACT_NAME],
    ['results_retention_days', String(defaults.DEFAULT_RESULTS_RETENTION_DAYS)],
    ['summary_retention_days', String(defaults.DEFAULT_SUMMARY_RETENTION_DAYS)],
    ['config', ''],
    ['discover_roots', ''],
  ])('%s defaults to %p', (name, value) => {
    expect(action.inputs[name].default).toBe(value);
  });

  test('the discover_roots and config descriptions name the built-in defaults', () => {
    expect(action.inputs.discover_roots.description).toContain(defaults.DEFAULT_DISCOVER_ROOTS.join(', '));
    expect(action.inputs.config.description).toContain(defaults.DEFAULT_CONFIG_PATH);
  });

  test('the seed timings', () => {
    expect(defaults.RETRY_DELAY_MS).toBe(2000);
    expect(defaults.TIMEOUT_KILL_GRACE_MS).toBe(10_000);
    expect(defaults.CANCEL_KILL_GRACE_MS).toBe(2000);
    expect(defaults.DEFAULT_DISCOVER_PATTERN).toBe('train_*.py');
  });
});
