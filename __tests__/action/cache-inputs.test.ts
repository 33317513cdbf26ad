import { describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../../src/model/types.js';
import { DEFAULT_CACHE_KEY_PREFIX, parseCacheInputs } from '../../src/action/cache-inputs.js';
import { createActionCacheStore, type ActionsCacheLibrary } from '../../src/action/cache-store.js';
import { parseActionInputs, readRawInputs } from '../../src/action/inputs.js';
import type { Logger } from '../../src/model/types.js';

describe('cache inputs', () => {
  test.each([
    [{}, { enabled: false, keyPrefix: DEFAULT_CACHE_KEY_PREFIX }],
    [{ cache: 'true' }, { enabled: true, keyPrefix: DEFAULT_CACHE_KEY_PREFIX }],
    [
      { cache: 'FALSE', cache_key_prefix: ' models.v2_gpu-a ' },
      { enabled: false, keyPrefix: 'models.v2_gpu-a' },
    ],
    [
      { cache: 'True', cache_key_prefix: 'x'.repeat(100) },
      { enabled: true, keyPrefix: 'x'.repeat(100) },
    ],
  ])('%j reads as %j', (raw, expected) => {
    expect(parseCacheInputs(raw, [])).toEqual(expected);
  });

  test.each([
    [{ cache: 'yes' }, 'cache', "Invalid cache 'yes'. Expected true, True, TRUE, false, False or FALSE"],
    [
      { cache_key_prefix: 'a,b' },
      'cache_key_prefix',
      "Invalid cache_key_prefix 'a,b'. Expected 1 to 100 letters",
    ],
    [{ cache_key_prefix: 'has space' }, 'cache_key_prefix', 'Invalid cache_key_prefix'],
    [{ cache_key_prefix: 'ref/main' }, 'cache_key_prefix', 'Invalid cache_key_prefix'],
    [{ cache_key_prefix: 'x'.repeat(101) }, 'cache_key_prefix', 'Invalid cache_key_prefix'],
    [{ cache_key_prefix: 'line\nbreak' }, 'cache_key_prefix', "Invalid cache_key_prefix 'line\\nbreak'"],
  ])('%j is an InputError naming %s', (raw, where, message) => {
    let error: unknown;
    try {
      parseCacheInputs(raw, []);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).where).toBe(where);
    expect((error as InputError).message).toContain(message);
  });

  test('a prefix holding a secret is refused without quoting it, whichever input holds the secret', () => {
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'to-cache-inputs-'));
    const cases: Array<Record<string, string>> = [
      { secrets: 'Sup3rSecretValue', cache_key_prefix: 'run-Sup3rSecretValue' },
      { kaggle_username: 'someone', kaggle_key: 'k4ggleKeyValue', cache_key_prefix: 'k4ggleKeyValue' },
      { github_token: 'ghs_tokenValue123', cache_key_prefix: 'pre-ghs_tokenValue123' },
    ];
    for (const values of cases) {
      const raw = readRawInputs((name) => values[name] ?? '');
      let error: unknown;
      try {
        parseActionInputs(raw, { workspace });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).where).toBe('cache_key_prefix');
      expect((error as InputError).message).toMatch(/contains the value of a secret/);
      expect((error as InputError).message).not.toContain(values.cache_key_prefix);
    }
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  test.each<[string, string[]]>([
    ['', []],
    ['train_a', ['train_a']],
    ['resnet_*, gbm\nvit', ['resnet_*', 'gbm', 'vit']],
  ])(
    'force %j is read like the CLI --force: %j (checked against the plan when it exists)',
    (force, expected) => {
      const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'to-cache-inputs-'));
      const values: Record<string, string> = { cache: 'true', force };
      const inputs = parseActionInputs(
        readRawInputs((name) => values[name] ?? ''),
        { workspace },
      );
      expect(inputs.settings.forceJobs).toEqual(expected);
      fs.rmSync(workspace, { recursive: true, force: true });
    },
  );
});

describe('createActionCacheStore', () => {
  const logger = (): Logger & { warnings: string[] } => {
    const warnings: string[] = [];
    return { warnings, info: () => {}, warn: (m) => warnings.push(m), error: () => {}, debug: () => {} };
  };
  const fake = (available: boolean, counter: { loads: number }) => async (): Promise<ActionsCacheLibrary> => {
    counter.loads += 1;
    return {
      restoreCache: async () => undefined,
      saveCache: async () => 1,
      isFeatureAvailable: () => available,
    };
  };

  test('cache off: no store, and the library is never loaded', async () => {
    const counter = { loads: 0 };
    const log = logger();
    const store = await createActionCacheStore(
      { enabled: false, keyPrefix: 'p' },
      { workingDirectory: os.tmpdir(), logger: log, load: fake(true, counter) },
    );
    expect(store).toBeUndefined();
    expect(counter.loads).toBe(0);
    expect(log.warnings).toEqual([]);
  });

  test('cache on without a cache service: one warning, no store (every job runs)', async () => {
    const counter = { loads: 0 };
    const log = logger();
    const store = await createActionCacheStore(
      { enabled: true, keyPrefix: 'p' },
      { workingDirectory: os.tmpdir(), logger: log, load: fake(false, counter) },
    );
    expect(store).toBeUndefined();
    expect(log.warnings).toEqual([
      expect.stringMatching(/no GitHub Actions cache service .* every job runs/),
    ]);
  });

  test('cache on with a service: the GitHub Actions cache store', async () => {
    const store = await createActionCacheStore(
      { enabled: true, keyPrefix: 'p' },
      { workingDirectory: os.tmpdir(), logger: logger(), load: fake(true, { loads: 0 }) },
    );
    expect(store?.description).toBe('GitHub Actions cache');
  });
});
