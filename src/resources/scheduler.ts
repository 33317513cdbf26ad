import type { JobAllocation, PlannedJob } from '../model/types.js';
import { formatByteSize } from '../plan/byte-size.js';
import { ResourceLedger, type ResourceNeed } from './allocate.js';
import { needOf, type RunResources } from './requests.js';
import { threadBudget, threadEnv } from './thread-env.js';

/**
 * One run's allocations, by job index: the pool asks `fits`, `take` and `release`; the runner asks `grant`
 * for the allocation and the variables a started job gets. With `gated` off, every job fits (the worker
 * count alone limits the run) and only the thread variables are set.
 */
export class JobScheduler {
  private readonly ledger: ResourceLedger;
  private readonly needs: (ResourceNeed & { memoryFromHistory: boolean })[];
  private readonly gpus = new Map<number, number[]>();
  /** Jobs that run at once at most: the default thread budget divides the cores among them. */
  private readonly concurrency: number;

  constructor(
    private readonly jobs: readonly PlannedJob[],
    private readonly resources: RunResources,
    workers: number,
  ) {
    this.ledger = new ResourceLedger(resources.capacity);
    this.needs = jobs.map((job) => needOf(job, resources));
    this.concurrency = Math.max(1, Math.min(workers, jobs.length));
  }

  get gated(): boolean {
    return this.resources.gated;
  }

  fits(index: number): boolean {
    return !this.resources.gated || this.ledger.fits(this.needs[index]);
  }

  take(index: number): void {
    if (!this.resources.gated) return;
    this.gpus.set(index, this.ledger.take(this.needs[index]));
  }

  release(index: number): void {
    if (!this.resources.gated) return;
    this.ledger.release(this.needs[index], this.gpus.get(index) ?? []);
  }

  /**
   * What the job at `index` got, and the variables to add over its env: the thread variables (unless the
   * job's env or `userEnv` sets them) and, when GPUs are in play, CUDA_VISIBLE_DEVICES with exactly its
   * devices (empty for a job without GPUs; this overrides any value, or the job would see every device).
   */
  grant(
    index: number,
    userEnv: NodeJS.ProcessEnv,
  ): { allocation: JobAllocation; env: Record<string, string> } {
    const job = this.jobs[index];
    const need = this.needs[index];
    const cores = this.resources.capacity.cpus;
    const budget = threadBudget(job.resources?.cpus, cores, this.concurrency);
    const threads = threadEnv(budget, userEnv, job.env);
    const gpus = this.resources.gpusInPlay ? [...(this.gpus.get(index) ?? [])] : null;
    const env = { ...threads.env, ...(gpus ? { CUDA_VISIBLE_DEVICES: gpus.join(',') } : {}) };
    const gated = this.resources.gated;
    const allocation: JobAllocation = {
      // Not gated: nothing is reserved; the job's share of the cores is what its thread budget says.
      cpus: gated ? need.cpus : budget,
      memory_bytes: gated && need.memoryBytes > 0 ? need.memoryBytes : null,
      gpus,
      threads: threads.threads,
      ...(gated && need.memoryFromHistory ? { memory_from_history: true } : {}),
    };
    return { allocation, env };
  }
}

/** One line for --verbose: `train_a: 2 CPUs, 4 GiB memory (history peak × 1.2), GPUs 0,1, 2 threads`. */
export function describeAllocation(id: string, allocation: JobAllocation): string {
  const parts = [`${allocation.cpus} CPU${allocation.cpus === 1 ? '' : 's'}`];
  if (allocation.memory_bytes !== null) {
    parts.push(
      `${formatByteSize(allocation.memory_bytes)} memory${allocation.memory_from_history ? ' (history peak × 1.2)' : ''}`,
    );
  }
  if (allocation.gpus !== null) {
    parts.push(
      allocation.gpus.length > 0
        ? `GPUs ${allocation.gpus.join(',')}`
        : 'no GPU (CUDA_VISIBLE_DEVICES empty)',
    );
  }
  parts.push(
    allocation.threads !== null
      ? `${allocation.threads} thread${allocation.threads === 1 ? '' : 's'} (OMP_NUM_THREADS and friends)`
      : 'thread variables as set by the job or environment',
  );
  return `${id}: ${parts.join(', ')}`;
}
