/**
 * Turns SIGINT/SIGTERM into an AbortSignal. GitHub sends SIGINT to the action's process, then SIGTERM
 * 7.5 s later, then kills it: the first signal starts an orderly cancellation, later ones do no harm
 * (the process must not die on the default handler before the summary is written).
 */
export interface CancelHandle {
  signal: AbortSignal;
  /** Which signal cancelled the run, if any. */
  reason(): NodeJS.Signals | undefined;
  dispose(): void;
}

export function cancelOnSignals(
  signals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'],
  onCancel?: (signal: NodeJS.Signals) => void,
): CancelHandle {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const handler = (signal: NodeJS.Signals): void => {
    if (received) return;
    received = signal;
    onCancel?.(signal);
    controller.abort(new Error(`cancelled by ${signal}`));
  };
  for (const signal of signals) process.on(signal, handler);
  return {
    signal: controller.signal,
    reason: () => received,
    dispose: () => {
      for (const signal of signals) process.off(signal, handler);
    },
  };
}
