"""The spawn service of training-orchestrator (stdlib only; see src/run/spawn-service.ts).

Node's child_process.spawn() forks the whole orchestrator (~110 MB) for every job. This small, long-lived
Python process starts jobs for it instead: subprocess.Popen uses vfork() (no copy of page tables), so a job
starts in a fraction of the time. The orchestrator keeps everything else: the pool, retries, timeouts, and
every signal (it sends them to the job's process group, -pid, itself).

Protocol: one JSON object per line.
  out, once:   {"ready": true, "pid": P, "version": "3.11.4"}   or {"unsupported": "..."} (then it exits)
  in:          {"id": N, "argv": [...], "cwd": "...", "env": {...} | null, "log": {"path": "...", "dev": "D", "ino": "I"}}
               (env null: the same environment as the previous request's; most jobs of a run share one)
  out:         {"id": N, "pid": P}                          the job runs, in a session and process group of its own
               {"id": N, "error": {"code", "errno", "message"}}   it could not start (ENOENT, EACCES, ...)
               {"id": N, "refused": "..."}                  not started here: the orchestrator starts it itself
  out, later:  {"id": N, "exit_code": C | "signal": "SIGKILL", "rusage": {"utime", "stime", "maxrss"}}
At the end of its input it stops taking requests, reports the jobs still running as they end, and exits.

The log file is opened by name without following a link, and used only if it is the very file the
orchestrator opened (same device and inode): never anything else.

Kept free of syntax newer than Python 2.7 on purpose, so that any interpreter can at least say it is too old.
"""
import sys

MIN_VERSION = (3, 6)


def main():
    import errno
    import json
    import os
    import signal
    import stat
    import subprocess
    import threading
    import time

    lock = threading.Condition()
    # pid -> (request id, Popen); a Popen is kept until its process is reaped here, so that subprocess never
    # waits for it itself (an unreferenced Popen that has not been waited for is polled by the next Popen).
    running = {}
    devnull = os.open(os.devnull, os.O_RDONLY | os.O_CLOEXEC)

    def send(message):
        """One line to the orchestrator; the caller holds the lock. Nobody reading: nothing left to do."""
        data = (json.dumps(message, separators=(',', ':')) + '\n').encode('ascii')
        view = memoryview(data)
        try:
            while len(view) > 0:
                view = view[os.write(1, view):]
        except OSError:
            os._exit(0)

    def signal_name(number):
        try:
            return signal.Signals(number).name
        except ValueError:
            return 'SIG%d' % number

    def reap():
        """Waits for every job's first process (wait4: its exact CPU time, waited-for children included)."""
        while True:
            with lock:
                while not running:
                    lock.wait()
            try:
                pid, status, usage = os.wait4(-1, 0)
            except ChildProcessError:
                # Only a failed start's child, which Popen waited for itself: try again shortly.
                time.sleep(0.01)
                continue
            with lock:
                entry = running.pop(pid, None)
                if entry is None:
                    continue  # a child that failed to start (Popen reports that itself)
                ident, popen = entry
                popen.returncode = status  # so that subprocess never waits for it
                message = {
                    'id': ident,
                    'rusage': {'utime': usage.ru_utime, 'stime': usage.ru_stime, 'maxrss': usage.ru_maxrss},
                }
                if os.WIFSIGNALED(status):
                    message['signal'] = signal_name(os.WTERMSIG(status))
                else:
                    message['exit_code'] = os.WEXITSTATUS(status)
                send(message)
                lock.notify_all()

    def open_log(log):
        """The log file, for appending, only if it is the file the orchestrator opened; else None and why."""
        try:
            path = log['path'].encode('utf-8')
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
        except UnicodeError:
            return None, 'the log path is not UTF-8'
        except OSError as error:
            return None, 'the log could not be opened: %s' % errno.errorcode.get(error.errno, error.errno)
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_dev != int(log['dev']) or info.st_ino != int(log['ino']):
            os.close(fd)
            return None, 'the log at that path is not the file the orchestrator opened'
        return fd, None

    last_env = [None]

    def start(request):
        ident = request['id']
        try:
            # First: the orchestrator counts on every request updating "the previous environment".
            if request['env'] is None:
                env = last_env[0]
            else:
                last_env[0] = None
                env = dict((key.encode('utf-8'), value.encode('utf-8')) for key, value in request['env'].items())
                last_env[0] = env
            if env is None:
                raise UnicodeError('no environment to reuse')
            argv = [arg.encode('utf-8') for arg in request['argv']]
            cwd = request['cwd'].encode('utf-8')
        except UnicodeError:
            with lock:
                send({'id': ident, 'refused': 'not UTF-8'})
            return
        fd, why = open_log(request['log'])
        if fd is None:
            with lock:
                send({'id': ident, 'refused': why})
            return
        try:
            # Under the lock: the reaper reports this job's exit only after its pid has been sent.
            with lock:
                try:
                    popen = subprocess.Popen(
                        argv,
                        cwd=cwd,
                        env=env,
                        stdin=devnull,
                        stdout=fd,
                        stderr=fd,
                        close_fds=True,
                        # setsid(): the job leads its own session and process group (pid = pgid), like Node's
                        # `detached: true`; the terminal's Ctrl-C reaches it only through the orchestrator.
                        start_new_session=True,
                        # SIGPIPE and SIGXFSZ back to their defaults (Python ignores them, and an ignored
                        # signal survives exec); this process sets no other disposition.
                        restore_signals=True,
                    )
                except OSError as error:
                    code = errno.errorcode.get(error.errno)
                    send({'id': ident, 'error': {'code': code, 'errno': error.errno, 'message': error.strerror}})
                    return
                except (ValueError, TypeError, subprocess.SubprocessError) as error:
                    send({'id': ident, 'error': {'code': None, 'errno': None, 'message': str(error)}})
                    return
                running[popen.pid] = (ident, popen)
                send({'id': ident, 'pid': popen.pid})
                lock.notify_all()
        finally:
            os.close(fd)

    reaper = threading.Thread(target=reap, name='reaper')
    reaper.daemon = True
    reaper.start()
    with lock:
        send({'ready': True, 'pid': os.getpid(), 'version': '%d.%d.%d' % tuple(sys.version_info[:3])})
    for line in sys.stdin.buffer:
        if not line.strip():
            continue
        try:
            request = json.loads(line.decode('utf-8'))
            request['id'], request['argv'], request['cwd'], request['env'], request['log']
        except (ValueError, TypeError, KeyError) as error:
            with lock:
                send({'fault': 'not a request: %s' % error})
            os._exit(70)
        try:
            start(request)
        except Exception as error:  # a fault of ours: the orchestrator starts this job itself
            with lock:
                send({'id': request['id'], 'refused': 'internal error: %r' % (error,)})
    # End of input: the orchestrator is done (or gone). Report the jobs still running, then leave.
    with lock:
        while running:
            lock.wait()


if __name__ == '__main__':
    if sys.version_info < MIN_VERSION:
        sys.stdout.write('{"unsupported": "Python %d.%d is older than 3.6"}\n' % tuple(sys.version_info[:2]))
        sys.stdout.flush()
        sys.exit(0)
    main()
