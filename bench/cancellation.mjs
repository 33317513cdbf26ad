// 6. Cancellation latency: SIGINT to the CLI (only to it, as GitHub does) while N jobs run, each of which
// started a grandchild that ignores SIGTERM. Time until every process of the run (the CLI, each job, each
// grandchild: pids the fixture writes) is gone and the summary file exists.
import fs from 'node:fs';
import path from 'node:path';
import { alternate, isAlive, sleep, summarize } from './measure.mjs';
import {
  HOLD_PY,
  jobIds,
  readSummary,
  resetOutputs,
  writeCommandConfig,
  writeFixture,
} from './workloads.mjs';

const POLL_MS = 5;
const READY_TIMEOUT_MS = 30_000;

function readPids(dir, ids) {
  const pids = [];
  for (const id of ids) {
    for (const kind of ['job', 'grandchild']) {
      try {
        pids.push(Number(fs.readFileSync(path.join(dir, `${id}.${kind}`), 'utf8')));
      } catch {
        return undefined;
      }
    }
  }
  return pids;
}

/** True once a complete summary is on disk (a half-written file does not parse yet). */
function summaryWritten(dir) {
  try {
    return Boolean(readSummary(dir));
  } catch {
    return false;
  }
}

export const cancellation = {
  id: 'cancellation',
  title: 'Cancellation latency',
  async run(ctx) {
    if (!ctx.python) {
      ctx.note('cancellation', 'python3 not found: the fixture cannot run; measurement skipped.');
      return { workload: 'skipped', variants: [], figures: [] };
    }
    const { jobs, rounds } = ctx.size.cancellation;
    const ids = jobIds(jobs, 'hold');
    const dir = path.join(ctx.tmp, 'cancellation');
    const pidsDir = path.join(ctx.tmp, 'cancellation-pids');
    const fixture = writeFixture(path.join(ctx.tmp, 'fixtures'), 'hold.py', HOLD_PY);
    const config = writeCommandConfig(
      path.join(dir, 'jobs.json'),
      ids.map((id) => ({ id, command: [ctx.python, fixture, pidsDir, id] })),
    );
    const args = [
      '-C',
      dir,
      '--config',
      config,
      '--no-auto-discover',
      '--parallel',
      '--max-workers',
      String(jobs),
    ];
    const leftovers = new Set();

    /** Waits for the jobs to be ready, sends SIGINT, then watches until the run's processes and summary are done. */
    const watch = async (child, state) => {
      const deadline = performance.now() + READY_TIMEOUT_MS;
      while (!(state.pids = readPids(pidsDir, ids))) {
        if (performance.now() > deadline) {
          child.kill('SIGKILL');
          return;
        }
        await sleep(POLL_MS);
      }
      state.signalledAt = performance.now();
      process.kill(child.pid, 'SIGINT');
      while (performance.now() - state.signalledAt < 30_000) {
        const now = performance.now() - state.signalledAt;
        if (state.processes === undefined && state.pids.every((pid) => !isAlive(pid))) state.processes = now;
        if (state.summary === undefined && summaryWritten(dir)) state.summary = now;
        if (state.processes !== undefined && state.summary !== undefined) return;
        await sleep(POLL_MS);
      }
    };

    const once = async () => {
      resetOutputs(dir);
      fs.rmSync(pidsDir, { recursive: true, force: true });
      fs.mkdirSync(pidsDir, { recursive: true });
      const state = {};
      let watching;
      let spawnedAt;
      const run = await ctx.cli(args, {
        timeoutMs: 60_000,
        onSpawn: (child, start) => {
          spawnedAt = start;
          watching = watch(child, state);
        },
      });
      await watching;
      if (state.signalledAt === undefined)
        throw new Error(`the jobs never became ready:\n${run.stderr.slice(-2000)}`);
      for (const pid of state.pids) if (isAlive(pid)) leftovers.add(pid);
      if (run.code !== 130) {
        throw new Error(
          `orchestrator CLI: exit ${run.code} (${run.signal}) after SIGINT, expected 130\n${run.stderr.slice(-2000)}`,
        );
      }
      const cliMs = spawnedAt + run.ms - state.signalledAt;
      return {
        ms: Math.max(cliMs, state.processes ?? Infinity, state.summary ?? Infinity),
        cliMs,
        processesMs: state.processes,
        summaryMs: state.summary,
        code: run.code,
        status: readSummary(dir)?.summary.status,
      };
    };
    try {
      const samples = await alternate([{ id: 'cli', label: 'orchestrator CLI', run: once }], {
        rounds,
        onSample: ctx.onSample,
      });
      const stats = summarize(samples.cli);
      const survivors = [...leftovers];
      const statuses = [...new Set(samples.cli.map((sample) => sample.status))];
      return {
        workload: `${jobs} parallel jobs, each with a grandchild ignoring SIGTERM; SIGINT to the CLI process only`,
        variants: [
          {
            id: 'cli',
            label: 'orchestrator CLI: SIGINT → every process gone and summary written',
            wall_ms: stats,
            cli_exit_ms: summarize(samples.cli, 'cliMs'),
            processes_gone_ms: summarize(samples.cli, 'processesMs'),
            summary_written_ms: summarize(samples.cli, 'summaryMs'),
            summary_status: statuses,
            survivors,
          },
        ],
        figures: [
          {
            label: 'Cancellation: SIGINT → all processes gone + summary written',
            value: survivors.length ? Infinity : stats.median,
            unit: 'ms',
            limit: 3000,
            detail: `CLI exit ${summarize(samples.cli, 'cliMs').median.toFixed(0)} ms (exit 130), summary status ${statuses.join('/')}${survivors.length ? `, SURVIVORS ${survivors.join(' ')}` : ''}`,
            peers: [],
          },
        ],
      };
    } finally {
      for (const pid of leftovers) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
  },
};
