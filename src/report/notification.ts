import { RUN_WORD } from './run-status-words.js';
import type { RunStatus } from '../model/types.js';
import type { NotifyOn } from '../plan/notify-settings.js';
import { biggestRegressions, formatChange } from './comparison-view.js';
import { formatDuration } from './duration.js';
import { cleanLine } from './escape.js';
import { formatMetricValue } from './metrics.js';
import { isFailureStatus } from './outcome.js';
import { safeUrl } from './pr-comment.js';
import type { Redactor } from './redact.js';
import type { Summary } from './summary.js';

/** Slack shows a message's `text` whole up to about this many characters; longer is cut with a note. */
export const NOTIFICATION_MAX_CHARS = 3000;
/** Failed job ids and regressions listed at most. */
const MAX_LISTED = 10;
const MAX_REGRESSIONS = 5;

/** The body of the webhook POST: Slack's (and Mattermost's, Rocket.Chat's, Teams' Slack-compatible) `text`. */
export interface NotificationPayload {
  text: string;
}

const BAD_STATUSES: readonly RunStatus[] = ['failure', 'cancelled'];

/**
 * Whether this run sends its notification:
 * - `always`: every run;
 * - `failure`: a run whose status is `failure` or `cancelled` (a partial success passes, as it does for the step);
 * - `change`: a run whose status differs from the baseline summary's status; without a known baseline
 *   status, like `failure` (a first failure is news, a first success is not).
 */
export function shouldNotify(on: NotifyOn, status: RunStatus, baselineStatus: string | undefined): boolean {
  if (on === 'always') return true;
  if (on === 'change' && baselineStatus !== undefined) return status !== baselineStatus;
  return BAD_STATUSES.includes(status);
}

/**
 * The notification of a run: status, counts, duration, the failed jobs, the biggest regressions against
 * the baseline (when the summary has a comparison) and a link to the run. Slack's `mrkdwn` control
 * characters (`&`, `<`, `>`) in job ids and metric names are escaped, so nothing a job is named can
 * forge a link or a mention. At most NOTIFICATION_MAX_CHARS characters. What jobs wrote (metric names)
 * is masked where it is placed; the message's own words and links are not passed through the redactor.
 */
export function buildNotification(
  summary: Summary,
  opts: { redactor: Redactor; runUrl?: string; repository?: string; baselineStatus?: string },
): NotificationPayload {
  const c = summary.counts;
  const failedCount = c.failed + c.timed_out + c.cancelled;
  const where = opts.repository ? ` in ${slack(opts.repository)}` : '';
  const lines = [
    `${EMOJI[summary.status]} *Training ${RUN_WORD[summary.status]}*${where}: ${c.succeeded} of ${c.total} job${c.total === 1 ? '' : 's'} succeeded, ${failedCount} failed, took ${formatDuration(summary.duration_seconds)}.`,
  ];
  if (opts.baselineStatus !== undefined && opts.baselineStatus !== summary.status)
    lines.push(`Status changed from ${slack(opts.baselineStatus)} (baseline) to ${summary.status}.`);
  const failed = summary.jobs.filter((job) => isFailureStatus(job.status));
  if (failed.length > 0) {
    const listed = failed
      .slice(0, MAX_LISTED)
      .map((job) => `${slack(job.id)} (${job.status}${job.optional ? ', optional' : ''})`);
    const more = failed.length - listed.length;
    lines.push(`Failed: ${listed.join(', ')}${more > 0 ? ` and ${more} more` : ''}.`);
  }
  const regressions = biggestRegressions(summary, MAX_REGRESSIONS);
  if (regressions.length > 0) {
    lines.push('Biggest regressions against the baseline:');
    for (const row of regressions)
      lines.push(
        `• ${slack(row.job)} ${slack(opts.redactor.redact(row.metric))}: ${num(row.value)} (baseline ${num(row.baseline)}, ${formatChange(row)})`,
      );
  }
  const url = safeUrl(opts.runUrl ?? provenanceRunUrl(summary));
  if (url) lines.push(`<${url}|View the run>`);
  let text = lines.join('\n');
  if (text.length > NOTIFICATION_MAX_CHARS) {
    const link = url ? `\n<${url}|View the run>` : '';
    text = `${text.slice(0, NOTIFICATION_MAX_CHARS - link.length - 2)}…${link}`;
  }
  return { text };
}

/** Slack's mrkdwn escaping (only these three), on a cleaned single line. */
function slack(text: string): string {
  return cleanLine(text.replace(/\r?\n/g, ' '), 200)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function num(value: number | null): string {
  return typeof value === 'number' && Number.isFinite(value) ? formatMetricValue(value) : '—';
}

function provenanceRunUrl(summary: Summary): string | undefined {
  const url = (summary as { provenance?: { run_url?: unknown } }).provenance?.run_url;
  return typeof url === 'string' ? url : undefined;
}

const EMOJI: Record<RunStatus, string> = {
  success: ':white_check_mark:',
  partial_success: ':warning:',
  failure: ':x:',
  cancelled: ':no_entry_sign:',
};
