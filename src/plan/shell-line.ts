import path from 'node:path';
import { quoteForShell } from './shell-words.js';

/** What a shell line needs of a planned job: what the runner spawns. */
export interface ShellLineJob {
  /** argv; the first word is the program (looked up on PATH, as spawn does). */
  command: readonly string[];
  /** Absolute. */
  cwd: string;
  /** Set on top of the inherited environment. */
  env: Readonly<Record<string, string>>;
}

/**
 * Names bash will not pass on as `NAME=value cmd`: read-only (UID, EUID, PPID, SHELLOPTS, BASHOPTS,
 * BASH_VERSINFO), or its own (`_`, SHLVL, the BASH_* arrays, GROUPS, FUNCNAME, PIPESTATUS). Measured with
 * bash 5.2: `NAME='v 1' /usr/bin/env` does not print `NAME=v 1` for these. Jobs setting one get
 * `/usr/bin/env NAME=value …`, which passes anything.
 */
const BASH_OWN_NAMES = new Set([
  '_',
  'BASHOPTS',
  'BASH_ALIASES',
  'BASH_ARGC',
  'BASH_ARGV',
  'BASH_CMDS',
  'BASH_LINENO',
  'BASH_REMATCH',
  'BASH_SOURCE',
  'BASH_VERSINFO',
  'EUID',
  'FUNCNAME',
  'GROUPS',
  'PIPESTATUS',
  'PPID',
  'SHELLOPTS',
  'SHLVL',
  'UID',
]);

/** Words bash reads as syntax, not as a program, when they come first: quoted, they are a program again. */
const RESERVED_WORDS = new Set([
  'case',
  'coproc',
  'do',
  'done',
  'elif',
  'else',
  'esac',
  'fi',
  'for',
  'function',
  'if',
  'in',
  'select',
  'then',
  'time',
  'until',
  'while',
]);

/** `NAME=…` at the start of a word: bash would take the program for an assignment. */
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/**
 * The line that does what the runner does for `job`, pasted into bash in `from` (the repository root: the
 * CLI's folder, the action's workspace), or given to `bash -c` there: same program and arguments, same
 * working directory, same variables on top of the inherited environment. Used for every printed dry run.
 *
 * - `(cd ./DIR && …)` when the job runs elsewhere: a subshell, so pasting several lines never moves the
 *   user's shell; `./` keeps `cd` from reading a folder named `-P` as an option or searching CDPATH.
 * - The job's env as `NAME=value` before the program (every value quoted as needed); when one of them is a
 *   name bash keeps for itself (`UID`, `SHLVL`, …), `/usr/bin/env NAME=value …` instead.
 * - Every word quoted with quoteForShell, and the program word also when bash would read it as an
 *   assignment (`X=1`) or a keyword (`time`, `if`); under `/usr/bin/env`, a program that env itself would
 *   misread (`X=1`, `-x`) runs through `/bin/sh -c 'exec "$@"'`, which execs it by name. That one rare
 *   combination is not exact when the job also sets PPID, OPTIND, PWD or IFS: sh sets those itself.
 *
 * `redact` is applied to each word and value before it is quoted, so a secret holding a quote is still
 * found (quoting would have split it); the caller redacts the whole line too. The runner's own
 * PYTHONUNBUFFERED=1 (it only makes Python print without buffering) is not part of the line.
 */
export function shellLine(
  job: ShellLineJob,
  from: string,
  redact: (text: string) => string = (text) => text,
): string {
  const words = job.command.map(redact);
  const assignments = Object.entries(job.env).map(
    ([name, value]) => `${name}=${quoteForShell([redact(value)])}`,
  );
  const [program = '', ...args] = words;
  let command: string;
  if (!Object.keys(job.env).some((name) => BASH_OWN_NAMES.has(name))) {
    const first =
      ASSIGNMENT.test(program) || RESERVED_WORDS.has(program)
        ? forceQuote(program)
        : quoteForShell([program]);
    command = [...assignments, [first, ...args.map((arg) => quoteForShell([arg]))].join(' ')].join(' ');
  } else {
    const viaSh = program.includes('=') || program.startsWith('-');
    const run = viaSh ? ['/bin/sh', '-c', 'exec "$@"', 'sh', program, ...args] : [program, ...args];
    command = ['/usr/bin/env', ...assignments, quoteForShell(run)].join(' ');
  }
  const directory = directoryWord(from, job.cwd);
  return directory === undefined ? command : `(cd ${directory} && ${command})`;
}

/** The last answer of directoryWord: a dry run asks for the same two folders for every job. */
let lastDirectory: { from: string; cwd: string; word: string | undefined } | undefined;

/** `cwd` as `cd`'s quoted argument from `from`; undefined when it is `from` itself. */
function directoryWord(from: string, cwd: string): string | undefined {
  if (lastDirectory?.from === from && lastDirectory.cwd === cwd) return lastDirectory.word;
  const relative = path.relative(from, cwd);
  let word: string | undefined;
  if (relative !== '') {
    const posix = relative.split(path.sep).join('/');
    word = quoteForShell([
      path.isAbsolute(posix) || posix.startsWith('../') || posix === '..' ? posix : `./${posix}`,
    ]);
  }
  lastDirectory = { from, cwd, word };
  return word;
}

/** Single quotes even around a word that needs none (`'X=1'`, `'time'`). */
function forceQuote(word: string): string {
  const quoted = quoteForShell([word]);
  return quoted.startsWith("'") ? quoted : `'${quoted}'`;
}
