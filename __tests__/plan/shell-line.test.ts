import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { PlannedJob } from '../../src/model/types.js';
import { shellLine, type ShellLineJob } from '../../src/plan/shell-line.js';
import { runPlan } from '../../src/run/run-plan.js';

const PYTHON = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], {
  encoding: 'utf8',
}).trim();

describe('shellLine: the text', () => {
  const root = path.resolve('/repo');
  const at = (over: Partial<ShellLineJob>): ShellLineJob => ({
    command: ['/usr/bin/python3', 'training/train_a.py'],
    cwd: root,
    env: {},
    ...over,
  });
  test.each<[string, ShellLineJob, string]>([
    ['a plain job', at({}), '/usr/bin/python3 training/train_a.py'],
    ['args with quotes and spaces', at({ command: ['python', "it's", 'a b'] }), `python 'it'\\''s' 'a b'`],
    [
      'env before the program',
      at({ env: { SEED: '1', NOTE: 'two words' } }),
      "SEED=1 NOTE='two words' /usr/bin/python3 training/train_a.py",
    ],
    ['an empty value', at({ env: { EMPTY: '' } }), "EMPTY='' /usr/bin/python3 training/train_a.py"],
    ['a program that looks like an assignment', at({ command: ['X=1', 'a'] }), "'X=1' a"],
    ['a program that is a bash keyword', at({ command: ['time', 'make'] }), "'time' make"],
    [
      'a cwd below the root',
      at({ cwd: path.join(root, 'sub dir') }),
      "(cd './sub dir' && /usr/bin/python3 training/train_a.py)",
    ],
    [
      'a cwd that looks like an option',
      at({ cwd: path.join(root, '-P') }),
      '(cd ./-P && /usr/bin/python3 training/train_a.py)',
    ],
    [
      'a cwd above the root',
      at({ cwd: path.resolve('/elsewhere') }),
      '(cd ../elsewhere && /usr/bin/python3 training/train_a.py)',
    ],
    [
      'a name bash keeps for itself',
      at({ env: { UID: '5', A: '1' } }),
      '/usr/bin/env UID=5 A=1 /usr/bin/python3 training/train_a.py',
    ],
    [
      'bash-own name and an assignment-like program',
      at({ command: ['X=1'], env: { SHLVL: '9' } }),
      `/usr/bin/env SHLVL=9 /bin/sh -c 'exec "$@"' sh X=1`,
    ],
  ])('%s', (_name, job, expected) => {
    expect(shellLine(job, root)).toBe(expected);
  });

  test('secrets are redacted word by word, before quoting splits them', () => {
    const redact = (text: string): string => text.replaceAll("it's-secret", '***');
    const line = shellLine(
      at({ command: ['python', "--key=it's-secret"], env: { KEY: "it's-secret" } }),
      root,
      redact,
    );
    expect(line).toBe("KEY='***' python '--key=***'");
  });
});

/**
 * The property: for random argv, env and working directories, the line run by real `bash -c` from the
 * repository root does what the runner spawns: same argv, same working directory, same environment. A tiny
 * recorder program writes what it received; it is found on PATH under names bash would misread (`X=1`, `time`).
 */
describe('shellLine: bash runs exactly what the runner spawns', () => {
  let repo: string;
  let bin: string;
  let out: string;
  beforeAll(() => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'shell-line-'));
    repo = path.join(base, 'repo');
    bin = path.join(base, 'bin');
    out = path.join(base, 'received.json');
    fs.mkdirSync(repo);
    fs.mkdirSync(bin);
    const recorder = [
      `#!${PYTHON}`,
      'import json, os, sys',
      'with open(sys.argv[1], "w") as f:',
      '    json.dump({"argv": sys.argv[2:], "cwd": os.getcwd(), "env": dict(os.environ)}, f)',
      '',
    ].join('\n');
    for (const name of ['record', 'X=1', 'time', 'if']) {
      fs.writeFileSync(path.join(bin, name), recorder, { mode: 0o755 });
    }
    for (const dir of FOLDERS) fs.mkdirSync(path.join(repo, dir), { recursive: true });
  });

  const FOLDERS = ['.', 'sub dir', '-P', "it's", '模型', 'a/$(echo x)', 'c d/e`f`'];
  const SPECIAL = [
    "'",
    '"',
    '$',
    '`',
    '\\',
    '\n',
    '\t',
    ' ',
    '!',
    '*',
    '?',
    '~',
    '#',
    ';',
    '|',
    '&',
    '(',
    ')',
    '{',
    '}',
    '<',
    '>',
    '=',
    '-',
    '%',
    'é',
    '模',
    '🎉',
    '$(id)',
    '${HOME}',
    '\r',
  ];
  const text = fc
    .string({
      unit: fc.oneof(fc.constantFrom(...SPECIAL), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })),
      maxLength: 12,
    })
    // No NUL (argv cannot hold one), no lone surrogate (it has no UTF-8 form).
    .filter((value) => !value.includes('\0') && Buffer.from(value).toString() === value);
  const NAMES = [
    'A',
    'X_1',
    'SEED',
    'IFS',
    'CDPATH',
    'BASH_ENV',
    'ENV',
    'PS4',
    'HOME',
    'UID',
    'SHLVL',
    '_',
    'BASH_ARGV',
    'GROUPS',
    'SHELLOPTS',
    'PPID',
    'OLDPWD',
    'PWD',
  ];
  /** Variables bash itself sets for the program it starts; the runner's own PYTHONUNBUFFERED. */
  const SET_BY_BASH = new Set(['_', 'SHLVL', 'PWD', 'OLDPWD']);

  async function viaRunner(job: PlannedJob): Promise<unknown> {
    fs.rmSync(out, { force: true });
    const [result] = await runPlan(
      { jobs: [job], warnings: [], python: PYTHON, configPath: undefined },
      {
        workingDirectory: repo,
        parallel: false,
        maxWorkers: 1,
      },
    );
    expect(result.status).toBe('succeeded');
    return JSON.parse(fs.readFileSync(out, 'utf8'));
  }

  function viaBash(line: string): unknown {
    fs.rmSync(out, { force: true });
    execFileSync('bash', ['-c', line], { cwd: repo, stdio: 'pipe' });
    return JSON.parse(fs.readFileSync(out, 'utf8'));
  }

  function comparable(received: unknown, job: PlannedJob): unknown {
    const { argv, cwd, env } = received as { argv: string[]; cwd: string; env: Record<string, string> };
    const kept = Object.entries(env).filter(
      ([name]) => name !== 'PYTHONUNBUFFERED' && (name in job.env || !SET_BY_BASH.has(name)),
    );
    return {
      argv,
      cwd: fs.realpathSync(cwd),
      env: Object.fromEntries(kept.sort(([a], [b]) => (a < b ? -1 : 1))),
    };
  }

  test('same argv, working directory and environment, for random jobs', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('record', 'X=1', 'time', 'if'),
        fc.array(text, { maxLength: 5 }),
        fc.dictionary(fc.constantFrom(...NAMES), text, { maxKeys: 4 }),
        fc.constantFrom(...FOLDERS),
        async (program, args, env, folder) => {
          const job: PlannedJob = {
            id: 'rec',
            script: undefined,
            command: [program, out, ...args],
            cwd: path.join(repo, folder),
            env: { ...env, PATH: `${bin}:${process.env.PATH ?? ''}` },
            optional: false,
            retries: 0,
            timeoutMinutes: 0,
            outputDir: 'results/rec',
            logPath: 'logs/rec.log',
            supports: { epochs: false, folds: false, output_dir: false },
            source: 'config',
            runsOn: undefined,
            baseId: undefined,
          };
          // The documented exception: a program named like an assignment, a bash-own name (so /usr/bin/env) and a
          // variable that the /bin/sh in between sets itself.
          const viaSh =
            program === 'X=1' &&
            ['UID', 'SHLVL', '_', 'BASH_ARGV', 'GROUPS', 'SHELLOPTS', 'PPID'].some((n) => n in env);
          fc.pre(!(viaSh && ['PPID', 'OPTIND', 'PWD', 'IFS'].some((n) => n in env)));
          const line = shellLine(job, repo);
          const spawned = comparable(await viaRunner(job), job);
          const pasted = comparable(viaBash(line), job);
          expect(pasted).toEqual(spawned);
        },
      ),
      {
        numRuns: 20,
        examples: [
          ['X=1', ["it's", '$(id)', '`id`', 'a\nb', '模型 🎉'], { A: 'x y', IFS: '"' }, 'sub dir'],
          ['time', ['-P', '--x=$HOME'], { UID: '5', SEED: "'" }, '-P'],
          ['if', [''], { SHLVL: '$((1+1))', _: 'u' }, 'a/$(echo x)'],
          ['record', ['\\', '*'], { HOME: '', CDPATH: '/' }, "it's"],
        ],
      },
    );
  }, 120_000);
});
