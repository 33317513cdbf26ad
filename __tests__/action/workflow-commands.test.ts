/**
 * Repository text can never start a workflow command in what the action prints (issue 10). The real
 * renderers and loggers print through the real @actions/core into a captured stdout; random names
 * (line breaks of every kind, `::…::`, `##[…]`, `%0A`) go into every place the orchestrator quotes them.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import fc from 'fast-check';
import { createActionEventRenderer, dryRunLine } from '../../src/action/console.js';
import { createActionLogger } from '../../src/action/logger.js';
import { createSafeCore, safeActionLog, type CorePrinter } from '../../src/action/safe-core.js';
import type { PlannedJob } from '../../src/model/types.js';
import { parseBooleanInput } from '../../src/plan/input-values.js';
import { buildAnnotations } from '../../src/report/annotations.js';
import { formatFinalTable, formatJobList } from '../../src/report/console.js';
import { Redactor } from '../../src/report/redact.js';
import { commandSafeText, isWorkflowCommandLine, physicalLines } from '../../src/plan/workflow-commands.js';
import { makeJob, makePlan, makeResult, makeSummary } from '../report/fixtures.js';

/** Every payload puts INJECTED right after the command, so a smuggled command is recognisable. */
const PAYLOADS = [
  '::warning::INJECTED',
  '::error title=x::INJECTED',
  '::add-mask::INJECTED',
  '::set-env name=X::INJECTED',
  '::set-output name=status::INJECTED',
  '::stop-commands::INJECTED',
  '::group::INJECTED',
  '::endgroup::INJECTED',
  '##[add-mask]INJECTED',
  '##[set-output name=status;]INJECTED',
  '##[group]INJECTED',
];
const BREAKS = ['\n', '\r', '\r\n', '\u000b', '\u000c', '\u0085', '\u2028', '\u2029', '%0A', '%0D', '%25'];

const nasty = fc
  .array(
    fc.oneof(
      fc.constantFrom(...PAYLOADS),
      fc.constantFrom(...BREAKS),
      fc.constantFrom(' ', '\t', '\u00a0', '\u3000', '\u001b[31m', '::', '##', '[', 'é', '模型'),
      fc.string({ unit: 'grapheme', maxLength: 4 }),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((parts) => parts.join(''));

/** Commands the action means to issue itself. */
const INTENDED = new Set(['group', 'endgroup', 'warning', 'error', 'debug']);

/**
 * A printed line that smuggles a command: one the runner would act on that the action did not mean. The
 * runner tries the `::name …::data` form first and the legacy `##[name]` form (anywhere in the line) only
 * when that fails, so `##[` inside the data of one of the action's own commands is inert.
 */
function smuggled(line: string): string | undefined {
  const match = /^::([^\s:]+)(?: [^:]*)?::(.*)$/su.exec(line);
  if (match && INTENDED.has(match[1]))
    return match[2].startsWith('INJECTED') ? 'a command whose data is a payload' : undefined;
  if (line.includes('##[')) return 'legacy ##[ command';
  if (!isWorkflowCommandLine(line)) return undefined;
  if (!match) return 'a line starting with :: that is not one of the action commands';
  return `command ${match[1]}`;
}

/** Captures stdout while `fn` runs, through the real @actions/core. */
function captureStdout(fn: () => void): string {
  const chunks: string[] = [];
  const original = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stdout.write;
  const exitCode = process.exitCode;
  try {
    fn();
  } finally {
    process.stdout.write = original;
    process.exitCode = exitCode;
  }
  return chunks.join('');
}

function expectNoSmuggledCommand(stdout: string): void {
  for (const line of physicalLines(stdout)) {
    const problem = smuggled(line);
    if (problem) throw new Error(`${problem} in printed line ${JSON.stringify(line)}`);
  }
}

const realCore: CorePrinter = core;

function printEverything(names: string[], parallel: boolean, verbose: boolean): void {
  const [a, b, c, d, e] = names;
  const out = createSafeCore(realCore);
  const jobs: PlannedJob[] = [
    makeJob(a, { script: `training/train_${b}.py`, logPath: `logs/${c}.log` }),
    makeJob('cmd', {
      script: undefined,
      command: [d, '--flag', e, `X=${a}`],
      cwd: `/work/repo/${c}`,
      env: { [b]: c },
    }),
  ];
  const plan = makePlan(jobs, [`Job id '${a}' is taken by ${b}`]);
  // list_only and dry_run
  out.info(formatJobList(plan).trimEnd());
  for (const job of plan.jobs) out.info(dryRunLine(job, '/work/repo'));
  // warnings, errors and debug lines through the action logger
  const logger = createActionLogger(out, { verbose, redactor: new Redactor([]) });
  for (const warning of plan.warnings) logger.warn(warning);
  logger.info(`install_requirements: skipping ${c}`);
  logger.debug(`discovery: cannot read ${d}`);
  logger.error(`Invalid config value '${e}'`);
  // a run: start and end lines, groups, retries, tails
  const renderer = createActionEventRenderer(safeActionLog(out), { parallel, verbose, tailLines: 3 });
  const failed = makeResult(a, { status: 'failed', tail: ['last line'] });
  for (const job of plan.jobs) {
    renderer.onEvent({ type: 'job-start', job, attempt: 1, index: 1, total: 2 });
    renderer.onEvent({ type: 'job-output', job, attempt: 1, text: 'plain output' });
    renderer.onEvent({ type: 'job-retry', job, attempt: 2, delayMs: 2000, reason: `exit 1 (${e})` });
    renderer.onEvent({ type: 'job-start', job, attempt: 2, index: 1, total: 2 });
    renderer.onEvent({ type: 'job-end', job, result: failed, index: 1, total: 2 });
  }
  renderer.notice(`Received SIGTERM: ${b}`);
  // the report: annotations, final table, failure
  const summary = makeSummary({
    jobs: [
      { id: a, status: 'failed', tail: [`boom ${b}`] },
      { id: b, status: 'failed', optional: true },
    ],
  });
  for (const annotation of buildAnnotations(summary)) {
    const emit = annotation.level === 'error' ? out.error : out.warning;
    emit(annotation.message, { title: annotation.title, file: `training/train_${c}.py` });
  }
  out.info(formatFinalTable(summary));
  out.setFailed(`Required jobs failed: ${a}, ${b}.`);
  out.startGroup(`pip install -r ${c}`);
  out.endGroup();
}

describe('no repository text can start a workflow command in what the action prints', () => {
  test.each([
    [false, false],
    [true, false],
    [true, true],
    [false, true],
  ])('property: parallel %p, verbose %p', (parallel, verbose) => {
    fc.assert(
      fc.property(fc.array(nasty, { minLength: 5, maxLength: 5 }), (names) => {
        expectNoSmuggledCommand(captureStdout(() => printEverything(names, parallel, verbose)));
      }),
      { numRuns: 150 },
    );
  });

  test('the check itself sees a smuggled command (the test can fail)', () => {
    const leaky = captureStdout(() => core.info(`job a\n::add-mask::INJECTED`));
    expect(() => expectNoSmuggledCommand(leaky)).toThrow(/command add-mask/);
    expect(() => expectNoSmuggledCommand('x ##[add-mask]INJECTED\n')).toThrow(/legacy/);
    expect(() => expectNoSmuggledCommand('a\u2028 ::warning::INJECTED')).toThrow(/not one of/);
    expect(() => expectNoSmuggledCommand('a\u2028::warning::INJECTED')).toThrow(/payload/);
  });

  test('a job’s own output is printed as the job wrote it (its commands are its business)', () => {
    const out = createSafeCore(realCore);
    const stdout = captureStdout(() => {
      const renderer = createActionEventRenderer(safeActionLog(out), { parallel: false, verbose: false });
      const job = makeJob('a');
      renderer.onEvent({ type: 'job-start', job, attempt: 1, index: 1, total: 1 });
      renderer.onEvent({ type: 'job-output', job, attempt: 1, text: '::notice::from the job' });
      renderer.onEvent({ type: 'job-end', job, result: makeResult('a'), index: 1, total: 1 });
    });
    expect(stdout.split('\n')).toContain('::notice::from the job');
  });

  test.each<[string, string]>([
    ['plain text stays as it is', 'plain text stays as it is'],
    ['a\n::warning::x', 'a\n\\::warning::x'],
    ['  ::add-mask::x', '  \\::add-mask::x'],
    ['name ##[add-mask]x', 'name ##\\[add-mask]x'],
    ['a\r::warning::x', 'a\\r::warning::x'],
    ['a\u2028::warning::x', 'a\\u2028::warning::x'],
    ['a\u0085b\u000bc', 'a\\x85b\\x0bc'],
    ['café 模型 🚀', 'café 模型 🚀'],
  ])('commandSafeText(%j) is %j', (text, expected) => {
    expect(commandSafeText(text)).toBe(expected);
  });
});

test('an annotation keeps its file path (only line breaks are escaped in it)', () => {
  const out = createSafeCore(realCore);
  const stdout = captureStdout(() => {
    out.error('boom', { title: 'a', file: 'training/train_##[x]:y.py' });
    out.error('boom', { title: 'b', file: 'training/train_a\n::warning::INJECTED.py' });
  });
  expect(stdout).toContain('::error title=a,file=training/train_##[x]%3Ay.py::boom');
  expect(stdout).toContain('::error title=b,file=training/train_a\\n%3A%3Awarning%3A%3AINJECTED.py::boom');
  expectNoSmuggledCommand(stdout);
});

test('property: an error quoting any value stays one line (quoteValue escapes breaks)', () => {
  fc.assert(
    fc.property(nasty, (value) => {
      let message = '';
      try {
        parseBooleanInput('verbose', `x${value}`);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(physicalLines(message)).toHaveLength(1);
    }),
    { numRuns: 300 },
  );
});

test('nothing in src/action prints except through safe-core (so every printed line passes the guard)', () => {
  const dir = path.resolve('src/action');
  const printing =
    /\bcore\.(?:info|notice|warning|error|debug|startGroup|endGroup|group|setFailed)\b|process\.stdout\.write|console\.(?:log|info|warn|error)/;
  const offenders = fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.ts') && file !== 'safe-core.ts')
    .flatMap((file) =>
      fs
        .readFileSync(path.join(dir, file), 'utf8')
        .split('\n')
        .map((line, index) => ({ where: `${file}:${index + 1}`, line: line.trim() }))
        .filter(({ line }) => !/^(?:\/\*|\*|\/\/)/.test(line) && printing.test(line)),
    );
  expect(offenders).toEqual([]);
});
