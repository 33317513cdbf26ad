export const id = 355;
export const ids = [355];
export const modules = {

/***/ 67355:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readBaseline: () => (/* binding */ readBaseline)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _model_types_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(40440);
/* harmony import */ var _plan_input_values_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(80414);
/* harmony import */ var _plan_path_safety_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(72587);
/* harmony import */ var _plan_real_path_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(29415);
/* harmony import */ var _merge_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(43278);
/* harmony import */ var _read_summary_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(80033);








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


/***/ })

};
