import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { canonicalJson, describeChanges, keyComponents, keyOf } from '../../src/cache/job-key.js';
import { packEntry } from '../../src/cache/entry.js';
import { cacheStatusLines } from '../../src/cache/job-cache.js';
import { LocalCacheStore } from '../../src/cache/local-store.js';
import type { JobResult, PlannedJob } from '../../src/model/types.js';
import { Redactor } from '../../src/report/redact.js';

function job(overrides: Partial<PlannedJob> = {}): PlannedJob {
  return {
    id: 'als',
    script: 'training/train_als.py',
    command: [
      '/usr/bin/python3',
      '/work/repo/training/train_als.py',
      '--epochs',
      '3',
      '--output-dir',
      'results/als_results',
    ],
    cwd: '/work/repo',
    env: { SEED: '1' },
    optional: false,
    retries: 0,
    timeoutMinutes: 0,
    outputDir: 'results/als_results',
    logPath: 'logs/als.log',
    supports: { epochs: true, folds: false, output_dir: true },
    source: 'discovered',
    runsOn: undefined,
    baseId: undefined,
    ...overrides,
  };
}

const context = (workingDirectory: string, secrets: string[] = []) => ({
  workingDirectory,
  pythonVersion: 'Python 3.11.2',
  redactor: new Redactor(secrets),
  code: { 'training/train_als.py': 'aa' },
  inputs: {},
  requirements: {},
});

test('the checkout path never enters the key: two clones give the same key', () => {
  const here = keyComponents(job(), context('/work/repo'));
  const there = keyComponents(
    job({
      command: [
        '/usr/bin/python3',
        '/tmp/other/training/train_als.py',
        '--epochs',
        '3',
        '--output-dir',
        'results/als_results',
      ],
      cwd: '/tmp/other',
    }),
    context('/tmp/other'),
  );
  expect(keyOf(here)).toBe(keyOf(there));
  expect(canonicalJson(here)).not.toContain('/work/repo');
});

test.each([
  [
    'epochs',
    job({ command: [...job().command.slice(0, 3), '5', ...job().command.slice(4)] }),
    'command changed: --epochs 3 → --epochs 5',
  ],
  ['env', job({ env: { SEED: '2' } }), 'env changed: SEED'],
])('a changed %s changes the key and says why', (_name, changed, why) => {
  const before = keyComponents(job(), context('/work/repo'));
  const after = keyComponents(changed, context('/work/repo'));
  expect(keyOf(before)).not.toBe(keyOf(after));
  expect(describeChanges(before, after)).toEqual([why]);
});

test('the interpreter version is in the key', () => {
  const a = keyComponents(job(), context('/work/repo'));
  const b = keyComponents(job(), { ...context('/work/repo'), pythonVersion: 'Python 3.12.0' });
  expect(keyOf(a)).not.toBe(keyOf(b));
});

/**
 * A secret (in the job's env or arguments) never appears in the key, the components, the entry's files, the
 * manifest, or a dry-run line about the cache. A job holding one is keyed on its presence: the same key whatever
 * the secret's value.
 */
test('a secret never appears in a key, an entry, a manifest or a cache line (random secrets)', async () => {
  const secretArb = fc
    .string({
      unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_+/=!@'),
      minLength: 8,
      maxLength: 40,
    })
    .filter((s) => !/^[0-9a-f]+$/.test(s));
  await fc.assert(
    fc.asyncProperty(secretArb, secretArb, async (secret, other) => {
      fc.pre(secret !== other && !secret.includes(other) && !other.includes(secret));
      const base = fs.mkdtempSync(path.join(os.tmpdir(), 'to-cache-secret-'));
      try {
        const withSecret = (value: string) =>
          job({
            cwd: base,
            env: { API_TOKEN: value, AUTH: `Bearer ${value}` },
            command: [...job().command, `--token=${value}`],
          });
        const components = keyComponents(withSecret(secret), context(base, [secret]));
        const key = keyOf(components);
        expect(key).toBe(keyOf(keyComponents(withSecret(other), context(base, [other]))));
        const text = `${key}\n${canonicalJson(components)}`;
        expect(text).not.toContain(secret);
        const entry = path.join(base, 'entry');
        fs.mkdirSync(entry);
        const result: JobResult = {
          id: 'als',
          status: 'succeeded',
          attempts: [],
          exit_code: 0,
          signal: null,
          started_at: null,
          finished_at: null,
          duration_seconds: 1,
          tail: ['***'],
          metrics: null,
          output_bytes: 0,
        };
        await packEntry(entry, {
          workingDirectory: base,
          job: withSecret(secret),
          result,
          key,
          components,
          source: 'local 2026-12-03T00:00:00.000Z',
          createdAt: '2026-12-03T00:00:00.000Z',
        });
        for (const file of fs.readdirSync(entry, { recursive: true }) as string[]) {
          const full = path.join(entry, file);
          if (fs.statSync(full).isFile()) expect(fs.readFileSync(full, 'utf8')).not.toContain(secret);
        }
        const store = new LocalCacheStore(path.join(base, 'cache'));
        await store.save(key, entry);
        const lines = await cacheStatusLines(
          { jobs: [withSecret(secret)], warnings: [], python: '/usr/bin/python3', configPath: undefined },
          { keys: new Map([['als', { key, components }]]), warnings: [] },
          new Set(),
          store,
          new Redactor([secret]),
        );
        expect(lines.join('\n')).not.toContain(secret);
        for (const file of fs.readdirSync(path.join(base, 'cache'), { recursive: true }) as string[]) {
          const full = path.join(base, 'cache', file);
          if (fs.statSync(full).isFile()) expect(fs.readFileSync(full, 'utf8')).not.toContain(secret);
        }
      } finally {
        fs.rmSync(base, { recursive: true, force: true });
      }
    }),
    { numRuns: 25 },
  );
});
