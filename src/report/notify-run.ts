import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../model/types.js';
import type { NotifySettings } from '../plan/notify-settings.js';
import { buildNotification, shouldNotify } from './notification.js';
import type { Redactor } from './redact.js';
import type { Summary } from './summary.js';
import { deliverWebhook, type DeliveryOutcome, type WebhookPost } from './webhook.js';

export interface NotifyRunDeps {
  logger: Logger;
  redactor: Redactor;
  /** Where a relative baseline path in the summary starts. */
  workingDirectory: string;
  runUrl?: string;
  repository?: string;
  post?: WebhookPost;
  retryDelayMs?: number;
  timeoutMs?: number;
}

/**
 * Sends the run's one notification when a webhook is set and `notify_on` says so; returns what
 * happened, or undefined when nothing was sent. Never throws.
 */
export async function notifyRun(
  summary: Summary,
  settings: NotifySettings,
  deps: NotifyRunDeps,
): Promise<DeliveryOutcome | undefined> {
  if (!settings.webhook) return undefined;
  const baselineStatus = await readBaselineStatus(summary, deps.workingDirectory);
  if (!shouldNotify(settings.on, summary.status, baselineStatus)) {
    deps.logger.debug(`notify_on ${settings.on}: no notification for a run with status ${summary.status}.`);
    return undefined;
  }
  const payload = buildNotification(summary, {
    redactor: deps.redactor,
    runUrl: deps.runUrl,
    repository: deps.repository,
    baselineStatus,
  });
  return deliverWebhook(settings.webhook, payload, {
    logger: deps.logger,
    post: deps.post,
    retryDelayMs: deps.retryDelayMs,
    timeoutMs: deps.timeoutMs,
  });
}

/** The `status` of the summary this run was compared with (summary.baseline.path), or undefined. */
export async function readBaselineStatus(
  summary: Summary,
  workingDirectory: string,
): Promise<string | undefined> {
  const baseline = (summary as { baseline?: { path?: unknown } | null }).baseline;
  if (!baseline || typeof baseline.path !== 'string' || baseline.path === '') return undefined;
  try {
    const text = await fsp.readFile(path.resolve(workingDirectory, baseline.path), 'utf8');
    const status = (JSON.parse(text) as { status?: unknown }).status;
    return typeof status === 'string' ? status : undefined;
  } catch {
    return undefined;
  }
}
