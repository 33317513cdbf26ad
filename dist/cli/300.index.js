export const id = 300;
export const ids = [300];
export const modules = {

/***/ 7300:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   parseMergeModeInputs: () => (/* binding */ parseMergeModeInputs),
/* harmony export */   parsePlanModeInputs: () => (/* binding */ parsePlanModeInputs),
/* harmony export */   runMergeMode: () => (/* binding */ runMergeMode),
/* harmony export */   runPlanMode: () => (/* binding */ runPlanMode)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _model_types_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(440);
/* harmony import */ var _plan_plan_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6370);
/* harmony import */ var _plan_history_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3547);
/* harmony import */ var _plan_defaults_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7621);
/* harmony import */ var _plan_input_values_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(414);
/* harmony import */ var _plan_path_safety_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2587);
/* harmony import */ var _plan_real_path_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(9415);
/* harmony import */ var _plan_shard_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(8303);
/* harmony import */ var _report_duration_js__WEBPACK_IMPORTED_MODULE_14__ = __webpack_require__(6132);
/* harmony import */ var _report_merge_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(3278);
/* harmony import */ var _report_redact_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(2952);
/* harmony import */ var _report_redact_summary_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(2080);
/* harmony import */ var _report_status_js__WEBPACK_IMPORTED_MODULE_15__ = __webpack_require__(6934);
/* harmony import */ var _report_summary_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(7994);
/* harmony import */ var _run_preflight_js__WEBPACK_IMPORTED_MODULE_13__ = __webpack_require__(2738);
















/** The shard count inputs of plan mode, validated (both at once is an InputError: which would win is a guess). */
function parsePlanModeInputs(raw) {
    const shards = (0,_plan_input_values_js__WEBPACK_IMPORTED_MODULE_5__/* .parseIntegerInput */ ._p)('shards', raw.shards, { min: 1, max: _plan_defaults_js__WEBPACK_IMPORTED_MODULE_4__/* .MAX_SHARDS */ .hH });
    const targetMinutes = (0,_plan_input_values_js__WEBPACK_IMPORTED_MODULE_5__/* .parseDecimalInput */ .tS)('shard_target_minutes', raw.shard_target_minutes, { min: 0 });
    if (targetMinutes !== undefined && targetMinutes <= 0) {
        throw new _model_types_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .d('shard_target_minutes', `Invalid shard_target_minutes ${(0,_plan_input_values_js__WEBPACK_IMPORTED_MODULE_5__/* .quoteValue */ .cl)(raw.shard_target_minutes ?? '')}. Expected a number of minutes above 0 (empty means not set).`);
    }
    if (shards !== undefined && targetMinutes !== undefined) {
        throw new _model_types_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .d('shard_target_minutes', `Invalid shard_target_minutes ${(0,_plan_input_values_js__WEBPACK_IMPORTED_MODULE_5__/* .quoteValue */ .cl)(raw.shard_target_minutes ?? '')}: shards is set too. ` +
            'Expected either shards or shard_target_minutes.');
    }
    return {
        ...(shards !== undefined ? { shards } : {}),
        ...(targetMinutes !== undefined ? { targetMinutes } : {}),
    };
}
/**
 * The merge inputs: `merge_from` (required; a folder inside the working directory, relative to it) and
 * `shards` (optional: the number of shards plan mode emitted, so that a merge notices missing ones even
 * when no shard sent a summary).
 */
function parseMergeModeInputs(raw, settings) {
    const value = (0,_plan_input_values_js__WEBPACK_IMPORTED_MODULE_5__/* .presentValue */ .p)(raw.merge_from);
    const inside = value === undefined ? undefined : (0,_plan_path_safety_js__WEBPACK_IMPORTED_MODULE_6__/* .resolveInside */ .LI)(settings.workingDirectory, value);
    if (!inside) {
        throw new _model_types_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .d('merge_from', `Invalid merge_from ${(0,_plan_input_values_js__WEBPACK_IMPORTED_MODULE_5__/* .quoteValue */ .cl)(value ?? '')}. Expected the folder holding the shard summaries (downloaded ` +
            `artifacts), inside the working directory ${settings.workingDirectory}.`);
    }
    // The summaries under it are found without following links (see findSummaryFiles); the folder itself too.
    (0,_plan_real_path_js__WEBPACK_IMPORTED_MODULE_7__/* .assertReallyInside */ .kV)(settings.workingDirectory, 'merge_from', inside.relative);
    const expectedShards = (0,_plan_input_values_js__WEBPACK_IMPORTED_MODULE_5__/* .parseIntegerInput */ ._p)('shards', raw.shards, { min: 1, max: _plan_defaults_js__WEBPACK_IMPORTED_MODULE_4__/* .MAX_SHARDS */ .hH });
    return { mergeFrom: inside.absolute, ...(expectedShards !== undefined ? { expectedShards } : {}) };
}
/**
 * Plan mode: the whole plan (a `shard` setting is ignored: plan mode plans every shard), the history
 * when `history_file` is set, and the shards. A plan without jobs is an InputError: GitHub refuses an
 * empty matrix, and a shard with no job ids would run every job.
 */
async function runPlanMode(settings, opts) {
    const { logger } = opts;
    const plan = await (0,_plan_plan_js__WEBPACK_IMPORTED_MODULE_2__/* .buildPlan */ .Gg)({ ...settings, shard: undefined }, { logger });
    // The planner's notes (skipped files, id collisions, …) are seen here too, as in run mode.
    for (const warning of plan.warnings)
        logger.warn(warning);
    if (plan.jobs.length === 0) {
        throw new _model_types_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .d('mode', 'Nothing to shard: the plan has no jobs (see only, exclude, discover_roots and the config). Expected at least one job.');
    }
    const durations = settings.historyFile
        ? await (0,_plan_history_js__WEBPACK_IMPORTED_MODULE_3__/* .readHistory */ .L)(node_path__WEBPACK_IMPORTED_MODULE_0___default().resolve(settings.workingDirectory, settings.historyFile))
        : undefined;
    if (settings.historyFile && (!durations || durations.size === 0)) {
        logger.warn(`The history ${settings.historyFile} holds no job durations: shards are balanced by job count.`);
    }
    const sharding = (0,_plan_shard_js__WEBPACK_IMPORTED_MODULE_8__/* .planShards */ .tF)(plan.jobs, {
        shards: opts.shards,
        targetMinutes: opts.targetMinutes,
        durations,
    });
    for (const note of sharding.notes)
        logger.warn(note);
    const matrix = (0,_plan_shard_js__WEBPACK_IMPORTED_MODULE_8__/* .buildMatrix */ .Kn)(sharding.shards, sharding.estimates);
    const by = sharding.estimates ? 'historical duration (longest first)' : 'job count (round-robin)';
    logger.info(`${plan.jobs.length} job(s) in ${matrix.include.length} shard(s), balanced by ${by}:`);
    for (const entry of matrix.include) {
        const expected = entry.expected_seconds !== undefined ? `, about ${(0,_report_duration_js__WEBPACK_IMPORTED_MODULE_14__/* .formatDuration */ .a)(entry.expected_seconds)}` : '';
        const runner = Array.isArray(entry.runs_on) ? entry.runs_on.join(', ') : entry.runs_on;
        logger.info(`  shard ${entry.shard} on [${runner}]: ${entry.jobs.length} job(s)${expected}: ${entry.jobs.join(', ')}`);
    }
    return { matrix, plan, sharding };
}
/**
 * Merge mode: the shard summaries under `mergeFrom` combined (see src/report/merge.ts), redacted with
 * this run's secrets as well, and written under `summaries_dir`. A missing shard, a job in two shards or
 * an unreadable summary fails the merged run; `allow_partial_success` set here wins, otherwise the
 * shards' own setting counts.
 */
async function runMergeMode(settings, opts) {
    const { logger } = opts;
    const now = opts.now ?? (() => new Date());
    // The merged summary must be writable: found before reading every shard, as a run finds it before its jobs.
    (0,_run_preflight_js__WEBPACK_IMPORTED_MODULE_13__/* .checkWritableFolders */ .Y)(settings, { withJobs: false });
    const directory = node_path__WEBPACK_IMPORTED_MODULE_0___default().resolve(settings.workingDirectory, opts.mergeFrom);
    const merge = await (0,_report_merge_js__WEBPACK_IMPORTED_MODULE_9__/* .mergeSummaries */ .TF)({ directory }, {
        expectedShards: opts.expectedShards,
        allowPartialSuccess: settings.allowPartialSuccess ? true : undefined,
        now,
        logger,
    });
    for (const shard of merge.shards) {
        logger.info(`shard ${shard.shard}: ${shard.status}, ${shard.jobs} job(s) (${node_path__WEBPACK_IMPORTED_MODULE_0___default().relative(directory, shard.file)})`);
    }
    for (const note of merge.notes)
        logger.info(note);
    for (const problem of merge.problems)
        logger.error(problem);
    const summary = (0,_report_redact_summary_js__WEBPACK_IMPORTED_MODULE_11__/* .redactSummary */ .yu)(merge.summary, new _report_redact_js__WEBPACK_IMPORTED_MODULE_10__/* .Redactor */ .pO(settings.secrets));
    const summaryPath = await (0,_report_summary_js__WEBPACK_IMPORTED_MODULE_12__/* .writeSummary */ .Sy)(summary, node_path__WEBPACK_IMPORTED_MODULE_0___default().resolve(settings.workingDirectory, settings.summariesDir), now());
    return {
        summary,
        summaryPath,
        status: summary.status,
        exitCode: (0,_report_status_js__WEBPACK_IMPORTED_MODULE_15__/* .exitCodeFor */ .R)(summary.status),
        problems: merge.problems,
        missingShards: merge.missingShards,
        merge,
    };
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
