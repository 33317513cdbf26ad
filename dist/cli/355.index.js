export const id = 355;
export const ids = [355];
export const modules = {

/***/ 7355:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readBaseline: () => (/* binding */ readBaseline)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _model_types_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(440);
/* harmony import */ var _plan_input_values_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(414);
/* harmony import */ var _plan_path_safety_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2587);
/* harmony import */ var _plan_real_path_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9415);
/* harmony import */ var _merge_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3278);
/* harmony import */ var _read_summary_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(33);








/**
 * The baseline summary for `setting` (relative to the working directory): a training summary JSON, or a
 * folder holding `training_summary_*.json` at any depth (links not followed), of which the one whose
 * `started_at` is latest wins (ties: the later file name), whatever the files' modification times.
 * Version 1 and 2 summaries both read.
 *
 * - A path outside the working directory, by `..`, an absolute path or a symbolic link on the way, is an
 *   InputError naming `baseline` (checked before any job starts).
 * - A path that does not exist, cannot be read, is not a summary, or a folder without one, is not an
 *   error: `baseline: null` with the reason, which the run reports as a notice (a first run has no baseline).
 */
async function readBaseline(setting, opts) {
    const root = node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(opts.workingDirectory);
    const absolute = node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(root, setting);
    const trusted = (opts.trustedFolders ?? []).some((folder) => (0,_plan_path_safety_js__WEBPACK_IMPORTED_MODULE_4__/* .resolveInside */ .LI)(folder, absolute) !== undefined);
    const inside = (0,_plan_path_safety_js__WEBPACK_IMPORTED_MODULE_4__/* .resolveInside */ .LI)(root, absolute);
    if (!inside && !trusted)
        throw outside(setting, root);
    const shown = inside ? inside.relative : absolute;
    // Links followed (src/plan/real-path.ts): a link anywhere on the way that leads out is refused too.
    if (!trusted && !(0,_plan_real_path_js__WEBPACK_IMPORTED_MODULE_5__/* .isReallyInside */ .O5)(root, absolute)) {
        throw new _model_types_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .d('baseline', `Invalid baseline ${(0,_plan_input_values_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteValue */ .cl)(setting)}: ${(0,_plan_real_path_js__WEBPACK_IMPORTED_MODULE_5__/* .escapeReason */ .Gb)(root, absolute)}. Expected a training summary ` +
            `JSON, or a folder of them, inside the working directory ${root}.`);
    }
    let stats;
    try {
        stats = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.stat(absolute);
    }
    catch (error) {
        const code = error.code;
        return {
            baseline: null,
            reason: code === 'ENOENT'
                ? `No baseline: ${shown} does not exist.`
                : `No baseline: ${shown} cannot be read (${code ?? error.message}).`,
            missing: code === 'ENOENT',
            notes: [],
        };
    }
    if (!stats.isDirectory()) {
        const read = await (0,_read_summary_js__WEBPACK_IMPORTED_MODULE_7__/* .readSummaryFile */ .l6)(absolute);
        if (typeof read === 'string')
            return { baseline: null, reason: `No baseline: ${relativeIn(read, root)}`, missing: false, notes: [] };
        return { baseline: toBaseline(read, shown), notes: [] };
    }
    const notes = [];
    let best;
    for (const file of await (0,_merge_js__WEBPACK_IMPORTED_MODULE_6__/* .findSummaryFiles */ .RO)(absolute)) {
        if (!trusted) {
            // findSummaryFiles does not descend into linked folders; a linked file itself is checked here.
            const real = (0,_plan_real_path_js__WEBPACK_IMPORTED_MODULE_5__/* .realPathOf */ .dN)(file);
            if (!real || !(0,_plan_real_path_js__WEBPACK_IMPORTED_MODULE_5__/* .isWithin */ .UO)((0,_plan_real_path_js__WEBPACK_IMPORTED_MODULE_5__/* .realRootOf */ .GW)(root), real)) {
                notes.push(`Left out ${displayOf(file, root)}: it leads outside the working directory.`);
                continue;
            }
        }
        const read = await (0,_read_summary_js__WEBPACK_IMPORTED_MODULE_7__/* .readSummaryFile */ .l6)(file);
        if (typeof read === 'string') {
            notes.push(`Left out ${relativeIn(read, root)}`);
            continue;
        }
        const at = Date.parse(read.started_at);
        if (!best || at > best.at || (at === best.at && file > best.file))
            best = { summary: read, file, at };
    }
    if (!best) {
        return {
            baseline: null,
            reason: `No baseline: ${shown} holds no readable training_summary_*.json.`,
            missing: notes.length === 0,
            notes,
        };
    }
    return { baseline: toBaseline(best.summary, displayOf(best.file, root)), notes };
}
function toBaseline(summary, shown) {
    const provenance = summary.provenance;
    return {
        path: shown,
        started_at: summary.started_at,
        commit: typeof provenance?.commit === 'string' ? provenance.commit : null,
        run_url: typeof provenance?.run_url === 'string' ? provenance.run_url : null,
        jobs: summary.jobs.map((job) => ({
            id: job.id,
            status: job.status,
            metrics: job.metrics && typeof job.metrics === 'object' ? job.metrics : null,
            curves: Array.isArray(job.curves) ? job.curves : null,
        })),
    };
}
function outside(setting, root) {
    return new _model_types_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .d('baseline', `Invalid baseline ${(0,_plan_input_values_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteValue */ .cl)(setting)}: it is outside the working directory ${root}. Expected a ` +
        `training summary JSON, or a folder of them, inside it.`);
}
function displayOf(file, root) {
    return (0,_plan_path_safety_js__WEBPACK_IMPORTED_MODULE_4__/* .resolveInside */ .LI)(root, file)?.relative ?? file;
}
/** A reader's sentence with the absolute paths under the working directory shown relative to it. */
function relativeIn(sentence, root) {
    return sentence.split(`${root}${(node_path__WEBPACK_IMPORTED_MODULE_1___default().sep)}`).join('');
}


/***/ }),

/***/ 3278:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   RO: () => (/* binding */ findSummaryFiles),
/* harmony export */   TF: () => (/* binding */ mergeSummaries)
/* harmony export */ });
/* unused harmony export SUMMARY_FILE_PATTERN */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _plan_defaults_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7621);
/* harmony import */ var _status_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(6934);
/* harmony import */ var _quality_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5218);
/* harmony import */ var _read_summary_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(33);
/* harmony import */ var _summary_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7994);







/** The file names a run writes its summary under (see summaryFileName). */
const SUMMARY_FILE_PATTERN = /^training_summary_.*\.json$/;
async function mergeSummaries(input, opts = {}) {
    const problems = [];
    const notes = [];
    const where = 'files' in input ? 'among the files given' : `in ${input.directory}`;
    let files = [];
    if ('files' in input)
        files = [...input.files];
    else {
        try {
            files = await findSummaryFiles(input.directory);
        }
        catch (error) {
            // No folder: no artifact was downloaded (every shard failed before uploading). Reported below.
            if (error.code !== 'ENOENT')
                throw error;
            notes.push(`${input.directory} does not exist: no shard artifact was downloaded.`);
        }
    }
    const candidates = [];
    for (const file of files) {
        const read = await (0,_read_summary_js__WEBPACK_IMPORTED_MODULE_4__/* .readSummaryFile */ .l6)(file);
        if (typeof read === 'string') {
            problems.push(read);
            continue;
        }
        const spec = parseShardLabel(read.shard);
        if (!spec) {
            notes.push(`Left out ${file}: it is not a shard's summary (no shard k/n).`);
            continue;
        }
        candidates.push({ file, summary: read, ...spec, finishedAt: Date.parse(read.finished_at) });
    }
    const latestFirst = [...candidates].sort((a, b) => b.finishedAt - a.finishedAt || compareText(a.file, b.file));
    const count = opts.expectedShards ?? latestFirst[0]?.count;
    const chosen = new Map();
    for (const candidate of latestFirst) {
        const label = `${candidate.index}/${candidate.count}`;
        if (candidate.count !== count) {
            notes.push(`Left out ${candidate.file}: it is shard ${label}, from a plan of ${candidate.count} shards, not ${count}.`);
            continue;
        }
        const kept = chosen.get(candidate.index);
        if (kept) {
            notes.push(`Left out ${candidate.file}: shard ${label} has a later summary, ${kept.file}.`);
            continue;
        }
        chosen.set(candidate.index, candidate);
    }
    const missingShards = [];
    if (count === undefined) {
        problems.push(`No shard summary (training_summary_*.json with a shard k/n) was found ${where}.`);
    }
    else {
        for (let k = 1; k <= count; k += 1) {
            if (!chosen.has(k))
                missingShards.push(`${k}/${count}`);
        }
        for (const label of missingShards) {
            problems.push(`Shard ${label} has no summary ${where}: its job failed before writing one, or its artifact was not downloaded.`);
        }
    }
    const ordered = [...chosen.values()].sort((a, b) => a.index - b.index);
    const jobs = [];
    const shardOf = new Map();
    for (const { summary, index, count: n } of ordered) {
        const label = `${index}/${n}`;
        for (const job of summary.jobs) {
            const first = shardOf.get(job.id);
            if (first !== undefined) {
                problems.push(`Job '${job.id}' is in shard ${first} and in shard ${label}: a job belongs to one shard; kept shard ${first}'s.`);
                continue;
            }
            shardOf.set(job.id, label);
            jobs.push({ ...job, shard: label });
        }
    }
    const now = opts.now ?? (() => new Date());
    const starts = ordered.map((s) => Date.parse(s.summary.started_at)).filter(Number.isFinite);
    const ends = ordered.map((s) => s.finishedAt).filter(Number.isFinite);
    const startedAt = starts.length > 0 ? starts.reduce((min, t) => Math.min(min, t)) : now().getTime();
    const finishedAt = ends.reduce((max, t) => Math.max(max, t), startedAt);
    const allowPartialSuccess = opts.allowPartialSuccess ??
        (ordered.length > 0 && ordered.every((s) => s.summary.options.allow_partial_success));
    const cancelled = ordered.some((s) => s.summary.status === 'cancelled');
    let status = statusOfJobs(jobs, { allowPartialSuccess, cancelled });
    const gates = mergedGates(jobs);
    // A shard's own faults (its `errors`) failed that shard; they fail the merged run too, named by shard.
    const errors = ordered.flatMap((s) => (s.summary.errors ?? []).map((e) => `Shard ${s.index}/${s.count}: ${e}`));
    if ((problems.length > 0 || errors.length > 0) && status !== 'cancelled')
        status = 'failure';
    const first = ordered[0]?.summary;
    const warnings = unique([...ordered.flatMap((s) => s.summary.warnings), ...notes, ...problems]);
    const summary = {
        schema_version: _summary_js__WEBPACK_IMPORTED_MODULE_5__/* .SUMMARY_SCHEMA_VERSION */ .Ww,
        generator: { name: _summary_js__WEBPACK_IMPORTED_MODULE_5__/* .GENERATOR */ ._d.name, version: _summary_js__WEBPACK_IMPORTED_MODULE_5__/* .GENERATOR */ ._d.version },
        status,
        started_at: new Date(startedAt).toISOString(),
        finished_at: new Date(finishedAt).toISOString(),
        duration_seconds: Math.round(finishedAt - startedAt) / 1000,
        shard: null,
        options: first
            ? { ...first.options, only: unique(ordered.flatMap((s) => s.summary.options.only)), shard: null }
            : emptyOptions(),
        counts: (0,_summary_js__WEBPACK_IMPORTED_MODULE_5__/* .countJobs */ .uq)(jobs),
        jobs,
        warnings,
    };
    if (errors.length > 0)
        summary.errors = errors;
    if (first?.provenance)
        summary.provenance = first.provenance;
    if (first && first.baseline !== undefined)
        summary.baseline = first.baseline;
    if (gates)
        summary.gates = gates;
    for (const note of notes)
        opts.logger?.debug(note);
    return {
        summary,
        missingShards,
        problems,
        notes,
        shards: ordered.map((s) => ({
            shard: `${s.index}/${s.count}`,
            file: s.file,
            status: s.summary.status,
            jobs: s.summary.jobs.length,
        })),
    };
}
/** decideStatus over summary jobs: it reads only ids, `optional`, statuses and whether gates passed. */
function statusOfJobs(jobs, opts) {
    const plan = { jobs: jobs.map((job) => ({ id: job.id, optional: job.optional })) };
    const results = jobs.map((job) => ({ id: job.id, status: job.status }));
    const gateFailed = new Set(jobs.filter((job) => job.gates?.passed === false).map((job) => job.id));
    return (0,_status_js__WEBPACK_IMPORTED_MODULE_6__/* .decideStatus */ .x)(plan, results, { ...opts, gateFailed });
}
/** The run-level gates over the merged jobs, as assessRun computes them for one run. */
function mergedGates(jobs) {
    const gated = jobs.filter((job) => job.gates !== undefined);
    if (gated.length === 0)
        return undefined;
    const { regressed, improved } = (0,_quality_js__WEBPACK_IMPORTED_MODULE_3__/* .comparisonLists */ .Z)(jobs);
    return {
        passed: !gated.some((job) => !job.optional && job.gates?.passed === false),
        broken: gated.reduce((sum, job) => sum + (job.gates?.broken.length ?? 0), 0),
        regressed_jobs: regressed,
        improved_jobs: improved,
    };
}
/** Every `training_summary_*.json` under `directory`, sorted; links are not followed. */
async function findSummaryFiles(directory) {
    const found = [];
    const walk = async (dir) => {
        const entries = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.readdir(dir, { withFileTypes: true });
        for (const entry of entries) {
            const full = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(dir, entry.name);
            if (entry.isDirectory())
                await walk(full);
            else if (entry.isFile() && SUMMARY_FILE_PATTERN.test(entry.name))
                found.push(full);
        }
    };
    await walk(node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(directory));
    return found.sort(compareText);
}
function parseShardLabel(label) {
    if (typeof label !== 'string')
        return undefined;
    const match = /^([0-9]{1,3})\/([0-9]{1,3})$/.exec(label);
    if (!match)
        return undefined;
    const index = Number(match[1]);
    const count = Number(match[2]);
    return index >= 1 && index <= count && count <= _plan_defaults_js__WEBPACK_IMPORTED_MODULE_2__/* .MAX_SHARDS */ .hH ? { index, count } : undefined;
}
function unique(values) {
    return [...new Set(values)];
}
function compareText(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
/** Options of a merge that found no shard summary: every setting at its default. */
function emptyOptions() {
    return {
        working_directory: '',
        epochs: null,
        folds: null,
        only: [],
        exclude: [],
        parallel: false,
        max_workers: _plan_defaults_js__WEBPACK_IMPORTED_MODULE_2__/* .DEFAULT_MAX_WORKERS */ .$w,
        retries: _plan_defaults_js__WEBPACK_IMPORTED_MODULE_2__/* .DEFAULT_RETRIES */ .TU,
        config: null,
        extra_args: [],
        dry_run: false,
        list_only: false,
        no_auto_discover: false,
        discover_roots: null,
        allow_partial_success: false,
        verbose: false,
        python: _plan_defaults_js__WEBPACK_IMPORTED_MODULE_2__/* .DEFAULT_PYTHON */ .H1,
        results_dir: _plan_defaults_js__WEBPACK_IMPORTED_MODULE_2__/* .DEFAULT_RESULTS_DIR */ .ns,
        logs_dir: _plan_defaults_js__WEBPACK_IMPORTED_MODULE_2__/* .DEFAULT_LOGS_DIR */ .Pf,
        summaries_dir: _plan_defaults_js__WEBPACK_IMPORTED_MODULE_2__/* .DEFAULT_SUMMARIES_DIR */ .LD,
        timeout_minutes: _plan_defaults_js__WEBPACK_IMPORTED_MODULE_2__/* .DEFAULT_TIMEOUT_MINUTES */ .EV,
        history_file: null,
        rerun_failed_from: null,
        shard: null,
        job_env: {},
    };
}


/***/ }),

/***/ 33:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   l6: () => (/* binding */ readSummaryFile)
/* harmony export */ });
/* unused harmony exports MAX_SUMMARY_BYTES, whyNotSummary */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _bounded_json_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8282);
/* harmony import */ var _summary_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7994);



/**
 * Reading a training summary back (merge, baseline, `compare`): every version in READABLE_SUMMARY_VERSIONS,
 * checked for what the readers rely on. The full contract is schemas/summary.schema.json.
 */
const JOB_STATUSES = [
    'succeeded',
    'cached',
    'failed',
    'timed_out',
    'cancelled',
    'skipped',
];
const RUN_STATUSES = ['success', 'partial_success', 'failure', 'cancelled'];
/** A summary nests 3 levels above a job's metrics (summary → jobs → job → metrics). */
const SUMMARY_MAX_DEPTH = 3 + _bounded_json_js__WEBPACK_IMPORTED_MODULE_1__/* .METRICS_MAX_DEPTH */ .NU;
/** Summaries larger than this are not read (a summary of 1,000 jobs with full tails is a few MiB). */
const MAX_SUMMARY_BYTES = 64 * 1024 * 1024;
/** The summary in `file`, or why it is not one (a sentence naming the file). Never throws. */
async function readSummaryFile(file) {
    let value;
    try {
        const stats = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.stat(file);
        if (!stats.isFile())
            return `Cannot read ${file}: it is not a file.`;
        if (stats.size > MAX_SUMMARY_BYTES)
            return `Cannot read ${file}: it is ${stats.size} bytes, more than ${MAX_SUMMARY_BYTES}.`;
        // Bounded like the metrics it holds: a hostile summary (any depth, NaN) cannot overflow a reader.
        value = (0,_bounded_json_js__WEBPACK_IMPORTED_MODULE_1__/* .parseBoundedJson */ .Rj)(await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.readFile(file, 'utf8'), {
            maxDepth: SUMMARY_MAX_DEPTH,
            marker: (0,_bounded_json_js__WEBPACK_IMPORTED_MODULE_1__/* .depthMarker */ .q)(_bounded_json_js__WEBPACK_IMPORTED_MODULE_1__/* .METRICS_MAX_DEPTH */ .NU),
        }).value;
    }
    catch (error) {
        return `Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`;
    }
    const reason = whyNotSummary(value);
    return reason ? `${file} is not a training summary: ${reason}.` : value;
}
/** A light check of what the readers rely on; undefined when `value` passes. */
function whyNotSummary(value) {
    if (!isRecord(value))
        return 'not a JSON object';
    if (!_summary_js__WEBPACK_IMPORTED_MODULE_2__/* .READABLE_SUMMARY_VERSIONS */ ._n.includes(value.schema_version))
        return `schema_version is ${JSON.stringify(value.schema_version)}, not one of ${_summary_js__WEBPACK_IMPORTED_MODULE_2__/* .READABLE_SUMMARY_VERSIONS */ ._n.join(', ')}`;
    if (!RUN_STATUSES.includes(value.status))
        return 'status is missing or unknown';
    for (const key of ['started_at', 'finished_at']) {
        if (typeof value[key] !== 'string' || !Number.isFinite(Date.parse(value[key])))
            return `${key} is not a date`;
    }
    if (value.shard !== undefined && value.shard !== null && typeof value.shard !== 'string')
        return 'shard is not a string';
    if (!isRecord(value.options))
        return 'options is missing';
    if (!Array.isArray(value.warnings))
        return 'warnings is missing';
    if (!Array.isArray(value.jobs))
        return 'jobs is missing';
    for (const [i, job] of value.jobs.entries()) {
        if (!isRecord(job) || typeof job.id !== 'string' || job.id === '')
            return `jobs[${i}] has no id`;
        if (!JOB_STATUSES.includes(job.status))
            return `job '${job.id}' has an unknown status`;
        if (typeof job.optional !== 'boolean')
            return `job '${job.id}' has no optional flag`;
        if (job.metrics !== undefined && job.metrics !== null && !isRecord(job.metrics))
            return `job '${job.id}' has metrics that are not an object`;
    }
    return undefined;
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}


/***/ })

};
