import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../src/model/types.js';
import { parseNotifySettings } from '../../src/plan/notify-settings.js';
import { buildNotification, NOTIFICATION_MAX_CHARS, shouldNotify } from '../../src/report/notification.js';
import { Redactor } from '../../src/report/redact.js';
import type { Summary } from '../../src/report/summary.js';
import { retryAfterMs } from '../../src/report/webhook.js';
import { makeSummary, manyJobs } from './fixtures.js';

describe('shouldNotify', () => {
  it.each([
    ['always', 'success', undefined, true],
    ['always', 'failure', undefined, true],
    ['failure', 'success', undefined, false],
    ['failure', 'partial_success', undefined, false],
    ['failure', 'failure', undefined, true],
    ['failure', 'cancelled', undefined, true],
    ['change', 'success', 'success', false],
    ['change', 'success', 'failure', true],
    ['change', 'failure', 'success', true],
    ['change', 'failure', 'failure', false],
    ['change', 'failure', undefined, true],
    ['change', 'success', undefined, false],
  ] as const)('%s, status %s, baseline %s → %s', (on, status, baseline, expected) => {
    expect(shouldNotify(on, status, baseline)).toBe(expected);
  });
});

describe('buildNotification', () => {
  it('lists the biggest regressions (largest relative first) and escapes mrkdwn in names', () => {
    const base = makeSummary({
      status: 'failure',
      jobs: [{ id: 'a<b>&c' }, { id: 'train_b', status: 'failed' }],
    });
    const summary = {
      ...base,
      jobs: base.jobs.map((job, i) => ({
        ...job,
        comparison: [
          {
            metric: 'accuracy',
            value: 0.5,
            baseline: 0.9,
            delta: -0.4,
            relative: -0.4 / 0.9,
            better: 'higher',
            tolerance: 0,
            verdict: i === 0 ? 'regressed' : 'unchanged',
          },
          {
            metric: 'loss',
            value: 0.33,
            baseline: 0.3,
            delta: 0.03,
            relative: 0.1,
            better: 'lower',
            tolerance: 0,
            verdict: 'regressed',
          },
        ],
      })),
    } as Summary;
    const { text } = buildNotification(summary, {
      redactor: new Redactor([]),
      runUrl: 'https://github.com/o/r/actions/runs/1',
    });
    const lines = text.split('\n');
    const first = lines.indexOf('Biggest regressions against the baseline:');
    expect(lines[first + 1]).toBe('• a&lt;b&gt;&amp;c accuracy: 0.5 (baseline 0.9, -0.4 (-44.4%))');
    expect(lines[first + 2]).toMatch(/^• a&lt;b&gt;&amp;c loss: 0.33/);
    expect(text).toContain('Failed: train_b (failed).');
    expect(text.endsWith('<https://github.com/o/r/actions/runs/1|View the run>')).toBe(true);
  });

  it('stays under the bound with many failed jobs, link kept, secrets in metric names masked', () => {
    const secret = 'sekrit-value-123';
    const base = makeSummary({ status: 'failure', jobs: manyJobs(300, { status: 'failed' }) });
    const summary = {
      ...base,
      jobs: base.jobs.map((job) => ({
        ...job,
        comparison: [
          {
            metric: `${secret}_acc`,
            value: 0.5,
            baseline: 0.9,
            delta: -0.4,
            relative: -0.44,
            better: 'higher',
            tolerance: 0,
            verdict: 'regressed',
          },
        ],
      })),
    } as Summary;
    const { text } = buildNotification(summary, {
      redactor: new Redactor([secret]),
      runUrl: 'https://github.com/o/r/actions/runs/1',
    });
    expect(text.length).toBeLessThanOrEqual(NOTIFICATION_MAX_CHARS);
    expect(text).not.toContain(secret);
    expect(text).toContain('***_acc');
    expect(text).toContain('and 290 more');
    expect(text.endsWith('|View the run>')).toBe(true);
  });
});

describe('parseNotifySettings', () => {
  it('defaults to failure, no webhook', () => {
    expect(parseNotifySettings({})).toEqual({ webhook: undefined, on: 'failure' });
  });
  it('accepts http(s) URLs and the three values in any case', () => {
    expect(
      parseNotifySettings({ notify_webhook: 'https://hooks.slack.com/services/x', notify_on: 'Change' }),
    ).toEqual({
      webhook: 'https://hooks.slack.com/services/x',
      on: 'change',
    });
  });
  it.each(['ftp://x/y', 'not a url', 'hooks.slack.com/services/T/B/C'])(
    'refuses %s without repeating it',
    (value) => {
      let error: unknown;
      try {
        parseNotifySettings({ notify_webhook: value });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toMatch(/Invalid notify_webhook: expected an https:\/\//);
      expect((error as Error).message).not.toContain(value);
    },
  );
  it('refuses an unknown notify_on, naming the flag the CLI gave', () => {
    expect(() =>
      parseNotifySettings({ notify_on: 'sometimes' }, { webhook: '--notify-webhook', on: '--notify-on' }),
    ).toThrow(
      "Invalid --notify-on 'sometimes'. Expected one of: always, failure, change (empty means failure).",
    );
  });
});

describe('retryAfterMs', () => {
  it.each([
    [null, undefined],
    ['', undefined],
    ['3', 3000],
    ['soon', undefined],
  ])('%s → %s', (value, expected) => expect(retryAfterMs(value)).toBe(expected));
  it('reads an HTTP date', () => {
    expect(retryAfterMs('Thu, 03 Dec 2026 08:00:05 GMT', Date.parse('2026-12-03T08:00:00Z'))).toBe(5000);
  });
});
