import os from 'node:os';

/**
 * Turns SIGINT/SIGTERM (and, for the CLI, SIGHUP) into an AbortSignal. GitHub sends SIGINT to the action's process, then SIGTERM
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

/**
 * The exit code of a run cancelled by `signal`, by the shell convention 128 + the signal's number:
 * 129 for SIGHUP, 130 for SIGINT, 143 for SIGTERM, so a calling script can tell what stopped the run as
 * if the process had died of the signal. Without a known signal (cancelled some other way): 130, as SIGINT.
 */
export function exitCodeForSignal(signal: NodeJS.Signals | undefined): number {
  return 128 + (os.constants.signals[signal ?? 'SIGINT'] ?? os.constants.signals.SIGINT);
}
