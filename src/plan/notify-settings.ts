import { InputError } from '../model/types.js';
import { DEFAULT_NOTIFY_ON } from './defaults.js';
import { presentValue, quoteValue } from './input-values.js';

export const NOTIFY_ON_VALUES = ['always', 'failure', 'change'] as const;
export type NotifyOn = (typeof NOTIFY_ON_VALUES)[number];

/** Where and when to send the one notification of a run. */
export interface NotifySettings {
  /** A Slack-compatible incoming-webhook URL; a secret (masked, redacted, never in the summary). */
  webhook: string | undefined;
  /** `always`, `failure` (default: the run failed or was cancelled), `change` (status differs from the baseline's). */
  on: NotifyOn;
}

/**
 * Reads `notify_webhook` and `notify_on` (the CLI passes `--notify-webhook`/`--notify-on` under the
 * same names). The webhook must be an http(s) URL; an error about it never repeats the value, which is
 * a credential. `names` lets the CLI name its flags in errors.
 */
export function parseNotifySettings(
  raw: { notify_webhook?: string; notify_on?: string },
  names: { webhook: string; on: string } = { webhook: 'notify_webhook', on: 'notify_on' },
): NotifySettings {
  const webhook = presentValue(raw.notify_webhook);
  if (webhook !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(webhook);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || /\s/.test(webhook)) {
      throw new InputError(
        names.webhook,
        `Invalid ${names.webhook}: expected an https:// (or http://) incoming-webhook URL. The value is not shown: it is treated as a secret.`,
      );
    }
  }
  const onValue = (presentValue(raw.notify_on) ?? DEFAULT_NOTIFY_ON).toLowerCase();
  if (!(NOTIFY_ON_VALUES as readonly string[]).includes(onValue)) {
    throw new InputError(
      names.on,
      `Invalid ${names.on} ${quoteValue(raw.notify_on ?? '')}. Expected one of: ${NOTIFY_ON_VALUES.join(', ')} (empty means ${DEFAULT_NOTIFY_ON}).`,
    );
  }
  return { webhook, on: onValue as NotifyOn };
}
