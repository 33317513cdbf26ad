import { InputError, type PlannedJob } from '../model/types.js';
import { formatByteSize } from '../plan/byte-size.js';
import { MAX_MAX_WORKERS } from '../plan/defaults.js';
import { mostAtOnce, neverFitsReason, type ResourceNeed } from './allocate.js';
import type { Capacity } from './capacity.js';

/**
 * The history rule: a job that declares no memory is assumed to need its last peak resident memory times
 * this factor (room for a slightly larger input or a different allocation pattern), capped at the memory
 * the run has, so an estimate alone never makes a job impossible.
 */
export const HISTORY_MEMORY_FACTOR = 1.2;

/** How the run schedules by resources; built once before the run (see planResources). */
export interface RunResources {
  capacity: Capacity;
  /**
   * Whether starts wait for free CPUs, memory and GPUs: when any job declares `cpus`, `memory` or `gpus`, a
   * `cpus`, `memory` or `gpus` input is given, or `max_workers` is `auto`. Otherwise the worker count alone
   * decides, as before resources existed (jobs still get thread variables).
   */
  gated: boolean;
  /** Whether jobs get CUDA_VISIBLE_DEVICES: some job requests GPUs, or the `gpus` input is given. */
  gpusInPlay: boolean;
  /** Memory estimates from the history's peaks (bytes, the rule applied) for jobs that declare no memory. */
  memoryEstimates: ReadonlyMap<string, number>;
}

/** A job's need, and whether its memory is the history estimate. */
export function needOf(
  job: PlannedJob,
  resources: RunResources,
): ResourceNeed & { memoryFromHistory: boolean } {
  const declared = job.resources?.memory_bytes ?? null;
  const estimate = declared === null ? resources.memoryEstimates.get(job.id) : undefined;
  return {
    cpus: job.resources?.cpus ?? 1,
    memoryBytes: declared ?? estimate ?? 0,
    gpus: job.resources?.gpus ?? 0,
    memoryFromHistory: estimate !== undefined,
  };
}

/**
 * The run's resource plan. `peaks`: each job's peak resident memory from the history file (absent, or
 * no history: no estimate). Estimates apply only when starts are gated by resources.
 */
export function planResources(input: {
  jobs: readonly PlannedJob[];
  capacity: Capacity;
  settings: { cpus?: number; memoryBytes?: number; gpus?: number[]; maxWorkersAuto?: boolean };
  peaks?: ReadonlyMap<string, number>;
}): RunResources {
  const { jobs, capacity, settings } = input;
  const anyRequest = jobs.some((job) => job.resources !== undefined);
  const gpusInPlay = settings.gpus !== undefined || jobs.some((job) => (job.resources?.gpus ?? 0) > 0);
  const gated =
    anyRequest ||
    gpusInPlay ||
    settings.cpus !== undefined ||
    settings.memoryBytes !== undefined ||
    settings.maxWorkersAuto === true;
  const memoryEstimates = new Map<string, number>();
  if (gated && input.peaks) {
    for (const job of jobs) {
      if (job.resources?.memory_bytes != null) continue;
      const peak = input.peaks.get(job.id);
      if (peak === undefined || !(peak > 0)) continue;
      memoryEstimates.set(job.id, Math.min(Math.ceil(peak * HISTORY_MEMORY_FACTOR), capacity.memoryBytes));
    }
  }
  return { capacity, gated, gpusInPlay, memoryEstimates };
}

/** At most this many impossible jobs are listed in the error; the rest are counted. */
const MAX_LISTED = 10;

/**
 * Refuses, before anything starts, a plan with a job that could never start on this machine: more CPUs,
 * memory or GPUs than the capacity holds. The InputError names each such job, its request and what exists.
 */
export function checkRequestsFit(jobs: readonly PlannedJob[], resources: RunResources): void {
  if (!resources.gated) return;
  const problems: { job: PlannedJob; reason: string }[] = [];
  let count = 0;
  for (const job of jobs) {
    const reason = neverFitsReason(needOf(job, resources), resources.capacity, formatByteSize);
    if (reason === undefined) continue;
    count++;
    if (problems.length < MAX_LISTED) problems.push({ job, reason });
  }
  if (count === 0) return;
  const where = problems[0].reason.includes('GPU')
    ? 'gpus'
    : problems[0].reason.includes('memory')
      ? 'memory'
      : 'cpus';
  const lines = problems.map(({ job, reason }) => `job '${job.id}' asks for ${reason}`);
  if (count > problems.length) lines.push(`and ${count - problems.length} more`);
  throw new InputError(
    where,
    `${count === 1 ? 'A job asks' : `${count} jobs ask`} for more than this machine has, so ${count === 1 ? 'it' : 'they'} could never start: ` +
      `${lines.join('; ')}. Lower the job's cpus, memory or gpus in the config, or, when the machine has more than ` +
      `was detected, say so with the cpus, memory or gpus input (--cpus, --memory, --gpus on the command line).`,
  );
}

/**
 * What `max_workers: auto` comes to for this plan and machine: the most jobs the CPUs, memory and GPUs let run
 * at once (see mostAtOnce), at least 1, at most the number of jobs and MAX_MAX_WORKERS. The pool itself keeps the ceiling
 * MAX_MAX_WORKERS and lets the resources decide; this figure is what the header and the summary show.
 */
export function autoWorkerCount(jobs: readonly PlannedJob[], resources: RunResources): number {
  const most = mostAtOnce(
    jobs.map((job) => needOf(job, resources)),
    resources.capacity,
  );
  return Math.max(1, Math.min(most, jobs.length, MAX_MAX_WORKERS));
}
