/**
 * Whatever a job leaves in `metrics/` (real files, FIFOs, folders, links, bytes): reading never throws, never
 * hangs, keeps what can be kept, warns naming the file, and the summary, step summary and console table
 * always build from the result.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { depthMarker, METRICS_MAX_DEPTH } from '../../src/report/bounded-json.js';
import { formatFinalTable } from '../../src/report/console.js';
import { renderStepSummary } from '../../src/report/markdown.js';
import { Redactor } from '../../src/report/redact.js';
import { buildSummary } from '../../src/report/summary.js';
import { readMetrics, type ReadMetricsOptions } from '../../src/run/read-metrics.js';
import { makeJob, makePlan, makeResult, makeSettings, T0 } from '../report/fixtures.js';
import { recordingLogger, tempDir } from './helpers.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ajv = new Ajv2020({ allErrors: true, strict: true });
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/);
const validate = ajv.compile(
  JSON.parse(fs.readFileSync(path.join(root, 'schemas/summary.schema.json'), 'utf8')),
);

const LABEL = 'results/job_results/metrics';

function setup(files: Record<string, string | Buffer> = {}): string {
  const dir = path.join(tempDir(), 'metrics');
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

function read(dir: string, over: Partial<ReadMetricsOptions> = {}) {
  const logger = recordingLogger();
  const result = readMetrics(dir, {
    maxBytes: 1024 * 1024,
    maxTotalBytes: 1024 * 1024,
    logger,
    label: LABEL,
    ...over,
  });
  return { ...result, warnings: logger.lines.filter((line) => line.startsWith('warn:')) };
}

/** The summary, step summary and console table of one job with these metrics: all must build, and validate. */
function reportWith(metrics: Record<string, unknown> | null, secrets: string[] = []): void {
  const summary = buildSummary({
    settings: makeSettings(),
    plan: makePlan([makeJob('job')]),
    results: [{ ...makeResult('job'), metrics }],
    startedAt: new Date(T0),
    finishedAt: new Date(T0 + 1000),
    status: 'success',
    redactor: new Redactor(secrets),
  });
  const text = JSON.stringify(summary);
  expect(validate(JSON.parse(text))).toBe(true);
  expect(renderStepSummary(summary)).toContain('job');
  expect(formatFinalTable(summary)).toContain('job');
}

describe('readMetrics: each class of hostile content', () => {
  test('nesting of any depth (arrays, objects; 100,000 levels): the rest of the file and other files kept', () => {
    const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    const dir = setup({
      'a.json': `{"accuracy": 0.9, "deep": ${deep(100_000)}}`,
      'b.json': `{"tree": ${'{"k":'.repeat(100_000)}1${'}'.repeat(100_000)}, "loss": 0.1}`,
      'c.json': '{"other": 1}',
    });
    const { metrics, warnings, notes } = read(dir);
    expect(metrics).toMatchObject({ accuracy: 0.9, loss: 0.1, other: 1 });
    expect(warnings).toEqual([
      `warn: ${LABEL}/a.json nests deeper than ${METRICS_MAX_DEPTH} levels: 1 value(s) replaced by "${depthMarker(METRICS_MAX_DEPTH)}", the rest kept.`,
      expect.stringMatching(new RegExp(`^warn: ${LABEL}/b\\.json nests deeper than`)),
    ]);
    expect(notes).toHaveLength(2);
    reportWith(metrics, ['k']);
  });

  test('numbers JSON cannot hold (Python json.dump: NaN, Infinity, -Infinity; 1e400; beyond 2^53) are kept as text', () => {
    const script = [
      'import json, sys',
      'json.dump({"loss": float("nan"), "best": float("inf"), "worst": float("-inf"),',
      '           "params": 2**64 + 1, "accuracy": 0.5, "nested": [float("nan")]}, sys.stdout)',
    ].join('\n');
    const python = execFileSync('python3', ['-c', script], { encoding: 'utf8' });
    const dir = setup({ 'py.json': python, 'overflow.json': '{"big": 1e400, "small": -1e400}' });
    const { metrics, warnings } = read(dir);
    expect(metrics).toEqual({
      loss: 'NaN',
      best: 'Infinity',
      worst: '-Infinity',
      params: '18446744073709551617',
      accuracy: 0.5,
      nested: ['NaN'],
      big: '1e400',
      small: '-1e400',
    });
    expect(warnings).toEqual([
      `warn: ${LABEL}/overflow.json holds 2 number(s) JSON cannot hold exactly (1e400, -1e400): kept as strings of their text.`,
      `warn: ${LABEL}/py.json holds 5 number(s) JSON cannot hold exactly (NaN, Infinity, -Infinity): kept as strings of their text.`,
    ]);
    reportWith(metrics);
  });

  test.each(['__proto__', 'constructor', 'prototype'])(
    'the key %s is kept as plain data, nothing polluted',
    (key) => {
      const dir = setup({
        'a.json': `{"${key}": {"polluted": 1}, "accuracy": 0.8}`,
        'b.json': `{"nested": {"${key}": {"polluted": 2}}}`,
      });
      const { metrics, warnings } = read(dir);
      expect(warnings).toEqual([]);
      expect(Object.keys(metrics!)).toEqual([key, 'accuracy', 'nested']);
      expect(Object.getPrototypeOf(metrics)).toBe(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(metrics, key)?.value).toEqual({ polluted: 1 });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      // Through the redactor (keys and values walked) and into the summary: still there.
      const redacted = new Redactor(['secret-value']).redactData(metrics!);
      expect(Object.getOwnPropertyDescriptor(redacted, key)?.value).toEqual({ polluted: 1 });
      expect(JSON.parse(JSON.stringify(redacted))).toEqual(JSON.parse(JSON.stringify(metrics)));
      reportWith(metrics, ['secret-value']);
    },
  );

  test.each([
    ['an array', '[1, 2]'],
    ['a number', '0.9'],
    ['a string', '"accuracy"'],
    ['null', 'null'],
  ])('a top level that is %s: that file skipped with a warning, the others kept', (what, content) => {
    const dir = setup({ 'a.json': content, 'b.json': '{"accuracy": 1}' });
    const { metrics, warnings } = read(dir);
    expect(metrics).toEqual({ accuracy: 1 });
    expect(warnings).toEqual([`warn: ${LABEL}/a.json is not a JSON object (it holds ${what}): skipped.`]);
  });

  test('invalid UTF-8 inside a string: replaced, the file kept; binary content: skipped', () => {
    const dir = setup({
      'a.json': Buffer.concat([
        Buffer.from('{"name": "'),
        Buffer.from([0xff, 0xfe, 0xc3]),
        Buffer.from('", "f1": 0.5}'),
      ]),
      'b.json': Buffer.from([0x00, 0x01, 0x89, 0x50, 0x4e, 0x47, 0xff]),
      'c.json': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"bom": true}')]),
    });
    const { metrics, warnings } = read(dir);
    expect(metrics).toEqual({ name: '\uFFFD\uFFFD\uFFFD', f1: 0.5, bom: true });
    expect(warnings).toEqual([
      `warn: ${LABEL}/a.json holds bytes that are not UTF-8: replaced by U+FFFD.`,
      expect.stringMatching(new RegExp(`^warn: ${LABEL}/b\\.json is not valid JSON at position 0: `)),
    ]);
  });

  test('a folder, a FIFO and a link named *.json: skipped with a warning, never opened for a blocking read', () => {
    const dir = setup({ 'z.json': '{"kept": 1}' });
    fs.mkdirSync(path.join(dir, 'a.json'));
    execFileSync('mkfifo', [path.join(dir, 'b.json')]);
    fs.symlinkSync('/etc/hostname', path.join(dir, 'c.json'));
    const { metrics, warnings } = read(dir);
    expect(metrics).toEqual({ kept: 1 });
    expect(warnings).toEqual([
      `warn: ${LABEL}/c.json is a symbolic link: skipped.`,
      `warn: ${LABEL}/a.json is not a regular file (a folder): skipped.`,
      `warn: ${LABEL}/b.json is not a regular file (a FIFO): skipped.`,
    ]);
  });

  test('an unreadable file: skipped with a warning naming it, the others kept', () => {
    // Root reads everything: read as `nobody` for a moment (seteuid; the saved uid lets us come back).
    if (process.getuid?.() !== 0 || typeof process.seteuid !== 'function') {
      console.warn('Skipping the unreadable-file case: needs root to switch to another user.');
      return;
    }
    const dir = setup({ 'a.json': '{"hidden": 1}', 'b.json': '{"ok": 1}' });
    for (const folder of [path.dirname(dir), dir]) fs.chmodSync(folder, 0o755);
    fs.chmodSync(path.join(dir, 'a.json'), 0o600);
    fs.chmodSync(path.join(dir, 'b.json'), 0o644);
    let result: ReturnType<typeof read>;
    process.seteuid(65534);
    try {
      result = read(dir);
    } finally {
      process.seteuid(0);
    }
    expect(result.metrics).toEqual({ ok: 1 });
    expect(result.warnings).toEqual([
      `warn: ${LABEL}/a.json could not be opened: permission denied (EACCES). Skipped.`,
    ]);
  });

  test('size: a file over the per-file cap, and files beyond the per-job total, are skipped with a warning', () => {
    const dir = setup({
      'a.json': `{"pad": "${'x'.repeat(600)}"}`,
      'b.json': `{"big": "${'x'.repeat(2000)}"}`,
      'c.json': `{"pad2": "${'x'.repeat(600)}"}`,
      'd.json': '{"late": 1}',
      'e.json': '{"later": 1}',
    });
    const { metrics, warnings } = read(dir, { maxBytes: 1000, maxTotalBytes: 1000 });
    expect(Object.keys(metrics!)).toEqual(['pad']);
    expect(warnings).toEqual([
      `warn: ${LABEL}/b.json is 2011 bytes, more than 1000: skipped.`,
      `warn: ${LABEL}/c.json and 2 more file(s): skipped, the job's metrics files together would exceed 1000 bytes (611 bytes merged so far).`,
    ]);
  });
});

/** JSON text as Python writes it: NaN/Infinity bare, any key, any depth. */
function pythonJson(value: unknown): string {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (value === Infinity) return 'Infinity';
    if (value === -Infinity) return '-Infinity';
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${pythonJson(v)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value);
}

const hostileKey = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'main_metric',
    'accuracy',
    '',
    'sekrit-a',
  ),
  fc.string({ maxLength: 6 }),
);
const leaf = fc.oneof(
  fc.double(),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, 2 ** 60, Number.MAX_VALUE),
  fc.constantFrom('sekrit-a', 'x sekrit-ab y'),
  fc.integer(),
  fc.string({ maxLength: 8 }),
  fc.boolean(),
  fc.constant(null),
);
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('tree'), { maxLength: 4 }),
  object: fc.dictionary(hostileKey, tie('tree'), { maxKeys: 4 }),
}));
/** A value wrapped in `levels` arrays or single-key objects: far deeper than any limit. */
const deepWrap = fc
  .tuple(tree, fc.integer({ min: 0, max: 3000 }), fc.boolean(), hostileKey)
  .map(([inner, levels, arrays, key]) => ({ inner, levels, arrays, key }));

describe('readMetrics: property', () => {
  test('any JSON-ish files (hostile keys, depths, non-finite numbers, junk): never throws, serialisable, summary valid', () => {
    const dir = setup();
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            tree.map((value) => pythonJson(value)),
            fc.dictionary(hostileKey, tree, { maxKeys: 5 }).map((value) => pythonJson(value)),
            deepWrap.map(({ inner, levels, arrays, key }) => {
              const open = arrays ? '[' : `{${JSON.stringify(key)}: `;
              const close = arrays ? ']' : '}';
              return `{"w": ${open.repeat(levels)}${pythonJson(inner)}${close.repeat(levels)}}`;
            }),
            fc.string({ maxLength: 20 }),
            fc.uint8Array({ maxLength: 20 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
          ),
          { maxLength: 4 },
        ),
        // Any secrets, common words and single characters included: masking never changes the summary's shape.
        fc.array(
          fc.oneof(
            fc.string({ minLength: 1, maxLength: 4 }),
            fc.constantFrom('name', 'a', 'job', 'NaN', 'sekrit-a'),
          ),
          { maxLength: 2 },
        ),
        (contents, secrets) => {
          for (const name of fs.readdirSync(dir)) fs.rmSync(path.join(dir, name));
          contents.forEach((content, i) => fs.writeFileSync(path.join(dir, `m${i}.json`), content));
          const { metrics, notes } = read(dir);
          expect(Array.isArray(notes)).toBe(true);
          if (metrics !== null) {
            expect(Object.getPrototypeOf(metrics)).toBe(Object.prototype);
            const text = JSON.stringify(metrics);
            expect(JSON.stringify(JSON.parse(text))).toBe(text);
          }
          reportWith(metrics, secrets);
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        },
      ),
      { numRuns: 200 },
    );
  });
});
