import { MAX_TIMEOUT_MINUTES, MIN_TIMEOUT_MINUTES } from './defaults.js';

/**
 * One rule for a timeout in minutes, wherever it comes from (the `timeout_minutes` input, the CLI flag,
 * the config's `timeout_minutes`): 0 means no timeout, otherwise MIN_TIMEOUT_MINUTES to
 * MAX_TIMEOUT_MINUTES. Anything else would either fire at once (beyond 2^31-1 ms) or silently become
 * "no timeout" (below a millisecond), so it is refused with this text.
 */
export const TIMEOUT_MINUTES_EXPECTED = `Expected 0 (no timeout) or minutes from ${MIN_TIMEOUT_MINUTES} to ${MAX_TIMEOUT_MINUTES}, decimals allowed`;

/** Whether `minutes` is a timeout the runner can enforce exactly as written (see TIMEOUT_MINUTES_EXPECTED). */
export function isAcceptedTimeoutMinutes(minutes: number): boolean {
  return minutes === 0 || (minutes >= MIN_TIMEOUT_MINUTES && minutes <= MAX_TIMEOUT_MINUTES);
}
