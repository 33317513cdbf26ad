// 3. Output throughput and memory: one job printing a lot in 64 KiB writes, and 8 parallel jobs printing
// short lines, through the CLI (output to logs/<id>.log) against the same generator redirected to a file
// by the shell. Peak RSS is the orchestrator's own node process (VmHWM), not its children.
import fs from 'node:fs';
import path from 'node:path';
import { alternate, expectExit, runTimed, summarize } from './measure.mjs';
import {
  GENERATOR_PY,
  jobIds,
  readSummary,
  resetOutputs,
  writeCommandConfig,
  writeFixture,
} from './workloads.mjs';

const MIB = 1024 * 1024;

function fileSize(file) {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

export const throughput = {
  id: 'throughput',
  title: 'Output throughput and memory',
  async run(ctx) {
    if (!ctx.python) {
      ctx.note('throughput', 'python3 not found: the output generator cannot run; measurement skipped.');
      return { workload: 'skipped', variants: [], figures: [] };
    }
    const { singleBytes, parallelJobs, parallelBytes, rounds } = ctx.size.throughput;
    const generator = writeFixture(path.join(ctx.tmp, 'fixtures'), 'generate_output.py', GENERATOR_PY);
    const cases = [
      {
        key: 'single',
        label: `1 job, ${singleBytes / MIB} MiB in 64 KiB writes`,
        ids: ['big'],
        bytes: singleBytes,
        mode: 'block',
        workers: 1,
      },
      {
        key: 'lines',
        label: `${parallelJobs} parallel jobs, ${parallelBytes / MIB} MiB each in short lines`,
        ids: jobIds(parallelJobs, 'chatty'),
        bytes: parallelBytes,
        mode: 'lines',
        workers: parallelJobs,
      },
    ];
    const result = { workload: cases.map((c) => c.label).join('; '), variants: [], figures: [] };

    for (const each of cases) {
      const dir = path.join(ctx.tmp, `throughput-${each.key}`);
      const argv = [ctx.python, generator, String(each.bytes), each.mode];
      const config = writeCommandConfig(
        path.join(dir, 'jobs.json'),
        each.ids.map((id) => ({ id, command: argv })),
      );
      const cliArgs = ['-C', dir, '--config', config, '--no-auto-discover'];
      if (each.workers > 1) cliArgs.push('--parallel', '--max-workers', String(each.workers));
      const shellOut = path.join(dir, 'shell');
      // The same generator, each job's stdout redirected to its own file by sh, all started at once; and the
      // same through a pipe and `cat` (the least any program that reads the output on its way to the file does).
      const quoted = argv.map((word) => `'${word.replace(/'/g, `'\\''`)}'`).join(' ');
      const shellScript = (relay) =>
        each.ids.map((id) => `${quoted}${relay ? ' | cat' : ''} > '${shellOut}/${id}.log' &`).join('\n') +
        '\nwait\n';
      const shellVariant = (key, label, relay) => ({
        id: `${key}-${each.key}`,
        label: `${label}, ${each.label}`,
        run: async () => {
          fs.rmSync(shellOut, { recursive: true, force: true });
          fs.mkdirSync(shellOut, { recursive: true });
          const run = expectExit(await runTimed('sh', ['-c', shellScript(relay)]), label);
          for (const id of each.ids) {
            const size = fileSize(path.join(shellOut, `${id}.log`));
            if (size !== each.bytes)
              throw new Error(`${label}: ${id}.log holds ${size} bytes, expected ${each.bytes}`);
          }
          fs.rmSync(shellOut, { recursive: true, force: true });
          return run;
        },
      });

      const variants = [
        {
          id: `cli-${each.key}`,
          label: `orchestrator CLI, ${each.label}`,
          run: async () => {
            resetOutputs(dir);
            const run = expectExit(await ctx.cli(cliArgs, { sampleMs: 10 }), 'orchestrator CLI');
            if (!readSummary(dir)) throw new Error('orchestrator CLI wrote no summary');
            for (const id of each.ids) {
              const size = fileSize(path.join(dir, 'logs', `${id}.log`));
              if (size < each.bytes)
                throw new Error(`logs/${id}.log holds ${size} bytes, expected ≥ ${each.bytes}`);
            }
            resetOutputs(dir);
            return run;
          },
        },
        shellVariant('shell', 'sh redirect to a file', false),
        shellVariant('relay', 'sh, through a pipe and cat to a file', true),
      ];
      const samples = await alternate(variants, { rounds, onSample: ctx.onSample });
      const wall = Object.fromEntries(
        variants.map((variant) => [variant.id, summarize(samples[variant.id])]),
      );
      const cliWall = wall[`cli-${each.key}`];
      const shellWall = wall[`shell-${each.key}`];
      const relayWall = wall[`relay-${each.key}`];
      const rss = summarize(samples[`cli-${each.key}`], 'peakRssKb');
      const rssMb = (kb) => (kb * 1024) / 1e6;
      const cpu = summarize(samples[`cli-${each.key}`], 'cpuMs');
      const totalMib = (each.bytes * each.ids.length) / MIB;
      result.variants.push({
        id: `cli-${each.key}`,
        label: `orchestrator CLI, ${each.label}`,
        wall_ms: cliWall,
        peak_rss_mb: { median: rssMb(rss.median), min: rssMb(rss.min), max: rssMb(rss.max), n: rss.n },
        cpu_ms: cpu,
        mib_per_s: totalMib / (cliWall.median / 1000),
      });
      for (const variant of variants.slice(1)) {
        result.variants.push({
          id: variant.id,
          label: variant.label,
          wall_ms: wall[variant.id],
          mib_per_s: totalMib / (wall[variant.id].median / 1000),
        });
      }
      const peers = [
        { label: 'sh redirect', ms: shellWall.median },
        { label: 'pipe | cat', ms: relayWall.median },
      ];
      result.figures.push(
        {
          label: `Peak RSS of the orchestrator, ${each.label}`,
          value: rssMb(rss.median),
          unit: 'MB',
          limit: 100,
          detail: `max over runs ${rssMb(rss.max).toFixed(1)} MB (1 MB = 10^6 bytes)`,
          peers: [],
        },
        {
          label: `Wall time vs sh redirect, ${each.label}`,
          value: cliWall.median / shellWall.median,
          unit: 'x',
          limit: 1.3,
          detail:
            `CLI ${(cliWall.median / 1000).toFixed(2)} s (${(totalMib / (cliWall.median / 1000)).toFixed(0)} MiB/s, ` +
            `orchestrator CPU ${(cpu.median / 1000).toFixed(2)} s); pipe | cat is ${(relayWall.median / shellWall.median).toFixed(2)}x the redirect`,
          peers,
        },
      );
    }
    return result;
  },
};
