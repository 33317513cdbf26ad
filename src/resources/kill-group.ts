/**
 * kill(-pid, signal) to a process group (pid = pgid): undefined when sent, else the error's code. ESRCH, the
 * group gone, is the usual answer after a job's end, asked once per job by the runner and the sampler: its error
 * is made without a stack (process.kill throws, and capturing a stack trace cost more than the system call).
 * Signal 0 only asks whether the group has a process, a zombie included.
 */
export function killGroup(pid: number, signal: NodeJS.Signals | 0): string | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    process.kill(-pid, signal);
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'unknown';
  } finally {
    Error.stackTraceLimit = limit;
  }
}
