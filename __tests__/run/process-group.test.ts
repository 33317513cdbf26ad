import { spawn } from 'node:child_process';
import { groupAlive, signalGroup } from '../../src/run/process-group.js';

/** A real job in a process group of its own (pid = pgid), as the runner starts them. */
function startGroup(seconds: number): Promise<{ pid: number; exited: Promise<void> }> {
  const child = spawn('sh', ['-c', `sleep ${seconds}`], { detached: true, stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.once('spawn', () => resolve({ pid: child.pid!, exited }));
    child.once('error', reject);
  });
}

describe('process groups: alive, signalled, gone', () => {
  test('a running group is alive and takes a signal; once it ended it is gone', async () => {
    const { pid, exited } = await startGroup(30);
    expect(groupAlive(pid)).toBe(true);
    expect(signalGroup(pid, 'SIGTERM')).toBe(true);
    await exited;
    // The sleep may outlive sh by a moment, and a /proc scan is shared for 40 ms.
    for (let tries = 0; groupAlive(pid) && tries < 100; tries++) await new Promise((r) => setTimeout(r, 50));
    expect(groupAlive(pid)).toBe(false);
  });

  test('a group that does not exist takes no signal (above any pid_max)', () => {
    expect(signalGroup(4_194_305, 'SIGTERM')).toBe(false);
    expect(groupAlive(4_194_305)).toBe(false);
  });

  test('asking about a gone group leaves Error.stackTraceLimit as it was, also when it was changed', async () => {
    const { pid, exited } = await startGroup(0);
    await exited;
    const before = Error.stackTraceLimit;
    try {
      for (const limit of [10, 0, 50]) {
        Error.stackTraceLimit = limit;
        expect(groupAlive(pid)).toBe(false);
        expect(Error.stackTraceLimit).toBe(limit);
      }
    } finally {
      Error.stackTraceLimit = before;
    }
  });
});
