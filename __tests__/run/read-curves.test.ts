/**
 * The learning-curve reader: real files in a temp folder, the formats Keras' and Lightning's CSVLogger
 * write, JSON Lines, and every kind of odd row a script can produce. Reading never throws, never fails a
 * job, and holds a bounded number of points whatever the file holds.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { Logger } from '../../src/model/types.js';
import {
  CURVE_LIMITS,
  Downsampler,
  readCurveFile,
  readCurves,
  redactCurves,
  snapshotCurves,
  splitCsv,
} from '../../src/run/read-curves.js';
import { Redactor } from '../../src/report/redact.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'to-curves-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function recorder(): Logger & { warnings: string[]; debugs: string[] } {
  const warnings: string[] = [];
  const debugs: string[] = [];
  return {
    warnings,
    debugs,
    info() {},
    error() {},
    warn: (m) => warnings.push(m),
    debug: (m) => debugs.push(m),
  };
}

async function readText(name: string, content: string | Buffer) {
  const dir = tempDir();
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return readCurveFile(file);
}

interface Case {
  name: string;
  file: string;
  content: string | Buffer;
  x?: 'epoch' | 'step';
  series?: Record<string, Array<[number, number]>>;
  points?: number;
  /** null: no curve. */
  none?: boolean;
  warning?: RegExp;
}

const CASES: Case[] = [
  {
    name: "Keras' CSVLogger",
    file: 'history.csv',
    content: 'epoch,accuracy,loss,val_accuracy,val_loss\n0,0.5,0.9,0.45,1.0\n1,0.7,0.6,0.6,0.8\n',
    x: 'epoch',
    points: 2,
    series: {
      accuracy: [
        [0, 0.5],
        [1, 0.7],
      ],
      loss: [
        [0, 0.9],
        [1, 0.6],
      ],
      val_accuracy: [
        [0, 0.45],
        [1, 0.6],
      ],
      val_loss: [
        [0, 1],
        [1, 0.8],
      ],
    },
  },
  {
    name: "Lightning's CSVLogger: sparse columns, several steps per epoch → x is step",
    file: 'metrics.csv',
    content:
      'epoch,step,train_loss,val_loss,val_acc\n0,49,0.9,,\n0,99,0.7,,\n0,99,,0.8,0.6\n1,149,0.5,,\n1,199,0.4,,\n1,199,,0.6,0.7\n',
    x: 'step',
    points: 6,
    series: {
      train_loss: [
        [49, 0.9],
        [99, 0.7],
        [149, 0.5],
        [199, 0.4],
      ],
      val_loss: [
        [99, 0.8],
        [199, 0.6],
      ],
      val_acc: [
        [99, 0.6],
        [199, 0.7],
      ],
    },
  },
  {
    name: 'Lightning logging on epoch end only: one row per epoch → x is epoch',
    file: 'metrics.csv',
    content: 'epoch,step,train_loss,val_loss\n0,99,0.9,\n0,99,,0.8\n1,199,0.5,\n1,199,,0.6\n',
    x: 'epoch',
    series: {
      train_loss: [
        [0, 0.9],
        [1, 0.5],
      ],
      val_loss: [
        [0, 0.8],
        [1, 0.6],
      ],
    },
  },
  {
    name: 'BOM, CRLF, header case and spaces',
    file: 'h.csv',
    content: '\ufeff Epoch , loss \r\n1, 0.5 \r\n2,0.25\r\n',
    x: 'epoch',
    series: {
      loss: [
        [1, 0.5],
        [2, 0.25],
      ],
    },
  },
  {
    name: 'quoted fields: a comma and a doubled quote in a name, a quoted number',
    file: 'q.csv',
    content: 'epoch,"acc, top1","say ""hi"""\n1,"0.5",2\n',
    series: { 'acc, top1': [[1, 0.5]], 'say "hi"': [[1, 2]] },
  },
  {
    name: 'a quoted field with a line break continues on the next line',
    file: 'q.csv',
    content: 'epoch,note,loss\n1,"two\nlines",0.5\n2,x,0.4\n',
    series: {
      loss: [
        [1, 0.5],
        [2, 0.4],
      ],
    },
    warning: /2 values are not a number/,
  },
  {
    name: 'semicolons (a European spreadsheet export)',
    file: 's.csv',
    content: 'epoch;loss\n1;0.5\n',
    series: { loss: [[1, 0.5]] },
  },
  {
    name: 'tabs',
    file: 't.csv',
    content: 'step\tloss\n10\t0.5\n',
    x: 'step',
    series: { loss: [[10, 0.5]] },
  },
  {
    name: 'ragged rows: short ones keep their cells, long ones lose the extra cells',
    file: 'r.csv',
    content: 'epoch,loss,acc\n1,0.5\n2,0.4,0.6,99,100\n3,0.3,0.7\n',
    series: {
      loss: [
        [1, 0.5],
        [2, 0.4],
        [3, 0.3],
      ],
      acc: [
        [2, 0.6],
        [3, 0.7],
      ],
    },
    warning: /2 rows have a different number of cells than the header \(first at line 2\)/,
  },
  {
    name: 'NaN, inf, text, hex and empty cells are left out; empty ones silently',
    file: 'n.csv',
    content: 'epoch,loss\n1,nan\n2,inf\n3,-Infinity\n4,abc\n5,0x10\n6,\n7,1e-3\n8,1_000\n',
    series: { loss: [[7, 0.001]] },
    warning: /3 values are not a number; 3 values are NaN or infinite \(first at line 2\)/,
  },
  {
    name: 'rows without a numeric epoch',
    file: 'x.csv',
    content: 'epoch,loss\n,0.5\nfirst,0.4\n3,0.3\n',
    series: { loss: [[3, 0.3]] },
    warning: /2 rows have no numeric epoch\/step/,
  },
  {
    name: 'blank lines and a missing final newline',
    file: 'b.csv',
    content: '\n\nepoch,loss\n\n1,0.5\n\n2,0.4',
    series: {
      loss: [
        [1, 0.5],
        [2, 0.4],
      ],
    },
  },
  {
    name: 'no epoch or step column: not a curve, no warning',
    file: 'c.csv',
    content: 'a,b\n1,2\n',
    none: true,
  },
  { name: 'a header only', file: 'h.csv', content: 'epoch,loss\n', none: true },
  { name: 'an empty file', file: 'e.csv', content: '', none: true },
  { name: 'binary junk', file: 'j.csv', content: Buffer.from([0, 255, 10, 13, 0, 1, 2, 10]), none: true },
  {
    name: 'JSON Lines: numbers, numeric strings, labels, nested objects, bare NaN',
    file: 'log.jsonl',
    content:
      '{"epoch": 1, "loss": 0.5, "phase": "train", "lr": "0.01", "cfg": {"a": 1}, "ok": true}\n' +
      '{"epoch": 2, "loss": NaN, "lr": "0.02"}\n' +
      'not json\n[1, 2]\n\n{"loss": 0.1}\n{"epoch": 3, "loss": 0.25}\r\n',
    x: 'epoch',
    points: 3,
    series: {
      loss: [
        [1, 0.5],
        [3, 0.25],
      ],
      lr: [
        [1, 0.01],
        [2, 0.02],
      ],
    },
    warning: /2 lines are not JSON objects; 1 row has no numeric epoch\/step; 1 value is NaN or infinite/,
  },
  {
    name: 'JSON Lines with a BOM and CRLF',
    file: 'bom.jsonl',
    content: '\ufeff{"epoch": 1, "loss": 0.5}\r\n{"epoch": 2, "loss": 0.4}\r\n',
    series: {
      loss: [
        [1, 0.5],
        [2, 0.4],
      ],
    },
  },
  {
    name: 'JSON Lines with a step key',
    file: 'log.jsonl',
    content: '{"step": 100, "train/loss": 0.5}\n{"step": 200, "train/loss": 0.4}\n',
    x: 'step',
    series: {
      'train/loss': [
        [100, 0.5],
        [200, 0.4],
      ],
    },
  },
  { name: 'JSON Lines without epoch or step', file: 'log.jsonl', content: '{"loss": 1}\n', none: true },
];

describe('readCurveFile: formats and odd rows', () => {
  test.each(CASES)('$name', async (c) => {
    const result = await readText(c.file, c.content);
    if (c.none) {
      expect(result.curve).toBeNull();
    } else {
      expect(result.curve).not.toBeNull();
      if (c.x) expect(result.curve?.x).toBe(c.x);
      if (c.points !== undefined) expect(result.curve?.points).toBe(c.points);
      if (c.series) expect(result.curve?.series).toEqual(c.series);
    }
    if (c.warning) expect(result.warnings.join('\n')).toMatch(c.warning);
    else expect(result.warnings).toEqual([]);
  });

  test('a line longer than the limit is skipped and counted, never held whole', async () => {
    const long = '9'.repeat(CURVE_LIMITS.maxLineChars + 10);
    const result = await readText('l.csv', `epoch,loss\n1,0.5\n2,${long}\n3,0.3\n`);
    expect(result.curve?.series.loss).toEqual([
      [1, 0.5],
      [3, 0.3],
    ]);
    expect(result.warnings.join('\n')).toMatch(/1 line is too long \(first at line 3\)/);
  });

  test('more series than the limit: the first ones by header order, the rest named in a warning', async () => {
    const names = Array.from({ length: CURVE_LIMITS.maxSeriesPerFile + 3 }, (_, i) => `m${i}`);
    const result = await readText('w.csv', `epoch,${names.join(',')}\n1,${names.map(() => 1).join(',')}\n`);
    expect(Object.keys(result.curve?.series ?? {})).toEqual(names.slice(0, CURVE_LIMITS.maxSeriesPerFile));
    expect(result.warnings.join('\n')).toMatch(/more than 16 series: m16, m17, m18 left out/);
  });
});

describe('splitCsv', () => {
  test.each([
    ['a,b,c', ',', ['a', 'b', 'c'], false],
    ['"a,b",c', ',', ['a,b', 'c'], false],
    ['"a""b",c', ',', ['a"b', 'c'], false],
    ['a"b,c', ',', ['a"b', 'c'], false],
    ['"open,c', ',', ['open,c'], true],
    [',,', ',', ['', '', ''], false],
    ['', ',', [''], false],
    ['a;b', ';', ['a', 'b'], false],
  ])('%j', (record, delimiter, fields, open) => {
    expect(splitCsv(record, delimiter)).toEqual({ fields, open });
  });
});

describe('Downsampler', () => {
  test.each([1, 2, 99, 100, 101, 199, 200, 1000, 12345])(
    '%i points: at most 100 kept, evenly thinned, first and last exact',
    (n) => {
      const sampler = new Downsampler(100);
      for (let i = 0; i < n; i += 1) sampler.push(i, i * 2);
      const out = sampler.result();
      expect(out.length).toBeLessThanOrEqual(100);
      expect(out.length).toBe(Math.min(n, out.length));
      expect(out[0]).toEqual([0, 0]);
      expect(out.at(-1)).toEqual([n - 1, (n - 1) * 2]);
      for (let i = 1; i < out.length; i += 1) expect(out[i][0]).toBeGreaterThan(out[i - 1][0]);
      if (n >= 200) expect(out.length).toBeGreaterThanOrEqual(50);
      // Evenly thinned: every kept x but the last is a multiple of one stride.
      const stride = out.length > 1 ? out[1][0] - out[0][0] : 1;
      for (const [x] of out.slice(0, -1)) expect(x % stride).toBe(0);
    },
  );
});

describe('readCurves over a metrics folder', () => {
  test('finds CSV and JSONL files up to three levels deep (Lightning: version_0/metrics.csv), in path order', async () => {
    const dir = tempDir();
    const metrics = path.join(dir, 'results', 'a', 'metrics');
    fs.mkdirSync(path.join(metrics, 'lightning', 'version_0'), { recursive: true });
    fs.mkdirSync(path.join(metrics, 'x', 'y', 'z'), { recursive: true });
    fs.writeFileSync(path.join(metrics, 'history.csv'), 'epoch,loss\n1,0.5\n');
    fs.writeFileSync(path.join(metrics, 'log.JSONL'), '{"epoch":1,"acc":0.5}\n');
    fs.writeFileSync(
      path.join(metrics, 'lightning', 'version_0', 'metrics.csv'),
      'epoch,step,loss\n0,1,0.9\n',
    );
    fs.writeFileSync(path.join(metrics, 'x', 'y', 'z', 'deep.csv'), 'epoch,loss\n1,1\n');
    fs.writeFileSync(path.join(metrics, 'metrics.json'), '{"loss": 1}');
    fs.writeFileSync(path.join(metrics, 'notes.csv'), 'a,b\n1,2\n');
    const logger = recorder();
    const { curves, notes } = await readCurves(metrics, { workingDirectory: dir, logger });
    expect(notes).toEqual([]);
    expect(curves?.map((c) => c.file)).toEqual([
      'results/a/metrics/history.csv',
      'results/a/metrics/lightning/version_0/metrics.csv',
      'results/a/metrics/log.JSONL',
    ]);
    expect(logger.warnings).toEqual([]);
    expect(logger.debugs.join('\n')).toMatch(/results\/a\/metrics\/notes.csv: no epoch or step column/);
  });

  test('no folder, an empty folder or no curve file: null', async () => {
    const dir = tempDir();
    const logger = recorder();
    const none = { curves: null, notes: [] };
    expect(await readCurves(path.join(dir, 'missing'), { workingDirectory: dir, logger })).toEqual(none);
    expect(await readCurves(dir, { workingDirectory: dir, logger })).toEqual(none);
    fs.writeFileSync(path.join(dir, 'notes.csv'), 'a,b\n');
    expect(await readCurves(dir, { workingDirectory: dir, logger })).toEqual(none);
    expect(logger.warnings).toEqual([]);
  });

  test('symbolic links are not followed: a link to a file outside the folder is not read', async () => {
    const dir = tempDir();
    const outside = path.join(tempDir(), 'secret.csv');
    fs.writeFileSync(outside, 'epoch,secret\n1,42\n');
    fs.symlinkSync(outside, path.join(dir, 'link.csv'));
    fs.symlinkSync(path.dirname(outside), path.join(dir, 'linked-folder'));
    const { curves } = await readCurves(dir, { workingDirectory: dir, logger: recorder() });
    expect(curves).toBeNull();
  });

  test('files left by an earlier run (unchanged since the snapshot) are not read; rewritten ones are', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'old.csv'), 'epoch,loss\n1,0.5\n');
    fs.writeFileSync(path.join(dir, 'new.csv'), 'epoch,loss\n1,0.5\n');
    const before = snapshotCurves(dir);
    fs.writeFileSync(path.join(dir, 'new.csv'), 'epoch,loss\n1,0.5\n2,0.4\n');
    fs.writeFileSync(path.join(dir, 'added.jsonl'), '{"epoch":1,"loss":1}\n');
    const { curves } = await readCurves(dir, { workingDirectory: dir, logger: recorder(), before });
    expect(curves?.map((c) => c.file)).toEqual(['added.jsonl', 'new.csv']);
  });

  test('more files than the limit: the first ones by path, the others named in one warning', async () => {
    const dir = tempDir();
    for (let i = 0; i < CURVE_LIMITS.maxFiles + 2; i += 1)
      fs.writeFileSync(path.join(dir, `h${String(i).padStart(2, '0')}.csv`), 'epoch,loss\n1,1\n');
    const logger = recorder();
    const metrics = path.join(dir, 'results', 'job_results', 'metrics');
    fs.mkdirSync(metrics, { recursive: true });
    for (const name of fs.readdirSync(dir))
      if (name.endsWith('.csv')) fs.renameSync(path.join(dir, name), path.join(metrics, name));
    const { curves, notes } = await readCurves(metrics, { workingDirectory: dir, logger });
    expect(curves).toHaveLength(CURVE_LIMITS.maxFiles);
    const message =
      'results/job_results/metrics holds 10 learning-curve files, more than 8: not read: h08.csv, h09.csv.';
    expect(logger.warnings).toEqual([message]);
    expect(notes).toEqual([message]);
  });

  test('a warning (and a note for the summary) names the file by its path in the working directory', async () => {
    const dir = tempDir();
    const metrics = path.join(dir, 'results', 'train.lr-0.1_results', 'metrics');
    fs.mkdirSync(metrics, { recursive: true });
    fs.writeFileSync(path.join(metrics, 'history.csv'), 'epoch,loss\n1,nan\n2,0.5\n');
    const logger = recorder();
    const { notes } = await readCurves(metrics, { workingDirectory: dir, logger });
    const message =
      'results/train.lr-0.1_results/metrics/history.csv: 1 value is NaN or infinite (first at line 2): left out of the learning curve.';
    expect(logger.warnings).toEqual([message]);
    expect(notes).toEqual([message]);
  });

  test('an unreadable file is a warning, not an error', async () => {
    if (process.getuid?.() === 0) return; // root reads anything
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'history.csv'), 'epoch,loss\n1,1\n', { mode: 0o000 });
    const logger = recorder();
    expect((await readCurves(dir, { workingDirectory: dir, logger })).curves).toBeNull();
    expect(logger.warnings.join('\n')).toMatch(/\.\/history.csv could not be read/);
  });
});

describe('redactCurves', () => {
  test('series names are redacted and points spelling a secret dropped', () => {
    const redactor = new Redactor(['hunter2', '424242']);
    const curves = redactCurves(
      [
        {
          file: 'm/hunter2.csv',
          x: 'epoch',
          points: 3,
          series: {
            'loss-hunter2': [
              [1, 0.5],
              [2, 424242],
              [3, 0.25],
            ],
          },
        },
      ],
      redactor,
    );
    expect(JSON.stringify(curves)).not.toMatch(/hunter2|424242/);
    expect(Object.values(curves[0].series)[0]).toEqual([
      [1, 0.5],
      [3, 0.25],
    ]);
  });
});

describe('property: reading never throws and stays bounded', () => {
  const cell = fc.oneof(
    fc.double().map(String),
    fc.integer().map(String),
    fc.constantFrom(
      '',
      'nan',
      'NaN',
      'inf',
      '-Infinity',
      '"1,5"',
      '"',
      '""',
      'x',
      ' ',
      '\ufeff',
      '1e999',
      '0x1f',
    ),
    fc.string({ unit: 'binary', maxLength: 8 }),
  );
  const row = fc
    .array(cell, { maxLength: 8 })
    .map((cells) => cells.join(fc.sample(fc.constantFrom(','), 1)[0]));
  const header = fc.oneof(
    fc.constantFrom('epoch,loss,val_loss', 'step,loss', 'epoch,step,a,b,c', '\ufeffepoch;x', 'a,b'),
    fc.array(fc.string({ maxLength: 6 }), { maxLength: 6 }).map((names) => ['epoch', ...names].join(',')),
  );
  const eol = fc.constantFrom('\n', '\r\n', '\r');
  const csv = fc
    .tuple(header, fc.array(row, { maxLength: 400 }), eol)
    .map(([h, rows, end]) => [h, ...rows].join(end));
  const jsonl = fc
    .array(
      fc.oneof(
        fc
          .record({
            epoch: fc.oneof(fc.integer(), fc.double(), fc.string()),
            loss: fc.oneof(fc.double(), fc.string()),
          })
          .map((o) => JSON.stringify(o)),
        fc.string({ unit: 'binary', maxLength: 20 }),
        fc.json(),
      ),
      { maxLength: 300 },
    )
    .map((lines) => lines.join('\n'));

  test('any CSV or JSONL: a result, a bounded number of finite points, numbers only', async () => {
    const dir = tempDir();
    const limits = { ...CURVE_LIMITS, maxPoints: 10, maxSeriesPerFile: 3, maxLineChars: 200 };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          csv.map((c) => ['p.csv', c]),
          jsonl.map((c) => ['p.jsonl', c]),
        ),
        async ([name, content]) => {
          const file = path.join(dir, name);
          fs.writeFileSync(file, content);
          const result = await readCurveFile(file, limits);
          if (!result.curve) return;
          const series = Object.entries(result.curve.series);
          expect(series.length).toBeLessThanOrEqual(3);
          expect(series.length).toBeGreaterThan(0);
          for (const [, points] of series) {
            expect(points.length).toBeGreaterThan(0);
            expect(points.length).toBeLessThanOrEqual(10);
            for (const [x, y] of points) {
              expect(Number.isFinite(x)).toBe(true);
              expect(Number.isFinite(y)).toBe(true);
            }
          }
          expect(result.curve.points).toBeGreaterThan(0);
        },
      ),
      { numRuns: 150, seed: 1203 },
    );
  });
});
