import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultCacheDir, LocalCacheStore } from '../../src/cache/local-store.js';

let base: string;
beforeEach(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'to-cache-store-'));
});
afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

const KEY = (n: number) => n.toString(16).padStart(64, '0');

/** A folder shaped like an entry: a manifest naming the job, and `size` bytes of payload. */
function entryFolder(
  name: string,
  jobId: string,
  size: number,
  createdAt = '2026-12-03T00:00:00.000Z',
): string {
  const folder = path.join(base, 'src', name);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'payload.bin'), Buffer.alloc(size, 1));
  fs.writeFileSync(
    path.join(folder, 'manifest.json'),
    JSON.stringify({ job_id: jobId, created_at: createdAt, components: { format: 1 } }),
  );
  return folder;
}

test('save, has, restore, list and clear', async () => {
  const store = new LocalCacheStore(path.join(base, 'cache'));
  expect(await store.has(KEY(1))).toBe(false);
  expect(await store.restore(KEY(1), path.join(base, 'out0'))).toBe(false);
  await store.save(KEY(1), entryFolder('a', 'als', 100));
  expect(await store.has(KEY(1))).toBe(true);
  const out = path.join(base, 'out');
  fs.mkdirSync(out);
  expect(await store.restore(KEY(1), out)).toBe(true);
  expect(fs.readFileSync(path.join(out, 'payload.bin')).length).toBe(100);
  expect((await store.list()).map((e) => [e.job_id, e.key])).toEqual([['als', KEY(1)]]);
  expect(await store.clear()).toEqual({ entries: 1, bytes: expect.any(Number) });
  expect(await store.list()).toEqual([]);
  expect(await store.has(KEY(1))).toBe(false);
});

test('over the size limit, the least recently used entries go (its own clock, not the atime)', async () => {
  let clock = 1000;
  const store = new LocalCacheStore(path.join(base, 'cache'), 2500, () => clock);
  await store.save(KEY(1), entryFolder('a', 'a', 1000));
  clock++;
  await store.save(KEY(2), entryFolder('b', 'b', 1000));
  clock++;
  // Using the first entry makes the second the least recently used.
  const out = path.join(base, 'out');
  fs.mkdirSync(out);
  await store.restore(KEY(1), out);
  clock++;
  await store.save(KEY(3), entryFolder('c', 'c', 1000));
  expect(await store.has(KEY(1))).toBe(true);
  expect(await store.has(KEY(2))).toBe(false);
  expect(await store.has(KEY(3))).toBe(true);
});

test('two runs saving into one cache folder at once leave every entry whole and the index readable', async () => {
  const root = path.join(base, 'cache');
  const stores = [new LocalCacheStore(root), new LocalCacheStore(root)];
  const folders = Array.from({ length: 12 }, (_, i) => entryFolder(`e${i}`, `job${i % 6}`, 2000 + i));
  await Promise.all(folders.map((folder, i) => stores[i % 2].save(KEY(i % 6), folder)));
  const listed = await new LocalCacheStore(root).list();
  expect(listed.map((e) => e.key).sort()).toEqual([0, 1, 2, 3, 4, 5].map(KEY));
  for (const entry of listed) {
    const dir = path.join(root, 'entries', entry.key);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')).job_id).toBe(entry.job_id);
  }
  expect(fs.readdirSync(path.join(root, 'tmp'))).toEqual([]);
  JSON.parse(fs.readFileSync(path.join(root, 'index.json'), 'utf8'));
});

test('an index lost or garbled is rebuilt from the entries', async () => {
  const root = path.join(base, 'cache');
  const store = new LocalCacheStore(root);
  await store.save(KEY(7), entryFolder('a', 'als', 10));
  fs.writeFileSync(path.join(root, 'index.json'), '{not json');
  expect((await store.list()).map((e) => e.job_id)).toEqual(['als']);
  expect(await store.newestComponents('als')).toEqual({ format: 1 });
});

test.each([
  ['linux with XDG_CACHE_HOME', { XDG_CACHE_HOME: '/x/cache' }, 'linux', '/x/cache/training-orchestrator'],
  ['linux without', {}, 'linux', '/home/u/.cache/training-orchestrator'],
  [
    'a relative XDG_CACHE_HOME is ignored',
    { XDG_CACHE_HOME: 'rel' },
    'linux',
    '/home/u/.cache/training-orchestrator',
  ],
  ['macOS', {}, 'darwin', '/home/u/Library/Caches/training-orchestrator'],
] as const)('defaultCacheDir: %s', (_name, env, platform, expected) => {
  expect(defaultCacheDir(env, platform as NodeJS.Platform, '/home/u')).toBe(expected);
});

test('a second save of a key keeps the first entry; a forced one (replace) takes its place, whole', async () => {
  const store = new LocalCacheStore(path.join(base, 'cache'));
  const restored = async (name: string): Promise<number> => {
    const out = path.join(base, name);
    fs.mkdirSync(out);
    expect(await store.restore(KEY(1), out)).toBe(true);
    return fs.readFileSync(path.join(out, 'payload.bin')).length;
  };
  await store.save(KEY(1), entryFolder('first', 'als', 100));
  await store.save(KEY(1), entryFolder('same-inputs', 'als', 200));
  expect(await restored('out1')).toBe(100);
  await store.save(KEY(1), entryFolder('forced', 'als', 300), { replace: true });
  expect(await restored('out2')).toBe(300);
  expect((await store.list()).map((entry) => [entry.key, entry.size])).toEqual([
    [KEY(1), expect.any(Number)],
  ]);
  // Nothing left aside.
  expect(fs.readdirSync(path.join(base, 'cache', 'tmp'))).toEqual([]);
});
