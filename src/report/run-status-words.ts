import type { RunStatus } from '../model/types.js';

/** How every report (step summary, pull-request comment, notification) names a run's status. */
export const RUN_WORD: Record<RunStatus, string> = {
  success: 'succeeded',
  partial_success: 'partially succeeded',
  failure: 'failed',
  cancelled: 'cancelled',
};

/** The status as an emoji in Markdown (the step summary and the pull-request comment). */
export const RUN_EMOJI: Record<RunStatus, string> = {
  success: '✅',
  partial_success: '⚠️',
  failure: '❌',
  cancelled: '🚫',
};
