import type { RunEvent } from '../run/types.js';
import { formatJobEnd, formatJobStart } from '../report/console.js';

export interface Terminal {
  out(text: string): void;
  err(text: string): void;
}

/**
 * Prints run events for a terminal. Sequential jobs stream their output as is between their start and
 * end lines; in parallel every line carries a `[id]` prefix so interleaved jobs stay readable.
 */
export function createEventRenderer(
  terminal: Terminal,
  opts: { parallel: boolean; color: boolean },
): (event: RunEvent) => void {
  return (event) => {
    switch (event.type) {
      case 'job-start':
        terminal.out(`${formatJobStart(event.job, event.attempt, event.index, event.total)}\n`);
        break;
      case 'job-output':
        // Events carry whole lines without the final newline.
        terminal.out(`${opts.parallel ? prefixLines(event.text, `[${event.job.id}] `) : event.text}\n`);
        break;
      case 'job-retry':
        terminal.out(
          `  ↻ ${event.job.id}: ${event.reason}; retrying in ${(event.delayMs / 1000).toFixed(1)}s\n`,
        );
        break;
      case 'job-end':
        terminal.out(
          `${formatJobEnd(event.result, event.job, event.index, event.total, { color: opts.color })}\n`,
        );
        break;
      case 'run-cancelled':
        terminal.err(`Cancelling: ${event.reason}. No new job starts; running jobs are being stopped.\n`);
        break;
      default:
        break;
    }
  };
}

export function prefixLines(text: string, prefix: string): string {
  if (text.length === 0) return text;
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  return `${prefix}${body.split('\n').join(`\n${prefix}`)}${text.endsWith('\n') ? '\n' : ''}`;
}
