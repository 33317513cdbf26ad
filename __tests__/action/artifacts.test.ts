/** Artifact settings, file collection, the byte-level secret scan and the main → post state, without the network. */
import { afterEach, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InputError } from '../../src/model/types.js';
import type { RawInputs } from '../../src/plan/inputs.js';
import { MASK, Redactor, newRedactState } from '../../src/report/redact.js';
import { classifyUploadError, parseArtifactSettings } from '../../src/action/artifacts.js';
import { collectArtifactFiles, isInFolder } from '../../src/action/artifact-files.js';
import { SecretScanner } from '../../src/action/secret-scan.js';
import { MAIN_STATE_KEY, readMainState, resetSavedMainState, saveMainState } from '../../src/action/state.js';
import { stateEnvFromFile } from '../support/artifact-service/state-file.js';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'to-art-'));
}

describe('parseArtifactSettings', () => {
  const defaults = {
    enabled: true,
    resultsName: 'training-results',
    summaryName: 'training-summary',
    resultsRetentionDays: 30,
    summaryRetentionDays: 90,
    suffix: '',
    uploadModels: false,
    modelsName: 'training-models',
  };

  test.each<[string, RawInputs, Partial<typeof defaults>]>([
    ['empty inputs are the defaults', {}, {}],
    ['blank strings are the defaults', { results_artifact_name: '  ', results_retention_days: '' }, {}],
    ['upload_artifacts: false', { upload_artifacts: 'false' }, { enabled: false }],
    ['upload_artifacts: TRUE', { upload_artifacts: 'TRUE' }, { enabled: true }],
    [
      'custom names, trimmed',
      { results_artifact_name: ' run results ', summary_artifact_name: 'sum.v2' },
      { resultsName: 'run results', summaryName: 'sum.v2' },
    ],
    [
      'retention bounds',
      { results_retention_days: '1', summary_retention_days: '90' },
      { resultsRetentionDays: 1, summaryRetentionDays: 90 },
    ],
    [
      'a suffix goes on both names',
      { artifact_suffix: 'gpu-py3.11' },
      {
        resultsName: 'training-results-gpu-py3.11',
        summaryName: 'training-summary-gpu-py3.11',
        modelsName: 'training-models-gpu-py3.11',
        suffix: 'gpu-py3.11',
      },
    ],
    [
      'a shard run gets shard-k-of-n',
      { shard: '2/4' },
      {
        resultsName: 'training-results-shard-2-of-4',
        summaryName: 'training-summary-shard-2-of-4',
        modelsName: 'training-models-shard-2-of-4',
        suffix: 'shard-2-of-4',
      },
    ],
    [
      'an explicit suffix wins over the shard',
      { shard: '2/4', artifact_suffix: 'nightly' },
      {
        resultsName: 'training-results-nightly',
        summaryName: 'training-summary-nightly',
        modelsName: 'training-models-nightly',
        suffix: 'nightly',
      },
    ],
    [
      'upload_models: true, a name of its own',
      { upload_models: 'true', models_artifact_name: 'deployable' },
      { uploadModels: true, modelsName: 'deployable' },
    ],
  ])('%s', (_label, raw, expected) => {
    expect(parseArtifactSettings(raw)).toEqual({ ...defaults, ...expected });
  });

  test.each<[string, RawInputs, string, RegExp]>([
    [
      'retention 0',
      { results_retention_days: '0' },
      'results_retention_days',
      /Expected a whole number from 1 to 90/,
    ],
    [
      'retention 91',
      { summary_retention_days: '91' },
      'summary_retention_days',
      /Invalid summary_retention_days '91'/,
    ],
    [
      'retention 7.5',
      { results_retention_days: '7.5' },
      'results_retention_days',
      /from 1 to 90 \(empty means 30\)/,
    ],
    ['retention -1', { results_retention_days: '-1' }, 'results_retention_days', /from 1 to 90/],
    ['retention text', { summary_retention_days: 'forever' }, 'summary_retention_days', /empty means 90/],
    [
      'a slash in a name',
      { results_artifact_name: 'a/b' },
      'results_artifact_name',
      /Invalid results_artifact_name 'a\/b'.*holds \//,
    ],
    ['a backslash', { summary_artifact_name: 'a\\b' }, 'summary_artifact_name', /holds \\/],
    ['a colon', { results_artifact_name: 'run:1' }, 'results_artifact_name', /holds :/],
    ['a star', { results_artifact_name: 'run*' }, 'results_artifact_name', /holds \*/],
    ['a question mark', { results_artifact_name: 'run?' }, 'results_artifact_name', /holds \?/],
    ['a quote', { results_artifact_name: 'say "hi"' }, 'results_artifact_name', /holds "/],
    ['angle brackets', { results_artifact_name: '<run>' }, 'results_artifact_name', /holds < >/],
    ['a pipe', { results_artifact_name: 'a|b' }, 'results_artifact_name', /holds \|/],
    ['a line break', { results_artifact_name: 'a\nb' }, 'results_artifact_name', /holds \\n/],
    [
      'a suffix with a slash',
      { artifact_suffix: 'a/b' },
      'artifact_suffix',
      /Invalid artifact_suffix 'a\/b'/,
    ],
    ['a suffix with a space', { artifact_suffix: 'a b' }, 'artifact_suffix', /letters, digits/],
    [
      'a suffix starting with -',
      { artifact_suffix: '-x' },
      'artifact_suffix',
      /starting with a letter or digit/,
    ],
    [
      'the same name twice',
      { summary_artifact_name: 'training-results' },
      'summary_artifact_name',
      /different from results_artifact_name/,
    ],
    [
      'upload_artifacts: yes',
      { upload_artifacts: 'yes' },
      'upload_artifacts',
      /Invalid upload_artifacts 'yes'/,
    ],
    ['a bad shard', { shard: '5/4' }, 'shard', /Invalid shard '5\/4'/],
  ])('%s is an InputError naming the input', (_label, raw, where, message) => {
    let caught: unknown;
    try {
      parseArtifactSettings(raw);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as InputError).where).toBe(where);
    expect((caught as InputError).message).toMatch(message);
  });
});

describe('classifyUploadError', () => {
  class Named extends Error {
    constructor(name: string, message: string) {
      super(message);
      this.name = name;
    }
  }
  test.each<[string, Error, string]>([
    [
      '409',
      new Error(
        'Failed to CreateArtifact: Received non-retryable error: Failed request: (409) Conflict: an artifact with this name already exists on the workflow run',
      ),
      'duplicate',
    ],
    [
      '5xx retries used up',
      new Error(
        'Failed to CreateArtifact: Failed to make request after 5 attempts: Failed request: (500) Internal Server Error',
      ),
      'exhausted',
    ],
    [
      'other 4xx',
      new Error('Failed to CreateArtifact: Received non-retryable error: Failed request: (401) Unauthorized'),
      'permanent',
    ],
    ['quota', new Named('UsageError', 'Artifact storage quota has been hit.'), 'permanent'],
    [
      'GHES',
      new Named('GHESNotSupportedError', '@actions/artifact v2.0.0+ … are not currently supported on GHES.'),
      'permanent',
    ],
    ['no runtime token', new Error('Unable to get the ACTIONS_RUNTIME_TOKEN env variable'), 'permanent'],
    ['network', new Named('NetworkError', 'Unable to make request: ECONNRESET'), 'transient'],
    [
      'not ok',
      new Named('InvalidResponseError', 'CreateArtifact: response from backend was not ok'),
      'transient',
    ],
    ['stalled', new Error('Upload progress stalled.'), 'transient'],
  ])('%s is %s', (_label, error, kind) => {
    expect(classifyUploadError(error)).toBe(kind);
  });
});

describe('collectArtifactFiles', () => {
  test('lists each file once when folders overlap, sorted, ignoring missing folders and folders outside', async () => {
    const root = tempDir();
    for (const file of [
      'results/b.txt',
      'results/logs/x.log',
      'results/a/z.bin',
      'summaries/s.json',
      '../escape.txt',
    ]) {
      const target = path.join(root, file);
      if (!target.startsWith(root)) continue;
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, file);
    }
    const collected = await collectArtifactFiles(root, [
      'results',
      'results/logs',
      'summaries',
      'missing',
      '..',
      '.',
    ]);
    expect(collected.files.map((f) => f.relative)).toEqual([
      'results/a/z.bin',
      'results/b.txt',
      'results/logs/x.log',
      'summaries/s.json',
    ]);
    expect(collected.files[0].absolute).toBe(path.join(root, 'results/a/z.bin'));
    expect(collected.setAside).toEqual([]);
  });

  test('a folder linked outside, itself or through a folder above it, is set aside; nothing under it is listed', async () => {
    const base = tempDir();
    const root = path.join(base, 'work');
    const outside = path.join(base, 'outside');
    fs.mkdirSync(path.join(outside, 'run1'), { recursive: true });
    fs.writeFileSync(path.join(outside, 'run1', 'private.txt'), 'not for upload');
    fs.mkdirSync(path.join(root, 'store', 'kept'), { recursive: true });
    fs.writeFileSync(path.join(root, 'store', 'kept', 'ok.txt'), 'inside');
    fs.symlinkSync(outside, path.join(root, 'results'));
    fs.symlinkSync('../outside/run1', path.join(root, 'logs'));
    fs.symlinkSync('store', path.join(root, 'inner'));
    const collected = await collectArtifactFiles(root, ['results/run1', 'logs', 'inner/kept']);
    expect(collected.files.map((f) => f.relative)).toEqual(['inner/kept/ok.txt']);
    expect(collected.setAside).toEqual([
      {
        relative: 'logs/',
        reason: 'a folder that leads outside the working directory through a symbolic link',
      },
      {
        relative: 'results/run1/',
        reason: 'a folder that leads outside the working directory through a symbolic link',
      },
    ]);
  });

  test.each([
    ['logs/a.log', 'logs', true],
    ['logs', 'logs', true],
    ['logs2/a.log', 'logs', false],
    ['results/logs/a.log', 'results/logs/', true],
    ['summaries/s.json', 'results', false],
  ])('isInFolder(%s, %s) is %s', (relative, folder, expected) => {
    expect(isInFolder(relative, folder)).toBe(expected);
  });
});

describe('SecretScanner', () => {
  const secrets = ['kaggle-key-0123456789', 'abc', 'pass\nword', 'é-secret-ü'];
  const redactor = new Redactor(secrets);
  const scanner = new SecretScanner(redactor);

  async function throughTransform(chunks: Buffer[]): Promise<{ out: Buffer; count: number }> {
    const transform = scanner.createTransform();
    const parts: Buffer[] = [];
    transform.on('data', (chunk: Buffer) => parts.push(chunk));
    await pipeline(Readable.from(chunks), transform);
    return { out: Buffer.concat(parts), count: transform.count };
  }

  test('masks secrets however the bytes are split, binary bytes around them untouched', async () => {
    const pieces = fc.oneof(
      fc.constantFrom(...redactor.secrets.map((s) => Buffer.from(s))),
      fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes.map((b) => (b === 0x61 ? 0x62 : b)))),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(pieces, { maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        async (parts, cuts) => {
          const whole = Buffer.concat(parts);
          const points = [...new Set(cuts.map((c) => (whole.length === 0 ? 0 : c % whole.length)))].sort(
            (a, b) => a - b,
          );
          const chunks: Buffer[] = [];
          let from = 0;
          for (const point of [...points, whole.length]) {
            chunks.push(whole.subarray(from, point));
            from = point;
          }
          const { out, count } = await throughTransform(chunks.filter((c) => c.length > 0));
          const once = scanner.redactChunk(newRedactState(), whole, true);
          expect(out.equals(once.emit)).toBe(true);
          expect(count).toBe(once.count);
          for (const secret of redactor.secrets) expect(out.includes(Buffer.from(secret))).toBe(false);
        },
      ),
      { numRuns: 150 },
    );
  });

  test('finds a secret split across read chunks, and none in a clean binary file', async () => {
    const dir = tempDir();
    const dirty = path.join(dir, 'dirty.bin');
    fs.writeFileSync(
      dirty,
      Buffer.concat([Buffer.alloc(1000, 7), Buffer.from('kaggle-key-0123456789'), Buffer.alloc(10, 9)]),
    );
    const clean = path.join(dir, 'clean.bin');
    fs.writeFileSync(clean, Buffer.alloc(5000, 0xff));
    expect(await scanner.fileContainsSecret(dirty, 1005)).toBe(true);
    expect(await scanner.fileContainsSecret(clean, 64)).toBe(false);
  });

  test('redacts a file in place, keeping its mode and everything but the secrets', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'env.txt');
    fs.writeFileSync(file, 'A=1\nKEY=kaggle-key-0123456789\nB=é-secret-ü!\n', { mode: 0o640 });
    fs.chmodSync(file, 0o640);
    const count = await scanner.redactFileInPlace(file, 8);
    expect(count).toBe(2);
    expect(fs.readFileSync(file, 'utf8')).toBe(`A=1\nKEY=${MASK}\nB=${MASK}!\n`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o640);
    expect(fs.readdirSync(dir)).toEqual(['env.txt']);
  });

  test('is inactive without secrets', async () => {
    const none = new SecretScanner(new Redactor([]));
    expect(none.active).toBe(false);
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'f'), 'abc');
    expect(await none.fileContainsSecret(path.join(dir, 'f'))).toBe(false);
  });
});

describe('main → post state', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetSavedMainState();
  });

  test('what the main step saves (merged, last value wins) is what the post step reads, never a secret', () => {
    const stateFile = path.join(tempDir(), 'state');
    fs.writeFileSync(stateFile, '');
    process.env.GITHUB_STATE = stateFile;
    saveMainState({ kaggle: { path: '/home/runner/.kaggle/kaggle.json', created: true, dirCreated: false } });
    saveMainState({
      workingDirectory: '/work',
      resultsDir: 'results',
      logsDir: 'logs',
      summariesDir: 'summaries',
      artifacts: parseArtifactSettings({ artifact_suffix: 'x' }),
      planned: true,
      uploaded: false,
      plannedAt: '2026-03-01T12:00:00.000Z',
      ...({ secrets: ['s3cr3t-value'] } as object),
    });
    saveMainState({ uploaded: true });
    expect(fs.readFileSync(stateFile, 'utf8')).not.toContain('s3cr3t-value');

    delete process.env.GITHUB_STATE;
    Object.assign(process.env, stateEnvFromFile(stateFile));
    expect(readMainState()).toEqual({
      kaggle: { path: '/home/runner/.kaggle/kaggle.json', created: true, dirCreated: false },
      workingDirectory: '/work',
      resultsDir: 'results',
      logsDir: 'logs',
      summariesDir: 'summaries',
      artifacts: parseArtifactSettings({ artifact_suffix: 'x' }),
      planned: true,
      uploaded: true,
      plannedAt: '2026-03-01T12:00:00.000Z',
    });
  });

  test.each([
    ['no state', undefined, undefined],
    ['not JSON', '{oops', undefined],
    ['not an object', '[1]', undefined],
    [
      'fields of the wrong type are dropped',
      JSON.stringify({
        planned: 'yes',
        uploaded: true,
        workingDirectory: 3,
        artifacts: { enabled: true },
        kaggle: { path: 'x' },
      }),
      { planned: false, uploaded: true },
    ],
  ])('%s', (_label, raw, expected) => {
    if (raw === undefined) delete process.env[`STATE_${MAIN_STATE_KEY}`];
    else process.env[`STATE_${MAIN_STATE_KEY}`] = raw;
    expect(readMainState()).toEqual(expected);
  });
});
