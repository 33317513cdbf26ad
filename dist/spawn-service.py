"""The spawn service of training-orchestrator (stdlib only; see src/run/spawn-service.ts).

Node's child_process.spawn() forks the whole orchestrator (~110 MB) for every job. This small, long-lived
Python process starts jobs for it instead, without copying page tables: with os.posix_spawn() (glibc's uses
clone(CLONE_VFORK)) where it starts a job exactly as subprocess.Popen would, else with Popen (vfork from 3.10),
which does the same in more Python: on a Python without posix_spawn (3.6, 3.7), a C library without
POSIX_SPAWN_SETSID, or one whose posix_spawn leaves signals ignored in the job (glibc 2.36's leaves its own
SIGCANCEL and SIGSETXID ignored; a probe at start tells). Either way the service looks argv[0] up on the job's
PATH itself and starts the file it found, as Node's spawn (execvp) does, a file the kernel will not run
(ENOEXEC: a script without '#!') included: that one runs as `/bin/sh FILE ARGS...`, as execvp runs it. The
orchestrator keeps everything else: the pool, retries, timeouts, and every signal (it sends them to the job's
process group, -pid, itself).

Protocol: one JSON object per line.
  out, once:   {"ready": true, "pid": P, "version": "3.11.4", "spawn": "posix_spawn" | "Popen"}
               or {"unsupported": "..."} (then it exits)
  in:          {"id": N, "argv": [...], "cwd": "...", "env": {...} | null, "log": {"path": "...", "dev": "D", "ino": "I"}}
               (env null: the same environment as the previous request's; most jobs of a run share one)
  out:         {"id": N, "pid": P}                          the job runs, in a session and process group of its own
               {"id": N, "error": {"code", "errno", "message"}}   it could not start (ENOENT, EACCES, ...)
               {"id": N, "refused": "..."}                  not started here: the orchestrator starts it itself
  out, later:  {"id": N, "exit_code": C | "signal": "SIGKILL", "rusage": {"utime", "stime", "maxrss"}}
               (always after that job's pid)
At the end of its input it stops taking requests, reports the jobs still running as they end, and exits.
`--spawn=posix_spawn` or `--spawn=Popen` after the script forces a start method (tests; the orchestrator passes
neither).

One thread: a loop that waits (poll) on its input and on a SIGCHLD wake-up pipe, starts what it has read,
reaps what has ended (wait4, WNOHANG) and writes the replies of that turn in one write.

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
    import select
    import signal
    import stat

    posix_spawn = getattr(os, 'posix_spawn', None)
    devnull = os.open(os.devnull, os.O_RDONLY | os.O_CLOEXEC)
    # The directory relative log paths are resolved in (the service changes its own to each job's cwd).
    home = os.open('.', os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    log_flags = os.O_WRONLY | os.O_APPEND | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK
    # pid -> (request id, Popen or None); a Popen is kept until its process is reaped here, so that
    # subprocess never waits for it itself (an unreferenced Popen not waited for is polled by the next Popen).
    running = {}
    out = []  # the replies of this turn, written together
    errorcode = errno.errorcode
    skipped_errnos = (errno.ENOENT, errno.ENOTDIR)
    ENOEXEC = errno.ENOEXEC
    SHELL = b'/bin/sh'  # glibc's _PATH_BSHELL, which its execvp runs a file the kernel does not run with
    signal_names = {}
    # What a start can raise for a request it cannot carry out (Popen adds its SubprocessError).
    start_errors = [(ValueError, TypeError)]
    # The environment of the previous request, the folders its PATH names (as os.get_exec_path gives them) and
    # the paths a name is looked for at in them.
    state = {'env': None, 'dirs': None, 'candidates': {}, 'spawn': 'Popen'}
    access = os.access
    F_OK = os.F_OK
    if posix_spawn is not None:
        dup2 = os.POSIX_SPAWN_DUP2
        null_stdin = (dup2, devnull, 0)
        default_signals = (signal.SIGPIPE, signal.SIGXFSZ)

    def flush():
        """The replies of this turn to the orchestrator. Nobody reading: nothing left to do."""
        if not out:
            return
        view = memoryview(''.join(out).encode('ascii'))
        del out[:]
        try:
            while len(view) > 0:
                view = view[os.write(1, view):]
        except OSError:
            os._exit(0)

    def send(message):
        out.append(json.dumps(message, separators=(',', ':')) + '\n')

    def signal_name(number):
        name = signal_names.get(number)
        if name is None:
            try:
                name = signal.Signals(number).name
            except ValueError:
                name = 'SIG%d' % number
            signal_names[number] = name
        return name

    def reap():
        """Every job's first process that has ended (wait4: its exact CPU time, waited-for children included)."""
        while running:
            try:
                pid, status, usage = os.wait4(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            entry = running.pop(pid, None)
            if entry is None:
                continue  # not a job of ours (a failed Popen start is waited for by Popen itself)
            ident, popen = entry
            if popen is not None:
                popen.returncode = status  # so that subprocess never waits for it
            if os.WIFSIGNALED(status):
                ended = '"signal":"%s"' % signal_name(os.WTERMSIG(status))
            else:
                ended = '"exit_code":%d' % os.WEXITSTATUS(status)
            # repr of a finite float is a JSON number (what json.dumps writes too).
            out.append('{"id":%s,%s,"rusage":{"utime":%r,"stime":%r,"maxrss":%d}}\n' % (
                ident, ended, usage.ru_utime, usage.ru_stime, usage.ru_maxrss))

    def open_log(log):
        """The log file, for appending, only if it is the file the orchestrator opened; else None and why."""
        try:
            path = log['path'].encode('utf-8')
            fd = os.open(path, log_flags, dir_fd=home)
        except UnicodeError:
            return None, 'the log path is not UTF-8'
        except OSError as error:
            return None, 'the log could not be opened: %s' % errorcode.get(error.errno, error.errno)
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_dev != int(log['dev']) or info.st_ino != int(log['ino']):
            os.close(fd)
            return None, 'the log at that path is not the file the orchestrator opened'
        return fd, None

    def posix_spawn_start(path, argv, env, fd):
        """One start of `path` with os.posix_spawn (an execve: no PATH search): (pid, None). Raises OSError."""
        return posix_spawn(
            path,
            argv,
            env,
            # stdin /dev/null, stdout and stderr the log; every other descriptor is close-on-exec.
            file_actions=[null_stdin, (dup2, fd, 1), (dup2, fd, 2)],
            # setsid(): the job leads its own session and process group (pid = pgid), like Node's
            # `detached: true`; the terminal's Ctrl-C reaches it only through the orchestrator.
            setsid=True,
            # SIGPIPE and SIGXFSZ back to their defaults (Python ignores them, and an ignored signal
            # survives exec; a caught one, the service's SIGCHLD, does not), no signal blocked.
            setsigdef=default_signals,
            setsigmask=(),
        ), None

    def popen_start(path, argv, env, fd):
        """
        The same start with subprocess.Popen: (pid, Popen). Raises OSError as posix_spawn does; a child whose
        exec failed is waited for by Popen before it raises, and Popen closes its own error pipe either way.
        """
        import subprocess
        start_errors[0] = (ValueError, TypeError, subprocess.SubprocessError)
        job = subprocess.Popen(
            argv,
            # Exactly this file: Popen searches PATH for a name without '/' (a folder-less candidate comes
            # from an empty PATH entry: the working directory).
            executable=path if b'/' in path else b'./' + path,
            env=env,
            stdin=devnull,
            stdout=fd,
            stderr=fd,
            close_fds=True,
            # As above: a session of its own, SIGPIPE and SIGXFSZ back to their defaults.
            start_new_session=True,
            restore_signals=True,
        )
        return job.pid, job

    def start_program(start_one, argv, env, fd):
        """
        Starts argv[0] as execvp() (libuv's start, Node's spawn) would after the service's chdir to the job's
        cwd: a name with a '/' as it is, any other one on the job's own PATH, each folder in turn until one
        runs; else the first error other than ENOENT/ENOTDIR, or the last one (as Popen reports it). A file the
        kernel does not run (ENOEXEC: a script without '#!') runs as `/bin/sh FILE ARGS...`, FILE the path that
        was found, argv[0] dropped, as glibc's execvp does; only if /bin/sh itself cannot start does the search
        go on, with its error. `start_one(path, argv, env, fd)` makes one start the same way for both.
        Returns (pid, Popen or None); raises OSError.
        """
        name = argv[0]
        if b'/' in name:
            candidates = (name,)
        else:
            candidates = state['candidates'].get(name)
            if candidates is None:
                candidates = [os.path.join(folder, name) for folder in state['dirs']]
                state['candidates'][name] = candidates
        searching = len(candidates) > 1
        failed = {}  # index -> errno of a start that was tried
        for index, path in enumerate(candidates):
            # A folder without the program costs an access() here, not an aborted start.
            if searching and not access(path, F_OK):
                continue
            try:
                return start_one(path, argv, env, fd)
            except OSError as error:
                number = error.errno
            if number == ENOEXEC:
                try:
                    return start_one(SHELL, [SHELL, path] + argv[1:], env, fd)
                except OSError as error:
                    number = error.errno
            failed[index] = number
        # Nothing started: the error Popen's search would report (why a skipped folder failed, asked again).
        first = None
        number = errno.ENOENT
        for index, path in enumerate(candidates):
            number = failed.get(index)
            if number is None:
                try:
                    os.stat(path)
                    number = errno.ENOENT  # there now, missing when it was looked for
                except OSError as error:
                    number = error.errno
            if first is None and number not in skipped_errnos:
                first = number
        number = number if first is None else first
        raise OSError(number, os.strerror(number))

    def start(request):
        ident = request['id']
        ident_text = '%d' % ident if type(ident) is int else json.dumps(ident)
        try:
            # First: the orchestrator counts on every request updating "the previous environment".
            if request['env'] is not None:
                state['env'] = None
                env = dict((key.encode('utf-8'), value.encode('utf-8')) for key, value in request['env'].items())
                state['dirs'] = [os.fsencode(folder) for folder in os.get_exec_path(env)]
                state['candidates'] = {}
                state['env'] = env
            env = state['env']
            if env is None:
                raise UnicodeError('no environment to reuse')
            argv = [arg.encode('utf-8') for arg in request['argv']]
            cwd = request['cwd'].encode('utf-8')
        except UnicodeError:
            send({'id': ident, 'refused': 'not UTF-8'})
            return
        fd, why = open_log(request['log'])
        if fd is None:
            send({'id': ident, 'refused': why})
            return
        try:
            try:
                # One thread: the service's own cwd is the job's until the next start (os.posix_spawn has no
                # chdir action, and the PATH search below looks from there); a missing one fails here with the
                # errno Popen's child would report.
                os.chdir(cwd)
                pid = None
                if state['spawn'] == 'posix_spawn':
                    try:
                        pid, job = start_program(posix_spawn_start, argv, env, fd)
                    except NotImplementedError:
                        # posix_spawn without POSIX_SPAWN_SETSID (a C library before glibc 2.26): Popen from now on.
                        state['spawn'] = 'Popen'
                if pid is None:
                    pid, job = start_program(popen_start, argv, env, fd)
            except OSError as error:
                send({'id': ident, 'error': {
                    'code': errorcode.get(error.errno), 'errno': error.errno, 'message': error.strerror}})
                return
            except start_errors[0] as error:
                send({'id': ident, 'error': {'code': None, 'errno': None, 'message': str(error)}})
                return
            running[pid] = (ident_text, job)
            out.append('{"id":%s,"pid":%d}\n' % (ident_text, pid))
        finally:
            os.close(fd)

    def handle(line):
        if not line.strip():
            return
        try:
            request = json.loads(line.decode('utf-8'))
            request['id'], request['argv'], request['cwd'], request['env'], request['log']
        except (ValueError, TypeError, KeyError) as error:
            send({'fault': 'not a request: %s' % error})
            flush()
            os._exit(70)
        try:
            start(request)
        except Exception as error:  # a fault of ours: the orchestrator starts this job itself
            send({'id': request['id'], 'refused': 'internal error: %r' % (error,)})

    def ignored_signals(status_file):
        """The SigIgn mask of /proc/PID/status, or None."""
        with open(status_file) as status:
            for line in status:
                if line.startswith('SigIgn:'):
                    return int(line.split()[1], 16)
        return None

    def posix_spawn_is_exact():
        """
        Whether a job started with posix_spawn here ignores exactly the signals one Popen starts would: those
        the service ignores, less SIGPIPE and SIGXFSZ. Not so with a glibc whose posix_spawn leaves its own
        internal signals (SIGCANCEL, SIGSETXID) ignored in the child (2.36 does; an ignored signal survives
        exec). Seen on a probe: this interpreter started as a job is, looked at while it waits on a pipe.
        """
        read_end, write_end = os.pipe()
        try:
            pid = posix_spawn(
                sys.executable,
                [sys.executable, '-I', '-S', '-c', 'import os; os.read(0, 1)'],
                {},
                file_actions=[(dup2, read_end, 0), (dup2, devnull, 1), (dup2, devnull, 2)],
                setsid=True,
                setsigdef=default_signals,
                setsigmask=(),
            )
            # posix_spawn returns once the probe has exec'd, and it waits for this pipe: its dispositions.
            probe = ignored_signals('/proc/%d/status' % pid)
        finally:
            os.close(write_end)  # the probe ends (reaped as a child that is not a job)
            os.close(read_end)
        own = ignored_signals('/proc/self/status')
        restored = ~((1 << (signal.SIGPIPE - 1)) | (1 << (signal.SIGXFSZ - 1)))
        return probe is not None and own is not None and probe & restored == own & restored

    def choose_spawn():
        """posix_spawn where it starts a job exactly as Popen would, else Popen; --spawn=NAME forces one."""
        forced = [arg.split('=', 1)[1] for arg in sys.argv[1:] if arg.startswith('--spawn=')]
        if posix_spawn is None or forced[-1:] == ['Popen']:
            return 'Popen'
        try:
            # What Popen's close_fds=True does: a job inherits nothing but its three descriptors. Python opens
            # everything close-on-exec; only what the service itself inherited needs marking, once.
            for name in os.listdir('/proc/self/fd'):
                if int(name) > 2:
                    try:
                        os.set_inheritable(int(name), False)
                    except OSError:
                        pass  # the listing's own descriptor, closed since
            if forced[-1:] == ['posix_spawn'] or posix_spawn_is_exact():
                return 'posix_spawn'
        except (OSError, ValueError, NotImplementedError):
            # No /proc, no interpreter to probe with, or no POSIX_SPAWN_SETSID (a C library before glibc 2.26).
            pass
        return 'Popen'

    # SIGCHLD wakes the loop through a pipe (the handler itself does nothing). A caught signal is reset to its
    # default by exec, so jobs do not see it; nothing else here is caught, ignored or blocked.
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_read, False)
    os.set_blocking(wake_write, False)
    signal.signal(signal.SIGCHLD, lambda number, frame: None)
    try:
        signal.set_wakeup_fd(wake_write, warn_on_full_buffer=False)
    except TypeError:  # 3.6
        signal.set_wakeup_fd(wake_write)

    state['spawn'] = choose_spawn()
    poller = select.poll()
    poller.register(0, select.POLLIN)
    poller.register(wake_read, select.POLLIN)
    send({'ready': True, 'pid': os.getpid(), 'version': '%d.%d.%d' % tuple(sys.version_info[:3]),
          'spawn': state['spawn']})
    flush()
    pending = b''
    reading = True
    while reading or running:
        woken = False
        for fd, _ in poller.poll():
            if fd == wake_read:
                # Emptied before reaping: a SIGCHLD from now on wakes the next turn.
                woken = True
                try:
                    while os.read(wake_read, 4096):
                        pass
                except BlockingIOError:
                    pass
                continue
            data = os.read(0, 65536)
            if not data:
                # End of input: the orchestrator is done (or gone). Report the jobs still running, then leave.
                reading = False
                poller.unregister(0)
                data = b'\n'
            lines = (pending + data).split(b'\n')
            pending = lines.pop()
            for line in lines:
                handle(line)
        if woken:
            reap()
        flush()


if __name__ == '__main__':
    if sys.version_info < MIN_VERSION:
        sys.stdout.write('{"unsupported": "Python %d.%d is older than 3.6"}\n' % tuple(sys.version_info[:2]))
        sys.stdout.flush()
        sys.exit(0)
    main()
