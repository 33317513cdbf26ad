import net from 'node:net';
import type { Readable } from 'node:stream';

/** What a read of a job's pipe gets: a view of a buffer that the next read overwrites. */
export type OnBytes = (bytes: Buffer) => void;

/**
 * The most one read takes. More than the socket between the job and us holds (~208 KiB by default): one
 * read empties it, so libuv does not read again only to find it empty, and a runner that fell behind catches
 * up in fewer, larger chunks (under strace, 4,800 reads per GiB instead of 18,500 with 64 KiB).
 */
const READ_BYTES = 256 * 1024;

/**
 * One buffer for every read of every job's pipe. Reads are delivered one at a time on the event loop and
 * consumed before the callback returns (see `readInPlace`), so one is enough whatever the number of jobs.
 */
let shared: Buffer | undefined;

/**
 * Reads a child's stdout or stderr pipe into one reused buffer instead of a new 64 KiB Buffer per read, and
 * hands each read to `onBytes`, which must be done with the bytes when it returns (they are overwritten by
 * the next read). Returns the socket that now reads the pipe (its 'close' says the pipe is done), or
 * undefined when this Node cannot do it (the pipe is not a socket with a libuv handle): keep reading it with
 * 'data' events then.
 *
 * Why: a job printing a gigabyte through a 'data' listener makes 16,384 Buffers of 64 KiB, held outside
 * V8's heap until a garbage collection finds them dead, which V8 starts only after ~64 MB of them: about
 * 40 MB of the runner's peak memory, and the collections themselves. Node reads into a caller's buffer
 * with `onread` (documented for net.Socket), but child_process makes the pipes' sockets itself, so the
 * pipe's handle is moved to a socket of ours, before any byte is read (reading starts on the event loop).
 * This leans on two undocumented details (a socket's `_handle`, and `net.Socket({ handle })`, which
 * child_process itself uses), checked here: on a Node where they differ, the 'data' path stays.
 */
export function readInPlace(pipe: Readable, onBytes: OnBytes): net.Socket | undefined {
  const old = pipe as Readable & { _handle?: { useUserBuffer?: unknown } | null };
  const handle = old._handle;
  if (!(pipe instanceof net.Socket) || !handle || typeof handle.useUserBuffer !== 'function')
    return undefined;
  let socket: net.Socket;
  try {
    socket = new net.Socket({
      handle,
      readable: true,
      writable: false,
      onread: {
        buffer: (shared ??= Buffer.allocUnsafe(READ_BYTES)),
        callback: (length: number, buffer: Uint8Array) => {
          onBytes((buffer as Buffer).subarray(0, length));
        },
      },
    } as net.SocketConstructorOpts);
  } catch {
    return undefined;
  }
  // The handle is ours now: the old socket closes without closing it (which lets the child's 'close' come at
  // exit; whoever reads the new socket waits for its own 'close').
  old._handle = null;
  pipe.destroy();
  // A read error ends the pipe like its end would (the socket closes); the job's exit is what counts.
  socket.on('error', () => {});
  // Never called while `onread` works (its reads are not pushed as data); a Node that ignored `onread` for a
  // given handle would push them, and then they still arrive, in new Buffers, instead of stalling the job.
  socket.on('data', onBytes);
  return socket;
}
