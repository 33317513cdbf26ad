import path from 'node:path';
import { runCli } from '../../src/cli/main.js';
import { parseConfig } from '../../src/plan/config.js';
import { MAX_TIMEOUT_MINUTES, MIN_TIMEOUT_MINUTES } from '../../src/plan/defaults.js';
import { parseSettings } from '../../src/plan/settings.js';
import { timeoutMsFor } from '../../src/run/run-job.js';
import { inputError, syncInputError, tempDir } from './helpers.js';

/**
 * One class: a timeout the timer cannot hold as written. Below a millisecond it would become 0 ("no
 * timeout"); beyond 2^31-1 ms setTimeout fires at once. Every source of a timeout (the action input, the
 * CLI flag — both through parseSettings —, the config's per-job and default key) accepts the same range
 * and refuses the rest with an error naming where it came from.
 */
const workspace = tempDir();
const underflow = `0.${'0'.repeat(400)}1`;

describe('timeout_minutes input (the action input and --timeout-minutes)', () => {
  const parse = (value: string): number =>
    parseSettings({ timeout_minutes: value }, { workspace }).timeoutMinutes;

  test.each<[string, number]>([
    ['', 0],
    ['0', 0],
    ['0.0', 0],
    ['000', 0],
    [String(MIN_TIMEOUT_MINUTES), MIN_TIMEOUT_MINUTES],
    ['0.5', 0.5],
    ['30', 30],
    [String(MAX_TIMEOUT_MINUTES), MAX_TIMEOUT_MINUTES],
  ])('%p is accepted as %p', (value, minutes) => {
    expect(parse(value)).toBe(minutes);
  });

  test.each([
    ['tiny', '0.001'],
    ['tiny', '0.00001'],
    ['tiny', '0.009'],
    ['underflows to 0', underflow],
    ['huge', String(MAX_TIMEOUT_MINUTES + 1)],
    ['huge', '99999999'],
    ['huge', '1' + '0'.repeat(400)],
    ['negative', '-1'],
    ['negative', '-0.5'],
    ['NaN-ish', 'NaN'],
    ['NaN-ish', 'Infinity'],
    ['NaN-ish', 'abc'],
    ['NaN-ish', '1,5'],
    ['NaN-ish', '0x10'],
    ['exponent', '1e-9'],
    ['exponent', '1e2'],
  ])('%s %p is refused, naming the input and the range', (_kind, value) => {
    const error = syncInputError(() => parse(value));
    expect(error.where).toBe('timeout_minutes');
    expect(error.message).toMatch(/^Invalid timeout_minutes /);
    expect(error.message).toContain(`from ${MIN_TIMEOUT_MINUTES} to ${MAX_TIMEOUT_MINUTES}`);
  });
});

describe('--timeout-minutes (the CLI flag): refused before any job starts, naming the flag', () => {
  test.each(['0.001', underflow, '1e-9', String(MAX_TIMEOUT_MINUTES + 1), '-1', 'NaN', '0x10'])(
    '%p',
    async (value) => {
      let err = '';
      const code = await runCli(['--dry-run', '--timeout-minutes', value], {
        out: () => {},
        err: (text) => void (err += text),
        env: {},
        cwd: workspace,
        isTTY: false,
      });
      expect(code).toBe(2);
      expect(err).toMatch(/^error: Invalid --timeout-minutes '/);
      expect(err).toContain(`from ${MIN_TIMEOUT_MINUTES} to ${MAX_TIMEOUT_MINUTES}`);
    },
  );
});

describe("the config's timeout_minutes (per job and in defaults)", () => {
  const parse = (where: 'job' | 'defaults', value: string) =>
    parseConfig(
      where === 'job'
        ? `jobs:\n  a:\n    command: [x]\n    timeout_minutes: ${value}\n`
        : `defaults:\n  timeout_minutes: ${value}\njobs:\n  a:\n    command: [x]\n`,
      { path: path.join(workspace, 'jobs.yml'), file: 'jobs.yml' },
      workspace,
    );

  test.each<[string, number]>([
    ['0', 0],
    ['0.01', 0.01],
    ['1.5', 1.5],
    ['1e1', 10],
    [String(MAX_TIMEOUT_MINUTES), MAX_TIMEOUT_MINUTES],
  ])('%p is accepted as %p', async (value, minutes) => {
    expect((await parse('job', value)).jobs[0].timeoutMinutes).toBe(minutes);
    expect((await parse('defaults', value)).defaults.timeoutMinutes).toBe(minutes);
  });

  test.each([
    ['tiny', '0.001'],
    ['tiny', '0.00001'],
    ['exponent', '1e-9'],
    ['underflows to 0', '1e-310'],
    ['huge', String(MAX_TIMEOUT_MINUTES + 1)],
    ['huge', '1e9'],
    ['huge', '.inf'],
    ['negative', '-1'],
    ['negative', '-1e-9'],
    ['NaN-ish', '.nan'],
    ['NaN-ish', "'5'"],
    ['NaN-ish', 'five'],
  ])('%s %p is refused at its line', async (_kind, value) => {
    for (const where of ['job', 'defaults'] as const) {
      const error = await inputError(() => parse(where, value));
      expect(error.where).toMatch(/^jobs\.yml:\d+$/);
      expect(error.message).toContain('timeout_minutes');
    }
  });
});

describe('the runner never turns a positive timeout into none, nor into one that fires at once', () => {
  test.each<[number, number]>([
    [0, 0],
    [-1, 0],
    [NaN, 0],
    [1e-310, 1],
    [1e-9, 1],
    [0.00001, 1],
    [0.01, 600],
    [0.5, 30_000],
    [MAX_TIMEOUT_MINUTES, MAX_TIMEOUT_MINUTES * 60_000],
    [1e9, 2 ** 31 - 1],
    [Infinity, 2 ** 31 - 1],
  ])('%p minutes is a %p ms timer', (minutes, ms) => {
    expect(timeoutMsFor(minutes)).toBe(ms);
  });
});
