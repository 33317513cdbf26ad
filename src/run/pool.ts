/**
 * Runs `task` for each item, at most `workers` at a time, in the order given; a finished task starts the next at
 * once. `canStart` is asked before each start: once it says no, nothing new starts and the pool settles when the
 * running tasks do.
 *
 * A task that rejects is an orchestrator fault: `onFault` is told at once (to stop the others), nothing new
 * starts, and the pool rejects with the first error after the running tasks settle.
 */
export function runPool<T>(
  items: readonly T[],
  workers: number,
  task: (item: T) => Promise<void>,
  options: { canStart: () => boolean; onFault?: (error: unknown) => void },
): Promise<void> {
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
