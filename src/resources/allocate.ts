import type { Capacity } from './capacity.js';

/** What one job takes from the capacity while it runs. */
export interface ResourceNeed {
  cpus: number;
  /** 0 when the job declares no memory (and the history gives no estimate). */
  memoryBytes: number;
  gpus: number;
}

/** CPUs are counted in thousandths, so fractional requests (0.1 + 0.2) add up without rounding drift. */
const MILLI = 1000;

function milliCpus(cpus: number): number {
  return Math.ceil(cpus * MILLI - 1e-9);
}

/**
 * The free CPUs, memory and GPU devices of a run. `fits` answers whether a need can start now; `take`
 * reserves it (GPUs: the lowest free indices) and `release` gives it back. The ledger never goes below
 * zero: taking what does not fit is a programming error and throws.
 */
export class ResourceLedger {
  private freeMilliCpus: number;
  private freeMemory: number;
  /** Free device indices, ascending. */
  private readonly freeGpus: number[];

  constructor(readonly capacity: Pick<Capacity, 'cpus' | 'memoryBytes' | 'gpus'>) {
    this.freeMilliCpus = milliCpus(capacity.cpus);
    this.freeMemory = capacity.memoryBytes;
    this.freeGpus = [...capacity.gpus].sort((a, b) => a - b);
  }

  fits(need: ResourceNeed): boolean {
    return (
      milliCpus(need.cpus) <= this.freeMilliCpus &&
      need.memoryBytes <= this.freeMemory &&
      need.gpus <= this.freeGpus.length
    );
  }

  /** Reserves `need`; returns the GPU indices given to it (ascending). */
  take(need: ResourceNeed): number[] {
    if (!this.fits(need)) throw new Error('ResourceLedger.take: the need does not fit in what is free.');
    this.freeMilliCpus -= milliCpus(need.cpus);
    this.freeMemory -= need.memoryBytes;
    return this.freeGpus.splice(0, need.gpus);
  }

  release(need: ResourceNeed, gpus: readonly number[]): void {
    this.freeMilliCpus += milliCpus(need.cpus);
    this.freeMemory += need.memoryBytes;
    for (const gpu of gpus) {
      // A handful of devices: a sorted insert is simpler than a heap and as fast.
      const at = this.freeGpus.findIndex((free) => free > gpu);
      this.freeGpus.splice(at === -1 ? this.freeGpus.length : at, 0, gpu);
    }
  }

  /** Free now, for tests and messages: CPUs, memory bytes and GPU indices. */
  free(): { cpus: number; memoryBytes: number; gpus: number[] } {
    return { cpus: this.freeMilliCpus / MILLI, memoryBytes: this.freeMemory, gpus: [...this.freeGpus] };
  }
}

/**
 * Why `need` could never start even on an idle machine (more CPUs, memory or GPUs than the capacity
 * holds), in words; undefined when it fits an idle machine.
 */
export function neverFitsReason(
  need: ResourceNeed,
  capacity: Capacity,
  describeMemory: (bytes: number) => string,
): string | undefined {
  const reasons: string[] = [];
  if (milliCpus(need.cpus) > milliCpus(capacity.cpus)) {
    reasons.push(`${need.cpus} CPUs but there are ${capacity.cpus} (${capacity.sources.cpus})`);
  }
  if (need.memoryBytes > capacity.memoryBytes) {
    reasons.push(
      `${describeMemory(need.memoryBytes)} of memory but ${describeMemory(capacity.memoryBytes)} is available ` +
        `(${capacity.sources.memory})`,
    );
  }
  if (need.gpus > capacity.gpus.length) {
    const devices =
      capacity.gpus.length === 0 ? 'none' : `${capacity.gpus.length} (${capacity.gpus.join(',')})`;
    reasons.push(
      `${need.gpus} GPU${need.gpus === 1 ? '' : 's'} but there are ${devices} (${capacity.sources.gpus})`,
    );
  }
  return reasons.length > 0 ? reasons.join('; ') : undefined;
}

/**
 * The most of `needs` that can hold their resources at the same time on an idle machine of `capacity`: for
 * each of CPUs, memory and GPUs, how many of the smallest needs add up within the capacity; the least of the
 * three. An upper bound the ledger can never exceed (same thousandths of a CPU as `fits`), exact when the
 * jobs ask alike; what `max_workers: auto` resolves to. O(n log n).
 */
export function mostAtOnce(
  needs: readonly ResourceNeed[],
  capacity: Pick<Capacity, 'cpus' | 'memoryBytes' | 'gpus'>,
): number {
  const countWithin = (sizes: number[], room: number): number => {
    sizes.sort((a, b) => a - b);
    let used = 0;
    let count = 0;
    for (const size of sizes) {
      if (used + size > room) break;
      used += size;
      count++;
    }
    return count;
  };
  return Math.min(
    countWithin(
      needs.map((need) => milliCpus(need.cpus)),
      milliCpus(capacity.cpus),
    ),
    countWithin(
      needs.map((need) => need.memoryBytes),
      capacity.memoryBytes,
    ),
    countWithin(
      needs.map((need) => need.gpus),
      capacity.gpus.length,
    ),
  );
}
