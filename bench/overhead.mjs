// 1. Per-job overhead: N jobs that do nothing, 4 workers, through the CLI (logs and summary on, as always)
// against `xargs -P 4` (the floor: fork+exec and nothing else) and GNU parallel with --joblog.
import fs from 'node:fs';
import path from 'node:path';
import { alternate, expectExit, runTimed, summarize } from './measure.mjs';
import { jobIds, readSummary, resetOutputs, writeCommandConfig } from './workloads.mjs';

const WORKERS = 4;

export const overhead = {
  id: 'overhead',
  title: 'Per-job overhead',
  async run(ctx) {
    const { jobs, rounds, pythonRounds = rounds, python = true } = ctx.size.overhead;
    const ids = jobIds(jobs);
    // The bare Node pool runs on `true` only: it separates Node's own cost of a spawn from the orchestrator's.
    const workloads = [{ key: 'true', label: '`true`', argv: ['true'], rounds, bare: true }];
    // The smoke run keeps to `true`: the Python workload takes the same code path, only slower.
    if (python && ctx.python)
      workloads.push({
        key: 'python',
        label: '`python3 -c pass`',
        argv: [ctx.python, '-c', 'pass'],
        rounds: pythonRounds,
      });
    else if (python) ctx.note('overhead', 'python3 not found: the `python3 -c pass` workload is skipped.');

    const result = { workload: `${jobs} no-op jobs, ${WORKERS} workers`, variants: [], figures: [] };
    for (const workload of workloads) {
      const dir = path.join(ctx.tmp, `overhead-${workload.key}`);
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

      const variants = [
        {
          id: `cli-${workload.key}`,
          label: `orchestrator CLI, ${workload.label}`,
          run: async () => {
            resetOutputs(dir);
            const run = expectExit(
              await ctx.cli(
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
              'orchestrator CLI',
            );
            const found = readSummary(dir);
            const succeeded = found?.summary.jobs.filter((job) => job.status === 'succeeded').length;
            if (succeeded !== jobs)
              throw new Error(`orchestrator CLI: ${succeeded} of ${jobs} jobs succeeded`);
            const logs = fs.readdirSync(path.join(dir, 'logs')).length;
            if (logs < jobs) throw new Error(`orchestrator CLI: ${logs} log files for ${jobs} jobs`);
            return run;
          },
        },
      ];
      if (ctx.tools.xargs) {
        variants.push({
          id: `xargs-${workload.key}`,
          label: `xargs -P ${WORKERS}, ${workload.label}`,
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
      } else ctx.note('overhead', 'xargs not found: the floor comparison is skipped.');
      if (workload.bare) {
        const bareLogs = path.join(dir, 'bare-logs');
        variants.push({
          id: `bare-${workload.key}`,
          label: `bare Node pool (spawn + pipes + a log file per job, nothing else), ${workload.label}`,
          run: async () => {
            fs.rmSync(bareLogs, { recursive: true, force: true });
            return expectExit(
              await runTimed(
                process.execPath,
                [
                  path.join(ctx.repo, 'bench', 'bare-pool.mjs'),
                  String(WORKERS),
                  String(jobs),
                  ...workload.argv,
                ],
                { cwd: dir, env: { ...process.env, BARE_POOL_LOGS: bareLogs }, sampleMs: 50 },
              ),
              'bare Node pool',
            );
          },
        });
      }
      if (ctx.tools.parallel) {
        const joblog = path.join(dir, 'parallel.joblog');
        variants.push({
          id: `parallel-${workload.key}`,
          label: `GNU parallel -j ${WORKERS} --joblog, ${workload.label}`,
          run: withIds(async (fd) => {
            fs.rmSync(joblog, { force: true });
            return expectExit(
              await runTimed(
                ctx.tools.parallel.path,
                ['--will-cite', '-j', String(WORKERS), '--joblog', joblog, ...workload.argv],
                { stdin: fd, cwd: dir },
              ),
              'GNU parallel',
            );
          }),
        });
      } else
        ctx.note(
          'overhead',
          'GNU parallel not installed (Debian package `parallel`): its comparison is skipped.',
        );

      const samples = await alternate(variants, { rounds: workload.rounds, onSample: ctx.onSample });
      const stats = Object.fromEntries(
        variants.map((variant) => [variant.id, summarize(samples[variant.id])]),
      );
      for (const variant of variants) {
        const extra = {};
        if (variant.id.startsWith('cli-') || variant.id.startsWith('bare-')) {
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

      const cli = stats[`cli-${workload.key}`].median;
      const xargs = stats[`xargs-${workload.key}`]?.median;
      const parallel = stats[`parallel-${workload.key}`]?.median;
      const bare = stats[`bare-${workload.key}`]?.median;
      const peers = [];
      if (xargs) peers.push({ label: 'xargs -P 4', ms: xargs });
      if (parallel) peers.push({ label: 'GNU parallel', ms: parallel });
      if (bare) peers.push({ label: 'bare Node pool', ms: bare });
      if (xargs) {
        result.figures.push({
          label: `Wall time vs xargs -P 4, ${workload.label}`,
          value: cli / xargs,
          unit: 'x',
          limit: workload.key === 'true' ? 1.25 : undefined,
          detail:
            `CLI ${fmtS(cli)}, overhead ${((cli - xargs) / jobs).toFixed(2)} ms/job over xargs` +
            (bare ? `; a bare Node spawn pool is ${(bare / xargs).toFixed(2)}x xargs` : ''),
          peers,
        });
      }
      if (parallel) {
        result.figures.push({
          label: `Wall time vs GNU parallel, ${workload.label}`,
          value: cli / parallel,
          unit: 'x',
          limit: 1,
          strict: true,
          detail: `CLI ${fmtS(cli)}, GNU parallel ${fmtS(parallel)}`,
          peers,
        });
      }
    }
    return result;
  },
};

function fmtS(ms) {
  return `${(ms / 1000).toFixed(2)} s`;
}
