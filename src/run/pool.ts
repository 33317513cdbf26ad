/**
 * What a resource-aware pool asks about each item. `take` is called right before the item's task starts and
 * `release` once it settles (fulfilled or rejected), so what `fits` sees is always what the running tasks hold.
 */
export interface PoolResources<T> {
  /** Whether the item's request fits in what is free now. */
  fits(item: T): boolean;
  take(item: T): void;
  release(item: T): void;
}

/** How far a resource-aware pool may let later items overtake a waiting one (see runPool). */
export interface BackfillPolicy {
  /**
   * How many later items may start ahead of an item that does not fit; once that many have, nothing
   * behind it starts until it has (it waits for running tasks to free what it needs).
   */
  limit: number;
  /** How many waiting items, from the first, are looked at for a start: bounds the work of each start. */
  lookahead: number;
}

/**
 * Runs `task` for each item, at most `workers` at a time, in the order given; a finished task starts the next at
 * once. `canStart` is asked before each start: once it says no, nothing new starts and the pool settles when the
 * running tasks do.
 *
 * With `resources`, an item also starts only when its request fits in what is free. The first waiting item that
 * does not fit does not hold up the others: a later one that fits starts (backfill), but each waiting item lets
 * at most `backfill.limit` later items overtake it; after that nothing behind it starts until it fits, which it
 * does once enough running tasks end. So no item waits forever, however many small ones follow it, and
 * resources are not left idle while a big item waits for a short time. An item that does not fit even when
 * nothing runs is a fault (the caller checks requests against the capacity before the run).
 *
 * A task that rejects is an orchestrator fault: `onFault` is told at once (to stop the others), nothing new
 * starts, and the pool rejects with the first error after the running tasks settle.
 */
export function runPool<T>(
  items: readonly T[],
  workers: number,
  task: (item: T) => Promise<void>,
  options: {
    canStart: () => boolean;
    onFault?: (error: unknown) => void;
    resources?: PoolResources<T>;
    backfill?: BackfillPolicy;
  },
): Promise<void> {
  if (options.resources)
    return runResourcePool(items, workers, task, { ...options, resources: options.resources });
  const limit = Math.max(1, Math.floor(workers));
  let next = 0;
  let running = 0;
  let fault: { error: unknown } | undefined;

  return new Promise<void>((resolve, reject) => {
    const settleIfDone = () => {
      if (running > 0) return;
      if (fault) reject(fault.error);
      else resolve();
    };
    const maybeRunMore = () => {
      while (!fault && running < limit && next < items.length && options.canStart()) {
        const item = items[next++];
        running++;
        task(item).then(
          () => {
            running--;
            maybeRunMore();
          },
          (error: unknown) => {
            running--;
            if (!fault) {
              fault = { error };
              options.onFault?.(error);
            }
            maybeRunMore();
          },
        );
      }
      settleIfDone();
    };
    maybeRunMore();
  });
}

/** Defaults of the backfill policy: a big job is overtaken at most 4 times; 64 waiting jobs are looked at. */
export const DEFAULT_BACKFILL: BackfillPolicy = { limit: 4, lookahead: 64 };

function runResourcePool<T>(
  items: readonly T[],
  workers: number,
  task: (item: T) => Promise<void>,
  options: {
    canStart: () => boolean;
    onFault?: (error: unknown) => void;
    resources: PoolResources<T>;
    backfill?: BackfillPolicy;
  },
): Promise<void> {
  const limit = Math.max(1, Math.floor(workers));
  const { resources } = options;
  const backfillLimit = Math.max(0, Math.floor(options.backfill?.limit ?? DEFAULT_BACKFILL.limit));
  const lookahead = Math.max(1, Math.floor(options.backfill?.lookahead ?? DEFAULT_BACKFILL.lookahead));
  const started = new Uint8Array(items.length);
  /** Per item: how many later items started while it waited. */
  const overtaken = new Uint32Array(items.length);
  let head = 0;
  let running = 0;
  let fault: { error: unknown } | undefined;

  return new Promise<void>((resolve, reject) => {
    const settleIfDone = () => {
      if (running > 0) return;
      if (fault) reject(fault.error);
      else resolve();
    };
    const fail = (error: unknown) => {
      if (fault) return;
      fault = { error };
      options.onFault?.(error);
    };
    const start = (index: number) => {
      const item = items[index];
      started[index] = 1;
      resources.take(item);
      running++;
      let settled: Promise<void>;
      try {
        settled = task(item);
      } catch (error) {
        settled = Promise.reject(error);
      }
      settled.then(
        () => {
          running--;
          resources.release(item);
          maybeRunMore();
        },
        (error: unknown) => {
          running--;
          resources.release(item);
          fail(error);
          maybeRunMore();
        },
      );
    };
    const maybeRunMore = () => {
      while (head < items.length && started[head]) head++;
      // Waiting items seen in this pass that did not fit: each start behind them overtakes them.
      const passedOver: number[] = [];
      let seen = 0;
      for (let index = head; index < items.length && seen < lookahead; index++) {
        if (fault || running >= limit || !options.canStart()) break;
        if (started[index]) continue;
        seen++;
        if (!resources.fits(items[index])) {
          if (overtaken[index] >= backfillLimit) break; // it has waited enough: nothing behind it starts
          passedOver.push(index);
          continue;
        }
        start(index);
        let blocked = false;
        for (const waiting of passedOver) if (++overtaken[waiting] >= backfillLimit) blocked = true;
        if (blocked) break;
      }
      while (head < items.length && started[head]) head++;
      if (running === 0 && head < items.length && !fault && options.canStart()) {
        // Nothing runs and the first waiting item still does not fit: it never will.
        fail(
          new Error(
            `A job's resource request does not fit even on an idle machine (item ${head + 1} of ${items.length}).`,
          ),
        );
      }
      settleIfDone();
    };
    maybeRunMore();
  });
}
