/**
 * Writes to process.stdout/stderr so that a reader going away never costs the run. With
 * `training-orchestrator --list | head -1`, `head` exits after one line and every later write fails with
 * EPIPE (Node ignores SIGPIPE); unhandled, that 'error' event crashes the CLI with a stack trace, and in a
 * run would orphan the jobs before the summary is written. Here the first error on the stream marks it
 * closed and later text is dropped: jobs keep running and their logs and summary are still written.
 */
export interface PipeSafeWriter {
  write(text: string): void;
  /** Whether the stream has failed (its reader is gone), so nothing more reaches it. */
  closed(): boolean;
}

export function pipeSafeWriter(stream: NodeJS.WriteStream): PipeSafeWriter {
  let closed = false;
  // EPIPE when the reader closed the pipe, EIO when the terminal hung up: nobody is left to tell.
  stream.on('error', () => {
    closed = true;
  });
  return {
    write: (text) => {
      if (closed || stream.destroyed) return;
      try {
        stream.write(text);
      } catch {
        closed = true;
      }
    },
    closed: () => closed || stream.destroyed,
  };
}
