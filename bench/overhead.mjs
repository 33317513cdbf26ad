// 1. Per-job overhead: N jobs that do nothing, 4 workers, through the CLI (logs and summary on, as always)
// against `xargs -P 4` (the floor: fork+exec and nothing else), GNU parallel with --joblog and --results
// (which also writes files per job, like the CLI) and a bare Node spawn pool. Every variant runs on each
// file system the machine offers among the default temp folder (ext4 here) and a tmpfs (/dev/shm), all
// interleaved in one series of rounds, so the ratios compare runs made under the same load.
import fs from 'node:fs';
import path from 'node:path';
import { fileSystemOf } from './machine.mjs';
import { alternate, expectExit, runTimed, summarize } from './measure.mjs';
import { jobIds, readSummary, removeSetAside, setAside, writeCommandConfig } from './workloads.mjs';

const WORKERS = 4;
/**
 * For a before/after comparison in one interleaved series: BENCH_OVERHEAD_BASELINE=path/to/cli/index.js adds
 * that bundle as a variant (`base-…`), run exactly as the CLI; BENCH_OVERHEAD_TRUE_ONLY=1 skips the Python
 * workload (minutes on a loaded machine).
 */
const BASELINE_CLI = process.env.BENCH_OVERHEAD_BASELINE?.trim() || undefined;
const TRUE_ONLY = process.env.BENCH_OVERHEAD_TRUE_ONLY === '1';
/** Issue 14's targets: at most 2x xargs -P 4, at most 0.8x GNU parallel --joblog --results. */
const XARGS_LIMIT = 2;
const PARALLEL_LIMIT = 0.8;

/**
 * The folders to measure in: the default temp folder (its own file system, ext4 on the reference machine)
 * and a tmpfs, /dev/shm when it is one and writable. A missing tmpfs is a note, not a failure.
 * Returns the folders and a function that removes the ones made outside the harness's temp folder.
 */
function fileSystems(ctx) {
  const found = [{ key: fileSystemOf(ctx.tmp) ?? 'temp', root: ctx.tmp }];
  const made = [];
  const shm = '/dev/shm';
  if (found[0].key !== 'tmpfs' && fileSystemOf(shm) === 'tmpfs') {
    try {
      const root = fs.mkdtempSync(path.join(shm, 'to-bench-'));
      made.push(root);
      found.push({ key: 'tmpfs', root });
    } catch {
      // not writable: noted below
    }
  }
  if (!found.some((entry) => entry.key === 'tmpfs'))
    ctx.note('overhead', 'no writable tmpfs (/dev/shm): the overhead is measured on the temp folder only.');
  const remove = () => {
    for (const root of made) fs.rmSync(root, { recursive: true, force: true });
  };
  return { found, remove };
}

export const overhead = {
  id: 'overhead',
  title: 'Per-job overhead',
  async run(ctx) {
    const { found, remove } = fileSystems(ctx);
    try {
      return await measure(ctx, found);
    } finally {
      remove();
    }
  },
};

async function measure(ctx, systems) {
  const { jobs, rounds, pythonRounds = rounds, python = true } = ctx.size.overhead;
  const ids = jobIds(jobs);
  // The bare Node pool runs on `true` only: it separates Node's own cost of a spawn from the orchestrator's.
  const workloads = [{ key: 'true', label: '`true`', argv: ['true'], rounds, bare: true }];
  // The smoke run keeps to `true`: the Python workload takes the same code path, only slower.
  if (python && ctx.python && !TRUE_ONLY)
    workloads.push({
      key: 'python',
      label: '`python3 -c pass`',
      argv: [ctx.python, '-c', 'pass'],
      rounds: pythonRounds,
    });
  else if (python && !TRUE_ONLY)
    ctx.note('overhead', 'python3 not found: the `python3 -c pass` workload is skipped.');
  if (!ctx.tools.xargs) ctx.note('overhead', 'xargs not found: the floor comparison is skipped.');
  if (!ctx.tools.parallel)
    ctx.note(
      'overhead',
      'GNU parallel not installed (Debian package `parallel`): its comparison is skipped.',
    );

  const result = {
    workload: `${jobs} no-op jobs, ${WORKERS} workers, on ${systems.map((system) => system.key).join(' and ')}`,
    variants: [],
    figures: [],
  };
  for (const workload of workloads) {
    // One series of rounds for every variant on every file system: the same load hits them all.
    const variants = systems.flatMap((system) => variantsFor(ctx, workload, system, ids));
    const samples = await alternate(variants, { rounds: workload.rounds, onSample: ctx.onSample });
    // Deleted after the whole harness run, not now: the next workload on this ext4 would pay for the deletion.
    for (const system of systems) {
      const dir = path.join(system.root, `overhead-${workload.key}`);
      ctx.afterRun(() => removeSetAside(dir));
    }
    const stats = Object.fromEntries(variants.map((variant) => [variant.id, summarize(samples[variant.id])]));
    for (const variant of variants) {
      const extra = {};
      if (variant.kind === 'cli' || variant.kind === 'base' || variant.kind === 'bare') {
        extra.cpu_ms_per_job = summarize(samples[variant.id], 'cpuMs')?.median / jobs;
        extra.peak_rss_mb = (summarize(samples[variant.id], 'peakRssKb')?.median * 1024) / 1e6;
      }
      result.variants.push({
        id: variant.id,
        label: variant.label,
        wall_ms: stats[variant.id],
        ms_per_job: stats[variant.id].median / jobs,
        ...extra,
      });
    }
    for (const system of systems) {
      const of = (kind) => stats[`${kind}-${workload.key}-${system.key}`]?.median;
      const cli = of('cli');
      const xargs = of('xargs');
      const parallel = of('parallel');
      const bare = of('bare');
      const base = of('base');
      const peers = [];
      if (base) peers.push({ label: `baseline CLI (${BASELINE_CLI})`, ms: base });
      if (xargs) peers.push({ label: 'xargs -P 4', ms: xargs });
      if (parallel) peers.push({ label: 'GNU parallel --joblog --results', ms: parallel });
      if (bare) peers.push({ label: 'bare Node pool', ms: bare });
      const on = `${workload.label}, ${system.key}`;
      if (xargs) {
        result.figures.push({
          label: `Wall time vs xargs -P 4, ${on}`,
          value: cli / xargs,
          unit: 'x',
          limit: workload.key === 'true' ? XARGS_LIMIT : undefined,
          detail:
            `CLI ${fmtS(cli)}, overhead ${((cli - xargs) / jobs).toFixed(2)} ms/job over xargs` +
            (bare ? `; a bare Node spawn pool is ${(bare / xargs).toFixed(2)}x xargs` : ''),
          peers,
        });
      }
      if (parallel) {
        result.figures.push({
          label: `Wall time vs GNU parallel --joblog --results, ${on}`,
          value: cli / parallel,
          unit: 'x',
          limit: workload.key === 'true' ? PARALLEL_LIMIT : undefined,
          detail: `CLI ${fmtS(cli)}, GNU parallel ${fmtS(parallel)}`,
          peers,
        });
      }
    }
  }
  return result;
}

/** The CLI and its peers for one workload in one folder (one file system). */
function variantsFor(ctx, workload, system, ids) {
  const jobs = ids.length;
  const dir = path.join(system.root, `overhead-${workload.key}`);
  const config = writeCommandConfig(
    path.join(dir, 'jobs.json'),
    ids.map((id) => ({ id, command: workload.argv })),
  );
  const idsFile = path.join(dir, 'ids.txt');
  fs.writeFileSync(idsFile, `${ids.join('\n')}\n`);
  const withIds = (run) => async () => {
    const fd = fs.openSync(idsFile, 'r');
    try {
      return await run(fd);
    } finally {
      fs.closeSync(fd);
    }
  };
  const suffix = `${workload.key}-${system.key}`;
  const on = `${workload.label}, ${system.key}`;

  const cliVariant = (kind, label, runCli) => ({
    id: `${kind}-${suffix}`,
    kind,
    label: `${label}, ${on}`,
    run: async () => {
      // Every variant moves its earlier outputs aside rather than deleting them (see setAside).
      setAside(dir, ['logs', 'results', 'summaries']);
      const run = expectExit(
        await runCli(
          [
            '-C',
            dir,
            '--config',
            config,
            '--no-auto-discover',
            '--parallel',
            '--max-workers',
            String(WORKERS),
          ],
          { sampleMs: 50 },
        ),
        label,
      );
      const found = readSummary(dir);
      const succeeded = found?.summary.jobs.filter((job) => job.status === 'succeeded').length;
      if (succeeded !== jobs) throw new Error(`${label}: ${succeeded} of ${jobs} jobs succeeded`);
      const logs = fs.readdirSync(path.join(dir, 'logs')).length;
      if (logs < jobs) throw new Error(`${label}: ${logs} log files for ${jobs} jobs`);
      return run;
    },
  });
  const variants = [cliVariant('cli', 'orchestrator CLI', ctx.cli)];
  if (BASELINE_CLI) {
    variants.push(
      cliVariant('base', 'baseline CLI', (args, options) =>
        runTimed(ctx.node, [path.resolve(BASELINE_CLI), ...args], options),
      ),
    );
  }
  if (ctx.tools.xargs) {
    variants.push({
      id: `xargs-${suffix}`,
      kind: 'xargs',
      label: `xargs -P ${WORKERS}, ${on}`,
      // -n 1: one job per id; the id is appended as an ignored argument, as it is for parallel.
      run: withIds(async (fd) =>
        expectExit(
          await runTimed('xargs', ['-P', String(WORKERS), '-n', '1', ...workload.argv], {
            stdin: fd,
            cwd: dir,
          }),
          'xargs',
        ),
      ),
    });
  }
  if (workload.bare) {
    const bareLogs = path.join(dir, 'bare-logs');
    variants.push({
      id: `bare-${suffix}`,
      kind: 'bare',
      label: `bare Node pool (spawn + pipes + a log file per job, nothing else), ${on}`,
      run: async () => {
        setAside(dir, [path.basename(bareLogs)]);
        return expectExit(
          await runTimed(
            ctx.node,
            [path.join(ctx.repo, 'bench', 'bare-pool.mjs'), String(WORKERS), String(jobs), ...workload.argv],
            { cwd: dir, env: { ...process.env, BARE_POOL_LOGS: bareLogs }, sampleMs: 50 },
          ),
          'bare Node pool',
        );
      },
    });
  }
  if (ctx.tools.parallel) {
    const joblog = path.join(dir, 'parallel.joblog');
    const results = path.join(dir, 'parallel-results');
    variants.push({
      id: `parallel-${suffix}`,
      kind: 'parallel',
      label: `GNU parallel -j ${WORKERS} --joblog F --results D, ${on}`,
      run: withIds(async (fd) => {
        setAside(dir, [path.basename(joblog), path.basename(results)]);
        const run = expectExit(
          await runTimed(
            ctx.tools.parallel.path,
            [
              '--will-cite',
              '-j',
              String(WORKERS),
              '--joblog',
              joblog,
              '--results',
              results,
              ...workload.argv,
            ],
            { stdin: fd, cwd: dir },
          ),
          'GNU parallel',
        );
        // Like the CLI's check: every job left its files (--results writes a folder per job).
        const lines = fs.readFileSync(joblog, 'utf8').trim().split('\n').length - 1;
        if (lines !== jobs) throw new Error(`GNU parallel: ${lines} joblog lines for ${jobs} jobs`);
        return run;
      }),
    });
  }
  return variants;
}

function fmtS(ms) {
  return `${(ms / 1000).toFixed(2)} s`;
}
