import pRetry, { AbortError } from 'p-retry';
import type { Logger } from '../model/types.js';
import { WEBHOOK_MAX_RETRY_AFTER_MS, WEBHOOK_RETRIES, WEBHOOK_TIMEOUT_MS } from '../plan/defaults.js';
import type { NotificationPayload } from './notification.js';

/** What the POST answered: a status and a header lookup (a fetch Response fits). */
export interface WebhookResponse {
  status: number;
  headers: { get(name: string): string | null };
}

/** Sends one JSON POST; rejects on a connection error or when `signal` aborts. */
export type WebhookPost = (url: string, body: string, signal: AbortSignal) => Promise<WebhookResponse>;

/** The real POST: fetch, JSON, no redirect followed (a redirect would send the payload elsewhere). */
export const fetchPost: WebhookPost = async (url, body, signal) => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    signal,
    redirect: 'manual',
  });
  // The body is not needed; reading it releases the connection.
  await response.arrayBuffer().catch(() => undefined);
  return response;
};

export interface DeliverOptions {
  logger: Logger;
  post?: WebhookPost;
  timeoutMs?: number;
  retries?: number;
  /** First pause before a retry without Retry-After; doubled each time (default 1 s). */
  retryDelayMs?: number;
  maxRetryAfterMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface DeliveryOutcome {
  delivered: boolean;
  /** POSTs sent. */
  attempts: number;
  /** HTTP status of the last answer, when there was one. */
  status?: number;
}

class WebhookError extends Error {
  override name = 'WebhookError';
}

/**
 * POSTs the notification once, retried on a 5xx or 429 answer, a connection error or a timeout
 * (`retries` times; a Retry-After up to `maxRetryAfterMs` is honoured, a longer one gives up). Any
 * other answer (a 404 of a deleted webhook, a 400) is final. Never throws: an undelivered notification
 * is a warning. Messages never contain the URL (a credential); they call it "the notification webhook".
 */
export async function deliverWebhook(
  url: string,
  payload: NotificationPayload,
  opts: DeliverOptions,
): Promise<DeliveryOutcome> {
  const post = opts.post ?? fetchPost;
  const timeoutMs = opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const retries = opts.retries ?? WEBHOOK_RETRIES;
  const maxRetryAfterMs = opts.maxRetryAfterMs ?? WEBHOOK_MAX_RETRY_AFTER_MS;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const body = JSON.stringify(payload);
  let attempts = 0;
  let status: number | undefined;
  const attempt = async (): Promise<void> => {
    attempts += 1;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let response: WebhookResponse;
    try {
      response = await post(url, body, controller.signal);
    } catch (error) {
      if (controller.signal.aborted) throw new WebhookError(`no answer within ${timeoutMs / 1000} s`);
      throw new WebhookError(`the connection failed (${describeCause(error)})`);
    } finally {
      clearTimeout(timer);
    }
    status = response.status;
    if (status >= 200 && status < 300) return;
    const failure = new WebhookError(`HTTP ${status}`);
    if (status !== 429 && status < 500) throw new AbortError(failure);
    const wait = retryAfterMs(response.headers.get('retry-after'));
    if (wait !== undefined && wait > maxRetryAfterMs)
      throw new AbortError(
        new WebhookError(`HTTP ${status} asking to retry after ${Math.round(wait / 1000)} s`),
      );
    if (wait !== undefined && attempts <= retries) await sleep(wait);
    throw failure;
  };
  try {
    await pRetry(attempt, {
      retries,
      minTimeout: opts.retryDelayMs ?? 1000,
      factor: 2,
      randomize: false,
      // A connection error is a TypeError in fetch; ours is always a WebhookError, so every one counts.
      shouldRetry: ({ error }) => error instanceof WebhookError,
    });
    opts.logger.info(`Notification sent (${attempts} attempt${attempts === 1 ? '' : 's'}).`);
    return { delivered: true, attempts, status };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    opts.logger.warn(
      `The notification could not be delivered to the notification webhook after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${reason}. The run's result is unchanged.`,
    );
    return { delivered: false, attempts, status };
  }
}

/** Retry-After in ms: seconds, or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^[0-9]+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A connection error's code (ECONNREFUSED…), never the URL. */
function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : 'network error';
}
