export const id = 513;
export const ids = [513];
export const modules = {

/***/ 9513:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runCompare: () => (/* binding */ runCompare)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _model_types_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(440);
/* harmony import */ var _plan_input_values_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(414);
/* harmony import */ var _plan_path_safety_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2587);
/* harmony import */ var _report_comparison_text_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5101);
/* harmony import */ var _report_read_summary_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(33);
/* harmony import */ var _report_redact_summary_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(2080);








/**
 * `training-orchestrator compare OLD NEW [--json]`: every numeric metric of every job in two training
 * summaries (version 1 or 2), as a table or as JSON on stdout. Exit 0 whatever the verdicts (it reports,
 * it does not judge: gates do that in a run); 2 when a file cannot be read, is not a summary or lies
 * outside the working directory (-C, default the current folder), the message naming OLD or NEW.
 */
async function runCompare(request, io, redactor) {
    const root = node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(io.cwd, request.cwd ?? '.');
    try {
        const [oldFile, newFile] = request.files;
        const older = await readArgument('OLD', oldFile, root);
        const newer = await readArgument('NEW', newFile, root);
        const comparison = (0,_report_comparison_text_js__WEBPACK_IMPORTED_MODULE_5__/* .compareSummaries */ .IP)(older, newer);
        if (request.json) {
            io.out(`${JSON.stringify((0,_report_redact_summary_js__WEBPACK_IMPORTED_MODULE_7__/* .maskBySpec */ .ZP)(comparison, COMPARISON_MASK_SPEC, redactor), null, 2)}\n`);
            return 0;
        }
        const describe = (label, file, summary) => `${label}: ${file} (run of ${summary.started_at}${commitOf(summary)})`;
        io.out(redactor.redact(`${describe('OLD', oldFile, older)}\n${describe('NEW', newFile, newer)}\n\n${(0,_report_comparison_text_js__WEBPACK_IMPORTED_MODULE_5__/* .formatComparisonTable */ .nB)(comparison)}\n`));
        return 0;
    }
    catch (error) {
        if (error instanceof _model_types_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .d) {
            io.err(`error: ${redactor.redact(error.message)}\n`);
            return 2;
        }
        throw error;
    }
}
/** The JSON's own shape is kept; metric names come from jobs and are masked (see redact-summary.ts). */
const COMPARISON_MASK_SPEC = {
    fields: {
        jobs: {
            items: { fields: { metrics: { items: { fields: { metric: 'text' }, other: 'keep' } } }, other: 'keep' },
        },
    },
    other: 'keep',
};
async function readArgument(label, file, root) {
    if (!(0,_plan_path_safety_js__WEBPACK_IMPORTED_MODULE_4__/* .resolveInside */ .LI)(root, file)) {
        throw new _model_types_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .d(label, `Invalid ${label} ${(0,_plan_input_values_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteValue */ .cl)(file)}: it is outside the working directory ${root}. ` +
            `Expected a training summary JSON inside it (use -C to work elsewhere).`);
    }
    const absolute = node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(root, file);
    const real = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.realpath(absolute).catch(() => absolute);
    const realRoot = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.realpath(root).catch(() => root);
    if (!(0,_plan_path_safety_js__WEBPACK_IMPORTED_MODULE_4__/* .resolveInside */ .LI)(realRoot, real)) {
        throw new _model_types_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .d(label, `Invalid ${label} ${(0,_plan_input_values_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteValue */ .cl)(file)}: it leads outside the working directory ${root} through a symbolic link.`);
    }
    if (!(await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.stat(absolute).then(() => true, () => false))) {
        throw new _model_types_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .d(label, `Invalid ${label} ${(0,_plan_input_values_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteValue */ .cl)(file)}: the file does not exist (paths are relative to ${root}). ` +
            `Expected a training summary JSON (summaries/training_summary_*.json).`);
    }
    const read = await (0,_report_read_summary_js__WEBPACK_IMPORTED_MODULE_6__/* .readSummaryFile */ .l6)(absolute);
    if (typeof read === 'string') {
        throw new _model_types_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .d(label, `Invalid ${label} ${(0,_plan_input_values_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteValue */ .cl)(file)}: ${read.replace(absolute, 'the file').replace(/^Cannot read the file: (.*?)\.?$/, 'it cannot be read ($1).')} ` +
            `Expected a training summary JSON (summaries/training_summary_*.json).`);
    }
    return read;
}
function commitOf(summary) {
    const commit = summary.provenance?.commit;
    return typeof commit === 'string' ? `, commit ${commit.slice(0, 12)}` : '';
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
