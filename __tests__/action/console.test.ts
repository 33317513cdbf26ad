import { createActionEventRenderer, dryRunLine, type ActionLog } from '../../src/action/console.js';
import type { JobResult, PlannedJob } from '../../src/model/types.js';
import type { RunEvent } from '../../src/run/types.js';
import { makeJob, makeResult } from '../report/fixtures.js';

/** Records what reaches the log as the lines a reader would see, groups as `::group::` / `::endgroup::`. */
function recorder(): { log: ActionLog; lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    log: {
      info: (text) => lines.push(...text.split('\n')),
      startGroup: (name) => lines.push(`::group::${name}`),
      endGroup: () => lines.push('::endgroup::'),
    },
  };
}

const alpha = makeJob('alpha');
const beta = makeJob('beta', { optional: true });

function start(job: PlannedJob, index: number): RunEvent {
  return { type: 'job-start', job, attempt: 1, index, total: 2 };
}
function output(job: PlannedJob, text: string, attempt = 1): RunEvent {
  return { type: 'job-output', job, attempt, text };
}
function end(job: PlannedJob, result: JobResult, index: number): RunEvent {
  return { type: 'job-end', job, result, index, total: 2 };
}

/** Groups must be balanced and never nested: GitHub does not nest `::group::`. */
function expectBalancedGroups(lines: string[]): void {
  let open = false;
  for (const line of lines) {
    if (line.startsWith('::group::')) {
      expect(open).toBe(false);
      open = true;
    } else if (line === '::endgroup::') {
      expect(open).toBe(true);
      open = false;
    }
  }
  expect(open).toBe(false);
}

describe('sequential', () => {
  test("each job's output is inside its own group, start and end lines outside", () => {
    const { log, lines } = recorder();
    const { onEvent: render } = createActionEventRenderer(log, { parallel: false, verbose: false });
    render(start(alpha, 0));
    render(output(alpha, 'epoch 1\nepoch 2'));
    render(output(alpha, 'done'));
    render(end(alpha, makeResult('alpha'), 0));
    render(start(beta, 1));
    render(output(beta, 'boom'));
    render(end(beta, makeResult('beta', { status: 'failed', exitCode: 3 }), 1));

    expectBalancedGroups(lines);
    const groupAt = lines.indexOf('::group::alpha');
    expect(lines.slice(groupAt, groupAt + 5)).toEqual([
      '::group::alpha',
      'epoch 1',
      'epoch 2',
      'done',
      '::endgroup::',
    ]);
    expect(lines[groupAt - 1]).toMatch(/▶ alpha$/);
    expect(lines[groupAt + 5]).toMatch(/✓ alpha 1\.5s$/);
    expect(lines[lines.length - 1]).toMatch(/✗ beta exit 3 \(optional\)$/);
    expect(lines).toContain('::group::beta');
  });

  test('a retry closes the group, says why, and the next attempt gets its own group', () => {
    const { log, lines } = recorder();
    const { onEvent: render } = createActionEventRenderer(log, { parallel: false, verbose: true });
    render(start(alpha, 0));
    render(output(alpha, 'first try'));
    render({ type: 'job-retry', job: alpha, attempt: 2, delayMs: 2000, reason: 'exit code 1' });
    render(output(alpha, 'second try', 2));
    render(end(alpha, makeResult('alpha', { attempts: 2 }), 0));

    expectBalancedGroups(lines);
    expect(lines).toEqual([
      expect.stringMatching(/▶ alpha$/),
      '::group::alpha',
      'first try',
      '::endgroup::',
      '  ↻ alpha: exit code 1; attempt 2 starts in 2.0s',
      '::group::alpha (attempt 2)',
      'second try',
      '::endgroup::',
      expect.stringMatching(/✓ alpha 1\.5s after 2 attempts$/),
    ]);
  });

  test('a notice closes the open group first; late output is marked continued; skipped jobs get an end line only', () => {
    const { log, lines } = recorder();
    const { onEvent: render, notice } = createActionEventRenderer(log, { parallel: false, verbose: false });
    render(start(alpha, 0));
    render(output(alpha, 'working'));
    notice('Received SIGINT: cancelling.');
    render({ type: 'run-cancelled', reason: 'cancelled by SIGINT' });
    render(output(alpha, 'terminated'));
    render(end(alpha, makeResult('alpha', { status: 'cancelled' }), 0));
    render(end(beta, makeResult('beta', { status: 'skipped' }), 1));

    expectBalancedGroups(lines);
    expect(lines.slice(2)).toEqual([
      'working',
      '::endgroup::',
      'Received SIGINT: cancelling.',
      '::group::alpha (continued)',
      'terminated',
      '::endgroup::',
      expect.stringMatching(/✗ alpha cancelled$/),
      expect.stringMatching(/- beta not run$/),
    ]);
  });
});

describe('parallel with verbose', () => {
  test('every line of every job streams with its [id] prefix, in arrival order, without groups', () => {
    const { log, lines } = recorder();
    const { onEvent: render, notice } = createActionEventRenderer(log, { parallel: true, verbose: true });
    render(start(alpha, 0));
    render(start(beta, 1));
    render(output(alpha, 'a1\na2'));
    render(output(beta, 'b1'));
    render(output(alpha, 'a3'));
    notice('Received SIGTERM: cancelling.');
    render(end(beta, makeResult('beta'), 0));
    render(end(alpha, makeResult('alpha'), 1));

    expect(lines.filter((line) => /^\[(alpha|beta)\] /.test(line))).toEqual([
      '[alpha] a1',
      '[alpha] a2',
      '[beta] b1',
      '[alpha] a3',
    ]);
    expect(lines.some((line) => line.startsWith('::group::'))).toBe(false);
    expect(lines).toContain('Received SIGTERM: cancelling.');
  });
});

describe('parallel without verbose', () => {
  test('output is not echoed live; each job ends with its last lines in a group naming the log', () => {
    const { log, lines } = recorder();
    const { onEvent: render } = createActionEventRenderer(log, {
      parallel: true,
      verbose: false,
      tailLines: 2,
    });
    render(start(alpha, 0));
    render(start(beta, 1));
    render(output(alpha, 'live line'));
    render(end(alpha, makeResult('alpha', { tail: ['one', 'two', 'three'] }), 0));
    render(end(beta, makeResult('beta', { status: 'skipped' }), 1));

    expectBalancedGroups(lines);
    expect(lines).not.toContain('live line');
    const at = lines.indexOf('::group::alpha: last 2 lines (full log: logs/alpha.log)');
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1, at + 4)).toEqual(['two', 'three', '::endgroup::']);
    // A job that never ran has no tail to show.
    expect(lines.filter((line) => line.startsWith('::group::'))).toHaveLength(1);
  });

  test('the default tail is 30 lines', () => {
    const { log, lines } = recorder();
    const { onEvent: render } = createActionEventRenderer(log, { parallel: true, verbose: false });
    const tail = Array.from({ length: 50 }, (_, i) => `line ${i}`);
    render(end(alpha, makeResult('alpha', { tail }), 0));
    expect(lines).toContain('::group::alpha: last 30 lines (full log: logs/alpha.log)');
    expect(lines).toContain('line 20');
    expect(lines).not.toContain('line 19');
  });
});

describe('dryRunLine', () => {
  test.each([
    [
      makeJob('alpha', { command: ['/usr/bin/python3', 'train.py', '--note', 'two words'] }),
      "/usr/bin/python3 train.py --note 'two words'  # alpha",
    ],
    [
      makeJob('beta', { cwd: '/work/repo/sub dir', command: ['Rscript', 'train.R'] }),
      "(cd './sub dir' && Rscript train.R)  # beta",
    ],
    [
      makeJob('gamma', { env: { SEED: '7', NOTE: 'a b' }, command: ['X=1', 'run'] }),
      "SEED=7 NOTE='a b' 'X=1' run  # gamma",
    ],
  ])('%#: a pasteable command, then the id as a comment', (job, expected) => {
    expect(dryRunLine(job, '/work/repo')).toBe(expected);
  });
});
