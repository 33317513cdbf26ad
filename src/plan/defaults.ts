/**
 * Every default of the orchestrator in one place. action.yml repeats the user-facing ones as input
 * defaults (a test keeps both in step); the shells and the runner import the rest from here.
 */

/** Folders searched for training scripts when neither `discover_roots` nor the config names any. */
export const DEFAULT_DISCOVER_ROOTS: readonly string[] = [
  'training',
  'files/training',
  'scripts',
  'mlops/pipelines',
];

/** File names (not paths) that make a script a job. */
export const DEFAULT_DISCOVER_PATTERN = 'train_*.py';

/** The prefix stripped from a script's file stem to make its job id (`train_als.py` is `als`). */
export const SCRIPT_ID_PREFIX = 'train_';

/**
 * Folder names discovery never enters, wherever they are. Hidden folders (a name starting with `.`) and
 * any folder holding `pyvenv.cfg` (a virtual environment under any name) are skipped as well.
 */
export const PRUNED_DIRECTORY_NAMES: readonly string[] = [
  '.git',
  'node_modules',
  '.venv',
  'venv',
  'site-packages',
  '__pycache__',
];

/** The file that marks a folder as a Python virtual environment (PEP 405). */
export const VIRTUAL_ENV_MARKER = 'pyvenv.cfg';

/** Folders discovery reads at once: enough to keep libuv's thread pool busy, few enough to spare file handles. */
export const DISCOVERY_CONCURRENCY = 32;

/** `max_workers`: jobs running at once when `parallel` is on. */
export const DEFAULT_MAX_WORKERS = 4;
/** Upper bound for `max_workers`, far above any runner's core count; guards against typos like 40000. */
export const MAX_MAX_WORKERS = 1024;

/** `retries`: extra attempts for a failed job. */
export const DEFAULT_RETRIES = 0;
/** Upper bound for `retries` (input and config): a failing job must end at some point. */
export const MAX_RETRIES = 100;

/** `timeout_minutes`: 0 means no timeout. */
export const DEFAULT_TIMEOUT_MINUTES = 0;
/**
 * The shortest timeout accepted (0.6 s): a positive value below it is refused, never rounded to "no
 * timeout" (a timer of less than a millisecond is 0 ms, and 0 means none).
 */
export const MIN_TIMEOUT_MINUTES = 0.01;
/** The longest timer Node can arm (2^31 - 1 ms), in minutes; longer values would fire at once. */
export const MAX_TIMEOUT_MINUTES = Math.floor((2 ** 31 - 1) / 60_000);

/** `resource_interval`: milliseconds between samples (a 1 s job still gets about four: at spawn, two, at its end). 200 ms costs ~1.3% of a core at 4 jobs of 11 processes here, 500 ms under 1% (bench/sampler.mjs). */
export const DEFAULT_RESOURCE_INTERVAL_MS = 500;
/** The shortest `resource_interval` accepted: below it the sampler's own cost would show. */
export const MIN_RESOURCE_INTERVAL_MS = 20;
/** The longest `resource_interval` accepted (a minute; longer would miss whole jobs). */
export const MAX_RESOURCE_INTERVAL_MS = 60_000;

/** Output folders, relative to the working directory. */
export const DEFAULT_RESULTS_DIR = 'results';
export const DEFAULT_LOGS_DIR = 'logs';
export const DEFAULT_SUMMARIES_DIR = 'summaries';

/** `python`: `auto` is the first of these on PATH, resolved once to its real interpreter. */
export const DEFAULT_PYTHON = 'auto';
export const AUTO_PYTHON_CANDIDATES: readonly string[] = ['python3', 'python'];
/** How long `python -c "import sys; print(sys.executable)"` may take (a cold pyenv shim takes ~100 ms). */
export const PYTHON_PROBE_TIMEOUT_MS = 15_000;

/** The config file read when the `config` input is empty, if it exists. */
export const DEFAULT_CONFIG_PATH = '.github/training-jobs.yml';
/** The only config format version; `version:` may be omitted. */
export const CONFIG_VERSION = 1;
/**
 * A config file larger than this is refused before parsing. Job definitions are usually a few KiB, but a
 * generated config of 20,000 explicit jobs is about 1.3 MB. Both readers are linear: a JSON config (the
 * JSON reader, src/plan/json-config.ts) reads 15-30 MB/s here, so 8 MiB takes a fraction of a second; the
 * YAML parser about 1.2 MB/s, so a YAML file at the cap takes ~6 s. That YAML time, not linearity, is
 * what keeps the cap here (bench/notes.md, planning).
 */
export const MAX_CONFIG_BYTES = 8 * 1024 * 1024;
/** YAML aliases (`*name`) per config; more is treated as an alias bomb ("billion laughs") and refused. */
export const MAX_CONFIG_ALIASES = 100;
/** YAML nesting levels per config: a job config needs about 8; the yaml parser slows down badly past ~100. */
export const MAX_CONFIG_NESTING = 32;
/** GitHub's own limit for a matrix; a sweep expanding to more is almost certainly a mistake. */
export const MAX_SWEEP_VARIANTS = 256;

/** Job ids are file names: logs/<id>.log, results/<id>_results. */
export const JOB_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** `shard: k/n`: GitHub runs at most 256 matrix entries per job. */
export const MAX_SHARDS = 256;

/** Runner timings (used by src/run). */
export const RETRY_DELAY_MS = 2000;
/** After a timeout, SIGTERM first; SIGKILL if the job is still alive this much later. */
export const TIMEOUT_KILL_GRACE_MS = 10_000;
/** On cancellation (SIGINT/SIGTERM of the orchestrator) the grace is shorter: the runner is about to go. */
export const CANCEL_KILL_GRACE_MS = 2000;

/** Artifacts (used by src/action). */
export const DEFAULT_RESULTS_ARTIFACT_NAME = 'training-results';
export const DEFAULT_SUMMARY_ARTIFACT_NAME = 'training-summary';
/** The deploy hand-off (`upload_models`): the models/ folders of the jobs that succeeded and passed their gates. */
export const DEFAULT_MODELS_ARTIFACT_NAME = 'training-models';
export const DEFAULT_RESULTS_RETENTION_DAYS = 30;
export const DEFAULT_SUMMARY_RETENTION_DAYS = 90;
/** GitHub accepts 1-90 days of artifact retention. */
export const MIN_RETENTION_DAYS = 1;
export const MAX_RETENTION_DAYS = 90;

/** GitHub REST and webhooks (used by src/action and src/report, issue 11). */
/** Each REST request (run and artifact lookups, PR comments) may take this long before it is abandoned. */
export const GITHUB_REQUEST_TIMEOUT_MS = 30_000;
/** A 5xx or 429 answer (or a dropped connection) of the REST API is retried this many times. */
export const GITHUB_REQUEST_RETRIES = 2;
/** First pause before such a retry; doubled each time. */
export const GITHUB_RETRY_DELAY_MS = 1000;
/** `auto` lookups: the most recent runs of the workflow whose artifacts are searched. */
export const AUTO_LOOKUP_MAX_RUNS = 10;
/** `auto` lookups: the whole artifact download (API redirect plus blob) may take this long. */
export const AUTO_DOWNLOAD_TIMEOUT_MS = 120_000;
/** A summary JSON downloaded for `auto` larger than this is refused (a summary of 10,000 jobs is ~20 MiB). */
export const AUTO_SUMMARY_MAX_BYTES = 64 * 1024 * 1024;
/** Under the working directory: where `auto` places the summary it downloaded (never uploaded). */
export const AUTO_FOLDER = '.training-orchestrator/auto';
/** GitHub refuses a comment longer than 65,536 characters; the rest is room for the marker and notes. */
export const PR_COMMENT_MAX_CHARS = 60_000;
/** `notify_on` when empty. */
export const DEFAULT_NOTIFY_ON = 'failure';
/** One webhook POST may take this long. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** A 5xx or 429 answer of the webhook is retried this many times. */
export const WEBHOOK_RETRIES = 2;
/** A webhook's Retry-After longer than this is not waited for (the notification is given up with a warning). */
export const WEBHOOK_MAX_RETRY_AFTER_MS = 30_000;
