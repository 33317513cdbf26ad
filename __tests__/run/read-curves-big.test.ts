/**
 * A real 200 MB+ learning-curve CSV, generated on the fly, read by the real reader in a child process
 * of its own, so its peak resident memory can be measured (`process.resourceUsage().maxRSS`) apart from
 * Jest's. The reader is the source file itself, transpiled (it imports nothing but node:fs and node:path
 * at run time). The numbers are printed for the record; only memory and results are asserted, never time.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SOURCE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/run/read-curves.ts');
const TARGET_BYTES = 210 * 1024 * 1024;
/** Far below the file size: the reader holds points, not the file. */
const MAX_PEAK_GROWTH_MB = 64;
const HEAP_LIMIT_MB = 48;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'to-curves-big-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Lightning-like: sparse validation columns every 100 steps, a quoted column name, CRLF line ends. */
/** `last`: the last train_loss point (the file ends on a validation row). */
function writeBigCsv(file: string): { rows: number; bytes: number; last: { step: number; loss: number } } {
  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  let rows = 0;
  let last = { step: 0, loss: 0 };
  try {
    const head = 'epoch,step,train_loss,val_loss,"val acc, top1"\r\n';
    fs.writeSync(fd, head);
    bytes += head.length;
    while (bytes < TARGET_BYTES) {
      const lines: string[] = [];
      for (let i = 0; i < 20_000; i += 1) {
        const step = rows;
        const epoch = Math.floor(step / 1000);
        const loss = Math.round((2 / (1 + step / 5000)) * 1e6) / 1e6;
        lines.push(
          step % 100 === 99
            ? `${epoch},${step},,${loss + 0.1},${Math.round((1 - loss / 3) * 1e4) / 1e4}`
            : `${epoch},${step},${loss},,`,
        );
        if (step % 100 !== 99) last = { step, loss };
        rows += 1;
      }
      const chunk = `${lines.join('\r\n')}\r\n`;
      fs.writeSync(fd, chunk);
      bytes += chunk.length;
    }
  } finally {
    fs.closeSync(fd);
  }
  return { rows, bytes, last };
}

function runChild(script: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      // A V8 heap far smaller than the file: a reader that held the file (or its lines) would run out of it.
      [`--max-old-space-size=${HEAP_LIMIT_MB}`, '--input-type=module', '-e', script],
      { timeout: 240_000, env: { ...process.env, NODE_OPTIONS: '' } },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
    );
  });
}

test('a 200 MB+ CSV is read line by line: bounded memory, every series downsampled, last point exact', async () => {
  const csv = path.join(dir, 'metrics.csv');
  const written = writeBigCsv(csv);
  expect(fs.statSync(csv).size).toBeGreaterThan(200 * 1024 * 1024);

  const reader = path.join(dir, 'read-curves.mjs');
  fs.writeFileSync(
    reader,
    ts.transpileModule(fs.readFileSync(SOURCE, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText,
  );
  const script = `
    const { readCurveFile } = await import(${JSON.stringify(reader)});
    const before = process.resourceUsage().maxRSS;
    const started = process.hrtime.bigint();
    const result = await readCurveFile(${JSON.stringify(csv)});
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(JSON.stringify({ before, after: process.resourceUsage().maxRSS, ms, result }));
  `;
  const { before, after, ms, result } = JSON.parse(await runChild(script)) as {
    before: number;
    after: number;
    ms: number;
    result: {
      curve: { x: string; points: number; series: Record<string, Array<[number, number]>> } | null;
      warnings: string[];
    };
  };

  const growthMb = (after - before) / 1024;
  console.log(
    `read-curves: ${(written.bytes / 1024 / 1024).toFixed(0)} MB, ${written.rows} rows in ${(ms / 1000).toFixed(1)} s ` +
      `(${(written.bytes / 1024 / 1024 / (ms / 1000)).toFixed(0)} MB/s); peak RSS ${(before / 1024).toFixed(0)} MB ` +
      `before reading, ${(after / 1024).toFixed(0)} MB after (+${growthMb.toFixed(1)} MB).`,
  );
  expect(growthMb).toBeLessThan(MAX_PEAK_GROWTH_MB);
  expect(result.warnings).toEqual([]);
  expect(result.curve?.x).toBe('step');
  expect(result.curve?.points).toBe(written.rows);
  const series = result.curve?.series ?? {};
  expect(Object.keys(series)).toEqual(['train_loss', 'val_loss', 'val acc, top1']);
  for (const points of Object.values(series)) {
    expect(points.length).toBeGreaterThanOrEqual(50);
    expect(points.length).toBeLessThanOrEqual(100);
  }
  expect(series.train_loss.at(-1)).toEqual([written.last.step, written.last.loss]);
  expect(series.train_loss[0]).toEqual([0, 2]);
}, 300_000);
