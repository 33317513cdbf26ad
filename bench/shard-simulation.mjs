// Shard balance (issue 7): 1,000 jobs with heavy-tailed (Pareto) durations split into 20 shards, the
// busiest shard over the ideal max(sum / shards, longest job), for history-balanced shards (LPT) and
// for shards balanced by count (round-robin, what a run without history gets). Nothing runs: the
// product's own partitionJobs is transpiled from src/plan/shard.ts (TypeScript's transpileModule, no
// type check, no bundler) and called on the same workload __tests__/plan/shard.test.ts asserts on.
//
// Usage: node bench/shard-simulation.mjs [--jobs 1000] [--shards 20] [--seeds 1,2,3,4,5] [--json]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import ts from 'typescript';
import { seededRandom } from './workloads.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Transpiles the files partitionJobs needs into a temporary folder and imports shard.js from there. */
async function loadShard() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'to-shard-sim-'));
  const files = ['src/model/types.ts', 'src/plan/defaults.ts', 'src/plan/shard.ts'];
  for (const file of files) {
    const source = fs.readFileSync(path.join(root, file), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      fileName: file,
    });
    const target = path.join(dir, file.replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, outputText);
  }
  fs.writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}\n');
  try {
    return await import(pathToFileURL(path.join(dir, 'src/plan/shard.js')).href);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Pareto(60 s, 1.5) capped at 6 h, as __tests__/plan/shard-workload.ts draws it. */
function paretoDurations(n, seed, { xm = 60, alpha = 1.5, cap = 6 * 3600 } = {}) {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const u = 1 - random();
    return Math.round(Math.min(cap, xm / Math.pow(u, 1 / alpha)) * 1000) / 1000;
  });
}

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '1000' },
    shards: { type: 'string', default: '20' },
    seeds: { type: 'string', default: '1,2,3,4,5' },
    json: { type: 'boolean', default: false },
  },
});
const n = Number(values.jobs);
const shards = Number(values.shards);
const seeds = values.seeds.split(',').map(Number);

const { partitionJobs } = await loadShard();
const width = String(n).length;
const job = (id) => ({ id, runsOn: undefined });
const rows = seeds.map((seed) => {
  const seconds = paretoDurations(n, seed);
  const jobs = seconds.map((_, i) => job(`j${String(i + 1).padStart(width, '0')}`));
  const durations = new Map(jobs.map((j, i) => [j.id, seconds[i]]));
  const sum = seconds.reduce((a, b) => a + b, 0);
  const longest = Math.max(...seconds);
  const ideal = Math.max(sum / shards, longest);
  const busiest = (parts) =>
    Math.max(...parts.map((part) => part.reduce((s, j) => s + durations.get(j.id), 0)));
  const lpt = busiest(partitionJobs(jobs, shards, durations));
  const roundRobin = busiest(partitionJobs(jobs, shards));
  return {
    seed,
    sum_seconds: Math.round(sum),
    average_seconds: Math.round(sum / shards),
    longest_seconds: Math.round(longest),
    ideal_seconds: Math.round(ideal),
    lpt_busiest_seconds: Math.round(lpt),
    lpt_ratio: Number((lpt / ideal).toFixed(3)),
    round_robin_busiest_seconds: Math.round(roundRobin),
    round_robin_ratio: Number((roundRobin / ideal).toFixed(3)),
  };
});

if (values.json) {
  process.stdout.write(
    `${JSON.stringify({ jobs: n, shards, distribution: 'Pareto(xm=60s, alpha=1.5), cap 6h', rows }, null, 2)}\n`,
  );
} else {
  process.stdout.write(
    `${n} jobs, Pareto(xm=60 s, alpha=1.5) capped at 6 h, ${shards} shards; ideal = max(sum/shards, longest)\n\n`,
  );
  process.stdout.write(
    '| seed | sum (s) | sum/shards (s) | longest (s) | LPT busiest (s) | LPT / ideal | round-robin busiest (s) | round-robin / ideal |\n',
  );
  process.stdout.write('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n');
  for (const r of rows) {
    process.stdout.write(
      `| ${r.seed} | ${r.sum_seconds} | ${r.average_seconds} | ${r.longest_seconds} | ${r.lpt_busiest_seconds} | ${r.lpt_ratio.toFixed(3)} | ${r.round_robin_busiest_seconds} | ${r.round_robin_ratio.toFixed(3)} |\n`,
    );
  }
}
