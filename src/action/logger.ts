import type { Logger } from '../model/types.js';
import { formatDebugLines } from '../report/console.js';
import type { Redactor } from '../report/redact.js';
import { commandSafeText } from '../plan/workflow-commands.js';

/** The `@actions/core` functions the logger writes through (tests pass a recorder). */
export interface CoreLog {
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}

/**
 * The core's Logger on top of `@actions/core`. GitHub shows `core.debug` lines only when the run has
 * step debug logging on (`ACTIONS_STEP_DEBUG`), which a user cannot switch per step from a workflow
 * input; so with `verbose: true` debug messages are printed as ordinary lines prefixed `debug: ` (as the CLI's), and
 * without it they go to `core.debug` (visible with step debug logging). Every message is redacted:
 * GitHub masks the values registered with setSecret, this also covers what it cannot know. Every
 * message is then made command-safe (see commandSafeText): a name it quotes cannot start a workflow command.
 */
export function createActionLogger(log: CoreLog, opts: { verbose: boolean; redactor: Redactor }): Logger {
  const clean = (message: string): string => commandSafeText(opts.redactor.redact(message));
  return {
    info: (message) => log.info(clean(message)),
    warn: (message) => log.warning(clean(message)),
    error: (message) => log.error(clean(message)),
    debug: (message) =>
      opts.verbose ? log.info(formatDebugLines(clean(message))) : log.debug(clean(message)),
  };
}
