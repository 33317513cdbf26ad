import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '../model/types.js';
import type { RawInputs, InputName } from '../plan/inputs.js';
import { quoteForShell } from '../plan/shell-words.js';
import { closestCandidate as closestMatch } from '../plan/did-you-mean.js';
import { byteSizeExpected, parseByteSize } from '../plan/byte-size.js';
import { splitForceList } from '../cache/force.js';

export type CliCommand = 'run' | 'plan' | 'merge' | 'compare' | 'cache';

/** What the command line asked for: the same raw inputs the action reads, plus CLI-only switches. */
export interface CliRequest {
  command: CliCommand;
  inputs: RawInputs;
  /** -C/--cwd: the working directory (default: the current directory). */
  cwd: string | undefined;
  json: boolean;
  help: boolean;
  version: boolean;
  color: boolean | undefined;
  /** `compare OLD NEW`: the two summary files, as given. */
  files: string[];
  /** The job cache flags (CLI only; see README "Caching"). */
  cache: CliCacheRequest;
}

/** `--cache`/`--no-cache`, `--cache-dir`, `--cache-size-limit`, `--force ID`, and `cache list|clear`. */
export interface CliCacheRequest {
  /** undefined: the default (off). */
  enabled: boolean | undefined;
  dir: string | undefined;
  /** Bytes; undefined: the default (10 GiB). */
  sizeLimit: number | undefined;
  force: string[];
  /** For the `cache` command. */
  action: 'list' | 'clear' | undefined;
}

type OptionSpec = { type: 'string' | 'boolean'; short?: string; multiple?: boolean };

/** Flags that map one-to-one onto an action input (kebab-case ↔ snake_case). */
export const INPUT_FLAGS: Record<
  string,
  { input: InputName; type: 'string' | 'boolean'; repeatable?: boolean }
> = {
  epochs: { input: 'epochs', type: 'string' },
  folds: { input: 'folds', type: 'string' },
  only: { input: 'only', type: 'string', repeatable: true },
  exclude: { input: 'exclude', type: 'string', repeatable: true },
  parallel: { input: 'parallel', type: 'boolean' },
  'max-workers': { input: 'max_workers', type: 'string' },
  retries: { input: 'retries', type: 'string' },
  config: { input: 'config', type: 'string' },
  'extra-args': { input: 'extra_args', type: 'string', repeatable: true },
  'dry-run': { input: 'dry_run', type: 'boolean' },
  list: { input: 'list_only', type: 'boolean' },
  'no-auto-discover': { input: 'no_auto_discover', type: 'boolean' },
  'discover-roots': { input: 'discover_roots', type: 'string', repeatable: true },
  'allow-partial-success': { input: 'allow_partial_success', type: 'boolean' },
  verbose: { input: 'verbose', type: 'boolean' },
  python: { input: 'python', type: 'string' },
  'results-dir': { input: 'results_dir', type: 'string' },
  'logs-dir': { input: 'logs_dir', type: 'string' },
  'summaries-dir': { input: 'summaries_dir', type: 'string' },
  'timeout-minutes': { input: 'timeout_minutes', type: 'string' },
  history: { input: 'history_file', type: 'string' },
  'rerun-failed': { input: 'rerun_failed_from', type: 'string' },
  shard: { input: 'shard', type: 'string' },
  shards: { input: 'shards', type: 'string' },
  'shard-target-minutes': { input: 'shard_target_minutes', type: 'string' },
  'merge-from': { input: 'merge_from', type: 'string' },
  'notify-webhook': { input: 'notify_webhook', type: 'string' },
  'notify-on': { input: 'notify_on', type: 'string' },

  baseline: { input: 'baseline', type: 'string' },

  'resource-interval': { input: 'resource_interval', type: 'string' },

  cpus: { input: 'cpus', type: 'string' },
  memory: { input: 'memory', type: 'string' },
  gpus: { input: 'gpus', type: 'string' },
};

const OPTIONS: Record<string, OptionSpec> = {
  ...Object.fromEntries(
    Object.entries(INPUT_FLAGS).map(([flag, spec]) => [
      flag,
      { type: spec.type, ...(spec.repeatable ? { multiple: true } : {}) },
    ]),
  ),
  'extra-arg': { type: 'string', multiple: true },
  'discover-root': { type: 'string', multiple: true },
  cwd: { type: 'string', short: 'C' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  cache: { type: 'boolean' },
  'no-cache': { type: 'boolean' },
  'cache-dir': { type: 'string' },
  'cache-size-limit': { type: 'string' },
  force: { type: 'string', multiple: true },
};

const COMMANDS: readonly CliCommand[] = ['run', 'plan', 'merge', 'compare', 'cache'];

/** Parses argv (without node and the script). Throws InputError with exit-code-2 semantics. */
export function parseCliArgs(argv: readonly string[]): CliRequest {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: attachValues(argv),
      options: OPTIONS as ParseArgsConfig['options'],
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw toInputError(error);
  }
  const values = parsed.values as Record<string, string | boolean | string[] | boolean[] | undefined>;
  const positionals = parsed.positionals;
  const command = (positionals[0] ?? 'run') as CliCommand;
  if (!COMMANDS.includes(command)) {
    const hint = closestMatch(command, COMMANDS);
    throw new InputError(
      'command',
      `Unknown command '${command}'.${hint ? ` Did you mean '${hint}'?` : ''} Expected one of: ${COMMANDS.join(', ')}.`,
    );
  }
  const files = positionals.slice(1);
  if (command === 'compare' && files.length !== 2 && !values.help) {
    throw new InputError(
      'arguments',
      `compare needs two training summaries, OLD and NEW (got ${files.length}): training-orchestrator compare OLD.json NEW.json [--json].`,
    );
  }
  const cacheAction = command === 'cache' ? parseCacheAction(files, Boolean(values.help)) : undefined;
  if (command !== 'compare' && command !== 'cache' && files.length > 0) {
    throw new InputError(
      'arguments',
      `Unexpected argument '${files[0]}'. Expected at most one command: ${COMMANDS.join(', ')}.`,
    );
  }
  if (typeof values.baseline === 'string' && values.baseline.trim().toLowerCase() === 'auto') {
    throw new InputError(
      '--baseline',
      `--baseline auto is not available on the command line: only the action can ask GitHub for the last ` +
        `successful run's summary. Expected a training summary JSON or a folder of them (for example the ` +
        `summaries folder of an earlier run).`,
    );
  }

  const inputs: RawInputs = {};
  for (const [flag, spec] of Object.entries(INPUT_FLAGS)) {
    const value = values[flag];
    if (value === undefined) continue;
    if (spec.type === 'boolean') inputs[spec.input] = value ? 'true' : 'false';
    else if (Array.isArray(value))
      inputs[spec.input] = (value as string[]).join(spec.input === 'extra_args' ? ' ' : ',');
    else inputs[spec.input] = String(value);
  }
  // --extra-arg X passes X as one literal word: quote it so the shared word splitter gives it back unchanged.
  const extraArg = values['extra-arg'] as string[] | undefined;
  if (extraArg?.length) {
    inputs.extra_args = [inputs.extra_args ?? '', quoteForShell(extraArg)]
      .filter((part) => part.length > 0)
      .join(' ');
  }
  const discoverRoot = values['discover-root'] as string[] | undefined;
  if (discoverRoot?.length) {
    inputs.discover_roots = [inputs.discover_roots ?? '', ...discoverRoot]
      .filter((part) => part.length > 0)
      .join(',');
  }
  // `auto` asks GitHub for an earlier run's summary: only the action can (it has the run and a token).
  for (const [flag, input] of [
    ['history', 'history_file'],
    ['rerun-failed', 'rerun_failed_from'],
  ] as const) {
    if (inputs[input]?.trim().toLowerCase() === 'auto') {
      throw new InputError(
        `--${flag}`,
        `Invalid --${flag} 'auto'. Expected the path of a training summary JSON: the CLI has no GitHub run to look ` +
          `up (auto works in the action only; download the training-summary artifact, e.g. with \`gh run download\`, and pass its file).`,
      );
    }
  }
  if (command === 'plan') inputs.mode = 'plan';
  if (command === 'merge') inputs.mode = 'merge';

  const color = values['no-color'] ? false : (values.color as boolean | undefined);
  if (values.cache && values['no-cache'])
    throw new InputError('--cache', 'Invalid --cache with --no-cache. Expected one of them.');
  const sizeText = values['cache-size-limit'] as string | undefined;
  // A bare number is bytes here, as it always was (see BareNumber in byte-size.ts).
  const sizeLimit = sizeText === undefined ? undefined : parseByteSize(sizeText, 'bytes');
  if (sizeText !== undefined && sizeLimit === undefined)
    throw new InputError(
      '--cache-size-limit',
      `Invalid --cache-size-limit '${sizeText}'. ${byteSizeExpected('bytes')}.`,
    );
  const cacheDir = values['cache-dir'] as string | undefined;
  if (cacheDir !== undefined && cacheDir.trim() === '')
    throw new InputError('--cache-dir', "Invalid --cache-dir ''. Expected a folder path.");
  return {
    command,
    inputs,
    cwd: values.cwd as string | undefined,
    json: Boolean(values.json),
    help: Boolean(values.help),
    version: Boolean(values.version),
    color,
    files: command === 'compare' ? files : [],
    cache: {
      enabled: values['no-cache'] ? false : values.cache ? true : undefined,
      dir: cacheDir,
      sizeLimit,
      force: splitForceList((values.force as string[] | undefined) ?? []),
      action: cacheAction,
    },
  };
}

function parseCacheAction(words: readonly string[], help: boolean): 'list' | 'clear' | undefined {
  if (help && words.length === 0) return undefined;
  if (words.length === 1 && (words[0] === 'list' || words[0] === 'clear')) return words[0];
  throw new InputError(
    'arguments',
    `cache needs one action, list or clear (got ${words.length === 0 ? 'none' : `'${words.join(' ')}'`}): training-orchestrator cache list [--cache-dir DIR].`,
  );
}

/**
 * `--extra-args "--lr 1e-3"` is the common case, but parseArgs refuses a value that starts with a dash
 * unless it is attached (`--extra-args=--lr 1e-3`): attach the next word to every option that takes one.
 */
function attachValues(argv: readonly string[]): string[] {
  const takesValue = new Set(
    Object.entries(OPTIONS).flatMap(([name, spec]) =>
      spec.type === 'string' ? [`--${name}`, ...(spec.short ? [`-${spec.short}`] : [])] : [],
    ),
  );
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (word === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (takesValue.has(word) && i + 1 < argv.length) {
      out.push(word.startsWith('--') ? `${word}=${argv[i + 1]}` : `${word}${argv[i + 1]}`);
      i++;
    } else out.push(word);
  }
  return out;
}

function toInputError(error: unknown): InputError {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message);
  if (unknown) {
    const flag = unknown[1].replace(/^-+/, '');
    const hint = closestMatch(flag, Object.keys(OPTIONS));
    return new InputError(
      unknown[1],
      `Unknown option '${unknown[1]}'.${hint ? ` Did you mean '--${hint}'?` : ''} Run with --help to see the accepted options.`,
    );
  }
  return new InputError(
    'arguments',
    `${message.replace(/\. To specify.*$/s, '.')} Run with --help to see the accepted options.`,
  );
}

export const HELP = `Usage: training-orchestrator [run|plan|merge] [options]
       training-orchestrator compare OLD.json NEW.json [--json]
       training-orchestrator cache list|clear [--cache-dir DIR]

Discovers train_*.py scripts, plans their commands and runs them, leaving per-job logs,
results and a JSON summary, exactly as the GitHub Action does.

Selecting jobs
  --only IDS                 run only these job ids (commas/spaces; repeatable)
  --exclude IDS              skip these job ids
  --config FILE              YAML job definitions (default: .github/training-jobs.yml if present)
  --no-auto-discover         do not discover train_*.py; config jobs only
  --discover-roots DIRS      folders to search (default: training, files/training, scripts, mlops/pipelines)
  --discover-root DIR        add one folder (repeatable)
  --rerun-failed FILE        only the jobs that failed, timed out or were cancelled in this summary

Arguments passed to the scripts
  --epochs N                 pass --epochs N to scripts that support it
  --folds K                  pass --folds K to scripts that support it
  --extra-args "ARGS"        appended to every job, split like shell words, never evaluated
  --extra-arg ARG            append one literal argument (repeatable)
  --python PATH              interpreter (default: auto = python3, then python)

Running
  --parallel                 run jobs in parallel
  --max-workers N|auto       jobs at once with --parallel (default 4; auto: as many as resources allow)
  --cpus N                   CPU cores the jobs share (default: detected)
  --memory SIZE              memory the jobs share, e.g. 16GiB (default: available memory, detected)
  --gpus LIST                GPU indices the jobs may use, e.g. 0,1, or none (default: nvidia-smi -L)
  --retries N                retries for a failed job (default 0)
  --timeout-minutes M        per-job timeout: 0.01 to 35791, decimals allowed (default 0 = none)
  --allow-partial-success    pass when some required jobs fail but at least one succeeded
  --history FILE             a previous summary: start the historically longest jobs first
  --baseline PATH            a previous summary (or a folder of them: the newest): compare metrics, check gates
  --shard K/N                run only shard K of N
  --resource-interval MS     sample each job's memory, CPU, processes, GPUs every MS ms: 20 to 60000, 0 or off = not measured (default 500)

Output
  --results-dir DIR          (default results)
  --logs-dir DIR             (default logs)
  --summaries-dir DIR        (default summaries)
  -C, --cwd DIR              the repository to work in (default: current directory)

Looking before running
  --list                     list jobs and the flags they support; run nothing
  --dry-run                  print each job's full command; run nothing
  --json                     with --list/--dry-run/plan: machine-readable output on stdout
  --verbose                  settings, detection decisions and scheduling on stderr

Job cache (see README "Caching")
  --cache / --no-cache       restore unchanged jobs from the cache and store succeeded ones (default: off)
  --cache-dir DIR            where entries live (default $XDG_CACHE_HOME/training-orchestrator,
                             ~/.cache/training-orchestrator; macOS ~/Library/Caches, Windows %LOCALAPPDATA%)
  --cache-size-limit SIZE    least recently used entries go beyond it (default 10GiB; units as --memory,
                             a number without a unit is bytes)
  --force ID                 run this job even if its entry is cached (repeatable; ids or globs, resnet_*)
  cache list | cache clear   show or remove the entries

Notifications
  --notify-webhook URL       POST a Slack-compatible message about the run to this incoming webhook
                             (or set TRAINING_ORCHESTRATOR_NOTIFY_WEBHOOK: a URL on the command line
                             lands in shell history); redacted from all output
  --notify-on WHEN           always, failure (default) or change (status differs from the baseline's)

Sharding (see README)
  plan --shards N            print a GitHub matrix of N shards (or --shard-target-minutes M with --history)
  merge --merge-from DIR     combine shard summaries into one

Comparing runs
  compare OLD NEW            every numeric metric of every job in two summaries; --json for machines

  -h, --help                 this help
  -V, --version              the version

Exit codes: 0 success, 1 a job failure that fails the run, 2 bad input or config; a run cancelled by
a signal (SIGINT, SIGTERM, SIGHUP: jobs stopped, summary written) exits 128 + its number: 129 SIGHUP,
130 SIGINT, 143 SIGTERM. Output into a closed pipe (| head -1) is dropped; a run still runs to the end.
`;
