/**
 * The CLI exits as soon as its work is done: when runCli resolves (the summary written, the table printed),
 * nothing it started still holds the event loop. A timer left behind (the resource sampler's interval, the
 * log follower's polling, a kill-grace or retry timer) or an open handle would keep `training-orchestrator`
 * alive after the summary, for as long as the timer runs, or for ever for an interval.
 */
import { createHook } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import { runCli, type CliIo } from '../../src/cli/main.js';
import { PYTHON, tempDir } from '../run/helpers.js';

function cliIo(cwd: string): CliIo {
  return { out: () => undefined, err: () => undefined, env: {}, cwd, isTTY: false };
}

/** What keeps the event loop alive, by kind (unref'd timers and handles do not count). */
function alive(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

/**
 * Watches the timers the product's code creates (Jest has timers of its own, so timers are told apart by
 * where they were created); `left()` names those still pending and holding the loop, and any other kind of
 * resource (a child process, a pipe, a watcher) of which there are more than when watching began.
 */
function watchResources(): { left: () => string[] } {
  const before = alive();
  const timers = new Map<number, { timer: { hasRef?: () => boolean }; where: string }>();
  const hook = createHook({
    init(id, type, _trigger, resource) {
      if (type !== 'Timeout') return;
      const where = (new Error().stack ?? '').split('\n').find((line) => line.includes('/src/'));
      if (where) timers.set(id, { timer: resource as { hasRef?: () => boolean }, where: where.trim() });
    },
    destroy(id) {
      timers.delete(id);
    },
  }).enable();
  return {
    left: () => {
      hook.disable();
      const held = [...timers.values()].filter(({ timer }) => timer.hasRef?.() ?? true);
      const others = [...alive()].filter(([kind, n]) => kind !== 'Timeout' && n > (before.get(kind) ?? 0));
      return [...held.map(({ where }) => `Timeout ${where}`), ...others.map(([kind]) => kind)];
    },
  };
}

function workspace(jobs: Record<string, unknown>): string {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'jobs.json'), JSON.stringify({ jobs }));
  return dir;
}

const LINES = `import sys, time
for i in range(3000):
    print(f"line {i} " + "x" * 60)
sys.stdout.flush()
time.sleep(0.3)
`;

test.each([
  ['a job that prints, sampled every 20 ms, echo on', { a: { command: [PYTHON, '-c', LINES] } }, []],
  [
    'parallel jobs, one failing and retried',
    {
      a: { command: [PYTHON, '-c', LINES] },
      b: { command: [PYTHON, '-c', 'import sys; sys.exit(3)'], retries: 1 },
    },
    ['--parallel', '--max-workers', '2', '--allow-partial-success'],
  ],
  [
    'a job that times out (SIGTERM, and a SIGKILL timer it no longer needs)',
    {
      slow: {
        command: [PYTHON, '-c', 'import time\nprint("up", flush=True)\ntime.sleep(30)'],
        timeout_minutes: 0.01,
      },
    },
    ['--allow-partial-success'],
  ],
])(
  '%s: nothing holds the event loop once runCli returns',
  async (_name, jobs, args) => {
    const dir = workspace(jobs);
    const watch = watchResources();
    const code = await runCli(
      ['--config', 'jobs.json', '--no-auto-discover', '--resource-interval', '20', ...args],
      cliIo(dir),
    );
    expect([0, 1]).toContain(code);
    expect(fs.readdirSync(path.join(dir, 'summaries')).some((name) => name.endsWith('.json'))).toBe(true);
    // One turn of the loop: a file request the runtime is finishing (the summary's temporary file being
    // removed) ends on its own; a timer or a handle would not.
    await new Promise((resolve) => setImmediate(resolve));
    expect(watch.left()).toEqual([]);
  },
  30_000,
);
