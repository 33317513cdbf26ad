// 2. Scheduling quality: jobs of skewed, known durations (sleep), 4 workers. Makespan over the lower bound
// max(longest job, sum / workers), in plan order and with --history (longest first).
import fs from 'node:fs';
import path from 'node:path';
import { alternate, expectExit, median, runTimed, summarize } from './measure.mjs';
import { readSummary, resetOutputs, seededRandom, writeCommandConfig } from './workloads.mjs';

const WORKERS = 4;
const SEED = 6;

/** Skewed durations in seconds, in a fixed shuffled order: a few long jobs among many short ones. */
export function skewedDurations({ jobs, long, shortMin, shortMax, longMin, longMax }) {
  const random = seededRandom(SEED);
  const durations = [];
  for (let i = 0; i < jobs; i += 1) {
    const u = random();
    durations.push(
      i < long ? longMin + (longMax - longMin) * u : shortMin + (shortMax - shortMin) * u * u, // u²: most are short
    );
  }
  for (let i = durations.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [durations[i], durations[j]] = [durations[j], durations[i]];
  }
  return durations.map((seconds) => Number(seconds.toFixed(3)));
}

/** Makespan of greedy list scheduling of `durations` in this order on `workers`, with zero overhead. */
export function listScheduleMakespan(durations, workers) {
  const free = new Array(workers).fill(0);
  for (const duration of durations) {
    const worker = free.indexOf(Math.min(...free));
    free[worker] += duration;
  }
  return Math.max(...free);
}

export const scheduling = {
  id: 'scheduling',
  title: 'Scheduling quality',
  async run(ctx) {
    const { rounds, ...shape } = ctx.size.scheduling;
    const durations = skewedDurations(shape);
    const width = String(durations.length).length;
    const jobs = durations.map((seconds, index) => ({
      id: `s${String(index + 1).padStart(width, '0')}`,
      seconds,
      command: ['sleep', seconds.toFixed(3)],
    }));
    const sum = durations.reduce((a, b) => a + b, 0);
    const longest = Math.max(...durations);
    const lowerBound = Math.max(longest, sum / WORKERS);
    const longestFirst = [...durations].sort((a, b) => b - a);
    const ideal = {
      plan: listScheduleMakespan(durations, WORKERS) / lowerBound,
      lpt: listScheduleMakespan(longestFirst, WORKERS) / lowerBound,
    };

    const dir = path.join(ctx.tmp, 'scheduling');
    const config = writeCommandConfig(path.join(dir, 'jobs.json'), jobs);
    // Inside the working directory: the orchestrator reads nothing outside it (issue 10).
    const history = path.join(dir, 'scheduling-history.json');
    const planFile = path.join(dir, 'plan-order.txt');
    const lptFile = path.join(dir, 'longest-first.txt');
    fs.writeFileSync(planFile, `${durations.map((s) => s.toFixed(3)).join('\n')}\n`);
    fs.writeFileSync(lptFile, `${longestFirst.map((s) => s.toFixed(3)).join('\n')}\n`);
    const cliArgs = [
      '-C',
      dir,
      '--config',
      config,
      '--no-auto-discover',
      '--parallel',
      '--max-workers',
      String(WORKERS),
    ];
    const longestIds = new Set(
      [...jobs]
        .sort((a, b) => b.seconds - a.seconds)
        .slice(0, WORKERS)
        .map((job) => job.id),
    );
    let historyOrderChecks = 0;
    let historyOrderHeld = 0;

    const runCli = async (extra, keepAsHistory) => {
      resetOutputs(dir);
      const run = expectExit(await ctx.cli([...cliArgs, ...extra]), 'orchestrator CLI');
      const found = readSummary(dir);
      if (!found) throw new Error('orchestrator CLI wrote no summary');
      const started = found.summary.jobs.map((job) => Date.parse(job.started_at));
      const finished = found.summary.jobs.map((job) => Date.parse(job.finished_at));
      if (keepAsHistory) fs.copyFileSync(found.file, history);
      else {
        const firstStarted = [...found.summary.jobs]
          .sort((a, b) => Date.parse(a.started_at) - Date.parse(b.started_at))
          .slice(0, WORKERS)
          .map((job) => job.id);
        historyOrderChecks += 1;
        if (firstStarted.every((id) => longestIds.has(id))) historyOrderHeld += 1;
      }
      return {
        ...run,
        makespanMs: Math.max(...finished) - Math.min(...started),
        ...perJobCosts(found.summary),
      };
    };
    const nominal = new Map(jobs.map((job) => [job.id, job.seconds]));
    /**
     * Where a makespan above the ideal comes from, per job: `inflation` is the recorded duration minus the
     * sleep (spawning, exit detection, log flushing), `gap` the time from the latest job end to the next start
     * (dispatch). Both are medians in ms over the jobs of one run.
     */
    const perJobCosts = (summary) => {
      const ends = summary.jobs.map((job) => Date.parse(job.finished_at)).sort((a, b) => a - b);
      const starts = summary.jobs.map((job) => Date.parse(job.started_at)).sort((a, b) => a - b);
      const gaps = starts
        .slice(WORKERS)
        .map((start) => start - Math.max(...ends.filter((end) => end <= start)));
      const inflation = summary.jobs.map((job) => job.duration_seconds * 1000 - nominal.get(job.id) * 1000);
      return { inflationMs: median(inflation), gapMs: median(gaps.filter(Number.isFinite)) };
    };
    const runXargs = (file) => async () => {
      const fd = fs.openSync(file, 'r');
      try {
        const run = expectExit(
          await runTimed('xargs', ['-P', String(WORKERS), '-n', '1', 'sleep'], { stdin: fd, cwd: dir }),
          'xargs',
        );
        return { ...run, makespanMs: run.ms };
      } finally {
        fs.closeSync(fd);
      }
    };

    const variants = [
      { id: 'cli-plan', label: 'orchestrator CLI, plan order', run: () => runCli([], true) },
      {
        id: 'cli-history',
        label: 'orchestrator CLI, --history (longest first)',
        run: () => runCli(['--history', history], false),
      },
    ];
    if (ctx.tools.xargs) {
      variants.push(
        { id: 'xargs-plan', label: 'xargs -P 4, plan order', run: runXargs(planFile) },
        { id: 'xargs-lpt', label: 'xargs -P 4, longest first', run: runXargs(lptFile) },
      );
    } else ctx.note('scheduling', 'xargs not found: the peer rows are skipped.');

    const samples = await alternate(variants, { rounds, onSample: ctx.onSample });
    const result = {
      workload:
        `${durations.length} jobs sleeping ${Math.min(...durations)}–${longest} s (seed ${SEED}), ${WORKERS} workers; ` +
        `sum ${sum.toFixed(2)} s, lower bound max(longest, sum/${WORKERS}) = ${lowerBound.toFixed(3)} s`,
      lower_bound_s: lowerBound,
      durations_s: durations,
      ideal_list_scheduling_ratio: ideal,
      history_started_longest_first: `${historyOrderHeld}/${historyOrderChecks} runs`,
      variants: [],
      figures: [],
    };
    const ratio = {};
    for (const variant of variants) {
      const makespan = summarize(samples[variant.id], 'makespanMs');
      ratio[variant.id] = makespan.median / 1000 / lowerBound;
      result.variants.push({
        id: variant.id,
        label: variant.label,
        wall_ms: summarize(samples[variant.id]),
        makespan_ms: makespan,
        makespan_over_bound: ratio[variant.id],
        job_inflation_ms: summarize(samples[variant.id], 'inflationMs'),
        dispatch_gap_ms: summarize(samples[variant.id], 'gapMs'),
      });
    }
    const peers = [];
    if (ratio['xargs-plan']) peers.push({ label: 'xargs plan order', ratio: ratio['xargs-plan'] });
    if (ratio['xargs-lpt']) peers.push({ label: 'xargs longest first', ratio: ratio['xargs-lpt'] });
    result.figures.push(
      {
        label: 'Makespan / lower bound, plan order',
        value: ratio['cli-plan'],
        unit: 'ratio',
        limit: 1.1,
        detail: `zero-overhead greedy in this order: ${ideal.plan.toFixed(3)}`,
        peers,
      },
      {
        label: 'Makespan / lower bound, --history (longest first)',
        value: ratio['cli-history'],
        unit: 'ratio',
        limit: 1.03,
        detail: `zero-overhead longest-first: ${ideal.lpt.toFixed(3)}; longest jobs started first in ${result.history_started_longest_first}`,
        peers,
      },
    );
    return result;
  },
};
