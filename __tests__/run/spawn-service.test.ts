/**
 * The spawn service (src/run/spawn-service.ts and .py) with real processes: what a job started through it
 * sees and reports must be what Node's spawn gives, and every failure of the service ends in Node's spawn.
 */
import { spawn as nodeSpawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  locateInterpreter,
  SpawnService,
  wantsSpawnService,
  type LaunchResult,
  type ServiceJob,
} from '../../src/run/spawn-service.js';
import type { Logger } from '../../src/model/types.js';
import { alive, PYTHON } from './helpers.js';

const linux = process.platform === 'linux';

interface Recorded extends Logger {
  warnings: string[];
  debugs: string[];
}

function recorder(): Recorded {
  const warnings: string[] = [];
  const debugs: string[] = [];
  return {
    warnings,
    debugs,
    info() {},
    warn: (message) => warnings.push(message),
    error: (message) => warnings.push(message),
    debug: (message) => debugs.push(message),
  };
}

const services: SpawnService[] = [];
function service(
  logger: Logger,
  over: { script?: string; python?: string; replyMs?: number } = {},
): SpawnService {
  const made = new SpawnService({
    python: over.python ?? PYTHON,
    cwd: os.tmpdir(),
    logger,
    script: over.script,
    replyMs: over.replyMs,
  });
  services.push(made);
  return made;
}

let dir: string;
beforeEach(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'to-spawn-service-')));
});
afterEach(() => {
  for (const made of services.splice(0)) made.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A log file opened as JobLog has it (safe-open.ts: append, no link). */
function openLog(name = 'job.log'): { fd: number; file: string } {
  const file = path.join(dir, name);
  const { O_WRONLY, O_APPEND, O_CREAT, O_NOFOLLOW, O_NONBLOCK } = fs.constants;
  return { fd: fs.openSync(file, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK, 0o666), file };
}

function launch(
  svc: SpawnService,
  argv: string[],
  over: { env?: NodeJS.ProcessEnv; cwd?: string; log?: { fd: number; file: string } } = {},
): Promise<LaunchResult> | undefined {
  const log = over.log ?? openLog();
  return svc.launch({
    argv,
    cwd: over.cwd ?? dir,
    env: over.env ?? { PATH: process.env.PATH },
    logFd: log.fd,
    logPath: log.file,
  });
}

async function started(result: Promise<LaunchResult> | undefined): Promise<ServiceJob> {
  const launched = await result;
  if (!launched || !('started' in launched)) throw new Error(`not started: ${JSON.stringify(launched)}`);
  return launched.started;
}

function exitOf(job: ServiceJob): Promise<[number | null, string | null]> {
  return new Promise((resolve) => job.once('exit', (code, signal) => resolve([code, signal])));
}

/** The same start with Node's spawn, as the runner makes it (job-process.ts): its exit code and signal. */
function spawnWithNode(
  argv: string[],
  over: { cwd: string; env: NodeJS.ProcessEnv; fd: number },
): Promise<[number | null, string | null]> {
  const child = nodeSpawn(argv[0], argv.slice(1), {
    cwd: over.cwd,
    env: over.env,
    stdio: ['ignore', over.fd, over.fd],
    detached: true,
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve([code, signal]));
  });
}

/**
 * `SigIgn:`/`SigBlk:` lines of /proc/PID/status in `text`, without glibc's internal signals when `internal`
 * (the posix_spawn of glibc 2.36 leaves them ignored: see GLIBC_INTERNAL_SIGNALS).
 */
function maskSignals(text: string, internal: boolean | undefined): string {
  return text.replace(/^(Sig(?:Ign|Blk)):\t([0-9a-f]+)$/gm, (_, name: string, hex: string) => {
    const mask = BigInt(`0x${hex}`) & (internal ? ~GLIBC_INTERNAL_SIGNALS : ~0n);
    return `${name}:\t${mask.toString(16).padStart(16, '0')}`;
  });
}

/** A stand-in service: a Python program that says ready, then behaves as `body` says. */
function fakeService(body: string): string {
  const file = path.join(dir, 'fake-service.py');
  fs.writeFileSync(
    file,
    `import json, os, sys\nos.write(1, b'{"ready": true, "pid": %d}\\n' % os.getpid())\n${body}\n`,
  );
  return file;
}

describe('when the runner starts a service', () => {
  test.each([
    ['more jobs than workers, Linux, an interpreter', {}, true],
    ['as many jobs as workers (a small run does not pay its start)', { jobs: 4 }, false],
    ['one job, one worker', { jobs: 1, workers: 1 }, false],
    ['a secret registered (every job goes through the redactor)', { secrets: true }, false],
    ['no interpreter known', { python: '' }, false],
    ['a spawn of the caller', { ownSpawn: true }, false],
    ['macOS', { platform: 'darwin' }, false],
    ['Windows', { platform: 'win32' }, false],
    ['turned on explicitly (auto: the default)', { mode: 'auto' as const }, true],
    ['turned off (TRAINING_ORCHESTRATOR_SPAWN_SERVICE=off)', { mode: 'off' as const }, false],
    [
      'turned off, with everything else for it',
      { mode: 'off' as const, jobs: 1000, workers: 1, python: '/usr/bin/python3' },
      false,
    ],
    ['auto, but a secret registered', { mode: 'auto' as const, secrets: true }, false],
  ])('%s → %s', (_, over, expected) => {
    const run = {
      python: '/usr/bin/python3',
      jobs: 10,
      workers: 4,
      secrets: false,
      ownSpawn: false,
      platform: 'linux',
      ...over,
    };
    expect(wantsSpawnService(run)).toBe(expected);
  });
});

(linux ? describe : describe.skip)('the spawn service (Linux, real processes)', () => {
  test('a job runs in a session and process group of its own (pid = pgid = sid), its parent the service', async () => {
    const svc = service(recorder());
    expect(await svc.ready).toBe(true);
    const log = openLog();
    const job = await started(
      launch(svc, ['sh', '-c', 'cat /proc/$$/stat; cat /proc/$PPID/cmdline | tr "\\0" " "'], { log }),
    );
    expect(await exitOf(job)).toEqual([0, null]);
    const [stat, parent] = fs.readFileSync(log.file, 'utf8').split('\n');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    expect(Number(fields[2])).toBe(job.pid); // pgrp
    expect(Number(fields[3])).toBe(job.pid); // session
    expect(parent).toContain('spawn-service.py');
  });

  test.each([
    ['exit 0', 'exit 0', [0, null]],
    ['exit 3', 'exit 3', [3, null]],
    ['exit 255', 'exit 255', [255, null]],
    ['killed by SIGKILL', 'kill -KILL $$', [null, 'SIGKILL']],
    ['killed by SIGTERM', 'kill -TERM $$', [null, 'SIGTERM']],
    ['killed by SIGSEGV', 'kill -SEGV $$', [null, 'SIGSEGV']],
  ])('exit status: %s', async (_, script, expected) => {
    const svc = service(recorder());
    await svc.ready;
    const job = await started(launch(svc, ['sh', '-c', script]));
    expect(await exitOf(job)).toEqual(expected);
    expect(job.usage).toEqual(expect.objectContaining({ userSeconds: expect.any(Number) }));
  });

  test.each([
    ['a missing program', ['no-such-program-xyz'], {}, 'ENOENT', 'spawn no-such-program-xyz ENOENT'],
    ['a missing path', ['./missing.sh'], {}, 'ENOENT', 'spawn ./missing.sh ENOENT'],
    ['a missing working directory', ['true'], { cwd: '/no/such/folder' }, 'ENOENT', 'spawn true ENOENT'],
    [
      'a file that is not executable',
      ['./not-executable.sh'],
      {},
      'EACCES',
      'spawn ./not-executable.sh EACCES',
    ],
  ])('could not start: %s gives the error Node gives', async (_, argv, over, code, message) => {
    fs.writeFileSync(path.join(dir, 'not-executable.sh'), '#!/bin/sh\n', { mode: 0o644 });
    const svc = service(recorder());
    await svc.ready;
    const result = await launch(svc, argv, over);
    expect(result).toEqual({ failed: expect.objectContaining({ code, message }) });
  });

  test('cwd, the environment exactly as given, and argv[0] found on the job’s own PATH (as libuv does)', async () => {
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'only-here'), '#!/bin/sh\npwd\nenv | sort\necho "$0" "$@"\n', {
      mode: 0o755,
    });
    const work = path.join(dir, 'work dir é');
    fs.mkdirSync(work);
    const svc = service(recorder());
    await svc.ready;
    const log = openLog();
    const job = await started(
      launch(svc, ['only-here', 'a b', 'ünï', ''], {
        log,
        cwd: work,
        env: { PATH: `${bin}:/usr/bin:/bin`, EMPTY: '', UNICODE: 'naïve ☃', SKIPPED: undefined },
      }),
    );
    expect(await exitOf(job)).toEqual([0, null]);
    const lines = fs.readFileSync(log.file, 'utf8').split('\n').slice(0, -1);
    expect(lines[0]).toBe(work);
    const env = lines.slice(1, -1).filter((line) => !/^(PWD|SHLVL|_|OLDPWD)=/.test(line));
    expect(env).toEqual(['EMPTY=', `PATH=${bin}:/usr/bin:/bin`, 'UNICODE=naïve ☃']);
    // $0 of a script is the path the kernel ran (found on the job's PATH), as with Node's spawn.
    expect(lines.at(-1)).toBe(`${bin}/only-here a b ünï `);
  });

  test('each job gets its own environment when it repeats the previous one’s (sent once) and when it differs', async () => {
    const svc = service(recorder());
    await svc.ready;
    const envs = [{ V: 'one' }, { V: 'one' }, { V: 'two' }, { V: 'two' }, { V: 'one' }];
    const logs = envs.map((_, index) => openLog(`job${index}.log`));
    for (const [index, env] of envs.entries()) {
      const job = await started(launch(svc, ['sh', '-c', 'echo "$V"'], { env, log: logs[index] }));
      expect(await exitOf(job)).toEqual([0, null]);
    }
    expect(logs.map((log) => fs.readFileSync(log.file, 'utf8'))).toEqual(envs.map(({ V }) => `${V}\n`));
  });

  test('no signal is ignored or blocked in a job (Python ignores SIGPIPE and SIGXFSZ itself)', async () => {
    const svc = service(recorder());
    await svc.ready;
    const log = openLog();
    const job = await started(launch(svc, ['grep', '-E', '^Sig(Ign|Blk)', '/proc/self/status'], { log }));
    expect(await exitOf(job)).toEqual([0, null]);
    expect(fs.readFileSync(log.file, 'utf8')).toBe('SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n');
  });

  test('stdout and stderr both append to the log after what is already there; stdin is /dev/null', async () => {
    const svc = service(recorder());
    await svc.ready;
    const log = openLog();
    fs.writeSync(log.fd, 'header\n');
    const job = await started(
      launch(svc, ['sh', '-c', 'echo out; echo err >&2; cat; readlink /proc/self/fd/0'], { log }),
    );
    expect(await exitOf(job)).toEqual([0, null]);
    fs.writeSync(log.fd, 'footer\n');
    expect(fs.readFileSync(log.file, 'utf8')).toBe('header\nout\nerr\n/dev/null\nfooter\n');
  });

  test.each([
    ['another file at the log’s path (same name, other inode)', 'replace'],
    ['a symbolic link at the log’s path', 'link'],
    ['nothing at the log’s path any more', 'remove'],
  ])('the log is refused, nothing started, nothing written: %s', async (_, how) => {
    const svc = service(recorder());
    await svc.ready;
    const log = openLog();
    const elsewhere = path.join(dir, 'elsewhere.log');
    fs.writeFileSync(elsewhere, '');
    fs.rmSync(log.file);
    if (how === 'replace') fs.writeFileSync(log.file, '');
    if (how === 'link') fs.symlinkSync(elsewhere, log.file);
    const marker = path.join(dir, 'ran');
    const result = await launch(svc, ['sh', '-c', `echo ran; touch '${marker}'`], { log });
    expect(result).toEqual({ declined: expect.any(String) });
    expect(fs.existsSync(marker)).toBe(false);
    expect(fs.readFileSync(elsewhere, 'utf8')).toBe('');
    if (how === 'replace') expect(fs.readFileSync(log.file, 'utf8')).toBe('');
  });

  test.each([
    ['a lone surrogate in an argument', ['echo', 'bad \ud800'], {}],
    ['a lone surrogate in an environment value', ['true'], { env: { X: 'bad \udc00' } }],
    ['a lone surrogate in an environment name', ['true'], { env: { ['X\ud800']: 'v' } }],
    ['a NUL byte in an argument', ['echo', 'a\0b'], {}],
    ['an "=" in an environment name', ['true'], { env: { 'A=B': 'v' } }],
    ['an empty program name', [''], {}],
  ])('what cannot cross as Node would pass it is left to Node’s spawn: %s', async (_, argv, over) => {
    const svc = service(recorder());
    await svc.ready;
    expect(launch(svc, argv, over)).toBeUndefined();
    // The service is still there for the next job.
    const job = await started(launch(svc, ['true']));
    expect(await exitOf(job)).toEqual([0, null]);
  });

  test('a log path that cannot cross as UTF-8 is left to Node’s spawn; the service is not harmed', async () => {
    const svc = service(recorder());
    await svc.ready;
    const log = openLog();
    const request = { argv: ['true'], cwd: dir, env: {}, logFd: log.fd };
    expect(svc.launch({ ...request, logPath: `${log.file}\ud800` })).toBeUndefined();
    expect(await exitOf(await started(svc.launch({ ...request, logPath: log.file })))).toEqual([0, null]);
  });

  test('killed while a job runs: one warning, the job is watched to its end (status unknown), then Node’s spawn', async () => {
    const logger = recorder();
    const svc = service(logger);
    await svc.ready;
    const marker = path.join(dir, 'done');
    const job = await started(launch(svc, ['sh', '-c', `sleep 0.6; touch '${marker}'; exit 7`]));
    const parentStat = fs.readFileSync(`/proc/${job.pid}/stat`, 'latin1');
    const servicePid = Number(parentStat.slice(parentStat.lastIndexOf(')') + 2).split(' ')[1]);
    process.kill(servicePid, 'SIGKILL');
    const [code, signal] = await exitOf(job);
    expect(fs.existsSync(marker)).toBe(true); // its end, not the service's
    expect(alive(job.pid)).toBe(false);
    expect([code, signal, job.lost]).toEqual([null, null, true]);
    expect(logger.warnings).toEqual([
      expect.stringMatching(/spawn service .* was killed by SIGKILL.*Node's spawn/),
    ]);
    expect(launch(svc, ['true'])).toBeUndefined();
    expect(await svc.ready).toBe(true);
  });

  test.each([
    ['not JSON', 'print("hello there", flush=True)'],
    ['a pid for another request', 'print(json.dumps({"id": 99, "pid": 1234}), flush=True)'],
    ['a pid that is not one', 'print(json.dumps({"id": 1, "pid": -5}), flush=True)'],
    [
      'an exit of a job it never started',
      'print(json.dumps({"id": 1, "exit_code": 0, "rusage": {"utime": 0, "stime": 0, "maxrss": 0}}), flush=True)',
    ],
    ['a line without end', 'os.write(1, b"x" * 70000)'],
  ])(
    'writes garbage (%s): one warning, the request it may have been starting fails, later ones go to Node’s spawn',
    async (_, reply) => {
      const logger = recorder();
      const svc = service(logger, {
        script: fakeService(`line = sys.stdin.readline()\n${reply}\nimport time\ntime.sleep(30)`),
      });
      expect(await svc.ready).toBe(true);
      const first = launch(svc, ['true']);
      const second = launch(svc, ['true']);
      expect(await first).toEqual({
        failed: expect.objectContaining({
          message: expect.stringMatching(/spawn service stopped while starting it/),
        }),
      });
      expect(await second).toEqual({ declined: expect.any(String) });
      expect(launch(svc, ['true'])).toBeUndefined();
      expect(logger.warnings).toHaveLength(1);
      expect(logger.warnings[0]).toMatch(
        /spawn service .* (wrote something that is not a reply|wrote a line longer)/,
      );
    },
  );

  test('hangs (reads requests, never answers): after the reply deadline it counts as failed, one warning', async () => {
    const logger = recorder();
    const svc = service(logger, {
      script: fakeService('import time\nfor line in sys.stdin:\n    time.sleep(60)'),
      replyMs: 300,
    });
    expect(await svc.ready).toBe(true);
    const first = launch(svc, ['true']);
    const second = launch(svc, ['true']);
    expect(await first).toEqual({
      failed: expect.objectContaining({ message: expect.stringMatching(/stopped while starting it/) }),
    });
    expect(await second).toEqual({ declined: expect.any(String) });
    expect(logger.warnings).toEqual([expect.stringMatching(/did not answer a start request within 300 ms/)]);
  });

  test.each<[string, { python?: string; script?: string }, RegExp]>([
    ['a missing interpreter', { python: '/no/such/python3' }, /could not start/],
    ['a missing script', { script: '/no/such/spawn-service.py' }, /could not start: .*missing/],
    ['a service that exits at once', { script: 'EXIT' }, /exited with code 3/],
  ])('cannot start (%s): one warning, never ready, Node’s spawn for every job', async (_, over, warning) => {
    const logger = recorder();
    const script = over.script === 'EXIT' ? path.join(dir, 'exit.py') : over.script;
    if (over.script === 'EXIT') fs.writeFileSync(script!, 'import sys\nsys.exit(3)\n');
    const svc = service(logger, { ...over, script });
    expect(await svc.ready).toBe(false);
    expect(launch(svc, ['true'])).toBeUndefined();
    expect(logger.warnings).toEqual([expect.stringMatching(warning)]);
  });

  test('an interpreter older than 3.6 says so: not used, no warning', async () => {
    const logger = recorder();
    const script = path.join(dir, 'old.py');
    fs.writeFileSync(
      script,
      'import sys\nsys.stdout.write(\'{"unsupported": "Python 2.7 is older than 3.6"}\\n\')\n',
    );
    const svc = service(logger, { script });
    expect(await svc.ready).toBe(false);
    expect(logger.warnings).toEqual([]);
    expect(logger.debugs.join('\n')).toMatch(/not used: Python 2.7/);
  });

  test('the real script refuses an interpreter older than 3.6 with words any Python can parse', () => {
    const text = fs.readFileSync(path.resolve('src/run/spawn-service.py'), 'utf8');
    expect(text).toMatch(/MIN_VERSION = \(3, 6\)/);
    // No f-strings, no annotations: Python 2 must reach the version check.
    expect(text).not.toMatch(/\bf'|\bf"|\) -> /);
  });

  test('requests made in one turn (they go out together): each answered in order, each job started once', async () => {
    const svc = service(recorder());
    await svc.ready;
    const logs = [0, 1, 2].map((n) => openLog(`job-${n}.log`));
    const runs = logs.map((log, n) => launch(svc, ['sh', '-c', `echo job ${n}; exit ${n}`], { log }));
    // Each job's exit is listened for as soon as it starts: a job may end before the others have started.
    const jobs = await Promise.all(
      runs.map(async (run) => {
        const job = await started(run);
        return { pid: job.pid, exit: exitOf(job) };
      }),
    );
    expect(new Set(jobs.map((job) => job.pid)).size).toBe(3);
    expect(await Promise.all(jobs.map((job) => job.exit))).toEqual([
      [0, null],
      [1, null],
      [2, null],
    ]);
    expect(logs.map((log) => fs.readFileSync(log.file, 'utf8'))).toEqual(['job 0\n', 'job 1\n', 'job 2\n']);
  });

  test('closed in the turn a request was made: the request still reaches the service and the job runs', async () => {
    const svc = service(recorder(), { replyMs: 3000 });
    await svc.ready;
    const job = launch(svc, ['sh', '-c', 'exit 5']);
    svc.close();
    expect(await exitOf(await started(job))).toEqual([5, null]);
  });

  test('closed with jobs still running: it reports them, then exits on its own', async () => {
    const svc = service(recorder());
    await svc.ready;
    const job = await started(launch(svc, ['sh', '-c', 'sleep 0.3; exit 4']));
    svc.close();
    expect(await exitOf(job)).toEqual([4, null]);
  });
});

/**
 * The real service script, run through a wrapper that changes what its Python offers first, then `args`. The
 * wrapper also leaves a descriptor open without close-on-exec, as a careless parent of the service might.
 */
const SCRIPT = path.resolve('src/run/spawn-service.py');
function variantScript(name: string, prelude: string, args: string[] = []): string {
  const file = path.join(dir, `${name}.py`);
  const argv = [SCRIPT, ...args].map((arg) => JSON.stringify(arg)).join(', ');
  fs.writeFileSync(
    file,
    `import os, runpy, sys\nos.set_inheritable(os.open(os.devnull, os.O_RDONLY), True)\n${prelude}\nsys.argv = [${argv}]\nrunpy.run_path(${JSON.stringify(SCRIPT)}, run_name='__main__')\n`,
  );
  return file;
}

/** glibc's own signals (SIGCANCEL 32, SIGSETXID 33), which the posix_spawn of glibc 2.36 leaves ignored. */
const GLIBC_INTERNAL_SIGNALS = (1n << 31n) | (1n << 32n);

const START_METHODS: Array<[string, () => string, { internalIgnored?: boolean }]> = [
  ['the default (posix_spawn where exact, else Popen)', () => SCRIPT, {}],
  [
    'Popen, as on a Python without os.posix_spawn (3.6, 3.7)',
    () => variantScript('no-posix-spawn', 'del os.posix_spawn'),
    {},
  ],
  [
    'Popen after posix_spawn refused setsid (a C library without POSIX_SPAWN_SETSID)',
    () =>
      variantScript(
        'no-setsid',
        [
          'real = os.posix_spawn',
          'def posix_spawn(*args, **kwargs):',
          "    if kwargs.get('setsid'):",
          "        raise NotImplementedError('setsid is not available')",
          '    return real(*args, **kwargs)',
          'os.posix_spawn = posix_spawn',
        ].join('\n'),
        ['--spawn=posix_spawn'],
      ),
    {},
  ],
  ['Popen, asked for', () => variantScript('popen', '', ['--spawn=Popen']), {}],
  [
    'posix_spawn, asked for (even where the C library leaves its internal signals ignored)',
    () => variantScript('posix-spawn', '', ['--spawn=posix_spawn']),
    { internalIgnored: true },
  ],
];

(linux ? describe.each(START_METHODS) : describe.skip.each(START_METHODS))(
  'a job started by the service with %s',
  (_, script, { internalIgnored }) => {
    async function ready(logger: Logger = recorder()): Promise<SpawnService> {
      const svc = service(logger, { script: script() });
      expect(await svc.ready).toBe(true);
      return svc;
    }

    test('leads a session and process group of its own; its exit status and CPU figures come back', async () => {
      const svc = await ready();
      const log = openLog();
      const job = await started(launch(svc, ['sh', '-c', 'cat /proc/$$/stat; exit 5'], { log }));
      expect(await exitOf(job)).toEqual([5, null]);
      expect(job.usage).toEqual(expect.objectContaining({ userSeconds: expect.any(Number) }));
      const stat = fs.readFileSync(log.file, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      expect([Number(fields[2]), Number(fields[3])]).toEqual([job.pid, job.pid]);
      const killed = await started(launch(svc, ['sh', '-c', 'kill -KILL $$']));
      expect(await exitOf(killed)).toEqual([null, 'SIGKILL']);
    });

    test('could not start: the errors Node gives (missing program, missing cwd, not executable)', async () => {
      fs.writeFileSync(path.join(dir, 'not-executable.sh'), '#!/bin/sh\n', { mode: 0o644 });
      const svc = await ready();
      const results = [
        await launch(svc, ['no-such-program-xyz']),
        await launch(svc, ['true'], { cwd: '/no/such/folder' }),
        await launch(svc, ['./not-executable.sh']),
      ];
      expect(results).toEqual([
        { failed: expect.objectContaining({ code: 'ENOENT', message: 'spawn no-such-program-xyz ENOENT' }) },
        { failed: expect.objectContaining({ code: 'ENOENT', message: 'spawn true ENOENT' }) },
        { failed: expect.objectContaining({ code: 'EACCES', message: 'spawn ./not-executable.sh EACCES' }) },
      ]);
    });

    test('argv[0] on the job’s own PATH, past a folder where it is not executable; cwd and env as given', async () => {
      const [early, later] = ['early', 'later'].map((name) => path.join(dir, name));
      for (const folder of [early, later]) fs.mkdirSync(folder);
      fs.writeFileSync(path.join(early, 'tool'), '#!/bin/sh\necho early\n', { mode: 0o644 });
      fs.writeFileSync(path.join(later, 'tool'), '#!/bin/sh\npwd\necho "later $V $0"\n', { mode: 0o755 });
      const work = path.join(dir, 'work');
      fs.mkdirSync(work);
      const svc = await ready();
      const log = openLog();
      const env = { PATH: `${path.join(dir, 'missing')}:${early}:${later}:/usr/bin:/bin`, V: 'vé' };
      const job = await started(launch(svc, ['tool'], { log, cwd: work, env }));
      expect(await exitOf(job)).toEqual([0, null]);
      expect(fs.readFileSync(log.file, 'utf8')).toBe(`${work}\nlater vé ${later}/tool\n`);
      // Found nowhere it can run: the error of the folder where it could not (EACCES),
      // not the ENOENT of the folders before or after it.
      const denied = await launch(svc, ['tool'], {
        env: { PATH: `${path.join(dir, 'missing')}:${early}:${path.join(dir, 'missing')}` },
      });
      expect(denied).toEqual({ failed: expect.objectContaining({ code: 'EACCES' }) });
    });

    test('a program the kernel cannot run (a script without #!) runs through /bin/sh, as Node’s spawn runs it', async () => {
      // What execvp (libuv's start) does on ENOEXEC: `/bin/sh FILE ARGS…`, FILE the path it found. The script
      // reports what a start sets up: $0 and the arguments, session and group, descriptors, cwd, env, and
      // last the signals, read by what replaces the shell (sh blocks signals while it waits for a child).
      const body = [
        'echo "0=$0 args=$# [$1] [$2]"',
        'read pid comm state ppid pgrp sid rest < /proc/$$/stat',
        '[ "$pid" = "$pgrp" ] && [ "$pid" = "$sid" ] && echo "leads its session and group"',
        'echo "fds: $(ls /proc/self/fd | sort -n | tr "\\n" " ")"',
        'echo "cwd=$(pwd) V=$V"',
        "exec awk '/^Sig(Ign|Blk)/ { print } END { exit 4 }' /proc/self/status",
      ].join('\n');
      const [early, later] = ['early', 'later'].map((name) => path.join(dir, name));
      for (const folder of [early, later]) fs.mkdirSync(folder);
      fs.writeFileSync(path.join(dir, 'no-shebang'), `${body}\n`, { mode: 0o755 });
      // Found first on PATH it runs, through sh, though a later folder holds a program of that name that
      // would start (execvp stops at the first file that exists and runs; Popen's own search would go on).
      fs.writeFileSync(path.join(early, 'tool'), `${body}\n`, { mode: 0o755 });
      fs.writeFileSync(path.join(later, 'tool'), '#!/bin/sh\necho "the later tool"\n', { mode: 0o755 });
      const env = { PATH: `${path.join(dir, 'missing')}:${early}:${later}:/usr/bin:/bin`, V: 'vé' };
      const logger = recorder();
      const svc = await ready(logger);
      // The service's own descriptors, to see that a start tried twice leaves none behind.
      const probe = openLog('probe.log');
      expect(await exitOf(await started(launch(svc, ['sh', '-c', 'echo $PPID'], { log: probe })))).toEqual([
        0,
        null,
      ]);
      const serviceFds = `/proc/${fs.readFileSync(probe.file, 'utf8').trim()}/fd`;
      const before = fs.readdirSync(serviceFds);
      const runs: Array<[string, string[]]> = [
        ['a relative path', ['./no-shebang', 'a b', '']],
        ['an absolute path', [path.join(dir, 'no-shebang')]],
        ['a name found on PATH', ['tool', 'x']],
      ];
      for (const [index, [what, argv]] of runs.entries()) {
        const service = openLog(`service-${index}.log`);
        const node = openLog(`node-${index}.log`);
        const job = await started(launch(svc, argv, { log: service, env }));
        const serviceExit = await exitOf(job);
        const nodeExit = await spawnWithNode(argv, { cwd: dir, env, fd: node.fd });
        // The descriptors apart: Node's spawn passes on whatever this process inherited without close-on-exec,
        // the service never does (checked on its own below).
        const shown = (file: string) =>
          maskSignals(fs.readFileSync(file, 'utf8'), internalIgnored).replace(/^fds: .*\n/m, '');
        expect([what, shown(service.file)]).toEqual([what, shown(node.file)]);
        expect([what, /^fds: .*$/m.exec(fs.readFileSync(service.file, 'utf8'))?.[0]]).toEqual([
          what,
          'fds: 0 1 2 3 ',
        ]);
        expect([what, serviceExit]).toEqual([what, nodeExit]);
        expect(serviceExit).toEqual([4, null]);
      }
      expect(fs.readFileSync(path.join(dir, 'service-2.log'), 'utf8')).toMatch(
        new RegExp(`^0=${early}/tool args=1 \\[x\\] \\[\\]\nleads its session and group\n`),
      );
      expect(fs.readdirSync(serviceFds)).toEqual(before);
      // One reply each (a pid, then an exit): nothing the orchestrator would take for garbage.
      expect(logger.warnings).toEqual([]);
    });

    test('stdin is /dev/null, stdout and stderr append to the log; no other descriptor is inherited', async () => {
      const svc = await ready();
      const log = openLog();
      fs.writeSync(log.fd, 'header\n');
      const job = await started(
        launch(svc, ['sh', '-c', 'echo out; echo err >&2; cat; ls /proc/self/fd | sort -n | tr "\\n" " "'], {
          log,
        }),
      );
      expect(await exitOf(job)).toEqual([0, null]);
      // 0-2, and the descriptor ls reads the folder with.
      expect(fs.readFileSync(log.file, 'utf8')).toBe('header\nout\nerr\n0 1 2 3 ');
    });

    test(
      internalIgnored
        ? 'no signal an application can use is ignored or blocked (glibc’s internal ones may be)'
        : 'no signal is ignored or blocked',
      async () => {
        const svc = await ready();
        const log = openLog();
        const job = await started(launch(svc, ['grep', '-E', '^Sig(Ign|Blk)', '/proc/self/status'], { log }));
        expect(await exitOf(job)).toEqual([0, null]);
        const masks = Object.fromEntries(
          fs
            .readFileSync(log.file, 'utf8')
            .trim()
            .split('\n')
            .map((line) => line.split(':\t'))
            .map(([name, hex]) => [name, BigInt(`0x${hex}`)]),
        );
        expect(masks.SigBlk).toBe(0n);
        expect(internalIgnored ? masks.SigIgn & ~GLIBC_INTERNAL_SIGNALS : masks.SigIgn).toBe(0n);
      },
    );
  },
);

(linux ? describe : describe.skip)('the service’s protocol (the real script, spoken to directly)', () => {
  /** Runs the script with `writes` sent one after the other (a pause between), then end of input. */
  async function converse(writes: string[], script = SCRIPT): Promise<Array<Record<string, unknown>>> {
    const { spawn } = await import('node:child_process');
    const child = spawn(PYTHON, ['-I', '-S', script], { stdio: ['pipe', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    const closed = new Promise((resolve) => child.on('close', resolve));
    for (const data of writes) {
      child.stdin.write(data);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    child.stdin.end();
    await closed;
    return text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  function request(id: number, argv: string[], env: Record<string, string> | null = null): string {
    const { fd, file } = openLog(`job${id}.log`);
    const stats = fs.fstatSync(fd, { bigint: true });
    const log = { path: file, dev: String(stats.dev), ino: String(stats.ino) };
    return `${JSON.stringify({ id, argv, cwd: dir, env, log })}\n`;
  }

  test('says which start method it uses when it is ready', async () => {
    const [first] = await converse([]);
    expect(first).toEqual({
      ready: true,
      pid: expect.any(Number),
      version: expect.any(String),
      spawn: expect.stringMatching(/^(posix_spawn|Popen)$/),
    });
    const [popen] = await converse([], variantScript('no-posix-spawn', 'del os.posix_spawn'));
    expect(popen.spawn).toBe('Popen');
  });

  test('a request split across reads, two in one read, and a last one without a newline all start', async () => {
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
    const one = request(1, ['sh', '-c', 'exit 1'], env);
    const two = request(2, ['sh', '-c', 'exit 2']);
    const three = request(3, ['sh', '-c', 'exit 3']);
    const four = request(4, ['sh', '-c', 'exit 4']).trimEnd();
    const replies = await converse([one.slice(0, 25), one.slice(25) + two + three, four]);
    const pids = replies.filter((reply) => 'id' in reply && 'pid' in reply).map((reply) => reply.id);
    expect(pids).toEqual([1, 2, 3, 4]);
    const exits = Object.fromEntries(
      replies.filter((reply) => 'exit_code' in reply).map((reply) => [reply.id, reply.exit_code]),
    );
    expect(exits).toEqual({ 1: 1, 2: 2, 3: 3, 4: 4 });
    // Each exit after that job's pid.
    for (const id of [1, 2, 3, 4]) {
      const index = (kind: string) => replies.findIndex((reply) => reply.id === id && kind in reply);
      expect(index('exit_code')).toBeGreaterThan(index('pid'));
    }
  });
});

describe('the service’s interpreter', () => {
  let root: string;
  const folder = (name: string) => path.join(root, name);
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'service-python-'));
    for (const name of ['shims', 'real', 'other']) fs.mkdirSync(folder(name));
    // A version manager's shim: a script that runs the real interpreter.
    for (const name of ['python3', 'python'])
      fs.writeFileSync(path.join(folder('shims'), name), `#!/bin/sh\nexec ${PYTHON} "$@"\n`, { mode: 0o755 });
    fs.symlinkSync(PYTHON, path.join(folder('real'), 'python3'));
    fs.symlinkSync(PYTHON, path.join(folder('other'), 'python'));
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  const PATH = (...names: string[]) => names.map(folder).join(path.delimiter);

  test.each<[string, string, string[], string | undefined]>([
    [
      'a shim first on PATH: the real interpreter of that name after it',
      'auto',
      ['shims', 'real'],
      'real/python3',
    ],
    ['a named setting: the same preference', 'python3', ['shims', 'real'], 'real/python3'],
    ['a real interpreter first: taken as it is', 'auto', ['real', 'shims'], 'real/python3'],
    ['only a shim: the shim', 'auto', ['shims'], 'shims/python3'],
    // The planner takes python3 first; a `python` elsewhere may be Python 2.
    ['a shimmed python3 is not passed over for a real python', 'auto', ['shims', 'other'], 'shims/python3'],
    ['nothing on PATH', 'auto', [], undefined],
  ])('%s', (_, python, folders, expected) => {
    expect(locateInterpreter(python, root, { PATH: PATH(...folders) })).toBe(
      expected === undefined ? undefined : path.join(root, expected),
    );
  });

  test('an absolute interpreter is used as given, script or not', () => {
    const shim = path.join(folder('shims'), 'python3');
    expect(locateInterpreter(shim, root, { PATH: PATH('real') })).toBe(shim);
  });

  test('the interpreter it picks runs the service (a shim’s real interpreter included)', async () => {
    const previous = process.env.PATH;
    process.env.PATH = `${PATH('shims', 'real')}${path.delimiter}${previous ?? ''}`;
    try {
      const logger = recorder();
      const svc = service(logger, { python: 'python3' });
      expect(await svc.ready).toBe(true);
      expect(logger.debugs.join('\n')).toContain(`ready: ${path.join(root, 'real', 'python3')} `);
      expect(logger.debugs.join('\n')).toMatch(/, starting jobs with (posix_spawn|Popen)\./);
      svc.close();
    } finally {
      process.env.PATH = previous;
    }
  });
});
