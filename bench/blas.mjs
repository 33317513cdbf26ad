// Thread budget (issue 12): CPU-bound jobs on a real multi-threaded BLAS (Debian's python3-numpy over
// OpenBLAS), 4 jobs on 2 workers. Makespan when the orchestrator sets OMP_NUM_THREADS and friends (cores /
// workers) against the same run where every BLAS starts a thread per core, as it does when they are unset.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { alternate, expectExit, summarize } from './measure.mjs';
import { readSummary, resetOutputs } from './workloads.mjs';

const JOBS = 4;
const WORKERS = 2;
const THREAD_VARIABLES = [
  'OMP_NUM_THREADS',
  'MKL_NUM_THREADS',
  'OPENBLAS_NUM_THREADS',
  'NUMEXPR_NUM_THREADS',
];
/** Debian's interpreter: python3-numpy installs there, whatever python3 comes first on PATH. */
const DEBIAN_PYTHON = '/usr/bin/python3';

/** Multiplies two n × n matrices `reps` times: BLAS dgemm, the kernel of most CPU training. */
const JOB_PY = String.raw`import resource, sys, numpy as np
n, reps = int(sys.argv[1]), int(sys.argv[2])
rng = np.random.default_rng(0)
a = rng.standard_normal((n, n))
b = rng.standard_normal((n, n))
for _ in range(reps):
    c = a @ b
usage = resource.getrusage(resource.RUSAGE_SELF)
print(float(c[0, 0]))
print("cpu_seconds=%.3f" % (usage.ru_utime + usage.ru_stime))
`;

function importsNumpy(python) {
  return fs.existsSync(python) && spawnSync(python, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
}

/** An interpreter with numpy, installing Debian's python3-numpy (and OpenBLAS) when missing and possible. */
function numpyPython(ctx) {
  for (const python of [DEBIAN_PYTHON, ctx.python]) if (importsNumpy(python)) return { python };
  if (ctx.smoke) return { skip: 'numpy is not installed (the smoke run does not install it): skipped.' };
  if (process.platform !== 'linux' || process.getuid?.() !== 0 || !fs.existsSync('/usr/bin/apt-get')) {
    return {
      skip: 'numpy is not installed and apt-get is not usable here (not root, or not Debian): skipped.',
    };
  }
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '-q', 'python3-numpy', 'libopenblas0-pthread'], {
      stdio: 'ignore',
      timeout: 600_000,
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    }).status === 0;
  ctx.log('  installing python3-numpy and libopenblas0-pthread with apt-get …');
  if (!install()) {
    spawnSync('apt-get', ['update', '-q'], { stdio: 'ignore', timeout: 600_000 });
    install();
  }
  return importsNumpy(DEBIAN_PYTHON)
    ? { python: DEBIAN_PYTHON, installed: true }
    : { skip: 'apt-get could not install python3-numpy: skipped.' };
}

/** Which BLAS numpy loads (Debian's alternatives), for the notes. */
function blasLibrary() {
  try {
    return fs.realpathSync(
      `/etc/alternatives/libblas.so.3-${os.arch() === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu`,
    );
  } catch {
    return 'unknown';
  }
}

export const blas = {
  id: 'blas',
  title: 'Thread budget on a multi-threaded BLAS',
  async run(ctx) {
    const found = numpyPython(ctx);
    if (found.skip) {
      ctx.note('blas', found.skip);
      return { workload: 'skipped', variants: [], figures: [] };
    }
    const { n, reps, rounds } = ctx.size.blas;
    const cores = os.availableParallelism();
    const dir = path.join(ctx.tmp, 'blas');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'matmul.py'), JOB_PY);
    const jobs = Object.fromEntries(
      Array.from({ length: JOBS }, (_, i) => [
        `blas${i + 1}`,
        { command: [found.python, 'matmul.py', String(n), String(reps)] },
      ]),
    );
    fs.writeFileSync(path.join(dir, 'jobs.json'), `${JSON.stringify({ jobs }, null, 1)}\n`);
    const args = [
      '-C',
      dir,
      '--config',
      'jobs.json',
      '--no-auto-discover',
      '--parallel',
      '--max-workers',
      String(WORKERS),
    ];
    const clean = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !THREAD_VARIABLES.includes(name)),
    );
    // "Without the budget": what each BLAS does when the variables are unset, a thread per core. Set here in
    // the user's environment, which the orchestrator leaves alone.
    const perCore = {
      ...clean,
      ...Object.fromEntries(THREAD_VARIABLES.map((name) => [name, String(cores)])),
    };

    let threadsGiven;
    const runWith = (env, record) => async () => {
      resetOutputs(dir);
      const run = expectExit(await ctx.cli(args, { env }), 'orchestrator CLI');
      const { summary } = readSummary(dir) ?? {};
      if (!summary) throw new Error('orchestrator CLI wrote no summary');
      if (record) threadsGiven = summary.jobs.map((job) => job.allocation?.threads ?? null);
      const starts = summary.jobs.map((job) => Date.parse(job.started_at));
      const ends = summary.jobs.map((job) => Date.parse(job.finished_at));
      // CPU the jobs burnt (all their threads): spinning BLAS threads of an oversubscribed run show here even
      // when other load on the machine blurs the makespan.
      let cpuSeconds = 0;
      for (const job of summary.jobs) {
        const log = fs.readFileSync(path.join(dir, job.log_path), 'utf8');
        cpuSeconds += Number(/cpu_seconds=([0-9.]+)/.exec(log)?.[1] ?? NaN);
      }
      return { ...run, makespanMs: Math.max(...ends) - Math.min(...starts), cpuMs: cpuSeconds * 1000 };
    };
    const variants = [
      {
        id: 'budget',
        label: `thread budget set by the orchestrator (${cores} cores / ${WORKERS} workers)`,
        run: runWith(clean, true),
      },
      {
        id: 'per-core',
        label: `no budget: ${cores} BLAS threads per job (as when unset)`,
        run: runWith(perCore, false),
      },
    ];
    const samples = await alternate(variants, { rounds, warmup: ctx.smoke ? 0 : 1, onSample: ctx.onSample });
    const budget = summarize(samples.budget, 'makespanMs');
    const perCoreMakespan = summarize(samples['per-core'], 'makespanMs');
    const ratio = budget.median / perCoreMakespan.median;
    const budgetCpu = summarize(samples.budget, 'cpuMs');
    const perCoreCpu = summarize(samples['per-core'], 'cpuMs');
    return {
      workload:
        `${JOBS} jobs, each ${reps} products of two ${n}×${n} float64 matrices (numpy over ${blasLibrary()}), ` +
        `${WORKERS} workers on ${cores} cores${found.installed ? '; numpy installed by the benchmark' : ''}`,
      threads_given: threadsGiven,
      variants: variants.map((variant) => ({
        id: variant.id,
        label: variant.label,
        wall_ms: summarize(samples[variant.id]),
        makespan_ms: summarize(samples[variant.id], 'makespanMs'),
        job_cpu_ms: summarize(samples[variant.id], 'cpuMs'),
      })),
      figures: [
        {
          label: 'Makespan with the thread budget / without',
          value: ratio,
          unit: 'ratio',
          // "Never slower": 3 % allowance for the noise of a shared machine.
          limit: 1.03,
          detail:
            `budget ${(budget.median / 1000).toFixed(2)} s vs ${cores} threads per job ` +
            `${(perCoreMakespan.median / 1000).toFixed(2)} s (medians of ${rounds}); threads given: ` +
            `${(threadsGiven ?? []).join(', ')}`,
        },
        {
          label: 'CPU time of the jobs with the thread budget / without',
          value: budgetCpu.median / perCoreCpu.median,
          unit: 'ratio',
          detail:
            `user+system of all 4 jobs: budget ${(budgetCpu.median / 1000).toFixed(2)} s vs ` +
            `${(perCoreCpu.median / 1000).toFixed(2)} s (medians); above 1 would mean the budget cost CPU`,
        },
      ],
    };
  },
};
