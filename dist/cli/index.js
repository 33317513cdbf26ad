#!/usr/bin/env node
import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 956:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   p: () => (/* binding */ nameNonce)
/* harmony export */ });
/**
 * `digits` random hex digits (at most 12) for the name of a temporary or probe file, so that two processes,
 * or two calls in one, never pick the same name. Every caller creates the file with O_EXCL (`flag: 'wx'`): a
 * name that is taken fails, nothing is followed or overwritten, so the name only has to be unlikely to
 * collide, not unguessable. Math.random, not node:crypto: loading node:crypto and drawing its first bytes
 * cost ~8 ms of every CLI start, for a name (bench/notes.md, section 5).
 */
function nameNonce(digits) {
    const value = Math.floor(Math.random() * 16 ** digits);
    return value.toString(16).padStart(digits, '0');
}


/***/ }),

/***/ 440:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   d: () => (/* binding */ InputError)
/* harmony export */ });
/**
 * The contracts between the pure core (plan → run → report) and the two shells (action, CLI).
 * Data flows one way: Settings → Plan → JobResult[] → Summary.
 * Nothing in src/model, src/plan, src/run, src/report or src/orchestrate imports @actions/*.
 */
/** A bad input or config: exit code 2 / core.setFailed, before any job starts. */
class InputError extends Error {
    name = 'InputError';
    /** The input name (`max_workers`) or `file:line` the message is about. */
    where;
    constructor(where, message) {
        super(message);
        this.where = where;
    }
}


/***/ }),

/***/ 8719:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $j: () => (/* binding */ formatByteSize),
/* harmony export */   GX: () => (/* binding */ byteSizeExpected),
/* harmony export */   nS: () => (/* binding */ parseByteSize)
/* harmony export */ });
/*
 * Sizes in bytes, read from what people type and written for people to read: one set of units for every size
 * the user gives (the config's `memory`, the `memory` input and `--memory`, `--cache-size-limit`) and one
 * formatter for every size the product prints (memory, log limits, artifacts, the cache).
 *
 * Units are case-insensitive and may follow a space:
 * - `K`, `M`, `G`, `T` and `KiB`, `MiB`, `GiB`, `TiB` (also `Ki`…`Ti`) are binary (1 G = 1024³ bytes), as in
 *   Docker, the JVM and `free`;
 * - `KB`, `MB`, `GB`, `TB` are decimal (1 GB = 1000³ bytes), as disk makers write them;
 * - `B` is bytes.
 * Decimals are allowed (`1.5G`) and the result is rounded up to whole bytes.
 */
const UNITS_TEXT = 'K, M, G, T and KiB…TiB are powers of 1024; KB, MB, GB, TB powers of 1000; B bytes';
/** The "Expected …" sentence of an error about a size, without the final full stop. */
function byteSizeExpected(bare) {
    return bare === 'refused'
        ? `Expected a size above 0 with a unit, such as 4GiB, 512MB or 1.5G (${UNITS_TEXT})`
        : `Expected a size above 0, such as 10GiB, 500MB or 2G (${UNITS_TEXT}; a whole number without a unit is bytes)`;
}
const UNIT_BYTES = {
    b: 1,
    k: 1024,
    ki: 1024,
    kib: 1024,
    m: 1024 ** 2,
    mi: 1024 ** 2,
    mib: 1024 ** 2,
    g: 1024 ** 3,
    gi: 1024 ** 3,
    gib: 1024 ** 3,
    t: 1024 ** 4,
    ti: 1024 ** 4,
    tib: 1024 ** 4,
    kb: 1000,
    mb: 1000 ** 2,
    gb: 1000 ** 3,
    tb: 1000 ** 4,
};
/**
 * `text` in bytes, or undefined when it is not a size above 0 (see byteSizeExpected). A number without a unit
 * is read as `bare` says. Never throws.
 */
function parseByteSize(text, bare = 'refused') {
    const match = /^\s*([0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*([a-z]*)\s*$/i.exec(text);
    if (!match)
        return undefined;
    let unit;
    if (match[2] === '')
        unit = bare === 'bytes' && /^[0-9]+$/.test(match[1]) ? 1 : undefined;
    else
        unit = UNIT_BYTES[match[2].toLowerCase()];
    if (unit === undefined)
        return undefined;
    const bytes = Math.ceil(Number(match[1]) * unit);
    if (!(bytes > 0) || !Number.isSafeInteger(bytes))
        return undefined;
    return bytes;
}
const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
/**
 * Bytes for people, in binary units (`512 B`, `1.5 KiB`, `4 GiB`; trailing zeros dropped), which
 * parseByteSize reads back (to the precision shown). `bytes` is a finite number ≥ 0.
 */
function formatByteSize(bytes, precision = 'tenths') {
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) {
        value /= 1024;
        unit++;
    }
    let shown = round(value, unit, precision);
    // 1023.96 KiB rounds to 1024 KiB: say 1 MiB instead.
    if (shown >= 1024 && unit < UNITS.length - 1) {
        unit++;
        shown = round(value / 1024, unit, precision);
    }
    return `${shown} ${UNITS[unit]}`;
}
function round(value, unit, precision) {
    const decimals = unit === 0 ? 0 : precision === 'tenths' ? 1 : value >= 99.95 ? 0 : value >= 9.995 ? 1 : 2;
    const factor = 10 ** decimals;
    return Math.round(value * factor) / factor;
}


/***/ }),

/***/ 2926:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ numberText)
/* harmony export */ });
/**
 * What config conversion and error messages need from a parsed config file, whichever parser read it. Kept
 * apart from yaml-location.ts so that a JSON config (json-config.ts) never loads the YAML parser.
 */
const DECIMAL_LITERAL = /^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/;
/** scalarText given the scalar's source text (undefined when unknown). */
function numberText(source, value) {
    if (typeof value === 'number' && source !== undefined && DECIMAL_LITERAL.test(source))
        return source;
    return String(value);
}


/***/ }),

/***/ 1131:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ checkConfigSize)
/* harmony export */ });
/* harmony import */ var _model_types_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(440);
/* harmony import */ var _defaults_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(7621);


/** Refuses config text over MAX_CONFIG_BYTES (in UTF-8), whichever parser reads it. */
function checkConfigSize(text, file) {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > _defaults_js__WEBPACK_IMPORTED_MODULE_1__/* .MAX_CONFIG_BYTES */ .GW) {
        throw new _model_types_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .d(file, `${file}: the config file is ${bytes} bytes; at most ${_defaults_js__WEBPACK_IMPORTED_MODULE_1__/* .MAX_CONFIG_BYTES */ .GW} bytes are accepted.`);
    }
}


/***/ }),

/***/ 7621:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $w: () => (/* binding */ DEFAULT_MAX_WORKERS),
/* harmony export */   BE: () => (/* binding */ JOB_ID_PATTERN),
/* harmony export */   BS: () => (/* binding */ MAX_CONFIG_NESTING),
/* harmony export */   BU: () => (/* binding */ MIN_RESOURCE_INTERVAL_MS),
/* harmony export */   BX: () => (/* binding */ SCRIPT_ID_PREFIX),
/* harmony export */   Bi: () => (/* binding */ DEFAULT_CONFIG_PATH),
/* harmony export */   EV: () => (/* binding */ DEFAULT_TIMEOUT_MINUTES),
/* harmony export */   Fb: () => (/* binding */ VIRTUAL_ENV_MARKER),
/* harmony export */   GW: () => (/* binding */ MAX_CONFIG_BYTES),
/* harmony export */   H1: () => (/* binding */ DEFAULT_PYTHON),
/* harmony export */   KN: () => (/* binding */ DEFAULT_DISCOVER_ROOTS),
/* harmony export */   LD: () => (/* binding */ DEFAULT_SUMMARIES_DIR),
/* harmony export */   Pf: () => (/* binding */ DEFAULT_LOGS_DIR),
/* harmony export */   SD: () => (/* binding */ DEFAULT_NOTIFY_ON),
/* harmony export */   SU: () => (/* binding */ WEBHOOK_MAX_RETRY_AFTER_MS),
/* harmony export */   TP: () => (/* binding */ DISCOVERY_CONCURRENCY),
/* harmony export */   TU: () => (/* binding */ DEFAULT_RETRIES),
/* harmony export */   U1: () => (/* binding */ MAX_SWEEP_VARIANTS),
/* harmony export */   V8: () => (/* binding */ MIN_TIMEOUT_MINUTES),
/* harmony export */   VM: () => (/* binding */ DEFAULT_DISCOVER_PATTERN),
/* harmony export */   _y: () => (/* binding */ AUTO_PYTHON_CANDIDATES),
/* harmony export */   dT: () => (/* binding */ MAX_RESOURCE_INTERVAL_MS),
/* harmony export */   dh: () => (/* binding */ PYTHON_PROBE_TIMEOUT_MS),
/* harmony export */   hF: () => (/* binding */ MAX_TIMEOUT_MINUTES),
/* harmony export */   hH: () => (/* binding */ MAX_SHARDS),
/* harmony export */   kE: () => (/* binding */ DEFAULT_RESOURCE_INTERVAL_MS),
/* harmony export */   kd: () => (/* binding */ MAX_RETRIES),
/* harmony export */   mc: () => (/* binding */ MAX_MAX_WORKERS),
/* harmony export */   ns: () => (/* binding */ DEFAULT_RESULTS_DIR),
/* harmony export */   pJ: () => (/* binding */ MAX_CONFIG_ALIASES),
/* harmony export */   pV: () => (/* binding */ WEBHOOK_RETRIES),
/* harmony export */   tr: () => (/* binding */ WEBHOOK_TIMEOUT_MS),
/* harmony export */   u9: () => (/* binding */ PRUNED_DIRECTORY_NAMES)
/* harmony export */ });
/* unused harmony exports CONFIG_VERSION, RETRY_DELAY_MS, TIMEOUT_KILL_GRACE_MS, CANCEL_KILL_GRACE_MS, DEFAULT_RESULTS_ARTIFACT_NAME, DEFAULT_SUMMARY_ARTIFACT_NAME, DEFAULT_MODELS_ARTIFACT_NAME, DEFAULT_RESULTS_RETENTION_DAYS, DEFAULT_SUMMARY_RETENTION_DAYS, MIN_RETENTION_DAYS, MAX_RETENTION_DAYS, GITHUB_REQUEST_TIMEOUT_MS, GITHUB_REQUEST_RETRIES, GITHUB_RETRY_DELAY_MS, AUTO_LOOKUP_MAX_RUNS, AUTO_DOWNLOAD_TIMEOUT_MS, AUTO_SUMMARY_MAX_BYTES, AUTO_FOLDER, PR_COMMENT_MAX_CHARS */
/**
 * Every default of the orchestrator in one place. action.yml repeats the user-facing ones as input
 * defaults (a test keeps both in step); the shells and the runner import the rest from here.
 */
/** Folders searched for training scripts when neither `discover_roots` nor the config names any. */
const DEFAULT_DISCOVER_ROOTS = [
    'training',
    'files/training',
    'scripts',
    'mlops/pipelines',
];
/** File names (not paths) that make a script a job. */
const DEFAULT_DISCOVER_PATTERN = 'train_*.py';
/** The prefix stripped from a script's file stem to make its job id (`train_als.py` is `als`). */
const SCRIPT_ID_PREFIX = 'train_';
/**
 * Folder names discovery never enters, wherever they are. Hidden folders (a name starting with `.`) and
 * any folder holding `pyvenv.cfg` (a virtual environment under any name) are skipped as well.
 */
const PRUNED_DIRECTORY_NAMES = [
    '.git',
    'node_modules',
    '.venv',
    'venv',
    'site-packages',
    '__pycache__',
];
/** The file that marks a folder as a Python virtual environment (PEP 405). */
const VIRTUAL_ENV_MARKER = 'pyvenv.cfg';
/** Folders discovery reads at once: enough to keep libuv's thread pool busy, few enough to spare file handles. */
const DISCOVERY_CONCURRENCY = 32;
/** `max_workers`: jobs running at once when `parallel` is on. */
const DEFAULT_MAX_WORKERS = 4;
/** Upper bound for `max_workers`, far above any runner's core count; guards against typos like 40000. */
const MAX_MAX_WORKERS = 1024;
/** `retries`: extra attempts for a failed job. */
const DEFAULT_RETRIES = 0;
/** Upper bound for `retries` (input and config): a failing job must end at some point. */
const MAX_RETRIES = 100;
/** `timeout_minutes`: 0 means no timeout. */
const DEFAULT_TIMEOUT_MINUTES = 0;
/**
 * The shortest timeout accepted (0.6 s): a positive value below it is refused, never rounded to "no
 * timeout" (a timer of less than a millisecond is 0 ms, and 0 means none).
 */
const MIN_TIMEOUT_MINUTES = 0.01;
/** The longest timer Node can arm (2^31 - 1 ms), in minutes; longer values would fire at once. */
const MAX_TIMEOUT_MINUTES = Math.floor((2 ** 31 - 1) / 60_000);
/** `resource_interval`: milliseconds between samples (a 1 s job still gets about four: at spawn, two, at its end). 200 ms costs ~1.3% of a core at 4 jobs of 11 processes here, 500 ms under 1% (bench/sampler.mjs). */
const DEFAULT_RESOURCE_INTERVAL_MS = 500;
/** The shortest `resource_interval` accepted: below it the sampler's own cost would show. */
const MIN_RESOURCE_INTERVAL_MS = 20;
/** The longest `resource_interval` accepted (a minute; longer would miss whole jobs). */
const MAX_RESOURCE_INTERVAL_MS = 60_000;
/** Output folders, relative to the working directory. */
const DEFAULT_RESULTS_DIR = 'results';
const DEFAULT_LOGS_DIR = 'logs';
const DEFAULT_SUMMARIES_DIR = 'summaries';
/** `python`: `auto` is the first of these on PATH, resolved once to its real interpreter. */
const DEFAULT_PYTHON = 'auto';
const AUTO_PYTHON_CANDIDATES = ['python3', 'python'];
/** How long `python -c "import sys; print(sys.executable)"` may take (a cold pyenv shim takes ~100 ms). */
const PYTHON_PROBE_TIMEOUT_MS = 15_000;
/** The config file read when the `config` input is empty, if it exists. */
const DEFAULT_CONFIG_PATH = '.github/training-jobs.yml';
/** The only config format version; `version:` may be omitted. */
const CONFIG_VERSION = 1;
/**
 * A config file larger than this is refused before parsing. Job definitions are usually a few KiB, but a
 * generated config of 20,000 explicit jobs is about 1.3 MB. Both readers are linear: a JSON config (the
 * JSON reader, src/plan/json-config.ts) reads 15-30 MB/s here, so 8 MiB takes a fraction of a second; the
 * YAML parser about 1.2 MB/s, so a YAML file at the cap takes ~6 s. That YAML time, not linearity, is
 * what keeps the cap here (bench/notes.md, planning).
 */
const MAX_CONFIG_BYTES = 8 * 1024 * 1024;
/** YAML aliases (`*name`) per config; more is treated as an alias bomb ("billion laughs") and refused. */
const MAX_CONFIG_ALIASES = 100;
/** YAML nesting levels per config: a job config needs about 8; the yaml parser slows down badly past ~100. */
const MAX_CONFIG_NESTING = 32;
/** GitHub's own limit for a matrix; a sweep expanding to more is almost certainly a mistake. */
const MAX_SWEEP_VARIANTS = 256;
/** Job ids are file names: logs/<id>.log, results/<id>_results. */
const JOB_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
/** `shard: k/n`: GitHub runs at most 256 matrix entries per job. */
const MAX_SHARDS = 256;
/** Runner timings (used by src/run). */
const RETRY_DELAY_MS = 2000;
/** After a timeout, SIGTERM first; SIGKILL if the job is still alive this much later. */
const TIMEOUT_KILL_GRACE_MS = 10_000;
/** On cancellation (SIGINT/SIGTERM of the orchestrator) the grace is shorter: the runner is about to go. */
const CANCEL_KILL_GRACE_MS = 2000;
/** Artifacts (used by src/action). */
const DEFAULT_RESULTS_ARTIFACT_NAME = 'training-results';
const DEFAULT_SUMMARY_ARTIFACT_NAME = 'training-summary';
/** The deploy hand-off (`upload_models`): the models/ folders of the jobs that succeeded and passed their gates. */
const DEFAULT_MODELS_ARTIFACT_NAME = 'training-models';
const DEFAULT_RESULTS_RETENTION_DAYS = 30;
const DEFAULT_SUMMARY_RETENTION_DAYS = 90;
/** GitHub accepts 1-90 days of artifact retention. */
const MIN_RETENTION_DAYS = 1;
const MAX_RETENTION_DAYS = 90;
/** GitHub REST and webhooks (used by src/action and src/report, issue 11). */
/** Each REST request (run and artifact lookups, PR comments) may take this long before it is abandoned. */
const GITHUB_REQUEST_TIMEOUT_MS = 30_000;
/** A 5xx or 429 answer (or a dropped connection) of the REST API is retried this many times. */
const GITHUB_REQUEST_RETRIES = 2;
/** First pause before such a retry; doubled each time. */
const GITHUB_RETRY_DELAY_MS = 1000;
/** `auto` lookups: the most recent runs of the workflow whose artifacts are searched. */
const AUTO_LOOKUP_MAX_RUNS = 10;
/** `auto` lookups: the whole artifact download (API redirect plus blob) may take this long. */
const AUTO_DOWNLOAD_TIMEOUT_MS = 120_000;
/** A summary JSON downloaded for `auto` larger than this is refused (a summary of 10,000 jobs is ~20 MiB). */
const AUTO_SUMMARY_MAX_BYTES = (/* unused pure expression or super */ null && (64 * 1024 * 1024));
/** Under the working directory: where `auto` places the summary it downloaded (never uploaded). */
const AUTO_FOLDER = '.training-orchestrator/auto';
/** GitHub refuses a comment longer than 65,536 characters; the rest is room for the marker and notes. */
const PR_COMMENT_MAX_CHARS = 60_000;
/** `notify_on` when empty. */
const DEFAULT_NOTIFY_ON = 'failure';
/** One webhook POST may take this long. */
const WEBHOOK_TIMEOUT_MS = 10_000;
/** A 5xx or 429 answer of the webhook is retried this many times. */
const WEBHOOK_RETRIES = 2;
/** A webhook's Retry-After longer than this is not waited for (the notification is given up with a warning). */
const WEBHOOK_MAX_RETRY_AFTER_MS = 30_000;


/***/ }),

/***/ 1324:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Ri: () => (/* binding */ closestCandidate),
/* harmony export */   au: () => (/* binding */ didYouMean)
/* harmony export */ });
/* unused harmony export editDistance */
/** Levenshtein distance (insert, delete, substitute), case-insensitive. */
function editDistance(a, b) {
    const left = a.toLowerCase();
    const right = b.toLowerCase();
    let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
    for (let i = 1; i <= left.length; i++) {
        const current = [i];
        for (let j = 1; j <= right.length; j++) {
            const substitution = previous[j - 1] + (left[i - 1] === right[j - 1] ? 0 : 1);
            current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
        }
        previous = current;
    }
    return previous[right.length];
}
/**
 * The candidate closest to `word` when it is a plausible typo (distance ≤ max(2, length / 3) and less
 * than the word's length); ties go
 * to the earlier candidate, so the hint is stable.
 */
function closestCandidate(word, candidates) {
    let best;
    let bestDistance = Infinity;
    const limit = Math.max(2, Math.floor(word.length / 3));
    for (const candidate of candidates) {
        // The distance is at least the length difference: skip what cannot be a plausible typo, unscanned.
        if (Math.abs(candidate.length - word.length) > limit)
            continue;
        const distance = editDistance(word, candidate);
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    // A candidate that shares nothing with the word (`z` → `a`) is no typo, however short both are.
    return bestDistance <= limit && bestDistance < word.length ? best : undefined;
}
/** ` Did you mean 'retries'?` or '' when nothing is close. */
function didYouMean(word, candidates) {
    const best = closestCandidate(word, candidates);
    return best === undefined ? '' : ` Did you mean '${best}'?`;
}


/***/ }),

/***/ 9931:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ findExecutables),
/* harmony export */   o: () => (/* binding */ findExecutable)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);


/**
 * Where a program would be found, without running it: a name with a folder in it is taken relative to `cwd`;
 * a bare name is looked up in `env.PATH` (on Windows with each of PATHEXT's extensions). The absolute path of
 * the first executable regular file, or undefined.
 *
 * Synchronous on purpose: a few stat calls, where a trip through the thread pool can wait behind a busy run's
 * file work (the spawn service measured seconds with 1,000 short jobs). One lookup for the planner's
 * interpreter, the spawn service's interpreter and nvidia-smi, so the three never disagree.
 */
function findExecutable(name, env, cwd, options = {}) {
    for (const found of executables(name, env, cwd, options))
        return found;
    return undefined;
}
/**
 * Every place `name` would be found, in the order findExecutable tries them (the first is what it returns):
 * for a caller that may prefer a later one, e.g. a real interpreter behind a version manager's shim script.
 */
function findExecutables(name, env, cwd, options = {}) {
    return [...executables(name, env, cwd, options)];
}
/** The executable regular files among the places `name` would be looked for, lazily, in order. */
function* executables(name, env, cwd, options) {
    const extensions = process.platform === 'win32'
        ? ['', ...(env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';').filter(Boolean)]
        : [''];
    const places = name.includes('/') || (process.platform === 'win32' && name.includes('\\'))
        ? extensions.map((extension) => node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(cwd, name + extension))
        : (env.PATH ?? env.Path ?? '')
            .split((node_path__WEBPACK_IMPORTED_MODULE_1___default().delimiter))
            .filter((folder) => folder !== '' && (!options.absoluteFoldersOnly || node_path__WEBPACK_IMPORTED_MODULE_1___default().isAbsolute(folder)))
            .flatMap((folder) => extensions.map((extension) => node_path__WEBPACK_IMPORTED_MODULE_1___default().join(folder, name + extension)));
    for (const candidate of places) {
        try {
            node_fs__WEBPACK_IMPORTED_MODULE_0___default().accessSync(candidate, (node_fs__WEBPACK_IMPORTED_MODULE_0___default().constants).X_OK);
            if (node_fs__WEBPACK_IMPORTED_MODULE_0___default().statSync(candidate).isFile())
                yield node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(candidate);
        }
        catch {
            // Not here; try the next folder.
        }
    }
}


/***/ }),

/***/ 5544:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   C: () => (/* binding */ describeFileKind)
/* harmony export */ });
/** What a path that is not a regular file is, in words for a warning ("a FIFO", "a folder", …). */
function describeFileKind(stats, otherwise = 'not a regular file') {
    if (stats.isDirectory())
        return 'a folder';
    if (stats.isFIFO())
        return 'a FIFO';
    if (stats.isSocket())
        return 'a socket';
    if (stats.isBlockDevice() || stats.isCharacterDevice())
        return 'a device';
    return otherwise;
}


/***/ }),

/***/ 4033:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   p: () => (/* binding */ compileExcludes),
/* harmony export */   t: () => (/* binding */ globToRegExp)
/* harmony export */ });
/**
 * A small glob matcher for discovery: `*` (any characters but `/`), `**` (any characters, `/` too, when
 * it is a whole path segment), `?` (one character but `/`) and `[abc]`, `[a-z]`, `[!abc]`. Everything
 * else is literal. Globs come from the repository's config, never from a shell.
 */
function globToRegExp(glob) {
    let source = '';
    let i = 0;
    while (i < glob.length) {
        const char = glob[i];
        if (char === '*') {
            const segmentStart = i === 0 || glob[i - 1] === '/';
            if (glob[i + 1] === '*' && segmentStart && (i + 2 === glob.length || glob[i + 2] === '/')) {
                // `**/` matches zero or more whole folders; a final `**` matches everything below.
                source += i + 2 === glob.length ? '.*' : '(?:[^/]*/)*';
                i += i + 2 === glob.length ? 2 : 3;
                continue;
            }
            source += '[^/]*';
            i++;
        }
        else if (char === '?') {
            source += '[^/]';
            i++;
        }
        else if (char === '[') {
            const end = glob.indexOf(']', i + 2);
            if (end === -1) {
                source += '\\[';
                i++;
                continue;
            }
            let body = glob.slice(i + 1, end);
            const negated = body.startsWith('!') || body.startsWith('^');
            if (negated)
                body = body.slice(1);
            const escaped = body.replace(/[\\\]^]/g, (c) => `\\${c}`);
            source += negated ? `[^/${escaped}]` : `[${escaped}]`;
            i = end + 1;
        }
        else {
            source += char.replace(/[.*+?^${}()|[\]\\/]/g, (c) => `\\${c}`);
            i++;
        }
    }
    return new RegExp(`^${source}$`);
}
function compileExcludes(globs) {
    const byName = [];
    const byPath = [];
    for (const glob of globs) {
        const trimmed = glob.replace(/^\.\//, '').replace(/\/+$/, '');
        if (trimmed === '')
            continue;
        if (trimmed.includes('/')) {
            byPath.push(globToRegExp(trimmed));
            // `dir/**` also names the folder itself, so discovery can skip it without reading it.
            if (trimmed.endsWith('/**'))
                byPath.push(globToRegExp(trimmed.slice(0, -3)));
        }
        else {
            byName.push(globToRegExp(trimmed));
        }
    }
    return {
        matches(relativePath) {
            if (byPath.some((re) => re.test(relativePath)))
                return true;
            if (byName.length === 0)
                return false;
            const name = relativePath.slice(relativePath.lastIndexOf('/') + 1);
            return byName.some((re) => re.test(name));
        },
    };
}


/***/ }),

/***/ 3547:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ readHistory),
/* harmony export */   V: () => (/* binding */ readHistoryDetails)
/* harmony export */ });
/* harmony import */ var _summary_file_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(9750);

/**
 * Each job's duration in seconds from a previous summary, for longest-first scheduling and shard
 * balancing. Skipped jobs and entries without a duration are left out; when an id appears twice (a
 * merged summary), the last entry wins. An unreadable or invalid file is an InputError (`history_file`).
 */
async function readHistory(file) {
    return (await readHistoryDetails(file)).durations;
}
/**
 * readHistory's durations, and each job's peak resident memory in bytes (`resources.peak_rss_bytes`, from
 * runs that measured their jobs; absent in older summaries) for the scheduler's memory estimate.
 */
async function readHistoryDetails(file) {
    const durations = new Map();
    const peakMemory = new Map();
    for (const job of await (0,_summary_file_js__WEBPACK_IMPORTED_MODULE_0__/* .readSummaryJobs */ .Z)(file, 'history_file')) {
        if (job.peakRssBytes !== undefined)
            peakMemory.set(job.id, job.peakRssBytes);
        if (job.status === 'skipped' || job.durationSeconds === undefined)
            continue;
        durations.set(job.id, job.durationSeconds);
    }
    return { durations, peakMemory };
}


/***/ }),

/***/ 414:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   S8: () => (/* binding */ parseBooleanInput),
/* harmony export */   _p: () => (/* binding */ parseIntegerInput),
/* harmony export */   cl: () => (/* binding */ quoteValue),
/* harmony export */   p: () => (/* binding */ presentValue),
/* harmony export */   ry: () => (/* binding */ splitList),
/* harmony export */   tS: () => (/* binding */ parseDecimalInput),
/* harmony export */   uz: () => (/* binding */ splitLines)
/* harmony export */ });
/* harmony import */ var _model_types_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(440);
/* harmony import */ var _workflow_commands_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(5305);


/**
 * Parsers for single input values, shared by parseSettings and the shells (artifact retention, shard
 * counts, …) so every input is validated the same way. Empty or absent always means "the default".
 */
const TRUE_VALUES = ['true', 'True', 'TRUE'];
const FALSE_VALUES = ['false', 'False', 'FALSE'];
/**
 * Quotes a user value for an error message, shortened so one bad input cannot flood the log, with control
 * characters and line breaks escaped (`\n`) so a value cannot add a line to the message (nor a workflow
 * command to the log).
 */
function quoteValue(value) {
    const short = value.length > 80 ? `${value.slice(0, 77)}...` : value;
    return `'${(0,_workflow_commands_js__WEBPACK_IMPORTED_MODULE_1__/* .printable */ .g$)(short)}'`;
}
/** `raw` trimmed, or undefined when it is absent or blank. */
function presentValue(raw) {
    const value = raw?.trim();
    return value === undefined || value === '' ? undefined : value;
}
/** The values @actions/core's getBooleanInput accepts (YAML 1.2 core booleans), plus empty for `fallback`. */
function parseBooleanInput(name, raw, fallback = false) {
    const value = presentValue(raw);
    if (value === undefined)
        return fallback;
    if (TRUE_VALUES.includes(value))
        return true;
    if (FALSE_VALUES.includes(value))
        return false;
    throw new _model_types_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .d(name, `Invalid ${name} ${quoteValue(value)}. Expected true, True, TRUE, false, False or FALSE (empty means ${fallback}).`);
}
function describeRange(kind, range, fallback) {
    const { min, max } = range;
    const bounds = min !== undefined && max !== undefined
        ? ` from ${min} to ${max}`
        : min !== undefined
            ? ` of at least ${min}`
            : max !== undefined
                ? ` of at most ${max}`
                : '';
    const empty = fallback === undefined ? 'empty means not set' : `empty means ${fallback}`;
    return `Expected ${kind}${bounds} (${empty}).`;
}
function checkRange(name, value, parsed, kind, range, fallback) {
    const { min, max } = range;
    if ((min !== undefined && parsed < min) ||
        (max !== undefined && parsed > max) ||
        !Number.isFinite(parsed)) {
        throw new _model_types_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .d(name, `Invalid ${name} ${quoteValue(value)}. ${describeRange(kind, range, fallback)}`);
    }
    return parsed;
}
function parseIntegerInput(name, raw, options) {
    const value = presentValue(raw);
    if (value === undefined)
        return options.default;
    const kind = 'a whole number';
    if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(Number(value))) {
        throw new _model_types_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .d(name, `Invalid ${name} ${quoteValue(value)}. ${describeRange(kind, options, options.default)}`);
    }
    return checkRange(name, value, Number(value), kind, options, options.default);
}
function parseDecimalInput(name, raw, options) {
    const value = presentValue(raw);
    if (value === undefined)
        return options.default;
    const kind = 'a number (decimals allowed)';
    if (!/^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/.test(value)) {
        throw new _model_types_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .d(name, `Invalid ${name} ${quoteValue(value)}. ${describeRange(kind, options, options.default)}`);
    }
    return checkRange(name, value, Number(value), kind, options, options.default);
}
/** Splits a list input on commas, whitespace and newlines; empty items are dropped, order and duplicates kept once. */
function splitList(raw) {
    if (raw === undefined)
        return [];
    return [...new Set(raw.split(/[\s,]+/).filter((item) => item !== ''))];
}
/** One value per line (trimmed), blank lines dropped: the `secrets` input. */
function splitLines(raw) {
    if (raw === undefined)
        return [];
    return [
        ...new Set(raw
            .split(/\r?\n|\r/)
            .map((line) => line.trim())
            .filter((line) => line !== '')),
    ];
}


/***/ }),

/***/ 2587:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   At: () => (/* binding */ absoluteFrom),
/* harmony export */   LI: () => (/* binding */ resolveInside)
/* harmony export */ });
/* unused harmony export toPosix */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);

/** POSIX separators, whatever the platform: plans, logs and summaries read the same everywhere. */
function toPosix(relative) {
    return (node_path__WEBPACK_IMPORTED_MODULE_0___default().sep) === '/' ? relative : relative.split((node_path__WEBPACK_IMPORTED_MODULE_0___default().sep)).join('/');
}
/**
 * Resolves `target` (relative to `base`, or absolute) and returns it when it stays inside
 * `workingDirectory` (the directory itself counts as inside), or undefined when it escapes, by `..`,
 * an absolute path elsewhere or another drive. The check is lexical: symbolic links are the
 * repository's own business, discovery never follows linked folders.
 */
function resolveInside(workingDirectory, target, base = workingDirectory) {
    const root = node_path__WEBPACK_IMPORTED_MODULE_0___default().resolve(workingDirectory);
    const absolute = node_path__WEBPACK_IMPORTED_MODULE_0___default().resolve(base, target);
    const relative = node_path__WEBPACK_IMPORTED_MODULE_0___default().relative(root, absolute);
    if (relative === '')
        return { absolute, relative: '.' };
    if (relative === '..' || relative.startsWith(`..${(node_path__WEBPACK_IMPORTED_MODULE_0___default().sep)}`) || node_path__WEBPACK_IMPORTED_MODULE_0___default().isAbsolute(relative))
        return undefined;
    return { absolute, relative: toPosix(relative) };
}
/** `relative` (POSIX, from the working directory) joined onto it, as an absolute native path. */
function absoluteFrom(workingDirectory, relative) {
    return node_path__WEBPACK_IMPORTED_MODULE_0___default().resolve(workingDirectory, ...relative.split('/'));
}


/***/ }),

/***/ 6370:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Gg: () => (/* binding */ buildPlan),
  $p: () => (/* binding */ planToJson)
});

// UNUSED EXPORTS: planToJobsOutput

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
var external_node_fs_default = /*#__PURE__*/__nccwpck_require__.n(external_node_fs_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/plan/detect.ts
/** The option each Supports field stands for. */
const SUPPORTED_OPTIONS = {
    epochs: '--epochs',
    folds: '--folds',
    output_dir: '--output-dir',
};
/**
 * Which of `--epochs`, `--folds`, `--output-dir` a Python script accepts, judged from its source: an
 * option counts when a one-line string literal ('…' or "…", optionally prefixed r, u or f) holds
 * exactly that option. So `'--epochs-per-stage'`, `--epochs` in a `#` comment, in a docstring or
 * other triple-quoted string, or in a bytes literal do not count. The source is tokenized lightly
 * (comments and strings of every kind, escapes included) so a `#` inside a string is not a comment
 * and a quote inside a comment opens nothing. Nothing is imported or executed.
 *
 * Known limit: Python 3.12 f-strings that reuse their own quote inside `{…}` are read as two strings.
 */
function detectSupports(source) {
    const literals = new Set(stringLiterals(source));
    return {
        epochs: literals.has(SUPPORTED_OPTIONS.epochs),
        folds: literals.has(SUPPORTED_OPTIONS.folds),
        output_dir: literals.has(SUPPORTED_OPTIONS.output_dir),
    };
}
const PREFIX_CHARS = /[rRbBuUfF]/;
const IDENTIFIER_CHAR = /[A-Za-z0-9_]/;
/** The raw contents of the one-line, non-bytes string literals of `source`, in order. */
function stringLiterals(source) {
    const found = [];
    let i = 0;
    const length = source.length;
    while (i < length) {
        const char = source[i];
        if (char === '#') {
            const end = source.indexOf('\n', i);
            i = end === -1 ? length : end + 1;
            continue;
        }
        if (char === "'" || char === '"') {
            const prefix = readPrefix(source, i);
            i = readString(source, i, prefix, found);
            continue;
        }
        i++;
    }
    return found;
}
/** The string prefix just before a quote (`rb`, `f`, …), or '' when the quote is not prefixed. */
function readPrefix(source, quote) {
    let start = quote;
    while (start > 0 && quote - start < 2 && PREFIX_CHARS.test(source[start - 1]))
        start--;
    // `xr'…'` is not a prefix: the letters must start a token.
    if (start > 0 && IDENTIFIER_CHAR.test(source[start - 1]))
        return '';
    return source.slice(start, quote).toLowerCase();
}
/** Reads the literal opening at `open`; records it when it is a one-line text literal. Returns the index after it. */
function readString(source, open, prefix, found) {
    const quote = source[open];
    const triple = source.startsWith(quote.repeat(3), open);
    const delimiter = triple ? quote.repeat(3) : quote;
    let i = open + delimiter.length;
    while (i < source.length) {
        const char = source[i];
        if (char === '\\') {
            // Even in raw strings a backslash keeps the next quote from closing the literal.
            i += 2;
            continue;
        }
        if (!triple && char === '\n')
            return i + 1; // unterminated: Python would refuse it; recover at the line end
        if (source.startsWith(delimiter, i)) {
            if (!triple && !prefix.includes('b'))
                found.push(source.slice(open + 1, i));
            return i + delimiter.length;
        }
        i++;
    }
    return source.length;
}

// EXTERNAL MODULE: ./src/plan/path-safety.ts
var path_safety = __nccwpck_require__(2587);
;// CONCATENATED MODULE: ./src/plan/argv.ts


/**
 * A job's argv, never a shell string:
 * `[python, script, ...args, --output-dir, DIR, --epochs, N, --folds, K, ...sweep flags, ...extra_args]`
 * (a `command:` job starts with its command instead of python and the script). Each of --output-dir,
 * --epochs, --folds is passed only when the job supports it and, for the last two, the setting is given.
 *
 * Paths (the script and the output folder) are relative to the working directory when the job runs
 * there, the common case, so commands read short and paste anywhere in the repository; a job with its
 * own `cwd` gets absolute paths, which mean the same thing from any folder. A path is never read as an
 * option: one starting with `-` (a folder named `-c…` or `-m`) gets `./` in front, so Python runs the file
 * rather than `-c`'s code, and argparse takes the output folder as the value of `--output-dir`.
 */
function buildArgv(job, settings, python) {
    const pathArg = (relative) => job.cwd === '.' ? notAnOption(relative) : (0,path_safety/* absoluteFrom */.At)(settings.workingDirectory, relative);
    const argv = job.command ? job.command.slice() : [python, pathArg(job.script ?? '')];
    for (const arg of job.args)
        argv.push(arg);
    if (job.supports.output_dir)
        argv.push(SUPPORTED_OPTIONS.output_dir, pathArg(job.outputDir));
    if (job.supports.epochs && settings.epochs !== undefined)
        argv.push(SUPPORTED_OPTIONS.epochs, String(settings.epochs));
    if (job.supports.folds && settings.folds !== undefined)
        argv.push(SUPPORTED_OPTIONS.folds, String(settings.folds));
    for (const flag of job.sweepFlags)
        argv.push(flag);
    for (const arg of settings.extraArgs)
        argv.push(arg);
    return argv;
}
/** `./-m/train.py` for `-m/train.py`: the same file, and no program mistakes it for an option. */
function notAnOption(relative) {
    return relative.startsWith('-') ? `./${relative}` : relative;
}

// EXTERNAL MODULE: ./src/model/types.ts
var types = __nccwpck_require__(440);
// EXTERNAL MODULE: ./src/plan/did-you-mean.ts
var did_you_mean = __nccwpck_require__(1324);
// EXTERNAL MODULE: ./src/plan/input-values.ts
var input_values = __nccwpck_require__(414);
;// CONCATENATED MODULE: ./src/plan/config-errors.ts



/**
 * Turns the first JSON Schema error of a config file into one InputError a person can act on:
 * `file:line: what is wrong with which key, and what is accepted`.
 */
function schemaErrorToInputError(error, locator) {
    const path = pointerSegments(error.instancePath);
    const schema = asRecord(error.parentSchema);
    const expected = typeof schema?.description === 'string' ? schema.description : undefined;
    if (error.keyword === 'additionalProperties' && typeof error.params.additionalProperty === 'string') {
        const key = error.params.additionalProperty;
        const where = locator.key(path, key);
        const candidates = Object.keys(asRecord(schema?.properties) ?? {});
        let hint = (0,did_you_mean/* didYouMean */.au)(key, candidates);
        if (hint === '' && path.length === 0)
            hint = ` Jobs go under 'jobs:'; the top level accepts ${candidates.join(', ')}.`;
        else if (hint === '')
            hint = ` Accepted: ${candidates.join(', ')}.`;
        return new types/* InputError */.d(where, `${where}: unknown key '${key}' in ${describeContainer(path)}.${hint}`);
    }
    if (error.propertyName !== undefined) {
        const where = locator.key(path, error.propertyName);
        return new types/* InputError */.d(where, `${where}: invalid ${describeKeyKind(path)} ${(0,input_values/* quoteValue */.cl)(error.propertyName)}.` +
            (expected ? ` ${expected}` : ''));
    }
    const where = locator.value(path);
    const name = path.length === 0 ? 'the config' : `'${dotted(path)}'`;
    const shown = isSensitive(path) ? '' : ` ${describeValue(error.data)}`;
    switch (error.keyword) {
        case 'type':
            return new types/* InputError */.d(where, `${where}: ${name} must be ${describeType(error.params.type)}, not${shown || ` ${describeKind(error.data)}`}.`);
        case 'minimum':
        case 'maximum':
            return new types/* InputError */.d(where, `${where}: ${name} must be ${error.keyword === 'minimum' ? 'at least' : 'at most'} ${String(error.params.limit)}, not${shown}.`);
        case 'enum':
            return new types/* InputError */.d(where, `${where}: ${name} must be ${formatList(error.params.allowedValues.map(String))}, not${shown}.`);
        case 'minItems':
        case 'minLength':
        case 'minProperties':
            return new types/* InputError */.d(where, `${where}: ${name} must not be empty.`);
        case 'pattern':
            return new types/* InputError */.d(where, `${where}: invalid ${name}${shown}.` + (expected ? ` ${expected}` : ''));
        default:
            return new types/* InputError */.d(where, `${where}: ${name} ${error.message ?? 'is invalid'}.`);
    }
}
function pointerSegments(pointer) {
    if (pointer === '')
        return [];
    return pointer
        .slice(1)
        .split('/')
        .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
}
/** `jobs.als.args[2]`, or `the top level`. */
function dotted(path) {
    if (path.length === 0)
        return 'the top level';
    return path.reduce((text, segment) => /^[0-9]+$/.test(segment) ? `${text}[${segment}]` : text === '' ? segment : `${text}.${segment}`, '');
}
function describeContainer(path) {
    if (path.length === 0)
        return 'the top level';
    if (path.length === 2 && path[0] === 'jobs')
        return `job '${path[1]}'`;
    return `'${dotted(path)}'`;
}
function describeKeyKind(path) {
    const last = path[path.length - 1];
    if (path.length === 1 && last === 'jobs')
        return 'job id';
    if (last === 'env')
        return 'environment variable name';
    if (last === 'matrix' || last === 'matrix_flags' || path.includes('include') || path.includes('exclude')) {
        return 'sweep parameter name';
    }
    return `key in '${dotted(path)}'`;
}
/** Values under env may be secrets: errors name their kind, never their text. */
function isSensitive(path) {
    return path.includes('env');
}
const TYPE_NAMES = {
    integer: 'a whole number',
    number: 'a number',
    boolean: 'true or false',
    string: 'a string',
    array: 'a list',
    object: 'a mapping (key: value)',
    null: 'empty',
};
function describeType(type) {
    const types = Array.isArray(type) ? type.map(String) : [String(type)];
    if (types.join() === 'string,number,boolean')
        return 'a single value (text, a number, true or false)';
    return formatList(types.map((name) => TYPE_NAMES[name] ?? name));
}
function describeKind(value) {
    if (value === null || value === undefined)
        return 'empty';
    if (Array.isArray(value))
        return 'a list';
    if (typeof value === 'object')
        return 'a mapping';
    if (typeof value === 'number')
        return Number.isInteger(value) ? 'a whole number' : 'a number';
    if (typeof value === 'boolean')
        return 'true or false';
    return 'a string';
}
function describeValue(value) {
    if (typeof value === 'string')
        return `${(0,input_values/* quoteValue */.cl)(value)} (a string)`;
    if (typeof value === 'number' || typeof value === 'boolean')
        return String(value);
    return describeKind(value);
}
function formatList(items) {
    if (items.length <= 1)
        return items.join('');
    return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
function asRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? value
        : undefined;
}

// EXTERNAL MODULE: ./src/plan/defaults.ts
var defaults = __nccwpck_require__(7621);
// EXTERNAL MODULE: ./src/plan/real-path.ts
var real_path = __nccwpck_require__(9415);
// EXTERNAL MODULE: ./src/plan/byte-size.ts
var byte_size = __nccwpck_require__(8719);
// EXTERNAL MODULE: ./src/plan/timeout-minutes.ts
var timeout_minutes = __nccwpck_require__(9792);
;// CONCATENATED MODULE: ./src/plan/config-convert.ts





/** Turns a schema-valid config into LoadedConfig: ordered like the file, scalars as command-line text. */
function convertConfig(raw, source, locator, workingDirectory) {
    const texts = (at, values) => values.map((value, index) => locator.text([...at, index], value));
    const env = (at, values) => Object.fromEntries(Object.entries(values ?? {}).map(([name, value]) => [name, locator.text([...at, name], value)]));
    const roots = raw.discovery?.roots;
    roots?.forEach((root, index) => {
        if (!(0,path_safety/* resolveInside */.LI)(workingDirectory, root)) {
            const where = locator.value(['discovery', 'roots', index]);
            throw new types/* InputError */.d(where, `${where}: discovery root ${(0,input_values/* quoteValue */.cl)(root)} is outside the working directory ${workingDirectory}.`);
        }
    });
    checkTimeout(raw.defaults?.timeout_minutes, ['defaults', 'timeout_minutes'], locator);
    const jobs = orderedKeys(locator, ['jobs'], raw.jobs ?? {}).map((id) => {
        const job = (raw.jobs ?? {})[id];
        const at = ['jobs', id];
        checkTimeout(job.timeout_minutes, [...at, 'timeout_minutes'], locator);
        const keyWhere = {};
        for (const key of Object.keys(job))
            keyWhere[key] = locator.key(at, key);
        return {
            id,
            script: job.script,
            command: job.command && texts([...at, 'command'], job.command),
            args: job.args && texts([...at, 'args'], job.args),
            optional: job.optional,
            retries: job.retries,
            timeoutMinutes: job.timeout_minutes,
            env: job.env && env([...at, 'env'], job.env),
            cwd: job.cwd,
            outputDir: job.output_dir,
            outputDirFlag: job.output_dir_flag,
            epochs: job.epochs,
            folds: job.folds,
            enabled: job.enabled,
            runsOn: typeof job.runs_on === 'string' ? [job.runs_on] : job.runs_on,
            sweep: job.matrix || job.matrix_flags ? convertSweep(job, [...at, 'matrix'], locator, keyWhere) : undefined,
            metrics: job.metrics && plainRecord(job.metrics),
            gates: job.gates && plainRecord(job.gates),
            resources: convertResources(job, at, locator),
            inputs: job.inputs && [...job.inputs],
            where: locator.key(['jobs'], id),
            keyWhere,
        };
    });
    return {
        path: source.path,
        file: source.file,
        defaults: {
            optional: raw.defaults?.optional,
            retries: raw.defaults?.retries,
            timeoutMinutes: raw.defaults?.timeout_minutes,
            env: env(['defaults', 'env'], raw.defaults?.env),
            resources: convertResources(raw.defaults ?? {}, ['defaults'], locator),
            inputs: raw.defaults?.inputs && [...raw.defaults.inputs],
        },
        discovery: {
            roots,
            pattern: raw.discovery?.pattern,
            exclude: raw.discovery?.exclude ?? [],
            rootsWhere: roots ? locator.key(['discovery'], 'roots') : undefined,
        },
        jobs,
        metrics: plainRecord(raw.metrics ?? {}),
        gates: plainRecord(raw.gates ?? {}),
    };
}
/** The schema bounds a timeout from 0 to the maximum; this refuses the positive values below the minimum (`1e-9`). */
function checkTimeout(minutes, at, locator) {
    if (minutes === undefined || (0,timeout_minutes/* isAcceptedTimeoutMinutes */.g)(minutes))
        return;
    const where = locator.value(at);
    throw new types/* InputError */.d(where, `${where}: invalid '${at.join('.')}' ${minutes}. ${timeout_minutes/* TIMEOUT_MINUTES_EXPECTED */.F}.`);
}
/** The resource keys of a job or `defaults`, memory in bytes; undefined when it sets none. */
function convertResources(raw, at, locator) {
    if (raw.cpus === undefined && raw.memory === undefined && raw.gpus === undefined)
        return undefined;
    let memoryBytes;
    if (raw.memory !== undefined) {
        // A bare number (YAML `memory: 4`) has no unit: bytes or gigabytes? Refused, like the `memory` input
        // (see BareNumber in byte-size.ts).
        memoryBytes = typeof raw.memory === 'string' ? (0,byte_size/* parseByteSize */.nS)(raw.memory, 'refused') : undefined;
        if (memoryBytes === undefined) {
            const where = locator.value([...at, 'memory']);
            const shown = (0,input_values/* quoteValue */.cl)(String(raw.memory));
            throw new types/* InputError */.d(where, `${where}: invalid '${[...at, 'memory'].join('.')}' ${shown}. ${(0,byte_size/* byteSizeExpected */.GX)('refused')}.`);
        }
    }
    return {
        ...(raw.cpus !== undefined ? { cpus: raw.cpus } : {}),
        ...(memoryBytes !== undefined ? { memoryBytes } : {}),
        ...(raw.gpus !== undefined ? { gpus: raw.gpus } : {}),
    };
}
/** Metric names are data: copied onto an object without a prototype, so `__proto__` or `constructor` are plain names. */
function plainRecord(value) {
    const out = Object.create(null);
    for (const [key, item] of Object.entries(value))
        out[key] = { ...item };
    return out;
}
function convertSweep(job, at, locator, keyWhere) {
    const matrix = job.matrix ?? {};
    const where = keyWhere.matrix ?? keyWhere.matrix_flags ?? locator.value(at);
    const combinations = (name) => {
        const entries = (matrix[name] ?? []);
        return entries.map((entry, index) => {
            const entryAt = [...at, name, index];
            return new Map(orderedKeys(locator, entryAt, entry).map((key) => [key, locator.text([...entryAt, key], entry[key])]));
        });
    };
    const parameters = orderedKeys(locator, at, matrix)
        .filter((key) => key !== 'include' && key !== 'exclude')
        .map((key) => ({
        key,
        values: matrix[key].map((value, index) => locator.text([...at, key, index], value)),
    }));
    const flags = new Map(Object.entries(job.matrix_flags ?? {}));
    return { parameters, include: combinations('include'), exclude: combinations('exclude'), flags, where };
}
/** The keys of the mapping at `at` in the file's order (JavaScript objects put integer-like keys first). */
function orderedKeys(locator, at, value) {
    const own = new Set(Object.keys(value));
    const keys = locator.keysInOrder(at);
    if (!keys)
        return [...own];
    const ordered = new Set();
    for (const key of keys)
        if (own.has(key))
            ordered.add(key);
    for (const key of own)
        ordered.add(key);
    return [...ordered];
}

// EXTERNAL MODULE: ./src/plan/config-locator.ts
var config_locator = __nccwpck_require__(2926);
;// CONCATENATED MODULE: ./src/plan/json-config.ts

/**
 * Brackets deeper than this are left to the YAML path, whose shape guard refuses what is too deep with the
 * line (a job config needs about 6 levels; the guard's limit, MAX_CONFIG_NESTING, is above this).
 */
const MAX_JSON_DEPTH = 16;
/** Thrown inside the reader when the text is not JSON it reads exactly as YAML would: the YAML path decides. */
class NotHandled {
}
const NOT_HANDLED = new NotHandled();
/**
 * Reads a config that is a JSON object (generated configs usually are: JSON is YAML) in one linear pass,
 * an order of magnitude faster than the YAML parser, with the same result as the YAML path for the same
 * text: the same value (keys in file order, inherited names such as `__proto__` as own properties, numbers
 * as the YAML core schema reads them), the same `file:line` for every key and value, the same source text
 * of numbers (`0.10` stays `0.10` on a command line).
 *
 * Undefined when the text is anything else, or anything the YAML path would treat differently or refuse:
 * not JSON (comments, YAML syntax, a trailing comma), a top level that is not an object, a key given twice,
 * nesting deeper than MAX_JSON_DEPTH, a carriage return that is not part of CRLF. The caller then parses it
 * as YAML, which gives the value or the error (with its line) the config always had.
 */
function readJsonConfig(text, file) {
    const reader = new JsonReader(text);
    try {
        reader.skipSpace();
        if (text.charCodeAt(reader.pos) !== OPEN_BRACE)
            return undefined;
        const root = reader.readValue(1);
        const value = reader.lastValue;
        reader.skipSpace();
        if (reader.pos !== text.length)
            return undefined;
        return { locator: new JsonLocator(text, file, root, reader.lineStarts), value };
    }
    catch (error) {
        if (error instanceof NotHandled)
            return undefined;
        throw error;
    }
}
const TAB = 0x09;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const PLUS = 0x2b;
const COMMA = 0x2c;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;
const BACKSLASH = 0x5c;
const CLOSE_BRACKET = 0x5d;
const LOWER_E = 0x65;
const UPPER_E = 0x45;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
class JsonReader {
    text;
    pos = 0;
    /** The plain value of what readValue read last (a side channel: no pair allocated per value). */
    lastValue = undefined;
    /** The offset where each line starts. */
    lineStarts = [0];
    constructor(text) {
        this.text = text;
    }
    skipSpace() {
        const text = this.text;
        let pos = this.pos;
        for (;;) {
            const code = text.charCodeAt(pos);
            if (code === SPACE || code === TAB)
                pos++;
            else if (code === LINE_FEED)
                this.lineStarts.push(++pos);
            else if (code === CARRIAGE_RETURN && text.charCodeAt(pos + 1) === LINE_FEED)
                pos++;
            else
                break;
        }
        this.pos = pos;
    }
    readValue(depth) {
        const text = this.text;
        const start = this.pos;
        const code = text.charCodeAt(start);
        if (code === OPEN_BRACE)
            return this.readObject(depth);
        if (code === OPEN_BRACKET)
            return this.readArray(depth);
        if (code === QUOTE)
            this.lastValue = this.readString();
        else if (code === MINUS || (code >= ZERO && code <= NINE))
            this.lastValue = this.readNumber();
        else if (text.startsWith('true', start))
            this.lastValue = this.readWord(4, true);
        else if (text.startsWith('false', start))
            this.lastValue = this.readWord(5, false);
        else if (text.startsWith('null', start))
            this.lastValue = this.readWord(4, null);
        else
            throw NOT_HANDLED;
        return start;
    }
    readObject(depth) {
        if (depth > MAX_JSON_DEPTH)
            throw NOT_HANDLED;
        const position = { start: this.pos++, keys: [], keyStarts: [], values: [] };
        const object = {};
        this.skipSpace();
        if (this.text.charCodeAt(this.pos) !== CLOSE_BRACE) {
            for (;;) {
                const keyStart = this.pos;
                if (this.text.charCodeAt(keyStart) !== QUOTE)
                    throw NOT_HANDLED;
                const key = this.readString();
                this.skipSpace();
                if (this.text.charCodeAt(this.pos) !== COLON)
                    throw NOT_HANDLED;
                this.pos++;
                this.skipSpace();
                position.keys.push(key);
                position.keyStarts.push(keyStart);
                position.values.push(this.readValue(depth + 1));
                if (key in object) {
                    // A key given twice is refused by the YAML path, with its line.
                    if (Object.hasOwn(object, key))
                        throw NOT_HANDLED;
                    // As the yaml package's toJS: a name the object inherits (`__proto__`, `constructor`) becomes an
                    // own property.
                    Object.defineProperty(object, key, {
                        value: this.lastValue,
                        writable: true,
                        enumerable: true,
                        configurable: true,
                    });
                }
                else
                    object[key] = this.lastValue;
                if (this.nextItem(CLOSE_BRACE))
                    break;
            }
        }
        this.pos++;
        this.lastValue = object;
        return position;
    }
    readArray(depth) {
        if (depth > MAX_JSON_DEPTH)
            throw NOT_HANDLED;
        const position = { start: this.pos++, items: [] };
        const array = [];
        this.skipSpace();
        if (this.text.charCodeAt(this.pos) !== CLOSE_BRACKET) {
            for (;;) {
                position.items.push(this.readValue(depth + 1));
                array.push(this.lastValue);
                if (this.nextItem(CLOSE_BRACKET))
                    break;
            }
        }
        this.pos++;
        this.lastValue = array;
        return position;
    }
    /** After an item: true at the closing bracket, false after a comma (and the space after it). */
    nextItem(close) {
        this.skipSpace();
        const code = this.text.charCodeAt(this.pos);
        if (code === close)
            return true;
        if (code !== COMMA)
            throw NOT_HANDLED;
        this.pos++;
        this.skipSpace();
        return false;
    }
    readString() {
        const text = this.text;
        const start = this.pos;
        let pos = start + 1;
        let escaped = false;
        for (;;) {
            const code = text.charCodeAt(pos);
            if (code === QUOTE)
                break;
            // A control character, or the end of the text (NaN): not JSON.
            if (!(code >= SPACE))
                throw NOT_HANDLED;
            if (code === BACKSLASH) {
                escaped = true;
                pos++;
            }
            pos++;
        }
        this.pos = pos + 1;
        if (!escaped)
            return text.slice(start + 1, pos);
        try {
            // JSON's escapes are YAML's double-quoted escapes; an invalid one is left to the YAML path.
            return JSON.parse(text.slice(start, pos + 1));
        }
        catch {
            throw NOT_HANDLED;
        }
    }
    readNumber() {
        const start = this.pos;
        const end = numberEnd(this.text, start);
        if (end === undefined)
            throw NOT_HANDLED;
        this.pos = end.pos;
        this.checkEndOfWord();
        // The YAML core schema: integers by parseInt, the rest by parseFloat (the doubles JSON reads too).
        const source = this.text.slice(start, end.pos);
        return end.integer ? parseInt(source, 10) : parseFloat(source);
    }
    readWord(length, value) {
        this.pos += length;
        this.checkEndOfWord();
        return value;
    }
    /** A number or word must end where JSON ends it (`1x`, `truex` are not JSON). */
    checkEndOfWord() {
        const code = this.text.charCodeAt(this.pos);
        if (code === COMMA ||
            code === CLOSE_BRACE ||
            code === CLOSE_BRACKET ||
            code === SPACE ||
            code === TAB ||
            code === LINE_FEED ||
            code === CARRIAGE_RETURN ||
            Number.isNaN(code))
            return;
        throw NOT_HANDLED;
    }
}
/**
 * The end of the JSON number at `start` (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`) and whether it
 * is an integer; undefined when there is none.
 */
function numberEnd(text, start) {
    const digits = (from) => {
        let pos = from;
        while (text.charCodeAt(pos) >= ZERO && text.charCodeAt(pos) <= NINE)
            pos++;
        return pos;
    };
    let pos = start;
    if (text.charCodeAt(pos) === MINUS)
        pos++;
    if (text.charCodeAt(pos) === ZERO)
        pos++;
    else {
        const end = digits(pos);
        if (end === pos)
            return undefined;
        pos = end;
    }
    let integer = true;
    if (text.charCodeAt(pos) === DOT) {
        const end = digits(pos + 1);
        if (end === pos + 1)
            return undefined;
        pos = end;
        integer = false;
    }
    const e = text.charCodeAt(pos);
    if (e === LOWER_E || e === UPPER_E) {
        let from = pos + 1;
        const sign = text.charCodeAt(from);
        if (sign === PLUS || sign === MINUS)
            from++;
        const end = digits(from);
        if (end === from)
            return undefined;
        pos = end;
        integer = false;
    }
    return { pos, integer };
}
/** ConfigLocator over the JSON reader's positions. */
class JsonLocator {
    source;
    file;
    root;
    lineStarts;
    constructor(source, file, root, lineStarts) {
        this.source = source;
        this.file = file;
        this.root = root;
        this.lineStarts = lineStarts;
    }
    value(path) {
        return this.at(startOf(this.walk(path).position));
    }
    key(path, key) {
        const { position, complete } = this.walk(path);
        if (complete && isMap(position)) {
            const index = indexOf(position, key);
            if (index !== undefined)
                return this.at(position.keyStarts[index]);
        }
        return this.at(startOf(position));
    }
    keysInOrder(path) {
        const { position, complete } = this.walk(path);
        return complete && isMap(position) ? position.keys : undefined;
    }
    text(path, value) {
        if (typeof value !== 'number')
            return String(value);
        const { position, complete } = this.walk(path);
        const end = complete && typeof position === 'number' ? numberEnd(this.source, position) : undefined;
        return (0,config_locator/* numberText */.$)(end && this.source.slice(position, end.pos), value);
    }
    /** `file:line` of an offset in the source. */
    at(offset) {
        const starts = this.lineStarts;
        let low = 0;
        let high = starts.length;
        // The number of line starts at or before the offset is its line.
        while (low < high) {
            const mid = (low + high) >> 1;
            if (starts[mid] <= offset)
                low = mid + 1;
            else
                high = mid;
        }
        return `${this.file}:${low}`;
    }
    walk(path) {
        let position = this.root;
        for (const segment of path) {
            let next;
            if (isMap(position)) {
                const index = indexOf(position, String(segment));
                next = index === undefined ? undefined : position.values[index];
            }
            else if (typeof position !== 'number') {
                const index = Number(segment);
                next = Number.isInteger(index) ? position.items[index] : undefined;
            }
            if (next === undefined)
                return { position, complete: false };
            position = next;
        }
        return { position, complete: true };
    }
}
function isMap(position) {
    return typeof position !== 'number' && 'keys' in position;
}
function startOf(position) {
    return typeof position === 'number' ? position : position.start;
}
function indexOf(map, key) {
    if (!map.index) {
        map.index = new Map();
        map.keys.forEach((name, index) => map.index?.set(name, index));
    }
    return map.index.get(key);
}

// EXTERNAL MODULE: ./src/plan/config-size.ts
var config_size = __nccwpck_require__(1131);
;// CONCATENATED MODULE: ./src/plan/config.ts











/**
 * Reads the config: `configSetting` (relative to the working directory), or when that is undefined
 * `.github/training-jobs.yml` if it exists (undefined otherwise). A missing, unreadable, oversized,
 * malformed or invalid file is an InputError naming the file (and the line and key when it can).
 */
async function loadConfig(workingDirectory, configSetting) {
    const absolute = external_node_path_default().resolve(workingDirectory, configSetting ?? defaults/* DEFAULT_CONFIG_PATH */.Bi);
    const file = displayPath(workingDirectory, absolute);
    refuseOutside(workingDirectory, absolute, file);
    let text;
    try {
        const stats = await external_node_fs_default().promises.stat(absolute);
        if (!stats.isFile()) {
            throw new types/* InputError */.d('config', `Invalid config ${(0,input_values/* quoteValue */.cl)(file)}. Expected a YAML file, not a folder.`);
        }
        if (stats.size > defaults/* MAX_CONFIG_BYTES */.GW) {
            throw new types/* InputError */.d(file, `${file}: the config file is ${stats.size} bytes; at most ${defaults/* MAX_CONFIG_BYTES */.GW} bytes are accepted.`);
        }
        text = await external_node_fs_default().promises.readFile(absolute, 'utf8');
    }
    catch (error) {
        if (error instanceof types/* InputError */.d)
            throw error;
        const code = error.code;
        if (configSetting === undefined && code === 'ENOENT')
            return undefined;
        throw new types/* InputError */.d('config', code === 'ENOENT'
            ? `Invalid config ${(0,input_values/* quoteValue */.cl)(file)}: the file does not exist (paths are relative to ${workingDirectory}).`
            : `Invalid config ${(0,input_values/* quoteValue */.cl)(file)}: it cannot be read (${error.message}).`);
    }
    return parseConfig(text, { path: absolute, file }, workingDirectory);
}
/**
 * A config outside the working directory, as text or through a symbolic link (the file itself, or a
 * folder on the way such as a linked `.github`), is refused before anything is read: its content never
 * reaches an error message, and a repository cannot make the run read a file of the runner's.
 */
function refuseOutside(workingDirectory, absolute, file) {
    const reason = !(0,path_safety/* resolveInside */.LI)(workingDirectory, absolute)
        ? 'it is outside the working directory'
        : !(0,real_path/* isReallyInside */.O5)(workingDirectory, absolute)
            ? (0,real_path/* escapeReason */.Gb)(workingDirectory, absolute)
            : undefined;
    if (reason === undefined)
        return;
    throw new types/* InputError */.d('config', `Invalid config ${(0,input_values/* quoteValue */.cl)(file)}: ${reason}; it is not read. Expected a YAML file inside the working ` +
        `directory ${workingDirectory}.`);
}
function displayPath(workingDirectory, absolute) {
    const inside = (0,path_safety/* resolveInside */.LI)(workingDirectory, absolute);
    return inside ? inside.relative : absolute;
}
/**
 * Parses and validates config text. Order matters for speed and safety: the size cap first; then a config
 * that is a JSON object is read by the JSON reader (linear, and it builds what the YAML parser would), any
 * other text by the YAML path (parseYaml in yaml-config.ts, loaded only then); only then is the schema (its generated validator) applied.
 */
async function parseConfig(text, source, workingDirectory) {
    const { file } = source;
    (0,config_size/* checkConfigSize */.c)(text, file);
    const body = text.replace(/^\uFEFF/, '');
    // The YAML parser (a third of the CLI's code) is loaded only for a config that is not JSON.
    const { locator, value: parsed } = readJsonConfig(body, file) ?? (await Promise.all(/* import() */[__nccwpck_require__.e(815), __nccwpck_require__.e(721)]).then(__nccwpck_require__.bind(__nccwpck_require__, 4721))).parseYaml(text, body, file);
    const value = parsed ?? {};
    const validate = await configValidator();
    if (!validate(value)) {
        const [first] = validate.errors ?? [];
        if (first)
            throw schemaErrorToInputError(first, locator);
        throw new types/* InputError */.d(file, `${file}: the config does not match schemas/config.schema.json.`);
    }
    // The schema has just proven this shape.
    return convertConfig(value, source, locator, workingDirectory);
}
let validator;
/**
 * The schema's validator, compiled at build time by scripts/generate-config-validator.mjs (ajv standalone
 * code, so ajv is never imported at run time) and loaded on first use: runs without a config never load it.
 */
function configValidator() {
    validator ??= __nccwpck_require__.e(/* import() */ 632).then(__nccwpck_require__.bind(__nccwpck_require__, 1251)).then((module) => module.validate);
    return validator;
}

// EXTERNAL MODULE: ./src/plan/glob-match.ts
var glob_match = __nccwpck_require__(4033);
// EXTERNAL MODULE: ./src/plan/workflow-commands.ts
var workflow_commands = __nccwpck_require__(5305);
;// CONCATENATED MODULE: ./src/plan/discover.ts








const PRUNED = new Set(defaults/* PRUNED_DIRECTORY_NAMES */.u9);
/**
 * The training scripts under `roots`: relative POSIX paths from the working directory, sorted by code
 * unit (the same order on every machine and locale), each once even when roots overlap.
 *
 * Missing roots are fine. A root outside the working directory is an InputError. Discovery never enters
 * `.git`, `node_modules`, `.venv`, `venv`, `site-packages`, `__pycache__`, hidden folders or any folder
 * holding `pyvenv.cfg`, and never follows a symbolic link to a folder, a root included (so no script is
 * found under two paths). A linked file counts when it resolves to a file inside the working directory. Folders are pruned before they are read, and read with bounded
 * concurrency; see docs/decisions/0002-discovery-walker.md for why this walker and not @actions/glob.
 */
async function discoverScripts(workingDirectory, roots, options = {}) {
    const root = external_node_path_default().resolve(workingDirectory);
    const where = options.rootsWhere ?? 'discover_roots';
    const starts = roots.map((entry) => {
        const inside = (0,path_safety/* resolveInside */.LI)(root, entry);
        if (!inside) {
            throw new types/* InputError */.d(where, `${where === 'discover_roots' ? 'Invalid discover_roots' : `${where}: invalid discovery root`} ` +
                `${(0,input_values/* quoteValue */.cl)(entry)}. Expected folders inside the working directory ${root}.`);
        }
        return inside;
    });
    const walker = new Walker(root, options);
    const folders = [];
    for (const start of starts) {
        const folder = await walker.openRoot(start);
        if (folder)
            folders.push(folder);
    }
    await walker.walk(folders);
    return [...walker.found].sort(compareCodeUnits);
}
function compareCodeUnits(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
class Walker {
    root;
    options;
    found = new Set();
    visited = new Set();
    pattern;
    excludes;
    concurrency;
    readFolderEntries;
    realRoot;
    constructor(root, options) {
        this.root = root;
        this.options = options;
        this.pattern = (0,glob_match/* globToRegExp */.t)(options.pattern ?? defaults/* DEFAULT_DISCOVER_PATTERN */.VM);
        this.excludes = (0,glob_match/* compileExcludes */.p)(options.exclude ?? []);
        this.concurrency = Math.max(1, options.concurrency ?? defaults/* DISCOVERY_CONCURRENCY */.TP);
        this.readFolderEntries = options.readFolder ?? (external_node_fs_default()).promises.readdir;
    }
    warn(message) {
        if (this.options.onWarning)
            this.options.onWarning(message);
        else
            this.options.logger?.warn(message);
    }
    /** The root as a folder to walk, or undefined when it is missing, not a folder, or a link. */
    async openRoot(start) {
        let stats;
        try {
            stats = await external_node_fs_default().promises.lstat(start.absolute);
        }
        catch {
            this.options.logger?.debug(`discovery: root ${start.relative} does not exist, skipped`);
            return undefined;
        }
        if (!stats.isDirectory()) {
            // A linked root is not followed either: a link would let one script be found under two paths.
            const what = stats.isSymbolicLink() ? 'a symbolic link (not followed)' : 'not a folder';
            this.options.logger?.debug(`discovery: root ${start.relative} is ${what}, skipped`);
            return undefined;
        }
        return { absolute: start.absolute, relative: start.relative };
    }
    /** Reads folders with at most `concurrency` reads in flight; depth-first keeps the queue short. */
    walk(folders) {
        const stack = [...folders].reverse();
        return new Promise((resolve, reject) => {
            let active = 0;
            let failed = false;
            const pump = () => {
                while (!failed && active < this.concurrency && stack.length > 0) {
                    const folder = stack.pop();
                    active++;
                    this.readFolder(folder, stack).then(() => {
                        active--;
                        if (active === 0 && stack.length === 0)
                            resolve();
                        else
                            pump();
                    }, (error) => {
                        failed = true;
                        reject(error);
                    });
                }
            };
            pump();
            if (active === 0)
                resolve();
        });
    }
    async readFolder(folder, stack) {
        if (this.visited.has(folder.relative))
            return;
        this.visited.add(folder.relative);
        let entries;
        try {
            entries = await this.entriesOf(folder);
        }
        catch (error) {
            const code = error.code;
            // A folder that vanished while we walked held nothing to run; one that cannot be read may hold
            // scripts nobody will know about unless we say so.
            if (code === 'ENOENT' || code === 'ENOTDIR')
                this.options.logger?.debug(`discovery: ${folder.relative} disappeared, skipped`);
            else
                this.warn(`Discovery could not read the folder ${(0,workflow_commands/* printable */.g$)(folder.relative)} (${code ?? error.message}); ` +
                    'scripts in it are not run.');
            return;
        }
        if (entries.some((entry) => entry.name === defaults/* VIRTUAL_ENV_MARKER */.Fb)) {
            this.options.logger?.debug(`discovery: ${folder.relative} is a virtual environment, skipped`);
            return;
        }
        const prefix = folder.relative === '.' ? '' : `${folder.relative}/`;
        const links = [];
        for (const { dirent: entry, name, notUtf8 } of entries) {
            const relative = prefix + name;
            const isFolder = entry.isDirectory() || (isUnknownType(entry) && (await isRealDirectory(folder.absolute, name)));
            if (isFolder) {
                if (PRUNED.has(name) || name.startsWith('.') || this.excludes.matches(relative))
                    continue;
                if (notUtf8) {
                    this.warn(`Discovery skipped the folder ${notUtf8}: its name is not valid UTF-8, so nothing in it can be run by name. Rename it.`);
                    continue;
                }
                if (this.pattern.test(name))
                    this.warn(`${(0,workflow_commands/* printable */.g$)(relative)} matches ${this.patternText} but is a folder: it is not a job.`);
                stack.push({ absolute: external_node_path_default().join(folder.absolute, name), relative });
            }
            else if (this.pattern.test(name) && !this.excludes.matches(relative)) {
                if (notUtf8) {
                    this.warn(`Discovery skipped ${notUtf8}: its name is not valid UTF-8, so it cannot be run by name. Rename it.`);
                }
                else if ((0,workflow_commands/* hasControlCharacters */.Kg)(relative)) {
                    this.warn(`Discovery skipped ${(0,workflow_commands/* printable */.g$)(relative)}: its path holds a control character or line break. Rename it.`);
                }
                else if (entry.isFile())
                    this.found.add(relative);
                else if (entry.isSymbolicLink() || isUnknownType(entry))
                    links.push(this.addIfLinkedFile(external_node_path_default().join(folder.absolute, name), relative));
                else
                    this.warn(`${(0,workflow_commands/* printable */.g$)(relative)} matches ${this.patternText} but is ${specialKind(entry)}: it is not a job.`);
            }
        }
        await Promise.all(links);
    }
    get patternText() {
        return this.options.pattern ?? defaults/* DEFAULT_DISCOVER_PATTERN */.VM;
    }
    /**
     * The folder's entries by name. Names are read as UTF-8; a name that is not valid UTF-8 comes back with
     * U+FFFD in it and cannot be opened under that name, so a folder with such a name is read again as
     * bytes to tell which names they are (`notUtf8` is then the name with its bad bytes shown as `\xHH`).
     */
    async entriesOf(folder) {
        const dirents = await this.readFolderEntries(folder.absolute, { withFileTypes: true });
        if (!dirents.some((entry) => entry.name.includes('\uFFFD')))
            return dirents.map((dirent) => ({ dirent, name: dirent.name }));
        const raw = await this.readFolderEntries(folder.absolute, { withFileTypes: true, encoding: 'buffer' });
        const prefix = folder.relative === '.' ? '' : `${folder.relative}/`;
        return raw.map((dirent) => {
            const name = dirent.name.toString('utf8');
            const exact = Buffer.from(name, 'utf8').equals(dirent.name);
            return {
                dirent: dirent,
                name,
                notUtf8: exact ? undefined : (0,workflow_commands/* printable */.g$)(prefix) + showBytes(dirent.name),
            };
        });
    }
    /** A matching name that is not a plain file: a link to a file inside the tree counts, nothing else. */
    async addIfLinkedFile(absolute, relative) {
        if (await this.linksInside(absolute))
            this.found.add(relative);
    }
    async linksInside(absolute) {
        try {
            const [target, realRoot] = await Promise.all([external_node_fs_default().promises.realpath(absolute), this.realRootPath()]);
            if (!(0,path_safety/* resolveInside */.LI)(realRoot, target))
                return false;
            return (await external_node_fs_default().promises.stat(target)).isFile();
        }
        catch {
            return false;
        }
    }
    realRootPath() {
        this.realRoot ??= external_node_fs_default().promises.realpath(this.root).catch(() => this.root);
        return this.realRoot;
    }
}
/** A name's bytes as text: valid UTF-8 as is, each other byte as `\xHH`, controls escaped. */
function showBytes(bytes) {
    let out = '';
    let i = 0;
    while (i < bytes.length) {
        const length = utf8SequenceLength(bytes, i);
        if (length > 0) {
            out += (0,workflow_commands/* printable */.g$)(bytes.subarray(i, i + length).toString('utf8'));
            i += length;
        }
        else {
            out += `\\x${bytes[i].toString(16).padStart(2, '0')}`;
            i += 1;
        }
    }
    return out;
}
/** The length of the valid UTF-8 sequence starting at `i`, or 0 when the byte there does not start one. */
function utf8SequenceLength(bytes, i) {
    for (let length = 1; length <= 4 && i + length <= bytes.length; length++) {
        const piece = bytes.subarray(i, i + length);
        // Bytes that decode and encode back to themselves are a valid sequence (U+FFFD itself included).
        if (Buffer.from(piece.toString('utf8'), 'utf8').equals(piece))
            return length;
    }
    return 0;
}
function specialKind(entry) {
    if (entry.isFIFO())
        return 'a FIFO';
    if (entry.isSocket())
        return 'a socket';
    if (entry.isBlockDevice() || entry.isCharacterDevice())
        return 'a device';
    return 'not a regular file';
}
/** Some file systems do not report entry types (DT_UNKNOWN): every is*() is false. */
function isUnknownType(entry) {
    return !(entry.isFile() ||
        entry.isDirectory() ||
        entry.isSymbolicLink() ||
        entry.isFIFO() ||
        entry.isSocket() ||
        entry.isBlockDevice() ||
        entry.isCharacterDevice());
}
async function isRealDirectory(parent, name) {
    try {
        return (await external_node_fs_default().promises.lstat(external_node_path_default().join(parent, name))).isDirectory();
    }
    catch {
        return false;
    }
}

// EXTERNAL MODULE: ./src/plan/summary-file.ts
var summary_file = __nccwpck_require__(9750);
;// CONCATENATED MODULE: ./src/plan/filter.ts




/** The statuses `rerun_failed_from` selects. */
const RERUN_STATUSES = ['failed', 'timed_out', 'cancelled'];
/** Whether one of `selectors` names the job or its sweep's base id (all its variants). */
function selectedBy(selectors, job) {
    return selectors.has(job.id) || (job.baseId !== undefined && selectors.has(job.baseId));
}
/**
 * Applies `only` (an unknown id is an InputError listing the known ones), then `exclude` (an unknown
 * id is a warning), then the re-run selection. Both lists accept job ids and sweep base ids. Selecting
 * zero jobs is an InputError that says which step removed them all.
 */
function filterJobs(jobs, options) {
    const warnings = [];
    if (jobs.length === 0)
        throw new types/* InputError */.d(options.emptyReason.where, options.emptyReason.message);
    // Sets, not nested scans: a shard's `only` can name thousands of the plan's ids. Built only when a
    // selector needs checking.
    let names;
    const isName = (selector) => {
        if (!names) {
            names = new Set();
            for (const job of jobs) {
                names.add(job.id);
                if (job.baseId !== undefined)
                    names.add(job.baseId);
            }
        }
        return names.has(selector);
    };
    let selected = [...jobs];
    if (options.only.length > 0) {
        const unknown = options.only.filter((selector) => !isName(selector));
        if (unknown.length > 0) {
            throw new types/* InputError */.d('only', `Invalid only ${describeUnknown(unknown, jobs)}: no such job. Known ids: ${knownIds(jobs)}.`);
        }
        const only = new Set(options.only);
        selected = selected.filter((job) => selectedBy(only, job));
    }
    if (options.exclude.length > 0) {
        const unknown = options.exclude.filter((selector) => !isName(selector));
        if (unknown.length > 0) {
            warnings.push(`exclude names no job: ${describeUnknown(unknown, jobs, (id) => id)} (known ids: ${knownIds(jobs)}).`);
        }
        const before = selected.length;
        const exclude = new Set(options.exclude);
        selected = selected.filter((job) => !selectedBy(exclude, job));
        if (selected.length === 0) {
            throw new types/* InputError */.d('exclude', `Invalid exclude ${listValues(options.exclude)}: no jobs left to run, all ${before} ` +
                `${options.only.length > 0 ? 'jobs selected by only' : 'jobs'} are excluded.`);
        }
    }
    if (options.rerunFailed) {
        const { file, ids } = options.rerunFailed;
        const planned = new Set(jobs.map((job) => job.id));
        const missing = [...ids].filter((id) => !planned.has(id));
        if (missing.length > 0)
            warnings.push(`Failed in ${file} but no longer planned: ${missing.join(', ')}.`);
        selected = selected.filter((job) => ids.has(job.id));
        if (selected.length === 0) {
            throw new types/* InputError */.d('rerun_failed_from', `Nothing to re-run: none of the jobs that failed in ${file} (${[...ids].join(', ')}) is among the ` +
                `selected jobs.`);
        }
    }
    return { jobs: selected, warnings };
}
function selectableIds(jobs) {
    return [...new Set(jobs.flatMap((job) => (job.baseId ? [job.baseId, job.id] : [job.id])))];
}
/** Unknown ids named in a message, and given a "did you mean" hint: a stale shard list can hold thousands. */
const MAX_UNKNOWN_SHOWN = 20;
/**
 * `'alz' (did you mean 'als'?), 'zzz'`: each unknown id with the closest job id when it looks like a typo;
 * at most MAX_UNKNOWN_SHOWN of them, then how many more (each hint scans every id).
 */
function describeUnknown(unknown, jobs, show = input_values/* quoteValue */.cl) {
    const ids = selectableIds(jobs);
    const shown = unknown.slice(0, MAX_UNKNOWN_SHOWN).map((id) => {
        const hint = (0,did_you_mean/* closestCandidate */.Ri)(id, ids);
        return hint === undefined ? show(id) : `${show(id)} (did you mean '${hint}'?)`;
    });
    const more = unknown.length - shown.length;
    return more > 0 ? `${shown.join(', ')}, … (${more} more)` : shown.join(', ');
}
function listValues(values) {
    const shown = values.slice(0, MAX_UNKNOWN_SHOWN).map(input_values/* quoteValue */.cl).join(', ');
    return values.length > MAX_UNKNOWN_SHOWN
        ? `${shown}, … (${values.length - MAX_UNKNOWN_SHOWN} more)`
        : shown;
}
function knownIds(jobs) {
    const ids = selectableIds(jobs);
    const shown = ids.slice(0, 40).join(', ');
    return ids.length > 40 ? `${shown}, … (${ids.length - 40} more)` : shown;
}
/**
 * The ids of the jobs that failed, timed out or were cancelled in a previous summary. An unreadable or
 * invalid file, or one where nothing failed, is an InputError (`rerun_failed_from`): there is nothing to re-run.
 */
async function readFailedJobIds(file) {
    const jobs = await (0,summary_file/* readSummaryJobs */.Z)(file, 'rerun_failed_from');
    const failed = new Set(jobs.filter((job) => RERUN_STATUSES.includes(job.status ?? '')).map((job) => job.id));
    if (failed.size === 0) {
        throw new types/* InputError */.d('rerun_failed_from', `Nothing to re-run: no job failed, timed out or was cancelled in ${file} (${jobs.length} job(s) listed).`);
    }
    return failed;
}

;// CONCATENATED MODULE: external "node:module"
const external_node_module_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:module");
;// CONCATENATED MODULE: ./src/plan/sweep.ts


/** Characters kept in ids; everything else in a value becomes `_` (`1e-3` stays, `a/b` is `a_b`). */
function fileSafe(value) {
    return value.replace(/[^A-Za-z0-9._-]/g, '_');
}
/** The option a parameter is passed as: `matrix_flags[key]`, else `--` + key with `_` as `-`. */
function flagFor(key, flags) {
    return flags.get(key) ?? `--${key.replaceAll('_', '-')}`;
}
/**
 * Expands a `matrix:` like GitHub Actions does: the cartesian product of the parameters (in declared
 * order), minus every combination matching an `exclude` entry, then each `include` entry is merged
 * into every original combination it does not contradict (values it adds may be overwritten by later
 * entries, original values never), or becomes a combination of its own when it fits none.
 * Each combination gets the id suffix `<key>-<value>` joined by `.`, values made file-safe.
 * Errors (file:line of `matrix:`): no combination, more than MAX_SWEEP_VARIANTS, two combinations with
 * the same id, `exclude`/`matrix_flags` naming a parameter that does not exist.
 */
function expandSweep(spec, jobId) {
    const fail = (message) => {
        throw new types/* InputError */.d(spec.where, `${spec.where}: job '${jobId}': ${message}`);
    };
    const parameterKeys = spec.parameters.map((parameter) => parameter.key);
    const originalKeys = new Set(parameterKeys);
    let size = spec.parameters.length > 0 ? 1 : 0;
    for (const parameter of spec.parameters) {
        size *= parameter.values.length;
        if (size > defaults/* MAX_SWEEP_VARIANTS */.U1) {
            fail(`the matrix has more than ${defaults/* MAX_SWEEP_VARIANTS */.U1} combinations; split the sweep or use include/exclude.`);
        }
    }
    for (const entry of spec.exclude) {
        for (const key of entry.keys()) {
            if (!originalKeys.has(key))
                fail(`matrix exclude names '${key}', which is not a parameter of the matrix.`);
        }
    }
    let originals = spec.parameters.length > 0 ? [new Map()] : [];
    for (const { key, values } of spec.parameters) {
        originals = originals.flatMap((combination) => values.map((value) => new Map(combination).set(key, value)));
    }
    originals = originals.filter((combination) => !spec.exclude.some((entry) => matches(combination, entry)));
    const added = [];
    for (const entry of spec.include) {
        let merged = false;
        for (const combination of originals) {
            const fits = [...entry].every(([key, value]) => !originalKeys.has(key) || combination.get(key) === value);
            if (!fits)
                continue;
            merged = true;
            for (const [key, value] of entry)
                if (!originalKeys.has(key))
                    combination.set(key, value);
        }
        if (!merged)
            added.push(new Map(entry));
    }
    const combinations = [...originals, ...added];
    if (combinations.length === 0)
        fail('the matrix expands to no combination (everything is excluded).');
    if (combinations.length > defaults/* MAX_SWEEP_VARIANTS */.U1) {
        fail(`the matrix has more than ${defaults/* MAX_SWEEP_VARIANTS */.U1} combinations; split the sweep.`);
    }
    const order = [...parameterKeys];
    for (const combination of combinations)
        for (const key of combination.keys())
            if (!order.includes(key))
                order.push(key);
    for (const key of spec.flags.keys()) {
        if (!order.includes(key))
            fail(`matrix_flags names '${key}', which is not a parameter of the matrix.`);
    }
    // Per key and per value once, not per combination: a sweep's combinations repeat the same few of each.
    const flagOf = new Map(order.map((key) => [key, flagFor(key, spec.flags)]));
    const safe = new Map();
    const safeText = (value) => {
        let text = safe.get(value);
        if (text === undefined) {
            text = fileSafe(value);
            safe.set(value, text);
        }
        return text;
    };
    const describe = (values) => values.map(([key, value]) => `${key}=${value}`).join(', ');
    const seen = new Map();
    return combinations.map((combination) => {
        const values = [];
        const flags = [];
        let suffix = '';
        for (const key of order) {
            const value = combination.get(key);
            if (value === undefined)
                continue;
            values.push([key, value]);
            flags.push(flagOf.get(key), value);
            suffix += `${suffix === '' ? '' : '.'}${key}-${safeText(value)}`;
        }
        const previous = seen.get(suffix);
        if (previous !== undefined) {
            fail(`the combinations {${describe(previous)}} and {${describe(values)}} would both be '${jobId}.${suffix}'; make the values distinct.`);
        }
        seen.set(suffix, values);
        return { suffix, values, flags };
    });
}
function matches(combination, entry) {
    return [...entry].every(([key, value]) => combination.get(key) === value);
}

;// CONCATENATED MODULE: ./src/plan/job-ids.ts




/** Prefix of an id made from a hash, for a name with no ASCII letter or digit to keep. */
const HASHED_ID_PREFIX = 'x-';
/**
 * The job id of a script: its file stem without the `train_` prefix (`training/train_brain_mri.py` is
 * `brain_mri`). Accents are dropped (`train_café.py` is `cafe`: compatibility decomposition, then
 * combining marks removed); other characters not allowed in ids become `_`; leading `.`, `_`, `-` are
 * dropped; a stem that is only the prefix keeps it. When no ASCII letter or digit is left
 * (`train_模型.py`, `train_🚀.py`, `train_-.py`), the id is `x-` and the first 8 hex digits of the
 * SHA-256 of the file name: the same on every machine, always a valid id. Never fails.
 */
function scriptId(script) {
    const name = script.slice(script.lastIndexOf('/') + 1);
    const dot = name.lastIndexOf('.');
    const stem = dot > 0 ? name.slice(0, dot) : name;
    const bare = stem.startsWith(defaults/* SCRIPT_ID_PREFIX */.BX) && stem.length > defaults/* SCRIPT_ID_PREFIX */.BX.length
        ? stem.slice(defaults/* SCRIPT_ID_PREFIX */.BX.length)
        : stem;
    const id = asciiId(bare).slice(0, 128);
    return defaults/* JOB_ID_PATTERN */.BE.test(id) ? id : hashedId(name);
}
/** `text` as id characters: accents dropped, the rest of what ids cannot hold `_`, no leading `._-`. */
function asciiId(text) {
    return fileSafe(text.normalize('NFKD').replace(/\p{M}/gu, '')).replace(/^[._-]+/, '');
}
function hashedId(name) {
    return HASHED_ID_PREFIX + shortHash(name);
}
/**
 * node:crypto is loaded here, on the first name that needs it, not with this module: loading it costs every
 * CLI start ~5 ms, and most plans have no such name.
 */
function shortHash(text) {
    const { createHash } = (0,external_node_module_namespaceObject.createRequire)(import.meta.url)('node:crypto');
    return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 8);
}
/** `scripts/ml` → `scripts.ml`; the working directory itself → `root`; a folder with no ASCII left → its hash. */
function folderSuffix(script) {
    const folder = external_node_path_default().posix.dirname(script);
    if (folder === '.')
        return 'root';
    return asciiId(folder.split('/').join('.')) || shortHash(folder);
}
/**
 * Ids for discovered scripts, given sorted by path. When two scripts would get the same id, the first
 * by path keeps it and each later one gets its folder appended: `scripts/train_als.py` is `als`,
 * `training/train_als.py` is `als.training` (then `.2`, `.3`, … should even that be taken). An id in
 * `reserved` (a config job that names another discovered script) is taken before any script, so a
 * script whose id it is gets the suffix too. Nothing is dropped and each script runs once; a warning
 * says what happened so the config can name the scripts instead.
 */
function assignScriptIds(scripts, reserved = new Map()) {
    const bare = scripts.map((script) => scriptId(script));
    const owners = new Map(reserved);
    const ids = bare.map((id, index) => {
        if (owners.has(id))
            return undefined;
        owners.set(id, scripts[index]);
        return id;
    });
    const bareIds = new Set(bare);
    const warnings = [];
    bare.forEach((id, index) => {
        if (ids[index] !== undefined)
            return;
        // Never too long for an id: a long id or folder is cut and the script's path hashed in instead.
        let base = `${id}.${folderSuffix(scripts[index])}`;
        if (base.length > 120)
            base = `${id.slice(0, 110)}.${shortHash(scripts[index])}`;
        let candidate = base;
        for (let n = 2; owners.has(candidate) || bareIds.has(candidate); n++)
            candidate = `${base}.${n}`;
        warnings.push(`Job id '${id}' is taken by ${owners.get(id)}, so ${scripts[index]} is '${candidate}'. ` +
            `Name them in the config (jobs: <id>: script: …) to choose other ids.`);
        owners.set(candidate, scripts[index]);
        ids[index] = candidate;
    });
    return { ids: ids, warnings };
}

;// CONCATENATED MODULE: ./src/plan/jobs.ts







/** The built-in layer, below discovered and config jobs. Empty today; kept so the layering stays explicit. */
const BUILTIN_JOBS = [];
const NO_SUPPORT = { epochs: false, folds: false, output_dir: false };
/**
 * Merges the layers, each overriding the one below: built-in jobs, discovered scripts, config jobs.
 *
 * A config job overrides the built-in or discovered job that runs the same `script` (whatever its id:
 * the config id wins, and scripts are given ids only after these claims, so a claimed id is never
 * handed to another script); else the job with the same id (a different script or a command then
 * replaces that job's, with a warning); otherwise it adds a job, which needs `script` or `command`.
 * `enabled: false` drops what it matches. Only non-config jobs are matched by script, so two config
 * jobs may run one script with different args. Paths must stay inside the working directory. Sweeps
 * (`matrix:`) expand last, one job per combination. Order: the lower layers' order (discovered by
 * path) with overrides in place, then new config jobs in file order.
 */
async function mergeJobs(input) {
    const warnings = [];
    const configJobs = (input.config?.jobs ?? []).map((job) => checkedConfigJob(job, input.workingDirectory));
    // Config jobs naming a discovered script claim it first, so ids are only invented for the others.
    const discoveredScripts = new Set(input.discovered.map((entry) => entry.script));
    const claims = new Map();
    for (const { job, script } of configJobs) {
        if (script !== undefined && discoveredScripts.has(script) && !claims.has(script))
            claims.set(script, job.id);
    }
    const reserved = new Map();
    for (const [script, id] of claims)
        reserved.set(id, `the config job for ${script}`);
    const unclaimed = input.discovered.filter((entry) => !claims.has(entry.script));
    const assigned = assignScriptIds(unclaimed.map((entry) => entry.script), reserved);
    warnings.push(...assigned.warnings);
    const idOf = new Map(unclaimed.map((entry, index) => [entry.script, assigned.ids[index]]));
    const drafts = new DraftList(input.builtin ?? BUILTIN_JOBS);
    for (const entry of input.discovered) {
        const job = discoveredJob(claims.get(entry.script) ?? idOf.get(entry.script), entry);
        const byId = drafts.indexOfId(job.id);
        const byScript = drafts.indexOfScript(entry.script);
        const existing = byId === -1 ? byScript : byScript === -1 ? byId : Math.min(byId, byScript);
        if (existing === -1)
            drafts.push(job);
        else
            drafts.set(existing, job);
    }
    const detected = new Map(input.discovered.map((entry) => [entry.script, entry.supports]));
    const fileSystem = {
        ...input.fileSystem,
        supportsOf: async (script) => detected.get(script) ?? input.fileSystem.supportsOf(script),
    };
    for (const { job, script } of configJobs) {
        await applyConfigJob(drafts, job, script, input.workingDirectory, fileSystem, warnings);
    }
    // Each draft expands straight into specs (no copy of a draft per variant): 100,000 variants are cheap.
    const jobs = [];
    const origins = new Map();
    for (const draft of drafts.values()) {
        for (const job of expandDraft(draft)) {
            const other = origins.get(job.id);
            if (other) {
                const where = whereOf(draft) ?? whereOf(other) ?? 'config';
                throw new types/* InputError */.d(where, `${where === 'config' ? '' : `${where}: `}two jobs would have the id '${job.id}' (${describeJob(other)} and ` +
                    `${describeJob(draft)}). Job ids must be unique.`);
            }
            origins.set(job.id, draft);
            jobs.push(job);
        }
    }
    return { jobs, warnings };
}
/** The checks that need no other job: script and command together, a script path escaping. */
function checkedConfigJob(job, workingDirectory) {
    if (job.script !== undefined && job.command !== undefined) {
        throw new types/* InputError */.d(job.where, `${job.where}: job '${job.id}': it sets both script and command; a job runs one of them.`);
    }
    if (job.script === undefined)
        return { job, script: undefined };
    const where = job.keyWhere.script ?? job.where;
    const script = insidePath(workingDirectory, job.script, where, job.id, 'script');
    if (script === '.') {
        throw new types/* InputError */.d(where, `${where}: job '${job.id}': script must be a file, not the working directory.`);
    }
    return { job, script };
}
function discoveredJob(id, entry) {
    return { ...blankJob(id), source: 'discovered', script: entry.script, supports: entry.supports };
}
function blankJob(id) {
    return {
        id,
        baseId: undefined,
        source: 'config',
        script: undefined,
        command: undefined,
        args: [],
        cwd: '.',
        outputDir: undefined,
        supports: NO_SUPPORT,
        sweepFlags: [],
        optional: undefined,
        retries: undefined,
        timeoutMinutes: undefined,
        env: {},
        runsOn: undefined,
    };
}
/** Where a draft's jobs were defined: its config entry, or for a discovered job given a matrix, the matrix. */
function whereOf(draft) {
    return draft.where ?? draft.sweep?.where;
}
function describeJob(job) {
    const what = job.script !== undefined ? job.script : `command ${(job.command ?? []).join(' ')}`;
    const where = whereOf(job);
    return job.source === 'config' && where ? `${what} at ${where}` : `${what} (${job.source})`;
}
async function applyConfigJob(drafts, job, script, workingDirectory, fileSystem, warnings) {
    const { id, where } = job;
    const at = (key) => job.keyWhere[key] ?? where;
    const fail = (location, message) => {
        throw new types/* InputError */.d(location, `${location}: job '${id}': ${message}`);
    };
    const byScript = script === undefined ? -1 : drafts.indexOfScript(script);
    const byId = drafts.indexOfId(id);
    if (byScript !== -1 && byId !== -1 && byScript !== byId) {
        // Only a built-in job can still hold the id here: discovered scripts never take a claimed id.
        fail(where, `the id is already taken by ${describeJob(drafts.at(byId))}, which does not run ${script}. Choose another id.`);
    }
    const index = byScript !== -1 ? byScript : byId;
    const target = index === -1 ? undefined : drafts.at(index);
    if (target?.script !== undefined && job.enabled !== false) {
        const replacement = script !== undefined && script !== target.script
            ? script
            : job.command
                ? `command ${job.command.join(' ')}`
                : undefined;
        if (replacement !== undefined) {
            warnings.push(`${where}: job '${id}' runs ${replacement} instead of the ${target.source} script ${target.script}.`);
        }
    }
    if (job.enabled === false) {
        if (target)
            drafts.remove(index);
        else
            warnings.push(`${where}: job '${id}' is disabled (enabled: false) but matches no job.`);
        return;
    }
    if (!target && script === undefined && job.command === undefined) {
        const known = drafts.values().map((other) => other.id);
        const hint = (0,did_you_mean/* didYouMean */.au)(id, known);
        fail(where, `no discovered job has this id or script, so it needs script or command.` +
            (hint || (known.length > 0 ? ` Known ids: ${known.join(', ')}.` : '')));
    }
    const base = target ?? blankJob(id);
    let supports = base.supports;
    let command = base.command;
    let newScript = base.script;
    if (script !== undefined && script !== base.script) {
        const detected = await fileSystem.supportsOf(script);
        if (!detected)
            fail(at('script'), `script ${(0,input_values/* quoteValue */.cl)(script)} does not exist or is not a file.`);
        supports = detected ?? NO_SUPPORT;
        newScript = script;
        command = undefined;
    }
    if (job.command !== undefined) {
        // A command is not a Python script: nothing is detected, flags are passed only when set to true.
        command = job.command;
        newScript = undefined;
        supports = NO_SUPPORT;
    }
    supports = {
        epochs: job.epochs ?? supports.epochs,
        folds: job.folds ?? supports.folds,
        output_dir: job.outputDirFlag ?? supports.output_dir,
    };
    let cwd = base.cwd;
    if (job.cwd !== undefined) {
        cwd = insidePath(workingDirectory, job.cwd, at('cwd'), id, 'cwd');
        if (!(await fileSystem.isDirectory(cwd)))
            fail(at('cwd'), `cwd ${(0,input_values/* quoteValue */.cl)(job.cwd)} is not an existing folder.`);
    }
    let outputDir = base.outputDir;
    if (job.outputDir !== undefined) {
        outputDir = insidePath(workingDirectory, job.outputDir, at('output_dir'), id, 'output_dir');
        if (outputDir === '.')
            fail(at('output_dir'), 'output_dir must be a folder inside the working directory, not all of it.');
    }
    const merged = {
        ...base,
        id,
        source: 'config',
        script: newScript,
        command,
        args: job.args ?? base.args,
        cwd,
        outputDir,
        supports,
        optional: job.optional ?? base.optional,
        retries: job.retries ?? base.retries,
        timeoutMinutes: job.timeoutMinutes ?? base.timeoutMinutes,
        env: { ...base.env, ...job.env },
        runsOn: job.runsOn ?? base.runsOn,
        metricRules: job.metrics ?? base.metricRules,
        gates: job.gates ?? base.gates,
        ...(job.resources || base.resources ? { resources: { ...base.resources, ...job.resources } } : {}),
        inputs: job.inputs ?? base.inputs,
        sweep: job.sweep ?? base.sweep,
        where,
    };
    if (target)
        drafts.set(index, merged);
    else
        drafts.push(merged);
}
/**
 * The jobs while the layers merge, in order, with the two look-ups a merge makes kept in maps: by id, and
 * (built-in and discovered jobs only: config jobs are matched by id) by script. Merging n config jobs then
 * costs O(n) instead of a scan of every job per config job (20,000 config jobs planned in ~30 s before).
 * A removed job leaves an empty slot, so the other jobs keep their places and their indexes stay valid.
 */
class DraftList {
    slots = [];
    byId = new Map();
    byScript = new Map();
    constructor(initial) {
        for (const draft of initial)
            this.push(draft);
    }
    /** The first job with this id, or -1. */
    indexOfId(id) {
        return this.byId.get(id) ?? -1;
    }
    /** The first built-in or discovered job running this script, or -1. */
    indexOfScript(script) {
        return this.byScript.get(script) ?? -1;
    }
    at(index) {
        const draft = this.slots[index];
        if (draft === undefined)
            throw new Error(`No job at index ${index} (removed).`);
        return draft;
    }
    push(draft) {
        this.slots.push(draft);
        this.index(draft, this.slots.length - 1);
    }
    set(index, draft) {
        this.unindex(index);
        this.slots[index] = draft;
        this.index(draft, index);
    }
    remove(index) {
        this.unindex(index);
        this.slots[index] = undefined;
    }
    /** The jobs in order. */
    values() {
        return this.slots.filter((draft) => draft !== undefined);
    }
    index(draft, index) {
        if (!this.byId.has(draft.id))
            this.byId.set(draft.id, index);
        if (draft.source !== 'config' && draft.script !== undefined && !this.byScript.has(draft.script))
            this.byScript.set(draft.script, index);
    }
    unindex(index) {
        const draft = this.slots[index];
        if (draft === undefined)
            return;
        if (this.byId.get(draft.id) === index)
            this.byId.delete(draft.id);
        if (draft.script !== undefined && this.byScript.get(draft.script) === index)
            this.byScript.delete(draft.script);
    }
}
/** `target` resolved against the working directory, as a relative POSIX path; an InputError when it escapes. */
function insidePath(workingDirectory, target, where, id, key) {
    const inside = (0,path_safety/* resolveInside */.LI)(workingDirectory, target);
    if (!inside) {
        throw new types/* InputError */.d(where, `${where}: job '${id}': ${key} ${(0,input_values/* quoteValue */.cl)(target)} is outside the working directory ${workingDirectory}. ` +
            `Expected a path inside it.`);
    }
    return inside.relative;
}
/**
 * A job with a matrix becomes one job per combination, the others one job. Specs are built field by field
 * (one object of one shape per job, not a spread of the draft and then a copy without its extra keys).
 */
function expandDraft(draft) {
    const sweep = draft.sweep;
    if (!sweep)
        return [specOf(draft, draft.id, undefined, draft.outputDir, draft.sweepFlags, draft.sweepParams)];
    return expandSweep(sweep, draft.id).map((variant) => {
        const id = `${draft.id}.${variant.suffix}`;
        if (!defaults/* JOB_ID_PATTERN */.BE.test(id)) {
            throw new types/* InputError */.d(sweep.where, `${sweep.where}: job '${draft.id}': the sweep id '${id}' is longer than 128 characters. Use shorter ` +
                `parameter names or values.`);
        }
        const outputDir = draft.outputDir === undefined ? undefined : `${draft.outputDir}/${variant.suffix}`;
        return specOf(draft, id, draft.id, outputDir, variant.flags, variant.values);
    });
}
function specOf(draft, id, baseId, outputDir, sweepFlags, sweepParams) {
    return {
        id,
        baseId: baseId ?? draft.baseId,
        source: draft.source,
        script: draft.script,
        command: draft.command,
        args: draft.args,
        cwd: draft.cwd,
        outputDir,
        supports: draft.supports,
        sweepFlags,
        sweepParams,
        metricRules: draft.metricRules,
        gates: draft.gates,
        optional: draft.optional,
        retries: draft.retries,
        timeoutMinutes: draft.timeoutMinutes,
        env: draft.env,
        runsOn: draft.runsOn,
        resources: draft.resources,
        inputs: draft.inputs,
    };
}

;// CONCATENATED MODULE: ./src/plan/job-paths.ts





/**
 * Every path a job reads, runs in or writes (its script, `cwd`, output folder and log file) must lie inside
 * the working directory once symbolic links are followed: a repository that links `results/<id>_results`,
 * `logs/<id>.log` or any folder on the way to a place outside cannot make the run write there. Checked for
 * the selected jobs before any of them starts; the first offender is an InputError naming the job and the
 * setting the path comes from (`output_dir` when the config sets it, `results_dir` otherwise; `logs_dir`;
 * `script`; `cwd`). The runner checks again when it creates the folders and opens the log (see
 * src/run/safe-open.ts): a link planted in between is refused there.
 */
function assertJobPathsInside(jobs, workingDirectory, outputDirFromConfig) {
    const realRoot = (0,real_path/* realRootOf */.GW)(workingDirectory);
    const inside = insideChecker(workingDirectory, realRoot);
    const refuse = (job, key, value) => {
        throw new types/* InputError */.d(key, `Job '${job.id}': ${key === 'logs_dir' ? 'its log file' : key} ${(0,input_values/* quoteValue */.cl)(value)}: ` +
            `${(0,real_path/* escapeReason */.Gb)(workingDirectory, value)}. Expected a path inside the working directory ` +
            `${workingDirectory}; nothing is written or run through such a link.`);
    };
    for (const job of jobs) {
        if (job.script !== undefined && !inside(job.script))
            refuse(job, 'script', job.script);
        if (!inside(job.cwd))
            refuse(job, 'cwd', job.cwd);
        if (!inside(job.outputDir)) {
            refuse(job, outputDirFromConfig(job.id) ? 'output_dir' : 'results_dir', job.outputDir);
        }
        if (!inside(job.logPath))
            refuse(job, 'logs_dir', job.logPath);
    }
}
/** After this many lookups in one folder, one readdir answers the rest (a thousand `logs/<id>.log`). */
const LOOKUPS_BEFORE_LISTING = 32;
/**
 * isReallyInside for many paths that share folders (`logs/<id>.log` for every job), for normalized relative
 * paths: each folder is resolved once; then a path costs nothing when its folder does not exist yet (a first
 * run), else one lstat of its last component, and once a folder has been asked about often, one readdir for
 * all of them. Only an entry that is a link is resolved further. A hundred thousand jobs stay within the
 * planning budget.
 */
function insideChecker(workingDirectory, realRoot) {
    const root = { path: external_node_path_default().resolve(workingDirectory), real: realRoot };
    const folders = new Map();
    const folderOf = (relative) => {
        let folder = folders.get(relative);
        if (!folder) {
            const real = relative === '.' ? realRoot : (0,real_path/* realPathOf */.dN)(`${root.path}${(external_node_path_default()).sep}${relative}`, root);
            const stats = real === undefined ? undefined : external_node_fs_default().statSync(real, { throwIfNoEntry: false });
            folder = {
                real,
                inside: real !== undefined && (0,real_path/* isWithin */.UO)(realRoot, real),
                exists: stats?.isDirectory() ?? false,
                lookups: 0,
            };
            folders.set(relative, folder);
        }
        return folder;
    };
    /** Whether `name` in an existing folder is a link, undefined when it is not there. */
    const isLink = (folder, name) => {
        folder.lookups += 1;
        if (!folder.entries && folder.lookups > LOOKUPS_BEFORE_LISTING) {
            try {
                const listed = external_node_fs_default().readdirSync(folder.real, { withFileTypes: true });
                folder.entries = new Map(listed.map((entry) => [entry.name, entry.isSymbolicLink()]));
            }
            catch {
                folder.entries = new Map();
            }
        }
        if (folder.entries)
            return folder.entries.get(name);
        try {
            return external_node_fs_default().lstatSync(external_node_path_default().join(folder.real, name), { throwIfNoEntry: false })?.isSymbolicLink();
        }
        catch {
            return undefined;
        }
    };
    // Paths resolved whole (the working directory `.` that every job's cwd may be, a script at the top),
    // once each.
    const resolvedWhole = new Map();
    return (relative) => {
        const slash = relative.lastIndexOf('/');
        const name = relative.slice(slash + 1);
        if (slash < 0 || name === '' || name === '.' || name === '..' || relative.includes('/..')) {
            let inside = resolvedWhole.get(relative);
            if (inside === undefined) {
                inside = (0,real_path/* isReallyInside */.O5)(workingDirectory, relative, realRoot);
                resolvedWhole.set(relative, inside);
            }
            return inside;
        }
        const folder = folderOf(relative.slice(0, slash));
        if (!folder.inside || folder.real === undefined)
            return false;
        // A plain entry (or none yet) of a folder inside is inside; only a link needs following.
        if (!folder.exists || !isLink(folder, name))
            return true;
        const real = (0,real_path/* realPathOf */.dN)(`${folder.real}${(external_node_path_default()).sep}${name}`, { path: folder.real, real: folder.real });
        return real !== undefined && (0,real_path/* isWithin */.UO)(realRoot, real);
    };
}

// EXTERNAL MODULE: ./src/plan/python.ts
var plan_python = __nccwpck_require__(7429);
// EXTERNAL MODULE: ./src/plan/file-kind.ts
var file_kind = __nccwpck_require__(5544);
;// CONCATENATED MODULE: ./src/plan/script-file.ts



/**
 * Reads a script and detects the flags it supports. Opened without blocking (a FIFO named `train_x.py`
 * would otherwise hang the planner until something writes to it) and checked to be a regular file after
 * opening (so a file swapped for a FIFO between the listing and the read cannot hang it either). Never
 * throws: a folder, a FIFO, a device, a missing or unreadable file is a reason.
 */
async function inspectScript(file, open = (external_node_fs_default()).promises.open) {
    let handle;
    try {
        handle = await open(file, (external_node_fs_default()).constants.O_RDONLY | (external_node_fs_default()).constants.O_NONBLOCK);
        const stats = await handle.stat();
        if (!stats.isFile())
            return { ok: false, reason: (0,file_kind/* describeFileKind */.C)(stats) };
        return { ok: true, supports: detectSupports(await handle.readFile('utf8')) };
    }
    catch (error) {
        const code = error.code;
        if (code === 'ENOENT')
            return { ok: false, reason: 'missing' };
        if (code === 'EISDIR')
            return { ok: false, reason: 'a folder' };
        return { ok: false, reason: `unreadable (${code ?? error.message})` };
    }
    finally {
        await handle?.close().catch(() => undefined);
    }
}

;// CONCATENATED MODULE: ./src/plan/plan.ts














const SILENT = { info() { }, warn() { }, error() { }, debug() { } };
/** Scripts whose source is read at once during detection. */
const DETECT_CONCURRENCY = 16;
/**
 * The whole planning pipeline: discover → load config → merge layers (and expand sweeps) → filter
 * (only, exclude, re-run failed) → resolve the interpreter → build each job's argv. Bad input or config
 * throws InputError before anything runs; nothing is written to disk.
 */
async function buildPlan(settings, deps = {}) {
    const logger = deps.logger ?? SILENT;
    const workingDirectory = settings.workingDirectory;
    const resolve = deps.resolvePython ?? ((spec) => (0,plan_python/* resolvePython */.Lx)(spec, process.env, workingDirectory));
    // The interpreter probe starts a process (~75 ms, ~300 ms through a pyenv shim): let it overlap config
    // loading and discovery. Its failure matters only if a script job is selected, so it is settled here.
    const earlyPython = settings.noAutoDiscover ? undefined : settle(resolve(settings.python));
    const config = await loadConfig(workingDirectory, settings.config);
    if (config)
        logger.debug(`config: ${config.file}`);
    const roots = settings.discoverRoots ?? config?.discovery.roots ?? defaults/* DEFAULT_DISCOVER_ROOTS */.KN;
    const pattern = config?.discovery.pattern ?? defaults/* DEFAULT_DISCOVER_PATTERN */.VM;
    let discovered = [];
    // Files discovery found but cannot run (unreadable folders, odd names, FIFOs): warnings, never a failure.
    const discoveryWarnings = [];
    if (settings.noAutoDiscover) {
        logger.debug('discovery: off (no_auto_discover)');
    }
    else {
        const scripts = await discoverScripts(workingDirectory, roots, {
            pattern,
            exclude: config?.discovery.exclude,
            rootsWhere: settings.discoverRoots ? 'discover_roots' : config?.discovery.rootsWhere,
            logger,
            onWarning: (message) => discoveryWarnings.push(message),
        });
        logger.debug(`discovery: ${scripts.length} ${pattern} under ${roots.join(', ')}`);
        discovered = await detectAll(workingDirectory, scripts, logger, discoveryWarnings, deps.openFile);
    }
    const merged = await mergeJobs({
        workingDirectory,
        discovered,
        config,
        fileSystem: realFileSystem(workingDirectory, deps.openFile),
    });
    const rerunFile = settings.rerunFailedFrom;
    const filtered = filterJobs(merged.jobs, {
        only: settings.only,
        exclude: settings.exclude,
        rerunFailed: rerunFile
            ? { file: rerunFile, ids: await readFailedJobIds(external_node_path_default().resolve(workingDirectory, rerunFile)) }
            : undefined,
        emptyReason: emptyReason(settings, config, roots, pattern),
    });
    const needsPython = filtered.jobs.some((job) => job.script !== undefined);
    const python = needsPython ? unwrap(await (earlyPython ?? settle(resolve(settings.python)))) : '';
    if (needsPython)
        logger.debug(`python: ${settings.python} is ${python}`);
    const absoluteCwd = memoized((cwd) => (0,path_safety/* absoluteFrom */.At)(workingDirectory, cwd));
    const jobs = filtered.jobs.map((spec) => plannedJob(spec, settings, config, python, absoluteCwd));
    const fromConfig = new Set(filtered.jobs.filter((spec) => spec.outputDir !== undefined).map((spec) => spec.id));
    assertJobPathsInside(jobPaths(filtered.jobs, jobs), workingDirectory, (id) => fromConfig.has(id));
    return {
        jobs,
        warnings: [
            ...discoveryWarnings,
            ...merged.warnings,
            ...filtered.warnings,
            ...planWarnings(jobs, settings),
        ],
        python,
        configPath: config?.path,
    };
}
/** The paths of each job as the containment check reads them, one at a time (no copy of every job). */
function* jobPaths(specs, jobs) {
    for (let index = 0; index < specs.length; index++) {
        const spec = specs[index];
        const job = jobs[index];
        yield { id: spec.id, script: spec.script, cwd: spec.cwd, outputDir: job.outputDir, logPath: job.logPath };
    }
}
/** `compute` remembered per argument: jobs share a few values (`cwd`), computed once each. */
function memoized(compute) {
    const known = new Map();
    return (key) => {
        let value = known.get(key);
        if (value === undefined) {
            value = compute(key);
            known.set(key, value);
        }
        return value;
    };
}
function plannedJob(spec, settings, config, python, absoluteCwd) {
    const outputDir = spec.outputDir ?? `${settings.resultsDir}/${spec.id}_results`;
    const defaults = config?.defaults;
    const argvJob = {
        script: spec.script,
        command: spec.command,
        args: spec.args,
        cwd: spec.cwd,
        outputDir,
        supports: spec.supports,
        sweepFlags: spec.sweepFlags,
    };
    return {
        id: spec.id,
        script: spec.script,
        command: buildArgv(argvJob, settings, python),
        cwd: absoluteCwd(spec.cwd),
        env: { ...settings.jobEnv, ...defaults?.env, ...spec.env },
        optional: spec.optional ?? defaults?.optional ?? false,
        retries: spec.retries ?? defaults?.retries ?? settings.retries,
        timeoutMinutes: spec.timeoutMinutes ?? defaults?.timeoutMinutes ?? settings.timeoutMinutes,
        outputDir,
        logPath: `${settings.logsDir}/${spec.id}.log`,
        supports: spec.supports,
        source: spec.source,
        runsOn: spec.runsOn,
        baseId: spec.baseId,
        ...quality(spec, settings, config),
        ...resourceRequest(spec, config),
        ...cacheInputs(defaults?.inputs, spec.inputs),
    };
}
/**
 * The job's `cpus`, `memory`, `gpus`: each key from the job, else `defaults`, else cpus 1, no memory, no GPUs.
 * Absent when neither sets any (the runner then schedules by worker count alone, as before).
 */
function resourceRequest(spec, config) {
    const own = spec.resources;
    const defaults = config?.defaults.resources;
    if (!own && !defaults)
        return {};
    return {
        resources: {
            cpus: own?.cpus ?? defaults?.cpus ?? 1,
            memory_bytes: own?.memoryBytes ?? defaults?.memoryBytes ?? null,
            gpus: own?.gpus ?? defaults?.gpus ?? 0,
        },
    };
}
/** The config's `inputs:`, defaults' then the job's; absent when there are none. */
function cacheInputs(defaults, own) {
    const inputs = [...new Set([...(defaults ?? []), ...(own ?? [])])];
    return inputs.length > 0 ? { inputs } : {};
}
/** params, metric rules and gates, each only when there is something (a plan without them reads as before). */
function quality(spec, settings, config) {
    const out = {};
    const params = effectiveParams(spec, settings);
    if (params)
        out.params = params;
    if (hasKeys(config?.metrics) || hasKeys(spec.metricRules)) {
        const metricRules = { ...config?.metrics, ...spec.metricRules };
        if (hasKeys(metricRules))
            out.metricRules = metricRules;
    }
    if (hasKeys(config?.gates) || hasKeys(spec.gates)) {
        const gates = mergeGateRules(config?.gates, spec.gates);
        if (hasKeys(gates))
            out.gates = gates;
    }
    return out;
}
function hasKeys(value) {
    if (value === undefined)
        return false;
    for (const _key in value)
        return true;
    return false;
}
/** What the summary records as the job's parameters: `epochs`/`folds` when passed to it, then its sweep values (as text). */
function effectiveParams(spec, settings) {
    const epochs = spec.supports.epochs && settings.epochs !== undefined;
    const folds = spec.supports.folds && settings.folds !== undefined;
    if (!epochs && !folds && !spec.sweepParams?.length)
        return undefined;
    const params = {};
    if (epochs)
        params.epochs = settings.epochs;
    if (folds)
        params.folds = settings.folds;
    for (const [key, value] of spec.sweepParams ?? [])
        params[key] = value;
    return params;
}
/** Top-level gates with a job's own on top: a metric the job names replaces the top-level entry (`{}` removes it). */
function mergeGateRules(top, own) {
    const merged = { ...top, ...own };
    for (const [metric, rule] of Object.entries(merged))
        if (Object.keys(rule).length === 0)
            delete merged[metric];
    return merged;
}
/**
 * The flags each discovered script supports. A script that cannot be read as a regular file (unreadable,
 * a FIFO, gone since the listing) is left out with a warning: it could only fail when run.
 */
async function detectAll(workingDirectory, scripts, logger, warnings, openFile) {
    const results = [];
    for (let start = 0; start < scripts.length; start += DETECT_CONCURRENCY) {
        const batch = scripts.slice(start, start + DETECT_CONCURRENCY);
        const inspected = await Promise.all(batch.map((script) => inspectScript((0,path_safety/* absoluteFrom */.At)(workingDirectory, script), openFile)));
        batch.forEach((script, index) => {
            const result = inspected[index];
            if (!result.ok) {
                warnings.push(`Discovery skipped ${(0,workflow_commands/* printable */.g$)(script)}: it is ${result.reason}, so it cannot run.`);
                return;
            }
            logger.debug(`detect: ${script} ${describeSupports(result.supports)}`);
            results.push({ script, supports: result.supports });
        });
    }
    return results;
}
async function readSupports(workingDirectory, script, openFile) {
    const result = await inspectScript((0,path_safety/* absoluteFrom */.At)(workingDirectory, script), openFile);
    return result.ok ? result.supports : undefined;
}
function realFileSystem(workingDirectory, openFile) {
    return {
        supportsOf: (script) => readSupports(workingDirectory, script, openFile),
        async isDirectory(relative) {
            try {
                return (await external_node_fs_default().promises.stat((0,path_safety/* absoluteFrom */.At)(workingDirectory, relative))).isDirectory();
            }
            catch {
                return false;
            }
        },
    };
}
function describeSupports(supports) {
    return Object.keys(SUPPORTED_OPTIONS)
        .map((key) => `${SUPPORTED_OPTIONS[key]} ${supports[key] ? 'yes' : 'no'}`)
        .join(', ');
}
function emptyReason(settings, config, roots, pattern) {
    const configPart = config
        ? `${config.file} adds no jobs`
        : `there is no config file (${settings.config ?? defaults/* DEFAULT_CONFIG_PATH */.Bi})`;
    if (settings.noAutoDiscover) {
        return {
            where: 'no_auto_discover',
            message: `No jobs to run: discovery is off (no_auto_discover) and ${configPart}.`,
        };
    }
    return {
        where: 'discover_roots',
        message: `No jobs to run: no ${pattern} found under ${roots.join(', ')} and ${configPart}.`,
    };
}
function planWarnings(jobs, settings) {
    const warnings = [];
    const owners = new Map();
    for (const job of jobs) {
        const owner = owners.get(job.outputDir);
        if (owner !== undefined)
            warnings.push(`Jobs '${owner}' and '${job.id}' share the output folder ${job.outputDir}.`);
        else
            owners.set(job.outputDir, job.id);
    }
    if (settings.epochs !== undefined && !jobs.some((job) => job.supports.epochs)) {
        warnings.push(`epochs is ${settings.epochs} but no selected job accepts --epochs; it is not passed.`);
    }
    if (settings.folds !== undefined && !jobs.some((job) => job.supports.folds)) {
        warnings.push(`folds is ${settings.folds} but no selected job accepts --folds; it is not passed.`);
    }
    return warnings;
}
/** The action's `jobs` output: id, script (null for command jobs), argv, optional. */
/**
 * The `jobs` output and the CLI's `--json` plan: per job its id, script, argv and whether it is optional.
 * `maskText` masks the argv words (the user's and the config's arguments may hold a secret); ids and
 * paths are the orchestrator's own and are never masked.
 */
function planToJobsOutput(plan, maskText = (text) => text) {
    return plan.jobs.map((job) => ({
        id: job.id,
        script: job.script ?? null,
        command: job.command.map(maskText),
        optional: job.optional,
    }));
}
/** The CLI's `--json` plan (list and dry run); `maskText` as for planToJobsOutput. */
function planToJson(plan, maskText) {
    const entries = planToJobsOutput(plan, maskText);
    return { jobs: plan.jobs.map((job, index) => ({ ...entries[index], supports: { ...job.supports } })) };
}
function settle(promise) {
    return promise.then((value) => ({ ok: true, value }), (error) => ({ ok: false, error }));
}
function unwrap(settled) {
    if (settled.ok)
        return settled.value;
    throw settled.error;
}


/***/ }),

/***/ 7429:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   DI: () => (/* binding */ probedPythonVersion),
/* harmony export */   Lx: () => (/* binding */ resolvePython)
/* harmony export */ });
/* unused harmony export clearPythonCache */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _model_types_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(440);
/* harmony import */ var _defaults_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(7621);
/* harmony import */ var _executable_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(9931);
/* harmony import */ var _input_values_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(414);






// One start answers both questions: where the interpreter is, and which version it is (for provenance).
const PROBE = 'import sys, platform; print(sys.executable); print(platform.python_version())';
const resolved = new Map();
const versions = new Map();
/**
 * The absolute path of the interpreter every script job runs with. `auto` is the first of python3,
 * python on PATH; any other value is a program name (looked up on PATH) or a path (relative to `cwd`).
 * The interpreter found is run once, without a shell, to print `sys.executable`: version-manager shims
 * (pyenv, asdf) then cost their ~60 ms once per run instead of once per job. The probe runs in `cwd`
 * because pyenv picks the version from the repository's `.python-version`. Results are cached per
 * process. Not found, or not runnable: InputError (`python`).
 */
function resolvePython(spec, env = process.env, cwd = process.cwd()) {
    const key = JSON.stringify([spec, env.PATH ?? env.Path ?? '', cwd]);
    let result = resolved.get(key);
    if (!result) {
        result = locateAndProbe(spec, env, cwd);
        resolved.set(key, result);
        result.catch(() => resolved.delete(key));
    }
    return result;
}
/** Forgets resolved interpreters (tests change PATH between cases). */
function clearPythonCache() {
    resolved.clear();
    versions.clear();
}
/**
 * The version (`3.11.4`) the probe of resolvePython reported for `executable` (the path it returned), or
 * null when it was not probed in this process or did not say. Asks nothing: the probe already ran.
 */
function probedPythonVersion(executable) {
    return versions.get(executable) ?? null;
}
async function locateAndProbe(spec, env, cwd) {
    const candidates = spec === 'auto' ? _defaults_js__WEBPACK_IMPORTED_MODULE_3__/* .AUTO_PYTHON_CANDIDATES */ ._y : [spec];
    const failures = [];
    for (const candidate of candidates) {
        const executable = (0,_executable_js__WEBPACK_IMPORTED_MODULE_4__/* .findExecutable */ .o)(candidate, env, cwd);
        if (!executable)
            continue;
        try {
            return await probe(executable, env, cwd);
        }
        catch (error) {
            failures.push(`${executable}: ${error.message.split('\n')[0]}`);
        }
    }
    const tried = failures.length > 0 ? ` It did not run: ${failures.join('; ')}.` : '';
    if (spec === 'auto') {
        throw new _model_types_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .d('python', `Invalid python 'auto': no working python3 or python on PATH.${tried} Install Python (e.g. actions/setup-python) ` +
            `or set python to an interpreter's path.`);
    }
    throw new _model_types_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .d('python', `Invalid python ${(0,_input_values_js__WEBPACK_IMPORTED_MODULE_5__/* .quoteValue */ .cl)(spec)}: ${failures.length > 0 ? 'it is not a working interpreter.' : 'not found.'}${tried} ` +
        `Expected auto, a program on PATH (python3.11) or a path to an interpreter (.venv/bin/python).`);
}
function probe(executable, env, cwd) {
    return new Promise((resolve, reject) => {
        (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.execFile)(executable, ['-c', PROBE], { cwd, env, timeout: _defaults_js__WEBPACK_IMPORTED_MODULE_3__/* .PYTHON_PROBE_TIMEOUT_MS */ .dh, windowsHide: true, encoding: 'utf8' }, (error, stdout, stderr) => {
            if (error) {
                reject(new Error(stderr.trim() || error.message));
                return;
            }
            const [first = '', second = ''] = stdout.split(/\r?\n/);
            const reported = first.trim();
            // An embedded interpreter may report an empty sys.executable; the path we ran is then the answer.
            const found = reported !== '' && node_path__WEBPACK_IMPORTED_MODULE_1___default().isAbsolute(reported) ? reported : executable;
            const version = second.trim();
            if (/^[0-9][0-9A-Za-z.+-]{0,40}$/.test(version))
                versions.set(found, version);
            resolve(found);
        });
    });
}


/***/ }),

/***/ 9415:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   GW: () => (/* binding */ realRootOf),
/* harmony export */   Gb: () => (/* binding */ escapeReason),
/* harmony export */   O5: () => (/* binding */ isReallyInside),
/* harmony export */   UO: () => (/* binding */ isWithin),
/* harmony export */   dN: () => (/* binding */ realPathOf),
/* harmony export */   kV: () => (/* binding */ assertReallyInside)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _model_types_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(440);
/* harmony import */ var _input_values_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(414);




/**
 * Containment after symbolic links, for everything the orchestrator reads or writes. `resolveInside`
 * (path-safety.ts) answers "does this text name a path inside the working directory"; this module
 * answers "where would the operating system actually go": every link on the way is followed (relative,
 * absolute, chains, dangling ones too: creating a file through a dangling link creates its target),
 * the part that does not exist yet is where `mkdir -p` or `open(O_CREAT)` would create it, and both the
 * target and the working directory are compared as real paths (the working directory itself may be
 * reached through a link, such as macOS's /tmp).
 *
 * What this cannot do is make the answer last: a link planted after the check is the job of the open
 * itself (see openLogFile in src/run/safe-open.ts, O_NOFOLLOW), and of the check repeated right before
 * each write.
 */
/** Links followed before giving up, as Linux does (MAXSYMLINKS). A loop ends here. */
const MAX_LINKS = 40;
/** A backslash is an ordinary character in a POSIX file name. */
const SEPARATORS = (node_path__WEBPACK_IMPORTED_MODULE_1___default().sep) === '/' ? /\/+/ : /[\\/]+/;
/**
 * Where the OS would land for `absolute` (made absolute against the process's folder if it is not):
 * existing components resolved, links followed one by one, and the components that do not exist taken as
 * the plain folders `mkdir -p` would create (a `..` after them climbs back as text, into folders that exist
 * and whose links are followed again). Undefined for a link loop
 * (more than 40 links, as ELOOP) or a link that cannot be read. Never throws.
 */
function realPathOf(absolute, known) {
    // Not path.resolve: it would fold `link/..` as text, where the OS goes to the parent of the link's target.
    const full = node_path__WEBPACK_IMPORTED_MODULE_1___default().isAbsolute(absolute) ? absolute : `${process.cwd()}${(node_path__WEBPACK_IMPORTED_MODULE_1___default().sep)}${absolute}`;
    let current = node_path__WEBPACK_IMPORTED_MODULE_1___default().parse(full).root;
    let rest = full;
    if (known && full.startsWith(known.path + (node_path__WEBPACK_IMPORTED_MODULE_1___default().sep))) {
        current = known.real;
        rest = full.slice(known.path.length);
    }
    const pending = rest
        .split(SEPARATORS)
        .filter((part) => part !== '')
        .reverse();
    let links = 0;
    // How many trailing components of `current` do not exist yet: `mkdir -p` would create them as plain
    // folders, so below them nothing is looked up, and a `..` climbs back out of them as text (into folders
    // that exist, where links count again).
    let missing = 0;
    while (pending.length > 0) {
        const name = pending.pop();
        if (name === '.')
            continue;
        if (name === '..') {
            current = node_path__WEBPACK_IMPORTED_MODULE_1___default().dirname(current);
            if (missing > 0)
                missing -= 1;
            continue;
        }
        const next = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(current, name);
        if (missing > 0) {
            current = next;
            missing += 1;
            continue;
        }
        let stats;
        try {
            // No exception for the common "not created yet": an Error with its stack costs more than the lstat.
            stats = node_fs__WEBPACK_IMPORTED_MODULE_0___default().lstatSync(next, { throwIfNoEntry: false });
        }
        catch {
            stats = undefined;
        }
        // Missing, not searchable, or under a file: created here by name (or the write fails, no escape).
        if (stats === undefined || (!stats.isDirectory() && !stats.isSymbolicLink() && pending.length > 0)) {
            current = next;
            missing = 1;
            continue;
        }
        if (stats.isSymbolicLink()) {
            links += 1;
            if (links > MAX_LINKS)
                return undefined;
            let target;
            try {
                target = node_fs__WEBPACK_IMPORTED_MODULE_0___default().readlinkSync(next);
            }
            catch {
                return undefined;
            }
            if (node_path__WEBPACK_IMPORTED_MODULE_1___default().isAbsolute(target))
                current = node_path__WEBPACK_IMPORTED_MODULE_1___default().parse(target).root;
            pending.push(...target
                .split(SEPARATORS)
                .filter((part) => part !== '')
                .reverse());
            continue;
        }
        current = next;
    }
    return current;
}
/** The working directory's own real path (it may be reached through a link); itself when it cannot be resolved. */
function realRootOf(workingDirectory) {
    return realPathOf(workingDirectory) ?? node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(workingDirectory);
}
/** Whether `real` is `realRoot` or below it (both real paths: absolute, normalized). */
function isWithin(realRoot, real) {
    // Both are normalized absolute paths: a prefix test, far cheaper than path.relative per job.
    if (real === realRoot)
        return true;
    return real.startsWith(realRoot.endsWith((node_path__WEBPACK_IMPORTED_MODULE_1___default().sep)) ? realRoot : `${realRoot}${(node_path__WEBPACK_IMPORTED_MODULE_1___default().sep)}`);
}
/** Whether `target` (absolute, or relative to the working directory) really lies inside it, links followed. */
function isReallyInside(workingDirectory, target, realRoot) {
    const rootReal = realRoot ?? realRootOf(workingDirectory);
    const real = realPathOf(joined(workingDirectory, target), {
        path: node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(workingDirectory),
        real: rootReal,
    });
    return real !== undefined && isWithin(rootReal, real);
}
/** `target` against the working directory, without folding `..` (see realPathOf). */
function joined(workingDirectory, target) {
    return node_path__WEBPACK_IMPORTED_MODULE_1___default().isAbsolute(target) ? target : `${workingDirectory}${(node_path__WEBPACK_IMPORTED_MODULE_1___default().sep)}${target}`;
}
/** Why a path was refused, in words that never show where a link points (it may name a private file). */
function escapeReason(workingDirectory, target) {
    const real = realPathOf(joined(workingDirectory, target));
    return real === undefined
        ? 'it goes through a symbolic link loop'
        : 'it leads outside the working directory through a symbolic link';
}
/**
 * InputError naming `inputName` unless `value` (relative to the working directory, already known to
 * lie inside it as text) really lies inside it once links are followed. For the folders a run writes
 * (results_dir, logs_dir, summaries_dir, merge_from) and the files it reads (history_file,
 * rerun_failed_from), checked before any job starts.
 */
function assertReallyInside(workingDirectory, inputName, value) {
    if (isReallyInside(workingDirectory, value))
        return;
    throw new _model_types_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .d(inputName, `Invalid ${inputName} ${(0,_input_values_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteValue */ .cl)(value)}: ${escapeReason(workingDirectory, value)}. ` +
        `Expected a path inside the working directory ${workingDirectory}; nothing is read or written through ` +
        `such a link.`);
}


/***/ }),

/***/ 8303:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   B_: () => (/* binding */ applyShard),
/* harmony export */   Kn: () => (/* binding */ buildMatrix),
/* harmony export */   tF: () => (/* binding */ planShards)
/* harmony export */ });
/* unused harmony exports DEFAULT_RUNS_ON, runnerLabels, groupByRunner, estimateDurations, partitionJobs, shardId, formatShard, selectShard */
/* harmony import */ var _model_types_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(440);
/* harmony import */ var _defaults_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(7621);


/**
 * Splitting a plan into shards, one GitHub Actions runner each (issue 7). Pure: the same jobs, shard
 * count and history always give the same shards, on any machine.
 *
 * Rules:
 * - Every job lands in exactly one shard, and no shard is empty (an empty `only` would mean "all jobs").
 * - Jobs whose runner labels (`runs_on`) differ never share a shard. Jobs are grouped by their label
 *   set, compared without regard to order or case as GitHub matches labels; a job without `runs_on`
 *   belongs to `ubuntu-latest`. Groups keep the order in which the plan first mentions them.
 * - The shard count is split across the groups in proportion to their load (D'Hondt: each non-empty
 *   group gets one shard, then each further shard goes to the group with the highest load per shard,
 *   ties to the earlier group), never more shards in a group than it has jobs, never more than 256
 *   shards in all. When there are more groups than shards asked for, each group still gets one.
 * - With a history (job id → seconds), a group's jobs are dealt longest-processing-time first: sorted by
 *   expected duration, longest first (ties by id), each to the least-loaded shard (ties to the shard
 *   with fewer jobs, then the lowest index). A job the history does not know counts as the median of
 *   the known durations of the plan's jobs: guessing it short would stack newcomers on one shard,
 *   guessing it long would push genuinely long jobs aside (the same rule as the runner's start order).
 * - Without a history (or when it knows none of the jobs), shards are balanced by count, round-robin in
 *   plan order: shard sizes differ by at most one, and the variants of a sweep, which sit next to each
 *   other in the plan and tend to take equally long, are spread over the shards instead of stacked.
 *
 * Determinism contract of the sharded workflow: plan mode writes each shard's job ids into its matrix
 * entry, and each shard runs with `only: <those ids>` and `shard: k/n`. With `only`, `shard` just labels
 * the run (summary, artifact names): the shard runs exactly what plan mode assigned, even if the tree
 * changed in between. `shard` without `only` recomputes the partition on the shard's runner
 * (`selectShard`), which gives the same shards for the same plan and history.
 */
/** The runner label of a job without `runs_on`. */
const DEFAULT_RUNS_ON = 'ubuntu-latest';
/** The runner labels of a job, cleaned: trimmed, blanks and (case-insensitive) duplicates dropped. */
function runnerLabels(job) {
    const labels = [];
    const seen = new Set();
    for (const raw of job.runsOn ?? []) {
        const label = raw.trim();
        if (label === '' || seen.has(label.toLowerCase()))
            continue;
        seen.add(label.toLowerCase());
        labels.push(label);
    }
    return labels.length > 0 ? labels : [DEFAULT_RUNS_ON];
}
function labelKey(labels) {
    return labels
        .map((label) => label.toLowerCase())
        .sort(compareText)
        .join('\n');
}
/** Groups jobs by runner label set, groups in order of first appearance, jobs in plan order. */
function groupByRunner(jobs) {
    const groups = new Map();
    for (const job of jobs) {
        const labels = runnerLabels(job);
        const key = labelKey(labels);
        const group = groups.get(key);
        if (group)
            group.jobs.push(job);
        else
            groups.set(key, { labels, key, jobs: [job] });
    }
    return [...groups.values()];
}
function isKnownDuration(value) {
    return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
/**
 * Expected seconds of every job: its history, or the median of the known durations of these jobs for
 * one the history does not know. undefined when the history knows none of them (balance by count).
 */
function estimateDurations(jobs, durations) {
    if (!durations || durations.size === 0)
        return undefined;
    const known = jobs.map((job) => durations.get(job.id)).filter(isKnownDuration);
    if (known.length === 0)
        return undefined;
    const fallback = median(known);
    return new Map(jobs.map((job) => {
        const value = durations.get(job.id);
        return [job.id, isKnownDuration(value) ? value : fallback];
    }));
}
function median(values) {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
/** Code-unit order, the same everywhere (localeCompare depends on the machine's ICU data). */
function compareText(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
/**
 * Splits `jobs` into shards by the rules at the top of this file. `count` is clamped to
 * 1 … min(256, jobs); more runner label sets than `count` yield one shard per set. The shards of one
 * label set are adjacent, label sets in order of first appearance; each shard's jobs are in plan order.
 * Throws InputError when the jobs ask for more than 256 different runners.
 */
function partitionJobs(jobs, count, durations) {
    if (!Number.isFinite(count))
        throw new RangeError(`Invalid shard count ${count}.`);
    if (jobs.length === 0)
        return [];
    const groups = checkedGroups(jobs);
    const estimates = estimateDurations(jobs, durations);
    const total = Math.max(groups.length, clampCount(count, jobs.length));
    const perGroup = allocateShards(groups, total, estimates);
    return dealGroups(jobs, groups, perGroup, estimates);
}
/**
 * The shards for plan mode: `shards` when given; else, with a history, the sum over runner groups of
 * ceil(group's expected seconds / `targetMinutes`) (at most one per job, at most 256 in all); else one
 * per runner group. The count then goes through `partitionJobs`, so the result is exactly
 * `partitionJobs(jobs, shards.length, durations)`: a runner given `shard: k/n` without `only`
 * recomputes the same shard.
 */
function planShards(jobs, opts) {
    const notes = [];
    if (jobs.length === 0)
        return { shards: [], estimates: undefined, notes };
    const groups = checkedGroups(jobs);
    const estimates = estimateDurations(jobs, opts.durations);
    let count;
    if (opts.shards !== undefined) {
        count = clampCount(opts.shards, jobs.length);
        if (count !== opts.shards) {
            notes.push(`Planning ${count} shard(s) instead of ${opts.shards}: there are ${jobs.length} job(s) (at most ${_defaults_js__WEBPACK_IMPORTED_MODULE_1__/* .MAX_SHARDS */ .hH} shards).`);
        }
        if (groups.length > count) {
            notes.push(`Planning ${groups.length} shards: the jobs need ${groups.length} different runners (runs_on).`);
        }
    }
    else if (opts.targetMinutes !== undefined && estimates) {
        const target = opts.targetMinutes * 60;
        const wanted = groups.reduce((sum, group) => {
            const load = group.jobs.reduce((total, job) => total + (estimates.get(job.id) ?? 0), 0);
            return sum + Math.min(group.jobs.length, Math.max(1, Math.ceil(load / target)));
        }, 0);
        if (wanted > _defaults_js__WEBPACK_IMPORTED_MODULE_1__/* .MAX_SHARDS */ .hH) {
            notes.push(`Planning ${_defaults_js__WEBPACK_IMPORTED_MODULE_1__/* .MAX_SHARDS */ .hH} shards, GitHub's matrix limit, instead of ${wanted} of about ${opts.targetMinutes} minutes.`);
        }
        count = Math.min(wanted, _defaults_js__WEBPACK_IMPORTED_MODULE_1__/* .MAX_SHARDS */ .hH);
    }
    else {
        if (opts.targetMinutes !== undefined) {
            notes.push('shard_target_minutes needs a history_file that knows the duration of at least one planned job; ' +
                `planning ${groups.length} shard(s), one per runner label set.`);
        }
        count = 1;
    }
    return { shards: partitionJobs(jobs, count, opts.durations), estimates, notes };
}
/** The GitHub matrix for shards from `partitionJobs`/`planShards` (`n` = `shards.length`). */
function buildMatrix(shards, estimates) {
    if (shards.length > _defaults_js__WEBPACK_IMPORTED_MODULE_1__/* .MAX_SHARDS */ .hH)
        throw new RangeError(`A matrix holds at most ${_defaults_js__WEBPACK_IMPORTED_MODULE_1__/* .MAX_SHARDS */ .hH} shards, not ${shards.length}.`);
    const n = shards.length;
    return {
        include: shards.map((jobs, i) => {
            // An empty entry would run with `only: ''`, which means every job: never emit one.
            if (jobs.length === 0)
                throw new RangeError(`Shard ${i + 1}/${n} has no jobs.`);
            const labels = runnerLabels(jobs[0]);
            const entry = {
                shard: `${i + 1}/${n}`,
                shard_id: shardId({ index: i + 1, count: n }),
                runs_on: labels.length === 1 ? labels[0] : labels,
                jobs: jobs.map((job) => job.id),
            };
            if (estimates) {
                const seconds = jobs.reduce((sum, job) => sum + (estimates.get(job.id) ?? 0), 0);
                entry.expected_seconds = Math.round(seconds * 1000) / 1000;
            }
            return entry;
        }),
    };
}
/** `shard-k-of-n`: the same suffix the action appends to artifact names of a shard run. */
function shardId(spec) {
    return `shard-${spec.index}-of-${spec.count}`;
}
function formatShard(spec) {
    return `${spec.index}/${spec.count}`;
}
/**
 * The plan reduced to shard `k/n`, recomputed with `partitionJobs(plan.jobs, n, durations)`. Used when
 * `shard` is given without `only` (see the determinism contract above). `n` larger than the number of
 * jobs leaves the shards past the last job empty (a warning says so). Throws InputError when the jobs
 * need more runner label sets than `n`: no k/n could then hold every job.
 */
function selectShard(plan, spec, durations) {
    const label = formatShard(spec);
    const shards = partitionJobs(plan.jobs, spec.count, durations);
    if (shards.length > spec.count) {
        throw new _model_types_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .d('shard', `Invalid shard '${label}'. The jobs need ${shards.length} different runners (runs_on), so the plan needs ` +
            `at least ${shards.length} shards: expected k/n with n ≥ ${shards.length}, or the shards of mode plan.`);
    }
    const jobs = shards[spec.index - 1] ?? [];
    const warnings = [...plan.warnings];
    if (jobs.length === 0 && plan.jobs.length > 0) {
        warnings.push(`Shard ${label} has no jobs: the plan's ${plan.jobs.length} job(s) fill ${shards.length} shard(s).`);
    }
    return { ...plan, jobs, warnings };
}
/**
 * What a run executes under `settings.shard`: with `only`, the plan as is (the ids are the shard's
 * assignment from plan mode); without, `selectShard`. No shard: the plan as is.
 */
function applyShard(plan, settings, durations) {
    if (!settings.shard || settings.only.length > 0)
        return plan;
    return selectShard(plan, settings.shard, durations);
}
function clampCount(count, jobs) {
    return Math.min(Math.max(1, Math.floor(count)), Math.min(_defaults_js__WEBPACK_IMPORTED_MODULE_1__/* .MAX_SHARDS */ .hH, jobs));
}
function checkedGroups(jobs) {
    const groups = groupByRunner(jobs);
    if (groups.length > _defaults_js__WEBPACK_IMPORTED_MODULE_1__/* .MAX_SHARDS */ .hH) {
        throw new _model_types_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .d('runs_on', `The jobs ask for ${groups.length} different runner label sets (runs_on). Expected at most ${_defaults_js__WEBPACK_IMPORTED_MODULE_1__/* .MAX_SHARDS */ .hH}, ` +
            `GitHub's limit of matrix entries.`);
    }
    return groups;
}
/**
 * D'Hondt: one shard per group, then each next shard to the group with the highest load per shard that
 * still has more jobs than shards (ties: the earlier group). Load is expected seconds, or the job count
 * without estimates (or when every estimate is 0).
 */
function allocateShards(groups, total, estimates) {
    let loads = groups.map((group) => group.jobs.reduce((sum, job) => sum + (estimates?.get(job.id) ?? 0), 0));
    if (!estimates || loads.every((load) => load === 0))
        loads = groups.map((group) => group.jobs.length);
    const counts = groups.map(() => 1);
    for (let left = total - groups.length; left > 0; left -= 1) {
        let best = -1;
        for (let g = 0; g < groups.length; g += 1) {
            if (counts[g] >= groups[g].jobs.length)
                continue;
            if (best < 0 || loads[g] / counts[g] > loads[best] / counts[best])
                best = g;
        }
        if (best < 0)
            break;
        counts[best] += 1;
    }
    return counts;
}
function dealGroups(jobs, groups, perGroup, estimates) {
    const planIndex = new Map(jobs.map((job, index) => [job, index]));
    const shards = [];
    groups.forEach((group, g) => {
        const dealt = estimates
            ? longestFirst(group.jobs, perGroup[g], estimates)
            : roundRobin(group.jobs, perGroup[g]);
        for (const shard of dealt)
            shards.push(shard.sort((a, b) => planIndex.get(a) - planIndex.get(b)));
    });
    return shards;
}
function roundRobin(jobs, count) {
    const shards = Array.from({ length: count }, () => []);
    jobs.forEach((job, index) => shards[index % count].push(job));
    return shards;
}
/** LPT: longest first (ties by id), each to the least-loaded shard (ties: fewer jobs, then lower index). */
function longestFirst(jobs, count, estimates) {
    const expected = (job) => estimates.get(job.id) ?? 0;
    const sorted = [...jobs].sort((a, b) => expected(b) - expected(a) || compareText(a.id, b.id));
    const shards = Array.from({ length: count }, () => []);
    const loads = new Array(count).fill(0);
    for (const job of sorted) {
        let best = 0;
        for (let s = 1; s < count; s += 1) {
            if (loads[s] < loads[best] || (loads[s] === loads[best] && shards[s].length < shards[best].length))
                best = s;
        }
        shards[best].push(job);
        loads[best] += expected(job);
    }
    return shards;
}


/***/ }),

/***/ 9750:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Z: () => (/* binding */ readSummaryJobs)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _model_types_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(440);
/* harmony import */ var _input_values_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(414);



/**
 * The `jobs` of a training summary written by an earlier run (or merged from shards). Entries without a
 * string `id` are ignored; a file that cannot be read, is not JSON or has no `jobs` list is an InputError
 * naming `inputName`.
 */
async function readSummaryJobs(file, inputName) {
    let text;
    try {
        text = await node_fs__WEBPACK_IMPORTED_MODULE_0___default().promises.readFile(file, 'utf8');
    }
    catch (error) {
        throw new _model_types_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .d(inputName, `Invalid ${inputName} ${(0,_input_values_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteValue */ .cl)(file)}: it cannot be read (${error.message}). ` +
            `Expected a training summary JSON from an earlier run.`);
    }
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (error) {
        throw new _model_types_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .d(inputName, `Invalid ${inputName} ${(0,_input_values_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteValue */ .cl)(file)}: it is not JSON (${error.message}). ` +
            `Expected a training summary JSON from an earlier run.`);
    }
    const jobs = typeof value === 'object' && value !== null ? value.jobs : undefined;
    if (!Array.isArray(jobs)) {
        throw new _model_types_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .d(inputName, `Invalid ${inputName} ${(0,_input_values_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteValue */ .cl)(file)}: it has no "jobs" list. Expected a training summary JSON from an earlier run.`);
    }
    const records = [];
    for (const entry of jobs) {
        if (typeof entry !== 'object' || entry === null)
            continue;
        const { id, status, duration_seconds: duration, resources } = entry;
        if (typeof id !== 'string' || id === '')
            continue;
        const peak = typeof resources === 'object' && resources !== null
            ? resources.peak_rss_bytes
            : undefined;
        records.push({
            id,
            status: typeof status === 'string' ? status : undefined,
            durationSeconds: typeof duration === 'number' && Number.isFinite(duration) && duration >= 0 ? duration : undefined,
            ...(typeof peak === 'number' && Number.isSafeInteger(peak) && peak > 0 ? { peakRssBytes: peak } : {}),
        });
    }
    return records;
}


/***/ }),

/***/ 9792:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ TIMEOUT_MINUTES_EXPECTED),
/* harmony export */   g: () => (/* binding */ isAcceptedTimeoutMinutes)
/* harmony export */ });
/* harmony import */ var _defaults_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7621);

/**
 * One rule for a timeout in minutes, wherever it comes from (the `timeout_minutes` input, the CLI flag,
 * the config's `timeout_minutes`): 0 means no timeout, otherwise MIN_TIMEOUT_MINUTES to
 * MAX_TIMEOUT_MINUTES. Anything else would either fire at once (beyond 2^31-1 ms) or silently become
 * "no timeout" (below a millisecond), so it is refused with this text.
 */
const TIMEOUT_MINUTES_EXPECTED = `Expected 0 (no timeout) or minutes from ${_defaults_js__WEBPACK_IMPORTED_MODULE_0__/* .MIN_TIMEOUT_MINUTES */ .V8} to ${_defaults_js__WEBPACK_IMPORTED_MODULE_0__/* .MAX_TIMEOUT_MINUTES */ .hF}, decimals allowed`;
/** Whether `minutes` is a timeout the runner can enforce exactly as written (see TIMEOUT_MINUTES_EXPECTED). */
function isAcceptedTimeoutMinutes(minutes) {
    return minutes === 0 || (minutes >= _defaults_js__WEBPACK_IMPORTED_MODULE_0__/* .MIN_TIMEOUT_MINUTES */ .V8 && minutes <= _defaults_js__WEBPACK_IMPORTED_MODULE_0__/* .MAX_TIMEOUT_MINUTES */ .hF);
}


/***/ }),

/***/ 5305:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Kg: () => (/* binding */ hasControlCharacters),
/* harmony export */   g$: () => (/* binding */ printable)
/* harmony export */ });
/* unused harmony exports neutralizeLine, commandSafeText, commandSafeLine, isWorkflowCommandLine, physicalLines */
/**
 * Keeping text that comes from a repository (file and folder names, ids, config values, messages that
 * quote them) from being read as a GitHub Actions workflow command when the orchestrator prints it.
 *
 * How the runner reads a step's stdout (actions/runner, ActionCommand.cs): line by line, and a line is
 * a command when, after leading whitespace, it starts with `::name …::`, or when it contains `##[name …]`
 * anywhere (the legacy form). The runner splits lines on CR and LF only; to be safe against any other
 * reader of the log, VT, FF, NEL (U+0085) and the Unicode line and paragraph separators are treated as
 * line breaks too, and never printed raw.
 *
 * A job's own output is not passed through here: what a training script prints is the script's business,
 * as in a `run:` step.
 */
// C0 and C1 controls except tab and LF, plus the Unicode line and paragraph separators.
// eslint-disable-next-line no-control-regex
const UNSAFE_EXCEPT_LF = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;
// The same plus tab and LF: nothing in a one-line name may break or shift the line.
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_NAME = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
// What .NET's String.TrimStart removes before the runner looks for `::` (char.IsWhiteSpace), and more.
const LEADING_COMMAND = /^[\s\u0085\u180e\u200b]*::/u;
const LEGACY_COMMAND = '##[';
const NAMED_ESCAPES = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
function escapeChar(char) {
    const named = NAMED_ESCAPES[char];
    if (named)
        return named;
    const code = char.charCodeAt(0);
    return code <= 0xff
        ? `\\x${code.toString(16).padStart(2, '0')}`
        : `\\u${code.toString(16).padStart(4, '0')}`;
}
/** True when `text` holds a control character or a line break of any kind (tab included). */
function hasControlCharacters(text) {
    UNSAFE_IN_NAME.lastIndex = 0;
    return UNSAFE_IN_NAME.test(text);
}
/**
 * A name or value shown inside one line: every control character and line break (tab and LF included)
 * written as a visible escape (`\n`, `\r`, `\t`, `\x1b`, `\u2028`), so it stays on its line and cannot
 * start a new one. Ordinary text, non-ASCII letters included, is unchanged.
 */
function printable(text) {
    return text.replace(UNSAFE_IN_NAME, escapeChar);
}
/**
 * One printed line that cannot be a workflow command: `##[` anywhere becomes `##\[`, and a line that
 * starts (after whitespace) with `::` gets a `\` before it. Lines without either are unchanged.
 */
function neutralizeLine(line) {
    let out = line.includes(LEGACY_COMMAND) ? line.replaceAll(LEGACY_COMMAND, '##\\[') : line;
    if (LEADING_COMMAND.test(out))
        out = out.replace(/^([\s\u0085\u180e\u200b]*)::/u, '$1\\::');
    return out;
}
/**
 * Text the orchestrator prints (one line or several joined with LF, its own line separator): every other
 * control character and line break escaped visibly, then each line neutralized. No line of the result
 * starts (after whitespace) with `::` or contains `##[`, whatever names the text carries.
 */
function commandSafeText(text) {
    const escaped = text.replace(UNSAFE_EXCEPT_LF, escapeChar);
    if (!escaped.includes(LEGACY_COMMAND) && !escaped.includes('::'))
        return escaped;
    return escaped.split('\n').map(neutralizeLine).join('\n');
}
/** The same for a text that must stay one line (a group title): LF and tab escaped too. */
function commandSafeLine(text) {
    return neutralizeLine(printable(text));
}
/**
 * Whether a printed line would be read as a workflow command by the runner (or, conservatively, by any
 * reader that also breaks lines at VT, FF, NEL, U+2028 or U+2029): for tests and checks.
 */
function isWorkflowCommandLine(line) {
    return LEADING_COMMAND.test(line) || line.includes(LEGACY_COMMAND);
}
/** Splits printed output into lines the way the most eager reader would. */
function physicalLines(output) {
    return output.split(/\r\n|[\n\r\v\f\u0085\u2028\u2029]/);
}


/***/ }),

/***/ 8282:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   NU: () => (/* binding */ METRICS_MAX_DEPTH),
/* harmony export */   O1: () => (/* binding */ defineData),
/* harmony export */   Rj: () => (/* binding */ parseBoundedJson),
/* harmony export */   q: () => (/* binding */ depthMarker)
/* harmony export */ });
/* unused harmony exports DEPTH_MARKER_PREFIX, BoundedJsonError */
/**
 * A JSON reader for what jobs write (metrics files) and what other runs wrote (shard summaries), made so that
 * no content can cost the report:
 * - iterative, never recursive: any nesting depth is read without touching the call stack, and containers
 *   deeper than `maxDepth` are replaced by DEPTH_MARKER (their content is skipped, not kept);
 * - the number tokens Python's `json.dump` writes by default (`NaN`, `Infinity`, `-Infinity`) are accepted,
 *   and every number a JSON summary cannot hold exactly (those three, an overflow such as `1e400`, an integer
 *   beyond ±(2^53 − 1)) is kept as a string of its text, exactly as written;
 * - every key is an own data property, `__proto__`, `constructor` and `prototype` included: nothing is ever
 *   assigned through a setter, so no prototype changes.
 * Everything else is strict JSON (RFC 8259); a syntax error throws BoundedJsonError with its position.
 */
/** How deep a job's metrics may nest (the file's top-level object is level 1); deeper containers become a marker. */
const METRICS_MAX_DEPTH = 32;
/** What replaces a container nested deeper than the limit. */
const DEPTH_MARKER_PREFIX = '[dropped: nested deeper than';
function depthMarker(maxDepth) {
    return `${DEPTH_MARKER_PREFIX} ${maxDepth} levels]`;
}
class BoundedJsonError extends Error {
    name = 'BoundedJsonError';
}
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;
/**
 * Parses `text`; containers at depth > `maxDepth` (the top level is depth 1) become `marker` (by default
 * the depth marker of `maxDepth`).
 */
function parseBoundedJson(text, options) {
    const reader = new Reader(text);
    const stack = [];
    const marker = options.marker ?? depthMarker(options.maxDepth);
    let deepDropped = 0;
    const unrepresentable = [];
    for (;;) {
        let value;
        reader.skipWhitespace();
        const c = text[reader.at];
        if (c === '[' || c === '{') {
            if (stack.length >= options.maxDepth) {
                reader.skipContainer();
                deepDropped++;
                value = marker;
            }
            else {
                reader.at++;
                reader.skipWhitespace();
                if (c === '[' && text[reader.at] === ']') {
                    reader.at++;
                    value = [];
                }
                else if (c === '{' && text[reader.at] === '}') {
                    reader.at++;
                    value = {};
                }
                else {
                    stack.push(c === '[' ? { items: [] } : { object: {}, key: reader.key() });
                    continue;
                }
            }
        }
        else {
            value = reader.scalar(unrepresentable);
        }
        // Attach the value to its container; close every container that ends here.
        for (;;) {
            const top = stack.at(-1);
            if (!top) {
                reader.skipWhitespace();
                if (reader.at !== text.length)
                    reader.fail('unexpected text after the end of the value');
                return { value, deepDropped, unrepresentable };
            }
            if ('items' in top)
                top.items.push(value);
            else
                defineData(top.object, top.key, value);
            reader.skipWhitespace();
            const next = text[reader.at++];
            if (next === ',') {
                if ('object' in top)
                    top.key = reader.key();
                break;
            }
            const close = 'items' in top ? ']' : '}';
            if (next !== close)
                reader.fail(`expected ',' or '${close}'`, reader.at - 1);
            stack.pop();
            value = 'items' in top ? top.items : top.object;
        }
    }
}
/** `object[key] = value` as an own data property, even for `__proto__` (an assignment would set the prototype). */
function defineData(object, key, value) {
    Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
}
class Reader {
    text;
    at = 0;
    constructor(text) {
        this.text = text;
    }
    fail(what, at = this.at) {
        const found = at < this.text.length ? `'${this.text[at]}'` : 'the end';
        throw new BoundedJsonError(`not valid JSON at position ${at}: ${what}, found ${found}`);
    }
    skipWhitespace() {
        WHITESPACE.lastIndex = this.at;
        WHITESPACE.test(this.text);
        this.at = WHITESPACE.lastIndex;
    }
    /** `"key" :` */
    key() {
        this.skipWhitespace();
        if (this.text[this.at] !== '"')
            this.fail('expected a key in double quotes');
        const key = this.string();
        this.skipWhitespace();
        if (this.text[this.at] !== ':')
            this.fail("expected ':'");
        this.at++;
        return key;
    }
    scalar(unrepresentable) {
        const text = this.text;
        const c = text[this.at];
        if (c === '"')
            return this.string();
        for (const [word, value] of WORDS) {
            if (text.startsWith(word, this.at)) {
                this.at += word.length;
                if (typeof value === 'number') {
                    unrepresentable.push(word);
                    return word;
                }
                return value;
            }
        }
        NUMBER.lastIndex = this.at;
        const match = NUMBER.exec(text);
        if (!match)
            this.fail('expected a value');
        const token = match[0];
        this.at += token.length;
        const number = Number(token);
        const integerLiteral = !/[.eE]/.test(token);
        if (!Number.isFinite(number) || (integerLiteral && !Number.isSafeInteger(number))) {
            unrepresentable.push(token);
            return token;
        }
        return number;
    }
    /** A string token, decoded by JSON.parse (flat: no recursion), which also checks its escapes. */
    string() {
        const start = this.at;
        const end = this.stringEnd(start);
        this.at = end;
        try {
            return JSON.parse(this.text.slice(start, end));
        }
        catch {
            return this.fail('invalid string (a control character or a bad escape)', start);
        }
    }
    /** Index just past the closing quote of the string starting at `start`. */
    stringEnd(start) {
        const text = this.text;
        let i = start + 1;
        for (;;) {
            const quote = text.indexOf('"', i);
            if (quote < 0)
                this.fail('unterminated string', start);
            // The quote is escaped when an odd number of backslashes precede it.
            let backslashes = 0;
            for (let k = quote - 1; k > start && text[k] === '\\'; k--)
                backslashes++;
            if (backslashes % 2 === 0)
                return quote + 1;
            i = quote + 1;
        }
    }
    /** Skips a whole container (the cursor is on its bracket) by counting brackets outside strings. */
    skipContainer() {
        const text = this.text;
        const start = this.at;
        const expected = [];
        while (this.at < text.length) {
            const c = text[this.at];
            if (c === '"') {
                this.at = this.stringEnd(this.at);
                continue;
            }
            if (c === '[')
                expected.push(']');
            else if (c === '{')
                expected.push('}');
            else if (c === ']' || c === '}') {
                if (expected.pop() !== c)
                    this.fail('mismatched bracket');
                if (expected.length === 0) {
                    this.at++;
                    return;
                }
            }
            this.at++;
        }
        this.fail('unterminated array or object', start);
    }
}
/** Literal words; `-Infinity` before anything starting with `-` is tried as a number. */
const WORDS = [
    ['true', true],
    ['false', false],
    ['null', null],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
];


/***/ }),

/***/ 181:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   cT: () => (/* binding */ comparisonOutcome),
/* harmony export */   fz: () => (/* binding */ compareMetrics),
/* harmony export */   g8: () => (/* binding */ flattenMetrics)
/* harmony export */ });
/* unused harmony exports LOWER_IS_BETTER_WORDS, MAX_METRIC_DEPTH, MAX_METRICS_PER_JOB, numericMetrics, directionOf, ruleFor, judge */
/**
 * Metric diffs: every numeric metric of a job compared with the same job's metric in a baseline summary.
 * Pure functions over plain data; nothing here reads files or clocks.
 */
/**
 * Words that make a metric lower-is-better. The rule (see directionOf): the last segment of the dotted
 * path, lowercased, split at `_`, `-` and spaces; when any part is one of these words, lower is better.
 */
const LOWER_IS_BETTER_WORDS = [
    'loss',
    'error',
    'err',
    'rmse',
    'mae',
    'mse',
    'mape',
    'rmsle',
    'msle',
    'logloss',
    'perplexity',
    'ppl',
    'wer',
    'cer',
];
/** Nested metrics are flattened down to this depth (the file's top level is 1); deeper values are ignored. */
const MAX_METRIC_DEPTH = 8;
/** At most this many numeric metrics per job are compared (file order); a metrics file is the job's own data. */
const MAX_METRICS_PER_JOB = 1000;
/**
 * Numbers the run could not store as JSON numbers (see the script contract): the metrics reader keeps NaN
 * and the infinities as the strings of their text. Comparisons leave them out (they are not a value to
 * diff); gates treat them as a broken bound (a diverged loss must not pass a gate).
 */
const NON_FINITE_TEXT = new Set(['NaN', 'Infinity', '-Infinity', '+Infinity']);
/**
 * Every numeric metric of a job's metrics object, as dotted paths in the file's order: finite numbers,
 * plus NaN and the infinities (as JavaScript numbers or as the strings `NaN`, `Infinity`, `-Infinity`).
 * Booleans, other strings, arrays and null are not metrics. A path met twice (`{"a.b": 1, "a": {"b": 2}}`)
 * keeps its first value. Bounded by MAX_METRIC_DEPTH and MAX_METRICS_PER_JOB.
 */
function flattenMetrics(metrics) {
    const out = new Map();
    if (!metrics || typeof metrics !== 'object' || Array.isArray(metrics))
        return out;
    const walk = (value, prefix, depth) => {
        for (const [key, item] of Object.entries(value)) {
            if (out.size >= MAX_METRICS_PER_JOB)
                return;
            const name = prefix ? `${prefix}.${key}` : key;
            if (out.has(name))
                continue;
            if (typeof item === 'number') {
                out.set(name, Number.isFinite(item)
                    ? { kind: 'number', value: item }
                    : { kind: 'non-finite', text: String(item) });
            }
            else if (typeof item === 'string' && NON_FINITE_TEXT.has(item)) {
                out.set(name, { kind: 'non-finite', text: item.replace(/^\+/, '') });
            }
            else if (item !== null &&
                typeof item === 'object' &&
                !Array.isArray(item) &&
                depth < MAX_METRIC_DEPTH) {
                walk(item, name, depth + 1);
            }
        }
    };
    walk(metrics, '', 1);
    return out;
}
/** The finite numbers of flattenMetrics. */
function numericMetrics(metrics) {
    const out = new Map();
    for (const [name, value] of flattenMetrics(metrics))
        if (value.kind === 'number')
            out.set(name, value.value);
    return out;
}
/**
 * A metric's direction: the config's `better` for it when given, else lower for names whose last
 * segment holds one of LOWER_IS_BETTER_WORDS as a `_`/`-`/space-separated part (`loss`, `val_loss`,
 * `test.rmse`, `error-rate`, `Log_Loss`), else higher (`accuracy`, `f1`, `lossless_ratio`: `lossless` is
 * not `loss`).
 */
function directionOf(metric, rules = {}) {
    const configured = ruleFor(metric, rules).better;
    if (configured)
        return configured;
    const last = metric.slice(metric.lastIndexOf('.') + 1).toLowerCase();
    const parts = last.split(/[_\-\s]+/);
    return parts.some((part) => LOWER_IS_BETTER_WORDS.includes(part)) ? 'lower' : 'higher';
}
/** The rule for a metric: its full dotted path first, else its last segment (`rmse` covers `test.rmse`). */
function ruleFor(metric, rules) {
    const own = Object.prototype.hasOwnProperty.call(rules, metric) ? rules[metric] : undefined;
    if (own)
        return own;
    const last = metric.slice(metric.lastIndexOf('.') + 1);
    return ((last !== metric && Object.prototype.hasOwnProperty.call(rules, last) ? rules[last] : undefined) ?? {});
}
/**
 * The verdict for one metric:
 * - `new` when there is no baseline value, `missing` when there is no value now;
 * - `unchanged` when |value - baseline| <= tolerance;
 * - else `improved` when the value moved in the better direction, `regressed` otherwise.
 * Swapping value and baseline swaps improved/regressed and new/missing (subtraction is exactly
 * antisymmetric in floating point, so no case falls between).
 */
function judge(value, baseline, better, tolerance) {
    if (baseline === null)
        return value === null ? 'unchanged' : 'new';
    if (value === null)
        return 'missing';
    const delta = value - baseline;
    if (Math.abs(delta) <= tolerance)
        return 'unchanged';
    return delta > 0 === (better === 'higher') ? 'improved' : 'regressed';
}
/**
 * One entry per numeric metric present now or in the baseline: the job's metrics first in their order,
 * then the baseline's metrics the job no longer writes. Non-finite values count as absent.
 */
function compareMetrics(current, baseline, rules = {}) {
    const now = numericMetrics(current);
    const before = numericMetrics(baseline);
    const names = [...now.keys(), ...[...before.keys()].filter((name) => !now.has(name))];
    return names.map((metric) => {
        const value = now.get(metric) ?? null;
        const base = before.get(metric) ?? null;
        const better = directionOf(metric, rules);
        const tolerance = toleranceOf(metric, rules);
        const delta = value !== null && base !== null ? value - base : null;
        const relative = delta !== null && base !== null && base !== 0 ? delta / Math.abs(base) : null;
        return {
            metric,
            value,
            baseline: base,
            delta,
            relative,
            better,
            tolerance,
            verdict: judge(value, base, better, tolerance),
        };
    });
}
function toleranceOf(metric, rules) {
    const tolerance = ruleFor(metric, rules).tolerance;
    return typeof tolerance === 'number' && Number.isFinite(tolerance) && tolerance > 0 ? tolerance : 0;
}
/** What a job's comparison amounts to: regressed when any metric regressed, improved when any improved and none regressed. */
function comparisonOutcome(comparison) {
    if (!comparison)
        return 'none';
    if (comparison.some((entry) => entry.verdict === 'regressed'))
        return 'regressed';
    if (comparison.some((entry) => entry.verdict === 'improved'))
        return 'improved';
    return 'unchanged';
}


/***/ }),

/***/ 5101:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   IP: () => (/* binding */ compareSummaries),
/* harmony export */   nB: () => (/* binding */ formatComparisonTable),
/* harmony export */   q9: () => (/* binding */ formatQualityLines)
/* harmony export */ });
/* unused harmony exports CONSOLE_CHANGE_LINES, CONSOLE_GATE_LINES, describeChange, signed */
/* harmony import */ var _compare_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(181);
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(4031);
/* harmony import */ var _metrics_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(6479);



/*
 * Plain text about metrics and gates, for the console after the final table and for `compare OLD NEW`.
 */
/** Lines of metric changes shown after the final table; the JSON summary has them all. */
const CONSOLE_CHANGE_LINES = 20;
/** Broken gates listed after the final table. */
const CONSOLE_GATE_LINES = 20;
/**
 * Every job of two summaries (new ones in their order, then the ones only the old summary has) with
 * every numeric metric compared. Directions and tolerances: those the new summary recorded in its own
 * comparison for the job (the config it ran with), else the rules by name (see directionOf).
 */
function compareSummaries(older, newer) {
    const oldJobs = new Map();
    for (const job of older.jobs)
        oldJobs.set(job.id, job);
    const newIds = new Set(newer.jobs.map((job) => job.id));
    const jobs = [];
    for (const job of newer.jobs) {
        const before = oldJobs.get(job.id);
        jobs.push({
            id: job.id,
            presence: before ? 'both' : 'new',
            metrics: (0,_compare_js__WEBPACK_IMPORTED_MODULE_0__/* .compareMetrics */ .fz)(job.metrics, before?.metrics ?? null, recordedRules(job)),
        });
    }
    for (const job of older.jobs) {
        if (newIds.has(job.id) || jobs.some((entry) => entry.id === job.id))
            continue;
        jobs.push({ id: job.id, presence: 'old', metrics: (0,_compare_js__WEBPACK_IMPORTED_MODULE_0__/* .compareMetrics */ .fz)(null, job.metrics) });
    }
    const counts = { improved: 0, regressed: 0, unchanged: 0, new: 0, missing: 0 };
    const regressed = [];
    const improved = [];
    for (const job of jobs) {
        for (const entry of job.metrics)
            counts[entry.verdict] += 1;
        if (job.metrics.some((entry) => entry.verdict === 'regressed'))
            regressed.push(job.id);
        else if (job.metrics.some((entry) => entry.verdict === 'improved'))
            improved.push(job.id);
    }
    return {
        old: { started_at: older.started_at, commit: commitOf(older) },
        new: { started_at: newer.started_at, commit: commitOf(newer) },
        jobs,
        counts,
        regressed_jobs: regressed,
        improved_jobs: improved,
    };
}
function recordedRules(job) {
    const rules = Object.create(null);
    for (const entry of Array.isArray(job.comparison) ? job.comparison : []) {
        if (entry && typeof entry.metric === 'string' && (entry.better === 'higher' || entry.better === 'lower'))
            rules[entry.metric] = {
                better: entry.better,
                tolerance: typeof entry.tolerance === 'number' ? entry.tolerance : 0,
            };
    }
    return rules;
}
function commitOf(summary) {
    const commit = summary.provenance?.commit;
    return typeof commit === 'string' ? commit : null;
}
/**
 * The `compare` table: one row per metric (`JOB METRIC OLD NEW DELTA CHANGE VERDICT`), then a line of counts.
 * A job without numeric metrics on either side gets one row saying so.
 */
function formatComparisonTable(comparison) {
    const header = ['JOB', 'METRIC', 'OLD', 'NEW', 'DELTA', 'CHANGE', 'VERDICT'];
    const right = [false, false, true, true, true, true, false];
    const rows = [];
    for (const job of comparison.jobs) {
        const id = (0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .cleanLine */ .Ow)(job.id, 80) +
            (job.presence === 'new' ? ' (new job)' : job.presence === 'old' ? ' (gone)' : '');
        if (job.metrics.length === 0)
            rows.push([id, '-', '', '', '', '', 'no numeric metrics']);
        for (const entry of job.metrics) {
            rows.push([
                id,
                (0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .cleanLine */ .Ow)(entry.metric, 60),
                entry.baseline === null ? '-' : (0,_metrics_js__WEBPACK_IMPORTED_MODULE_2__/* .formatMetricValue */ .dd)(entry.baseline),
                entry.value === null ? '-' : (0,_metrics_js__WEBPACK_IMPORTED_MODULE_2__/* .formatMetricValue */ .dd)(entry.value),
                entry.delta === null ? '' : signed(entry.delta),
                entry.relative === null ? '' : `${signed(entry.relative * 100)} %`,
                verdictText(entry),
            ]);
        }
    }
    const widths = header.map((h, col) => Math.max(h.length, ...rows.map((row) => width(row[col]))));
    const line = (cells) => cells
        .map((cell, col) => (col === cells.length - 1 ? cell : pad(cell, widths[col], right[col])))
        .join('  ')
        .replace(/ +$/, '');
    const c = comparison.counts;
    const total = `${c.improved} improved, ${c.regressed} regressed, ${c.unchanged} unchanged, ${c.new} new, ${c.missing} missing`;
    return [line(header), ...rows.map(line), '', total].join('\n');
}
/**
 * What the console shows after the final table of a run: the baseline, the metrics that changed
 * (at most CONSOLE_CHANGE_LINES), and each broken gate (at most CONSOLE_GATE_LINES). Empty when the run
 * had no baseline setting and no gates.
 */
function formatQualityLines(summary) {
    const lines = [];
    if (summary.baseline) {
        const b = summary.baseline;
        const commit = b.commit ? `, commit ${b.commit.slice(0, 12)}` : '';
        lines.push(`Baseline: ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .cleanLine */ .Ow)(b.path, 200)} (run of ${b.started_at}${commit})`);
        const changes = summary.jobs.flatMap((job) => (job.comparison ?? [])
            .filter((entry) => entry.verdict === 'regressed' || entry.verdict === 'improved')
            .map((entry) => ({ job, entry })));
        const regressed = changes.filter((change) => change.entry.verdict === 'regressed');
        const improved = changes.filter((change) => change.entry.verdict === 'improved');
        lines.push(changes.length === 0
            ? 'Metrics: no metric changed beyond its tolerance.'
            : `Metrics: ${regressed.length} regressed, ${improved.length} improved.`);
        // Regressions first: they are what a reader acts on.
        const shown = [...regressed, ...improved];
        for (const { job, entry } of shown.slice(0, CONSOLE_CHANGE_LINES)) {
            lines.push(`  ${entry.verdict === 'regressed' ? '▼' : '▲'} ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .cleanLine */ .Ow)(job.id, 80)}: ${describeChange(entry)}`);
        }
        if (shown.length > CONSOLE_CHANGE_LINES)
            lines.push(`  … and ${shown.length - CONSOLE_CHANGE_LINES} more in the JSON summary.`);
    }
    else if (summary.baseline === null && summary.options.baseline) {
        lines.push('Baseline: none could be read; metrics were not compared.');
    }
    const broken = summary.jobs.flatMap((job) => (job.gates?.broken ?? []).map((gate) => ({ job, gate })));
    if (summary.gates) {
        lines.push(broken.length === 0
            ? 'Gates: all passed.'
            : `Gates: ${broken.length} broken${summary.gates.passed ? ' (optional jobs only: the run is not failed by them)' : ''}.`);
        for (const { job, gate } of broken.slice(0, CONSOLE_GATE_LINES))
            lines.push(`  ✗ ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .cleanLine */ .Ow)(gate.message, 500)}${job.optional ? ' (optional job)' : ''}`);
        if (broken.length > CONSOLE_GATE_LINES)
            lines.push(`  … and ${broken.length - CONSOLE_GATE_LINES} more in the JSON summary.`);
    }
    return lines.join('\n');
}
/** `accuracy 0.91 → 0.85 (-0.06, -6.59 %)`. */
function describeChange(entry) {
    const from = entry.baseline === null ? '-' : (0,_metrics_js__WEBPACK_IMPORTED_MODULE_2__/* .formatMetricValue */ .dd)(entry.baseline);
    const to = entry.value === null ? '-' : (0,_metrics_js__WEBPACK_IMPORTED_MODULE_2__/* .formatMetricValue */ .dd)(entry.value);
    const parts = [
        entry.delta === null ? '' : signed(entry.delta),
        entry.relative === null ? '' : `${signed(entry.relative * 100)} %`,
    ]
        .filter((part) => part !== '')
        .join(', ');
    return `${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .cleanLine */ .Ow)(entry.metric, 60)} ${from} → ${to}${parts ? ` (${parts})` : ''}`;
}
function verdictText(entry) {
    const direction = entry.better === 'lower' ? 'lower is better' : 'higher is better';
    switch (entry.verdict) {
        case 'improved':
            return `improved (${direction})`;
        case 'regressed':
            return `REGRESSED (${direction})`;
        default:
            return entry.verdict;
    }
}
/** `+0.012`, `-3`, `0`: four significant digits with an explicit sign. */
function signed(value) {
    const text = (0,_metrics_js__WEBPACK_IMPORTED_MODULE_2__/* .formatMetricValue */ .dd)(value);
    return value > 0 ? `+${text}` : text;
}
function width(text) {
    return Array.from(text).length;
}
function pad(text, size, right) {
    const fill = ' '.repeat(Math.max(0, size - width(text)));
    return right ? fill + text : text + fill;
}


/***/ }),

/***/ 6132:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   a: () => (/* binding */ formatDuration)
/* harmony export */ });
/**
 * Durations for people: `0.3s`, `12.4s`, `3m 12s`, `30m`, `1h 5m 3s`. Tenths of a second under a
 * minute (short jobs are compared by them), whole seconds above; zero parts are left out.
 */
function formatDuration(seconds) {
    if (!Number.isFinite(seconds) || seconds < 0)
        seconds = 0;
    const tenths = Math.round(seconds * 10);
    if (tenths < 600)
        return `${(tenths / 10).toFixed(1)}s`;
    const whole = Math.round(seconds);
    const h = Math.floor(whole / 3600);
    const m = Math.floor((whole % 3600) / 60);
    const s = whole % 60;
    const parts = [];
    if (h > 0)
        parts.push(`${h}h`);
    if (m > 0)
        parts.push(`${m}m`);
    if (s > 0)
        parts.push(`${s}s`);
    return parts.join(' ');
}


/***/ }),

/***/ 4031:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Ow: () => (/* binding */ cleanLine)
/* harmony export */ });
/* unused harmony exports MAX_LINE_CHARS, elideMiddle, elideMiddleBytes, escapeHtml, escapeMarkdownInline, fenceFor, fencedBlock, mermaidLabel */
/**
 * Making text that jobs printed safe to show: terminal noise removed, and escaped for the place it
 * lands in (HTML, a Markdown table cell, a fenced block, a Mermaid chart). Job output is untrusted:
 * a log line may contain `</details>`, a backtick fence or `<script>`, and must never change the
 * structure of the page it is shown in.
 */
// CSI/OSC sequences (colours, cursor moves, hyperlinks) and the other C0/C1 controls except tab.
// The escape is factored out: with it inside each alternative the scan is several times slower.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/** Longest line kept anywhere we show job output; the log file has the rest. */
const MAX_LINE_CHARS = 1000;
/**
 * One printable line: colour codes and control characters removed, a carriage-return progress bar
 * reduced to what the terminal would finally show, and at most `maxChars` characters (the middle of
 * a longer line is left out).
 */
function cleanLine(line, maxChars = MAX_LINE_CHARS) {
    // A huge line is cut first, so cleaning costs the same whatever a job printed.
    let text = line.length > maxChars * 4 ? elideMiddle(line, maxChars * 4) : line;
    if (text.includes('\u001b'))
        text = text.replace(ANSI, '');
    if (text.includes('\r')) {
        const cr = text.lastIndexOf('\r', text.length - 2);
        if (cr >= 0)
            text = text.slice(cr + 1);
        text = text.replace(/\r$/, '');
    }
    return elideMiddle(text.replace(CONTROL, ''), maxChars);
}
/**
 * At most `max` characters (UTF-16 units): a longer text keeps its beginning and its end around a
 * `…` (the start of a line says what it is, the end is often where the error is). Never splits a
 * surrogate pair.
 */
function elideMiddle(text, max) {
    if (text.length <= max)
        return text;
    if (max <= 1)
        return '…'.slice(0, Math.max(0, max));
    const headSize = Math.ceil((max - 1) / 2);
    let head = text.slice(0, headSize);
    let tail = text.slice(text.length - (max - 1 - headSize));
    // Counted in UTF-16 units (a bound on code points); a pair cut in half loses its orphan.
    if (isHighSurrogate(head.charCodeAt(head.length - 1)))
        head = head.slice(0, -1);
    if (isLowSurrogate(tail.charCodeAt(0)))
        tail = tail.slice(1);
    return `${head}…${max - 1 - headSize > 0 ? tail : ''}`;
}
function isHighSurrogate(code) {
    return code >= 0xd800 && code <= 0xdbff;
}
function isLowSurrogate(code) {
    return code >= 0xdc00 && code <= 0xdfff;
}
/** The same by UTF-8 bytes: at most `maxBytes`, beginning and end kept around `…`. */
function elideMiddleBytes(text, maxBytes) {
    if (Buffer.byteLength(text) <= maxBytes)
        return text;
    const room = maxBytes - Buffer.byteLength('…');
    if (room <= 0)
        return '';
    const head = firstBytes(text, Math.ceil(room / 2));
    return head + '…' + lastBytes(text, room - Buffer.byteLength(head));
}
function firstBytes(text, maxBytes) {
    let bytes = 0;
    let out = '';
    for (const char of text) {
        const size = Buffer.byteLength(char);
        if (bytes + size > maxBytes)
            break;
        bytes += size;
        out += char;
    }
    return out;
}
function lastBytes(text, maxBytes) {
    const chars = Array.from(text);
    let bytes = 0;
    let start = chars.length;
    while (start > 0) {
        const size = Buffer.byteLength(chars[start - 1]);
        if (bytes + size > maxBytes)
            break;
        bytes += size;
        start -= 1;
    }
    return chars.slice(start).join('');
}
const HTML_ENTITIES = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    "'": '&#39;',
};
/** For text inside HTML (a `<summary>`): no tag or entity can be formed. */
function escapeHtml(text) {
    return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);
}
/**
 * For inline Markdown, including a table cell: HTML-escaped, Markdown punctuation that could start
 * emphasis, code, links or strike-through backslash-escaped, `|` escaped so it cannot split a cell,
 * and kept on one line.
 */
function escapeMarkdownInline(text) {
    return escapeHtml(cleanLine(text.replace(/\r?\n/g, ' ')))
        .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
        .trim();
}
/**
 * A backtick fence longer than any run of backticks in `content`, so no line of the content can
 * close the block early (CommonMark closes a fence only with a run at least as long).
 */
function fenceFor(content) {
    let longest = 0;
    for (const match of content.matchAll(/`+/g))
        longest = Math.max(longest, match[0].length);
    return '`'.repeat(Math.max(3, longest + 1));
}
/** A fenced code block of `lines`, safe whatever they contain. */
function fencedBlock(lines, info = 'text') {
    const content = lines.join('\n');
    const fence = fenceFor(content);
    return `${fence}${info}\n${content}\n${fence}`;
}
// Words that start a statement in a Mermaid gantt chart: a task named like one would be misread.
const MERMAID_KEYWORDS = /^(?:title|section|dateformat|axisformat|tickinterval|excludes|includes|todaymarker|inclusiveenddates|topaxis|weekday|weekend|displaymode|click|acctitle|accdescr)\b/i;
/**
 * A task or section name for a Mermaid gantt chart. Mermaid has no escaping for `:` (the
 * name/data separator), `#`, `;` or `%%`, so anything but letters, digits, `.`, `_`, `-` and
 * spaces becomes `_`.
 */
function mermaidLabel(text, maxChars = 60) {
    let label = cleanLine(text, maxChars)
        .replace(/[^A-Za-z0-9._ -]/g, '_')
        .replace(/\s+/g, ' ')
        .trim();
    if (label.length === 0)
        label = '_';
    if (MERMAID_KEYWORDS.test(label))
        label = `job ${label}`;
    return label;
}


/***/ }),

/***/ 6479:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   _: () => (/* binding */ mainMetric),
/* harmony export */   dd: () => (/* binding */ formatMetricValue)
/* harmony export */ });
/* unused harmony export PREFERRED_METRICS */
/** Checked in this order, by the last segment of a key, case-insensitively. */
const PREFERRED_METRICS = [
    'accuracy',
    'acc',
    'balanced_accuracy',
    'auc',
    'roc_auc',
    'f1',
    'f1_score',
    'r2',
    'r2_score',
    'rmse',
    'mae',
    'mse',
    'loss',
    'val_loss',
];
/** Nested objects are flattened to `a.b.c` down to this depth. */
const MAX_DEPTH = 3;
/**
 * The main metric of a job:
 * 1. `main_metric`, when it names a numeric key (top level or dotted path, e.g. `test.auc`);
 * 2. else the first key (in the order of PREFERRED_METRICS) whose last segment is a preferred name;
 * 3. else the first numeric value, in the file's order.
 * Booleans, NaN and infinities are not metrics. Returns null when nothing qualifies.
 */
function mainMetric(metrics) {
    if (!metrics || typeof metrics !== 'object')
        return null;
    const numeric = flatten(metrics);
    if (numeric.length === 0)
        return null;
    const named = metrics['main_metric'];
    if (typeof named === 'string') {
        const hit = numeric.find((m) => m.name === named);
        if (hit)
            return hit;
    }
    for (const preferred of PREFERRED_METRICS) {
        const hit = numeric.find((m) => lastSegment(m.name).toLowerCase() === preferred);
        if (hit)
            return hit;
    }
    return numeric[0];
}
/** Four significant digits, no exponent for everyday magnitudes, integers as they are. */
function formatMetricValue(value) {
    if (Number.isInteger(value))
        return String(value);
    return String(Number(value.toPrecision(4)));
}
function flatten(value, prefix = '', depth = 1) {
    const out = [];
    for (const [key, item] of Object.entries(value)) {
        const name = prefix ? `${prefix}.${key}` : key;
        if (typeof item === 'number' && Number.isFinite(item))
            out.push({ name, value: item });
        else if (item !== null && typeof item === 'object' && !Array.isArray(item) && depth < MAX_DEPTH)
            out.push(...flatten(item, name, depth + 1));
    }
    return out;
}
function lastSegment(name) {
    const dot = name.lastIndexOf('.');
    return dot >= 0 ? name.slice(dot + 1) : name;
}


/***/ }),

/***/ 5066:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   NZ: () => (/* binding */ isFailureStatus),
/* harmony export */   SS: () => (/* binding */ describeOutcome),
/* harmony export */   T3: () => (/* binding */ attemptCount),
/* harmony export */   ar: () => (/* binding */ isSuccessStatus)
/* harmony export */ });
/* unused harmony export FAILURE_STATUSES */
/* harmony import */ var _duration_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6132);

/** Statuses of a job that ran and did not succeed. `skipped` is not among them: the job never ran. */
const FAILURE_STATUSES = ['failed', 'timed_out', 'cancelled'];
function isFailureStatus(status) {
    return FAILURE_STATUSES.includes(status);
}
/** A job that succeeded: it ran and passed, or it was restored from the job cache (`cached`). */
function isSuccessStatus(status) {
    return status === 'succeeded' || status === 'cached';
}
function attemptCount(job) {
    return typeof job.attempts === 'number' ? job.attempts : job.attempts.length;
}
/**
 * Why a job ended as it did, in a fixed order (timed out, cancelled, signal, exit code), as
 * execa does: `exit 3 after 2 attempts`, `timed out after 30m`, `killed by SIGKILL`, `cancelled`.
 */
function describeOutcome(job) {
    const attempts = attemptCount(job);
    const after = attempts > 1 ? ` after ${attempts} attempts` : '';
    switch (job.status) {
        case 'succeeded':
            return `succeeded${after}`;
        case 'cached':
            return 'cached';
        case 'skipped':
            return 'not run';
        case 'cancelled':
            return 'cancelled';
        case 'timed_out': {
            const limit = job.timeout_minutes && job.timeout_minutes > 0
                ? (0,_duration_js__WEBPACK_IMPORTED_MODULE_0__/* .formatDuration */ .a)(job.timeout_minutes * 60)
                : (0,_duration_js__WEBPACK_IMPORTED_MODULE_0__/* .formatDuration */ .a)(job.duration_seconds);
            return attempts > 1 ? `timed out after ${limit} (${attempts} attempts)` : `timed out after ${limit}`;
        }
        case 'failed':
            if (job.signal)
                return `killed by ${job.signal}${after}`;
            if (job.exit_code !== null)
                return `exit ${job.exit_code}${after}`;
            return `failed${after}`;
    }
}


/***/ }),

/***/ 5218:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  _: () => (/* binding */ assessRun),
  Z: () => (/* binding */ comparisonLists)
});

// EXTERNAL MODULE: ./src/report/compare.ts
var compare = __nccwpck_require__(181);
// EXTERNAL MODULE: ./src/report/metrics.ts
var report_metrics = __nccwpck_require__(6479);
;// CONCATENATED MODULE: ./src/report/gates.ts


const GATE_RULE_NAMES = [
    'min',
    'max',
    'max_drop',
    'max_rise',
    'max_drop_relative',
    'max_rise_relative',
];
/**
 * Floating-point allowance for the regression bounds: `0.90 - 0.89` is `0.010000000000000009`, which must
 * not break `max_drop: 0.01`. Bounds are inclusive; a difference within 1e-9 (relative to the larger of 1,
 * the bound and the baseline) of the bound passes.
 */
const EPSILON = 1e-9;
/**
 * Checks every gate of `rules` against a job's metrics:
 * - `min`/`max`: the value itself; inclusive;
 * - `max_drop`/`max_rise`(`_relative`): against the baseline value of the same metric; a gate whose
 *   baseline value is absent (no baseline summary, the job or the metric not in it) is skipped, noted in
 *   `skipped`; with a baseline of 0, a relative bound breaks on any move in its direction;
 * - a metric the job did not write (or wrote as a non-number) breaks every gate on it, once, as `missing`;
 * - NaN breaks every bound; +Infinity breaks `max` and `max_rise*`, -Infinity `min` and `max_drop*`.
 * `baseline` is undefined when there is no baseline summary at all (then regression gates are skipped
 * silently: the run notes that once).
 */
function evaluateGates(jobId, rules, metrics, baseline, opts) {
    const now = (0,compare/* flattenMetrics */.g8)(metrics);
    const before = (0,compare/* flattenMetrics */.g8)(baseline);
    const broken = [];
    const skipped = [];
    for (const [metric, rule] of Object.entries(rules)) {
        const names = GATE_RULE_NAMES.filter((name) => typeof rule[name] === 'number');
        if (names.length === 0)
            continue;
        const current = now.get(metric);
        const base = finite(before.get(metric));
        if (current === undefined) {
            broken.push({
                metric,
                rule: 'missing',
                value: null,
                bound: null,
                baseline: base,
                message: `${jobId}: gate on ${metric} (${names.map((n) => `${n} ${(0,report_metrics/* formatMetricValue */.dd)(rule[n])}`).join(', ')}) cannot pass: the job wrote no numeric ${metric}${baselineNote(base)}.`,
            });
            continue;
        }
        for (const name of names) {
            const bound = rule[name];
            const regression = name !== 'min' && name !== 'max';
            if (regression && base === null) {
                if (opts.hasBaseline)
                    skipped.push(`${jobId}: ${name} on ${metric} not checked: the baseline has no ${metric} for this job.`);
                continue;
            }
            if (!breaks(name, current, bound, base))
                continue;
            const value = current.kind === 'number' ? current.value : null;
            broken.push({
                metric,
                rule: name,
                value,
                bound,
                baseline: base,
                message: describeBroken(jobId, metric, name, current, bound, base),
            });
        }
    }
    return { passed: broken.length === 0, broken, ...(skipped.length > 0 ? { skipped } : {}) };
}
/** Whether `name` with `bound` breaks for `current` (and `base`, for the regression bounds). */
function breaks(name, current, bound, base) {
    if (current.kind === 'non-finite') {
        if (current.text === 'NaN')
            return true;
        const positive = !current.text.startsWith('-');
        return positive
            ? name === 'max' || name.startsWith('max_rise')
            : name === 'min' || name.startsWith('max_drop');
    }
    const value = current.value;
    switch (name) {
        case 'min':
            return value < bound;
        case 'max':
            return value > bound;
        case 'max_drop':
            return exceeds(base - value, bound, base);
        case 'max_rise':
            return exceeds(value - base, bound, base);
        case 'max_drop_relative':
            return exceedsRelative(base - value, bound, base);
        case 'max_rise_relative':
            return exceedsRelative(value - base, bound, base);
    }
}
function exceeds(change, bound, base) {
    return change > bound + EPSILON * Math.max(1, Math.abs(bound), Math.abs(base));
}
function exceedsRelative(change, bound, base) {
    if (base === 0)
        return change > 0;
    return change / Math.abs(base) > bound + EPSILON * Math.max(1, Math.abs(bound));
}
function describeBroken(jobId, metric, name, current, bound, base) {
    const shown = current.kind === 'number' ? (0,report_metrics/* formatMetricValue */.dd)(current.value) : current.text;
    const b = (0,report_metrics/* formatMetricValue */.dd)(bound);
    const baseText = base === null ? '' : (0,report_metrics/* formatMetricValue */.dd)(base);
    switch (name) {
        case 'min':
            return `${jobId}: ${metric} ${shown} is below the minimum ${b}${baselineNote(base)}.`;
        case 'max':
            return `${jobId}: ${metric} ${shown} is above the maximum ${b}${baselineNote(base)}.`;
        case 'max_drop':
            return `${jobId}: ${metric} ${shown} dropped ${changeText(current, base, -1)} from the baseline ${baseText}, more than max_drop ${b}.`;
        case 'max_rise':
            return `${jobId}: ${metric} ${shown} rose ${changeText(current, base, 1)} from the baseline ${baseText}, more than max_rise ${b}.`;
        case 'max_drop_relative':
            return `${jobId}: ${metric} ${shown} dropped${percentText(current, base, -1)} from the baseline ${baseText}, more than max_drop_relative ${b} (${percent(bound)}).`;
        case 'max_rise_relative':
            return `${jobId}: ${metric} ${shown} rose${percentText(current, base, 1)} from the baseline ${baseText}, more than max_rise_relative ${b} (${percent(bound)}).`;
    }
}
function baselineNote(base) {
    return base === null ? '' : ` (baseline ${(0,report_metrics/* formatMetricValue */.dd)(base)})`;
}
function changeText(current, base, sign) {
    if (current.kind !== 'number' || base === null)
        return 'by an unknown amount';
    return `by ${(0,report_metrics/* formatMetricValue */.dd)(sign * (current.value - base))}`;
}
function percentText(current, base, sign) {
    if (current.kind !== 'number' || base === null || base === 0)
        return '';
    return ` by ${percent((sign * (current.value - base)) / Math.abs(base))}`;
}
function percent(fraction) {
    return `${(0,report_metrics/* formatMetricValue */.dd)(fraction * 100)} %`;
}
function finite(value) {
    return value?.kind === 'number' ? value.value : null;
}

// EXTERNAL MODULE: ./src/report/outcome.ts
var report_outcome = __nccwpck_require__(5066);
;// CONCATENATED MODULE: ./src/report/quality.ts



/**
 * Compares and gates every planned job that has a result:
 * - comparison: for each job that ran (not `skipped`) when there is a baseline, against the baseline's
 *   entry with the same id (a job new since the baseline has only `new` metrics);
 * - gates: for each job that succeeded and has gates (a job that failed has already failed).
 * Results for ids outside the plan get neither (they have no config).
 */
function assessRun(plan, results, baseline) {
    const baselineJobs = new Map();
    // A merged summary may list an id twice; the last entry wins, as for history files.
    for (const job of baseline?.jobs ?? [])
        baselineJobs.set(job.id, job);
    const byId = new Map(results.map((result) => [result.id, result]));
    const jobs = new Map();
    const gateFailed = { required: [], optional: [] };
    const notes = [];
    let anyGates = false;
    let broken = 0;
    let regressionGatesWithoutBaseline = 0;
    const regressed = [];
    const improved = [];
    for (const job of plan.jobs) {
        const result = byId.get(job.id);
        if (!result)
            continue;
        const before = baselineJobs.get(job.id);
        const comparison = baseline && result.status !== 'skipped'
            ? (0,compare/* compareMetrics */.fz)(result.metrics, before?.metrics ?? null, job.metricRules)
            : null;
        const outcome = (0,compare/* comparisonOutcome */.cT)(comparison);
        if (outcome === 'regressed')
            regressed.push(job.id);
        if (outcome === 'improved')
            improved.push(job.id);
        const quality = { comparison };
        const rules = job.gates ?? {};
        if (Object.keys(rules).length > 0) {
            anyGates = true;
            if ((0,report_outcome/* isSuccessStatus */.ar)(result.status)) {
                const gates = evaluateGates(job.id, rules, result.metrics, before?.metrics ?? null, {
                    hasBaseline: baseline !== null,
                });
                quality.gates = gates;
                broken += gates.broken.length;
                if (!gates.passed)
                    (job.optional ? gateFailed.optional : gateFailed.required).push(job.id);
                if (!baseline)
                    regressionGatesWithoutBaseline += countRegressionRules(rules);
            }
        }
        jobs.set(job.id, quality);
    }
    if (regressionGatesWithoutBaseline > 0) {
        notes.push(`${regressionGatesWithoutBaseline} regression gate${regressionGatesWithoutBaseline === 1 ? '' : 's'} ` +
            `(max_drop, max_rise and their _relative forms) not checked: there is no baseline.`);
    }
    return {
        baseline: baseline
            ? {
                path: baseline.path,
                started_at: baseline.started_at,
                commit: baseline.commit,
                run_url: baseline.run_url,
            }
            : null,
        jobs,
        gates: anyGates
            ? {
                passed: gateFailed.required.length === 0,
                broken,
                regressed_jobs: regressed,
                improved_jobs: improved,
            }
            : undefined,
        gateFailed,
        notes,
    };
}
function countRegressionRules(rules) {
    let count = 0;
    for (const rule of Object.values(rules)) {
        for (const name of ['max_drop', 'max_rise', 'max_drop_relative', 'max_rise_relative'])
            if (typeof rule[name] === 'number')
                count += 1;
    }
    return count;
}
/** Ids of jobs whose comparison regressed / improved (see SummaryGates), for outputs without gates too. */
function comparisonLists(jobs) {
    const regressed = [];
    const improved = [];
    for (const job of jobs) {
        const outcome = (0,compare/* comparisonOutcome */.cT)(job.comparison);
        if (outcome === 'regressed')
            regressed.push(job.id);
        else if (outcome === 'improved')
            improved.push(job.id);
    }
    return { regressed, improved };
}


/***/ }),

/***/ 2080:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   ZP: () => (/* binding */ maskBySpec),
/* harmony export */   yu: () => (/* binding */ redactSummary)
/* harmony export */ });
/* unused harmony exports JOB_MASK_SPEC, SUMMARY_MASK_SPEC */
const ATTEMPT = { fields: {}, other: 'keep' };
/** Measured numbers and GPU ids are the orchestrator's; only the `unavailable` sentences are text. */
const RESOURCES = { fields: { unavailable: { items: 'text' } }, other: 'keep' };
const JOB_MASK_SPEC = {
    fields: {
        id: 'keep',
        base_id: 'keep',
        script: 'keep',
        command: { items: 'text' },
        source: 'keep',
        optional: 'keep',
        retries: 'keep',
        timeout_minutes: 'keep',
        runs_on: 'keep',
        status: 'keep',
        attempts: 'keep',
        attempt_details: { items: ATTEMPT },
        exit_code: 'keep',
        signal: 'keep',
        started_at: 'keep',
        finished_at: 'keep',
        duration_seconds: 'keep',
        log_path: 'keep',
        output_dir: 'keep',
        metrics: 'data',
        output_bytes: 'keep',
        tail: { items: 'text' },
        shard: 'keep',
        // Problems with the job's files: messages that may quote a job's data.
        notes: { items: 'text' },
        // Version 2. Sweep values are the user's text. A comparison's and a gate's numbers were already set to
        // null by buildSummary when they spell a secret (the schema wants numbers); metric names and messages
        // come from the job's metrics.
        params: 'text',
        comparison: { items: { fields: { metric: 'text' }, other: 'keep' } },
        gates: {
            fields: {
                passed: 'keep',
                broken: { items: { fields: { metric: 'text', message: 'text' }, other: 'keep' } },
                skipped: { items: 'text' },
            },
        },
        resources: RESOURCES,
    },
};
const SUMMARY_MASK_SPEC = {
    fields: {
        schema_version: 'keep',
        generator: 'keep',
        status: 'keep',
        started_at: 'keep',
        finished_at: 'keep',
        duration_seconds: 'keep',
        shard: 'keep',
        // The effective settings are the user's: their strings are masked, their numbers and switches kept, and
        // `job_env` holds names only (its values are already `***`).
        options: { fields: { job_env: 'keep', shard: 'keep' }, other: 'text' },
        counts: 'keep',
        jobs: { items: JOB_MASK_SPEC },
        warnings: { items: 'text' },
        errors: { items: 'text' },
        // Version 2: the environment's and the baseline file's strings are masked; gate results are ids and counts.
        provenance: { fields: {}, other: 'text' },
        baseline: { fields: { started_at: 'keep' }, other: 'text' },
        gates: 'keep',
        resources: RESOURCES,
    },
};
/**
 * The summary with every secret masked where jobs and users wrote text, and nothing the orchestrator built
 * changed (see MaskSpec). Returns a new object; the input is not modified.
 */
function redactSummary(summary, redactor) {
    if (!redactor.active)
        return summary;
    return maskBySpec(summary, SUMMARY_MASK_SPEC, redactor);
}
/** Applies `spec` to `value` (see MaskSpec). */
function maskBySpec(value, spec, redactor) {
    if (spec === 'keep')
        return value;
    if (spec === 'data')
        return redactor.redactData(value);
    if (spec === 'text')
        return maskStrings(value, redactor);
    if ('items' in spec) {
        if (!Array.isArray(value))
            return maskBySpec(value, 'data', redactor);
        return value.map((item) => maskBySpec(item, spec.items, redactor));
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        return maskBySpec(value, 'data', redactor);
    }
    const out = {};
    for (const [key, item] of Object.entries(value)) {
        const itemSpec = Object.hasOwn(spec.fields, key) ? spec.fields[key] : (spec.other ?? 'data');
        Object.defineProperty(out, key, {
            value: maskBySpec(item, itemSpec, redactor),
            enumerable: true,
            writable: true,
            configurable: true,
        });
    }
    return out;
}
/** Every string inside `value` masked; keys, numbers, booleans and null kept. */
function maskStrings(value, redactor) {
    if (typeof value === 'string')
        return redactor.redact(value);
    if (Array.isArray(value))
        return value.map((item) => maskStrings(item, redactor));
    if (value !== null && typeof value === 'object') {
        return maskBySpec(value, { fields: {}, other: 'text' }, redactor);
    }
    return value;
}


/***/ }),

/***/ 2952:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  dx: () => (/* binding */ ByteRedactor),
  v5: () => (/* binding */ MASK),
  pO: () => (/* binding */ Redactor),
  L9: () => (/* binding */ newRedactState),
  i5: () => (/* binding */ shortSecretsWarning)
});

// UNUSED EXPORTS: SHORT_SECRET_LENGTH

;// CONCATENATED MODULE: external "node:stream"
const external_node_stream_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");
;// CONCATENATED MODULE: ./src/report/redact.ts

/** What a secret is replaced with, the same mask GitHub uses in the console. */
const MASK = '***';
const EMPTY = Buffer.alloc(0);
/**
 * Secrets shorter than this are still masked (GitHub masks every registered value, whatever its length),
 * but a warning says that masking them hides ordinary text too.
 */
const SHORT_SECRET_LENGTH = 4;
/**
 * Replaces every registered secret value in text, by the rule GitHub's runner applies to the log:
 * - every value that is not empty (or only whitespace) is a secret, whatever its length: a secret of one
 *   character masks that character everywhere, as it does in GitHub's log;
 * - a multi-line value is also masked line by line (each trimmed line), and its JSON-escaped and
 *   URL-encoded forms are masked too;
 * - occurrences that overlap or touch are masked as one `***`.
 *
 * What this masks is what jobs and users produce (output, metrics, arguments, messages). The shapes the
 * orchestrator itself builds (JSON keys, status words, ids, file names and paths it chooses) are never
 * passed through it: see `redactSummary` in summary.ts.
 */
class Redactor {
    /** Every value and variant to mask, longest first. */
    secrets;
    longest;
    constructor(values) {
        const set = new Set();
        for (const value of values) {
            if (typeof value !== 'string')
                continue;
            for (const variant of variantsOf(value))
                set.add(variant);
        }
        this.secrets = [...set].sort((a, b) => b.length - a.length);
        this.longest = this.secrets.length > 0 ? this.secrets[0].length : 0;
    }
    get active() {
        return this.secrets.length > 0;
    }
    redact(text) {
        if (!this.active || text.length === 0)
            return text;
        const { ranges } = coveredRanges(text, this.secrets, text.length, 0);
        if (ranges.length === 0)
            return text;
        let out = '';
        let from = 0;
        for (const [start, end] of ranges) {
            out += text.slice(from, start) + MASK;
            from = end;
        }
        return out + text.slice(from);
    }
    /**
     * Masks `text` and returns only `[from, to)` of it, for a line shown cut: what lies outside is context, so a
     * secret that straddles `from` or `to` is masked too (its mask is shown whole).
     */
    redactRange(text, from, to = text.length) {
        if (!this.active || text.length === 0)
            return text.slice(from, to);
        const { ranges } = coveredRanges(text, this.secrets, text.length, 0);
        let out = '';
        let at = from;
        for (const [start, end] of ranges) {
            if (end <= at)
                continue;
            if (start >= to)
                break;
            out += start > at ? text.slice(at, start) + MASK : MASK;
            at = end;
        }
        return at < to ? out + text.slice(at, to) : out;
    }
    /**
     * Masks free-form data that a job or a user produced (a job's metrics, say): every string, every key,
     * and every number or boolean whose text spells a secret. Two keys that mask to the same text are both
     * kept (`***`, `*** (2)`, …). Walks with an explicit stack, so no depth overflows it.
     */
    redactData(value) {
        if (!this.active)
            return value;
        const primitive = (item) => {
            if (typeof item === 'string')
                return this.redact(item);
            if (typeof item === 'number' || typeof item === 'boolean') {
                const text = String(item);
                return this.redact(text) === text ? item : MASK;
            }
            return item;
        };
        if (value === null || typeof value !== 'object')
            return primitive(value);
        const root = Array.isArray(value) ? [] : {};
        const stack = [
            { from: value, to: root },
        ];
        while (stack.length > 0) {
            const { from, to } = stack.pop();
            const place = (key, item) => {
                if (item !== null && typeof item === 'object') {
                    const copy = Array.isArray(item) ? [] : {};
                    redact_define(to, key, copy);
                    stack.push({ from: item, to: copy });
                }
                else
                    redact_define(to, key, primitive(item));
            };
            if (Array.isArray(from))
                from.forEach((item, index) => place(index, item));
            else {
                const taken = new Set();
                for (const [key, item] of Object.entries(from)) {
                    let masked = this.redact(key);
                    for (let n = 2; taken.has(masked); n++)
                        masked = `${this.redact(key)} (${n})`;
                    taken.add(masked);
                    place(masked, item);
                }
            }
        }
        return root;
    }
    /**
     * A Transform of bytes → bytes with every secret masked, one split across two writes included. Works on
     * raw bytes (no decoding, no string churn): memory stays bounded by a chunk plus the longest secret.
     */
    createStream() {
        return new ByteRedactor(this).createTransform();
    }
}
/**
 * GitHub masks a short secret wherever it appears, and so do we: the warning says what that costs (never
 * the value, nor which one), or undefined when every secret is at least SHORT_SECRET_LENGTH characters.
 */
function shortSecretsWarning(values) {
    let short = 0;
    for (const value of values) {
        if (typeof value === 'string' && value.trim() !== '' && value.trim().length < SHORT_SECRET_LENGTH)
            short += 1;
    }
    if (short === 0)
        return undefined;
    return (`${short} secret value${short === 1 ? ' is' : 's are'} shorter than ${SHORT_SECRET_LENGTH} characters: ` +
        'masked wherever those characters appear in job output, logs, metrics and messages (as GitHub masks them ' +
        'in its log), which hides ordinary text too. Keys, ids, status words and paths of the reports are kept. ' +
        'Prefer longer secret values.');
}
function newRedactState() {
    return { carry: EMPTY, covered: 0, open: false };
}
/**
 * Secret masking on raw bytes, for log streams and files of any content (text, pickles, checkpoints):
 * a secret is searched as its UTF-8 bytes and replaced by the same mask the console uses. However the bytes
 * are split into chunks, the result is the same as `Redactor.redact` on the whole text.
 */
class ByteRedactor {
    patterns;
    longest;
    mask = Buffer.from(MASK, 'utf8');
    constructor(redactor) {
        // The Redactor already holds every variant, longest first.
        this.patterns = redactor.secrets.map((secret) => Buffer.from(secret, 'utf8'));
        this.longest = this.patterns.reduce((max, pattern) => Math.max(max, pattern.length), 0);
    }
    get active() {
        return this.patterns.length > 0;
    }
    /** Whether `buffer` holds any secret. */
    includesSecret(buffer) {
        return this.patterns.some((pattern) => buffer.includes(pattern));
    }
    /** A Transform of bytes → bytes with every secret masked; `count` is how many masks were written. */
    createTransform() {
        // eslint-disable-next-line @typescript-eslint/no-this-alias
        const redactor = this;
        const state = newRedactState();
        const transform = new external_node_stream_namespaceObject.Transform({
            transform(chunk, _encoding, callback) {
                const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
                if (!redactor.active) {
                    callback(null, bytes);
                    return;
                }
                const result = redactor.redactChunk(state, bytes, false);
                transform.count += result.count;
                callback(null, result.emit.length > 0 ? result.emit : undefined);
            },
            flush(callback) {
                const result = redactor.redactChunk(state, Buffer.alloc(0), true);
                transform.count += result.count;
                callback(null, result.emit.length > 0 ? result.emit : undefined);
            },
        });
        transform.count = 0;
        return transform;
    }
    /**
     * Masks `chunk` after what `state` carries, emits every byte that is decided and updates `state` (it keeps
     * at most `longest - 1` bytes for the next chunk, copied). A byte is decided once every secret that could
     * cover it has been seen whole: only a match that starts in the buffer's last bytes and runs past its end
     * is still open, and that needs those last bytes to be the beginning of a secret (see `undecidedFrom`).
     *
     * The usual chunk (no secret in it, nothing carried, not ending with the beginning of a secret) is emitted
     * as itself, not copied: `emit` may then be a view of `chunk`, valid as long as `chunk` is.
     */
    redactChunk(state, chunk, final) {
        const buffer = state.carry.length > 0 ? Buffer.concat([state.carry, chunk]) : chunk;
        if (!this.active) {
            state.carry = EMPTY;
            return { emit: buffer, count: 0 };
        }
        const cut = final ? buffer.length : this.undecidedFrom(buffer);
        if (cut === 0 && !final) {
            state.carry = Buffer.from(buffer);
            return { emit: Buffer.alloc(0), count: 0 };
        }
        const { ranges, continued } = coveredRanges(buffer, this.patterns, cut, state.open ? state.covered : -1);
        const parts = [];
        let from = 0;
        let count = 0;
        let open = false;
        let covered = 0;
        ranges.forEach(([start, end], index) => {
            if (start >= cut)
                return;
            parts.push(buffer.subarray(from, start));
            // A range that continues the mask emitted with the previous chunk gets no second mask.
            if (!(index === 0 && continued)) {
                parts.push(this.mask);
                count += 1;
            }
            from = Math.min(end, cut);
            if (end >= cut && !final) {
                open = true;
                covered = end - cut;
            }
        });
        if (from < cut)
            parts.push(buffer.subarray(from, cut));
        state.carry = cut < buffer.length ? Buffer.from(buffer.subarray(cut)) : EMPTY;
        state.open = open;
        state.covered = covered;
        return { emit: parts.length === 0 ? EMPTY : parts.length === 1 ? parts[0] : Buffer.concat(parts), count };
    }
    /**
     * Where the bytes that cannot be decided yet start: the first position of the buffer's last `longest - 1`
     * bytes from which the rest of the buffer is the beginning of some secret (a match starting there may
     * end in the next chunk), or the buffer's length when there is none. A match starting earlier lies
     * wholly in the buffer and is found now. Looks for each secret's first byte (memchr), then compares.
     */
    undecidedFrom(buffer) {
        const length = buffer.length;
        let cut = length;
        for (const pattern of this.patterns) {
            // Positions where the rest of the buffer is shorter than the pattern, before the best cut so far.
            let at = Math.max(0, length - pattern.length + 1);
            const first = pattern[0];
            while (at < cut) {
                at = buffer.indexOf(first, at);
                if (at < 0 || at >= cut)
                    break;
                if (buffer.compare(pattern, 0, length - at, at, length) === 0) {
                    cut = at;
                    break;
                }
                at += 1;
            }
        }
        return cut;
    }
}
/**
 * The ranges to mask in `haystack`: every occurrence of every needle that starts before `limit`, merged
 * where they overlap or touch, in order. `openUntil` ≥ 0 says a mask is already open at position 0 and
 * covers up to there (a stream's previous chunk); the first range then continues it (`continued`).
 * Occurrences inside the current range that cannot extend it are skipped, so a run of one repeated
 * character costs one search per character at most.
 */
function coveredRanges(haystack, needles, limit, openUntil) {
    const find = (needle, from) => typeof haystack === 'string' ? haystack.indexOf(needle, from) : haystack.indexOf(needle, from);
    const ranges = [];
    // The range being built; it starts as the mask left open by a previous chunk, when there is one.
    let start = openUntil >= 0 ? 0 : -1;
    let end = openUntil >= 0 ? openUntil : -1;
    let continued = openUntil >= 0;
    const close = () => {
        if (start >= 0 && end > start)
            ranges.push([start, end]);
        else if (ranges.length === 0)
            continued = false; // an open mask that nothing continues
    };
    const nextAt = needles.map((needle) => find(needle, 0));
    for (;;) {
        let k = -1;
        for (let i = 0; i < needles.length; i++) {
            if (nextAt[i] >= 0 && nextAt[i] < limit && (k < 0 || nextAt[i] < nextAt[k]))
                k = i;
        }
        if (k < 0)
            break;
        const at = nextAt[k];
        const to = at + needles[k].length;
        if (start >= 0 && at <= end)
            end = Math.max(end, to);
        else {
            close();
            start = at;
            end = to;
        }
        nextAt[k] = find(needles[k], Math.max(at + 1, end - needles[k].length + 1));
    }
    close();
    return { ranges, continued };
}
/**
 * The values masked for one secret: itself, each trimmed line of a multi-line value (GitHub's runner masks
 * line by line), and the JSON-escaped and URL-encoded forms of each. Empty and whitespace-only values mask
 * nothing: they would hide every space of every log.
 */
function variantsOf(value) {
    if (value.trim() === '')
        return [];
    const forms = [value];
    if (/[\r\n]/.test(value)) {
        for (const line of value.split(/\r?\n|\r/))
            if (line.trim() !== '')
                forms.push(line.trim());
    }
    const variants = new Set();
    for (const form of forms) {
        variants.add(form);
        variants.add(JSON.stringify(form).slice(1, -1));
        try {
            variants.add(encodeURIComponent(form));
        }
        catch {
            // A lone surrogate has no URL encoding.
        }
    }
    return [...variants].filter((variant) => variant !== '');
}
/** Sets a property as data, even `__proto__`: a job's metrics never reach an object's prototype. */
function redact_define(target, key, value) {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}


/***/ }),

/***/ 6934:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   R: () => (/* binding */ exitCodeFor),
/* harmony export */   x: () => (/* binding */ decideStatus)
/* harmony export */ });
/* harmony import */ var _outcome_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(5066);

/**
 * The run's status from its results, by the seed's failure semantics:
 * - the run was cancelled → `cancelled` (whatever finished before);
 * - no required job failed → `success`. "Failed" means `failed`, `timed_out` or `cancelled`, or a job
 *   in `gateFailed` (it succeeded but broke a quality gate); a `skipped` job did not run and fails
 *   nothing, and optional jobs never fail the run;
 * - a required job failed, `allowPartialSuccess` is on and at least one job (optional or not)
 *   succeeded and passed its gates → `partial_success`;
 * - otherwise → `failure`.
 * A result whose id is not in the plan is treated as required: an unknown job must not pass silently.
 */
function decideStatus(plan, results, opts) {
    if (opts.cancelled)
        return 'cancelled';
    const optional = new Map(plan.jobs.map((job) => [job.id, job.optional]));
    const gateFailed = opts.gateFailed ?? new Set();
    const failed = (r) => (0,_outcome_js__WEBPACK_IMPORTED_MODULE_0__/* .isFailureStatus */ .NZ)(r.status) || ((0,_outcome_js__WEBPACK_IMPORTED_MODULE_0__/* .isSuccessStatus */ .ar)(r.status) && gateFailed.has(r.id));
    const requiredFailed = results.some((r) => failed(r) && optional.get(r.id) !== true);
    if (!requiredFailed)
        return 'success';
    if (opts.allowPartialSuccess && results.some((r) => (0,_outcome_js__WEBPACK_IMPORTED_MODULE_0__/* .isSuccessStatus */ .ar)(r.status) && !gateFailed.has(r.id)))
        return 'partial_success';
    return 'failure';
}
/** The process exit code for a status: 0 when the run passed, 1 when it failed, 130 (SIGINT) when cancelled. */
function exitCodeFor(status) {
    switch (status) {
        case 'success':
        case 'partial_success':
            return 0;
        case 'failure':
            return 1;
        case 'cancelled':
            return 130;
    }
}


/***/ }),

/***/ 7994:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Sy: () => (/* binding */ writeSummary),
/* harmony export */   Ww: () => (/* binding */ SUMMARY_SCHEMA_VERSION),
/* harmony export */   _P: () => (/* binding */ summaryFileName),
/* harmony export */   _d: () => (/* binding */ GENERATOR),
/* harmony export */   _n: () => (/* binding */ READABLE_SUMMARY_VERSIONS),
/* harmony export */   fR: () => (/* binding */ buildSummary),
/* harmony export */   uq: () => (/* binding */ countJobs)
/* harmony export */ });
/* unused harmony export SUMMARY_TAIL_LINES */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _model_name_nonce_js__WEBPACK_IMPORTED_MODULE_6__ = __nccwpck_require__(956);
/* harmony import */ var _redact_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(2952);
/* harmony import */ var _redact_summary_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(2080);
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(4031);
/* harmony import */ var _outcome_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(5066);







/**
 * The JSON summary of a run (`summaries/training_summary_<UTC>.json`), described by
 * `schemas/summary.schema.json`. Each job entry is self-contained (command, paths, timings,
 * attempts, metrics, tail), so shard summaries can be merged by concatenating `jobs` and
 * recomputing `counts` with `countJobs`.
 */
const SUMMARY_SCHEMA_VERSION = 2;
/**
 * Every version a reader accepts (baseline, history, re-run, merge). Version 2 only added optional fields
 * (provenance, baseline, gates, and per job params, comparison, gates; counts.gate_failed), so a version-1
 * file reads as a version-2 file without them.
 */
const READABLE_SUMMARY_VERSIONS = [1, 2];
/** Kept in step with package.json by a test. */
const GENERATOR = { name: 'training-orchestrator', version: '0.1.0' };
/** Lines of a job's log kept in the summary, for jobs that did not succeed. */
const SUMMARY_TAIL_LINES = 50;
/**
 * The summary of a run. Jobs are in plan order; a planned job without a result is `skipped`
 * (never started), a result for an unplanned id is kept at the end. What jobs and users wrote
 * (arguments, metrics, tails, warnings) is masked; what the orchestrator built is not (see redactSummary).
 */
function buildSummary(input) {
    const { settings, plan, results, redactor } = input;
    const byId = new Map(results.map((r) => [r.id, r]));
    const planned = new Set(plan.jobs.map((job) => job.id));
    const jobs = plan.jobs.map((job) => withQuality(summarizeJob(job, byId.get(job.id)), input.quality));
    for (const result of results)
        if (!planned.has(result.id))
            jobs.push(summarizeJob(undefined, result));
    const summary = {
        schema_version: SUMMARY_SCHEMA_VERSION,
        generator: { name: GENERATOR.name, version: GENERATOR.version },
        status: input.status,
        started_at: isoOf(input.startedAt),
        finished_at: isoOf(input.finishedAt),
        duration_seconds: roundSeconds((input.finishedAt.getTime() - input.startedAt.getTime()) / 1000),
        shard: input.shard ?? (settings.shard ? `${settings.shard.index}/${settings.shard.count}` : null),
        options: summaryOptions(settings),
        counts: countJobs(jobs),
        jobs,
        warnings: [...plan.warnings, ...(input.quality?.notes ?? [])],
    };
    if (input.provenance)
        summary.provenance = input.provenance;
    if (input.resources)
        summary.resources = input.resources;
    if (input.quality) {
        summary.baseline = input.quality.baseline;
        if (input.quality.gates)
            summary.gates = input.quality.gates;
    }
    for (const job of summary.jobs)
        maskQualityNumbers(job, redactor);
    return (0,_redact_summary_js__WEBPACK_IMPORTED_MODULE_3__/* .redactSummary */ .yu)(summary, redactor);
}
/** The job's params, comparison and gates: params from the plan, the rest from the run's assessment. */
function withQuality(entry, quality) {
    const assessed = quality?.jobs.get(entry.id);
    // Copies: the secret masking below changes them in place.
    if (quality)
        entry.comparison = assessed?.comparison?.map((row) => ({ ...row })) ?? null;
    if (assessed?.gates)
        entry.gates = { ...assessed.gates, broken: assessed.gates.broken.map((gate) => ({ ...gate })) };
    return entry;
}
/** A metric value in a comparison or gate that spells a secret is masked like in `metrics` (null: numbers only). */
function maskQualityNumbers(job, redactor) {
    if (!redactor.active)
        return;
    const safe = (value) => value === null || redactor.redact(String(value)) === String(value) ? value : null;
    for (const entry of job.comparison ?? []) {
        entry.value = safe(entry.value);
        entry.baseline = safe(entry.baseline);
        if (entry.value === null || entry.baseline === null)
            entry.delta = entry.relative = null;
    }
    for (const gate of job.gates?.broken ?? []) {
        gate.value = safe(gate.value);
        gate.baseline = safe(gate.baseline);
    }
}
/** Counts by the rules on SummaryCounts; `merge` recomputes them with this. */
function countJobs(jobs) {
    const counts = {
        total: jobs.length,
        succeeded: 0,
        failed: 0,
        optional_failed: 0,
        required_failed: 0,
        timed_out: 0,
        cancelled: 0,
        skipped: 0,
        gate_failed: 0,
    };
    for (const job of jobs) {
        // A cached job counts as succeeded; `cached` says how many of them were restored (like gate_failed).
        if (job.status === 'cached') {
            counts.succeeded += 1;
            counts.cached = (counts.cached ?? 0) + 1;
        }
        else
            counts[job.status] += 1;
        if ((0,_outcome_js__WEBPACK_IMPORTED_MODULE_5__/* .isSuccessStatus */ .ar)(job.status) && job.gates?.passed === false)
            counts.gate_failed = (counts.gate_failed ?? 0) + 1;
        if ((0,_outcome_js__WEBPACK_IMPORTED_MODULE_5__/* .isFailureStatus */ .NZ)(job.status)) {
            if (job.optional)
                counts.optional_failed += 1;
            else
                counts.required_failed += 1;
        }
    }
    return counts;
}
/** `training_summary_20261128T221000Z.json`: UTC, no `:` (artifact uploads reject it). */
function summaryFileName(at) {
    return `training_summary_${compactUtc(at)}.json`;
}
/**
 * Writes the summary into `directory` (created if missing) and returns its absolute path. The file
 * appears whole or not at all (written to a temporary name, then linked into place), and an existing
 * summary is never overwritten: a name already taken gets `-1`, `-2`, … before `.json`.
 */
async function writeSummary(summary, directory, at) {
    const dir = node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(directory);
    await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.mkdir(dir, { recursive: true });
    const base = summaryFileName(at).replace(/\.json$/, '');
    const tmp = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(dir, `.${base}.${process.pid}.${(0,_model_name_nonce_js__WEBPACK_IMPORTED_MODULE_6__/* .nameNonce */ .p)(12)}.tmp`);
    try {
        await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.writeFile(tmp, `${JSON.stringify(summary, null, 2)}\n`, { encoding: 'utf8', flag: 'wx' });
        for (let n = 0;; n += 1) {
            const target = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(dir, n === 0 ? `${base}.json` : `${base}-${n}.json`);
            if (await placeNoClobber(tmp, target))
                return target;
        }
    }
    finally {
        await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.rm(tmp, { force: true });
    }
}
/**
 * Moves `tmp` to `target` unless `target` exists. A hard link fails atomically when the name is
 * taken; where links are not supported, fall back to check-then-rename.
 */
async function placeNoClobber(tmp, target) {
    try {
        await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.link(tmp, target);
        return true;
    }
    catch (error) {
        const code = error.code;
        if (code === 'EEXIST')
            return false;
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS')
            throw error;
    }
    try {
        await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.access(target);
        return false;
    }
    catch {
        await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.rename(tmp, target);
        return true;
    }
}
function summarizeJob(job, result) {
    const id = job?.id ?? result?.id ?? '';
    const status = result?.status ?? 'skipped';
    const entry = {
        id,
        base_id: job?.baseId ?? null,
        script: job?.script ?? null,
        command: job ? [...job.command] : [],
        source: job?.source ?? 'config',
        optional: job?.optional ?? false,
        retries: job?.retries ?? 0,
        timeout_minutes: job?.timeoutMinutes ?? 0,
        runs_on: job?.runsOn ? [...job.runsOn] : null,
        ...(job ? { params: { ...job.params } } : {}),
        status,
        attempts: result?.attempts.length ?? 0,
        attempt_details: (result?.attempts ?? []).map((a) => ({
            ...a,
            duration_seconds: roundSeconds(a.duration_seconds),
        })),
        exit_code: result?.exit_code ?? null,
        signal: result?.signal ?? null,
        started_at: result?.started_at ?? null,
        finished_at: result?.finished_at ?? null,
        duration_seconds: roundSeconds(result?.duration_seconds ?? 0),
        log_path: job?.logPath ?? '',
        output_dir: job?.outputDir ?? '',
        metrics: result?.metrics ?? null,
        curves: result?.curves ?? null,
        output_bytes: result?.output_bytes ?? 0,
    };
    if ((0,_outcome_js__WEBPACK_IMPORTED_MODULE_5__/* .isFailureStatus */ .NZ)(status)) {
        entry.tail = (result?.tail ?? []).slice(-SUMMARY_TAIL_LINES).map((line) => (0,_escape_js__WEBPACK_IMPORTED_MODULE_4__/* .cleanLine */ .Ow)(line));
    }
    if (result?.notes && result.notes.length > 0)
        entry.notes = result.notes.map((note) => (0,_escape_js__WEBPACK_IMPORTED_MODULE_4__/* .cleanLine */ .Ow)(note));
    if (result?.resources !== undefined)
        entry.resources = result.resources;
    if (result?.allocation) {
        const { gpus } = result.allocation;
        entry.allocation = { ...result.allocation, gpus: gpus ? [...gpus] : null };
    }
    if (result?.cache)
        entry.cache = { ...result.cache };
    return entry;
}
function summaryOptions(settings) {
    const { secrets: _secrets, workingDirectory, epochs, folds, only, exclude, parallel, maxWorkers, retries, config, extraArgs, dryRun, listOnly, noAutoDiscover, discoverRoots, allowPartialSuccess, verbose, python, resultsDir, logsDir, summariesDir, timeoutMinutes, historyFile, rerunFailedFrom, shard, jobEnv, baseline, resourceIntervalMs, maxWorkersAuto, 
    // The resource settings show in each job's `allocation` (what it got), not here.
    cpus: _cpus, memoryBytes: _memoryBytes, gpus: _gpus, cache, forceJobs, cacheSizeLimitBytes, 
    // The requirements files in every key show in each job's cache components, not here.
    cacheInputs: _cacheInputs, 
    // How jobs start (the spawn service or Node's spawn) changes nothing a job sees or reports (decision 0007).
    spawnService: _spawnService, ...rest } = settings;
    // A setting added to Settings must be placed here (or deliberately left out): this stops compiling.
    const unplaced = rest;
    void unplaced;
    return {
        working_directory: workingDirectory,
        epochs: epochs ?? null,
        folds: folds ?? null,
        only: [...only],
        exclude: [...exclude],
        parallel,
        max_workers: maxWorkers,
        ...(maxWorkersAuto ? { max_workers_auto: true } : {}),
        retries,
        config: config ?? null,
        extra_args: [...extraArgs],
        dry_run: dryRun,
        list_only: listOnly,
        no_auto_discover: noAutoDiscover,
        discover_roots: discoverRoots ? [...discoverRoots] : null,
        allow_partial_success: allowPartialSuccess,
        verbose,
        python,
        results_dir: resultsDir,
        logs_dir: logsDir,
        summaries_dir: summariesDir,
        timeout_minutes: timeoutMinutes,
        history_file: historyFile ?? null,
        rerun_failed_from: rerunFailedFrom ?? null,
        baseline: baseline ?? null,
        shard: shard ? `${shard.index}/${shard.count}` : null,
        job_env: Object.fromEntries(Object.keys(jobEnv).map((key) => [key, _redact_js__WEBPACK_IMPORTED_MODULE_2__/* .MASK */ .v5])),
        ...(resourceIntervalMs !== undefined ? { resource_interval_ms: resourceIntervalMs } : {}),
        ...(cache !== undefined ? { cache } : {}),
        ...(forceJobs !== undefined ? { force: [...forceJobs] } : {}),
        ...(cacheSizeLimitBytes !== undefined ? { cache_size_limit_bytes: cacheSizeLimitBytes } : {}),
    };
}
function isoOf(date) {
    if (Number.isNaN(date.getTime()))
        throw new RangeError('Invalid date for the training summary.');
    return date.toISOString();
}
function compactUtc(at) {
    return isoOf(at)
        .replace(/\.\d{3}Z$/, 'Z')
        .replace(/[-:]/g, '');
}
function roundSeconds(seconds) {
    if (!Number.isFinite(seconds) || seconds < 0)
        return 0;
    return Math.round(seconds * 1000) / 1000;
}


/***/ }),

/***/ 2369:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   T: () => (/* binding */ describeFsError)
/* harmony export */ });
/**
 * A file-system error for people: what went wrong and its code, without the path Node appends (the caller
 * names the file). `ENOSPC: no space left on device, write` → `no space left on device (ENOSPC)`.
 */
function describeFsError(error) {
    const e = error;
    const text = WORDS[e?.code ?? ''];
    if (text)
        return `${text} (${e.code})`;
    const message = error instanceof Error ? error.message : String(error);
    return message.replace(/, \w+(?: '[^]*')?$/, '');
}
const WORDS = {
    ENOSPC: 'no space left on device',
    EDQUOT: 'disk quota exceeded',
    EROFS: 'read-only file system',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EEXIST: 'a file is in the way',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EISDIR: 'it is a folder',
    EIO: 'input/output error',
};


/***/ }),

/***/ 2738:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Y: () => (/* binding */ checkWritableFolders)
/* harmony export */ });
/* unused harmony export probeFolder */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _model_name_nonce_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(956);
/* harmony import */ var _model_types_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(440);
/* harmony import */ var _plan_input_values_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(414);
/* harmony import */ var _fs_error_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(2369);






/**
 * Before any job starts: each folder the run will write into can be created (if missing) and takes a small
 * file (written, then removed; folders created for the check are removed too). A folder that is a file, on a
 * read-only file system or on a full disk is an InputError naming its input, instead of a summary that cannot
 * be written after an hour of training.
 * `results_dir` and `logs_dir` are checked only when there are jobs to run.
 *
 * A disk that fills up during the run is still possible: the orchestrator then reports the file it could not
 * write (see orchestrate).
 */
function checkWritableFolders(settings, options) {
    const folders = [['summaries_dir', settings.summariesDir]];
    if (options.withJobs)
        folders.push(['logs_dir', settings.logsDir], ['results_dir', settings.resultsDir]);
    for (const [input, value] of folders) {
        const absolute = node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(settings.workingDirectory, value);
        const problem = probeFolder(absolute);
        if (problem) {
            throw new _model_types_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .d(input, `Invalid ${input} ${(0,_plan_input_values_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteValue */ .cl)(value)}: ${problem}. Expected a folder inside the working directory ` +
                'that the run can create and write files into (not a file, not on a read-only or full file system).');
        }
    }
}
/**
 * Why `absolute` cannot hold the run's files, or undefined when a probe file could be written and removed.
 * Leaves nothing behind: the folders it had to create are removed again (the run creates them when it
 * writes), so a step that fails later before any job starts (requirements) leaves the workspace as it was.
 */
function probeFolder(absolute) {
    let created;
    try {
        created = node_fs__WEBPACK_IMPORTED_MODULE_0___default().mkdirSync(absolute, { recursive: true });
    }
    catch (error) {
        return `the folder cannot be created (${(0,_fs_error_js__WEBPACK_IMPORTED_MODULE_4__/* .describeFsError */ .T)(error)})`;
    }
    try {
        if (!node_fs__WEBPACK_IMPORTED_MODULE_0___default().statSync(absolute).isDirectory())
            return 'it is a file, not a folder';
        const probe = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(absolute, `.training-orchestrator-probe-${process.pid}-${(0,_model_name_nonce_js__WEBPACK_IMPORTED_MODULE_5__/* .nameNonce */ .p)(8)}`);
        try {
            node_fs__WEBPACK_IMPORTED_MODULE_0___default().writeFileSync(probe, 'probe\n', { flag: 'wx' });
        }
        catch (error) {
            return `a file cannot be written into it (${(0,_fs_error_js__WEBPACK_IMPORTED_MODULE_4__/* .describeFsError */ .T)(error)})`;
        }
        finally {
            try {
                node_fs__WEBPACK_IMPORTED_MODULE_0___default().rmSync(probe, { force: true });
            }
            catch {
                // Never created (read-only file system): nothing to remove.
            }
        }
        return undefined;
    }
    finally {
        if (created !== undefined)
            removeCreated(absolute, created);
    }
}
/** rmdir from `absolute` up to `created` (the first folder mkdir made), each only if still empty. */
function removeCreated(absolute, created) {
    for (let dir = absolute;; dir = node_path__WEBPACK_IMPORTED_MODULE_1___default().dirname(dir)) {
        try {
            node_fs__WEBPACK_IMPORTED_MODULE_0___default().rmdirSync(dir);
        }
        catch {
            return;
        }
        if (dir === created || node_path__WEBPACK_IMPORTED_MODULE_1___default().dirname(dir) === dir)
            return;
    }
}


/***/ }),

/***/ 2562:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 1421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 932:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("process");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
var __webpack_exports__ = {};

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/model/types.ts
var types = __nccwpck_require__(440);
// EXTERNAL MODULE: ./src/plan/plan.ts + 14 modules
var plan_plan = __nccwpck_require__(6370);
// EXTERNAL MODULE: ./src/plan/history.ts
var plan_history = __nccwpck_require__(3547);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __nccwpck_require__(1421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
var external_node_fs_default = /*#__PURE__*/__nccwpck_require__.n(external_node_fs_);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(8161);
var external_node_os_default = /*#__PURE__*/__nccwpck_require__.n(external_node_os_);
;// CONCATENATED MODULE: ./src/resources/capacity.ts



/** How long `nvidia-smi -L` may take before the machine counts as having no GPU (a hung driver). */
const NVIDIA_SMI_TIMEOUT_MS = 10_000;
/**
 * Real detection. `env` is the environment nvidia-smi is looked up in (its PATH) and runs with: the
 * orchestrator's own by default. nvidia-smi is run directly (execFile, no shell) with a timeout.
 */
function defaultCapacityDeps(env = process.env) {
    return {
        availableParallelism: () => external_node_os_default().availableParallelism(),
        readMeminfo: () => {
            try {
                return external_node_fs_default().readFileSync('/proc/meminfo', 'utf8');
            }
            catch {
                return undefined;
            }
        },
        freemem: () => external_node_os_default().freemem(),
        listGpus: () => new Promise((resolve) => {
            try {
                (0,external_node_child_process_.execFile)('nvidia-smi', ['-L'], { env, timeout: NVIDIA_SMI_TIMEOUT_MS, windowsHide: true, maxBuffer: 1024 * 1024 }, (error, stdout) => resolve(error ? undefined : String(stdout)));
            }
            catch {
                resolve(undefined);
            }
        }),
    };
}
/**
 * The capacity of this run: each of CPUs, memory and GPUs from its setting when given, else detected.
 * CPUs: os.availableParallelism. Memory: MemAvailable of /proc/meminfo (what can be allocated without
 * swapping, page cache included), else os.freemem. GPUs: the indices `nvidia-smi -L` lists, asked only
 * when `detectGpus` (some job requests GPUs and the `gpus` input is not given); none when it is absent.
 */
async function detectCapacity(settings, detectGpus, deps) {
    const cpus = settings.cpus ?? Math.max(1, deps.availableParallelism());
    let memoryBytes = settings.memoryBytes;
    let memorySource = 'the memory input';
    if (memoryBytes === undefined) {
        const meminfo = deps.readMeminfo();
        const available = meminfo === undefined ? undefined : parseMemAvailable(meminfo);
        memoryBytes = available ?? Math.max(0, deps.freemem());
        memorySource =
            available !== undefined ? 'detected: MemAvailable in /proc/meminfo' : 'detected: free memory';
    }
    let gpus = settings.gpus;
    let gpuSource = 'the gpus input';
    if (gpus === undefined) {
        const listing = detectGpus ? await deps.listGpus() : undefined;
        gpus = listing === undefined ? [] : parseNvidiaSmiList(listing);
        gpuSource = !detectGpus
            ? 'not asked'
            : listing === undefined
                ? 'detected: nvidia-smi -L is not available'
                : 'detected with nvidia-smi -L';
    }
    return {
        cpus,
        memoryBytes,
        gpus: [...gpus].sort((a, b) => a - b),
        sources: {
            cpus: settings.cpus !== undefined ? 'the cpus input' : 'detected',
            memory: memorySource,
            gpus: gpuSource,
        },
    };
}
/** `MemAvailable:  16318340 kB` of /proc/meminfo in bytes, or undefined when absent (kernels before 3.14). */
function parseMemAvailable(meminfo) {
    const match = /^MemAvailable:\s+([0-9]+)\s*kB\s*$/m.exec(meminfo);
    return match ? Number(match[1]) * 1024 : undefined;
}
/**
 * The device indices of `nvidia-smi -L` (`GPU 0: NVIDIA A100-SXM4-40GB (UUID: GPU-…)`), ascending and
 * without duplicates; lines that are not a GPU (MIG devices, warnings) are ignored.
 */
function parseNvidiaSmiList(listing) {
    const indices = new Set();
    for (const line of listing.split(/\r?\n/)) {
        const match = /^GPU ([0-9]{1,4}):/.exec(line.trim());
        if (match)
            indices.add(Number(match[1]));
    }
    return [...indices].sort((a, b) => a - b);
}

// EXTERNAL MODULE: ./src/plan/byte-size.ts
var byte_size = __nccwpck_require__(8719);
// EXTERNAL MODULE: ./src/plan/defaults.ts
var defaults = __nccwpck_require__(7621);
;// CONCATENATED MODULE: ./src/resources/allocate.ts
/** CPUs are counted in thousandths, so fractional requests (0.1 + 0.2) add up without rounding drift. */
const MILLI = 1000;
function milliCpus(cpus) {
    return Math.ceil(cpus * MILLI - 1e-9);
}
/**
 * The free CPUs, memory and GPU devices of a run. `fits` answers whether a need can start now; `take`
 * reserves it (GPUs: the lowest free indices) and `release` gives it back. The ledger never goes below
 * zero: taking what does not fit is a programming error and throws.
 */
class ResourceLedger {
    capacity;
    freeMilliCpus;
    freeMemory;
    /** Free device indices, ascending. */
    freeGpus;
    constructor(capacity) {
        this.capacity = capacity;
        this.freeMilliCpus = milliCpus(capacity.cpus);
        this.freeMemory = capacity.memoryBytes;
        this.freeGpus = [...capacity.gpus].sort((a, b) => a - b);
    }
    fits(need) {
        return (milliCpus(need.cpus) <= this.freeMilliCpus &&
            need.memoryBytes <= this.freeMemory &&
            need.gpus <= this.freeGpus.length);
    }
    /** Reserves `need`; returns the GPU indices given to it (ascending). */
    take(need) {
        if (!this.fits(need))
            throw new Error('ResourceLedger.take: the need does not fit in what is free.');
        this.freeMilliCpus -= milliCpus(need.cpus);
        this.freeMemory -= need.memoryBytes;
        return this.freeGpus.splice(0, need.gpus);
    }
    release(need, gpus) {
        this.freeMilliCpus += milliCpus(need.cpus);
        this.freeMemory += need.memoryBytes;
        for (const gpu of gpus) {
            // A handful of devices: a sorted insert is simpler than a heap and as fast.
            const at = this.freeGpus.findIndex((free) => free > gpu);
            this.freeGpus.splice(at === -1 ? this.freeGpus.length : at, 0, gpu);
        }
    }
    /** Free now, for tests and messages: CPUs, memory bytes and GPU indices. */
    free() {
        return { cpus: this.freeMilliCpus / MILLI, memoryBytes: this.freeMemory, gpus: [...this.freeGpus] };
    }
}
/**
 * Why `need` could never start even on an idle machine (more CPUs, memory or GPUs than the capacity
 * holds), in words; undefined when it fits an idle machine.
 */
function neverFitsReason(need, capacity, describeMemory) {
    const reasons = [];
    if (milliCpus(need.cpus) > milliCpus(capacity.cpus)) {
        reasons.push(`${need.cpus} CPUs but there are ${capacity.cpus} (${capacity.sources.cpus})`);
    }
    if (need.memoryBytes > capacity.memoryBytes) {
        reasons.push(`${describeMemory(need.memoryBytes)} of memory but ${describeMemory(capacity.memoryBytes)} is available ` +
            `(${capacity.sources.memory})`);
    }
    if (need.gpus > capacity.gpus.length) {
        const devices = capacity.gpus.length === 0 ? 'none' : `${capacity.gpus.length} (${capacity.gpus.join(',')})`;
        reasons.push(`${need.gpus} GPU${need.gpus === 1 ? '' : 's'} but there are ${devices} (${capacity.sources.gpus})`);
    }
    return reasons.length > 0 ? reasons.join('; ') : undefined;
}
/**
 * The most of `needs` that can hold their resources at the same time on an idle machine of `capacity`: for
 * each of CPUs, memory and GPUs, how many of the smallest needs add up within the capacity; the least of the
 * three. An upper bound the ledger can never exceed (same thousandths of a CPU as `fits`), exact when the
 * jobs ask alike; what `max_workers: auto` resolves to. O(n log n).
 */
function mostAtOnce(needs, capacity) {
    const countWithin = (sizes, room) => {
        sizes.sort((a, b) => a - b);
        let used = 0;
        let count = 0;
        for (const size of sizes) {
            if (used + size > room)
                break;
            used += size;
            count++;
        }
        return count;
    };
    return Math.min(countWithin(needs.map((need) => milliCpus(need.cpus)), milliCpus(capacity.cpus)), countWithin(needs.map((need) => need.memoryBytes), capacity.memoryBytes), countWithin(needs.map((need) => need.gpus), capacity.gpus.length));
}

;// CONCATENATED MODULE: ./src/resources/requests.ts




/**
 * The history rule: a job that declares no memory is assumed to need its last peak resident memory times
 * this factor (room for a slightly larger input or a different allocation pattern), capped at the memory
 * the run has, so an estimate alone never makes a job impossible.
 */
const HISTORY_MEMORY_FACTOR = 1.2;
/** A job's need, and whether its memory is the history estimate. */
function needOf(job, resources) {
    const declared = job.resources?.memory_bytes ?? null;
    const estimate = declared === null ? resources.memoryEstimates.get(job.id) : undefined;
    return {
        cpus: job.resources?.cpus ?? 1,
        memoryBytes: declared ?? estimate ?? 0,
        gpus: job.resources?.gpus ?? 0,
        memoryFromHistory: estimate !== undefined,
    };
}
/**
 * The run's resource plan. `peaks`: each job's peak resident memory from the history file (absent, or
 * no history: no estimate). Estimates apply only when starts are gated by resources.
 */
function planResources(input) {
    const { jobs, capacity, settings } = input;
    const anyRequest = jobs.some((job) => job.resources !== undefined);
    const gpusInPlay = settings.gpus !== undefined || jobs.some((job) => (job.resources?.gpus ?? 0) > 0);
    const gated = anyRequest ||
        gpusInPlay ||
        settings.cpus !== undefined ||
        settings.memoryBytes !== undefined ||
        settings.maxWorkersAuto === true;
    const memoryEstimates = new Map();
    if (gated && input.peaks) {
        for (const job of jobs) {
            if (job.resources?.memory_bytes != null)
                continue;
            const peak = input.peaks.get(job.id);
            if (peak === undefined || !(peak > 0))
                continue;
            memoryEstimates.set(job.id, Math.min(Math.ceil(peak * HISTORY_MEMORY_FACTOR), capacity.memoryBytes));
        }
    }
    return { capacity, gated, gpusInPlay, memoryEstimates };
}
/** At most this many impossible jobs are listed in the error; the rest are counted. */
const MAX_LISTED = 10;
/**
 * Refuses, before anything starts, a plan with a job that could never start on this machine: more CPUs,
 * memory or GPUs than the capacity holds. The InputError names each such job, its request and what exists.
 */
function checkRequestsFit(jobs, resources) {
    if (!resources.gated)
        return;
    const problems = [];
    let count = 0;
    for (const job of jobs) {
        const reason = neverFitsReason(needOf(job, resources), resources.capacity, byte_size/* formatByteSize */.$j);
        if (reason === undefined)
            continue;
        count++;
        if (problems.length < MAX_LISTED)
            problems.push({ job, reason });
    }
    if (count === 0)
        return;
    const where = problems[0].reason.includes('GPU')
        ? 'gpus'
        : problems[0].reason.includes('memory')
            ? 'memory'
            : 'cpus';
    const lines = problems.map(({ job, reason }) => `job '${job.id}' asks for ${reason}`);
    if (count > problems.length)
        lines.push(`and ${count - problems.length} more`);
    throw new types/* InputError */.d(where, `${count === 1 ? 'A job asks' : `${count} jobs ask`} for more than this machine has, so ${count === 1 ? 'it' : 'they'} could never start: ` +
        `${lines.join('; ')}. Lower the job's cpus, memory or gpus in the config, or, when the machine has more than ` +
        `was detected, say so with the cpus, memory or gpus input (--cpus, --memory, --gpus on the command line).`);
}
/**
 * What `max_workers: auto` comes to for this plan and machine: the most jobs the CPUs, memory and GPUs let run
 * at once (see mostAtOnce), at least 1, at most the number of jobs and MAX_MAX_WORKERS. The pool itself keeps the ceiling
 * MAX_MAX_WORKERS and lets the resources decide; this figure is what the header and the summary show.
 */
function autoWorkerCount(jobs, resources) {
    const most = mostAtOnce(jobs.map((job) => needOf(job, resources)), resources.capacity);
    return Math.max(1, Math.min(most, jobs.length, defaults/* MAX_MAX_WORKERS */.mc));
}

// EXTERNAL MODULE: ./src/plan/shard.ts
var shard = __nccwpck_require__(8303);
// EXTERNAL MODULE: ./src/run/preflight.ts
var preflight = __nccwpck_require__(2738);
// EXTERNAL MODULE: ./src/run/fs-error.ts
var fs_error = __nccwpck_require__(2369);
;// CONCATENATED MODULE: external "node:events"
const external_node_events_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");
// EXTERNAL MODULE: ./src/plan/real-path.ts
var real_path = __nccwpck_require__(9415);
;// CONCATENATED MODULE: external "node:timers/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers/promises");
;// CONCATENATED MODULE: ./src/run/safe-open.ts



/**
 * The runner's side of "nothing is written outside the working directory": the plan already refused
 * links leaving it (src/plan/job-paths.ts), and these checks run again right before each write, so a
 * link planted in between (by an earlier job, or anything else sharing the folder) is refused too.
 *
 * What remains is the window between a check and the system call that follows it: a folder on the way
 * swapped for a link in that window still wins. The log file's own name cannot be swapped (O_NOFOLLOW),
 * only the folders above it; closing that fully would need openat2(RESOLVE_BENEATH), which Node does not
 * offer.
 */
/** A path refused because it leads outside the working directory; the job fails with this reason. */
class PathEscapeError extends Error {
    name = 'PathEscapeError';
}
/**
 * Throws PathEscapeError unless `absolute` really lies inside the working directory (`root`: its path and
 * real path); `shown` names it in the message.
 */
function assertWritableInside(absolute, root, shown) {
    const real = (0,real_path/* realPathOf */.dN)(absolute, root);
    if (real !== undefined && (0,real_path/* isWithin */.UO)(root.real, real))
        return;
    throw new PathEscapeError(real === undefined
        ? `${shown} goes through a symbolic link loop: refused`
        : `${shown} leads outside the working directory through a symbolic link: refused, nothing is written there`);
}
/**
 * mkdir -p `absolute` (or, given `subfolders`, each of them below it), inside the working directory only.
 * `absolute` and every folder above it are checked before anything is created. Returns the subfolders this
 * call created itself.
 *
 * mkdir(2) never creates through a link at the last component (a link, even a dangling one, is EEXIST), so a
 * folder it just created is a new, empty, real folder, and so is everything created inside it: those need no
 * further look. That is the usual case (a fresh output folder: four mkdir calls, nothing else). A subfolder
 * that already existed gets one lstat afterwards: one that is a link (in the repository, or planted by an
 * earlier job) is followed and refused if it leads outside.
 */
function makeFoldersInside(absolute, subfolders, root, shown, mkdir) {
    assertWritableInside(absolute, root, shown);
    const created = new Set();
    if (subfolders.length === 0) {
        mkdir(absolute);
        return created;
    }
    // Its parent usually exists (the run's results/ folder); when it does not, the first subfolder's mkdir -p
    // below makes the whole path.
    createdHere(absolute);
    for (const folder of subfolders) {
        const full = external_node_path_default().join(absolute, folder);
        if (createdHere(full)) {
            created.add(folder);
            continue;
        }
        mkdir(full);
        if (external_node_fs_default().lstatSync(full).isSymbolicLink())
            assertWritableInside(full, root, `${shown}/${folder}`);
    }
    return created;
}
/**
 * One mkdir(2), no parents: true when it created the folder. Anything else (it exists, a parent is missing,
 * no permission) is false, and the caller's mkdir -p, which reports its own errors, takes over.
 */
function createdHere(absolute) {
    try {
        external_node_fs_default().mkdirSync(absolute);
        return true;
    }
    catch {
        return false;
    }
}
/**
 * Opens (creates or empties) a job's log file for writing without ever writing through a link: the folders
 * above it must really lie inside the working directory, and the file itself is opened with O_NOFOLLOW, so
 * a symbolic link at its name (planted after the plan was checked) is refused rather than followed. It must
 * then be a regular file with one name: a hard link to a file elsewhere is refused before anything is
 * truncated (O_TRUNC would empty it at open time, so the file is emptied only after the check). O_NONBLOCK
 * keeps a FIFO planted at its name from blocking the runner.
 *
 * A refusal (link) throws PathEscapeError: the job fails with that reason. Any other failure (no space, no
 * permission) is returned as `{ error }`: the job still runs and the log reports it, as before.
 */
function openLogFile(absolute, root, shown) {
    assertWritableInside(external_node_path_default().dirname(absolute), root, `the folder of ${shown}`);
    const { O_WRONLY, O_APPEND, O_CREAT, O_NOFOLLOW, O_NONBLOCK } = (external_node_fs_default()).constants;
    let fd;
    try {
        // O_APPEND: a job the spawn service starts writes through a descriptor of its own (same file, opened again
        // by name, see spawn-service.ts); our own lines must land at the end of what it wrote, not at our offset.
        fd = external_node_fs_default().openSync(absolute, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK, 0o666);
    }
    catch (error) {
        // O_NOFOLLOW on a symbolic link: ELOOP on Linux, EMLINK on FreeBSD, EFTYPE on NetBSD.
        const code = error.code;
        if (code === 'ELOOP' || code === 'EMLINK' || code === 'EFTYPE') {
            throw new PathEscapeError(`${shown} is a symbolic link: refused, the log is not written through it`);
        }
        // A FIFO (or socket) nobody reads, opened without blocking.
        if (code === 'ENXIO')
            throw new PathEscapeError(`${shown} is not a regular file: refused`);
        return { error: error };
    }
    try {
        const stats = external_node_fs_default().fstatSync(fd);
        if (!stats.isFile())
            throw new PathEscapeError(`${shown} is not a regular file: refused`);
        if (stats.nlink > 1)
            throw new PathEscapeError(`${shown} is a hard link to another file: refused, it is left as it is`);
        // Only a file that holds something: on ext4, truncating (even an empty file) makes its last close flush
        // everything written since, synchronously (auto_da_alloc): 0.3-0.5 s per GiB of log.
        if (stats.size > 0)
            external_node_fs_default().ftruncateSync(fd, 0);
        return { fd };
    }
    catch (error) {
        external_node_fs_default().closeSync(fd);
        if (error instanceof PathEscapeError)
            throw error;
        return { error: error };
    }
}

;// CONCATENATED MODULE: ./src/run/defaults.ts



/** Every default of the runner, in one place. */
const RUN_DEFAULTS = {
    /**
     * Live console echo per job. 1 MiB is ~15,000 lines: plenty to follow a training run in the Actions UI,
     * far below what makes the log viewer crawl. The log file is never capped.
     */
    echoLimitBytes: 1024 * 1024,
    /** Lines of output kept in memory per job for summaries and annotations. */
    tailLines: 30,
    /** A tail line longer than this is cut (with '…'): one minified line must not bloat the summary. */
    tailLineChars: 1000,
    /**
     * After a timeout, time between SIGTERM and SIGKILL. Long enough for a training script to save a
     * checkpoint or flush its metrics, short enough not to waste much of a CI minute.
     */
    timeoutKillGraceMs: 10_000,
    /**
     * After a cancellation, time between SIGTERM and SIGKILL. GitHub sends SIGTERM 7.5 s after SIGINT and kills
     * the runner soon after; 2 s leaves room to kill, drain the pipes and write the summary well within 5 s.
     */
    cancelKillGraceMs: 2_000,
    /** Pause between attempts of a failed job (issue 3: "2 seconds apart"). */
    retryDelayMs: 2_000,
    /**
     * After the job's main process exits, how long its pipes may stay open before we stop reading them. Only a
     * process that left the group (setsid) and still holds the pipes can make this wait happen.
     */
    pipeDrainMs: 500,
    /** Even if output keeps trickling in from such an escaped process, we stop reading after this. */
    pipeDrainMaxMs: 1_000,
    /** How often we check whether a process group has gone during a grace period. */
    groupPollMs: 50,
    /** Metrics files larger than this are skipped with a warning (a metrics file is a few numbers). */
    metricsFileMaxBytes: 1024 * 1024,
    /** All of a job's metrics files together: files beyond are skipped with a warning (bounds the summary). */
    metricsJobMaxBytes: 1024 * 1024,
    /**
     * How often the live echo looks for new output in the log file of a job that writes straight to it (no
     * secret to mask), until the echo's cap. The file gets the output at once; only the console lags this much.
     */
    echoPollMs: 100,
    /**
     * How long the spawn service may take to answer a start request (it answers in milliseconds: a vfork and an
     * exec). Past it the service counts as hung: a warning, and Node's spawn for the rest of the run. Bounds how
     * long a cancellation can wait for a start that was asked for.
     */
    spawnServiceReplyMs: 10_000,
};
const silentLogger = { info() { }, warn() { }, error() { }, debug() { } };
function defaultRunDeps(overrides = {}) {
    return {
        spawn: overrides.spawn ?? external_node_child_process_.spawn,
        now: overrides.now ?? Date.now,
        sleep: overrides.sleep ?? ((ms, signal) => (0,promises_namespaceObject.setTimeout)(ms, undefined, signal ? { signal } : undefined)),
        logger: overrides.logger ?? silentLogger,
        openLog: overrides.openLog ?? openLogFile,
        launch: overrides.launch,
    };
}

;// CONCATENATED MODULE: ./src/run/order.ts
/**
 * The order in which jobs start, as indexes into the plan.
 *
 * Sequential runs, and parallel runs without history, keep plan order. With history, a parallel run starts the
 * historically longest jobs first (LPT scheduling: the long ones must not be left for the end, when the other
 * workers are idle). A job the history does not know (new, renamed) counts as the median of the known
 * durations: guessing it short would start it last, where a long newcomer hurts most; guessing it long
 * would push genuinely long jobs back. Ties keep plan order.
 */
function startOrder(jobs, parallel, expectedDurations) {
    const order = jobs.map((_, index) => index);
    if (!parallel || !expectedDurations || expectedDurations.size === 0)
        return order;
    const known = jobs
        .map((job) => expectedDurations.get(job.id))
        .filter((value) => typeof value === 'number' && Number.isFinite(value) && value >= 0);
    if (known.length === 0)
        return order;
    const fallback = median(known);
    const expected = jobs.map((job) => {
        const value = expectedDurations.get(job.id);
        return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
    });
    // Array.prototype.sort is stable: equal durations keep plan order.
    return order.sort((a, b) => expected[b] - expected[a]);
}
function median(values) {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

;// CONCATENATED MODULE: ./src/run/pool.ts
/**
 * Runs `task` for each item, at most `workers` at a time, in the order given; a finished task starts the next at
 * once. `canStart` is asked before each start: once it says no, nothing new starts and the pool settles when the
 * running tasks do.
 *
 * With `resources`, an item also starts only when its request fits in what is free. The first waiting item that
 * does not fit does not hold up the others: a later one that fits starts (backfill), but each waiting item lets
 * at most `backfill.limit` later items overtake it; after that nothing behind it starts until it fits, which it
 * does once enough running tasks end. So no item waits forever, however many small ones follow it, and
 * resources are not left idle while a big item waits for a short time. An item that does not fit even when
 * nothing runs is a fault (the caller checks requests against the capacity before the run).
 *
 * A task that rejects is an orchestrator fault: `onFault` is told at once (to stop the others), nothing new
 * starts, and the pool rejects with the first error after the running tasks settle.
 */
function runPool(items, workers, task, options) {
    if (options.resources)
        return runResourcePool(items, workers, task, { ...options, resources: options.resources });
    const limit = Math.max(1, Math.floor(workers));
    let next = 0;
    let running = 0;
    let fault;
    return new Promise((resolve, reject) => {
        const settleIfDone = () => {
            if (running > 0)
                return;
            if (fault)
                reject(fault.error);
            else
                resolve();
        };
        const maybeRunMore = () => {
            while (!fault && running < limit && next < items.length && options.canStart()) {
                const item = items[next++];
                running++;
                task(item).then(() => {
                    running--;
                    maybeRunMore();
                }, (error) => {
                    running--;
                    if (!fault) {
                        fault = { error };
                        options.onFault?.(error);
                    }
                    maybeRunMore();
                });
            }
            settleIfDone();
        };
        maybeRunMore();
    });
}
/** Defaults of the backfill policy: a big job is overtaken at most 4 times; 64 waiting jobs are looked at. */
const DEFAULT_BACKFILL = { limit: 4, lookahead: 64 };
function runResourcePool(items, workers, task, options) {
    const limit = Math.max(1, Math.floor(workers));
    const { resources } = options;
    const backfillLimit = Math.max(0, Math.floor(options.backfill?.limit ?? DEFAULT_BACKFILL.limit));
    const lookahead = Math.max(1, Math.floor(options.backfill?.lookahead ?? DEFAULT_BACKFILL.lookahead));
    const started = new Uint8Array(items.length);
    /** Per item: how many later items started while it waited. */
    const overtaken = new Uint32Array(items.length);
    let head = 0;
    let running = 0;
    let fault;
    return new Promise((resolve, reject) => {
        const settleIfDone = () => {
            if (running > 0)
                return;
            if (fault)
                reject(fault.error);
            else
                resolve();
        };
        const fail = (error) => {
            if (fault)
                return;
            fault = { error };
            options.onFault?.(error);
        };
        const start = (index) => {
            const item = items[index];
            started[index] = 1;
            resources.take(item);
            running++;
            let settled;
            try {
                settled = task(item);
            }
            catch (error) {
                settled = Promise.reject(error);
            }
            settled.then(() => {
                running--;
                resources.release(item);
                maybeRunMore();
            }, (error) => {
                running--;
                resources.release(item);
                fail(error);
                maybeRunMore();
            });
        };
        const maybeRunMore = () => {
            while (head < items.length && started[head])
                head++;
            // Waiting items seen in this pass that did not fit: each start behind them overtakes them.
            const passedOver = [];
            let seen = 0;
            for (let index = head; index < items.length && seen < lookahead; index++) {
                if (fault || running >= limit || !options.canStart())
                    break;
                if (started[index])
                    continue;
                seen++;
                if (!resources.fits(items[index])) {
                    if (overtaken[index] >= backfillLimit)
                        break; // it has waited enough: nothing behind it starts
                    passedOver.push(index);
                    continue;
                }
                start(index);
                let blocked = false;
                for (const waiting of passedOver)
                    if (++overtaken[waiting] >= backfillLimit)
                        blocked = true;
                if (blocked)
                    break;
            }
            while (head < items.length && started[head])
                head++;
            if (running === 0 && head < items.length && !fault && options.canStart()) {
                // Nothing runs and the first waiting item still does not fit: it never will.
                fail(new Error(`A job's resource request does not fit even on an idle machine (item ${head + 1} of ${items.length}).`));
            }
            settleIfDone();
        };
        maybeRunMore();
    });
}

;// CONCATENATED MODULE: ./src/resources/thread-env.ts
/**
 * The variables that size the thread pools of OpenMP, MKL, OpenBLAS and numexpr (NumPy, SciPy, PyTorch on the
 * CPU, scikit-learn). Unset, each library starts a thread per core in every job, and parallel jobs then fight
 * over the cores (spinning BLAS threads make oversubscription far costlier than a context switch).
 */
const THREAD_VARIABLES = [
    'OMP_NUM_THREADS',
    'MKL_NUM_THREADS',
    'OPENBLAS_NUM_THREADS',
    'NUMEXPR_NUM_THREADS',
];
/**
 * The thread budget of one job: its `cpus` request rounded up, or with no request the cores divided by the
 * jobs that run at once (floor); at least 1.
 */
function threadBudget(requestedCpus, cores, concurrency) {
    if (requestedCpus !== undefined)
        return Math.max(1, Math.ceil(requestedCpus - 1e-9));
    return Math.max(1, Math.floor(cores / Math.max(1, concurrency)));
}
/**
 * The thread variables a job gets: `threads` for each one that neither the job's own env nor the user's
 * environment sets (theirs win: someone who set OMP_NUM_THREADS meant it). `threads` is null when all four
 * are set already.
 */
function threadEnv(threads, userEnv, jobEnv) {
    const env = {};
    for (const name of THREAD_VARIABLES) {
        if (jobEnv[name] !== undefined || userEnv[name] !== undefined)
            continue;
        env[name] = String(threads);
    }
    return { env, threads: Object.keys(env).length > 0 ? threads : null };
}

;// CONCATENATED MODULE: ./src/resources/scheduler.ts




/**
 * One run's allocations, by job index: the pool asks `fits`, `take` and `release`; the runner asks `grant`
 * for the allocation and the variables a started job gets. With `gated` off, every job fits (the worker
 * count alone limits the run) and only the thread variables are set.
 */
class JobScheduler {
    jobs;
    resources;
    ledger;
    needs;
    gpus = new Map();
    /** Jobs that run at once at most: the default thread budget divides the cores among them. */
    concurrency;
    constructor(jobs, resources, workers) {
        this.jobs = jobs;
        this.resources = resources;
        this.ledger = new ResourceLedger(resources.capacity);
        this.needs = jobs.map((job) => needOf(job, resources));
        this.concurrency = Math.max(1, Math.min(workers, jobs.length));
    }
    get gated() {
        return this.resources.gated;
    }
    fits(index) {
        return !this.resources.gated || this.ledger.fits(this.needs[index]);
    }
    take(index) {
        if (!this.resources.gated)
            return;
        this.gpus.set(index, this.ledger.take(this.needs[index]));
    }
    release(index) {
        if (!this.resources.gated)
            return;
        this.ledger.release(this.needs[index], this.gpus.get(index) ?? []);
    }
    /**
     * What the job at `index` got, and the variables to add over its env: the thread variables (unless the
     * job's env or `userEnv` sets them) and, when GPUs are in play, CUDA_VISIBLE_DEVICES with exactly its
     * devices (empty for a job without GPUs; this overrides any value, or the job would see every device).
     */
    grant(index, userEnv) {
        const job = this.jobs[index];
        const need = this.needs[index];
        const cores = this.resources.capacity.cpus;
        const budget = threadBudget(job.resources?.cpus, cores, this.concurrency);
        const threads = threadEnv(budget, userEnv, job.env);
        const gpus = this.resources.gpusInPlay ? [...(this.gpus.get(index) ?? [])] : null;
        const env = { ...threads.env, ...(gpus ? { CUDA_VISIBLE_DEVICES: gpus.join(',') } : {}) };
        const gated = this.resources.gated;
        const allocation = {
            // Not gated: nothing is reserved; the job's share of the cores is what its thread budget says.
            cpus: gated ? need.cpus : budget,
            memory_bytes: gated && need.memoryBytes > 0 ? need.memoryBytes : null,
            gpus,
            threads: threads.threads,
            ...(gated && need.memoryFromHistory ? { memory_from_history: true } : {}),
        };
        return { allocation, env };
    }
}
/** One line for --verbose: `train_a: 2 CPUs, 4 GiB memory (history peak × 1.2), GPUs 0,1, 2 threads`. */
function describeAllocation(id, allocation) {
    const parts = [`${allocation.cpus} CPU${allocation.cpus === 1 ? '' : 's'}`];
    if (allocation.memory_bytes !== null) {
        parts.push(`${(0,byte_size/* formatByteSize */.$j)(allocation.memory_bytes)} memory${allocation.memory_from_history ? ' (history peak × 1.2)' : ''}`);
    }
    if (allocation.gpus !== null) {
        parts.push(allocation.gpus.length > 0
            ? `GPUs ${allocation.gpus.join(',')}`
            : 'no GPU (CUDA_VISIBLE_DEVICES empty)');
    }
    parts.push(allocation.threads !== null
        ? `${allocation.threads} thread${allocation.threads === 1 ? '' : 's'} (OMP_NUM_THREADS and friends)`
        : 'thread variables as set by the job or environment');
    return `${id}: ${parts.join(', ')}`;
}

// EXTERNAL MODULE: ./src/report/redact.ts + 1 modules
var redact = __nccwpck_require__(2952);
;// CONCATENATED MODULE: ./src/run/job-log.ts



const EMPTY = Buffer.alloc(0);
/**
 * One job's log file, open for all of its attempts.
 *
 * Two ways in, chosen per attempt (see `directDescriptor`):
 * - **Straight to the file** when no secret is registered: the job gets the file's descriptor as its stdout
 *   and stderr, as a shell redirect would do it, and Node never copies a byte. Our own lines (headers,
 *   footers, the timeout notice) are written synchronously at the file's end between the job's writes, and
 *   the ones written while the job runs are remembered by position, so that whoever reads the job's output
 *   back from the file (echo and tail, see log-follower.ts) skips them.
 * - **Through the runner** when there are secrets to mask (or the file already failed): stdout and stderr go
 *   through the same `write` in arrival order, masked on the way (ByteRedactor, on bytes, with a carry between
 *   chunks: a secret split across two writes is still masked), and written to the file at once, synchronously,
 *   as `cat` does. A chunk with no secret in it is written as it came, not copied. `write` returns only once
 *   the bytes are in the file (the page cache), so the caller may reuse the chunk's memory, and a job that
 *   prints faster than the disk takes them waits on its full pipe while we write: memory stays bounded with
 *   no pausing. Through the libuv thread pool (a write stream) every chunk cost a thread hand-off and a
 *   callback, more CPU than the write itself, and the stream's buffer paused the job's pipes over and over
 *   (bench/notes.md, section 3b: now about what `| cat` costs).
 *
 * Opening, writing and closing are all synchronous: small syscalls into the page cache. Through the libuv
 * thread pool each would cost more CPU than the syscall itself (a thread wake-up, and on a busy 2-core runner
 * the TLB shoot-downs that come with it). The price is that a disk that stalls (dirty-page throttling, a hung
 * network file system) stalls the runner's event loop for as long as one write of at most 256 KiB waits.
 *
 * A file error (disk full, no permission) is reported once and the rest of the output is dropped; the job
 * itself keeps running. A job writing straight to the file meets that error itself (as it would behind a
 * shell redirect), and the note says so.
 */
class JobLog {
    absolutePath;
    redactor;
    logger;
    displayPath;
    fd;
    /** Our own lines (headers, footers) until the job prints something; then everything goes through `write`. */
    pending = '';
    /** Whether the job's output comes through `write` (pipe path) and has started: then everything is masked. */
    piping = false;
    /**
     * Secret masking once piping started, undefined without secrets: `state` for the log as written, and one
     * state per pipe of the running attempt (see `write`).
     */
    masker;
    failed = false;
    failureNote;
    closed;
    /** Whether the job's output so far ends with a newline: our own lines always start on a line of their own. */
    atLineStart = true;
    /** The same file open for reading (the job's output is read back from it); set once direct writing starts. */
    readFd;
    /** Whether an attempt has written straight to the file (the failure note says the job met the error too). */
    direct = false;
    /** While a direct attempt runs: where its output starts, and where our own lines landed among it. */
    attempt;
    /** `opened`: the file as openLogFile (safe-open.ts) opened it, never through a link, or why it could not be. */
    constructor(absolutePath, redactor, logger, 
    /** The file as openLogFile (safe-open.ts) opened it, never through a link, or why it could not be. */
    opened, 
    /** How messages name the file (relative to the working directory). */
    displayPath = absolutePath) {
        this.absolutePath = absolutePath;
        this.redactor = redactor;
        this.logger = logger;
        this.displayPath = displayPath;
        if ('fd' in opened)
            this.fd = opened.fd;
        else
            this.fail(opened.error);
    }
    /**
     * The descriptor to give the next attempt as its stdout and stderr, or undefined: use pipes and `write`.
     *
     * The decision point of "logs at disk speed": only without secrets (bytes a job writes straight to the file
     * cannot be masked), only while the file is healthy and no output came through the pipes yet, and only when it
     * can be read back (the echo and the tail come from the file then). Everything we wrote so far is flushed
     * first.
     */
    directDescriptor() {
        if (this.failed || this.closed || this.piping || this.fd === undefined || this.redactor?.active)
            return undefined;
        if (this.readFd === undefined) {
            const readFd = openSameFile(this.absolutePath, this.fd);
            if (readFd === undefined)
                return undefined;
            this.readFd = readFd;
        }
        if (this.pending.length > 0) {
            const pending = this.pending;
            this.pending = '';
            if (!this.writeNow(pending))
                return undefined;
        }
        this.direct = true;
        return this.fd;
    }
    /** A direct attempt starts now: returns where its output starts in the file. */
    beginAttempt() {
        const start = this.size();
        this.attempt = { start, own: [] };
        return start;
    }
    /**
     * Where our own lines landed among the running direct attempt's output, in order, as [start, end) byte
     * ranges of the file. The same array grows while the attempt runs.
     */
    ownLines() {
        return this.attempt?.own ?? [];
    }
    /** The direct attempt ended; `atLineStart`: the file ends with a newline (our next line needs none first). */
    endAttempt(atLineStart) {
        this.attempt = undefined;
        this.atLineStart = atLineStart;
    }
    /** The file's current size (the end of what the job and we wrote); 0 when it cannot be read. */
    size() {
        if (this.readFd === undefined)
            return 0;
        try {
            return external_node_fs_default().fstatSync(this.readFd).size;
        }
        catch {
            return 0;
        }
    }
    /** Reads into `buffer` from `position`; returns the bytes read (0 at the end or on an error). */
    read(buffer, position, length = buffer.length) {
        if (this.readFd === undefined)
            return 0;
        try {
            return external_node_fs_default().readSync(this.readFd, buffer, 0, length, position);
        }
        catch {
            return 0;
        }
    }
    /**
     * Masks and writes a chunk of the job's output that came through pipe `pipe` (pipe path), synchronously:
     * `chunk` is not kept, the caller may overwrite it as soon as this returns. After a file error the output
     * is dropped (reported once).
     *
     * Masked twice: first per pipe, then as the log. A secret that a job writes to stdout in one piece can
     * still reach us in two reads with a chunk of stderr in between (a pipe takes part of a large write): the
     * pipe's own state holds the secret's beginning until the rest of that pipe arrives. A secret whose halves
     * come from the two pipes is masked by the log's state. The price: bytes that could begin a secret wait for
     * the rest of their pipe, so they may land after the other pipe's next chunk (a few bytes, never a line of
     * ours: `endPipes` comes before the footer).
     */
    write(chunk, pipe = 0) {
        if (this.failed || this.closed || chunk.length === 0)
            return;
        if (!this.piping)
            this.startPiping();
        if (this.failed)
            return;
        if (!this.masker) {
            this.put(chunk);
            return;
        }
        let state = this.masker.pipes.get(pipe);
        if (!state)
            this.masker.pipes.set(pipe, (state = (0,redact/* newRedactState */.L9)()));
        const { emit } = this.masker.bytes.redactChunk(state, chunk, false);
        if (emit.length > 0)
            this.put(emit);
    }
    /** The attempt's pipes are done: writes what each still held back (the beginning of no secret, after all). */
    endPipes() {
        if (!this.masker)
            return;
        const states = [...this.masker.pipes.values()];
        this.masker.pipes.clear();
        for (const state of states) {
            const { emit } = this.masker.bytes.redactChunk(state, EMPTY, true);
            if (emit.length > 0 && !this.failed && !this.closed)
                this.put(emit);
        }
    }
    line(text) {
        if (this.failed || this.closed)
            return;
        if (this.direct && !this.piping) {
            this.directLine(text);
            return;
        }
        const line = `${this.atLineStart ? '' : '\n'}${text}\n`;
        this.atLineStart = true;
        if (this.piping)
            this.put(Buffer.from(line, 'utf8'));
        else
            this.pending += line;
    }
    /** Flushes everything and closes the file; safe to call twice. */
    close() {
        this.closed ??= this.finish();
        return this.closed;
    }
    finish() {
        this.closeReader();
        if (this.failed || this.fd === undefined)
            return Promise.resolve();
        // A failed write closes the file itself (fail()): never close a descriptor number twice.
        if (!this.piping) {
            if (this.pending.length > 0 && !this.writeNow(this.redact(this.pending)))
                return Promise.resolve();
        }
        else if (this.masker) {
            this.endPipes();
            if (this.failed)
                return Promise.resolve();
            const { emit } = this.masker.bytes.redactChunk(this.masker.state, EMPTY, true);
            if (emit.length > 0 && !this.writeNow(emit))
                return Promise.resolve();
        }
        const fd = this.fd;
        this.fd = undefined;
        try {
            external_node_fs_default().closeSync(fd);
        }
        catch (error) {
            // A network file system may report a failed write only when the file is closed.
            this.fail(error);
        }
        return Promise.resolve();
    }
    /**
     * One of our lines while the job may be writing to the same file (same open file, same offset): it lands
     * at the end, on a line of its own. While an attempt runs, where it landed is found and remembered: the
     * job's own output is read back without it.
     */
    directLine(text) {
        const attempt = this.attempt;
        if (!attempt) {
            this.writeNow(`${this.atLineStart ? '' : '\n'}${text}\n`);
            this.atLineStart = true;
            return;
        }
        const before = this.size();
        const lead = before > attempt.start && !this.endsWithNewline(before) ? '\n' : '';
        const bytes = Buffer.from(`${lead}${text}\n`, 'utf8');
        if (!this.writeNow(bytes))
            return;
        const after = this.size();
        const at = after - before === bytes.length ? before : this.find(bytes, before, after);
        // Not found (the job wrote megabytes within two system calls): it stays in the echo and the tail.
        if (at >= 0)
            attempt.own.push([at, at + bytes.length]);
    }
    endsWithNewline(size) {
        const byte = Buffer.alloc(1);
        return this.read(byte, size - 1) === 1 && byte[0] === 0x0a;
    }
    /** Where `bytes` starts in the file between `from` and `to`, or -1 (looks at most 1 MiB). */
    find(bytes, from, to) {
        const length = Math.min(to - from, 1024 * 1024);
        const window = Buffer.alloc(length);
        const read = this.read(window, from, length);
        const at = window.subarray(0, read).indexOf(bytes);
        return at < 0 ? -1 : from + at;
    }
    /** Writes all of `data` at the file's current offset, synchronously; false (and the log failed) on an error. */
    writeNow(data) {
        if (this.fd === undefined)
            return false;
        const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
        try {
            // A disk that fills up takes part of a write before it refuses the rest.
            for (let done = 0; done < bytes.length;)
                done += external_node_fs_default().writeSync(this.fd, bytes, done);
            return true;
        }
        catch (error) {
            this.fail(error);
            return false;
        }
    }
    /** Masks `bytes` as the log (piping starts with the first) and writes what is decided, synchronously. */
    put(bytes) {
        if (!this.piping)
            this.startPiping();
        if (this.failed)
            return;
        this.atLineStart = bytes[bytes.length - 1] === 0x0a;
        const emit = this.masker ? this.masker.bytes.redactChunk(this.masker.state, bytes, false).emit : bytes;
        if (emit.length > 0)
            this.writeNow(emit);
    }
    /** From the job's first byte on, everything (our pending lines first) goes through the masker, in order. */
    startPiping() {
        this.piping = true;
        if (this.redactor?.active)
            this.masker = { bytes: new redact/* ByteRedactor */.dx(this.redactor), state: (0,redact/* newRedactState */.L9)(), pipes: new Map() };
        if (this.pending.length > 0) {
            const pending = this.pending;
            this.pending = '';
            this.put(Buffer.from(pending, 'utf8'));
        }
    }
    redact(text) {
        return this.redactor ? this.redactor.redact(text) : text;
    }
    /** Why the file could not be written, for the job's result; undefined while all is well. */
    get failure() {
        return this.failureNote;
    }
    fail(error) {
        if (this.failed)
            return;
        this.failed = true;
        const reason = (0,fs_error/* describeFsError */.T)(error);
        this.failureNote = this.direct
            ? `Could not write the log ${this.displayPath}: ${reason}. The job wrote its output straight to this file (no secret to mask), so its own writes met the same error; what it wrote after that is not in the log.`
            : `Could not write the log ${this.displayPath}: ${reason}. The rest of this job's output is not in the log.`;
        this.logger.warn(this.failureNote);
        if (this.fd !== undefined) {
            try {
                external_node_fs_default().closeSync(this.fd);
            }
            catch {
                // Already closed.
            }
            this.fd = undefined;
        }
        // The reader stays open until close(): what did reach the file still gives the echo and the tail.
    }
    closeReader() {
        if (this.readFd === undefined)
            return;
        try {
            external_node_fs_default().closeSync(this.readFd);
        }
        catch {
            // Already closed.
        }
        this.readFd = undefined;
    }
}
/**
 * The log file opened again, for reading, by its name but never through a link, and only if it is the very file
 * `fd` has open (same device and inode); undefined otherwise (the runner then reads the job's pipes instead).
 */
function openSameFile(absolute, fd) {
    let readFd;
    try {
        const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = (external_node_fs_default()).constants;
        readFd = external_node_fs_default().openSync(absolute, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
        const mine = external_node_fs_default().fstatSync(fd);
        const theirs = external_node_fs_default().fstatSync(readFd);
        if (mine.isFile() && mine.dev === theirs.dev && mine.ino === theirs.ino)
            return readFd;
    }
    catch {
        // Gone, replaced or unreadable: no direct writing then.
    }
    if (readFd !== undefined)
        external_node_fs_default().closeSync(readFd);
    return undefined;
}

;// CONCATENATED MODULE: ./src/run/echo-lines.ts
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
/**
 * Turns a byte stream into whole lines for the live console, up to a byte limit.
 *
 * A progress bar that redraws itself with '\r' (tqdm) is echoed as a terminal would show it: only what follows
 * the last '\r' of a line. Everything depends on the bytes only, not on how they are cut into chunks (a pipe's
 * reads or a file's blocks give the same echo).
 */
class EchoLines {
    options;
    partial = [];
    partialBytes = 0;
    emitted = 0;
    read = 0;
    stopping = false;
    constructor(options) {
        this.options = options;
    }
    /** The cap was reached: nothing more is echoed. */
    get stopped() {
        return this.stopping;
    }
    push(chunk) {
        if (this.stopping || chunk.length === 0)
            return;
        const room = (this.options.readLimitBytes ?? Infinity) - this.read;
        if (chunk.length > room) {
            // Lines completed within the limit are echoed; the one it cuts through is not.
            this.take(chunk.subarray(0, room));
            if (!this.stopping)
                this.stop(this.options.readNotice ?? this.options.notice);
            return;
        }
        this.read += chunk.length;
        this.take(chunk);
    }
    take(chunk) {
        if (chunk.length === 0)
            return;
        const last = chunk.lastIndexOf(NEWLINE);
        if (last < 0) {
            // Only what follows a '\r' can still be shown; a '\r' at the very end may be half of a "\r\n".
            const cr = chunk.length > 1 ? chunk.lastIndexOf(CARRIAGE_RETURN, chunk.length - 2) : -1;
            if (cr >= 0)
                this.resetPartial();
            this.appendPartial(cr >= 0 ? chunk.subarray(cr + 1) : chunk);
            if (this.partialBytes >= this.options.maxLineBytes)
                this.flushPartial();
            return;
        }
        const head = chunk.subarray(0, last);
        const lines = this.partialBytes > 0 ? Buffer.concat([...this.partial, head]) : head;
        this.resetPartial();
        this.appendPartial(chunk.subarray(last + 1));
        this.emitLines(lines);
    }
    /** The stream ended: echo an unfinished last line. */
    finish() {
        if (!this.stopping)
            this.flushPartial();
    }
    flushPartial() {
        if (this.partialBytes === 0)
            return;
        const bytes = Buffer.concat(this.partial, this.partialBytes);
        this.resetPartial();
        this.emitLines(bytes);
    }
    /** `bytes`: whole lines, without the final newline. */
    emitLines(bytes) {
        const room = this.options.limitBytes - this.emitted;
        let shown = bytes;
        let stop = false;
        let fits = true;
        if (bytes.length + 1 > room) {
            // Echo the lines that fit whole (an empty one is a line too), then the notice.
            const cut = room > 0 ? bytes.lastIndexOf(NEWLINE, room - 1) : -1;
            fits = cut >= 0;
            shown = fits ? bytes.subarray(0, cut) : Buffer.alloc(0);
            stop = true;
        }
        this.emitted += shown.length + 1;
        if (fits)
            this.options.emit(this.options.redact(asTerminalText(shown.toString('utf8'))));
        if (stop)
            this.stop(this.options.notice);
    }
    stop(notice) {
        this.stopping = true;
        this.resetPartial();
        this.options.emit(notice);
    }
    appendPartial(bytes) {
        if (bytes.length === 0)
            return;
        this.partial.push(Buffer.from(bytes));
        this.partialBytes += bytes.length;
    }
    resetPartial() {
        this.partial = [];
        this.partialBytes = 0;
    }
}
/** "a\r\n" → "a"; "10%\r50%\r100%" → "100%". */
function asTerminalText(text) {
    if (!text.includes('\r'))
        return text;
    return text
        .split('\n')
        .map((line) => {
        const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
        const cr = trimmed.lastIndexOf('\r');
        return cr >= 0 ? trimmed.slice(cr + 1) : trimmed;
    })
        .join('\n');
}

;// CONCATENATED MODULE: ./src/run/tail-lines.ts
const tail_lines_NEWLINE = 0x0a;
const tail_lines_CARRIAGE_RETURN = 0x0d;
/**
 * The tail of a byte stream: its last `maxLines` lines, taken from its last `windowBytes` bytes only, in
 * bounded memory and in the same form whether the stream was read whole (a pipe) or only its end (a log file
 * read backwards: `skip` says how much came before).
 *
 * What a tail line shows (see the README, "What a run leaves behind"):
 * - A line is cut to `maxChars` characters, keeping its start, marked with '…' at the end.
 * - A line redrawn with '\r' (a progress bar) shows what a terminal shows: what follows its last '\r'.
 * - Only the last `windowBytes` bytes count, `maxLines × (4 × maxChars + 2)`: the last `maxLines` lines of
 *   `maxChars` characters (of up to 4 bytes each, plus "\r\n") always fit, so the window changes nothing for
 *   them, and reading the tail never costs more than that whatever the stream's shape. A line that started
 *   before the window (one giant line, an output with no newline at all) shows its last `maxChars` characters
 *   within the window, marked with '…' at the start; older lines are not shown.
 *
 * Each chunk is scanned backwards for '\n' (memrchr: no regex, no decoding), so a chunk of a thousand short
 * lines costs `maxLines` look-ups, and only the lines that survive are copied. Lines are kept as bytes and
 * decoded when read, so a character split across chunks is decoded whole. A line keeps up to `maxChars`
 * characters plus `slackChars` at each end it may be cut at, so that a redactor applied when reading still sees
 * a secret that straddles the cut.
 */
class TailLines {
    maxLines;
    maxChars;
    slackChars;
    ring = [];
    /** Bytes of the stream so far, skipped ones included. */
    position = 0;
    /** The current unfinished line. */
    lineStart = 0;
    shownStart = 0;
    shownBytes = 0;
    head = [];
    headBytes = 0;
    /** The last bytes of the shown part once it outgrew `head`: a rolling buffer, `lastBytes` of it in use. */
    last;
    lastBytes = 0;
    /** The current line's last byte so far is a '\r': it starts a new shown part if more of the line follows. */
    pendingReturn = false;
    maxLineBytes;
    /** How many of the stream's last bytes the tail is taken from. */
    windowBytes;
    constructor(maxLines, maxChars, slackChars = 0) {
        this.maxLines = maxLines;
        this.maxChars = maxChars;
        this.slackChars = slackChars;
        // At most 4 bytes per character in UTF-8.
        this.maxLineBytes = (maxChars + slackChars) * 4;
        // Independent of the slack: both ways of reading a job's output (with a redactor or without) take the same.
        this.windowBytes = Math.max(0, maxLines) * (maxChars * 4 + 2);
    }
    /**
     * `bytes` bytes of the stream came before what is pushed next and are not given (they are outside the window):
     * the current line is taken to have started among them.
     */
    skip(bytes) {
        if (bytes <= 0)
            return;
        this.resetLine(this.position);
        this.position += bytes;
        this.shownStart = this.position;
    }
    push(chunk) {
        if (this.maxLines <= 0 || chunk.length === 0)
            return;
        const base = this.position;
        this.position += chunk.length;
        // Newline positions from the end: at most maxLines of them.
        const ends = [];
        let from = chunk.length - 1;
        while (ends.length < this.maxLines && from >= 0) {
            const at = chunk.lastIndexOf(tail_lines_NEWLINE, from);
            if (at < 0)
                break;
            ends.push(at);
            from = at - 1;
        }
        if (ends.length === 0) {
            this.appendLine(chunk, base);
            return;
        }
        // Is there an older newline still? Then this chunk alone holds maxLines newer lines: what we had is stale.
        const before = from >= 0 ? chunk.lastIndexOf(tail_lines_NEWLINE, from) : -1;
        if (before >= 0) {
            this.ring.length = 0;
            this.resetLine(base + before + 1);
        }
        for (let i = ends.length - 1; i >= 0; i--) {
            const start = i === ends.length - 1 ? before + 1 : ends[i + 1] + 1;
            this.appendLine(chunk.subarray(start, ends[i]), base + start);
            this.commitLine(base + ends[i]);
        }
        this.appendLine(chunk.subarray(ends[0] + 1), base + ends[0] + 1);
    }
    /** Adds a line that did not come from the stream (e.g. a spawn error). */
    pushLine(line) {
        this.finish();
        this.resetLine(this.position);
        this.appendLine(Buffer.from(line, 'utf8'), this.position);
        this.commitLine(this.position);
    }
    /** Commits an unfinished last line (the stream ended without '\n'). */
    finish() {
        if (this.position > this.lineStart)
            this.commitLine(this.position);
    }
    clear() {
        this.ring.length = 0;
        this.position = 0;
        this.resetLine(0);
    }
    /**
     * The lines, oldest first, each masked by `mask` (a redactor: `mask(text, from, to)` is `[from, to)` of `text`
     * masked; what lies outside is context) and then cut to `maxChars`.
     */
    lines(mask = (text, from, to) => text.slice(from, to)) {
        const windowStart = this.position - this.windowBytes;
        const shown = [];
        for (const line of this.ring) {
            if (line.end < windowStart)
                continue;
            if (line.start < windowStart && line.shown <= windowStart) {
                shown.push(`…${this.startCut(line, line.shown + line.length - windowStart, mask)}`);
                continue;
            }
            let text = line.head.toString('utf8');
            const cut = line.length > line.head.length;
            // A cut line may end inside a character: drop the replacement character that leaves.
            if (cut && text.endsWith('\uFFFD'))
                text = text.slice(0, -1);
            // The last characters kept of a cut line may be the start of a secret: context for the redactor only.
            const masked = mask(text, 0, cut ? Math.max(0, text.length - this.slackChars) : text.length);
            shown.push(cut || masked.length > this.maxChars ? `${masked.slice(0, this.maxChars)}…` : masked);
        }
        return shown;
    }
    /**
     * A line that started before the window: the last `maxChars` characters of its last `within` bytes (which
     * may start inside a character), masked with up to `slackChars` characters before them as context, even from
     * before the window (a secret straddling the window's start is masked; they are never shown).
     */
    startCut(line, within, mask) {
        const kept = line.last && line.length > line.head.length ? line.last : line.head;
        const textBytes = Math.min(within, this.maxLineBytes + 3, kept.length);
        let at = kept.length - textBytes;
        // The first whole character: stray continuation bytes go with what comes before.
        for (let i = 0; i < 3 && at < kept.length && (kept[at] & 0xc0) === 0x80; i++)
            at++;
        const text = kept.toString('utf8', at);
        const visible = Math.min(text.length, this.maxChars);
        const slack = this.slackChars;
        if (slack === 0)
            return text.slice(text.length - visible);
        const preBytes = Math.min(at, slack * 4);
        let preFrom = at - preBytes;
        for (let i = 0; i < 3 && preFrom < at && (kept[preFrom] & 0xc0) === 0x80; i++)
            preFrom++;
        const context = kept.toString('utf8', preFrom, at) + text;
        const from = Math.max(0, context.length - visible - slack);
        const masked = mask(context.slice(from), context.length - visible - from, context.length - from);
        return masked.length > this.maxChars ? masked.slice(-this.maxChars) : masked;
    }
    /** Adds `bytes` (no '\n' in them), found at `at` in the stream, to the current line. */
    appendLine(bytes, at) {
        if (bytes.length === 0)
            return;
        // A '\r' ending what came before is followed by more of the line: what follows it is shown instead.
        if (this.pendingReturn)
            this.restartShown(at);
        // The last '\r' but one at the very end: what follows it is shown.
        const cr = bytes.length > 1 ? bytes.lastIndexOf(tail_lines_CARRIAGE_RETURN, bytes.length - 2) : -1;
        if (cr >= 0)
            this.restartShown(at + cr + 1);
        this.appendShown(cr >= 0 ? bytes.subarray(cr + 1) : bytes);
        this.pendingReturn = bytes[bytes.length - 1] === tail_lines_CARRIAGE_RETURN;
    }
    appendShown(bytes) {
        if (bytes.length === 0)
            return;
        const before = this.shownBytes;
        this.shownBytes += bytes.length;
        if (this.shownBytes > this.maxLineBytes)
            this.keepLast(bytes, before);
        const room = this.maxLineBytes - this.headBytes;
        if (room <= 0)
            return;
        // A copy: keeping a view would pin the whole chunk in memory.
        const kept = Buffer.from(bytes.length > room ? bytes.subarray(0, room) : bytes);
        this.head.push(kept);
        this.headBytes += kept.length;
    }
    /**
     * The shown part outgrew the head: keep its last bytes too, for when the line turns out to start before the
     * window. As many as the head, plus 3 (the window may start inside a character) and 1 (a final '\r' dropped).
     */
    keepLast(bytes, before) {
        const size = this.maxLineBytes + 4;
        const last = (this.last ??= Buffer.allocUnsafe(size));
        if (bytes.length >= size) {
            bytes.copy(last, 0, bytes.length - size);
            this.lastBytes = size;
            return;
        }
        if (this.lastBytes === 0 && before > 0) {
            // The first bytes beyond the head: all that came before is in the head.
            const earlier = Buffer.concat(this.head, this.headBytes);
            const keep = Math.min(size - bytes.length, earlier.length);
            earlier.copy(last, 0, earlier.length - keep);
            this.lastBytes = keep;
        }
        const keep = Math.min(this.lastBytes, size - bytes.length);
        last.copy(last, 0, this.lastBytes - keep, this.lastBytes);
        bytes.copy(last, keep);
        this.lastBytes = keep + bytes.length;
    }
    /** The line ends at `end` (its '\n', or the end of the stream). */
    commitLine(end) {
        let length = this.shownBytes;
        let head = this.head.length === 1 ? this.head[0] : Buffer.concat(this.head, this.headBytes);
        let last = this.shownBytes > head.length && this.last
            ? Buffer.from(this.last.subarray(0, this.lastBytes))
            : undefined;
        // One '\r' at the very end ("\r\n", or a progress bar's last redraw) is not shown.
        if (this.pendingReturn && length > 0) {
            length -= 1;
            if (head.length > length)
                head = head.subarray(0, length);
            if (last)
                last = last.subarray(0, last.length - 1);
        }
        this.ring.push({ start: this.lineStart, end, shown: this.shownStart, length, head, last });
        if (this.ring.length > this.maxLines)
            this.ring.shift();
        this.resetLine(Math.min(end + 1, this.position));
    }
    /** A '\r' in the line at `at - 1`: what is shown starts over at `at`. */
    restartShown(at) {
        this.shownStart = at;
        this.shownBytes = 0;
        this.head = [];
        this.headBytes = 0;
        this.lastBytes = 0;
        this.pendingReturn = false;
    }
    resetLine(at) {
        this.lineStart = at;
        this.restartShown(at);
    }
}

;// CONCATENATED MODULE: ./src/run/job-output.ts



/**
 * The echo stops after reading this many times its cap, even if it showed less (a progress bar redrawn with '\r'
 * shows only its last state): 64 MiB for 1 MiB, about 18 hours of a progress bar redrawn 10 times a second.
 */
const ECHO_READ_FACTOR = 64;
/**
 * What the runner keeps of a job's output besides the log file: a byte count, the tail of the last attempt,
 * and the live echo. Everything is bounded; chunks arrive as Buffers and only the bytes the tail or the echo
 * need are ever decoded.
 */
class JobOutput {
    bytes = 0;
    attempt = 1;
    tail;
    echo;
    redact;
    mask;
    constructor(options) {
        const redactor = options.redactor;
        this.redact = redactor?.active ? (text) => redactor.redact(text) : (text) => text;
        this.mask = redactor?.active
            ? (text, from, to) => redactor.redactRange(text, from, to)
            : (text, from, to) => text.slice(from, to);
        this.tail = new TailLines(options.tailLines, options.tailLineChars, redactor?.longest ?? 0);
        const echo = options.echo;
        if (echo) {
            this.echo = new EchoLines({
                limitBytes: echo.limitBytes,
                maxLineBytes: Math.min(64 * 1024, Math.max(1024, echo.limitBytes)),
                emit: (text) => echo.emit(this.attempt, text),
                notice: `… output truncated after ${(0,byte_size/* formatByteSize */.$j)(echo.limitBytes)}; full log: ${echo.logPath}`,
                readLimitBytes: ECHO_READ_FACTOR * echo.limitBytes,
                readNotice: `… output truncated after ${(0,byte_size/* formatByteSize */.$j)(ECHO_READ_FACTOR * echo.limitBytes)} read, mostly redrawn with '\\r'; full log: ${echo.logPath}`,
                redact: this.redact,
            });
        }
    }
    /** The tail shows the attempt that decides the job's status, so each attempt starts it afresh. */
    startAttempt(attempt) {
        this.attempt = attempt;
        this.tail.clear();
    }
    push(chunk) {
        this.bytes += chunk.length;
        this.tail.push(chunk);
        this.echo?.push(chunk);
    }
    /** Whether the live echo still takes output (a listener, and its cap not reached). */
    get echoing() {
        return this.echo !== undefined && !this.echo.stopped;
    }
    /** Output read back from the log file (the job wrote it there itself), for the live echo only. */
    pushEcho(chunk) {
        this.echo?.push(chunk);
    }
    /**
     * How many of the last bytes of an attempt's output the tail is taken from (see TailLines): reading back
     * that many (and one more, the byte before them) gives the tail whatever the output's shape.
     */
    get tailWindowBytes() {
        return this.tail.windowBytes;
    }
    /** The attempt's output starts with `bytes` bytes that are not read back for the tail. */
    skipTail(bytes) {
        this.tail.skip(bytes);
    }
    /** Output read back from the log file, for the tail only (the end of the attempt's output, or all of it). */
    pushTail(chunk) {
        this.tail.push(chunk);
    }
    /** Bytes the job wrote straight to the log file. */
    countBytes(bytes) {
        this.bytes += bytes;
    }
    /** A line from the runner itself (a spawn error), shown like output. */
    note(line) {
        this.tail.pushLine(line);
        this.echo?.push(Buffer.from(`${line}\n`));
    }
    endAttempt() {
        this.tail.finish();
        this.echo?.finish();
    }
    tailLines() {
        return this.tail.lines(this.mask);
    }
}

;// CONCATENATED MODULE: ./src/run/log-follower.ts

const log_follower_NEWLINE = 0x0a;
const BLOCK = 64 * 1024;
/**
 * Reads back what an attempt wrote straight to its log file (see JobLog.directDescriptor), for what the runner
 * keeps besides the file: the live echo while the job runs (the file is polled from where the echo stopped
 * reading, until the echo's cap: then the polling stops, so a job printing gigabytes costs no wake-ups), and at
 * the end the byte count and the tail (taken from the last bytes of the output only, see TailLines, so a 1 GiB
 * log costs two blocks whatever its shape). Our own lines written among the job's output (a timeout notice) are
 * skipped, so echo, tail and byte count are what the job printed, as on the pipe path.
 * Memory: one 64 KiB block.
 */
class LogFollower {
    log;
    output;
    block = Buffer.allocUnsafe(BLOCK);
    start = 0;
    echoed = 0;
    timer;
    own = [];
    constructor(log, output) {
        this.log = log;
        this.output = output;
    }
    /** The job was spawned with the file as its stdout and stderr. */
    begin() {
        this.start = this.log.beginAttempt();
        // The log's own list for this attempt: it grows as we write lines, it is never copied.
        this.own = this.log.ownLines();
        this.echoed = this.start;
        if (this.output.echoing) {
            this.timer = setInterval(() => this.poll(), RUN_DEFAULTS.echoPollMs);
        }
    }
    /** One look at the file for the echo; once the echo's cap is reached nothing more is read until the end. */
    poll() {
        this.followEcho(this.log.size());
        if (!this.output.echoing)
            this.stopPolling();
    }
    stopPolling() {
        clearInterval(this.timer);
        this.timer = undefined;
    }
    /** The attempt is over (its process exited, or never started): echo the rest, count, read the tail. */
    end() {
        this.stopPolling();
        const end = Math.max(this.start, this.log.size());
        const last = Buffer.alloc(1);
        const atLineStart = end === this.start || (this.log.read(last, end - 1) === 1 && last[0] === log_follower_NEWLINE);
        this.log.endAttempt(atLineStart);
        this.followEcho(end);
        this.output.countBytes(this.outputBytes(this.start, end));
        const tail = this.tailStart(end);
        this.output.skipTail(this.outputBytes(this.start, tail));
        this.readRange(tail, end, (chunk) => this.output.pushTail(chunk));
    }
    followEcho(end) {
        if (!this.output.echoing || end <= this.echoed)
            return;
        // What landed since the last look; the echo's cap bounds how much is ever read for it.
        this.readRange(this.echoed, end, (chunk) => this.output.pushEcho(chunk), () => this.output.echoing);
        this.echoed = end;
    }
    /**
     * Where the bytes the tail is taken from start: the last `tailWindowBytes` of the job's output, and the byte
     * before them (it says whether the window starts a line), our own lines not counted. A constant number of
     * bytes whatever the output's shape: 1 GiB without a newline costs two blocks, not 1 GiB read twice.
     */
    tailStart(end) {
        let wanted = this.output.tailWindowBytes + 1;
        let position = end;
        for (let i = this.own.length - 1; i >= 0; i--) {
            const [from, to] = this.own[i];
            if (to > position)
                continue;
            if (position - to >= wanted)
                break;
            wanted -= position - to;
            position = from;
        }
        return Math.max(this.start, position - wanted);
    }
    /** Bytes of the job's output in `[from, to)`: without our own lines. */
    outputBytes(from, to) {
        let bytes = to - from;
        for (const [start, stop] of this.own)
            bytes -= Math.max(0, Math.min(stop, to) - Math.max(start, from));
        return bytes;
    }
    /** Hands `[from, to)` of the file to `take` in blocks, without our own lines, while `more()` holds. */
    readRange(from, to, take, more = () => true) {
        let position = from;
        while (position < to && more()) {
            const own = this.own.find(([start, stop]) => stop > position && start < to);
            if (own && own[0] <= position) {
                position = own[1];
                continue;
            }
            const stop = Math.min(to, position + BLOCK, own ? own[0] : to);
            const read = this.log.read(this.block, position, stop - position);
            if (read <= 0)
                return;
            take(this.block.subarray(0, read));
            position += read;
        }
    }
}

;// CONCATENATED MODULE: external "node:net"
const external_node_net_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");
var external_node_net_default = /*#__PURE__*/__nccwpck_require__.n(external_node_net_namespaceObject);
;// CONCATENATED MODULE: ./src/run/pipe-reader.ts

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
let shared;
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
function readInPlace(pipe, onBytes) {
    const old = pipe;
    const handle = old._handle;
    if (!(pipe instanceof (external_node_net_default()).Socket) || !handle || typeof handle.useUserBuffer !== 'function')
        return undefined;
    let socket;
    try {
        socket = new (external_node_net_default()).Socket({
            handle,
            readable: true,
            writable: false,
            onread: {
                buffer: (shared ??= Buffer.allocUnsafe(READ_BYTES)),
                callback: (length, buffer) => {
                    onBytes(buffer.subarray(0, length));
                },
            },
        });
    }
    catch {
        return undefined;
    }
    // The handle is ours now: the old socket closes without closing it (which lets the child's 'close' come at
    // exit; whoever reads the new socket waits for its own 'close').
    old._handle = null;
    pipe.destroy();
    // A read error ends the pipe like its end would (the socket closes); the job's exit is what counts.
    socket.on('error', () => { });
    // Never called while `onread` works (its reads are not pushed as data); a Node that ignored `onread` for a
    // given handle would push them, and then they still arrive, in new Buffers, instead of stalling the job.
    socket.on('data', onBytes);
    return socket;
}

;// CONCATENATED MODULE: ./src/resources/kill-group.ts
/**
 * kill(-pid, signal) to a process group (pid = pgid): undefined when sent, else the error's code. ESRCH, the
 * group gone, is the usual answer after a job's end, asked once per job by the runner and the sampler: its error
 * is made without a stack (process.kill throws, and capturing a stack trace cost more than the system call).
 * Signal 0 only asks whether the group has a process, a zombie included.
 */
function killGroup(pid, signal) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        process.kill(-pid, signal);
        return undefined;
    }
    catch (error) {
        return error.code ?? 'unknown';
    }
    finally {
        Error.stackTraceLimit = limit;
    }
}

;// CONCATENATED MODULE: ./src/run/process-group.ts


/**
 * A job runs in its own process group (spawned with `detached: true`, i.e. setsid(): its pid is the group id),
 * so one kill(-pid) reaches the job and every process it started, grandchildren included, unless one of them
 * deliberately left the group (setsid/setpgid): those we cannot find, see docs/decisions/0001-process-runner.md.
 */
/** Sends `signal` to the whole group; false when the group is gone. */
function signalGroup(pid, signal) {
    // EPERM: a member changed its uid; nothing more we can do for it.
    return killGroup(pid, signal) !== 'ESRCH';
}
/**
 * True while a process of the group is still running. A zombie does not count: it is dead, holds no pipe
 * and no memory, and only waits for its parent, or for init when it is an orphan, to reap it. That wait
 * can be long (an init that reaps lazily, or a container whose PID 1 never reaps), and must not hold the run.
 */
function groupAlive(pid) {
    const failed = killGroup(pid, 0);
    if (failed !== undefined)
        return failed === 'EPERM';
    const running = runningGroups();
    return running === undefined || running.has(pid);
}
/** Shared by every caller for a short while: a /proc scan costs a few ms, and 8 jobs may poll at once. */
const SCAN_TTL_MS = 40;
let scan;
/** Process groups with at least one process that is not a zombie; undefined without /proc (zombies then count). */
function runningGroups() {
    const now = Date.now();
    if (scan && now - scan.at < SCAN_TTL_MS)
        return scan.groups;
    scan = { at: now, groups: process.platform === 'linux' ? scanProc() : undefined };
    return scan.groups;
}
function scanProc() {
    let names;
    try {
        names = external_node_fs_default().readdirSync('/proc');
    }
    catch {
        return undefined;
    }
    const groups = new Set();
    for (const name of names) {
        const first = name.charCodeAt(0);
        if (first < 48 || first > 57)
            continue;
        let stat;
        try {
            stat = external_node_fs_default().readFileSync(`/proc/${name}/stat`, 'latin1');
        }
        catch {
            continue; // Exited while we looked.
        }
        // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so parse after the last ')'.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ', 4);
        if (fields[0] === 'Z' || fields[0] === 'X')
            continue;
        groups.add(Number(fields[2]));
    }
    return groups;
}

;// CONCATENATED MODULE: ./src/plan/shell-words.ts

/**
 * Splits text into words the way a POSIX shell splits a simple command line, without evaluating
 * anything: quotes and backslashes are honoured, while `$(…)`, backticks, `$VAR`, `;`, `|`, `&&`, `>`,
 * `#` and globs stay literal text inside the words. Rules:
 * - blanks (space, tab, newline) separate words;
 * - '…' keeps everything literally;
 * - "…" keeps everything literally except `\"`, `\\`, `\$`, `` \` `` (the backslash is dropped) and
 *   backslash-newline (both dropped, a line continuation);
 * - outside quotes a backslash keeps the next character literally (backslash-newline is a continuation;
 *   a trailing backslash is kept, as bash does);
 * - `$'…'` is read as bash reads it: `\n`, `\t`, `\r`, `\\`, `\'`, `\"`, `\a`, `\b`, `\e`, `\f`, `\v`,
 *   `\xHH` and `\NNN` (bytes, read as UTF-8), `\uHHHH`; any other backslash is kept (quoteForShell writes
 *   words with control characters this way);
 * - `''` and `""` make an empty word.
 * An unterminated quote is an InputError naming `inputName`; so is a NUL character (argv cannot hold one).
 */
function splitShellWords(text, inputName) {
    if (text.includes('\0')) {
        throw new types/* InputError */.d(inputName, `Invalid ${inputName}: it contains a NUL character, which no argument can hold.`);
    }
    const words = [];
    let word = '';
    let inWord = false;
    let i = 0;
    while (i < text.length) {
        const char = text[i];
        if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
            if (inWord)
                words.push(word);
            word = '';
            inWord = false;
            i++;
        }
        else if (char === '$' && text[i + 1] === "'") {
            const [content, next] = readAnsiCQuoted(text, i + 2, inputName, i + 1);
            word += content;
            inWord = true;
            i = next;
        }
        else if (char === "'") {
            const end = text.indexOf("'", i + 1);
            if (end === -1)
                throw unterminated(inputName, "'", i);
            word += text.slice(i + 1, end);
            inWord = true;
            i = end + 1;
        }
        else if (char === '"') {
            const [content, next] = readDoubleQuoted(text, i + 1, inputName, i);
            word += content;
            inWord = true;
            i = next;
        }
        else if (char === '\\') {
            if (i + 1 >= text.length) {
                word += '\\';
                inWord = true;
                i++;
            }
            else if (text[i + 1] === '\n') {
                i += 2;
            }
            else {
                word += text[i + 1];
                inWord = true;
                i += 2;
            }
        }
        else {
            word += char;
            inWord = true;
            i++;
        }
    }
    if (inWord)
        words.push(word);
    return words;
}
const DOUBLE_QUOTE_ESCAPES = new Set(['"', '\\', '$', '`']);
const ANSI_C_ESCAPES = {
    n: '\n',
    t: '\t',
    r: '\r',
    a: '\u0007',
    b: '\b',
    e: '\u001b',
    E: '\u001b',
    f: '\f',
    v: '\v',
    '\\': '\\',
    "'": "'",
    '"': '"',
    '?': '?',
};
/** The content of a `$'…'` word starting at `start` (after the quote), and the index after its end. */
function readAnsiCQuoted(text, start, inputName, open) {
    // `\x`/octal escapes are bytes: a run of them is read as UTF-8 (`\xe2\x80\xa8` is one character).
    let content = '';
    let bytes = [];
    const flush = () => {
        if (bytes.length > 0)
            content += Buffer.from(bytes).toString('utf8');
        bytes = [];
    };
    let i = start;
    while (i < text.length) {
        const char = text[i];
        if (char === "'") {
            flush();
            return [content, i + 1];
        }
        const hex = char === '\\' ? /^x([0-9A-Fa-f]{1,2})/.exec(text.slice(i + 1, i + 4)) : null;
        const octal = char === '\\' ? /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4)) : null;
        if (hex || octal) {
            bytes.push(hex ? parseInt(hex[1], 16) : parseInt(octal[0], 8) & 0xff);
            i += 1 + (hex ?? octal)[0].length;
            continue;
        }
        flush();
        const next = text[i + 1];
        const unicode = char === '\\' ? /^u([0-9A-Fa-f]{1,4})/.exec(text.slice(i + 1, i + 6)) : null;
        if (char === '\\' && next !== undefined && ANSI_C_ESCAPES[next] !== undefined) {
            content += ANSI_C_ESCAPES[next];
            i += 2;
        }
        else if (unicode) {
            content += String.fromCharCode(parseInt(unicode[1], 16));
            i += 1 + unicode[0].length;
        }
        else {
            content += char;
            i++;
        }
    }
    throw unterminated(inputName, "$'", open);
}
function readDoubleQuoted(text, start, inputName, open) {
    let content = '';
    let i = start;
    while (i < text.length) {
        const char = text[i];
        if (char === '"')
            return [content, i + 1];
        if (char === '\\' && i + 1 < text.length) {
            const next = text[i + 1];
            if (DOUBLE_QUOTE_ESCAPES.has(next)) {
                content += next;
                i += 2;
                continue;
            }
            if (next === '\n') {
                i += 2;
                continue;
            }
        }
        content += char;
        i++;
    }
    throw unterminated(inputName, '"', open);
}
function unterminated(inputName, quote, position) {
    return new types/* InputError */.d(inputName, `Invalid ${inputName}: the ${quote} quote at character ${position + 1} is never closed. ` +
        `Expected words separated by spaces, with matching quotes (nothing is evaluated by a shell).`);
}
/** Characters that never need quoting in bash, zsh or sh. */
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;
/**
 * Renders argv as one line that bash/zsh/sh read back as exactly these words: safe words stay bare,
 * anything else is single-quoted (`'` becomes `'\''`). `splitShellWords(quoteForShell(argv))` is argv.
 *
 * The line is also printed to the Actions log, so it never carries a workflow command a repository
 * could plant in a file name or config value: a word with a control character or line break is written
 * in bash's `$'…'` form with escapes (bash and zsh read it back; the line stays one line), `##[` is
 * split across two quoted pieces (`'#''#['`, the same word to a shell), and a word starting with `:`
 * is quoted (so no line starts with `::`).
 */
function quoteForShell(argv) {
    return argv.map(quoteWord).join(' ');
}
// eslint-disable-next-line no-control-regex
const CONTROL_OR_BREAK = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
function quoteWord(word) {
    if (SAFE_WORD.test(word) && !word.startsWith(':'))
        return word;
    if (CONTROL_OR_BREAK.test(word))
        return ansiCQuoted(word);
    return `'${word.replaceAll("'", `'\\''`).replaceAll('##[', "#''#[")}'`;
}
const ANSI_C_NAMED = {
    '\n': '\\n',
    '\t': '\\t',
    '\r': '\\r',
    '\\': '\\\\',
    "'": "\\'",
    '#': '\\x23',
};
/** `$'…'`: backslash, quote, `#` and every control or line-break character escaped (as UTF-8 bytes). */
function ansiCQuoted(word) {
    let out = '';
    for (const char of word) {
        const named = ANSI_C_NAMED[char];
        if (named !== undefined)
            out += named;
        else if (CONTROL_OR_BREAK.test(char))
            for (const byte of Buffer.from(char, 'utf8'))
                out += `\\x${byte.toString(16).padStart(2, '0')}`;
        else
            out += char;
    }
    return `$'${out}'`;
}

;// CONCATENATED MODULE: external "node:url"
const external_node_url_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");
// EXTERNAL MODULE: ./src/plan/executable.ts
var executable = __nccwpck_require__(9931);
;// CONCATENATED MODULE: ./src/run/spawn-service.ts









/**
 * The spawn service: a small long-lived stdlib-Python process (spawn-service.py, shipped beside the bundles in
 * dist/) that starts jobs for the runner. Node's spawn() forks the whole orchestrator, ~110 MB of page tables,
 * and blocks the event loop until the child has exec'd; Python's subprocess.Popen uses vfork(), so a job starts
 * several times faster and the main thread only writes one line. Everything else stays here: the pool,
 * retries, timeouts, cancellation and every signal (sent to the job's process group, -pid, as before).
 *
 * Used only where it changes nothing a job can see (docs/decisions/0007-spawn-service.md): Linux, a job that
 * writes straight to its log (no secret registered), strings that cross as UTF-8, and once the service has said
 * it is ready; any other job, and every job after the service failed, starts with Node's spawn.
 */
/** The service's file name, beside this module (src/run in tests, dist/ and dist/cli/ once bundled). */
const SPAWN_SERVICE_SCRIPT = 'spawn-service.py';
/** A line longer than this from the service is garbage (a reply is ~100 bytes). */
const MAX_LINE_CHARS = 64 * 1024;
/** What is kept of the service's stderr (a Python traceback) for the warning. */
const MAX_STDERR_CHARS = 2000;
/**
 * A job the service started, as much of a ChildProcess as the runner uses: `pid` (its process-group id),
 * 'exit' (code, signal) then 'close'; no pipes (it writes straight to its log file).
 */
class ServiceJob extends external_node_events_namespaceObject.EventEmitter {
    pid;
    stdout = null;
    stderr = null;
    /** Set with 'exit' when the service reported it. */
    usage;
    /**
     * The service stopped before this job ended: its end was seen by watching its process group (kill(-pid, 0))
     * until it was gone, but its exit status is unknown ('exit' with null, null).
     */
    lost = false;
    constructor(pid) {
        super();
        this.pid = pid;
    }
    /** 'exit' then 'close', as a ChildProcess without pipes. */
    end(code, signal) {
        this.emit('exit', code, signal);
        this.emit('close', code, signal);
    }
}
/**
 * Whether the runner should start a service for this run: never when the user turned it off (`mode: 'off'`,
 * TRAINING_ORCHESTRATOR_SPAWN_SERVICE); else only on Linux, with an interpreter known, when no secret is
 * registered (every job writes through the redactor's pipes then), when the caller did not hand in its own
 * spawn, and when there are more jobs than workers (a run of a few jobs must not pay its start).
 */
function wantsSpawnService(run) {
    return (run.mode !== 'off' &&
        (run.platform ?? process.platform) === 'linux' &&
        !!run.python &&
        run.jobs > run.workers &&
        !run.secrets &&
        !run.ownSpawn);
}
/**
 * One service process for a run. Starts in the background (`ready` says when, or that it never will be); until
 * then, and after any failure, `launch` returns undefined. A failure (it cannot start, exits, writes something
 * that is not a reply) is one warning; the service is killed, the jobs it started are watched to their end, and
 * everything after starts with Node's spawn. Never throws into the runner.
 */
class SpawnService {
    options;
    /** True once it is ready; false when it never will be (or stopped before). */
    ready;
    resolveReady;
    state = 'starting';
    closed = false;
    child;
    interpreter;
    nextId = 1;
    /** Requests sent and not answered yet, oldest first (the service answers in order). */
    pending = new Map();
    /** Jobs it started that have not ended. */
    jobs = new Map();
    /** Jobs whose end is watched by polling their group, after the service stopped. */
    watched = new Set();
    watchTimer;
    partial = '';
    /** The environment of the last request sent, as JSON: a request with the same one sends null instead. */
    lastEnv;
    stderrText = '';
    /** Requests not written yet (see send). */
    outbox = [];
    /** The id of the newest request queued, and of the newest written to the service. */
    lastQueued = 0;
    lastSent = 0;
    constructor(options) {
        this.options = options;
        this.ready = new Promise((resolve) => (this.resolveReady = resolve));
        this.boot().catch((error) => this.fail(`could not start: ${error.message}`));
    }
    launch(request) {
        const child = this.child;
        if (this.state !== 'ready' || this.closed || !child?.stdin?.writable)
            return undefined;
        const env = carriableEnv(request.env);
        if (!env ||
            !request.argv.every(carriable) ||
            request.argv[0] === '' ||
            !carriable(request.cwd) ||
            !carriable(request.logPath)) {
            return undefined;
        }
        let dev;
        let ino;
        try {
            const stats = external_node_fs_default().fstatSync(request.logFd, { bigint: true });
            dev = String(stats.dev);
            ino = String(stats.ino);
        }
        catch {
            return undefined;
        }
        const id = this.nextId++;
        // Most jobs of a run share one environment (a few KB): it crosses once, then as null ("the same").
        const envText = JSON.stringify(env);
        const line = `{"id":${id},"argv":${JSON.stringify(request.argv)},"cwd":${JSON.stringify(request.cwd)},` +
            `"env":${envText === this.lastEnv ? 'null' : envText},` +
            `"log":${JSON.stringify({ path: request.logPath, dev, ino })}}`;
        this.lastEnv = envText;
        return new Promise((resolve) => {
            const replyMs = this.options.replyMs ?? RUN_DEFAULTS.spawnServiceReplyMs;
            const timer = setTimeout(() => this.fail(`did not answer a start request within ${replyMs} ms`), replyMs);
            this.pending.set(id, { file: request.argv[0], resolve, timer });
            this.send(child, id, `${line}\n`);
        });
    }
    /**
     * Requests made in one turn of the event loop go out in one write, once it is over: jobs that ended together
     * start their successors together, and each write wakes the service (a context switch on a busy machine,
     * measured at 50-550 µs a write with 4 workers of no-op jobs).
     */
    send(child, id, text) {
        this.outbox.push(text);
        this.lastQueued = id;
        if (this.outbox.length === 1)
            setImmediate(() => this.flush(child));
    }
    flush(child) {
        if (this.outbox.length === 0)
            return;
        const text = this.outbox.join('');
        this.outbox.length = 0;
        if (this.state !== 'ready' || !child.stdin?.writable)
            return;
        child.stdin.write(text);
        this.lastSent = this.lastQueued;
    }
    /**
     * The run is over: the service stops taking requests and exits once the jobs it started have ended (it
     * reports them first). Never waits, and never holds this process.
     */
    close() {
        if (this.closed)
            return;
        this.closed = true;
        const child = this.child;
        if (this.state === 'ready' && child) {
            this.flush(child);
            child.stdin?.end();
        }
        else if (this.state === 'starting')
            this.stop(undefined);
        if (this.jobs.size === 0)
            this.release();
    }
    async boot() {
        // After the run's first jobs have started (this is called from runPlan, before the pool).
        await new Promise((resolve) => setImmediate(resolve));
        const interpreter = locateInterpreter(this.options.python, this.options.cwd);
        if (this.closed)
            return this.stop(undefined);
        if (!interpreter) {
            this.options.logger.debug(`Spawn service: no interpreter found for ${this.options.python}.`);
            return this.stop(undefined);
        }
        this.interpreter = interpreter;
        const script = this.options.script ?? defaultScript();
        if (!external_node_fs_default().existsSync(script))
            throw new Error(`${script} is missing`);
        const child = (0,external_node_child_process_.spawn)(interpreter, [...(this.options.pythonArgs ?? ['-I', '-S']), script], {
            cwd: external_node_path_default().dirname(script),
            stdio: ['pipe', 'pipe', 'pipe'],
            // A session of its own: the terminal's Ctrl-C goes to the orchestrator, which decides what the jobs get.
            detached: true,
            windowsHide: true,
        });
        this.child = child;
        child.on('error', (error) => this.fail(`could not start: ${error.message}`));
        child.stdin.on('error', () => {
            // It exited: 'close' says how.
        });
        child.stdout.setEncoding('latin1');
        child.stdout.on('data', (text) => this.receive(text));
        child.stderr.setEncoding('utf8');
        child.stderr.on('data', (text) => {
            if (this.stderrText.length < MAX_STDERR_CHARS)
                this.stderrText += text.slice(0, MAX_STDERR_CHARS);
        });
        child.on('close', (code, signal) => {
            if (this.state !== 'stopped' &&
                (!this.closed || this.jobs.size > 0 || this.pending.size > 0 || code !== 0))
                this.fail(signal ? `was killed by ${signal}` : `exited with code ${code}`);
            this.state = 'stopped';
            this.resolveReady(false);
            this.release();
        });
    }
    receive(text) {
        let data = this.partial + text;
        let newline = data.indexOf('\n');
        while (newline >= 0 && this.state !== 'stopped') {
            this.handle(data.slice(0, newline));
            data = data.slice(newline + 1);
            newline = data.indexOf('\n');
        }
        this.partial = this.state === 'stopped' ? '' : data;
        if (this.partial.length > MAX_LINE_CHARS)
            this.fail(`wrote a line longer than ${MAX_LINE_CHARS} characters`);
    }
    handle(line) {
        let message;
        try {
            const parsed = JSON.parse(line);
            if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
                throw new Error('not an object');
            message = parsed;
        }
        catch {
            return this.garbage(line);
        }
        if (this.state === 'starting') {
            if (message.ready === true && isPid(message.pid)) {
                this.state = 'ready';
                this.options.logger.debug(`Spawn service ready: ${this.interpreter} (Python ${String(message.version)}), pid ${message.pid}` +
                    (typeof message.spawn === 'string' ? `, starting jobs with ${message.spawn}.` : '.'));
                this.resolveReady(true);
                return;
            }
            if (typeof message.unsupported === 'string') {
                this.options.logger.debug(`Spawn service not used: ${message.unsupported}.`);
                return this.stop(undefined);
            }
            return this.garbage(line);
        }
        const id = message.id;
        const oldest = this.pending.keys().next().value;
        const waiting = oldest === undefined ? undefined : this.pending.get(oldest);
        if (oldest !== undefined && id === oldest && waiting) {
            const resolve = waiting.resolve;
            clearTimeout(waiting.timer);
            if (isPid(message.pid)) {
                const job = new ServiceJob(message.pid);
                this.jobs.set(oldest, job);
                this.pending.delete(oldest);
                return resolve({ started: job });
            }
            const error = message.error;
            if (typeof error === 'object' && error !== null && typeof error.message === 'string') {
                this.pending.delete(oldest);
                return resolve({ failed: startError(error, waiting.file) });
            }
            if (typeof message.refused === 'string') {
                this.pending.delete(oldest);
                this.options.logger.debug(`Spawn service declined a job (${message.refused}): Node's spawn starts it.`);
                return resolve({ declined: message.refused });
            }
            return this.garbage(line);
        }
        const job = typeof id === 'number' ? this.jobs.get(id) : undefined;
        const usage = leaderUsage(message.rusage);
        const code = message.exit_code;
        const signal = message.signal;
        const exited = Number.isInteger(code) && code >= 0 && code <= 255 && signal === undefined;
        const killed = typeof signal === 'string' && /^SIG[A-Z0-9+]+$/.test(signal) && code === undefined;
        if (!job || !usage || !(exited || killed))
            return this.garbage(line);
        this.jobs.delete(id);
        job.usage = usage;
        // Its pid may have come in the same chunk: the runner attaches its listeners when the start resolves (a
        // promise reaction, run before any setImmediate callback).
        setImmediate(() => job.end(exited ? code : null, killed ? signal : null));
        if (this.closed && this.jobs.size === 0)
            this.release();
    }
    garbage(line) {
        const shown = line.length > 120 ? `${line.slice(0, 120)}…` : line;
        this.fail(`wrote something that is not a reply (${JSON.stringify(shown)})`);
    }
    /** A failure: one warning, the service killed; what it had not answered and what it started, handled. */
    fail(reason) {
        if (this.state === 'stopped')
            return;
        const stderr = this.stderrText.trim();
        this.options.logger.warn(`The spawn service (${this.interpreter ?? this.options.python}) ${reason}; the rest of the run starts jobs ` +
            `with Node's spawn.${stderr ? ` Its error output: ${stderr.slice(0, MAX_STDERR_CHARS)}` : ''}`);
        this.stop(reason);
    }
    /**
     * Stops for good. `reason` undefined: a quiet stop (not started, unsupported, closed before it was ready).
     * The service answers requests in order, one at a time: the oldest unanswered one may have been starting when
     * it stopped (the job then runs, untracked: it is reported as not started, with that said); the others were
     * never read and start with Node's spawn. Jobs it started are watched until their group is gone.
     */
    stop(reason) {
        if (this.state === 'stopped')
            return;
        this.state = 'stopped';
        this.resolveReady(false);
        const child = this.child;
        if (child && child.exitCode === null && child.signalCode === null) {
            try {
                child.kill('SIGKILL');
            }
            catch {
                // Already gone.
            }
        }
        let first = true;
        for (const [id, { resolve, timer }] of this.pending) {
            clearTimeout(timer);
            // A request still in the outbox never reached the service: it did not start.
            if (first && reason !== undefined && id <= this.lastSent) {
                const error = new Error(`the spawn service stopped while starting it (${reason}); if it did start, it runs untracked`);
                resolve({ failed: error });
            }
            else
                resolve({ declined: 'the spawn service stopped' });
            first = false;
        }
        this.pending.clear();
        for (const job of this.jobs.values())
            this.watched.add(job);
        this.jobs.clear();
        if (this.watched.size > 0)
            this.watch();
        else
            this.release();
    }
    /** Polls the groups of the jobs the service started, until each is gone: their end, exit status unknown. */
    watch() {
        if (this.watchTimer)
            return;
        this.watchTimer = setInterval(() => {
            for (const job of this.watched) {
                if (groupAlive(job.pid))
                    continue;
                this.watched.delete(job);
                job.lost = true;
                job.end(null, null);
            }
            if (this.watched.size === 0) {
                clearInterval(this.watchTimer);
                this.watchTimer = undefined;
                this.release();
            }
        }, RUN_DEFAULTS.groupPollMs);
    }
    /** Nothing left to wait for: the service (if still exiting) no longer keeps this process alive. */
    release() {
        if (!this.closed && this.state !== 'stopped')
            return;
        const child = this.child;
        if (!child)
            return;
        child.unref();
        for (const stream of [child.stdin, child.stdout, child.stderr]) {
            stream?.unref?.();
        }
    }
}
/** spawn-service.py beside this module: src/run/ under tests, dist/ or dist/cli/ in a bundle. */
function defaultScript() {
    return external_node_path_default().join(external_node_path_default().dirname((0,external_node_url_namespaceObject.fileURLToPath)(import.meta.url)), SPAWN_SERVICE_SCRIPT);
}
/**
 * The interpreter to run the service with. An absolute `python` as it is; a `python` setting found as the
 * planner finds it (a path relative to `cwd`, or a name on PATH), without running it. The service needs any
 * Python 3.6+ with its standard library and nothing of the project's, so where the first one found is a script
 * (a version manager's shim: pyenv's runs bash and `pyenv exec`, 100-800 ms before Python starts, while every
 * job waits on Node's slower spawn), a real interpreter of the same name later on PATH is taken instead; with
 * none, the script.
 */
function locateInterpreter(python, cwd, env = process.env) {
    if (external_node_path_default().isAbsolute(python))
        return python;
    for (const candidate of python === 'auto' ? defaults/* AUTO_PYTHON_CANDIDATES */._y : [python]) {
        // The first name found wins, as for the planner (a `python` after a shimmed `python3` may be Python 2).
        const found = (0,executable/* findExecutables */.F)(candidate, env, cwd);
        if (found.length > 0)
            return found.find((file) => !isScript(file)) ?? found[0];
    }
    return undefined;
}
/** Whether `file` starts with '#!' (run through another program), as far as it can be read. */
function isScript(file) {
    let fd;
    try {
        fd = external_node_fs_default().openSync(file, 'r');
        const head = Buffer.alloc(2);
        return external_node_fs_default().readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x23 && head[1] === 0x21;
    }
    catch {
        return false;
    }
    finally {
        if (fd !== undefined)
            external_node_fs_default().closeSync(fd);
    }
}
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** A string that crosses to Python as UTF-8 and means the same there (no lone surrogate, no NUL). */
function carriable(text) {
    return !text.includes('\0') && !LONE_SURROGATE.test(text);
}
/**
 * The environment as Node's spawn would pass it (string values only, in key order), or undefined when a key or
 * value cannot cross, or a key holds '=' (Python refuses it where Node passes it on).
 */
function carriableEnv(env) {
    const out = {};
    for (const key of Object.keys(env)) {
        const value = env[key];
        if (value === undefined)
            continue;
        if (key.includes('=') || !carriable(key) || !carriable(value))
            return undefined;
        out[key] = value;
    }
    return out;
}
function isPid(value) {
    return Number.isInteger(value) && value > 0;
}
function leaderUsage(value) {
    if (typeof value !== 'object' || value === null)
        return undefined;
    const { utime, stime, maxrss } = value;
    const ok = (n) => typeof n === 'number' && Number.isFinite(n) && n >= 0;
    return ok(utime) && ok(stime) && ok(maxrss)
        ? { userSeconds: utime, systemSeconds: stime, maxRssKib: maxrss }
        : undefined;
}
/** The error Node's spawn gives for the same failure: code ENOENT, message `spawn FILE ENOENT`. */
function startError(error, file) {
    const code = typeof error.code === 'string' && /^E[A-Z0-9]+$/.test(error.code) ? error.code : undefined;
    const made = new Error(code ? `spawn ${file} ${code}` : String(error.message));
    if (code)
        made.code = code;
    if (typeof error.errno === 'number')
        made.errno = -error.errno;
    return made;
}

;// CONCATENATED MODULE: ./src/run/job-process.ts








/**
 * Runs one attempt of a job: spawn without a shell in a new process group, stream its output into the log,
 * enforce the timeout, obey the cancellation, and make sure nothing of the group is left when it returns.
 * Never throws for anything the job does.
 */
function runAttempt(spec) {
    const { job, log, output, deps } = spec;
    const startedAt = deps.now();
    log.line(`=== attempt ${spec.attempt}/${spec.attempts} · ${isoSeconds(startedAt)} · ${quoteForShell(job.command)} ===`);
    output.startAttempt(spec.attempt);
    // No secret to mask: the job writes straight to its log file, Node copies nothing (echo and tail are read
    // back from the file). Otherwise its output comes through pipes and the redactor (see JobLog).
    const direct = log.directDescriptor();
    // Begun before the job starts: a job started by the spawn service may print before its pid comes back.
    const follower = direct === undefined ? undefined : new LogFollower(log, output);
    follower?.begin();
    // The spawn service (spawn-service.ts) starts jobs that write straight to their log; it declines what it
    // cannot start exactly as Node would (and Node's spawn starts those), or is not there: then Node starts it.
    const launched = direct === undefined
        ? undefined
        : deps.launch?.launch({
            argv: job.command,
            cwd: job.cwd,
            env: spec.env,
            logFd: direct,
            logPath: log.absolutePath,
        });
    if (!launched)
        return spawnWithNode(spec, startedAt, direct, follower);
    return launched.then((launch) => {
        if ('started' in launch) {
            spec.monitor?.attemptStarted(job, spec.attempt, launch.started.pid, 'service');
            return new AttemptProcess(spec, launch.started, startedAt, follower).done;
        }
        if ('failed' in launch) {
            follower?.end();
            return spawnFailed(spec, startedAt, launch.failed);
        }
        return spawnWithNode(spec, startedAt, direct, follower);
    });
}
/** Node's own spawn: without a shell, in a new process group (setsid), straight to the log or through pipes. */
function spawnWithNode(spec, startedAt, direct, follower) {
    const { job, deps } = spec;
    let child;
    try {
        child = deps.spawn(job.command[0], job.command.slice(1), {
            cwd: job.cwd,
            env: spec.env,
            stdio: direct === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', direct, direct],
            detached: true,
            shell: false,
            windowsHide: true,
        });
    }
    catch (error) {
        // Invalid arguments (a NUL byte) throw synchronously; a missing program arrives as 'error'.
        follower?.end();
        return Promise.resolve(spawnFailed(spec, startedAt, error));
    }
    if (child.pid !== undefined)
        spec.monitor?.attemptStarted(job, spec.attempt, child.pid);
    return new AttemptProcess(spec, child, startedAt, follower).done;
}
class AttemptProcess {
    spec;
    startedAt;
    done;
    resolve;
    pid;
    /** What reads the job's stdout and stderr (pipe path): our sockets reading in place, or the child's own. */
    pipes;
    /** Our sockets not closed yet (reading in place): the output is complete once they and the child closed. */
    openReaders = 0;
    childClosed = false;
    /** Set when the job writes straight to its log file: what reads its output back. */
    follower;
    exitCode = null;
    exitSignal = null;
    /** Started by the spawn service, which stopped before it reported the exit: the status is unknown. */
    lost = false;
    exited = false;
    closed = false;
    settled = false;
    /** Recorded once: a cancellation during a timeout's grace period does not turn the timeout into a cancel. */
    terminationReason;
    timeoutTimer;
    killTimer;
    killDeadline = Infinity;
    killSentAt;
    wakeUp;
    /** Chunks received so far: the drain window needs it. */
    chunks = 0;
    onAbort = () => this.terminate('cancel', this.spec.cancelKillGraceMs);
    constructor(spec, child, startedAt, 
    /** Set (and begun) when the job writes straight to its log file. */
    follower) {
        this.spec = spec;
        this.startedAt = startedAt;
        this.done = new Promise((resolve) => (this.resolve = resolve));
        this.pid = child.pid;
        this.follower = follower;
        this.pipes = follower
            ? []
            : [child.stdout, child.stderr].filter((pipe) => pipe !== null);
        child.on('error', (error) => {
            if (this.pid === undefined)
                this.finish(error);
            // Otherwise a failed kill(): the group is handled by signalGroup; nothing else to do.
        });
        if (this.pid === undefined)
            return;
        // Both pipes into one log in arrival order. The write is synchronous (see JobLog): the chunk is done with
        // when it returns, so it may be the reused buffer of readInPlace; a job printing faster than the disk
        // waits on its full pipe meanwhile (backpressure without pausing).
        const onData = (pipe) => (chunk) => {
            this.chunks++;
            spec.output.push(chunk);
            spec.log.write(chunk, pipe);
        };
        this.pipes = this.pipes.map((pipe, index) => {
            const onBytes = onData(index);
            const reader = readInPlace(pipe, onBytes);
            if (!reader) {
                pipe.on('data', onBytes);
                return pipe;
            }
            this.openReaders++;
            reader.once('close', () => {
                this.openReaders--;
                this.checkClosed();
            });
            return reader;
        });
        child.once('exit', (code, signal) => {
            this.exited = true;
            this.exitCode = code;
            this.exitSignal = signal;
            if (child instanceof ServiceJob) {
                this.lost = child.lost;
                // The leader's exact CPU figures, from the service's wait4 (the orchestrator did not wait for it).
                if (child.usage)
                    spec.monitor?.leaderExited?.(spec.job, spec.attempt, child.usage);
            }
            clearTimeout(this.timeoutTimer);
            this.afterExit().catch((error) => {
                spec.deps.logger.error(`Runner fault after job ${spec.job.id} exited: ${error.stack ?? error.message}`);
                this.finish(undefined);
            });
        });
        child.once('close', () => {
            this.childClosed = true;
            this.checkClosed();
        });
        if (spec.timeoutMs > 0) {
            this.timeoutTimer = setTimeout(() => this.terminate('timeout', spec.timeoutKillGraceMs), spec.timeoutMs);
        }
        if (spec.signal.aborted)
            this.onAbort();
        else
            spec.signal.addEventListener('abort', this.onAbort, { once: true });
    }
    /** The child and every pipe we read are closed: all of the output is in. */
    checkClosed() {
        if (!this.childClosed || this.openReaders > 0)
            return;
        this.closed = true;
        this.wakeUp?.();
    }
    /** SIGTERM to the group now, SIGKILL at the deadline if anything of it is still alive. */
    terminate(reason, graceMs) {
        if (this.settled)
            return;
        if (reason !== 'leftovers' && !this.exited) {
            if (this.terminationReason === undefined) {
                this.terminationReason = reason;
                this.spec.log.line(reason === 'timeout'
                    ? `--- timed out after ${describeLimit(this.spec.timeoutMs)}: SIGTERM to the process group, SIGKILL in ${seconds(graceMs)}`
                    : `--- run cancelled: SIGTERM to the process group, SIGKILL in ${seconds(graceMs)}`);
            }
            else if (reason === 'cancel' && Date.now() + graceMs < this.killDeadline) {
                this.spec.log.line(`--- run cancelled during the grace period: SIGKILL in ${seconds(graceMs)}`);
            }
        }
        const deadline = Date.now() + graceMs;
        if (deadline >= this.killDeadline)
            return;
        const first = this.killDeadline === Infinity;
        this.killDeadline = deadline;
        if (first && this.pid !== undefined)
            signalGroup(this.pid, 'SIGTERM');
        clearTimeout(this.killTimer);
        this.killTimer = setTimeout(() => this.kill(), graceMs);
    }
    kill() {
        if (this.pid === undefined || this.settled || this.killSentAt !== undefined)
            return;
        if (!groupAlive(this.pid))
            return;
        this.killSentAt = Date.now();
        this.spec.log.line('--- SIGKILL to the process group');
        signalGroup(this.pid, 'SIGKILL');
    }
    /**
     * The main process is gone. Its pipes may still be open: wait briefly for the rest of its output. Whatever it
     * left in its group is terminated (a job is its whole process group). A process that left the group and still
     * holds the pipes cannot make us wait more than the drain window: we stop reading.
     */
    async afterExit() {
        const pid = this.pid;
        await this.drainPipes();
        if (groupAlive(pid)) {
            if (this.killDeadline === Infinity) {
                this.spec.log.line('--- the job exited but left processes in its group: terminating them');
            }
            this.terminate('leftovers', this.spec.cancelKillGraceMs);
            // Until SIGKILL: once it is sent, nothing in the group can outlive it (the kernel does the rest).
            while (this.killSentAt === undefined && groupAlive(pid))
                await (0,promises_namespaceObject.setTimeout)(RUN_DEFAULTS.groupPollMs);
        }
        await this.drainPipes();
        this.finish(undefined);
    }
    /**
     * Reads the pipes until they close, but stops once they have been idle (nothing arrived) for the drain
     * window, or after the cap: only a process that left the group can hold them open, and it must not hold
     * the run.
     */
    async drainPipes() {
        // Writing straight to the file: nothing to drain (a process that left the group writes on; see README).
        if (this.pipes.length === 0)
            return;
        const started = Date.now();
        while (!this.closed) {
            const seen = this.chunks;
            await new Promise((resolve) => {
                const timer = setTimeout(done, RUN_DEFAULTS.pipeDrainMs);
                function done() {
                    clearTimeout(timer);
                    resolve();
                }
                this.wakeUp = done;
            });
            this.wakeUp = undefined;
            if (this.closed)
                return;
            if (this.chunks === seen)
                return;
            if (Date.now() - started > RUN_DEFAULTS.pipeDrainMaxMs)
                return;
        }
    }
    finish(spawnError) {
        if (this.settled)
            return;
        this.settled = true;
        clearTimeout(this.timeoutTimer);
        clearTimeout(this.killTimer);
        this.spec.signal.removeEventListener('abort', this.onAbort);
        for (const pipe of this.pipes) {
            pipe.removeAllListeners('data');
            if (!this.closed)
                pipe.destroy();
        }
        // What each pipe held back (the beginning of a secret that never came) goes before the footer.
        this.spec.log.endPipes();
        this.follower?.end();
        if (spawnError) {
            this.resolve(spawnFailed(this.spec, this.startedAt, spawnError));
            return;
        }
        this.spec.output.endAttempt();
        const finishedAt = this.spec.deps.now();
        const status = this.terminationReason === 'timeout'
            ? 'timed_out'
            : this.terminationReason === 'cancel'
                ? 'cancelled'
                : this.exitCode === 0
                    ? 'succeeded'
                    : 'failed';
        const result = attemptResult(this.spec.attempt, status, this.exitCode, this.exitSignal, this.startedAt, finishedAt);
        const reason = status === 'timed_out'
            ? `timed out after ${describeLimit(this.spec.timeoutMs)}`
            : status === 'cancelled'
                ? 'cancelled'
                : this.lost
                    ? 'exit status unknown: the spawn service stopped while the job ran'
                    : this.exitSignal !== null
                        ? `killed by ${this.exitSignal}`
                        : `exit code ${this.exitCode}`;
        writeFooter(this.spec, result, reason);
        this.resolve({ result, reason });
    }
}
function spawnFailed(spec, startedAt, error) {
    const reason = `could not start: ${describeSpawnError(spec.job, error)}`;
    spec.log.line(reason);
    spec.output.note(reason);
    spec.output.endAttempt();
    const result = attemptResult(spec.attempt, 'failed', null, null, startedAt, spec.deps.now());
    writeFooter(spec, result, reason);
    return { result, reason };
}
function describeSpawnError(job, error) {
    if (error.code === 'ENOENT') {
        // spawn reports a missing cwd as a missing program; tell them apart (error path only, sync is fine).
        if (!external_node_fs_default().existsSync(job.cwd))
            return `working directory ${job.cwd} does not exist (ENOENT)`;
        return `command not found: ${job.command[0]} (ENOENT)`;
    }
    if (error.code === 'EACCES')
        return `permission denied: ${job.command[0]} is not executable (EACCES)`;
    return error.code ? `${error.message} (${error.code})` : error.message;
}
function writeFooter(spec, result, reason) {
    const status = result.status.replace('_', ' ');
    spec.log.line(`=== attempt ${spec.attempt}/${spec.attempts} · ${status} · ${reason} · ${result.duration_seconds}s ===`);
}
function attemptResult(attempt, status, exitCode, signal, startedAt, finishedAt) {
    return {
        attempt,
        exit_code: exitCode,
        signal,
        status,
        started_at: new Date(startedAt).toISOString(),
        finished_at: new Date(finishedAt).toISOString(),
        duration_seconds: roundSeconds(finishedAt - startedAt),
    };
}
function roundSeconds(ms) {
    return Math.round(Math.max(0, ms)) / 1000;
}
/** 90000 → "1.5 min", 1200 → "1.2s". */
function describeLimit(ms) {
    return ms >= 60_000 ? `${Math.round(ms / 600) / 100} min` : seconds(ms);
}
function seconds(ms) {
    return `${roundSeconds(ms)}s`;
}
/** 2026-11-28T22:10:00Z: the header is for people, milliseconds are noise there. */
function isoSeconds(ms) {
    return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

;// CONCATENATED MODULE: ./src/run/metrics-links.ts



/**
 * Whether a job's `metrics/` folder may be read after the job, and the warnings (also logged) for the summary: a folder that now leads outside the working
 * directory through a symbolic link (the job replaced it) is not read at all, and each `*.json` entry that is
 * a link leaving it is named, with a warning each. Both are skipped, never an error: metrics are the job's
 * own business. The parser (read-metrics.ts) never follows a linked file either; this says why.
 * `empty`: the folder was listed and held nothing (no metrics, no curves to read).
 */
function metricsFolderReadable(directory, root, logger, jobId) {
    const notes = [];
    const warn = (message) => {
        notes.push(message);
        logger.warn(message);
    };
    const inside = (absolute) => {
        const real = (0,real_path/* realPathOf */.dN)(absolute, root);
        return real !== undefined && (0,real_path/* isWithin */.UO)(root.real, real);
    };
    if (!inside(directory)) {
        warn(`${jobId}: metrics/ leads outside the working directory through a symbolic link: skipped.`);
        return { readable: false, notes, empty: false };
    }
    let entries;
    try {
        entries = external_node_fs_default().readdirSync(directory, { withFileTypes: true });
    }
    catch {
        return { readable: true, notes, empty: false };
    }
    for (const entry of entries) {
        if (!entry.isSymbolicLink() || !entry.name.endsWith('.json'))
            continue;
        if (!inside(external_node_path_default().join(directory, entry.name))) {
            warn(`${jobId}: metrics/${entry.name} is a symbolic link leading outside the working directory: skipped.`);
        }
    }
    return { readable: true, notes, empty: entries.length === 0 };
}

// EXTERNAL MODULE: ./src/plan/file-kind.ts
var file_kind = __nccwpck_require__(5544);
// EXTERNAL MODULE: ./src/report/bounded-json.ts
var bounded_json = __nccwpck_require__(8282);
;// CONCATENATED MODULE: ./src/run/read-metrics.ts





/**
 * Merges a job's `metrics/*.json` (file names sorted, later files win on a shared key) into one object.
 * A metrics file is a job's own business: nothing in it can fail the report (see the script contract in the
 * README). Each problem is a warning naming the file, and what can be kept is kept:
 * - read with bounded-json: any depth (containers below METRICS_MAX_DEPTH become a marker string), the
 *   numbers a summary cannot hold (`NaN`, `Infinity`, `-Infinity`, `1e400`, integers beyond 2^53) kept as
 *   strings of their text, keys such as `__proto__` kept as plain data;
 * - skipped: a file that is not JSON, not a JSON object, larger than `maxBytes`, beyond `maxTotalBytes`
 *   for the job, not a regular file (a folder, a FIFO: never opened for a blocking read), or unreadable.
 * Bytes that are not UTF-8 are replaced by U+FFFD.
 *
 * Synchronous like the rest of the per-job bookkeeping (see JobLog): usually one readdir of an empty folder,
 * at most a few small files.
 */
function readMetrics(directory, options) {
    const notes = [];
    const warn = (message) => {
        notes.push(message);
        options.logger.warn(message);
    };
    let entries;
    try {
        entries = external_node_fs_default().readdirSync(directory, { withFileTypes: true });
    }
    catch {
        return { metrics: null, notes };
    }
    const names = [];
    for (const entry of entries) {
        if (!entry.name.endsWith('.json'))
            continue;
        // Links are never followed (a link could point outside the working directory).
        if (entry.isSymbolicLink())
            warn(`${options.label}/${entry.name} is a symbolic link: skipped.`);
        else
            names.push(entry.name);
    }
    names.sort();
    const merged = {};
    let found = false;
    let total = 0;
    for (const [index, name] of names.entries()) {
        const where = `${options.label}/${name}`;
        const read = readMetricsFile(external_node_path_default().join(directory, name), options, where);
        if (read.kind === 'unchanged') {
            // Left by an earlier run in the same output folder: not this run's result.
            options.logger.debug(`${where} is unchanged since before the job started: not merged.`);
            continue;
        }
        if (read.kind === 'problem') {
            warn(read.message);
            continue;
        }
        if (total + read.bytes > options.maxTotalBytes) {
            // Name order decides; what comes after the file that does not fit is skipped with it.
            const left = names.length - index - 1;
            warn(`${where}${left > 0 ? ` and ${left} more file(s)` : ''}: skipped, the job's metrics files together ` +
                `would exceed ${options.maxTotalBytes} bytes (${total} bytes merged so far).`);
            break;
        }
        total += read.bytes;
        let parsed;
        try {
            parsed = (0,bounded_json/* parseBoundedJson */.Rj)(read.text, { maxDepth: bounded_json/* METRICS_MAX_DEPTH */.NU });
        }
        catch (error) {
            warn(`${where} is ${error.message}: skipped.`);
            continue;
        }
        const value = parsed.value;
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
            warn(`${where} is not a JSON object (it holds ${describe(value)}): skipped.`);
            continue;
        }
        if (read.invalidUtf8)
            warn(`${where} holds bytes that are not UTF-8: replaced by U+FFFD.`);
        if (parsed.deepDropped > 0) {
            warn(`${where} nests deeper than ${bounded_json/* METRICS_MAX_DEPTH */.NU} levels: ${parsed.deepDropped} value(s) replaced by ` +
                `"${(0,bounded_json/* depthMarker */.q)(bounded_json/* METRICS_MAX_DEPTH */.NU)}", the rest kept.`);
        }
        if (parsed.unrepresentable.length > 0) {
            const shown = [...new Set(parsed.unrepresentable)].slice(0, 3).join(', ');
            warn(`${where} holds ${parsed.unrepresentable.length} number(s) JSON cannot hold exactly (${shown}): ` +
                'kept as strings of their text.');
        }
        // Own data properties: `__proto__` in a metrics file is a key like any other.
        for (const key of Object.keys(value))
            (0,bounded_json/* defineData */.O1)(merged, key, value[key]);
        found = true;
    }
    return { metrics: found ? merged : null, notes };
}
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const lenientUtf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
/**
 * One file, opened non-blocking so that a FIFO (or anything that is not a regular file) is seen by fstat
 * instead of blocking the run, and read to at most `maxBytes + 1` bytes whatever its size claims.
 */
function readMetricsFile(file, options, where) {
    let fd;
    try {
        fd = external_node_fs_default().openSync(file, (external_node_fs_default()).constants.O_RDONLY | (external_node_fs_default()).constants.O_NONBLOCK | (external_node_fs_default()).constants.O_NOFOLLOW);
    }
    catch (error) {
        return { kind: 'problem', message: `${where} could not be opened: ${(0,fs_error/* describeFsError */.T)(error)}. Skipped.` };
    }
    try {
        const stat = external_node_fs_default().fstatSync(fd);
        if (!stat.isFile()) {
            return {
                kind: 'problem',
                message: `${where} is not a regular file (${(0,file_kind/* describeFileKind */.C)(stat, 'not a file')}): skipped.`,
            };
        }
        if (options.before?.get(external_node_path_default().basename(file)) === fingerprint(stat))
            return { kind: 'unchanged' };
        if (stat.size > options.maxBytes) {
            return {
                kind: 'problem',
                message: `${where} is ${stat.size} bytes, more than ${options.maxBytes}: skipped.`,
            };
        }
        const buffer = Buffer.alloc(options.maxBytes + 1);
        let length = 0;
        for (;;) {
            const n = external_node_fs_default().readSync(fd, buffer, length, buffer.length - length, null);
            if (n === 0)
                break;
            length += n;
            if (length > options.maxBytes) {
                return { kind: 'problem', message: `${where} grew beyond ${options.maxBytes} bytes: skipped.` };
            }
        }
        const bytes = buffer.subarray(0, length);
        try {
            return { kind: 'text', text: strictUtf8.decode(bytes), bytes: length, invalidUtf8: false };
        }
        catch {
            return { kind: 'text', text: lenientUtf8.decode(bytes), bytes: length, invalidUtf8: true };
        }
    }
    catch (error) {
        return { kind: 'problem', message: `${where} could not be read: ${(0,fs_error/* describeFsError */.T)(error)}. Skipped.` };
    }
    finally {
        external_node_fs_default().closeSync(fd);
    }
}
function describe(value) {
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'an array';
    return `a ${typeof value}`;
}
/**
 * What `metrics/` holds before the job runs, so files an earlier run left in a reused output folder are
 * not reported as this run's metrics. Usually one readdir of an empty folder.
 */
function snapshotMetrics(directory) {
    const snapshot = new Map();
    let entries;
    try {
        entries = external_node_fs_default().readdirSync(directory, { withFileTypes: true });
    }
    catch {
        return snapshot;
    }
    for (const entry of entries) {
        if (!entry.isFile() || !entry.name.endsWith('.json'))
            continue;
        try {
            snapshot.set(entry.name, fingerprint(external_node_fs_default().statSync(external_node_path_default().join(directory, entry.name))));
        }
        catch {
            // Gone already: nothing to compare against.
        }
    }
    return snapshot;
}
function fingerprint(stat) {
    return `${stat.size}:${stat.mtimeMs}`;
}

;// CONCATENATED MODULE: external "node:string_decoder"
const external_node_string_decoder_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:string_decoder");
;// CONCATENATED MODULE: ./src/run/read-curves.ts



/**
 * Limits of the learning-curve reader. Whatever a job writes, reading its curves holds at most
 * `maxFiles × maxSeriesPerFile × 2 × maxPoints` points plus one line of `maxLineChars` in memory.
 */
const CURVE_LIMITS = {
    /** Curve files read per job (the first ones by path); more are named in a warning. */
    maxFiles: 8,
    /** Series (columns or keys besides epoch/step) kept per file, in header order. */
    maxSeriesPerFile: 16,
    /** Points kept per series after downsampling (the last point is always one of them). */
    maxPoints: 100,
    /** A longer line (or quoted record), in characters, is skipped and counted. */
    maxLineChars: 64 * 1024,
    /** metrics/ is searched this deep (Lightning's CSVLogger writes `<save_dir>/<name>/version_N/metrics.csv`). */
    maxDepth: 3,
    /** Directory entries looked at while searching, so a metrics/ folder with millions of files stays cheap. */
    maxEntries: 2000,
    /** Bytes read per file; the rest of a larger file is left unread with a warning. */
    maxBytesPerFile: 4 * 1024 * 1024 * 1024,
};
/**
 * The learning curves a job wrote: every `*.csv` with an `epoch` or `step` column and every `*.jsonl` with
 * an `epoch` or `step` key under `directory` (the job's metrics/ folder), read as streams and downsampled on
 * the fly. Never throws and never fails a job: an unreadable file, odd rows or non-numeric cells are a
 * note (and a warning) naming the file. Symbolic links are not followed.
 */
async function readCurves(directory, options) {
    const limits = { ...CURVE_LIMITS, ...options.limits };
    const files = findCurveFiles(directory, limits);
    const fresh = files.filter((relative) => {
        const before = options.before?.get(relative);
        if (before === undefined)
            return true;
        try {
            return read_curves_fingerprint(external_node_fs_default().statSync(external_node_path_default().join(directory, relative))) !== before;
        }
        catch {
            return false;
        }
    });
    const notes = [];
    const warn = (message) => {
        notes.push(message);
        options.logger.warn(message);
    };
    const folder = toPosix(external_node_path_default().relative(options.workingDirectory, directory)) || '.';
    const where = (relative) => `${folder}/${relative}`;
    if (fresh.length > limits.maxFiles) {
        const left = fresh.slice(limits.maxFiles);
        warn(`${folder} holds ${fresh.length} learning-curve files, more than ${limits.maxFiles}: ` +
            `not read: ${left.slice(0, 5).join(', ')}${left.length > 5 ? ', …' : ''}.`);
    }
    const curves = [];
    for (const relative of fresh.slice(0, limits.maxFiles)) {
        const absolute = external_node_path_default().join(directory, relative);
        try {
            const read = await readCurveFile(absolute, limits);
            for (const warning of read.warnings)
                warn(`${where(relative)}: ${warning}`);
            if (read.curve) {
                curves.push({ ...read.curve, file: toPosix(external_node_path_default().relative(options.workingDirectory, absolute)) });
            }
            else if (read.why) {
                options.logger.debug(`${where(relative)}: ${read.why}`);
            }
        }
        catch (error) {
            warn(`${where(relative)} could not be read: ${error.message}. Skipped.`);
        }
    }
    return { curves: curves.length > 0 ? curves : null, notes };
}
/** What the curve files under `directory` are before a job starts (see ReadCurvesOptions.before). */
function snapshotCurves(directory, limits = {}) {
    const snapshot = new Map();
    for (const relative of findCurveFiles(directory, { ...CURVE_LIMITS, ...limits })) {
        try {
            snapshot.set(relative, read_curves_fingerprint(external_node_fs_default().statSync(external_node_path_default().join(directory, relative))));
        }
        catch {
            // Gone already: nothing to compare against.
        }
    }
    return snapshot;
}
/** Series names and numbers are the job's own data: a name is redacted, a number that spells a secret is dropped. */
function redactCurves(curves, redactor) {
    if (!redactor.active)
        return curves;
    const spells = (value) => redactor.redact(String(value)) !== String(value);
    return curves.map((curve) => ({
        ...curve,
        file: redactor.redact(curve.file),
        series: Object.fromEntries(Object.entries(curve.series).map(([name, points]) => [
            redactor.redact(name),
            points.filter(([x, y]) => !spells(x) && !spells(y)),
        ])),
    }));
}
/** Relative paths (POSIX) of `*.csv` and `*.jsonl` regular files, sorted, breadth-first up to maxDepth. */
function findCurveFiles(directory, limits) {
    const found = [];
    let budget = limits.maxEntries;
    let level = [''];
    for (let depth = 1; depth <= limits.maxDepth && level.length > 0 && budget > 0; depth += 1) {
        const next = [];
        for (const folder of level.sort()) {
            let entries;
            try {
                entries = external_node_fs_default().readdirSync(external_node_path_default().join(directory, folder), { withFileTypes: true });
            }
            catch {
                continue;
            }
            for (const entry of entries.slice(0, Math.max(0, budget))) {
                const relative = folder ? `${folder}/${entry.name}` : entry.name;
                // A Dirent describes the link itself: a symbolic link is neither a file nor a directory here.
                if (entry.isDirectory())
                    next.push(relative);
                else if (entry.isFile() && /\.(csv|jsonl)$/i.test(entry.name))
                    found.push(relative);
            }
            budget -= entries.length;
            if (budget <= 0)
                break;
        }
        level = next;
    }
    return found.sort();
}
/**
 * Reads one CSV or JSON Lines file line by line (never more than one line in memory) and downsamples each
 * series as it goes. Never throws for anything in the file; only an I/O error rejects.
 */
async function readCurveFile(file, limits = CURVE_LIMITS) {
    const parser = /\.jsonl$/i.test(file) ? new JsonLinesCurve(limits) : new CsvCurve(limits);
    const size = external_node_fs_default().statSync(file).size;
    await forEachLine(file, limits, (line, tooLong) => parser.line(line, tooLong));
    const result = parser.finish();
    if (size > limits.maxBytesPerFile) {
        result.warnings.unshift(`${size} bytes, more than ${limits.maxBytesPerFile}: only the first ${limits.maxBytesPerFile} bytes were read.`);
    }
    return result;
}
/**
 * Calls `onLine` for each line of the file (without `\n` or `\r`), the first without a BOM. A line longer
 * than maxLineChars is reported as `tooLong` without its text and never held in memory whole. Chunks are
 * decoded once (a character split between two chunks is completed by the decoder), then cut at newlines.
 */
async function forEachLine(file, limits, onLine) {
    const stream = external_node_fs_default().createReadStream(file, { highWaterMark: 64 * 1024, end: limits.maxBytesPerFile - 1 });
    const decoder = new external_node_string_decoder_namespaceObject.StringDecoder('utf8');
    let carry = '';
    let skipping = false;
    let first = true;
    const emit = (text, tooLong) => {
        if (tooLong)
            onLine('', true);
        else {
            let line = text;
            if (first && line.charCodeAt(0) === 0xfeff)
                line = line.slice(1);
            if (line.endsWith('\r'))
                line = line.slice(0, -1);
            onLine(line, false);
        }
        first = false;
    };
    const take = (text) => {
        let start = 0;
        for (;;) {
            const newline = text.indexOf('\n', start);
            if (newline === -1) {
                if (!skipping) {
                    carry += text.slice(start);
                    if (carry.length > limits.maxLineChars) {
                        skipping = true;
                        carry = '';
                    }
                }
                return;
            }
            if (skipping)
                emit('', true);
            else {
                const line = carry + text.slice(start, newline);
                emit(line, line.length > limits.maxLineChars);
            }
            carry = '';
            skipping = false;
            start = newline + 1;
        }
    };
    for await (const chunk of stream)
        take(decoder.write(chunk));
    take(decoder.end());
    if (skipping)
        emit('', true);
    else if (carry.length > 0)
        emit(carry, false);
}
/**
 * Keeps a bounded, evenly thinned sample of a stream of points: every `stride`-th point is kept; when the
 * buffer is full every other kept point goes and the stride doubles. The last point is always kept, so the
 * final value of a curve is exact. At most `capacity` points (≥ 2) are ever held.
 */
class Downsampler {
    capacity;
    points = [];
    stride = 1;
    seen = 0;
    last;
    lastKept = false;
    constructor(capacity) {
        this.capacity = capacity;
    }
    push(x, y) {
        this.last = [x, y];
        this.lastKept = this.seen % this.stride === 0;
        if (this.lastKept) {
            this.points.push(this.last);
            if (this.points.length >= this.capacity) {
                this.points = this.points.filter((_, i) => i % 2 === 0);
                this.stride *= 2;
                this.lastKept = this.points.at(-1) === this.last;
            }
        }
        this.seen += 1;
    }
    get count() {
        return this.seen;
    }
    result() {
        const out = [...this.points];
        if (this.last && !this.lastKept) {
            if (out.length >= this.capacity)
                out.pop();
            out.push(this.last);
        }
        return out;
    }
}
/** One series, sampled against each x column the file has. */
class SeriesSampler {
    epoch;
    step;
    /** Epoch values strictly increase down the rows carrying this series (one point per epoch). */
    epochUnique = true;
    lastEpoch = -Infinity;
    constructor(xs, capacity) {
        this.epoch = xs.includes('epoch') ? new Downsampler(capacity) : undefined;
        this.step = xs.includes('step') ? new Downsampler(capacity) : undefined;
    }
    push(xs, y) {
        if (xs.epoch !== undefined) {
            this.epoch?.push(xs.epoch, y);
            if (xs.epoch <= this.lastEpoch)
                this.epochUnique = false;
            this.lastEpoch = xs.epoch;
        }
        if (xs.step !== undefined)
            this.step?.push(xs.step, y);
    }
    result(x) {
        return (x === 'epoch' ? this.epoch : this.step)?.result() ?? [];
    }
}
/** Counts of what was left out, for one warning per file. */
class Oddities {
    ragged = 0;
    tooLong = 0;
    notNumbers = 0;
    nonFinite = 0;
    badX = 0;
    notObjects = 0;
    firstLine = 0;
    note(kind, line) {
        this[kind] += 1;
        if (this.firstLine === 0)
            this.firstLine = line;
    }
    describe() {
        const parts = [];
        const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
        if (this.ragged)
            parts.push(`${plural(this.ragged, 'row has', 'rows have')} a different number of cells than the header`);
        if (this.tooLong)
            parts.push(`${plural(this.tooLong, 'line is', 'lines are')} too long`);
        if (this.notObjects)
            parts.push(`${plural(this.notObjects, 'line is not a JSON object', 'lines are not JSON objects')}`);
        if (this.badX)
            parts.push(`${plural(this.badX, 'row has', 'rows have')} no numeric epoch/step`);
        if (this.notNumbers)
            parts.push(`${plural(this.notNumbers, 'value is', 'values are')} not a number`);
        if (this.nonFinite)
            parts.push(`${plural(this.nonFinite, 'value is', 'values are')} NaN or infinite`);
        if (parts.length === 0)
            return undefined;
        return `${parts.join('; ')} (first at line ${this.firstLine}): left out of the learning curve.`;
    }
}
const read_curves_EMPTY = { kind: 'empty' };
const NOT_FINITE = { kind: 'nonFinite' };
const TEXT = { kind: 'text' };
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;
/** A cell or JSON value as a number: decimal notation only (no hex, no `1_000`), NaN/inf told apart. */
function parseCell(raw) {
    if (raw === null || raw === undefined)
        return read_curves_EMPTY;
    if (typeof raw === 'number')
        return Number.isFinite(raw) ? { kind: 'number', value: raw } : NOT_FINITE;
    if (typeof raw !== 'string')
        return TEXT;
    if (raw === '')
        return read_curves_EMPTY;
    const padded = raw.charCodeAt(0) <= 32 || raw.charCodeAt(raw.length - 1) <= 32;
    const text = padded ? raw.trim() : raw;
    if (text === '')
        return read_curves_EMPTY;
    if (DECIMAL.test(text)) {
        const value = Number(text);
        return Number.isFinite(value) ? { kind: 'number', value } : NOT_FINITE;
    }
    return NON_FINITE.test(text) ? NOT_FINITE : TEXT;
}
/** Shared by both formats: x columns, series samplers, counts. */
class CurveParser {
    limits;
    lineNumber = 0;
    odd = new Oddities();
    xs = [];
    series = new Map();
    warnings = [];
    rows = 0;
    droppedSeries = new Set();
    constructor(limits) {
        this.limits = limits;
    }
    /** Adds a series unless the file already has maxSeriesPerFile; returns it or undefined. */
    seriesFor(name) {
        const existing = this.series.get(name);
        if (existing)
            return existing;
        if (this.series.size >= this.limits.maxSeriesPerFile) {
            this.droppedSeries.add(name);
            return undefined;
        }
        const created = new SeriesSampler(this.xs, Math.max(2, this.limits.maxPoints));
        this.series.set(name, created);
        return created;
    }
    /** Parses the x values of a row; undefined (and counted) when none is a number. */
    xValues(epochRaw, stepRaw) {
        const epoch = parseCell(epochRaw);
        const step = parseCell(stepRaw);
        const values = {
            epoch: epoch.kind === 'number' ? epoch.value : undefined,
            step: step.kind === 'number' ? step.value : undefined,
        };
        if (values.epoch === undefined && values.step === undefined) {
            this.odd.note('badX', this.lineNumber);
            return undefined;
        }
        return values;
    }
    /** Adds one value of a row; empty cells are sparse logging (Lightning), not an oddity. */
    value(sampler, raw, xs) {
        const cell = parseCell(raw);
        if (cell.kind === 'number') {
            sampler?.push(xs, cell.value);
            return sampler !== undefined;
        }
        if (cell.kind === 'nonFinite')
            this.odd.note('nonFinite', this.lineNumber);
        else if (cell.kind === 'text')
            this.odd.note('notNumbers', this.lineNumber);
        return false;
    }
    finish() {
        const odd = this.odd.describe();
        if (odd)
            this.warnings.push(odd);
        if (this.droppedSeries.size > 0) {
            const names = [...this.droppedSeries];
            this.warnings.push(`more than ${this.limits.maxSeriesPerFile} series: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''} left out.`);
        }
        if (this.xs.length === 0)
            return { curve: null, why: 'no epoch or step column: not a learning curve.', warnings: this.warnings };
        // With both columns, epochs are the x when each series has one point per epoch (Keras, or Lightning
        // logging on epoch end); with several points per epoch, steps are.
        const all = [...this.series.values()];
        const x = this.xs.length === 1 ? this.xs[0] : all.every((s) => s.epochUnique) ? 'epoch' : 'step';
        const series = {};
        for (const [name, sampler] of this.series) {
            const points = sampler.result(x);
            if (points.length > 0)
                series[name] = points;
        }
        if (Object.keys(series).length === 0)
            return { curve: null, why: 'no numeric values.', warnings: this.warnings };
        return { curve: { x, points: this.rows, series }, warnings: this.warnings };
    }
}
/** Which of the names is `epoch` / `step` (case-insensitive, trimmed): x columns, in that order. */
function xColumns(names) {
    const found = [];
    for (const x of ['epoch', 'step']) {
        const index = names.findIndex((name) => name.trim().toLowerCase() === x);
        if (index >= 0)
            found.push([x, index]);
    }
    return found;
}
/** CSV (RFC 4180 quoting; `,`, `;` or tab, whichever gives the header an epoch/step column). */
class CsvCurve extends CurveParser {
    header;
    delimiter = ',';
    /** Index of the epoch / step column, -1 when absent. */
    epochIndex = -1;
    stepIndex = -1;
    /** Per column: its series (undefined for x columns, unnamed ones and those over the limit). */
    columns = [];
    pending;
    pendingStart = 0;
    notCurve = false;
    line(text, tooLong) {
        this.lineNumber += 1;
        if (this.notCurve)
            return;
        if (tooLong) {
            this.pending = undefined;
            this.odd.note('tooLong', this.lineNumber);
            return;
        }
        let record = text;
        let start = this.lineNumber;
        if (this.pending !== undefined) {
            record = `${this.pending}\n${text}`;
            start = this.pendingStart;
            this.pending = undefined;
            if (record.length > this.limits.maxLineChars) {
                this.odd.note('tooLong', start);
                return;
            }
        }
        if (this.header === undefined) {
            if (record.trim() === '')
                return;
            this.readHeader(record);
            return;
        }
        const split = splitCsv(record, this.delimiter);
        if (split.open) {
            // A quoted field goes on past the end of the line: the record continues on the next one.
            this.pending = record;
            this.pendingStart = start;
            return;
        }
        if (record.trim() === '')
            return;
        this.row(split.fields, start);
    }
    readHeader(record) {
        for (const delimiter of [',', ';', '\t']) {
            const { fields, open } = splitCsv(record, delimiter);
            if (open)
                continue;
            const xs = xColumns(fields);
            if (xs.length === 0)
                continue;
            this.delimiter = delimiter;
            this.header = fields.map((field) => field.trim());
            this.xs = xs.map(([x]) => x);
            this.epochIndex = xs.find(([x]) => x === 'epoch')?.[1] ?? -1;
            this.stepIndex = xs.find(([x]) => x === 'step')?.[1] ?? -1;
            const xIndexes = new Set(xs.map(([, index]) => index));
            this.columns = this.header.map((name, index) => xIndexes.has(index) || name === '' ? undefined : this.seriesFor(name));
            return;
        }
        this.notCurve = true;
    }
    row(fields, line) {
        const header = this.header;
        const saved = this.lineNumber;
        this.lineNumber = line;
        if (fields.length !== header.length)
            this.odd.note('ragged', line);
        const xs = this.xValues(fields[this.epochIndex], fields[this.stepIndex]);
        if (xs) {
            let any = false;
            const count = Math.min(fields.length, header.length);
            for (let i = 0; i < count; i += 1) {
                if (i === this.epochIndex || i === this.stepIndex)
                    continue;
                if (this.value(this.columns[i], fields[i], xs))
                    any = true;
            }
            if (any)
                this.rows += 1;
        }
        this.lineNumber = saved;
    }
    finish() {
        if (this.pending !== undefined)
            this.odd.note('ragged', this.pendingStart);
        if (this.notCurve || this.header === undefined) {
            return {
                curve: null,
                why: 'no epoch or step column in the header: not a learning curve.',
                warnings: [],
            };
        }
        return super.finish();
    }
}
/**
 * Splits one CSV record. `open`: the record ends inside a quoted field (it continues on the next line).
 * A quote inside an unquoted field is kept as text, as most readers do.
 */
function splitCsv(record, delimiter) {
    // Most rows hold no quote at all: a plain split is several times faster than the loop below.
    if (!record.includes('"'))
        return { fields: record.split(delimiter), open: false };
    const fields = [];
    let field = '';
    let quoted = false;
    let atStart = true;
    for (let i = 0; i < record.length; i += 1) {
        const c = record[i];
        if (quoted) {
            if (c === '"') {
                if (record[i + 1] === '"') {
                    field += '"';
                    i += 1;
                }
                else
                    quoted = false;
            }
            else
                field += c;
        }
        else if (c === delimiter) {
            fields.push(field);
            field = '';
            atStart = true;
            continue;
        }
        else if (c === '"' && atStart)
            quoted = true;
        else
            field += c;
        atStart = false;
    }
    fields.push(field);
    return { fields, open: quoted };
}
/** JSON Lines: one object per line with an `epoch` or `step` key; numeric top-level values are series. */
class JsonLinesCurve extends CurveParser {
    line(text, tooLong) {
        this.lineNumber += 1;
        if (tooLong) {
            this.odd.note('tooLong', this.lineNumber);
            return;
        }
        if (text.trim() === '')
            return;
        let value;
        try {
            // Python's json.dumps writes NaN/Infinity bare: read them as null-like so the row still counts.
            value = JSON.parse(text.replace(/(?<=[:,[]\s*)-?(?:NaN|Infinity)(?=\s*[,}\]])/g, '"NaN"'));
        }
        catch {
            this.odd.note('notObjects', this.lineNumber);
            return;
        }
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
            this.odd.note('notObjects', this.lineNumber);
            return;
        }
        const record = value;
        // The x keys are learnt from the rows: the first row with `epoch` or `step` fixes the series' x columns.
        if (this.xs.length === 0) {
            const keys = xColumns(Object.keys(record)).map(([x]) => x);
            if (keys.length === 0) {
                this.odd.note('badX', this.lineNumber);
                return;
            }
            this.xs = keys;
        }
        let epochRaw;
        let stepRaw;
        for (const key of Object.keys(record)) {
            const lower = key.trim().toLowerCase();
            if (lower === 'epoch' && this.xs.includes('epoch'))
                epochRaw = record[key];
            else if (lower === 'step' && this.xs.includes('step'))
                stepRaw = record[key];
        }
        const xs = this.xValues(epochRaw, stepRaw);
        if (!xs)
            return;
        let any = false;
        for (const [key, raw] of Object.entries(record)) {
            const lower = key.trim().toLowerCase();
            if (lower === 'epoch' || lower === 'step')
                continue;
            if (typeof raw === 'boolean' ||
                (typeof raw === 'string' && !NON_FINITE.test(raw.trim()) && !DECIMAL.test(raw.trim()))) {
                // Labels (`"phase": "train"`) are not series and not an oddity.
                continue;
            }
            if (raw !== null && typeof raw === 'object')
                continue;
            const cell = parseCell(raw);
            const sampler = cell.kind === 'number' ? this.seriesFor(key) : undefined;
            if (this.value(sampler, raw, xs))
                any = true;
        }
        if (any)
            this.rows += 1;
    }
    finish() {
        // Not one object with an epoch/step key: not a learning-curve file, whatever else it holds.
        if (this.xs.length === 0) {
            return { curve: null, why: 'no object with an epoch or step key: not a learning curve.', warnings: [] };
        }
        return super.finish();
    }
}
function read_curves_fingerprint(stat) {
    return `${stat.size}:${stat.mtimeMs}`;
}
function toPosix(relative) {
    return relative.split((external_node_path_default()).sep).join('/');
}

;// CONCATENATED MODULE: ./src/run/run-job.ts










/** A failed, timed-out attempt: p-retry retries it. */
class AttemptFailed extends Error {
    outcome;
    constructor(outcome) {
        super(outcome.reason);
        this.outcome = outcome;
    }
}
/** The longest delay setTimeout honours; beyond it the timer fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/**
 * The timer for a job's timeout in minutes, 0 for none (0, negative or NaN). The planner only lets
 * through 0 or a range the timer can hold; this keeps the runner safe on its own: a positive timeout
 * is rounded up to at least 1 ms (never down to 0, which would mean none) and capped at what setTimeout
 * can arm (a longer limit is no limit in practice, where an overflow would fire at once).
 */
function timeoutMsFor(minutes) {
    if (!(minutes > 0))
        return 0;
    return Math.min(Math.max(1, Math.ceil(minutes * 60_000)), MAX_TIMER_MS);
}
let pRetryModule;
/**
 * Runs one job to its end: output folders, one log file for all attempts, retries, metrics.
 * A failed job is a result; a job that never spawned (cancelled first) is `skipped`.
 */
async function runJob(job, context) {
    const { deps, signal } = context;
    const logPath = external_node_path_default().resolve(context.workingDirectory, job.logPath);
    const outputDir = external_node_path_default().resolve(context.workingDirectory, job.outputDir);
    if (signal.aborted)
        return skippedResult(job);
    let opened;
    let created;
    try {
        // Checked again here, not only in the plan: a link planted since (by an earlier job) is refused too.
        created = makeFoldersInside(outputDir, OUTPUT_FOLDERS, context.root, job.outputDir, context.ensureDirectory);
        const logFolder = external_node_path_default().dirname(logPath);
        // Made (after the same check) by the first job that writes there; the open checks it again for every job.
        if (!context.ensureDirectory.made(logFolder)) {
            makeFoldersInside(logFolder, [], context.root, external_node_path_default().posix.dirname(job.logPath), context.ensureDirectory);
        }
        opened = deps.openLog(logPath, context.root, job.logPath);
    }
    catch (error) {
        return unpreparedResult(job, context, error);
    }
    const emit = context.emit;
    const log = new JobLog(logPath, context.redactor, deps.logger, opened, job.logPath);
    const output = new JobOutput({
        tailLines: context.tailLines,
        tailLineChars: RUN_DEFAULTS.tailLineChars,
        redactor: context.redactor,
        echo: emit && context.echoLimitBytes > 0
            ? {
                limitBytes: context.echoLimitBytes,
                logPath: job.logPath,
                emit: (attempt, text) => emit({ type: 'job-output', job, attempt, text }),
            }
            : undefined,
    });
    const metricsDir = external_node_path_default().join(outputDir, 'metrics');
    // A metrics/ folder made just now is empty: nothing from an earlier run to tell apart.
    const fresh = created.has('metrics');
    const metricsBefore = fresh ? undefined : snapshotMetrics(metricsDir);
    const curvesBefore = fresh ? undefined : snapshotCurves(metricsDir);
    const attempts = [];
    const totalAttempts = 1 + Math.max(0, Math.floor(job.retries));
    // Python block-buffers a pipe: unbuffered, its output arrives live and stdout/stderr stay in print order.
    const env = { ...context.baseEnv, ...job.env, ...context.allocationEnv, PYTHONUNBUFFERED: '1' };
    const timeoutMs = timeoutMsFor(job.timeoutMinutes);
    try {
        const { default: pRetry, AbortError } = await (pRetryModule ??= __nccwpck_require__.e(/* import() */ 995).then(__nccwpck_require__.bind(__nccwpck_require__, 4995)));
        await pRetry(async (attempt) => {
            if (attempt === 1)
                context.onStart(job);
            const outcome = await runAttempt({
                job,
                attempt,
                attempts: totalAttempts,
                env,
                timeoutMs,
                timeoutKillGraceMs: context.timeoutKillGraceMs,
                cancelKillGraceMs: context.cancelKillGraceMs,
                signal,
                log,
                output,
                deps,
                monitor: context.monitor,
            });
            context.monitor?.attemptEnded(job, attempt);
            attempts.push(outcome.result);
            if (outcome.result.status === 'succeeded')
                return;
            if (outcome.result.status === 'cancelled' || signal.aborted)
                throw new AbortError(outcome.reason);
            throw new AttemptFailed(outcome);
        }, {
            retries: totalAttempts - 1,
            // The delay is ours (deps.sleep, abortable), so p-retry's own timer stays off.
            minTimeout: 0,
            factor: 1,
            randomize: false,
            signal,
            // Only a failed attempt is worth another; a fault of ours must surface at once.
            shouldRetry: ({ error }) => error instanceof AttemptFailed,
            onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
                if (retriesLeft <= 0 || !(error instanceof AttemptFailed))
                    return;
                const delayMs = context.retryDelayMs;
                log.line(`--- retrying in ${roundSeconds(delayMs)}s`);
                const reason = context.redactor ? context.redactor.redact(error.message) : error.message;
                emit?.({ type: 'job-retry', job, attempt: attemptNumber + 1, delayMs, reason });
                await deps.sleep(delayMs, signal);
            },
        });
    }
    catch (error) {
        // A failed last attempt, or a cancellation (during an attempt or the pause between two) ends retrying;
        // anything else is a fault of ours.
        if (!(error instanceof AttemptFailed) && !signal.aborted) {
            await log.close();
            throw error;
        }
    }
    const lastStatus = attempts.at(-1)?.status;
    if (lastStatus === undefined)
        log.line('--- not started: the run was cancelled');
    else if (signal.aborted &&
        (lastStatus === 'failed' || lastStatus === 'timed_out') &&
        attempts.length < totalAttempts) {
        log.line('--- run cancelled: no further attempt');
    }
    await log.close();
    if (attempts.length === 0)
        return skippedResult(job);
    const linked = metricsFolderReadable(metricsDir, context.root, deps.logger, job.id);
    // An empty metrics/ (most jobs) holds neither metrics nor curves: one readdir says so.
    const read = linked.readable && !linked.empty;
    const { metrics, notes: metricsNotes } = read
        ? readMetrics(metricsDir, {
            maxBytes: RUN_DEFAULTS.metricsFileMaxBytes,
            maxTotalBytes: RUN_DEFAULTS.metricsJobMaxBytes,
            logger: deps.logger,
            label: external_node_path_default().posix.join(job.outputDir, 'metrics'),
            before: metricsBefore,
        })
        : { metrics: null, notes: [] };
    // The same gate: a metrics/ folder that now leads outside the working directory is not read at all.
    const { curves, notes: curveNotes } = read
        ? await readCurves(metricsDir, {
            workingDirectory: context.workingDirectory,
            logger: deps.logger,
            before: curvesBefore,
        })
        : { curves: null, notes: [] };
    const notes = [...(log.failure ? [log.failure] : []), ...linked.notes, ...metricsNotes, ...curveNotes].map((note) => (context.redactor ? context.redactor.redact(note) : note));
    const first = attempts[0];
    const last = attempts[attempts.length - 1];
    return {
        id: job.id,
        status: last.status,
        attempts,
        exit_code: last.exit_code,
        signal: last.signal,
        started_at: first.started_at,
        finished_at: last.finished_at,
        duration_seconds: roundSeconds(Date.parse(last.finished_at) - Date.parse(first.started_at)),
        tail: output.tailLines(),
        metrics: metrics && context.redactor ? context.redactor.redactData(metrics) : metrics,
        curves: curves && context.redactor ? redactCurves(curves, context.redactor) : curves,
        output_bytes: output.bytes,
        ...(notes.length > 0 ? { notes } : {}),
        ...(context.monitor ? { resources: context.monitor.jobResources(job) } : {}),
    };
}
function skippedResult(job) {
    return {
        id: job.id,
        status: 'skipped',
        attempts: [],
        exit_code: null,
        signal: null,
        started_at: null,
        finished_at: null,
        duration_seconds: 0,
        tail: [],
        metrics: null,
        output_bytes: 0,
    };
}
/** The output or log folder could not be created (a file in the way, no permission): the job fails, the run goes on. */
function unpreparedResult(job, context, error) {
    const reason = error instanceof PathEscapeError ? error.message : `could not create the job's folders: ${error.message}`;
    context.deps.logger.error(`${job.id}: ${reason}`);
    context.onStart(job);
    const at = new Date(context.deps.now()).toISOString();
    const attempt = {
        attempt: 1,
        exit_code: null,
        signal: null,
        status: 'failed',
        started_at: at,
        finished_at: at,
        duration_seconds: 0,
    };
    return {
        ...skippedResult(job),
        status: 'failed',
        attempts: [attempt],
        started_at: at,
        finished_at: at,
        tail: [context.redactor ? context.redactor.redact(reason) : reason],
    };
}
/** The folders every job gets in its output folder, created before it starts (the script contract). */
const OUTPUT_FOLDERS = ['models', 'metrics', 'predictions'];
/**
 * mkdir -p with a per-run memo (a thousand jobs share one logs/ folder). Synchronous on purpose: a mkdir is a
 * few microseconds, a trip through the thread pool costs far more CPU (see JobLog).
 */
function directoryMaker() {
    const done = new Set();
    const make = (absolute) => {
        if (done.has(absolute))
            return;
        external_node_fs_default().mkdirSync(absolute, { recursive: true });
        done.add(absolute);
    };
    return Object.assign(make, { made: (absolute) => done.has(absolute) });
}

;// CONCATENATED MODULE: ./src/run/run-plan.ts









/**
 * An orchestrator fault during the run, with every result known when it happened: jobs that finished keep
 * their results, the job whose bookkeeping failed is `failed` with the fault in its tail and notes, jobs that
 * were running were cancelled, and jobs that never started are `skipped`. A fault never costs the results
 * of the jobs that did run.
 */
class RunFault extends Error {
    cause;
    results;
    name = 'RunFault';
    constructor(cause, results) {
        super(cause instanceof Error ? cause.message : String(cause));
        this.cause = cause;
        this.results = results;
    }
}
/**
 * Runs every job of the plan and returns their results in plan order. Never throws for what a job does
 * (a failed job is a result); it rejects only on a fault of the orchestrator itself, after terminating
 * whatever was running, with a RunFault that carries the results.
 *
 * Cancellation (options.signal): nothing new starts, running process groups get SIGTERM then SIGKILL after
 * `cancelKillGraceMs`, and the promise resolves once every log is flushed and closed. Jobs that were running
 * end `cancelled`; jobs that never started are `skipped`.
 */
async function runPlan(plan, options, deps = {}) {
    const runDeps = defaultRunDeps(deps);
    const { logger } = runDeps;
    const jobs = plan.jobs;
    const total = jobs.length;
    const workers = options.parallel ? Math.max(1, Math.floor(options.maxWorkers)) : 1;
    // Jobs start through the spawn service once it is ready (Node's spawn until then, and after any failure).
    const service = !deps.launch &&
        wantsSpawnService({
            python: options.spawnServicePython,
            jobs: total,
            workers,
            secrets: options.redactor?.active ?? false,
            ownSpawn: deps.spawn !== undefined,
            mode: options.spawnService,
        })
        ? new SpawnService({
            python: options.spawnServicePython,
            cwd: options.workingDirectory,
            logger,
        })
        : undefined;
    if (service)
        runDeps.launch = service;
    else if (options.spawnService === 'off' && !deps.launch)
        logger.debug("Spawn service turned off (spawnService: off): every job starts with Node's spawn.");
    const listener = options.onEvent;
    const emit = listener
        ? (event) => {
            try {
                listener(event);
            }
            catch (error) {
                logger.error(`A run event listener failed on ${event.type}: ${error.stack ?? String(error)}`);
            }
        }
        : undefined;
    // One internal signal for every job, so an orchestrator fault can cancel too, and the caller's signal gets a
    // single listener however many jobs and attempts there are.
    const controller = new AbortController();
    (0,external_node_events_namespaceObject.setMaxListeners)(0, controller.signal);
    const cancel = (reason) => {
        if (controller.signal.aborted)
            return;
        logger.debug(`Cancelling the run: ${reason}`);
        emit?.({ type: 'run-cancelled', reason });
        controller.abort(reason);
    };
    const external = options.signal;
    const onExternalAbort = () => cancel(describeReason(external?.reason));
    emit?.({ type: 'run-start', total, parallel: options.parallel, workers });
    if (external?.aborted)
        onExternalAbort();
    else
        external?.addEventListener('abort', onExternalAbort, { once: true });
    const order = startOrder(jobs, options.parallel, options.expectedDurations);
    if (options.parallel && options.expectedDurations && options.expectedDurations.size > 0) {
        logger.debug(`Start order (longest first from history): ${order.map((i) => jobs[i].id).join(', ')}`);
    }
    // Each job's number in the console (`[3/9]`): given when it starts and repeated when it ends, so the two
    // lines of a parallel job match. A job that never started gets the next free number when it is skipped.
    let numbered = 0;
    const numbers = new Map();
    const results = new Array(total).fill(undefined);
    const finish = (index, result) => {
        results[index] = result;
        const job = jobs[index];
        const number = numbers.get(job) ?? ++numbered;
        emit?.({ type: 'job-end', job, result, index: number, total });
    };
    const context = {
        workingDirectory: options.workingDirectory,
        root: { path: external_node_path_default().resolve(options.workingDirectory), real: (0,real_path/* realRootOf */.GW)(options.workingDirectory) },
        redactor: options.redactor,
        signal: controller.signal,
        deps: runDeps,
        emit,
        total,
        onStart: (job) => {
            const number = ++numbered;
            numbers.set(job, number);
            emit?.({ type: 'job-start', job, attempt: 1, index: number, total });
            return number;
        },
        baseEnv: { ...process.env },
        ensureDirectory: directoryMaker(),
        echoLimitBytes: options.echoLimitBytes ?? RUN_DEFAULTS.echoLimitBytes,
        tailLines: options.tailLines ?? RUN_DEFAULTS.tailLines,
        timeoutKillGraceMs: options.timeoutKillGraceMs ?? RUN_DEFAULTS.timeoutKillGraceMs,
        cancelKillGraceMs: options.cancelKillGraceMs ?? RUN_DEFAULTS.cancelKillGraceMs,
        retryDelayMs: options.retryDelayMs ?? RUN_DEFAULTS.retryDelayMs,
        monitor: options.monitor,
    };
    // CPUs, memory and GPUs: which job may start, what it gets (see src/resources/scheduler.ts).
    const scheduler = options.resources ? new JobScheduler(jobs, options.resources, workers) : undefined;
    let fault;
    const task = async (index) => {
        let result;
        const granted = scheduler?.grant(index, context.baseEnv);
        try {
            if (granted && !controller.signal.aborted)
                logger.debug(describeAllocation(jobs[index].id, granted.allocation));
            result = await runJob(jobs[index], granted ? { ...context, allocationEnv: granted.env } : context);
        }
        catch (error) {
            finish(index, faultedResult(jobs[index], error));
            throw error;
        }
        finish(index, granted && result.attempts.length > 0 ? { ...result, allocation: granted.allocation } : result);
    };
    try {
        await runPool(order, workers, task, {
            canStart: () => !controller.signal.aborted,
            onFault: (error) => cancel(`orchestrator error: ${error.message ?? String(error)}`),
            resources: scheduler?.gated
                ? {
                    fits: (index) => scheduler.fits(index),
                    take: (index) => scheduler.take(index),
                    release: (index) => scheduler.release(index),
                }
                : undefined,
        });
    }
    catch (error) {
        fault = { error };
    }
    finally {
        external?.removeEventListener('abort', onExternalAbort);
        service?.close();
    }
    // Only a cancellation (or a fault) leaves jobs unstarted; they are reported in start order too.
    for (const index of order)
        if (results[index] === undefined)
            finish(index, skippedResult(jobs[index]));
    if (fault)
        throw new RunFault(fault.error, results);
    return results;
}
/** The job whose own bookkeeping failed (not the job's doing): `failed`, with the fault as its tail and note. */
function faultedResult(job, error) {
    const note = `The orchestrator failed while running this job: ${error instanceof Error ? error.message : String(error)}`;
    return { ...skippedResult(job), status: 'failed', tail: [note], notes: [note] };
}
function describeReason(reason) {
    if (typeof reason === 'string' && reason.length > 0)
        return reason;
    if (reason instanceof Error && reason.name !== 'AbortError')
        return reason.message;
    return 'cancelled';
}

// EXTERNAL MODULE: ./src/report/status.ts
var report_status = __nccwpck_require__(6934);
// EXTERNAL MODULE: ./src/report/summary.ts
var report_summary = __nccwpck_require__(7994);
// EXTERNAL MODULE: ./src/report/quality.ts + 1 modules
var report_quality = __nccwpck_require__(5218);
;// CONCATENATED MODULE: ./src/report/run-links.ts
/** The shapes the reports accept for what the runner's variables name; anything else is never put in a link. */
const GITHUB_VALUE_SHAPES = {
    /** A commit: hex, abbreviated or full (SHA-1 or SHA-256). */
    sha: /^[0-9a-f]{7,64}$/i,
    /** A workflow run id or an artifact id. */
    id: /^[0-9]{1,20}$/,
    /** `owner/name`. */
    repository: /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/,
};
/**
 * A workflow run's page: `<server>/<owner>/<name>/actions/runs/<id>`, with `/attempts/<n>` after the first
 * attempt when `attempt` is given. The caller has checked each part (GITHUB_VALUE_SHAPES, httpBaseUrl).
 */
function runPageUrl(server, repository, runId, attempt) {
    const url = `${server}/${repository}/actions/runs/${runId}`;
    return attempt !== undefined && attempt > 1 ? `${url}/attempts/${attempt}` : url;
}
/**
 * The links of a GitHub Actions run, from the variables the runner sets (`GITHUB_SERVER_URL`,
 * `GITHUB_REPOSITORY`, `GITHUB_RUN_ID`, `GITHUB_SHA`); `artifactId` (an upload's id) makes the artifacts
 * link point at that artifact. Every value is checked for its shape (an http(s) server, `owner/name`, a
 * numeric run id, a hex SHA), so nothing else can end up in a link. Undefined outside GitHub.
 */
function runLinksFromEnv(env, artifactId) {
    const server = httpBaseUrl(env.GITHUB_SERVER_URL);
    const repository = env.GITHUB_REPOSITORY ?? '';
    if (!server || !GITHUB_VALUE_SHAPES.repository.test(repository))
        return undefined;
    const base = `${server}/${repository}`;
    const links = {};
    const sha = env.GITHUB_SHA ?? '';
    if (GITHUB_VALUE_SHAPES.sha.test(sha))
        links.commit = { sha, url: `${base}/commit/${sha}` };
    const runId = env.GITHUB_RUN_ID ?? '';
    if (GITHUB_VALUE_SHAPES.id.test(runId)) {
        const url = runPageUrl(server, repository, runId);
        links.run = { id: runId, url };
        links.artifacts =
            artifactId !== undefined && GITHUB_VALUE_SHAPES.id.test(String(artifactId))
                ? `${url}/artifacts/${artifactId}`
                : `${url}#artifacts`;
    }
    return links.commit || links.run ? links : undefined;
}
/** One Markdown line: `Commit [abc1234](…) · [Run 123](…) · [Artifacts](…)`, '' when there is nothing to link. */
function renderRunLinks(links) {
    if (!links)
        return '';
    const parts = [];
    if (links.commit)
        parts.push(`Commit [\`${links.commit.sha.slice(0, 7)}\`](${links.commit.url})`);
    if (links.run)
        parts.push(`[Run ${links.run.id}](${links.run.url})`);
    if (links.artifacts)
        parts.push(`[Artifacts](${links.artifacts})`);
    return parts.join(' · ');
}
/**
 * An http(s) URL without credentials, query or fragment, with no trailing slash: the only kind of base URL
 * (a server, a log host) the reports join paths onto. Undefined for anything else.
 */
function httpBaseUrl(value) {
    if (!value)
        return undefined;
    try {
        const url = new URL(value);
        if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password)
            return undefined;
        if (url.search || url.hash)
            return undefined;
        return url.href.replace(/\/+$/, '');
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/report/provenance.ts

/** Picks the provenance variables out of an environment (the shells call it with process.env). */
function provenanceEnvironment(env) {
    const keys = [
        'GITHUB_SHA',
        'GITHUB_REF',
        'GITHUB_RUN_ID',
        'GITHUB_SERVER_URL',
        'GITHUB_REPOSITORY',
        'GITHUB_WORKFLOW',
    ];
    const picked = {};
    for (const key of keys)
        if (env[key] !== undefined)
            picked[key] = env[key];
    return picked;
}
/**
 * Provenance from the environment and the interpreter. Values are checked for their shape (a commit is
 * hex, a run id digits, a repository `owner/name`, the server an http(s) URL): anything else is null
 * rather than copied into a file people trust. The run URL is built only from valid parts.
 */
function buildProvenance(env, python) {
    const commit = matching(env.GITHUB_SHA, GITHUB_VALUE_SHAPES.sha);
    const runId = matching(env.GITHUB_RUN_ID, GITHUB_VALUE_SHAPES.id);
    const repository = matching(env.GITHUB_REPOSITORY, GITHUB_VALUE_SHAPES.repository);
    const server = httpBaseUrl(env.GITHUB_SERVER_URL?.trim());
    return {
        commit,
        ref: provenance_text(env.GITHUB_REF),
        run_id: runId,
        run_url: server && repository && runId ? runPageUrl(server, repository, runId) : null,
        repository,
        workflow: provenance_text(env.GITHUB_WORKFLOW),
        python: python.path,
        python_version: python.version,
    };
}
function provenance_text(value) {
    const trimmed = value?.trim();
    // eslint-disable-next-line no-control-regex
    return trimmed && trimmed.length <= 1000 && !/[\u0000-\u001f\u007f]/.test(trimmed) ? trimmed : null;
}
function matching(value, pattern) {
    const trimmed = value?.trim();
    return trimmed && pattern.test(trimmed) ? trimmed : null;
}

// EXTERNAL MODULE: ./src/plan/python.ts
var python = __nccwpck_require__(7429);
;// CONCATENATED MODULE: ./src/resources/sample-proc.ts


/*
 * Reading Linux's /proc: the few fields the sampler needs from /proc/<pid>/stat and /proc/<pid>/status,
 * parsed without allocating more than the split. Everything here is pure except linuxProcReader.
 */
/** Clock ticks per second of the times in /proc/<pid>/stat (USER_HZ: 100 on every Linux ABI). */
const CLOCK_TICKS_PER_SECOND = 100;
/**
 * Parses one /proc/<pid>/stat line, or null when it is not one. The command name (field 2) is in
 * parentheses and may itself hold spaces and parentheses, so fields are counted from the last `)`.
 */
function parseProcStat(text) {
    const open = text.indexOf('(');
    const close = text.lastIndexOf(')');
    if (open < 0 || close < open)
        return null;
    const pid = Number(text.slice(0, open));
    // Field n (1-based, as in proc(5)) is rest[n - 3]: rest starts at field 3, the state.
    const rest = text.slice(close + 2).split(' ');
    if (rest.length < 20)
        return null;
    const field = (n) => Number(rest[n - 3]);
    const stat = {
        pid,
        ppid: field(4),
        pgrp: field(5),
        session: field(6),
        utime: field(14),
        stime: field(15),
        cutime: field(16),
        cstime: field(17),
        starttime: field(22),
        rssPages: field(24),
        state: rest[0],
    };
    for (const value of Object.values(stat)) {
        if (typeof value === 'number' && !Number.isFinite(value))
            return null;
    }
    return stat;
}
/** Reads `VmRSS:` and `VmHWM:` (kB) out of a /proc/<pid>/status text. */
function parseProcStatus(text) {
    return { rssBytes: kilobytesOf(text, 'VmRSS:'), hwmBytes: kilobytesOf(text, 'VmHWM:') };
}
function kilobytesOf(text, key) {
    const at = text.indexOf(key);
    if (at < 0)
        return null;
    const match = /^\s*(\d+)\s*kB/.exec(text.slice(at + key.length, at + key.length + 40));
    return match ? Number(match[1]) * 1024 : null;
}
/**
 * The page size, from one process's resident memory read both ways (stat in pages, status in kB): the
 * nearest power of two, at least 4 KiB. 4096 when either is unknown.
 */
function pageSizeOf(stat, memory) {
    const bytes = memory?.rssBytes;
    if (!stat || !bytes || stat.rssPages <= 0)
        return 4096;
    return Math.max(4096, 2 ** Math.round(Math.log2(bytes / stat.rssPages)));
}
/** Files kept open between samples at most (two per process): far below any descriptor limit. */
const KEPT_FILES_MAX = 512;
/**
 * The real /proc. Files are read into one reused buffer (a stat line is < 1 KiB, a status file < 2 KiB), and
 * the files of group members stay open between samples: a read at offset 0 of an open /proc file renders it
 * afresh, and costs a third of open + read + close (the sampler runs several times a second and must cost
 * next to nothing). An open file stays bound to its process: once that exits, reads fail, even if the pid is
 * reused.
 */
function linuxProcReader(root = '/proc') {
    const buffer = Buffer.allocUnsafe(8192);
    /** `<pid>/stat` or `<pid>/status` → its open descriptor. */
    const open = new Map();
    let selfFd;
    const readFd = (fd) => {
        try {
            const length = external_node_fs_default().readSync(fd, buffer, 0, buffer.length, 0);
            return length > 0 ? buffer.toString('latin1', 0, length) : null;
        }
        catch {
            return null; // ESRCH: it exited
        }
    };
    const closeQuietly = (fd) => {
        try {
            external_node_fs_default().closeSync(fd);
        }
        catch {
            // already closed
        }
    };
    const read = (file) => {
        let fd;
        try {
            fd = external_node_fs_default().openSync(file, 'r');
        }
        catch {
            return null;
        }
        try {
            return readFd(fd);
        }
        finally {
            closeQuietly(fd);
        }
    };
    /** Through the open descriptor when there is one (opening it when there is room), else open and close. */
    const readKept = (pid, name) => {
        const key = `${pid}/${name}`;
        let fd = open.get(key);
        if (fd === undefined) {
            if (open.size >= KEPT_FILES_MAX)
                return read(`${root}/${key}`);
            try {
                fd = external_node_fs_default().openSync(`${root}/${key}`, 'r');
            }
            catch {
                return null;
            }
            open.set(key, fd);
        }
        const text = readFd(fd);
        if (text === null) {
            open.delete(key);
            closeQuietly(fd);
        }
        return text;
    };
    return {
        pids() {
            let names;
            try {
                names = external_node_fs_default().readdirSync(root);
            }
            catch {
                return null;
            }
            const pids = [];
            for (const name of names) {
                const code = name.charCodeAt(0);
                if (code >= 48 && code <= 57)
                    pids.push(Number(name));
            }
            return pids;
        },
        stat: (pid) => (open.has(`${pid}/stat`) ? readKept(pid, 'stat') : read(`${root}/${pid}/stat`)),
        status: (pid) => readKept(pid, 'status'),
        selfStat() {
            // Kept open for the whole run: read at every sample.
            if (selfFd === undefined) {
                try {
                    selfFd = external_node_fs_default().openSync(`${root}/self/stat`, 'r');
                }
                catch {
                    return null;
                }
            }
            return readFd(selfFd);
        },
        groupExists(pgid) {
            // EPERM: a member runs as another user; it exists.
            return killGroup(pgid, 0) !== 'ESRCH';
        },
        keep(pids) {
            for (const [key, fd] of open) {
                const pid = Number(key.slice(0, key.indexOf('/')));
                if (pids.has(pid))
                    continue;
                open.delete(key);
                closeQuietly(fd);
            }
            // Members' stat files are opened here, not on first read: most processes read once are not members.
            for (const pid of pids) {
                if (open.size >= KEPT_FILES_MAX)
                    break;
                if (!open.has(`${pid}/stat`)) {
                    try {
                        open.set(`${pid}/stat`, external_node_fs_default().openSync(`${root}/${pid}/stat`, 'r'));
                    }
                    catch {
                        // gone
                    }
                }
            }
        },
    };
}

;// CONCATENATED MODULE: ./src/resources/usage-account.ts

/** One attempt's process group, from spawn to its end. */
class AttemptAccount {
    leader;
    startedAt;
    /** Processes seen at the last sample, by pid. */
    seen = new Map();
    /** CPU of processes gone from the group and not waited for by a member (so no member's cutime holds it). */
    departedUser = 0;
    departedSys = 0;
    /**
     * CPU of processes that went in the same interval as the leader, their last parent being the leader: the
     * leader most likely waited for them, so its exact figure (settleLeader) holds them. Added only if that
     * figure never comes.
     */
    deferredUser = 0;
    deferredSys = 0;
    leaderSettled = false;
    /** The leader is waited for by the spawn service: its exact figures come through reportLeader. */
    reportedLeader = false;
    /** Those figures, in ticks, kept until a sample has seen the leader gone. */
    reported;
    /** CPU of the members at the last sample (own + waited-for children). */
    liveUser = 0;
    liveSys = 0;
    leaderGone = false;
    /** The leader as last seen (zeros if it exited before any sample saw it). */
    leaderLast = { starttime: -1, ppid: 0, user: 0, sys: 0 };
    /** Where the current window for the peak-cores figure started. */
    windowStart;
    constructor(leader, startedAt) {
        this.leader = leader;
        this.startedAt = startedAt;
        this.windowStart = { at: startedAt, ticks: 0 };
    }
    get ticks() {
        return this.departedUser + this.departedSys + this.liveUser + this.liveSys;
    }
}
/**
 * The figures of one job over all its attempts. A process's CPU time is counted once: while it lives as its
 * own utime/stime (plus cutime/cstime: the children it waited for, which are dead and so not counted
 * elsewhere); when it goes, its last figures stay in the total unless a member of the group waited for it
 * (its time then moved into that member's cutime/cstime). The leader is waited for by the orchestrator, whose
 * own cutime/cstime then tell its exact final figures (see settleLeader).
 */
class JobAccount {
    intervalMs;
    measured;
    samples = 0;
    peakRss = null;
    peakProcesses = null;
    peakCores = null;
    doneUser = 0;
    doneSys = 0;
    wallMs = 0;
    current;
    gpus = new Map();
    /** The group's resident memory at the last sample (for the run's total). */
    lastRss = 0;
    lastProcesses = 0;
    constructor(intervalMs, measured) {
        this.intervalMs = intervalMs;
        this.measured = measured;
    }
    get running() {
        return this.current;
    }
    /** CPU ticks so far, all attempts (the run's total cores are computed from it). */
    get ticks() {
        return this.doneUser + this.doneSys + (this.current?.ticks ?? 0);
    }
    startAttempt(leader, at, reportedLeader = false) {
        if (this.current)
            this.endAttempt(at);
        this.current = new AttemptAccount(leader, at);
        this.current.reportedLeader = reportedLeader;
    }
    /**
     * The leader's exact CPU figures (ticks) from the spawn service's wait4, which waited for it. Applied like
     * settleLeader once a sample has seen the leader gone (its last sampled figures are then known).
     */
    reportLeader(userTicks, sysTicks) {
        const attempt = this.current;
        if (!attempt || !attempt.reportedLeader)
            return;
        attempt.reported = { user: userTicks, sys: sysTicks };
        if (attempt.leaderGone)
            this.settleLeader(userTicks, sysTicks);
    }
    /**
     * One sample of the running attempt's group. Returns true when the leader has just been seen gone (the
     * orchestrator has waited for it). finishSample completes the sample.
     */
    observe(members) {
        const attempt = this.current;
        if (!attempt)
            return false;
        const present = new Map();
        for (const member of members)
            present.set(member.stat.pid, member.stat);
        let rss = 0;
        let hwm = 0;
        let user = 0;
        let sys = 0;
        for (const { stat, memory } of members) {
            rss += memory?.rssBytes ?? 0;
            hwm = Math.max(hwm, memory?.hwmBytes ?? 0);
            user += stat.utime + stat.cutime;
            sys += stat.stime + stat.cstime;
        }
        for (const [pid, seen] of attempt.seen) {
            const now = present.get(pid);
            if (now && now.starttime === seen.starttime)
                continue;
            const waiter = waiterInGroup(pid, attempt.seen, present, attempt.leader);
            if (waiter === 'leader') {
                attempt.deferredUser += seen.user;
                attempt.deferredSys += seen.sys;
            }
            else if (waiter === 'none') {
                attempt.departedUser += seen.user;
                attempt.departedSys += seen.sys;
            }
            if (pid === attempt.leader)
                attempt.leaderLast = seen;
        }
        let leaderJustGone = false;
        if (!attempt.leaderGone && !present.has(attempt.leader)) {
            attempt.leaderGone = true;
            leaderJustGone = true;
            // The service's exact figures came first: its last sampled ones are known only now.
            if (attempt.reported)
                this.settleLeader(attempt.reported.user, attempt.reported.sys);
        }
        const seen = new Map();
        for (const { stat } of members) {
            seen.set(stat.pid, {
                starttime: stat.starttime,
                ppid: stat.ppid,
                user: stat.utime + stat.cutime,
                sys: stat.stime + stat.cstime,
            });
        }
        attempt.seen = seen;
        attempt.liveUser = user;
        attempt.liveSys = sys;
        this.samples += 1;
        this.lastRss = rss;
        this.lastProcesses = members.length;
        this.peakRss = Math.max(this.peakRss ?? 0, rss, hwm);
        this.peakProcesses = Math.max(this.peakProcesses ?? 0, members.length);
        return leaderJustGone;
    }
    /**
     * Ends a sample: the peak-cores window closes once it spans `windowMs` (ticks are 10 ms: a shorter span
     * would exaggerate).
     */
    finishSample(at, windowMs) {
        const attempt = this.current;
        if (!attempt)
            return;
        const span = at - attempt.windowStart.at;
        if (span >= windowMs && span > 0) {
            const cores = (attempt.ticks - attempt.windowStart.ticks) / CLOCK_TICKS_PER_SECOND / (span / 1000);
            this.peakCores = Math.max(this.peakCores ?? 0, Math.max(0, cores));
            attempt.windowStart = { at, ticks: attempt.ticks };
        }
    }
    /**
     * The leader's exact CPU figures, known from the orchestrator's own cutime/cstime growing when it waited for
     * it: they replace its last sampled ones (which miss whatever it and its waited-for children did after).
     */
    settleLeader(userTicks, sysTicks) {
        const attempt = this.current;
        if (!attempt || attempt.leaderSettled)
            return;
        attempt.leaderSettled = true;
        // The sampled figures (leader's last plus what it probably waited for) are a floor: keep the larger.
        const user = attempt.leaderLast.user + attempt.deferredUser;
        const sys = attempt.leaderLast.sys + attempt.deferredSys;
        attempt.departedUser += Math.max(userTicks, user) - attempt.leaderLast.user;
        attempt.departedSys += Math.max(sysTicks, sys) - attempt.leaderLast.sys;
        attempt.deferredUser = attempt.deferredSys = 0;
    }
    /** Memory per device of this job's processes, and the devices' utilisation, at one nvidia-smi sample. */
    observeGpus(apps, devices) {
        const used = new Map();
        for (const app of apps) {
            const before = used.get(app.uuid);
            used.set(app.uuid, app.usedBytes === null ? (before ?? null) : (before ?? 0) + app.usedBytes);
        }
        for (const [uuid, bytes] of used) {
            const device = devices.find((d) => d.uuid === uuid);
            let account = this.gpus.get(uuid);
            if (!account) {
                account = {
                    index: device?.index ?? -1,
                    uuid,
                    peakBytes: null,
                    utilizationSum: 0,
                    utilizationCount: 0,
                };
                this.gpus.set(uuid, account);
            }
            if (bytes !== null)
                account.peakBytes = Math.max(account.peakBytes ?? 0, bytes);
            if (device?.utilizationPercent != null) {
                account.utilizationSum += device.utilizationPercent;
                account.utilizationCount += 1;
            }
        }
    }
    endAttempt(at) {
        const attempt = this.current;
        if (!attempt)
            return;
        // No exact figure for the leader: what it probably waited for counts as sampled.
        attempt.departedUser += attempt.deferredUser;
        attempt.departedSys += attempt.deferredSys;
        this.doneUser += attempt.departedUser + attempt.liveUser;
        this.doneSys += attempt.departedSys + attempt.liveSys;
        this.wallMs += Math.max(0, at - attempt.startedAt);
        this.current = undefined;
        this.lastRss = 0;
        this.lastProcesses = 0;
    }
    /** The figures so far; every number null when nothing could be measured here. */
    result(unavailable, withGpus) {
        const measured = this.measured && this.samples > 0;
        const user = (this.doneUser + (this.current ? this.current.departedUser + this.current.liveUser : 0)) /
            CLOCK_TICKS_PER_SECOND;
        const sys = (this.doneSys + (this.current ? this.current.departedSys + this.current.liveSys : 0)) /
            CLOCK_TICKS_PER_SECOND;
        const resources = {
            interval_ms: this.intervalMs,
            samples: this.samples,
            // No sample saw a process of the group (a job over before its first sample): its memory is unknown,
            // not 0 B. Its CPU figures still hold (they come from whoever waited for it).
            peak_rss_bytes: measured && (this.peakProcesses ?? 0) > 0 ? this.peakRss : null,
            cpu_user_seconds: measured ? round(user, 2) : null,
            cpu_system_seconds: measured ? round(sys, 2) : null,
            cpu_avg_cores: measured && this.wallMs > 0 ? round((user + sys) / (this.wallMs / 1000), 2) : null,
            cpu_peak_cores: measured ? round(this.peakCores ?? 0, 2) : null,
            peak_processes: measured ? this.peakProcesses : null,
        };
        if (withGpus) {
            resources.gpus = [...this.gpus.values()]
                .sort((a, b) => a.index - b.index || a.uuid.localeCompare(b.uuid))
                .map((gpu) => ({
                index: gpu.index,
                uuid: gpu.uuid,
                peak_memory_bytes: gpu.peakBytes,
                avg_utilization_percent: gpu.utilizationCount > 0 ? round(gpu.utilizationSum / gpu.utilizationCount, 1) : null,
            }));
        }
        if (unavailable.length > 0)
            resources.unavailable = [...unavailable];
        return resources;
    }
}
/**
 * Who waited for a process gone from the group: a member (its parent, or, if the parent went too, the
 * nearest ancestor through the departed ones, is still in the group: its time is then in that member's
 * cutime/cstime, and counting its last figures too would count it twice), the leader that went in the same
 * interval, or nobody we see (init, a subreaper, or the orchestrator for the leader itself).
 */
function waiterInGroup(pid, seen, present, leader) {
    if (pid === leader)
        return 'none';
    let parent = seen.get(pid)?.ppid;
    for (let depth = 0; parent !== undefined && depth < 64; depth += 1) {
        if (present.has(parent))
            return 'member';
        if (parent === leader)
            return 'leader';
        parent = seen.get(parent)?.ppid;
    }
    return 'none';
}
function round(value, digits) {
    const scale = 10 ** digits;
    return Math.round(value * scale) / scale;
}

;// CONCATENATED MODULE: ./src/resources/usage-timeline.ts
/** Points the run's resource timeline keeps (summary `resources.timeline`, the step summary's chart). */
const RESOURCE_TIMELINE_MAX_POINTS = 200;
/**
 * The run's total memory and CPU over time in bounded memory, however long the run: up to twice the limit
 * is kept, then neighbours are merged in pairs (peak memory, mean cores), so the spacing doubles each time.
 */
class ResourceTimeline {
    maxPoints;
    points = [];
    /** How many samples each kept point stands for (doubles at each merge); a new point waits until full. */
    span = 1;
    pending;
    constructor(maxPoints = RESOURCE_TIMELINE_MAX_POINTS) {
        this.maxPoints = maxPoints;
    }
    add(seconds, rssBytes, cores) {
        const pending = (this.pending ??= { seconds, rss: 0, coresSum: 0, count: 0 });
        pending.rss = Math.max(pending.rss, rssBytes);
        pending.coresSum += cores;
        pending.count += 1;
        if (pending.count < this.span)
            return;
        this.points.push([pending.seconds, pending.rss, pending.coresSum / pending.count]);
        this.pending = undefined;
        if (this.points.length >= 2 * this.maxPoints) {
            this.points = halve(this.points);
            this.span *= 2;
        }
    }
    /** At most maxPoints points, oldest first, rounded for the summary (ms, bytes, hundredths of a core). */
    result() {
        let points = [...this.points];
        if (this.pending) {
            const p = this.pending;
            points.push([p.seconds, p.rss, p.coresSum / p.count]);
        }
        while (points.length > this.maxPoints)
            points = halve(points);
        return points.map(([s, rss, cores]) => [
            Math.round(s * 1000) / 1000,
            Math.round(rss),
            Math.round(cores * 100) / 100,
        ]);
    }
}
function halve(points) {
    const merged = [];
    for (let i = 0; i < points.length; i += 2) {
        const a = points[i];
        const b = points[i + 1];
        merged.push(b ? [a[0], Math.max(a[1], b[1]), (a[2] + b[2]) / 2] : a);
    }
    return merged;
}

;// CONCATENATED MODULE: ./src/resources/sample-gpu.ts


/*
 * NVIDIA GPUs through `nvidia-smi`: which processes hold memory on which device, and each device's
 * utilisation. Parsing is pure; the query runs the real program (a fake one on PATH in tests).
 */
/** `pid, gpu_uuid, used_memory` (MiB) of every process with a compute context. */
const COMPUTE_APPS_ARGS = [
    '--query-compute-apps=pid,gpu_uuid,used_memory',
    '--format=csv,noheader,nounits',
];
/** `index, uuid, utilization.gpu` (percent) of every device. */
const GPU_DEVICES_ARGS = ['--query-gpu=index,uuid,utilization.gpu', '--format=csv,noheader,nounits'];
const MIB = 1024 * 1024;
/** Rows of `--query-compute-apps`; lines that are not `pid, uuid, number` are skipped. */
function parseComputeApps(text) {
    const apps = [];
    for (const cells of rows(text)) {
        if (cells.length < 3)
            continue;
        const pid = Number(cells[0]);
        if (!Number.isInteger(pid) || pid <= 0 || cells[1] === '')
            continue;
        const used = numberOrNull(cells[2]);
        apps.push({ pid, uuid: cells[1], usedBytes: used === null ? null : Math.round(used * MIB) });
    }
    return apps;
}
/** Rows of `--query-gpu=index,uuid,utilization.gpu`; lines that are not `index, uuid, …` are skipped. */
function parseGpuDevices(text) {
    const devices = [];
    for (const cells of rows(text)) {
        if (cells.length < 3)
            continue;
        const index = Number(cells[0]);
        if (!Number.isInteger(index) || index < 0 || cells[1] === '')
            continue;
        devices.push({ index, uuid: cells[1], utilizationPercent: numberOrNull(cells[2]) });
    }
    return devices;
}
function rows(text) {
    return text
        .split(/\r?\n/)
        .filter((line) => line.trim() !== '')
        .map((line) => line.split(',').map((cell) => cell.trim()));
}
/** `[N/A]`, `[Not Supported]` and the like are null. */
function numberOrNull(cell) {
    if (!/^\d+(\.\d+)?$/.test(cell))
        return null;
    return Number(cell);
}
/** The real query: no shell, a time limit, output capped (a device list is a few hundred bytes). */
function nvidiaSmiQuery(executable, timeoutMs = 5000) {
    return (args) => new Promise((resolve) => {
        (0,external_node_child_process_.execFile)(executable, [...args], { timeout: timeoutMs, maxBuffer: 1024 * 1024, windowsHide: true, encoding: 'utf8' }, (error, stdout) => resolve(error ? null : stdout));
    });
}
/** The absolute path of an executable `name` on `searchPath` (PATH's syntax; relative entries skipped), or null. */
function findOnPath(name, searchPath) {
    return (0,executable/* findExecutable */.o)(name, { PATH: searchPath ?? '' }, '/', { absoluteFoldersOnly: true }) ?? null;
}

;// CONCATENATED MODULE: ./src/resources/usage-monitor.ts




/** `resource_interval` when not given: a 1 s job still gets about five samples. */
/** nvidia-smi takes tens of milliseconds: it is asked at most this often, whatever the interval. */
const GPU_INTERVAL_MIN_MS = 1000;
/** The shortest span a peak-cores figure is computed over (CPU times come in 10 ms ticks). */
const CORES_WINDOW_MIN_MS = 100;
/**
 * How long after a job's start its first sample is taken (or the interval, if shorter): long enough for the
 * job to be past its exec and its interpreter's start, short enough to catch a job of a tenth of a second.
 */
const FIRST_SAMPLE_DELAY_MS = 50;
/** Every this many samples every process is looked at again, not only new ones and our sessions. */
const FULL_SCAN_EVERY = 25;
/**
 * A member's /proc/<pid>/status (its VmHWM, the peak between samples) is read every this many samples, in
 * turns by pid; its resident memory comes from /proc/<pid>/stat at every sample. The status file costs twice
 * what the stat line does.
 */
const HWM_EVERY = 5;
/** What kind of process a pid is, as far as the sampler is concerned. */
const OTHER = 0; // in a session of no running job: it can never join one of their groups
const WATCH = 1; // in a job's session: read it at every sample
/**
 * Samples every running attempt's process group with one timer for the whole run. Each sample lists /proc,
 * reads /proc/<pid>/stat only of processes it has not classified yet and of those in a job's session, and
 * /proc/<pid>/status only of group members (resident memory and its high-water mark). A process outside every
 * job's session can never enter one (setpgid only joins groups of its own session), so it is read once.
 * Never throws into the runner: a fault of its own stops sampling with a debug line.
 */
class UsageMonitor {
    options;
    reader;
    now;
    every;
    gpu;
    gpuIntervalMs;
    unavailable = [];
    logger;
    jobs = new Map();
    /** The jobs with an attempt running, by process-group id. */
    running = new Map();
    known = new Map();
    stopTimer;
    sampleCount = 0;
    firstSampleAt;
    reaped = null;
    failed = false;
    /** A first sample after a start is scheduled (see attemptStarted). */
    firstSamplePending = false;
    // The run's totals.
    timeline = new ResourceTimeline();
    runSamples = 0;
    runPeakRss = 0;
    runPeakCores = 0;
    runPeakProcesses = 0;
    runWindow;
    /** CPU ticks of the jobs with no attempt running (the running ones are summed at each sample). */
    idleTicks = 0;
    // GPUs.
    gpuInFlight = false;
    /** A query ran since the last look at the orchestrator's children's CPU: nvidia-smi's own time is in it. */
    gpuDirty = false;
    lastGpuAt = -Infinity;
    gpuFailures = 0;
    /** The sampler's own CPU time (this thread), microseconds, and the most processes one sample read. */
    costMicros = 0;
    firstStartAt;
    pageSize;
    constructor(options) {
        this.options = options;
        const platform = options.platform ?? process.platform;
        this.reader =
            options.reader !== undefined ? options.reader : platform === 'linux' ? linuxProcReader() : null;
        this.now = options.now ?? Date.now;
        this.every = options.every ?? everyInterval;
        this.gpu = options.gpu !== undefined ? options.gpu : defaultGpuQuery(process.env.PATH);
        this.gpuIntervalMs = Math.max(options.intervalMs, options.gpuIntervalMs ?? GPU_INTERVAL_MIN_MS);
        this.logger = options.logger;
        if (!this.reader) {
            this.unavailable.push(`memory, CPU time, process counts and GPU use: no /proc on ${platform} (only Linux is sampled)`);
        }
    }
    attemptStarted(job, _attempt, pid, waiter = 'self') {
        let account = this.jobs.get(job.id);
        if (!account) {
            account = new JobAccount(this.options.intervalMs, this.reader !== null);
            this.jobs.set(job.id, account);
        }
        else if (!account.running) {
            this.idleTicks -= account.ticks;
        }
        account.startAttempt(pid, this.now(), waiter === 'service');
        this.firstStartAt ??= this.now();
        this.running.set(pid, account);
        this.known.delete(pid); // a reused pid is a new process
        if (!this.reader || this.failed)
            return;
        this.stopTimer ??= this.every(this.options.intervalMs, () => this.sample());
        // A first sample soon after the start, so a job shorter than the interval still gets figures. Not at
        // once: right after spawn the job has only just exec'd (a Python job showed 0 B to a few KiB), so the
        // figure would be its loader's, not its own. One pending sample serves every job started meanwhile, so a
        // thousand short jobs cost a sample per FIRST_SAMPLE_DELAY_MS at most, not one per start.
        if (!this.firstSamplePending) {
            this.firstSamplePending = true;
            const timer = setTimeout(() => {
                this.firstSamplePending = false;
                if (this.running.size > 0)
                    this.sample();
            }, Math.min(this.options.intervalMs, FIRST_SAMPLE_DELAY_MS));
            timer.unref();
        }
    }
    leaderExited(job, _attempt, usage) {
        this.jobs
            .get(job.id)
            ?.reportLeader(usage.userSeconds * CLOCK_TICKS_PER_SECOND, usage.systemSeconds * CLOCK_TICKS_PER_SECOND);
    }
    attemptEnded(job, _attempt) {
        const account = this.jobs.get(job.id);
        const attempt = account?.running;
        if (!account || !attempt)
            return;
        if (attempt.reported && this.reader && !this.failed) {
            // The spawn service gave the leader's exact figures and the runner saw the group gone: no /proc scan
            // needed (it would find none of the group); everyone last seen departs, the leader is settled. With a
            // thousand short jobs, this scan was a quarter of the runner's main thread.
            account.observe([]);
        }
        else {
            // A last look: the leader's exact CPU figures are known once it is gone (the runner waited for it). When
            // no process is left in any running group (this one, and the others' when jobs end together), listing
            // /proc could only find them empty: the look is taken without the listing (after a short job it was the
            // first sample, which reads every process on the machine: ~5 ms). Else every group is sampled as usual.
            this.sample(this.runningGroupsEmpty() ? 'known-empty' : 'list');
        }
        account.endAttempt(this.now());
        this.idleTicks += account.ticks;
        this.running.delete(attempt.leader);
        if (this.running.size === 0)
            this.stop();
    }
    /** True when the reader can tell, and tells, that no running group has a process left (zombies count). */
    runningGroupsEmpty() {
        const reader = this.reader;
        if (!reader?.groupExists)
            return false;
        for (const pgid of this.running.keys())
            if (reader.groupExists(pgid))
                return false;
        return true;
    }
    jobResources(job) {
        const account = this.jobs.get(job.id);
        return account ? account.result(this.unavailable, this.gpu !== null) : null;
    }
    /** The run's totals and timeline; null when no job was sampled. */
    runResources() {
        if (this.jobs.size === 0)
            return null;
        const measured = this.reader !== null && this.runSamples > 0;
        let ticks = this.idleTicks;
        for (const account of this.running.values())
            ticks += account.ticks;
        const result = {
            interval_ms: this.options.intervalMs,
            samples: this.runSamples,
            peak_rss_bytes: measured ? this.runPeakRss : null,
            cpu_seconds: measured ? Math.round((ticks / CLOCK_TICKS_PER_SECOND) * 100) / 100 : null,
            cpu_peak_cores: measured ? Math.round(this.runPeakCores * 100) / 100 : null,
            peak_processes: measured ? this.runPeakProcesses : null,
            timeline: measured ? this.timeline.result() : [],
        };
        if (this.unavailable.length > 0)
            result.unavailable = [...this.unavailable];
        return result;
    }
    /** Stops the timer (the run is over), lets go of open files, says what sampling cost; figures stay readable. */
    close() {
        this.stop();
        if (this.sampleCount === 0 || this.firstStartAt === undefined)
            return;
        const { samples, cpuMs, coreFraction } = this.cost();
        this.logger?.debug(`Resource sampling: ${samples} samples every ${this.options.intervalMs} ms cost ${cpuMs.toFixed(1)} ms of CPU ` +
            `(${(coreFraction * 100).toFixed(3)}% of a core over ${((this.now() - this.firstStartAt) / 1000).toFixed(1)} s).`);
    }
    /** What sampling cost so far: its own CPU time (the sampling thread's) and that as a share of one core. */
    cost() {
        const wallMs = this.firstStartAt === undefined ? 0 : this.now() - this.firstStartAt;
        const cpuMs = this.costMicros / 1000;
        return { samples: this.sampleCount, cpuMs, coreFraction: wallMs > 0 ? cpuMs / wallMs : 0 };
    }
    /**
     * One sample of every running group. Public for tests; the timer calls it. `known-empty`: the caller knows
     * every running group is empty (no process is in any of them), so /proc is not listed.
     */
    sample(groups = 'list') {
        if (!this.reader || this.failed || this.running.size === 0)
            return;
        const before = threadCpuMicros();
        try {
            this.sampleGroups(this.reader, groups === 'list');
            this.costMicros += threadCpuMicros() - before;
        }
        catch (error) {
            // A fault of ours must never cost a job: sampling stops, the figures so far stay.
            this.failed = true;
            this.stop();
            this.unavailable.push(`sampling stopped after an internal error: ${error.message}`);
            this.logger?.debug(`Resource sampling stopped: ${error.stack ?? String(error)}`);
        }
    }
    sampleGroups(reader, list) {
        const pids = list ? reader.pids() : [];
        if (pids === null)
            return;
        const at = this.now();
        const full = this.sampleCount % FULL_SCAN_EVERY === 0;
        const turn = this.sampleCount % HWM_EVERY;
        this.sampleCount += 1;
        const pageSize = (this.pageSize ??= this.measurePageSize(reader));
        const members = new Map();
        const known = new Map();
        for (const pid of pids) {
            if (!full && this.known.get(pid) === OTHER) {
                known.set(pid, OTHER);
                continue;
            }
            const text = reader.stat(pid);
            const stat = text === null ? null : parseProcStat(text);
            if (stat === null)
                continue;
            if (this.running.has(stat.pgrp)) {
                const status = pid % HWM_EVERY === turn ? reader.status(pid) : null;
                const hwmBytes = status === null ? null : parseProcStatus(status).hwmBytes;
                const list = members.get(stat.pgrp) ?? [];
                list.push({ stat, memory: { rssBytes: stat.rssPages * pageSize, hwmBytes } });
                members.set(stat.pgrp, list);
                known.set(pid, WATCH);
            }
            else {
                known.set(pid, this.running.has(stat.session) ? WATCH : OTHER);
            }
        }
        // Without a listing, what is known of the other processes still holds.
        if (list)
            this.known = known;
        const kept = new Set();
        for (const list of members.values())
            for (const member of list)
                kept.add(member.stat.pid);
        reader.keep?.(kept);
        const gone = [];
        for (const [pgid, account] of this.running) {
            // A leader the spawn service waited for takes its figures from the service (reportLeader), not from us.
            if (account.observe(members.get(pgid) ?? []) && !account.running?.reportedLeader)
                gone.push(account);
        }
        this.settleLeaders(reader, gone);
        let rss = 0;
        let processes = 0;
        let ticks = this.idleTicks;
        for (const account of this.running.values()) {
            account.finishSample(at, Math.max(CORES_WINDOW_MIN_MS, this.options.intervalMs * 0.9));
            rss += account.lastRss;
            processes += account.lastProcesses;
            ticks += account.ticks;
        }
        this.recordRun(at, rss, processes, ticks);
        this.maybeQueryGpus(at, members);
    }
    /** The page size, from the orchestrator's own resident memory read in pages and in kB. */
    measurePageSize(reader) {
        const stat = reader.stat(process.pid);
        const status = reader.status(process.pid);
        return pageSizeOf(stat === null ? null : parseProcStat(stat), status === null ? null : parseProcStatus(status));
    }
    /**
     * The orchestrator waits for each job's first process; its own cutime/cstime then grow by that process's
     * whole CPU time, children it waited for included (what `/usr/bin/time` reports). When exactly one leader
     * went since the last look, and no nvidia-smi ran meanwhile, that growth is its exact figure.
     */
    settleLeaders(reader, gone) {
        const text = reader.selfStat();
        const self = text === null ? null : parseProcStat(text);
        if (self === null)
            return;
        const now = { user: self.cutime, sys: self.cstime };
        const before = this.reaped;
        this.reaped = now;
        if (before && gone.length === 1 && !this.gpuDirty) {
            gone[0].settleLeader(now.user - before.user, now.sys - before.sys);
        }
        if (before && (now.user !== before.user || now.sys !== before.sys || gone.length > 0)) {
            this.gpuDirty = this.gpuInFlight;
        }
    }
    recordRun(at, rss, processes, ticks) {
        this.runSamples += 1;
        this.firstSampleAt ??= at;
        this.runPeakRss = Math.max(this.runPeakRss, rss);
        this.runPeakProcesses = Math.max(this.runPeakProcesses, processes);
        const window = (this.runWindow ??= { at, ticks });
        const span = at - window.at;
        if (span < Math.max(CORES_WINDOW_MIN_MS, this.options.intervalMs * 0.9))
            return;
        const cores = Math.max(0, (ticks - window.ticks) / CLOCK_TICKS_PER_SECOND / (span / 1000));
        this.runPeakCores = Math.max(this.runPeakCores, cores);
        this.runWindow = { at, ticks };
        this.timeline.add((at - this.firstSampleAt) / 1000, rss, cores);
    }
    maybeQueryGpus(at, members) {
        const gpu = this.gpu;
        if (!gpu || this.gpuInFlight || at - this.lastGpuAt < this.gpuIntervalMs)
            return;
        this.lastGpuAt = at;
        this.gpuInFlight = true;
        this.gpuDirty = true;
        const owners = new Map();
        for (const [pgid, list] of members) {
            const account = this.running.get(pgid);
            if (account)
                for (const member of list)
                    owners.set(member.stat.pid, account);
        }
        void (async () => {
            const [apps, devices] = await Promise.all([gpu(COMPUTE_APPS_ARGS), gpu(GPU_DEVICES_ARGS)]);
            this.gpuInFlight = false;
            if (apps === null || devices === null) {
                this.gpuFailures += 1;
                if (this.gpuFailures === 3) {
                    this.unavailable.push('GPU figures: nvidia-smi failed three times in a row, so it was no longer asked');
                    this.logger?.debug('nvidia-smi failed three times in a row: GPU sampling stopped.');
                }
                if (this.gpuFailures >= 3)
                    this.lastGpuAt = Infinity;
                return;
            }
            this.gpuFailures = 0;
            const deviceList = parseGpuDevices(devices);
            const byJob = new Map();
            for (const app of parseComputeApps(apps)) {
                const account = owners.get(app.pid);
                if (!account)
                    continue;
                const list = byJob.get(account) ?? [];
                list.push(app);
                byJob.set(account, list);
            }
            for (const [account, list] of byJob)
                account.observeGpus(list, deviceList);
        })().catch((error) => {
            this.gpuInFlight = false;
            this.logger?.debug(`GPU sampling failed: ${error.message}`);
        });
    }
    stop() {
        this.stopTimer?.();
        this.stopTimer = undefined;
        this.reader?.keep?.(new Set());
    }
}
/** CPU time of this thread (the event loop's), where Node can tell it, else of the whole process. */
function threadCpuMicros() {
    const usage = process.threadCpuUsage?.() ?? process.cpuUsage();
    return usage.user + usage.system;
}
/** One unref'd interval timer: the sampler never keeps the process alive. */
function everyInterval(ms, tick) {
    const timer = setInterval(tick, ms);
    timer.unref();
    return () => clearInterval(timer);
}
function defaultGpuQuery(searchPath) {
    const executable = findOnPath('nvidia-smi', searchPath);
    return executable ? nvidiaSmiQuery(executable) : null;
}

// EXTERNAL MODULE: ./src/plan/glob-match.ts
var glob_match = __nccwpck_require__(4033);
// EXTERNAL MODULE: ./src/plan/input-values.ts
var input_values = __nccwpck_require__(414);
;// CONCATENATED MODULE: ./src/cache/force.ts



/*
 * Which jobs run even when their entry is cached: the CLI's `--force` (repeatable) and the action's `force`
 * input name them the same way, and the same errors come back (InputError `force`; the CLI says `--force`).
 */
/** `--force a --force b,c`, or the input `a, b c` (lines too): the selectors, in order, empty ones dropped. */
function splitForceList(values) {
    return values.flatMap((value) => value.split(/[\s,]+/).filter((selector) => selector.length > 0));
}
/** Characters no job id holds (ids are letters, digits, `.`, `_`, `-`): a selector with one is a glob. */
const GLOB_CHARS = /[*?[]/;
/**
 * The ids of `jobs` the selectors name: a job id exactly, or a glob (`*`, `?`, `[…]`, e.g. `resnet_*`) over the
 * ids. A selector that names no job of the plan is an InputError naming `force`, thrown before anything runs:
 * a typo would otherwise silently restore the job it meant to rerun.
 */
function resolveForcedJobs(jobs, selectors) {
    const forced = new Set();
    if (selectors.length === 0)
        return forced;
    const ids = new Set(jobs.map((job) => job.id));
    for (const selector of selectors) {
        if (!GLOB_CHARS.test(selector)) {
            if (!ids.has(selector))
                throw unknown(selector, 'no job of the plan has this id', jobs);
            forced.add(selector);
            continue;
        }
        const pattern = (0,glob_match/* globToRegExp */.t)(selector);
        let matched = false;
        for (const id of ids) {
            if (!pattern.test(id))
                continue;
            matched = true;
            forced.add(id);
        }
        if (!matched)
            throw unknown(selector, 'it matches no job id of the plan', jobs);
    }
    return forced;
}
function unknown(selector, why, jobs) {
    const examples = jobs
        .slice(0, 5)
        .map((job) => job.id)
        .join(', ') || '(the plan is empty)';
    return new types/* InputError */.d('force', `Invalid force ${(0,input_values/* quoteValue */.cl)(selector)}: ${why}. Expected job ids or globs over them (such as ${examples}).`);
}

;// CONCATENATED MODULE: ./src/orchestrate/orchestrate.ts



















/**
 * The whole product minus GitHub: plan, and unless listing or dry-running, run and summarize.
 * Bad input throws InputError before any job starts; a failed job is a result, not an exception.
 */
async function orchestrate(settings, deps) {
    const now = deps.now ?? (() => new Date());
    const redactor = new redact/* Redactor */.pO(settings.secrets);
    // Read before the plan: `shard` without `only` splits the plan by it (see src/plan/shard.ts).
    const history = settings.historyFile
        ? await (0,plan_history/* readHistoryDetails */.V)(external_node_path_default().resolve(settings.workingDirectory, settings.historyFile))
        : undefined;
    const expectedDurations = history?.durations;
    const baseline = settings.baseline ? await loadBaseline(settings, deps) : null;
    const plan = (0,shard/* applyShard */.B_)(await (0,plan_plan/* buildPlan */.Gg)(settings, { logger: deps.logger }), settings, expectedDurations);
    const mode = settings.listOnly ? 'list' : settings.dryRun ? 'dry-run' : 'run';
    // A summaries folder that cannot take a file is found now, not after the jobs have run.
    if (mode === 'run')
        (0,preflight/* checkWritableFolders */.Y)(settings, { withJobs: plan.jobs.length > 0 });
    // What the machine has, and a job that could never start on it refused, before anything starts.
    const resources = mode === 'run' ? await prepareResources(plan, settings, history?.peakMemory, deps) : undefined;
    // `max_workers: auto` shown as what it comes to here (the pool keeps its ceiling; the resources decide).
    const shown = settings.maxWorkersAuto && resources
        ? { ...settings, maxWorkers: autoWorkerCount(plan.jobs, resources) }
        : settings;
    await deps.onPlan?.(plan, { workers: shown.parallel ? shown.maxWorkers : 1 });
    const store = settings.cache ? deps.cacheStore : undefined;
    // An id or glob that names no job is an error even without a store: a typo is found on the first run.
    const force = resolveForcedJobs(plan.jobs, settings.forceJobs ?? []);
    // The cache code (keys, entries, hashing) and the baseline reader are loaded only when a run uses them.
    const jobCache = store ? await __nccwpck_require__.e(/* import() */ 924).then(__nccwpck_require__.bind(__nccwpck_require__, 8924)) : undefined;
    const keys = jobCache ? await jobCache.planJobKeys(plan, settings, redactor, deps.logger) : undefined;
    if (mode !== 'run') {
        if (store && keys && jobCache)
            for (const line of await jobCache.cacheStatusLines(plan, keys, force, store, redactor))
                deps.logger.info(line);
        return { mode, plan, results: [], exitCode: 0, redactor, errors: [] };
    }
    const startedAt = now();
    const cacheContext = store && {
        store,
        workingDirectory: settings.workingDirectory,
        logger: deps.logger,
        redactor,
        now,
        source: deps.cacheSource ?? `local ${startedAt.toISOString()}`,
    };
    // Restored before the run: the runner gets only the jobs to run and never learns about caching.
    const cached = cacheContext && keys && jobCache
        ? await jobCache.restoreJobs(plan, keys, force, cacheContext)
        : { restored: new Map(), decisions: new Map() };
    const toRun = cached.restored.size > 0
        ? { ...plan, jobs: plan.jobs.filter((job) => !cached.restored.has(job.id)) }
        : plan;
    const saves = [];
    const offset = cached.restored.size;
    let restoredIndex = 0;
    for (const job of plan.jobs) {
        const result = cached.restored.get(job.id);
        if (result)
            deps.onEvent?.({ type: 'job-end', job, result, index: ++restoredIndex, total: plan.jobs.length });
    }
    const onEvent = cacheContext && keys && jobCache
        ? (event) => {
            if (event.type === 'job-end' && event.result.status === 'succeeded') {
                const jobKey = keys.keys.get(event.job.id);
                const result = event.result;
                const decided = cached.decisions.get(event.job.id);
                if (jobKey)
                    saves.push(jobCache
                        .saveJob(event.job, result, jobKey, cacheContext, {
                        forced: decided?.outcome === 'forced',
                    })
                        .then((outcome) => {
                        result.cache =
                            outcome.outcome === 'stored' && decided?.outcome === 'forced'
                                ? { ...outcome, outcome: 'forced', reason: 'forced to run; stored' }
                                : outcome.outcome === 'stored' && decided?.reason
                                    ? { ...outcome, reason: `ran: ${decided.reason}` }
                                    : outcome;
                    }));
            }
            if (offset > 0 && (event.type === 'job-start' || event.type === 'job-end'))
                deps.onEvent?.({ ...event, index: event.index + offset, total: event.total + offset });
            else
                deps.onEvent?.(event);
        }
        : deps.onEvent;
    const summariesDir = external_node_path_default().resolve(settings.workingDirectory, settings.summariesDir);
    const errors = [];
    let results;
    const intervalMs = settings.resourceIntervalMs ?? 0;
    const monitor = intervalMs > 0 ? new UsageMonitor({ intervalMs, logger: deps.logger }) : undefined;
    try {
        results = await runPlan(toRun, {
            workingDirectory: settings.workingDirectory,
            parallel: settings.parallel,
            maxWorkers: settings.parallel ? settings.maxWorkers : 1,
            signal: deps.signal,
            redactor,
            onEvent,
            expectedDurations,
            monitor,
            resources,
            spawnServicePython: plan.python || settings.python,
            spawnService: settings.spawnService,
            ...deps.runOverrides,
        }, { logger: deps.logger, ...(deps.spawn ? { spawn: deps.spawn } : {}) });
    }
    catch (error) {
        // An orchestrator fault, not a job failure: the jobs that ran keep their results, the fault is named.
        const cause = error instanceof RunFault ? error.cause : error;
        // Our own bug: the stack is for whoever debugs it (verbose), the message for everyone.
        if (cause instanceof Error && cause.stack)
            deps.logger.debug(cause.stack);
        results = error instanceof RunFault ? error.results : [];
        errors.push(`The orchestrator failed during the run: ${messageOf(error instanceof RunFault ? error.cause : error)}`);
    }
    monitor?.close();
    // Entries are stored on each job's end; the summary waits for them (a store fault is a warning, never a throw).
    await Promise.all(saves);
    if (keys)
        results = mergeCached(plan, results, cached.restored, cached.decisions, keys.keys);
    const finishedAt = now();
    const cancelled = deps.signal?.aborted ?? false;
    const quality = (0,report_quality/* assessRun */._)(plan, results, baseline);
    for (const note of quality.notes)
        deps.logger.info(note);
    let status = (0,report_status/* decideStatus */.x)(plan, results, {
        allowPartialSuccess: settings.allowPartialSuccess,
        cancelled,
        gateFailed: new Set([...quality.gateFailed.required, ...quality.gateFailed.optional]),
    });
    if (errors.length > 0 && status !== 'cancelled')
        status = 'failure';
    const provenance = buildProvenance(deps.environment ?? {}, {
        path: plan.python || settings.python,
        version: plan.python ? (0,python/* probedPythonVersion */.DI)(plan.python) : null,
    });
    const summary = buildSummaryOrFallback({
        settings: shown,
        plan,
        results,
        startedAt,
        finishedAt,
        status,
        redactor,
        provenance,
        quality,
        resources: monitor?.runResources() ?? undefined,
    }, errors, deps.buildSummary ?? report_summary/* buildSummary */.fR);
    let summaryPath;
    try {
        // Checked before any job started, and again now: a job may have swapped the folder for a link since.
        if (!(0,real_path/* isReallyInside */.O5)(settings.workingDirectory, summariesDir)) {
            throw new Error(`${(0,real_path/* escapeReason */.Gb)(settings.workingDirectory, summariesDir)} (replaced during the run)`);
        }
        summaryPath = await (deps.writeSummary ?? report_summary/* writeSummary */.Sy)(summary, summariesDir, startedAt);
    }
    catch (error) {
        const file = external_node_path_default().join(external_node_path_default().relative(settings.workingDirectory, summariesDir) || '.', (0,report_summary/* summaryFileName */._P)(startedAt));
        errors.push(`Could not write the summary ${file}: ${(0,fs_error/* describeFsError */.T)(error)}.`);
    }
    const reported = errors.map((error) => redactor.redact(error));
    const exitCode = (0,report_status/* exitCodeFor */.R)(status) === 0 && reported.length > 0 ? 1 : (0,report_status/* exitCodeFor */.R)(status);
    return {
        mode,
        plan,
        results,
        summary,
        summaryPath,
        status,
        exitCode,
        redactor,
        errors: reported,
        baseline,
    };
}
/**
 * The summary, and if building it fails (a fault of ours), a second one without the jobs' metrics and
 * tails (what a job wrote is the likely cause), with the fault in `errors`. Statuses and counts are kept
 * either way: a fault in reporting never relabels a job.
 */
function buildSummaryOrFallback(input, errors, build) {
    const withErrors = (summary) => errors.length > 0 ? { ...summary, errors: errors.map((e) => input.redactor.redact(e)) } : summary;
    try {
        return withErrors(build(input));
    }
    catch (error) {
        errors.push(`Could not build the summary: ${messageOf(error)}. It was written without the jobs' metrics and log tails.`);
        const results = input.results.map((result) => ({ ...result, metrics: null, tail: [] }));
        return withErrors((0,report_summary/* buildSummary */.fR)({ ...input, results }));
    }
}
/** The baseline, or null with a notice (missing) or a warning (unreadable, not a summary); outside: InputError. */
async function loadBaseline(settings, deps) {
    const { readBaseline } = await __nccwpck_require__.e(/* import() */ 355).then(__nccwpck_require__.bind(__nccwpck_require__, 7355));
    const read = await readBaseline(settings.baseline, {
        workingDirectory: settings.workingDirectory,
        trustedFolders: deps.trustedBaselineFolders,
    });
    for (const note of read.notes)
        deps.logger.debug(note);
    if (read.baseline === null) {
        const level = read.missing ? 'info' : 'warn';
        deps.logger[level](`${read.reason} Metrics are not compared and regression gates are not checked.`);
        return null;
    }
    deps.logger.info(`Baseline: ${read.baseline.path} (run of ${read.baseline.started_at}).`);
    return read.baseline;
}
/** Detects the capacity (nvidia-smi only when some job asks for GPUs), plans the requests, checks they fit. */
async function prepareResources(plan, settings, peaks, deps) {
    const wantsGpus = plan.jobs.some((job) => (job.resources?.gpus ?? 0) > 0);
    const capacity = await detectCapacity(settings, wantsGpus, deps.capacity ?? defaultCapacityDeps());
    const resources = planResources({ jobs: plan.jobs, capacity, settings, peaks });
    if (resources.gated) {
        const gpus = resources.gpusInPlay
            ? `, GPUs ${capacity.gpus.join(',') || 'none'} (${capacity.sources.gpus})`
            : '';
        deps.logger.debug(`Resources: ${capacity.cpus} CPUs (${capacity.sources.cpus}), ${(0,byte_size/* formatByteSize */.$j)(capacity.memoryBytes)} ` +
            `memory (${capacity.sources.memory})${gpus}; jobs start when their cpus, memory and gpus fit.`);
    }
    checkRequestsFit(plan.jobs, resources);
    return resources;
}
/** Plan order: restored results where a job was restored, the runner's otherwise, each with what the cache did. */
function mergeCached(plan, ran, restored, decisions, keys) {
    const byId = new Map(ran.map((result) => [result.id, result]));
    const merged = [];
    for (const job of plan.jobs) {
        const result = restored.get(job.id) ?? byId.get(job.id);
        if (!result)
            continue;
        const key = keys.get(job.id)?.key;
        if (!result.cache && key)
            result.cache = decisions.get(job.id) ?? { key, outcome: 'miss' };
        merged.push(result);
    }
    return merged;
}
function messageOf(error) {
    return error instanceof Error ? error.message : String(error);
}

;// CONCATENATED MODULE: ./src/model/cancel.ts

function cancelOnSignals(signals = ['SIGINT', 'SIGTERM'], onCancel) {
    const controller = new AbortController();
    let received;
    const handler = (signal) => {
        if (received)
            return;
        received = signal;
        onCancel?.(signal);
        controller.abort(new Error(`cancelled by ${signal}`));
    };
    for (const signal of signals)
        process.on(signal, handler);
    return {
        signal: controller.signal,
        reason: () => received,
        dispose: () => {
            for (const signal of signals)
                process.off(signal, handler);
        },
    };
}
/**
 * The exit code of a run cancelled by `signal`, by the shell convention 128 + the signal's number:
 * 129 for SIGHUP, 130 for SIGINT, 143 for SIGTERM, so a calling script can tell what stopped the run as
 * if the process had died of the signal. Without a known signal (cancelled some other way): 130, as SIGINT.
 */
function exitCodeForSignal(signal) {
    return 128 + ((external_node_os_default()).constants.signals[signal ?? 'SIGINT'] ?? (external_node_os_default()).constants.signals.SIGINT);
}

// EXTERNAL MODULE: ./src/plan/path-safety.ts
var path_safety = __nccwpck_require__(2587);
;// CONCATENATED MODULE: ./src/plan/resource-inputs.ts




/** The most CPUs the `cpus` input (and a job's `cpus`) may name: far above any machine, below float trouble. */
const MAX_CPUS = 1_000_000;
/** The highest GPU device index the `gpus` input accepts. */
const MAX_GPU_INDEX = 1023;
/**
 * `max_workers`: a whole number from 1 to MAX_MAX_WORKERS, or `auto` (as many jobs at once as the CPUs,
 * memory and GPUs allow: the limit is then MAX_MAX_WORKERS and the resources decide).
 */
function parseMaxWorkers(raw) {
    const value = (0,input_values/* presentValue */.p)(raw);
    if (value?.toLowerCase() === 'auto')
        return { maxWorkers: defaults/* MAX_MAX_WORKERS */.mc, maxWorkersAuto: true };
    try {
        return {
            maxWorkers: (0,input_values/* parseIntegerInput */._p)('max_workers', raw, {
                min: 1,
                max: defaults/* MAX_MAX_WORKERS */.mc,
                default: defaults/* DEFAULT_MAX_WORKERS */.$w,
            }),
        };
    }
    catch (error) {
        if (!(error instanceof types/* InputError */.d))
            throw error;
        throw new types/* InputError */.d('max_workers', `Invalid max_workers ${(0,input_values/* quoteValue */.cl)(value ?? '')}. Expected a whole number from 1 to ${defaults/* MAX_MAX_WORKERS */.mc} or ` +
            `auto (empty means ${defaults/* DEFAULT_MAX_WORKERS */.$w}).`);
    }
}
/** `cpus`: the CPU cores the jobs share, a number above 0 (decimals allowed); undefined = detect. */
function parseCpusInput(raw) {
    const value = (0,input_values/* presentValue */.p)(raw);
    const expected = `Expected a number of CPU cores above 0 and at most ${MAX_CPUS}, decimals allowed (empty means detected).`;
    let cpus;
    try {
        cpus = (0,input_values/* parseDecimalInput */.tS)('cpus', raw, { max: MAX_CPUS });
    }
    catch {
        cpus = NaN;
    }
    if (cpus === undefined)
        return undefined;
    if (!(cpus > 0))
        throw new types/* InputError */.d('cpus', `Invalid cpus ${(0,input_values/* quoteValue */.cl)(value ?? '')}. ${expected}`);
    return cpus;
}
/** `memory`: the memory the jobs share, as a size with a unit (see byte-size.ts); undefined = detect. */
function parseMemoryInput(raw) {
    const value = (0,input_values/* presentValue */.p)(raw);
    if (value === undefined)
        return undefined;
    const bytes = (0,byte_size/* parseByteSize */.nS)(value, 'refused');
    if (bytes === undefined) {
        throw new types/* InputError */.d('memory', `Invalid memory ${(0,input_values/* quoteValue */.cl)(value)}. ${(0,byte_size/* byteSizeExpected */.GX)('refused')}; empty means the available memory, detected.`);
    }
    return bytes;
}
/**
 * `gpus`: the GPU device indices the jobs may use, as nvidia-smi numbers them (`0,1` or `0 1`), or `none`
 * for no GPU at all (every job then gets an empty CUDA_VISIBLE_DEVICES); undefined = detect with
 * `nvidia-smi -L`. Duplicates are refused: one device cannot count twice.
 */
function parseGpusInput(raw) {
    const value = (0,input_values/* presentValue */.p)(raw);
    if (value === undefined)
        return undefined;
    if (value.toLowerCase() === 'none')
        return [];
    const fail = (detail) => {
        throw new types/* InputError */.d('gpus', `Invalid gpus ${(0,input_values/* quoteValue */.cl)(value)}${detail}. Expected GPU device indices from 0 to ${MAX_GPU_INDEX} as ` +
            `nvidia-smi numbers them, separated by commas (0,1), or none; empty means detected with nvidia-smi -L.`);
    };
    const indices = [];
    for (const word of value.split(/[\s,]+/).filter((part) => part !== '')) {
        if (!/^[0-9]{1,4}$/.test(word) || Number(word) > MAX_GPU_INDEX)
            fail(`: ${(0,input_values/* quoteValue */.cl)(word)} is not an index`);
        const index = Number(word);
        if (indices.includes(index))
            fail(`: ${index} is listed twice`);
        indices.push(index);
    }
    if (indices.length === 0)
        fail('');
    return indices.sort((a, b) => a - b);
}

// EXTERNAL MODULE: ./src/plan/timeout-minutes.ts
var timeout_minutes = __nccwpck_require__(9792);
;// CONCATENATED MODULE: ./src/plan/settings.ts











/**
 * Builds validated Settings from raw input strings (action inputs or CLI flags). Empty or absent means
 * the default; any invalid value throws InputError naming the input and what it accepts. The inputs
 * that concern only the action (artifacts, install_requirements, mode, shards, merge_from) are
 * ignored here: the action shell parses them with the same helpers.
 */
function parseSettings(raw, context) {
    const workingDirectory = parseWorkingDirectory(raw.working_directory, context.workspace);
    const kaggle = parseKaggle(raw.kaggle_username, raw.kaggle_key);
    const discoverRoots = (0,input_values/* splitList */.ry)(raw.discover_roots);
    for (const root of discoverRoots) {
        if (!(0,path_safety/* resolveInside */.LI)(workingDirectory, root)) {
            throw new types/* InputError */.d('discover_roots', `Invalid discover_roots ${(0,input_values/* quoteValue */.cl)(root)}. Expected folders inside the working directory ${workingDirectory}.`);
        }
    }
    return {
        workingDirectory,
        epochs: (0,input_values/* parseIntegerInput */._p)('epochs', raw.epochs, { min: 1 }),
        folds: (0,input_values/* parseIntegerInput */._p)('folds', raw.folds, { min: 1 }),
        only: (0,input_values/* splitList */.ry)(raw.only),
        exclude: (0,input_values/* splitList */.ry)(raw.exclude),
        parallel: (0,input_values/* parseBooleanInput */.S8)('parallel', raw.parallel),
        ...parseMaxWorkers(raw.max_workers),
        retries: (0,input_values/* parseIntegerInput */._p)('retries', raw.retries, {
            min: 0,
            max: defaults/* MAX_RETRIES */.kd,
            default: defaults/* DEFAULT_RETRIES */.TU,
        }),
        config: (0,input_values/* presentValue */.p)(raw.config),
        extraArgs: splitShellWords(raw.extra_args ?? '', 'extra_args'),
        dryRun: (0,input_values/* parseBooleanInput */.S8)('dry_run', raw.dry_run),
        listOnly: (0,input_values/* parseBooleanInput */.S8)('list_only', raw.list_only),
        noAutoDiscover: (0,input_values/* parseBooleanInput */.S8)('no_auto_discover', raw.no_auto_discover),
        discoverRoots: discoverRoots.length > 0 ? discoverRoots : undefined,
        allowPartialSuccess: (0,input_values/* parseBooleanInput */.S8)('allow_partial_success', raw.allow_partial_success),
        verbose: (0,input_values/* parseBooleanInput */.S8)('verbose', raw.verbose),
        python: (0,input_values/* presentValue */.p)(raw.python) ?? defaults/* DEFAULT_PYTHON */.H1,
        resultsDir: parseOutputFolder('results_dir', raw.results_dir, defaults/* DEFAULT_RESULTS_DIR */.ns, workingDirectory),
        logsDir: parseOutputFolder('logs_dir', raw.logs_dir, defaults/* DEFAULT_LOGS_DIR */.Pf, workingDirectory),
        summariesDir: parseOutputFolder('summaries_dir', raw.summaries_dir, defaults/* DEFAULT_SUMMARIES_DIR */.LD, workingDirectory),
        timeoutMinutes: parseTimeoutMinutes(raw.timeout_minutes),
        historyFile: parseInsideFile('history_file', raw.history_file, workingDirectory),
        rerunFailedFrom: parseInsideFile('rerun_failed_from', raw.rerun_failed_from, workingDirectory),
        shard: parseShard(raw.shard),
        baseline: parseBaseline(raw.baseline),
        secrets: [...new Set([...(0,input_values/* splitLines */.uz)(raw.secrets), ...(kaggle ? [kaggle.username, kaggle.key] : [])])],
        jobEnv: kaggle ? { KAGGLE_USERNAME: kaggle.username, KAGGLE_KEY: kaggle.key } : {},
        resourceIntervalMs: parseResourceInterval(raw.resource_interval),
        ...definedOnly({
            cpus: parseCpusInput(raw.cpus),
            memoryBytes: parseMemoryInput(raw.memory),
            gpus: parseGpusInput(raw.gpus),
        }),
    };
}
/** `resource_interval`: whole milliseconds within the accepted range, or `0`/`off` to measure nothing. */
function parseResourceInterval(raw) {
    const value = (0,input_values/* presentValue */.p)(raw);
    if (value === undefined)
        return defaults/* DEFAULT_RESOURCE_INTERVAL_MS */.kE;
    if (/^(off|0+)$/i.test(value))
        return 0;
    const ms = /^[0-9]+$/.test(value) ? Number(value) : NaN;
    if (!(ms >= defaults/* MIN_RESOURCE_INTERVAL_MS */.BU && ms <= defaults/* MAX_RESOURCE_INTERVAL_MS */.dT)) {
        throw new types/* InputError */.d('resource_interval', `Invalid resource_interval ${(0,input_values/* quoteValue */.cl)(value)}. Expected milliseconds between samples, ` +
            `${defaults/* MIN_RESOURCE_INTERVAL_MS */.BU} to ${defaults/* MAX_RESOURCE_INTERVAL_MS */.dT}, or 0 or off to measure nothing ` +
            `(empty means ${defaults/* DEFAULT_RESOURCE_INTERVAL_MS */.kE}).`);
    }
    return ms;
}
/** The keys whose value is not undefined (settings that were not given stay absent, as before). */
function definedOnly(values) {
    return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}
function parseWorkingDirectory(raw, workspace) {
    const value = (0,input_values/* presentValue */.p)(raw);
    const directory = external_node_path_default().resolve(workspace, value ?? '.');
    let isDirectory = false;
    try {
        isDirectory = external_node_fs_default().statSync(directory).isDirectory();
    }
    catch {
        isDirectory = false;
    }
    if (!isDirectory) {
        throw new types/* InputError */.d('working_directory', `Invalid working_directory ${(0,input_values/* quoteValue */.cl)(value ?? directory)}. Expected an existing folder ` +
            `(a relative path starts at ${workspace}).`);
    }
    return directory;
}
/**
 * An output folder (results, logs, summaries) must be a folder strictly inside the working directory:
 * jobs write there and the artifacts upload it, so `..` or `.` (the whole repository) are refused.
 * Returned relative to the working directory with POSIX separators.
 */
function parseOutputFolder(name, raw, fallback, workingDirectory) {
    const value = (0,input_values/* presentValue */.p)(raw) ?? fallback;
    const inside = (0,path_safety/* resolveInside */.LI)(workingDirectory, value);
    if (!inside || inside.relative === '.') {
        throw new types/* InputError */.d(name, `Invalid ${name} ${(0,input_values/* quoteValue */.cl)(value)}. Expected a folder inside the working directory ${workingDirectory} ` +
            `(empty means ${fallback}).`);
    }
    (0,real_path/* assertReallyInside */.kV)(workingDirectory, name, inside.relative);
    return inside.relative;
}
/**
 * `timeout_minutes`: a decimal number of minutes, 0 or within the accepted range. A tiny positive value
 * (even one that underflows to 0, like 0.000…1) is refused rather than read as "no timeout".
 */
function parseTimeoutMinutes(raw) {
    let minutes;
    try {
        minutes = (0,input_values/* parseDecimalInput */.tS)('timeout_minutes', raw, { default: defaults/* DEFAULT_TIMEOUT_MINUTES */.EV });
    }
    catch {
        minutes = NaN; // not a plain decimal: refused below with the one message for every timeout
    }
    const value = (0,input_values/* presentValue */.p)(raw);
    const writtenAsZero = value === undefined || !/[1-9]/.test(value);
    if (!(0,timeout_minutes/* isAcceptedTimeoutMinutes */.g)(minutes) || (minutes === 0 && !writtenAsZero)) {
        throw new types/* InputError */.d('timeout_minutes', `Invalid timeout_minutes ${(0,input_values/* quoteValue */.cl)(value ?? '')}. ${timeout_minutes/* TIMEOUT_MINUTES_EXPECTED */.F} (empty means ${defaults/* DEFAULT_TIMEOUT_MINUTES */.EV}).`);
    }
    return minutes;
}
/**
 * A file the run reads (a previous summary): inside the working directory as text and once symbolic
 * links are followed, so nothing outside it is read. Returned as given; undefined when empty.
 */
function parseInsideFile(name, raw, workingDirectory) {
    const value = (0,input_values/* presentValue */.p)(raw);
    if (value === undefined)
        return undefined;
    if (!(0,path_safety/* resolveInside */.LI)(workingDirectory, value)) {
        throw new types/* InputError */.d(name, `Invalid ${name} ${(0,input_values/* quoteValue */.cl)(value)}. Expected a file inside the working directory ${workingDirectory}.`);
    }
    (0,real_path/* assertReallyInside */.kV)(workingDirectory, name, value);
    return value;
}
/**
 * `baseline`: a summary JSON or a folder of them, relative to the working directory; checked (inside the
 * working directory, readable) when it is read, before any job starts. `auto` must have been resolved by
 * the shell to a file (the action's GitHub lookup) before it gets here.
 */
function parseBaseline(raw) {
    const value = (0,input_values/* presentValue */.p)(raw);
    if (value?.toLowerCase() === 'auto') {
        throw new types/* InputError */.d('baseline', `Invalid baseline 'auto' here: only the action resolves it (it asks GitHub for the last successful run's ` +
            `training-summary artifact). Expected a training summary JSON or a folder of them.`);
    }
    return value;
}
/** `k/n` with 1 ≤ k ≤ n ≤ 256. */
function parseShard(raw, name = 'shard') {
    const value = (0,input_values/* presentValue */.p)(raw);
    if (value === undefined)
        return undefined;
    const match = /^([0-9]{1,3})\/([0-9]{1,3})$/.exec(value);
    const index = match ? Number(match[1]) : NaN;
    const count = match ? Number(match[2]) : NaN;
    if (!(index >= 1 && count >= index && count <= defaults/* MAX_SHARDS */.hH)) {
        throw new types/* InputError */.d(name, `Invalid ${name} ${(0,input_values/* quoteValue */.cl)(value)}. Expected k/n with 1 ≤ k ≤ n ≤ ${defaults/* MAX_SHARDS */.hH}, such as 2/4 (empty means no sharding).`);
    }
    return { index, count };
}
function parseKaggle(rawUsername, rawKey) {
    const username = (0,input_values/* presentValue */.p)(rawUsername);
    const key = (0,input_values/* presentValue */.p)(rawKey);
    if (username === undefined && key === undefined)
        return undefined;
    if (username === undefined || key === undefined) {
        const missing = username === undefined ? 'kaggle_username' : 'kaggle_key';
        throw new types/* InputError */.d(missing, `Invalid ${missing}: it is empty while ${missing === 'kaggle_key' ? 'kaggle_username' : 'kaggle_key'} is set. ` +
            `Expected both kaggle_username and kaggle_key, or neither.`);
    }
    return { username, key };
}

;// CONCATENATED MODULE: ./src/plan/shell-line.ts


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
function shellLine(job, from, redact = (text) => text) {
    const words = job.command.map(redact);
    const assignments = Object.entries(job.env).map(([name, value]) => `${name}=${quoteForShell([redact(value)])}`);
    const [program = '', ...args] = words;
    let command;
    if (!Object.keys(job.env).some((name) => BASH_OWN_NAMES.has(name))) {
        const first = ASSIGNMENT.test(program) || RESERVED_WORDS.has(program)
            ? forceQuote(program)
            : quoteForShell([program]);
        command = [...assignments, [first, ...args.map((arg) => quoteForShell([arg]))].join(' ')].join(' ');
    }
    else {
        const viaSh = program.includes('=') || program.startsWith('-');
        const run = viaSh ? ['/bin/sh', '-c', 'exec "$@"', 'sh', program, ...args] : [program, ...args];
        command = ['/usr/bin/env', ...assignments, quoteForShell(run)].join(' ');
    }
    const directory = directoryWord(from, job.cwd);
    return directory === undefined ? command : `(cd ${directory} && ${command})`;
}
/** The last answer of directoryWord: a dry run asks for the same two folders for every job. */
let lastDirectory;
/** `cwd` as `cd`'s quoted argument from `from`; undefined when it is `from` itself. */
function directoryWord(from, cwd) {
    if (lastDirectory?.from === from && lastDirectory.cwd === cwd)
        return lastDirectory.word;
    const relative = external_node_path_default().relative(from, cwd);
    let word;
    if (relative !== '') {
        const posix = relative.split((external_node_path_default()).sep).join('/');
        word = quoteForShell([
            external_node_path_default().isAbsolute(posix) || posix.startsWith('../') || posix === '..' ? posix : `./${posix}`,
        ]);
    }
    lastDirectory = { from, cwd, word };
    return word;
}
/** Single quotes even around a word that needs none (`'X=1'`, `'time'`). */
function forceQuote(word) {
    const quoted = quoteForShell([word]);
    return quoted.startsWith("'") ? quoted : `'${quoted}'`;
}

// EXTERNAL MODULE: ./src/report/duration.ts
var duration = __nccwpck_require__(6132);
;// CONCATENATED MODULE: ./src/report/job-count.ts
/**
 * The headline count of a run, `7 of 9 jobs succeeded`, shared by the console and the step summary.
 * A merge with shards missing cannot know how many jobs those shards had, so there the count says
 * it covers only the jobs reported and which shards are missing, never a complete-looking `3 of 3`.
 */
function describeSucceeded(counts, missingShards = []) {
    const jobs = `job${counts.total === 1 ? '' : 's'}`;
    if (missingShards.length === 0)
        return `${counts.succeeded} of ${counts.total} ${jobs} succeeded`;
    const shown = missingShards.slice(0, 10).join(', ');
    const more = missingShards.length > 10 ? ` and ${missingShards.length - 10} more` : '';
    return (`${counts.succeeded} of ${counts.total} reported ${jobs} succeeded, ` +
        `shard${missingShards.length === 1 ? '' : 's'} ${shown}${more} missing: the count is incomplete`);
}

// EXTERNAL MODULE: ./src/report/escape.ts
var report_escape = __nccwpck_require__(4031);
// EXTERNAL MODULE: ./src/report/outcome.ts
var report_outcome = __nccwpck_require__(5066);
// EXTERNAL MODULE: ./src/report/metrics.ts
var metrics = __nccwpck_require__(6479);
// EXTERNAL MODULE: ./src/plan/workflow-commands.ts
var workflow_commands = __nccwpck_require__(5305);
;// CONCATENATED MODULE: ./src/report/resources-text.ts


/*
 * The resource figures as people read them, for the console table and the step summary (same words in both).
 */
/** `12.4s` (user + system) with the average cores when more than one: `48.2s (3.9 cores)`. '-' when unknown. */
function formatCpu(resources) {
    if (!resources || !isNumber(resources.cpu_user_seconds) || !isNumber(resources.cpu_system_seconds))
        return '-';
    const cpu = (0,duration/* formatDuration */.a)(resources.cpu_user_seconds + resources.cpu_system_seconds);
    const cores = resources.cpu_avg_cores;
    return isNumber(cores) && cores >= 1.05 ? `${cpu} (${cores.toFixed(1)} cores)` : cpu;
}
/** The peak memory cell, at most three significant digits (`300 MiB`, `1.25 GiB`): `-` when not measured. */
function formatPeakMemory(resources) {
    const bytes = resources?.peak_rss_bytes;
    return isNumber(bytes) && bytes >= 0 ? (0,byte_size/* formatByteSize */.$j)(bytes, 'three-digits') : '-';
}
/** Whether any job of the summary carries figures: only then do the tables get resource columns. */
function anyResources(jobs) {
    return jobs.some((job) => job.resources !== undefined && job.resources !== null);
}
function isNumber(value) {
    return typeof value === 'number' && Number.isFinite(value);
}

;// CONCATENATED MODULE: ./src/report/console.ts







/*
 * Plain-text lines for terminals and the Actions log. No colour unless `color: true` (the CLI
 * decides from the TTY and NO_COLOR); the Actions log gets plain text.
 */

const ANSI_CODES = { green: 32, red: 31, yellow: 33, dim: 2, bold: 1 };
function paint(text, style, color) {
    return color ? `\u001b[${ANSI_CODES[style]}m${text}\u001b[0m` : text;
}
/**
 * A verbose debug message as printed by both shells (the action with `verbose: true`, the CLI with
 * `--verbose`): every line prefixed `debug: `, like the CLI's `warning: ` and `error: `, so the two
 * read the same and one grep finds them.
 */
function formatDebugLines(message) {
    return message.replace(/^/gm, 'debug: ');
}
/**
 * `Running 9 jobs sequentially` / `Running 9 jobs in parallel, up to 4 at a time`; with `max_workers: auto`,
 * `workers` is what auto came to and the line says so: `up to 2 at a time (max_workers auto)`.
 */
function formatPlanHeader(plan, opts) {
    const n = plan.jobs.length;
    const jobs = `${n} job${n === 1 ? '' : 's'}`;
    const optional = plan.jobs.filter((job) => job.optional).length;
    const note = optional > 0 ? ` (${optional} optional)` : '';
    if (!opts.parallel || n <= 1)
        return `Running ${jobs}${note} sequentially`;
    const workers = Math.max(1, Math.min(opts.workers, n));
    return `Running ${jobs}${note} in parallel, up to ${workers} at a time${opts.auto ? ' (max_workers auto)' : ''}`;
}
/**
 * `[3/9] ▶ als`, or `[3/9] ▶ als (attempt 2 of 3)` on a retry.
 * `index` is the job's 1-based number (its start order; the same on its start and end lines), `total`
 * the number of jobs in the run.
 */
function formatJobStart(job, attempt, index, total, opts = {}) {
    const retry = attempt > 1 ? ` (attempt ${attempt}${job.retries !== undefined ? ` of ${job.retries + 1}` : ''})` : '';
    const optional = job.optional ? ' (optional)' : '';
    return `${counter(index, total)} ${paint('▶', 'dim', opts.color)} ${job.id}${optional}${retry}`;
}
/**
 * `[3/9] ✓ als 12.4s`, `[4/9] ✗ diabetes exit 3 after 2 attempts`, `[5/9] ✗ bert timed out after 30m`,
 * `[6/9] ✗ gpt cancelled`, `[7/9] - xgb not run`; an optional job's failure is marked `(optional)`.
 */
function formatJobEnd(result, job, index, total, opts = {}) {
    const outcome = { ...result, timeout_minutes: job?.timeoutMinutes };
    const mark = statusMark(result.status, job?.optional ?? false, opts.color);
    let text;
    if (result.status === 'cached') {
        text = `cached${result.cache?.source ? ` (from ${result.cache.source})` : ''}`;
    }
    else if (result.status === 'succeeded') {
        const attempts = (0,report_outcome/* attemptCount */.T3)(result);
        text = `${(0,duration/* formatDuration */.a)(result.duration_seconds)}${attempts > 1 ? ` after ${attempts} attempts` : ''}`;
    }
    else {
        text = (0,report_outcome/* describeOutcome */.SS)(outcome);
        if (job?.optional && result.status !== 'skipped')
            text += ' (optional)';
    }
    return `${counter(index, total)} ${mark} ${result.id} ${text}`;
}
/**
 * The run as an aligned plain-text table, then a status line:
 * ```
 * JOB       STATUS     ATTEMPTS  DURATION  RESULT
 * als       succeeded         1     12.4s  accuracy 0.9123
 * diabetes  failed            2     45.1s  exit 3 after 2 attempts
 * ```
 */
function formatFinalTable(summary, opts = {}) {
    // PEAK MEM and CPU only when the jobs were measured (resource_interval not 0).
    const measured = anyResources(summary.jobs);
    const header = [
        'JOB',
        'STATUS',
        'ATTEMPTS',
        'DURATION',
        ...(measured ? ['PEAK MEM', 'CPU'] : []),
        'RESULT',
    ];
    const rightAligned = [false, false, true, true, ...(measured ? [true, true] : []), false];
    const rows = summary.jobs.map((job) => [
        (0,report_escape/* cleanLine */.Ow)(job.id, 80),
        statusWord(job),
        job.status === 'skipped' ? '-' : String(job.attempts),
        job.status === 'skipped' ? '-' : (0,duration/* formatDuration */.a)(job.duration_seconds),
        ...(measured ? [formatPeakMemory(job.resources), formatCpu(job.resources)] : []),
        resultText(job),
    ]);
    // A loop, not Math.max(...rows): spreading 150,000 arguments overflows the call stack.
    const widths = header.map((h, col) => rows.reduce((max, row) => Math.max(max, width(row[col])), width(h)));
    const line = (cells, styles) => cells
        .map((cell, col) => {
        // The last column is not padded: no trailing spaces, with or without colour codes.
        const padded = col === cells.length - 1 ? cell : pad(cell, widths[col], rightAligned[col]);
        const style = styles?.[col];
        return style ? paint(padded, style, opts.color) : padded;
    })
        .join('  ')
        .replace(/ +$/, '');
    const out = [
        line(header, header.map(() => 'bold')),
    ];
    summary.jobs.forEach((job, i) => out.push(line(rows[i], [undefined, statusStyle(job)])));
    out.push('');
    out.push(paint(statusLine(summary, opts), summary.status === 'success' ? 'green' : statusStyleOfRun(summary), opts.color));
    return out.join('\n');
}
/** `failure in 3m 12s: 7 of 9 jobs succeeded; 1 failed, 1 timed out; 1 optional failure`. */
function statusLine(summary, opts = {}) {
    const c = summary.counts;
    const others = [];
    if (c.failed)
        others.push(`${c.failed} failed`);
    if (c.timed_out)
        others.push(`${c.timed_out} timed out`);
    if (c.cancelled)
        others.push(`${c.cancelled} cancelled`);
    if (c.skipped)
        others.push(`${c.skipped} not run`);
    const parts = [describeSucceeded(c, opts.missingShards)];
    if (others.length > 0)
        parts.push(others.join(', '));
    if (c.optional_failed)
        parts.push(`${c.optional_failed} optional failure${c.optional_failed === 1 ? '' : 's'}`);
    if (c.gate_failed)
        parts.push(`${c.gate_failed} broke a quality gate`);
    const shard = summary.shard ? ` [shard ${(0,report_escape/* cleanLine */.Ow)(summary.shard, 40)}]` : '';
    return `${summary.status}${shard} in ${(0,duration/* formatDuration */.a)(summary.duration_seconds)}: ${parts.join('; ')}`;
}
function counter(index, total) {
    return `[${index}/${total}]`;
}
function statusMark(status, optional, color) {
    if ((0,report_outcome/* isSuccessStatus */.ar)(status))
        return paint('✓', 'green', color);
    if (status === 'skipped')
        return paint('-', 'dim', color);
    return paint('✗', optional ? 'yellow' : 'red', color);
}
function statusWord(job) {
    const word = job.status === 'timed_out' ? 'timed out' : job.status === 'skipped' ? 'not run' : job.status;
    return job.optional && !(0,report_outcome/* isSuccessStatus */.ar)(job.status) && job.status !== 'skipped'
        ? `${word} (optional)`
        : word;
}
function statusStyle(job) {
    if ((0,report_outcome/* isSuccessStatus */.ar)(job.status))
        return 'green';
    if (job.status === 'skipped')
        return 'dim';
    return job.optional ? 'yellow' : 'red';
}
function statusStyleOfRun(summary) {
    return summary.status === 'failure' ? 'red' : 'yellow';
}
function resultText(job) {
    if ((0,report_outcome/* isSuccessStatus */.ar)(job.status)) {
        const metric = (0,metrics/* mainMetric */._)(job.metrics);
        return metric ? `${(0,report_escape/* cleanLine */.Ow)(metric.name, 40)} ${(0,metrics/* formatMetricValue */.dd)(metric.value)}` : '';
    }
    return job.status === 'skipped' ? '' : (0,report_outcome/* describeOutcome */.SS)(job);
}
/** Columns in code points: ids and statuses are ASCII, metric names rarely wide. */
function width(text) {
    return Array.from(text).length;
}
function pad(text, size, right) {
    const fill = ' '.repeat(Math.max(0, size - width(text)));
    return right ? fill + text : text + fill;
}
/**
 * The `--list` table: id, script, optional, supported flags; aligned for a terminal. A script path or
 * command with a control character or line break shows it escaped (`\n`), so each job stays one row.
 */
function formatJobList(plan) {
    const rows = plan.jobs.map((job) => [
        job.id,
        (0,workflow_commands/* printable */.g$)(job.script ?? job.command.join(' ')),
        job.optional ? 'optional' : 'required',
        ['output_dir', 'epochs', 'folds']
            .filter((flag) => job.supports[flag])
            .map((flag) => `--${flag.replace('_', '-')}`)
            .join(' ') || '-',
    ]);
    const header = ['JOB', 'SCRIPT', 'KIND', 'FLAGS'];
    const widths = header.map((title, column) => rows.reduce((max, row) => Math.max(max, row[column].length), title.length));
    const line = (cells) => cells
        .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column])))
        .join('  ')
        .trimEnd();
    return [`${plan.jobs.length} job(s)`, line(header), ...rows.map(line)].join('\n') + '\n';
}

;// CONCATENATED MODULE: ./src/plan/notify-settings.ts



const NOTIFY_ON_VALUES = ['always', 'failure', 'change'];
/**
 * Reads `notify_webhook` and `notify_on` (the CLI passes `--notify-webhook`/`--notify-on` under the
 * same names). The webhook must be an http(s) URL; an error about it never repeats the value, which is
 * a credential. `names` lets the CLI name its flags in errors.
 */
function parseNotifySettings(raw, names = { webhook: 'notify_webhook', on: 'notify_on' }) {
    const webhook = (0,input_values/* presentValue */.p)(raw.notify_webhook);
    if (webhook !== undefined) {
        let url;
        try {
            url = new URL(webhook);
        }
        catch {
            url = undefined;
        }
        if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || /\s/.test(webhook)) {
            throw new types/* InputError */.d(names.webhook, `Invalid ${names.webhook}: expected an https:// (or http://) incoming-webhook URL. The value is not shown: it is treated as a secret.`);
        }
    }
    const onValue = ((0,input_values/* presentValue */.p)(raw.notify_on) ?? defaults/* DEFAULT_NOTIFY_ON */.SD).toLowerCase();
    if (!NOTIFY_ON_VALUES.includes(onValue)) {
        throw new types/* InputError */.d(names.on, `Invalid ${names.on} ${(0,input_values/* quoteValue */.cl)(raw.notify_on ?? '')}. Expected one of: ${NOTIFY_ON_VALUES.join(', ')} (empty means ${defaults/* DEFAULT_NOTIFY_ON */.SD}).`);
    }
    return { webhook, on: onValue };
}

;// CONCATENATED MODULE: ./src/plan/spawn-service-setting.ts


/**
 * The environment variable that turns the spawn service off (docs/decisions/0007-spawn-service.md): an escape
 * hatch for a machine where it misbehaves. Both shells read it with parseSpawnServiceMode and hand the result
 * down as `Settings.spawnService`; the core never reads the environment for it.
 */
const SPAWN_SERVICE_ENV = 'TRAINING_ORCHESTRATOR_SPAWN_SERVICE';
/** Its values, in the order the error message lists them. */
const SPAWN_SERVICE_MODES = ['auto', 'off'];
/**
 * TRAINING_ORCHESTRATOR_SPAWN_SERVICE from `env`: unset, empty or blank is `auto` (a workflow's
 * `env: X: ${{ vars.X }}` sets an unset variable to ''), else `auto` or `off` as written (surrounding blanks
 * ignored). Anything else throws InputError naming the variable and its values, before any job starts.
 */
function parseSpawnServiceMode(env) {
    const value = (0,input_values/* presentValue */.p)(env[SPAWN_SERVICE_ENV]);
    if (value === undefined)
        return 'auto';
    const mode = SPAWN_SERVICE_MODES.find((known) => known === value);
    if (mode)
        return mode;
    throw new types/* InputError */.d(SPAWN_SERVICE_ENV, `Invalid ${SPAWN_SERVICE_ENV} ${(0,input_values/* quoteValue */.cl)(value)}. Expected ${SPAWN_SERVICE_MODES.join(' or ')} (empty or unset means auto).`);
}

// EXTERNAL MODULE: ./src/report/comparison-text.ts
var comparison_text = __nccwpck_require__(5101);
;// CONCATENATED MODULE: external "node:util"
const external_node_util_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");
// EXTERNAL MODULE: ./src/plan/did-you-mean.ts
var did_you_mean = __nccwpck_require__(1324);
;// CONCATENATED MODULE: ./src/cli/args.ts






/** Flags that map one-to-one onto an action input (kebab-case ↔ snake_case). */
const INPUT_FLAGS = {
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
const OPTIONS = {
    ...Object.fromEntries(Object.entries(INPUT_FLAGS).map(([flag, spec]) => [
        flag,
        { type: spec.type, ...(spec.repeatable ? { multiple: true } : {}) },
    ])),
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
const COMMANDS = ['run', 'plan', 'merge', 'compare', 'cache'];
/** Parses argv (without node and the script). Throws InputError with exit-code-2 semantics. */
function parseCliArgs(argv) {
    let parsed;
    try {
        parsed = (0,external_node_util_namespaceObject.parseArgs)({
            args: attachValues(argv),
            options: OPTIONS,
            allowPositionals: true,
            strict: true,
        });
    }
    catch (error) {
        throw toInputError(error);
    }
    const values = parsed.values;
    const positionals = parsed.positionals;
    const command = (positionals[0] ?? 'run');
    if (!COMMANDS.includes(command)) {
        const hint = (0,did_you_mean/* closestCandidate */.Ri)(command, COMMANDS);
        throw new types/* InputError */.d('command', `Unknown command '${command}'.${hint ? ` Did you mean '${hint}'?` : ''} Expected one of: ${COMMANDS.join(', ')}.`);
    }
    const files = positionals.slice(1);
    if (command === 'compare' && files.length !== 2 && !values.help) {
        throw new types/* InputError */.d('arguments', `compare needs two training summaries, OLD and NEW (got ${files.length}): training-orchestrator compare OLD.json NEW.json [--json].`);
    }
    const cacheAction = command === 'cache' ? parseCacheAction(files, Boolean(values.help)) : undefined;
    if (command !== 'compare' && command !== 'cache' && files.length > 0) {
        throw new types/* InputError */.d('arguments', `Unexpected argument '${files[0]}'. Expected at most one command: ${COMMANDS.join(', ')}.`);
    }
    if (typeof values.baseline === 'string' && values.baseline.trim().toLowerCase() === 'auto') {
        throw new types/* InputError */.d('--baseline', `--baseline auto is not available on the command line: only the action can ask GitHub for the last ` +
            `successful run's summary. Expected a training summary JSON or a folder of them (for example the ` +
            `summaries folder of an earlier run).`);
    }
    const inputs = {};
    for (const [flag, spec] of Object.entries(INPUT_FLAGS)) {
        const value = values[flag];
        if (value === undefined)
            continue;
        if (spec.type === 'boolean')
            inputs[spec.input] = value ? 'true' : 'false';
        else if (Array.isArray(value))
            inputs[spec.input] = value.join(spec.input === 'extra_args' ? ' ' : ',');
        else
            inputs[spec.input] = String(value);
    }
    // --extra-arg X passes X as one literal word: quote it so the shared word splitter gives it back unchanged.
    const extraArg = values['extra-arg'];
    if (extraArg?.length) {
        inputs.extra_args = [inputs.extra_args ?? '', quoteForShell(extraArg)]
            .filter((part) => part.length > 0)
            .join(' ');
    }
    const discoverRoot = values['discover-root'];
    if (discoverRoot?.length) {
        inputs.discover_roots = [inputs.discover_roots ?? '', ...discoverRoot]
            .filter((part) => part.length > 0)
            .join(',');
    }
    // `auto` asks GitHub for an earlier run's summary: only the action can (it has the run and a token).
    for (const [flag, input] of [
        ['history', 'history_file'],
        ['rerun-failed', 'rerun_failed_from'],
    ]) {
        if (inputs[input]?.trim().toLowerCase() === 'auto') {
            throw new types/* InputError */.d(`--${flag}`, `Invalid --${flag} 'auto'. Expected the path of a training summary JSON: the CLI has no GitHub run to look ` +
                `up (auto works in the action only; download the training-summary artifact, e.g. with \`gh run download\`, and pass its file).`);
        }
    }
    if (command === 'plan')
        inputs.mode = 'plan';
    if (command === 'merge')
        inputs.mode = 'merge';
    const color = values['no-color'] ? false : values.color;
    if (values.cache && values['no-cache'])
        throw new types/* InputError */.d('--cache', 'Invalid --cache with --no-cache. Expected one of them.');
    const sizeText = values['cache-size-limit'];
    // A bare number is bytes here, as it always was (see BareNumber in byte-size.ts).
    const sizeLimit = sizeText === undefined ? undefined : (0,byte_size/* parseByteSize */.nS)(sizeText, 'bytes');
    if (sizeText !== undefined && sizeLimit === undefined)
        throw new types/* InputError */.d('--cache-size-limit', `Invalid --cache-size-limit '${sizeText}'. ${(0,byte_size/* byteSizeExpected */.GX)('bytes')}.`);
    const cacheDir = values['cache-dir'];
    if (cacheDir !== undefined && cacheDir.trim() === '')
        throw new types/* InputError */.d('--cache-dir', "Invalid --cache-dir ''. Expected a folder path.");
    return {
        command,
        inputs,
        cwd: values.cwd,
        json: Boolean(values.json),
        help: Boolean(values.help),
        version: Boolean(values.version),
        color,
        files: command === 'compare' ? files : [],
        cache: {
            enabled: values['no-cache'] ? false : values.cache ? true : undefined,
            dir: cacheDir,
            sizeLimit,
            force: splitForceList(values.force ?? []),
            action: cacheAction,
        },
    };
}
function parseCacheAction(words, help) {
    if (help && words.length === 0)
        return undefined;
    if (words.length === 1 && (words[0] === 'list' || words[0] === 'clear'))
        return words[0];
    throw new types/* InputError */.d('arguments', `cache needs one action, list or clear (got ${words.length === 0 ? 'none' : `'${words.join(' ')}'`}): training-orchestrator cache list [--cache-dir DIR].`);
}
/**
 * `--extra-args "--lr 1e-3"` is the common case, but parseArgs refuses a value that starts with a dash
 * unless it is attached (`--extra-args=--lr 1e-3`): attach the next word to every option that takes one.
 */
function attachValues(argv) {
    const takesValue = new Set(Object.entries(OPTIONS).flatMap(([name, spec]) => spec.type === 'string' ? [`--${name}`, ...(spec.short ? [`-${spec.short}`] : [])] : []));
    const out = [];
    for (let i = 0; i < argv.length; i++) {
        const word = argv[i];
        if (word === '--') {
            out.push(...argv.slice(i));
            break;
        }
        if (takesValue.has(word) && i + 1 < argv.length) {
            out.push(word.startsWith('--') ? `${word}=${argv[i + 1]}` : `${word}${argv[i + 1]}`);
            i++;
        }
        else
            out.push(word);
    }
    return out;
}
function toInputError(error) {
    const message = error instanceof Error ? error.message : String(error);
    const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message);
    if (unknown) {
        const flag = unknown[1].replace(/^-+/, '');
        const hint = (0,did_you_mean/* closestCandidate */.Ri)(flag, Object.keys(OPTIONS));
        return new types/* InputError */.d(unknown[1], `Unknown option '${unknown[1]}'.${hint ? ` Did you mean '--${hint}'?` : ''} Run with --help to see the accepted options.`);
    }
    return new types/* InputError */.d('arguments', `${message.replace(/\. To specify.*$/s, '.')} Run with --help to see the accepted options.`);
}
const HELP = `Usage: training-orchestrator [run|plan|merge] [options]
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

;// CONCATENATED MODULE: ./src/cli/flag-names.ts

/**
 * The CLI flag that sets each action input (`max_workers` → `--max-workers`), built from the one table
 * of flags in args.ts, plus `working_directory`, which the CLI takes as `--cwd`. Inputs without a flag
 * (kaggle_username, secrets, …) keep their names.
 */
const FLAG_FOR_INPUT = new Map([
    ...Object.entries(INPUT_FLAGS).map(([flag, spec]) => [spec.input, `--${flag}`]),
    ['working_directory', '--cwd'],
    ['force', '--force'],
]);
/**
 * An error message of the shared core, worded for the command line: `Invalid max_workers '0'` becomes
 * `Invalid --max-workers '0'`, and any other input name with an underscore (unambiguous as a word) becomes
 * its flag too. A one-word input name outside `Invalid <name>` stays, since it may be an ordinary word
 * ("no working python3 or python on PATH").
 */
function cliMessage(message) {
    let text = message;
    for (const [input, flag] of FLAG_FOR_INPUT) {
        text = text.replace(new RegExp(`\\bInvalid ${input}(?![\\w-])`, 'g'), `Invalid ${flag}`);
        if (input.includes('_'))
            text = text.replace(new RegExp(`(?<![\\w./-])${input}(?![\\w/-])`, 'g'), flag);
    }
    return text;
}

;// CONCATENATED MODULE: ./src/cli/pipe-safe-writer.ts
function pipeSafeWriter(stream) {
    let closed = false;
    // EPIPE when the reader closed the pipe, EIO when the terminal hung up: nobody is left to tell.
    stream.on('error', () => {
        closed = true;
    });
    return {
        write: (text) => {
            if (closed || stream.destroyed)
                return;
            try {
                stream.write(text);
            }
            catch {
                closed = true;
            }
        },
        closed: () => closed || stream.destroyed,
    };
}

;// CONCATENATED MODULE: ./src/cli/render.ts

/**
 * Prints run events for a terminal. Sequential jobs stream their output as is between their start and
 * end lines; in parallel every line carries a `[id]` prefix so interleaved jobs stay readable.
 */
function createEventRenderer(terminal, opts) {
    return (event) => {
        switch (event.type) {
            case 'job-start':
                terminal.out(`${formatJobStart(event.job, event.attempt, event.index, event.total)}\n`);
                break;
            case 'job-output':
                // Events carry whole lines without the final newline.
                terminal.out(`${opts.parallel ? prefixLines(event.text, `[${event.job.id}] `) : event.text}\n`);
                break;
            case 'job-retry':
                terminal.out(`  ↻ ${event.job.id}: ${event.reason}; retrying in ${(event.delayMs / 1000).toFixed(1)}s\n`);
                break;
            case 'job-end':
                terminal.out(`${formatJobEnd(event.result, event.job, event.index, event.total, { color: opts.color })}\n`);
                break;
            case 'run-cancelled':
                terminal.err(`Cancelling: ${event.reason}. No new job starts; running jobs are being stopped.\n`);
                break;
            default:
                break;
        }
    };
}
function prefixLines(text, prefix) {
    if (text.length === 0)
        return text;
    const body = text.endsWith('\n') ? text.slice(0, -1) : text;
    return `${prefix}${body.split('\n').join(`\n${prefix}`)}${text.endsWith('\n') ? '\n' : ''}`;
}

;// CONCATENATED MODULE: ./src/version.ts
/** Kept equal to package.json's version by a test (bundles cannot read package.json at run time). */
const VERSION = '0.1.0';

;// CONCATENATED MODULE: ./src/cli/main.ts




















// What only some commands need is loaded with import() when they run (`compare`, `cache`, `plan`, `merge`,
// `--cache`, a webhook): a plain run compiles and evaluates none of it, which is most of the CLI's fixed
// start-up cost after Node's own (bench/notes.md, section 5). __tests__/e2e/cli-lazy-modules.test.ts keeps it so.
/** Exit codes; a cancelled run exits 128 + the signal's number (129 SIGHUP, 130 SIGINT, 143 SIGTERM). */
const EXIT = { ok: 0, failure: 1, input: 2, cancelled: 130 };
/** The signals that cancel a CLI run: Ctrl-C, `kill`, and a closed terminal or SSH session. */
const CANCEL_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
/** The real terminal; output to a reader that went away (`| head -1`) is dropped, never fatal. */
function processIo() {
    const stdout = pipeSafeWriter(process.stdout);
    const stderr = pipeSafeWriter(process.stderr);
    return {
        out: stdout.write,
        err: stderr.write,
        env: process.env,
        cwd: process.cwd(),
        isTTY: Boolean(process.stdout.isTTY),
    };
}
/** Runs the CLI and returns its exit code; never calls process.exit itself so tests can drive it. */
async function runCli(argv, io = processIo()) {
    // Secrets the shell environment already holds are redacted like the action's inputs, from the first
    // message on (a flag's value quoted in an error message included).
    const envSecrets = [
        io.env.KAGGLE_KEY,
        io.env.TRAINING_ORCHESTRATOR_NOTIFY_WEBHOOK?.trim(),
        ...(io.env.TRAINING_ORCHESTRATOR_SECRETS ?? '').split('\n'),
    ].filter((value) => typeof value === 'string' && value.trim().length > 0);
    let redactor = new redact/* Redactor */.pO(envSecrets);
    let request;
    try {
        request = parseCliArgs(argv);
    }
    catch (error) {
        return reportError(error, io, redactor);
    }
    if (request.help) {
        io.out(HELP);
        return EXIT.ok;
    }
    if (request.version) {
        io.out(`${VERSION}\n`);
        return EXIT.ok;
    }
    // The webhook URL may come from the environment (kept out of shell history and `ps`); the flag wins.
    // Either way it is a credential: redacted from everything from here on.
    if (request.inputs.notify_webhook === undefined && io.env.TRAINING_ORCHESTRATOR_NOTIFY_WEBHOOK)
        request.inputs.notify_webhook = io.env.TRAINING_ORCHESTRATOR_NOTIFY_WEBHOOK;
    const webhook = request.inputs.notify_webhook?.trim();
    if (webhook && !envSecrets.includes(webhook)) {
        envSecrets.push(webhook);
        redactor = new redact/* Redactor */.pO(envSecrets);
    }
    const verbose = request.inputs.verbose === 'true';
    // With --json, stdout carries only JSON; everything for people goes to stderr.
    const info = request.json ? io.err : io.out;
    const logger = {
        info: (message) => info(`${redactor.redact(message)}\n`),
        warn: (message) => io.err(`warning: ${redactor.redact(message)}\n`),
        error: (message) => io.err(`error: ${redactor.redact(message)}\n`),
        debug: (message) => {
            if (verbose)
                io.err(`${formatDebugLines(redactor.redact(message))}\n`);
        },
    };
    const color = request.color ?? (io.isTTY && !io.env.NO_COLOR);
    const short = (0,redact/* shortSecretsWarning */.i5)(envSecrets);
    if (short)
        logger.warn(short);
    if (request.command === 'compare')
        return (await __nccwpck_require__.e(/* import() */ 513).then(__nccwpck_require__.bind(__nccwpck_require__, 9513))).runCompare(request, io, redactor);
    if (request.command === 'cache')
        return runCacheCommand(request, io, redactor);
    const cancel = cancelOnSignals(CANCEL_SIGNALS, (signal) => io.err(`\nReceived ${signal}: cancelling (running jobs get SIGTERM, then SIGKILL).\n`));
    try {
        const workspace = external_node_path_default().resolve(io.cwd, request.cwd ?? '.');
        const settings = parseSettings(request.inputs, { workspace });
        const notify = parseNotifySettings(request.inputs, { webhook: '--notify-webhook', on: '--notify-on' });
        settings.secrets.push(...envSecrets);
        // Read here, as the action reads it, and handed down: the core never looks at the environment for it.
        settings.spawnService = parseSpawnServiceMode(io.env);
        settings.cache = request.cache.enabled ?? false;
        settings.forceJobs = request.cache.force;
        if (settings.cache)
            settings.cacheSizeLimitBytes =
                request.cache.sizeLimit ?? (await __nccwpck_require__.e(/* import() */ 9).then(__nccwpck_require__.bind(__nccwpck_require__, 3009))).DEFAULT_CACHE_SIZE_LIMIT;
        if (request.command === 'plan') {
            const { parsePlanModeInputs, runPlanMode } = await __nccwpck_require__.e(/* import() */ 300).then(__nccwpck_require__.bind(__nccwpck_require__, 7300));
            const result = await runPlanMode(settings, { ...parsePlanModeInputs(request.inputs), logger });
            for (const warning of result.plan.warnings)
                logger.warn(warning);
            // --json: stdout is the matrix alone, ready for `echo "matrix=$(…)" >> "$GITHUB_OUTPUT"`. The matrix holds
            // only what the orchestrator built (ids, shard numbers, runner labels): nothing in it is masked.
            if (request.json)
                io.out(`${JSON.stringify(result.matrix)}\n`);
            else
                io.out(`${JSON.stringify(result.matrix, null, 2)}\n`);
            return EXIT.ok;
        }
        if (request.command === 'merge') {
            const { parseMergeModeInputs, runMergeMode } = await __nccwpck_require__.e(/* import() */ 300).then(__nccwpck_require__.bind(__nccwpck_require__, 7300));
            const result = await runMergeMode(settings, {
                ...parseMergeModeInputs(request.inputs, settings),
                logger,
            });
            for (const problem of result.problems)
                logger.error(problem);
            if (request.json)
                io.out(`${JSON.stringify(result.summary, null, 2)}\n`);
            info(`\n${formatFinalTable(result.summary, { missingShards: result.missingShards })}\n`);
            info(`Summary: ${external_node_path_default().relative(io.cwd, result.summaryPath) || result.summaryPath}\n`);
            return result.exitCode;
        }
        const terminal = { out: (text) => io.out(redactor.redact(text)), err: io.err };
        const result = await orchestrate(settings, {
            logger,
            signal: cancel.signal,
            onEvent: createEventRenderer(terminal, { parallel: settings.parallel, color }),
            environment: provenanceEnvironment(io.env),
            cacheStore: settings.cache ? await localCacheStore(request, io) : undefined,
            onPlan: (plan, { workers }) => {
                if (settings.listOnly || settings.dryRun)
                    return;
                info(`${formatPlanHeader(plan, { parallel: settings.parallel, workers, auto: settings.maxWorkersAuto })}\n`);
            },
        });
        if (result.mode !== 'run') {
            if (request.json)
                io.out(`${JSON.stringify((0,plan_plan/* planToJson */.$p)(result.plan, (text) => result.redactor.redact(text)), null, 2)}\n`);
            else if (result.mode === 'list')
                io.out(formatJobList(result.plan));
            else {
                // Lines are written in batches of about 64 KiB: one write per job cost ~0.3 s for 100,000 jobs.
                let batch = '';
                for (const job of result.plan.jobs) {
                    const line = shellLine(job, io.cwd, (text) => result.redactor.redact(text));
                    batch += `${result.redactor.redact(line)}\n`;
                    if (batch.length >= 65_536) {
                        io.out(batch);
                        batch = '';
                    }
                }
                if (batch !== '')
                    io.out(batch);
            }
            for (const warning of result.plan.warnings)
                logger.warn(warning);
            return EXIT.ok;
        }
        if (result.summary)
            info(`\n${formatFinalTable(result.summary)}\n`);
        const quality = result.summary ? (0,comparison_text/* formatQualityLines */.q9)(result.summary) : '';
        if (quality)
            info(`${redactor.redact(quality)}\n`);
        if (result.summaryPath)
            info(`Summary: ${external_node_path_default().relative(io.cwd, result.summaryPath) || result.summaryPath}\n`);
        // Faults of the orchestrator (a summary that could not be written): one plain line each, after the table.
        for (const error of result.errors)
            logger.error(error);
        if (result.summary && notify.webhook)
            await (await __nccwpck_require__.e(/* import() */ 439).then(__nccwpck_require__.bind(__nccwpck_require__, 9439))).notifyRun(result.summary, notify, {
                logger,
                redactor: result.redactor,
                workingDirectory: settings.workingDirectory,
                post: io.post,
            });
        if (result.status === 'failure') {
            const failed = result.summary?.jobs
                .filter((job) => !job.optional && !(0,report_outcome/* isSuccessStatus */.ar)(job.status))
                .map((job) => job.id) ?? [];
            if (failed.length > 0)
                logger.error(`Required job(s) failed: ${failed.join(', ')}`);
            const gated = result.summary?.jobs
                .filter((job) => !job.optional && (0,report_outcome/* isSuccessStatus */.ar)(job.status) && job.gates?.passed === false)
                .map((job) => job.id) ?? [];
            if (gated.length > 0)
                logger.error(`Required job(s) broke a quality gate: ${gated.join(', ')}`);
        }
        return result.status === 'cancelled' ? exitCodeForSignal(cancel.reason()) : result.exitCode;
    }
    catch (error) {
        return reportError(error, io, redactor);
    }
    finally {
        cancel.dispose();
    }
}
/** The local cache folder the flags name (or the user's default one). */
async function localCacheStore(request, io) {
    const { DEFAULT_CACHE_SIZE_LIMIT, defaultCacheDir, LocalCacheStore } = await __nccwpck_require__.e(/* import() */ 9).then(__nccwpck_require__.bind(__nccwpck_require__, 3009));
    const dir = request.cache.dir ? external_node_path_default().resolve(io.cwd, request.cache.dir) : defaultCacheDir(io.env);
    return new LocalCacheStore(dir, request.cache.sizeLimit ?? DEFAULT_CACHE_SIZE_LIMIT);
}
/** `cache list` (one line per entry, most recently used first) and `cache clear`. */
async function runCacheCommand(request, io, redactor) {
    const store = await localCacheStore(request, io);
    try {
        if (request.cache.action === 'clear') {
            const { entries, bytes } = await store.clear();
            io.out(`Removed ${entries} cache entr${entries === 1 ? 'y' : 'ies'} (${(0,byte_size/* formatByteSize */.$j)(bytes)}) from ${store.root}.\n`);
            return EXIT.ok;
        }
        const entries = await store.list();
        if (request.json) {
            io.out(`${JSON.stringify(entries, null, 2)}\n`);
            return EXIT.ok;
        }
        const total = entries.reduce((sum, entry) => sum + entry.size, 0);
        io.out(`${entries.length} cache entr${entries.length === 1 ? 'y' : 'ies'}, ${(0,byte_size/* formatByteSize */.$j)(total)} of ${(0,byte_size/* formatByteSize */.$j)(store.sizeLimit)}, in ${store.root}\n`);
        for (const entry of entries)
            io.out(`${entry.job_id}  ${entry.key.slice(0, 12)}  ${(0,byte_size/* formatByteSize */.$j)(entry.size)}  stored ${entry.created_at}  used ${new Date(entry.last_used).toISOString()}\n`);
        return EXIT.ok;
    }
    catch (error) {
        return reportError(error, io, redactor);
    }
}
/** Every message goes through the redactor: a bad flag's value, a path or a stack may quote a secret. */
function reportError(error, io, redactor) {
    if (error instanceof types/* InputError */.d) {
        io.err(`error: ${redactor.redact(cliMessage(error.message))}\n`);
        return EXIT.input;
    }
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.err(`error: ${redactor.redact(message)}\n`);
    return EXIT.failure;
}

;// CONCATENATED MODULE: ./src/cli/index.ts

runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
}, (error) => {
    process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
});

