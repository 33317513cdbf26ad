/**
 * Scheduling by CPUs, memory and GPUs through orchestrate, with real jobs that record the environment they got,
 * a fake nvidia-smi on PATH for GPU detection, and the summary validated against its schema.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { InputError, type Logger } from '../../src/model/types.js';
import { orchestrate } from '../../src/orchestrate/orchestrate.js';
import { parseSettings } from '../../src/plan/settings.js';
import type { RawInputs } from '../../src/plan/inputs.js';
import { defaultCapacityDeps } from '../../src/resources/capacity.js';
import { fakeNvidiaSmi, TWO_GPUS } from './fake-nvidia-smi.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ajv = new Ajv2020({ allErrors: true, strict: true });
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/);
const validate = ajv.compile(
  JSON.parse(fs.readFileSync(path.join(root, 'schemas/summary.schema.json'), 'utf8')),
);

const VARIABLES = [
  'CUDA_VISIBLE_DEVICES',
  'OMP_NUM_THREADS',
  'MKL_NUM_THREADS',
  'OPENBLAS_NUM_THREADS',
  'NUMEXPR_NUM_THREADS',
];
/** A training script that writes the variables it got (null when unset) to env-<id>.json. */
const RECORDER = [
  'import json, os, sys, time',
  `names = ${JSON.stringify(VARIABLES)}`,
  'with open(os.path.join(os.getcwd(), "env-" + sys.argv[1] + ".json"), "w") as f:',
  '    json.dump({n: os.environ.get(n) for n in names}, f)',
  'time.sleep(float(sys.argv[2]) if len(sys.argv) > 2 else 0)',
  '',
].join('\n');

let dir: string;
let bin: string;
const saved: Record<string, string | undefined> = {};
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'to-schedule-'));
  fs.writeFileSync(path.join(dir, 'record.py'), RECORDER);
  bin = fakeNvidiaSmi(TWO_GPUS);
  for (const name of VARIABLES) saved[name] = process.env[name];
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(bin, { recursive: true, force: true });
  for (const name of VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

/** `jobs:` entries as YAML: id → extra keys (each job runs record.py with its id and a sleep). */
function writeConfig(jobs: Record<string, string[]>, sleep = 0, top: string[] = []): void {
  const lines = ['version: 1', ...top, 'jobs:'];
  for (const [id, keys] of Object.entries(jobs)) {
    lines.push(
      `  ${id}:`,
      `    command: [python3, record.py, ${id}, '${sleep}']`,
      ...keys.map((key) => `    ${key}`),
    );
  }
  fs.writeFileSync(path.join(dir, 'jobs.yml'), `${lines.join('\n')}\n`);
}

const envOf = (id: string): Record<string, string | null> =>
  JSON.parse(fs.readFileSync(path.join(dir, `env-${id}.json`), 'utf8'));

const debugLines: string[] = [];
const logger: Logger = {
  info() {},
  warn() {},
  error() {},
  debug: (message) => void debugLines.push(message),
};

/** The `workers` orchestrate handed to onPlan in the last run (what the header prints). */
let planWorkers: number | undefined;

function run(inputs: RawInputs) {
  debugLines.length = 0;
  planWorkers = undefined;
  const settings = parseSettings(
    { working_directory: dir, config: 'jobs.yml', no_auto_discover: 'true', ...inputs },
    { workspace: dir },
  );
  return orchestrate(settings, {
    logger,
    capacity: defaultCapacityDeps({ ...process.env, PATH: bin }),
    onPlan: (_plan, { workers }) => void (planWorkers = workers),
  });
}

async function inputErrorOf(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

test('GPUs from a fake nvidia-smi: each job sees exactly its devices, a job without GPUs sees none', async () => {
  writeConfig({ a: ['gpus: 1', 'cpus: 2'], b: ['gpus: 1'], c: [], both: ['gpus: 2'] }, 0.2);
  process.env.MKL_NUM_THREADS = '7'; // the user's own setting wins
  const result = await run({ parallel: 'true', max_workers: '4', cpus: '6' });
  expect(result.status).toBe('success');
  const a = envOf('a');
  const b = envOf('b');
  expect([a.CUDA_VISIBLE_DEVICES, b.CUDA_VISIBLE_DEVICES].sort()).toEqual(['0', '1']);
  expect(envOf('c').CUDA_VISIBLE_DEVICES).toBe('');
  expect(envOf('both').CUDA_VISIBLE_DEVICES).toBe('0,1');
  // a asks for 2 CPUs; the others ask for none: 6 cores / 4 workers = 1 (floor).
  expect(a).toMatchObject({
    OMP_NUM_THREADS: '2',
    OPENBLAS_NUM_THREADS: '2',
    NUMEXPR_NUM_THREADS: '2',
    MKL_NUM_THREADS: '7',
  });
  expect(envOf('c')).toMatchObject({ OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '7' });

  const jobs = Object.fromEntries(result.summary!.jobs.map((job) => [job.id, job]));
  expect(jobs.a.allocation).toEqual({
    cpus: 2,
    memory_bytes: null,
    gpus: [Number(a.CUDA_VISIBLE_DEVICES)],
    threads: 2,
  });
  expect(jobs.c.allocation).toEqual({ cpus: 1, memory_bytes: null, gpus: [], threads: 1 });
  expect(jobs.both.allocation?.gpus).toEqual([0, 1]);
  // `both` needs the two GPUs a and b hold: it never ran beside them.
  const interval = (id: string) => [Date.parse(jobs[id].started_at!), Date.parse(jobs[id].finished_at!)];
  for (const other of ['a', 'b']) {
    const [s1, e1] = interval('both');
    const [s2, e2] = interval(other);
    expect(e1 <= s2 || e2 <= s1).toBe(true);
  }
  expect(validate(JSON.parse(JSON.stringify(result.summary)))).toBe(true);
  expect(debugLines).toEqual(
    expect.arrayContaining([expect.stringMatching(/^a: 2 CPUs, GPUs [01], 2 threads/)]),
  );
});

test('a plan that never mentions GPUs leaves CUDA_VISIBLE_DEVICES as it is; thread variables are still set', async () => {
  writeConfig({ a: [], b: ['env: {OMP_NUM_THREADS: "5"}'] });
  process.env.CUDA_VISIBLE_DEVICES = '3';
  delete process.env.MKL_NUM_THREADS;
  const result = await run({ parallel: 'true', max_workers: '2' });
  expect(result.status).toBe('success');
  const cores = os.availableParallelism();
  const share = String(Math.max(1, Math.floor(cores / 2)));
  expect(envOf('a')).toMatchObject({
    CUDA_VISIBLE_DEVICES: '3',
    OMP_NUM_THREADS: share,
    MKL_NUM_THREADS: share,
  });
  // The job's own env wins for the variable it sets; the others get the budget.
  expect(envOf('b')).toMatchObject({
    CUDA_VISIBLE_DEVICES: '3',
    OMP_NUM_THREADS: '5',
    MKL_NUM_THREADS: share,
  });
  expect(result.summary!.jobs[0].allocation).toMatchObject({
    gpus: null,
    memory_bytes: null,
    threads: Number(share),
  });
});

test('the gpus input puts GPUs in play: a job that asks for none gets an empty CUDA_VISIBLE_DEVICES', async () => {
  writeConfig({ a: [] });
  process.env.CUDA_VISIBLE_DEVICES = '0,1';
  const result = await run({ gpus: '0,1' });
  expect(result.status).toBe('success');
  expect(envOf('a').CUDA_VISIBLE_DEVICES).toBe('');
});

describe('a job that can never fit is an InputError before anything starts, naming the job, request and capacity', () => {
  test.each([
    [
      { big: ['gpus: 8'] },
      {},
      'gpus',
      /job 'big' asks for 8 GPUs but there are 2 \(0,1\) \(detected with nvidia-smi -L\)/,
    ],
    [
      { big: ['gpus: 1'] },
      { gpus: 'none' },
      'gpus',
      /job 'big' asks for 1 GPU but there are none \(the gpus input\)/,
    ],
    [
      { big: ['cpus: 4'] },
      { cpus: '2' },
      'cpus',
      /job 'big' asks for 4 CPUs but there are 2 \(the cpus input\)/,
    ],
    [
      { big: ['memory: 2GiB'] },
      { memory: '1GiB' },
      'memory',
      /job 'big' asks for 2 GiB of memory but 1 GiB is available \(the memory input\)/,
    ],
  ])('%j with %j', async (jobs, inputs, where, message) => {
    writeConfig({ small: [], ...jobs });
    const error = await inputErrorOf(run({ parallel: 'true', ...inputs }));
    expect(error.where).toBe(where);
    expect(error.message).toMatch(message);
    expect(fs.existsSync(path.join(dir, 'env-small.json'))).toBe(false);
  });

  test('more memory than this machine has, detected', async () => {
    writeConfig({ huge: ['memory: 900TiB'] });
    const error = await inputErrorOf(run({}));
    expect(error.message).toMatch(/job 'huge' asks for 900 TiB of memory but .* is available \(detected/);
  });
});

test('max_workers auto: as many jobs at once as the CPUs allow, never more', async () => {
  writeConfig({ a: [], b: [], c: [], d: [] }, 0.3, ['defaults:', '  cpus: 1']);
  const result = await run({ parallel: 'true', max_workers: 'auto', cpus: '2' });
  expect(result.status).toBe('success');
  const events = result.summary!.jobs.flatMap((job) => [
    [Date.parse(job.started_at!), 1],
    [Date.parse(job.finished_at!), -1],
  ]);
  events.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let running = 0;
  let most = 0;
  for (const [, step] of events) most = Math.max(most, (running += step));
  expect(most).toBeLessThanOrEqual(2);
  expect(result.summary!.jobs.every((job) => job.allocation?.threads === 1)).toBe(true);
});

test.each<[string, Record<string, string[]>, RawInputs, number]>([
  ['the CPUs', { a: [], b: [], c: [], d: [] }, { cpus: '2' }, 2],
  ['fractional CPUs', { a: ['cpus: 0.5'], b: ['cpus: 0.5'], c: ['cpus: 0.5'], d: [] }, { cpus: '1.5' }, 3],
  [
    'the memory',
    { a: ['memory: 4GiB'], b: ['memory: 4GiB'], c: ['memory: 4GiB'] },
    { cpus: '8', memory: '9GiB' },
    2,
  ],
  ['the GPUs', { a: ['gpus: 1'], b: ['gpus: 1'], c: ['gpus: 1'] }, { cpus: '8' }, 2],
  ['the number of jobs', { a: [], b: [] }, { cpus: '64' }, 2],
])(
  'max_workers auto: the header and the summary show what auto came to (bounded by %s), not the ceiling',
  async (_bound, jobs, inputs, expected) => {
    writeConfig(jobs);
    const result = await run({ parallel: 'true', max_workers: 'auto', ...inputs });
    expect(result.status).toBe('success');
    expect(planWorkers).toBe(expected);
    expect(result.summary!.options.max_workers).toBe(expected);
    expect(result.summary!.options.max_workers_auto).toBe(true);
    expect(validate(result.summary)).toBe(true);
  },
);

test('max_workers as a number: the summary shows it as given, without max_workers_auto', async () => {
  writeConfig({ a: [], b: [] });
  const result = await run({ parallel: 'true', max_workers: '3', cpus: '2' });
  expect(planWorkers).toBe(3);
  expect(result.summary!.options.max_workers).toBe(3);
  expect(result.summary!.options).not.toHaveProperty('max_workers_auto');
  const sequential = await run({ max_workers: 'auto', cpus: '2' });
  expect(planWorkers).toBe(1); // sequential: one at a time, whatever auto would allow
  expect(sequential.summary!.options.max_workers).toBe(2);
});

test('with a history, a job without memory is estimated at its last peak × 1.2, capped at the capacity', async () => {
  const MiB = 1024 ** 2;
  writeConfig({ a: [], b: [], c: ['memory: 10MiB'] });
  fs.writeFileSync(
    path.join(dir, 'history.json'),
    JSON.stringify({
      jobs: [
        { id: 'a', status: 'succeeded', duration_seconds: 1, resources: { peak_rss_bytes: 100 * MiB } },
        { id: 'b', status: 'succeeded', duration_seconds: 1, resources: { peak_rss_bytes: 4096 * MiB } },
        { id: 'c', status: 'succeeded', duration_seconds: 1, resources: { peak_rss_bytes: 500 * MiB } },
        { id: 'x', resources: 'garbage' },
      ],
    }),
  );
  const result = await run({ history_file: 'history.json', memory: '1GiB' });
  const jobs = Object.fromEntries(result.summary!.jobs.map((job) => [job.id, job.allocation]));
  expect(jobs.a).toMatchObject({ memory_bytes: Math.ceil(100 * MiB * 1.2), memory_from_history: true });
  expect(jobs.b).toMatchObject({ memory_bytes: 1024 * MiB, memory_from_history: true });
  expect(jobs.c).toEqual(expect.objectContaining({ memory_bytes: 10 * MiB }));
  expect(jobs.c).not.toHaveProperty('memory_from_history');
});
