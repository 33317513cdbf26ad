import { describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { captureLibraryFailures } from '../../src/action/cache-library-output.js';
import { createGitHubCacheStore, githubCacheKey, runnerOs } from '../../src/action/cache-store.js';

/** A stream that records what passes through it. */
function recorder() {
  const lines: string[] = [];
  const stream = {
    write: ((chunk: string | Buffer) => {
      lines.push(String(chunk));
      return true;
    }) as (...args: never[]) => boolean,
  };
  return { lines, stream };
}

describe('captureLibraryFailures', () => {
  test.each([
    ['::warning::Failed to restore: Failed to GetCacheEntryDownloadURL: (500)\n', true],
    ['::error::Failed to restore: download failed%0Awith status 503\n', true],
    ['::warning::Failed to save: Unable to upload\n', true],
    ['::warning::Cache reservation failed: quota\n', true],
    ['::warning::uploadCacheArchiveSDK: internal error uploading cache archive: x\n', true],
    ['Failed to save: Unable to reserve cache with key k, another job may be creating this cache.\n', true],
    // A job's own output printed meanwhile passes through, even when it reads like the library's.
    ['Failed to save: checkpoint.pt (disk full)\n', false],
    ['Failed to restore: my own words\n', false],
    ['epoch 3/10 loss=0.12\n', false],
    ['::warning::Job train_b needed 2 attempts\n', false],
    ['Cache hit for: training-orchestrator-Linux-abc\n', false],
  ])('%j is taken out of the stream: %s', async (line, taken) => {
    const { lines, stream } = recorder();
    const { result } = captureLibraryFailures(async () => {
      (stream.write as unknown as (chunk: string) => boolean)(line);
      return 1;
    }, stream);
    const captured = await result;
    expect(captured.failures.length).toBe(taken ? 1 : 0);
    expect(lines).toEqual(taken ? [] : [line]);
  });

  test('messages are unescaped; the reservation debug line is read and still printed; the stream is restored', async () => {
    const { lines, stream } = recorder();
    const original = stream.write;
    const { result } = captureLibraryFailures(async () => {
      const write = stream.write as unknown as (chunk: string) => boolean;
      write('::error::Failed to restore: 100%25 broken%0Dnow\n');
      write('::debug::Failed to reserve cache: Error: Failed request: (409) Conflict\n');
      return 'value';
    }, stream);
    const captured = await result;
    expect(captured).toEqual({
      value: 'value',
      failures: ['Failed to restore: 100% broken\rnow'],
      reserveCause: 'Error: Failed request: (409) Conflict',
    });
    expect(lines).toEqual(['::debug::Failed to reserve cache: Error: Failed request: (409) Conflict\n']);
    expect(stream.write).toBe(original);
  });
});

describe('keys and the lazy library', () => {
  test.each([
    [{ RUNNER_OS: 'Linux' }, 'linux', 'Linux'],
    [{ RUNNER_OS: 'macOS' }, 'linux', 'macOS'],
    [{}, 'win32', 'Windows'],
    [{}, 'darwin', 'macOS'],
    [{}, 'linux', 'Linux'],
    [{ RUNNER_OS: 'bad,value' }, 'linux', 'Linux'],
  ] as const)('runner OS from %j on %s is %s', (env, platform, expected) => {
    expect(runnerOs(env as NodeJS.ProcessEnv, platform)).toBe(expected);
  });

  test('the key is <prefix>-<OS>-<job key>', () => {
    expect(githubCacheKey('training-orchestrator', 'Linux', 'ab12')).toBe('training-orchestrator-Linux-ab12');
  });

  test('building the store loads nothing; the first call loads the library once', async () => {
    let loads = 0;
    const workingDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'to-cache-lazy-'));
    const store = createGitHubCacheStore({
      keyPrefix: 'p',
      runnerOs: 'Linux',
      workingDirectory,
      load: async () => {
        loads += 1;
        return {
          restoreCache: async () => undefined,
          saveCache: async () => 1,
          isFeatureAvailable: () => true,
        };
      },
    });
    expect(loads).toBe(0);
    await expect(store.has('k')).resolves.toBe(false);
    await expect(store.has('k')).resolves.toBe(false);
    expect(loads).toBe(1);
    fs.rmSync(workingDirectory, { recursive: true, force: true });
  });
});
