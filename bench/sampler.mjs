// Issue 12: the resource sampler's own cost. N sleeping jobs, each with many child processes, run by the CLI
// with sampling on (the default interval) and off (--resource-interval 0), in interleaved rounds. Two figures:
// the sampler's own CPU time as it measures it (this thread's CPU around each sample, printed with
// --verbose) as a share of one core, and the CLI's whole CPU time with sampling minus without (noisier on a
// shared machine: the difference of two medians). Target: under 1% of a core at 4 running jobs.
import path from 'node:path';
import { alternate, expectExit, median, summarize } from './measure.mjs';
import { jobIds, readSummary, resetOutputs, writeCommandConfig, writeFixture } from './workloads.mjs';

/** A job that starts `children` sleeping processes, waits `seconds`, and ends them all. */
const SLEEPERS_PY = String.raw`import subprocess, sys, time
children, seconds = int(sys.argv[1]), float(sys.argv[2])
procs = [subprocess.Popen(['sleep', str(seconds + 5)]) for _ in range(children)]
time.sleep(seconds)
for p in procs:
    p.kill()
    p.wait()
`;

const COST_LINE =
  /Resource sampling: (\d+) samples every (\d+) ms cost ([\d.]+) ms of CPU \(([\d.]+)% of a core over ([\d.]+) s\)/;

export const sampler = {
  id: 'sampler',
  title: 'Resource sampler overhead (issue 12)',
  async run(ctx) {
    if (!ctx.python) {
      ctx.note('sampler', 'python3 not found: the fixture cannot run; measurement skipped.');
      return { workload: 'skipped', variants: [], figures: [] };
    }
    if (process.platform !== 'linux') {
      ctx.note('sampler', 'not Linux: there is no /proc to sample; measurement skipped.');
      return { workload: 'skipped', variants: [], figures: [] };
    }
    const { jobs, children, seconds, rounds } = ctx.size.sampler;
    const dir = path.join(ctx.tmp, 'sampler');
    const fixture = writeFixture(path.join(ctx.tmp, 'fixtures'), 'sleepers.py', SLEEPERS_PY);
    const config = writeCommandConfig(
      path.join(dir, 'jobs.json'),
      jobIds(jobs, 'sleepers').map((id) => ({
        id,
        command: [ctx.python, fixture, String(children), String(seconds)],
      })),
    );
    const base = [
      '-C',
      dir,
      '--config',
      config,
      '--no-auto-discover',
      '--parallel',
      '--max-workers',
      String(jobs),
    ];
    const variant = (id, label, extra) => ({
      id,
      label,
      run: async () => {
        resetOutputs(dir);
        const run = await ctx.cli([...base, '--verbose', ...extra], { sampleMs: 50, timeoutMs: 120_000 });
        expectExit(run, `orchestrator CLI (${id})`);
        const cost = COST_LINE.exec(run.stderr);
        const summary = readSummary(dir)?.summary;
        return {
          ms: run.ms,
          cpuMs: run.cpuMs,
          samples: cost ? Number(cost[1]) : undefined,
          samplerCpuMs: cost ? Number(cost[3]) : undefined,
          samplerPercent: cost ? Number(cost[4]) : undefined,
          peakProcesses: summary?.resources?.peak_processes,
        };
      },
    });
    const samples = await alternate(
      [
        variant('sampling-on', 'CLI, resources sampled (default interval)', []),
        variant('sampling-off', 'CLI, --resource-interval 0', ['--resource-interval', '0']),
      ],
      { rounds, onSample: ctx.onSample },
    );
    const on = samples['sampling-on'];
    const off = samples['sampling-off'];
    if (on.some((s) => s.samplerPercent === undefined)) {
      throw new Error('the CLI did not report the sampler cost (the --verbose "Resource sampling" line)');
    }
    const selfPercent = median(on.map((s) => s.samplerPercent));
    const wallS = median(on.map((s) => s.ms)) / 1000;
    const deltaCpuMs = median(on.map((s) => s.cpuMs)) - median(off.map((s) => s.cpuMs));
    const processes = median(on.map((s) => s.peakProcesses));
    const perSampleMs = median(on.map((s) => s.samplerCpuMs / Math.max(1, s.samples)));
    return {
      workload: `${jobs} parallel jobs, each ${children} sleeping child processes for ${seconds} s (${processes ?? '?'} processes sampled)`,
      variants: [
        {
          id: 'sampling-on',
          label: 'CLI, sampling on',
          wall_ms: summarize(on),
          cpu_ms: summarize(on, 'cpuMs'),
          sampler_cpu_ms: summarize(on, 'samplerCpuMs'),
          samples: summarize(on, 'samples'),
        },
        {
          id: 'sampling-off',
          label: 'CLI, sampling off',
          wall_ms: summarize(off),
          cpu_ms: summarize(off, 'cpuMs'),
        },
      ],
      figures: [
        {
          label: `Sampler's own CPU, ${jobs} running jobs (% of one core)`,
          value: Number(selfPercent.toFixed(3)),
          unit: '%',
          limit: 1,
          strict: true,
          detail: `${perSampleMs.toFixed(2)} ms of CPU per sample of ${processes ?? '?'} processes`,
          peers: [],
        },
        {
          label: `CLI CPU with sampling minus without, ${jobs} running jobs (% of one core)`,
          value: Number(((deltaCpuMs / 1000 / wallS) * 100).toFixed(3)),
          unit: '%',
          detail: `CLI CPU ${(median(on.map((s) => s.cpuMs)) ?? 0).toFixed(0)} ms vs ${(median(off.map((s) => s.cpuMs)) ?? 0).toFixed(0)} ms over ${wallS.toFixed(1)} s (difference of medians; noisy on a shared machine)`,
          peers: [],
        },
      ],
    };
  },
};
