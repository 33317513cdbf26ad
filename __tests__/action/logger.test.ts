import { createActionLogger, type CoreLog } from '../../src/action/logger.js';
import { Redactor } from '../../src/report/redact.js';

function recorder(): { log: CoreLog; calls: Array<[string, string]> } {
  const calls: Array<[string, string]> = [];
  return {
    calls,
    log: {
      info: (m) => calls.push(['info', m]),
      warning: (m) => calls.push(['warning', m]),
      error: (m) => calls.push(['error', m]),
      debug: (m) => calls.push(['debug', m]),
    },
  };
}

test('each level goes to its core function, redacted', () => {
  const { log, calls } = recorder();
  const logger = createActionLogger(log, { verbose: false, redactor: new Redactor(['t0ken']) });
  logger.info('info t0ken');
  logger.warn('warn');
  logger.error('error');
  logger.debug('debug t0ken');
  expect(calls).toEqual([
    ['info', 'info ***'],
    ['warning', 'warn'],
    ['error', 'error'],
    ['debug', 'debug ***'],
  ]);
});

test('with verbose, debug messages are visible lines, each prefixed debug: (as the CLI prints them)', () => {
  const { log, calls } = recorder();
  const logger = createActionLogger(log, { verbose: true, redactor: new Redactor([]) });
  logger.debug('resolved settings:\n  parallel: true');
  expect(calls).toEqual([['info', 'debug: resolved settings:\ndebug:   parallel: true']]);
});
