// 3. Output throughput and memory: one job printing a lot in 64 KiB writes, and 8 parallel jobs printing
// short lines, through the CLI (output to logs/<id>.log) against the same generator redirected to a file
// by the shell, and through a pipe and `cat`. The CLI runs twice: without secrets (the job writes straight to
// its log file) and with a secret that never appears (its output comes through pipes and the redactor). Each
// runs on the default temp folder (ext4 here) and on a tmpfs (/dev/shm), in one interleaved run per file
// system. Peak RSS is the orchestrator's own node process (VmHWM), not its children.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileSystemOf } from './machine.mjs';
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
/** Registered as a secret for the redacting variant; the generator never prints it. */
const NEVER_PRINTED = 'bench-secret-never-printed';

function fileSize(file) {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** Bytes free under `dir`. */
function freeBytes(dir) {
  const stats = fs.statfsSync(dir);
  return stats.bavail * stats.bsize;
}

/**
 * Where to measure: the default temp folder, and a tmpfs (/dev/shm) when there is one with room for the largest
 * output twice (the CLI's log and the shell's file never coexist, but the page cache wants headroom).
 */
function fileSystems(ctx, needBytes) {
  const places = [{ key: fileSystemOf(ctx.tmp) ?? 'tmp', root: ctx.tmp }];
  const shm = '/dev/shm';
  if (places[0].key === 'tmpfs') return places;
  if (fs.existsSync(shm) && fileSystemOf(shm) === 'tmpfs' && freeBytes(shm) > 2 * needBytes) {
    places.push({ key: 'tmpfs', root: fs.mkdtempSync(path.join(shm, 'to-bench-')), remove: true });
  } else {
    ctx.note(
      'throughput',
      `no tmpfs with ${(2 * needBytes) / MIB} MiB free at ${shm}: measured on ${places[0].key} only.`,
    );
  }
  return places;
}

export const throughput = {
  id: 'throughput',
  title: 'Output throughput and memory',
  async run(ctx) {
    if (!ctx.python) {
      ctx.note('throughput', 'python3 not found: the output generator cannot run; measurement skipped.');
      return { workload: 'skipped', variants: [], figures: [] };
    }
    const { singleBytes, parallelJobs, parallelBytes } = ctx.size.throughput;
    const generator = writeFixture(path.join(ctx.tmp, 'fixtures'), 'generate_output.py', GENERATOR_PY);
    const cases = [
      {
        key: 'single',
        label: `1 job, ${singleBytes / MIB} MiB in 64 KiB writes`,
        ids: ['big'],
        bytes: singleBytes,
        mode: 'block',
        workers: 1,
        limit: 1.15,
      },
      {
        key: 'lines',
        label: `${parallelJobs} parallel jobs, ${parallelBytes / MIB} MiB each in short lines`,
        ids: jobIds(parallelJobs, 'chatty'),
        bytes: parallelBytes,
        mode: 'lines',
        workers: parallelJobs,
        limit: 1.3,
      },
    ];
    const result = { workload: cases.map((c) => c.label).join('; '), variants: [], figures: [] };
    const places = fileSystems(ctx, Math.max(...cases.map((each) => each.bytes * each.ids.length)));
    try {
      for (const place of places) {
        for (const each of cases) await measureCase(ctx, generator, place, each, result);
      }
    } finally {
      for (const place of places) if (place.remove) fs.rmSync(place.root, { recursive: true, force: true });
    }
    return result;
  },
};

/** As long as a log's attempt header (`=== attempt 1/1 · <time> · <command> ===`), ASCII. */
const HEADER_LINE = '=== attempt 1/1 - 2026-12-03T00:00:00Z - python3 generate_output.py ===';

/**
 * Untimed, before every timed run: writes back what earlier runs left dirty and lets the file system finish
 * freeing what was just deleted. Gigabytes of it otherwise land in whichever run comes next (writeback and, on
 * this machine's `discard` ext4, the freed blocks' journal and discard work), and that is not the same variant
 * each round.
 */
function settle() {
  try {
    execFileSync('sync', [], { stdio: 'ignore' });
  } catch {
    // No sync(1): the runs are merely noisier.
  }
}

async function measureCase(ctx, generator, place, each, result) {
  const dir = path.join(place.root, `throughput-${each.key}`);
  const argv = [ctx.python, generator, String(each.bytes), each.mode];
  const config = writeCommandConfig(
    path.join(dir, 'jobs.json'),
    each.ids.map((id) => ({ id, command: argv })),
  );
  const cliArgs = ['-C', dir, '--config', config, '--no-auto-discover'];
  if (each.workers > 1) cliArgs.push('--parallel', '--max-workers', String(each.workers));
  const shellOut = path.join(dir, 'shell');
  const where = `on ${place.key}`;
  // The same generator, each job's stdout redirected to its own file by sh, all started at once; and the
  // same through a pipe and `cat` (the least any program that reads the output on its way to the file does).
  const quoted = argv.map((word) => `'${word.replace(/'/g, `'\\''`)}'`).join(' ');
  // `header`: the file starts with a line like the log's attempt header, as every job log does. On this
  // machine's ext4, 64 KiB writes that start past such a line (off page boundaries) cost ~70% more system time
  // than the same writes at offset 0 (0.44 s against 0.26 s for 1 GiB): the redirect alone does not pay that.
  const shellScript = (relay, header = false) =>
    each.ids
      .map(
        (id) =>
          `${header ? `{ echo '${HEADER_LINE}'; ${quoted}; }` : quoted}${relay ? ' | cat' : ''} > '${shellOut}/${id}.log' &`,
      )
      .join('\n') + '\nwait\n';
  const shellVariant = (key, label, relay, header = false) => ({
    id: `${key}-${each.key}-${place.key}`,
    label: `${label}, ${each.label}, ${where}`,
    run: async () => {
      fs.rmSync(shellOut, { recursive: true, force: true });
      fs.mkdirSync(shellOut, { recursive: true });
      settle();
      const run = expectExit(await runTimed('sh', ['-c', shellScript(relay, header)]), label);
      const expected = each.bytes + (header ? HEADER_LINE.length + 1 : 0);
      for (const id of each.ids) {
        const size = fileSize(path.join(shellOut, `${id}.log`));
        if (size !== expected)
          throw new Error(`${label}: ${id}.log holds ${size} bytes, expected ${expected}`);
      }
      fs.rmSync(shellOut, { recursive: true, force: true });
      return run;
    },
  });
  const cliVariant = (key, label, env) => ({
    id: `${key}-${each.key}-${place.key}`,
    label: `${label}, ${each.label}, ${where}`,
    run: async () => {
      resetOutputs(dir);
      settle();
      const run = expectExit(await ctx.cli(cliArgs, { sampleMs: 10, env }), label);
      const { summary } = readSummary(dir) ?? {};
      if (!summary) throw new Error(`${label} wrote no summary`);
      // The jobs' own span (first start to last end, as the summary records them): the output's way to the
      // file without the CLI's fixed start (Node, bundle, plan) and summary, which a 1 GiB redirect of 0.5 s
      // cannot hide.
      const starts = summary.jobs.map((entry) => Date.parse(entry.started_at));
      const ends = summary.jobs.map((entry) => Date.parse(entry.finished_at));
      run.jobMs = Math.max(...ends) - Math.min(...starts);
      for (const id of each.ids) {
        const size = fileSize(path.join(dir, 'logs', `${id}.log`));
        if (size < each.bytes)
          throw new Error(`logs/${id}.log holds ${size} bytes, expected ≥ ${each.bytes}`);
      }
      resetOutputs(dir);
      return run;
    },
  });

  const withSecret = { ...process.env, TRAINING_ORCHESTRATOR_SECRETS: NEVER_PRINTED };
  const variants = [
    cliVariant('cli', 'orchestrator CLI, no secret (job writes to its log file)', undefined),
    cliVariant('cli-secret', 'orchestrator CLI, a secret registered (pipes and redactor)', withSecret),
    shellVariant('shell', 'sh redirect to a file', false),
    shellVariant('relay', 'sh, through a pipe and cat to a file', true),
    shellVariant('header', 'sh redirect to a file after a header line', false, true),
  ];
  const samples = await alternate(variants, { rounds: ctx.size.throughput.rounds, onSample: ctx.onSample });
  const wall = Object.fromEntries(variants.map((variant) => [variant.id, summarize(samples[variant.id])]));
  const shellWall = wall[variants[2].id];
  const relayWall = wall[variants[3].id];
  const headerWall = wall[variants[4].id];
  const totalMib = (each.bytes * each.ids.length) / MIB;
  const rssMb = (kb) => (kb * 1024) / 1e6;
  for (const variant of variants) {
    const entry = {
      id: variant.id,
      label: variant.label,
      wall_ms: wall[variant.id],
      mib_per_s: totalMib / (wall[variant.id].median / 1000),
    };
    if (variant.id.startsWith('cli')) {
      const rss = summarize(samples[variant.id], 'peakRssKb');
      entry.peak_rss_mb = { median: rssMb(rss.median), min: rssMb(rss.min), max: rssMb(rss.max), n: rss.n };
      entry.cpu_ms = summarize(samples[variant.id], 'cpuMs');
    }
    result.variants.push(entry);
  }
  const peers = [
    { label: 'sh redirect', ms: shellWall.median },
    { label: 'pipe | cat', ms: relayWall.median },
  ];
  for (const [variant, what, limit] of [
    [variants[0], 'no secret · straight to the file', each.limit],
    [variants[1], 'secret registered · redacting pipes', 1.6],
  ]) {
    const rss = summarize(samples[variant.id], 'peakRssKb');
    const cliWall = wall[variant.id];
    const jobWall = summarize(samples[variant.id], 'jobMs');
    const cpu = summarize(samples[variant.id], 'cpuMs');
    result.figures.push(
      {
        label: `Peak RSS of the orchestrator · ${each.key} · ${place.key} · ${what}, ${each.label}`,
        value: rssMb(rss.median),
        unit: 'MB',
        limit: 100,
        detail: `max over runs ${rssMb(rss.max).toFixed(1)} MB (1 MB = 10^6 bytes)`,
        peers: [],
      },
      {
        label: `Wall time vs sh redirect · ${each.key} · ${place.key} · ${what}, ${each.label}`,
        value: cliWall.median / shellWall.median,
        unit: 'x',
        limit,
        detail:
          `CLI ${(cliWall.median / 1000).toFixed(2)} s (${(totalMib / (cliWall.median / 1000)).toFixed(0)} MiB/s, ` +
          `orchestrator CPU ${((cpu?.median ?? 0) / 1000).toFixed(2)} s); redirect ${(shellWall.median / 1000).toFixed(2)} s; ` +
          `pipe | cat is ${(relayWall.median / shellWall.median).toFixed(2)}x the redirect`,
        peers,
      },
      {
        // The same file a job log is (a header line, then the output): see shellScript.
        label: `Wall time vs sh redirect after a header line · ${each.key} · ${place.key} · ${what}, ${each.label}`,
        value: cliWall.median / headerWall.median,
        unit: 'x',
        detail:
          `CLI ${(cliWall.median / 1000).toFixed(2)} s; the redirect after a ${HEADER_LINE.length + 1}-byte line ` +
          `${(headerWall.median / 1000).toFixed(2)} s, ${(headerWall.median / shellWall.median).toFixed(2)}x the plain redirect`,
        peers,
      },
      {
        // What any relay costs here (every byte read from a pipe and written again): the floor for the
        // redacting path, which has to read the output to mask it.
        label: `Wall time vs pipe | cat · ${each.key} · ${place.key} · ${what}, ${each.label}`,
        value: cliWall.median / relayWall.median,
        unit: 'x',
        detail: `CLI ${(cliWall.median / 1000).toFixed(2)} s; sh | cat ${(relayWall.median / 1000).toFixed(2)} s`,
        peers,
      },
      {
        label: `Jobs' span vs sh redirect · ${each.key} · ${place.key} · ${what}, ${each.label}`,
        value: jobWall.median / shellWall.median,
        unit: 'x',
        detail:
          `first job start to last job end ${(jobWall.median / 1000).toFixed(2)} s (the CLI's own start and ` +
          `summary excluded: ${((cliWall.median - jobWall.median) / 1000).toFixed(2)} s)`,
        peers,
      },
    );
  }
}
