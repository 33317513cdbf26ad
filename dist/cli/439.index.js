export const id = 439;
export const ids = [439,995];
export const modules = {

/***/ 9439:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  notifyRun: () => (/* binding */ notifyRun),
  readBaselineStatus: () => (/* binding */ readBaselineStatus)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/report/run-status-words.ts
/** How every report (step summary, pull-request comment, notification) names a run's status. */
const run_status_words_RUN_WORD = {
    success: 'succeeded',
    partial_success: 'partially succeeded',
    failure: 'failed',
    cancelled: 'cancelled',
};
/** The status as an emoji in Markdown (the step summary and the pull-request comment). */
const run_status_words_RUN_EMOJI = {
    success: '✅',
    partial_success: '⚠️',
    failure: '❌',
    cancelled: '🚫',
};

;// CONCATENATED MODULE: ./src/report/comparison-view.ts
const VERDICTS = new Set(['improved', 'regressed', 'unchanged', 'new', 'missing']);
/** The job's comparison entries, or null when there is no baseline (or the field is absent or malformed). */
function comparisonOf(job) {
    const value = job.comparison;
    if (!Array.isArray(value))
        return null;
    return value.filter((entry) => typeof entry === 'object' &&
        entry !== null &&
        typeof entry.metric === 'string' &&
        VERDICTS.has(entry.verdict));
}
/** The job's broken gates (empty when none, or when no gate applies). */
function comparison_view_brokenGatesOf(job) {
    const gates = job.gates;
    if (!gates || !Array.isArray(gates.broken))
        return [];
    return gates.broken.filter((gate) => typeof gate === 'object' && gate !== null && typeof gate.message === 'string');
}
/** Run-level gate results, or undefined when no gate is configured. */
function comparison_view_runGatesOf(summary) {
    const gates = summary.gates;
    if (!gates || typeof gates.passed !== 'boolean')
        return undefined;
    return { passed: gates.passed, broken: typeof gates.broken === 'number' ? gates.broken : 0 };
}
/** Whether any job carries a comparison (the run had a baseline). */
function comparison_view_hasComparison(summary) {
    return summary.jobs.some((job) => comparisonOf(job) !== null);
}
const VERDICT_ORDER = {
    regressed: 0,
    missing: 1,
    improved: 2,
    new: 3,
    unchanged: 4,
};
/**
 * Every comparison row of the run, the ones people must look at first: regressions (largest relative
 * change first), missing metrics, improvements, new metrics, then unchanged ones; ties in job order.
 */
function comparison_view_comparisonRows(summary) {
    const rows = [];
    let order = 0;
    for (const job of summary.jobs) {
        for (const entry of comparisonOf(job) ?? [])
            rows.push({ ...entry, job: job.id, order: order++ });
    }
    return rows
        .sort((a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] || size(b) - size(a) || a.order - b.order)
        .map(({ order: _order, ...row }) => row);
}
/** The `count` biggest regressions (by relative change, else absolute). */
function biggestRegressions(summary, count) {
    return comparison_view_comparisonRows(summary)
        .filter((row) => row.verdict === 'regressed')
        .slice(0, Math.max(0, count));
}
function size(row) {
    if (typeof row.relative === 'number' && Number.isFinite(row.relative))
        return Math.abs(row.relative);
    if (typeof row.delta === 'number' && Number.isFinite(row.delta))
        return Math.abs(row.delta);
    return 0;
}
/** `+0.012 (+1.3%)`, `-4 (-50%)`, `—` when unknown. */
function comparison_view_formatChange(row) {
    if (typeof row.delta !== 'number' || !Number.isFinite(row.delta))
        return '—';
    const delta = `${row.delta > 0 ? '+' : ''}${Number(row.delta.toPrecision(4))}`;
    if (typeof row.relative !== 'number' || !Number.isFinite(row.relative))
        return delta;
    const percent = Number((row.relative * 100).toPrecision(3));
    return `${delta} (${percent > 0 ? '+' : ''}${percent}%)`;
}

// EXTERNAL MODULE: ./src/report/duration.ts
var duration = __webpack_require__(6132);
// EXTERNAL MODULE: ./src/report/escape.ts
var report_escape = __webpack_require__(4031);
// EXTERNAL MODULE: ./src/report/metrics.ts
var metrics = __webpack_require__(6479);
// EXTERNAL MODULE: ./src/report/outcome.ts
var outcome = __webpack_require__(5066);
// EXTERNAL MODULE: ./src/plan/defaults.ts
var defaults = __webpack_require__(7621);
;// CONCATENATED MODULE: ./src/report/pr-comment.ts







/** Lines of log tail per failed job, by rung of the ladder. */
const TAIL_LINES = (/* unused pure expression or super */ null && ([15, 5]));
/** Metric rows shown at most, whatever the budget: the step summary and the JSON have all of them. */
const MAX_ROWS = 200;
/**
 * The hidden first line that finds the comment again on the next run:
 * `<!-- training-orchestrator workflow="…" job="…" artifact="…" -->`. Values are reduced to characters
 * that can neither end the HTML comment nor be confused with another key.
 */
function commentMarker(key) {
    const clean = (value) => cleanLine(value, 100)
        .replace(/[^A-Za-z0-9 ._/()[\]+-]/g, '_')
        .replace(/-{2,}/g, '-');
    return `<!-- training-orchestrator workflow="${clean(key.workflow)}" job="${clean(key.job)}" artifact="${clean(key.artifact)}" -->`;
}
/**
 * The pull-request comment of a run, as Markdown: the marker, the status and counts with a link to the
 * run, the metric-diff table against the baseline (nothing when the run had none), the broken gates,
 * and the jobs that failed with the last lines of their logs. Job output is escaped for where it lands.
 *
 * At most `maxChars` characters, always whole Markdown: when the full comment is longer it is reduced
 * rung by rung, each noted in the comment: shorter tails (15 → 5 lines), then failures without tails,
 * then fewer metric rows (regressions first) and gates, then the heading alone. Job-written text is
 * masked (opts.redactor) before it is escaped, so a mask never grows the comment past the bound.
 */
function renderPrComment(summary, opts) {
    const maxChars = Math.max(2000, Math.floor(opts.maxChars ?? PR_COMMENT_MAX_CHARS));
    const parts = new CommentParts(summary, opts);
    const rows = parts.rows.length;
    const ladder = [
        { tailLines: TAIL_LINES[0], failures: 'details', rows, gates: Infinity },
        { tailLines: TAIL_LINES[1], failures: 'details', rows, gates: Infinity },
        { tailLines: 0, failures: 'list', rows, gates: Infinity },
    ];
    for (let shown = Math.floor(rows / 2); shown >= 10; shown = Math.floor(shown / 2))
        ladder.push({ tailLines: 0, failures: 'list', rows: shown, gates: 50 });
    ladder.push({ tailLines: 0, failures: 'list', rows: Math.min(rows, 10), gates: 10 });
    ladder.push({ tailLines: 0, failures: 'count', rows: 0, gates: 0 });
    for (const layout of ladder) {
        const body = parts.compose(layout);
        if (body.length <= maxChars)
            return body;
    }
    // Only a pathological heading (a huge shard label, a huge run URL) gets here.
    return `${parts.marker}\n${parts.title}\n\n_The report did not fit in a comment: see the run._\n`;
}
class CommentParts {
    summary;
    marker;
    title;
    rows;
    facts;
    gates;
    gateStatus;
    failed;
    compared;
    redactor;
    constructor(summary, opts) {
        this.summary = summary;
        this.marker = commentMarker(opts.key);
        const c = summary.counts;
        this.title = `### ${RUN_EMOJI[summary.status]} Training ${RUN_WORD[summary.status]}: ${c.succeeded} of ${c.total} job${c.total === 1 ? '' : 's'} succeeded`;
        const runUrl = safeUrl(opts.runUrl ?? provenanceRunUrl(summary));
        const facts = [
            `${c.failed + c.timed_out + c.cancelled} failed`,
            `took ${formatDuration(summary.duration_seconds)}`,
        ];
        if (c.optional_failed)
            facts.push(`${c.optional_failed} optional`);
        if (summary.shard)
            facts.push(`shard ${escapeMarkdownInline(cleanLine(summary.shard, 40))}`);
        const commit = provenanceCommit(summary);
        if (commit)
            facts.push(`commit \`${commit.slice(0, 12)}\``);
        if (runUrl)
            facts.push(`[workflow run](${runUrl})`);
        this.facts = facts.join(' · ');
        const redact = (text) => opts.redactor.redact(text);
        this.rows = comparisonRows(summary)
            .slice(0, MAX_ROWS)
            .map((row) => ({ ...row, metric: redact(row.metric) }));
        this.redactor = opts.redactor;
        this.compared = hasComparison(summary);
        this.gates = summary.jobs.flatMap((job) => brokenGatesOf(job).map((gate) => `- **${escapeMarkdownInline(job.id)}**: ${escapeMarkdownInline(redact(gate.message))}`));
        const runGates = runGatesOf(summary);
        this.gateStatus = runGates
            ? runGates.passed
                ? '**Gates:** ✅ all passed'
                : `**Gates:** ❌ ${runGates.broken || this.gates.length} broken`
            : this.gates.length > 0
                ? `**Gates:** ❌ ${this.gates.length} broken`
                : undefined;
        this.failed = summary.jobs.filter((job) => isFailureStatus(job.status));
    }
    compose(layout) {
        const blocks = [`${this.marker}\n${this.title}`, this.facts];
        const notes = [];
        if (this.gateStatus)
            blocks.push(this.gateStatus);
        if (this.compared)
            blocks.push(this.metricTable(layout.rows, notes));
        if (this.gates.length > 0 && layout.gates > 0) {
            const shown = this.gates.slice(0, layout.gates);
            if (shown.length < this.gates.length)
                notes.push(`${this.gates.length - shown.length} broken gates not listed`);
            blocks.push(`#### Broken gates\n\n${shown.join('\n')}`);
        }
        if (this.failed.length > 0)
            blocks.push(this.failures(layout, notes));
        if (notes.length > 0)
            blocks.push(`_Shortened to fit a comment: ${notes.join('; ')}. The step summary and the summary artifact have everything._`);
        return `${blocks.join('\n\n')}\n`;
    }
    metricTable(count, notes) {
        const heading = '#### Metrics against the baseline';
        const baseline = baselineLine(this.summary);
        if (this.rows.length === 0)
            return `${heading}\n\n${baseline}No numeric metric to compare.`;
        const shown = this.rows.slice(0, count);
        const left = this.rows.length - shown.length;
        if (left > 0)
            notes.push(`${left} metric row${left === 1 ? '' : 's'} not shown (regressions come first)`);
        if (shown.length === 0)
            return `${heading}\n\n${baseline}${this.rows.length} metrics compared (not shown).`;
        const lines = [
            '| Job | Metric | Value | Baseline | Change | Verdict |',
            '| --- | --- | ---: | ---: | ---: | --- |',
            ...shown.map((row) => `| ${escapeMarkdownInline(row.job)} | ${escapeMarkdownInline(row.metric)} | ${num(row.value)} | ${num(row.baseline)} | ${formatChange(row)} | ${VERDICT[row.verdict]} |`),
        ];
        return `${heading}\n\n${baseline}${lines.join('\n')}`;
    }
    failures(layout, notes) {
        const heading = `#### Failed jobs (${this.failed.length})`;
        if (layout.failures === 'count') {
            notes.push('failed jobs not listed');
            return `${heading}\n\nSee the run for which jobs failed.`;
        }
        if (layout.failures === 'list') {
            if (this.failed.some((job) => (job.tail ?? []).length > 0))
                notes.push('log tails left out');
            return `${heading}\n\n${this.failed.map((job) => `- **${escapeMarkdownInline(job.id)}**: ${escapeMarkdownInline(describeOutcome(job))}`).join('\n')}`;
        }
        if (this.failed.some((job) => (job.tail ?? []).length > layout.tailLines))
            notes.push(`log tails cut to ${layout.tailLines} lines`);
        const blocks = this.failed.map((job) => {
            const tail = (job.tail ?? [])
                .slice(-layout.tailLines)
                .map((line) => cleanLine(this.redactor.redact(line), 300));
            const open = `<details><summary>${escapeHtml(job.id)}: ${escapeHtml(describeOutcome(job))}${job.optional ? ' (optional)' : ''}</summary>`;
            return tail.length > 0
                ? `${open}\n\n${fencedBlock(tail)}\n\n</details>`
                : `${open}\n\nNo output.\n\n</details>`;
        });
        return `${heading}\n\n${blocks.join('\n\n')}`;
    }
}
function baselineLine(summary) {
    const baseline = summary.baseline;
    if (!baseline)
        return '';
    const parts = [];
    if (typeof baseline.commit === 'string' && /^[0-9a-f]{7,64}$/i.test(baseline.commit))
        parts.push(`commit \`${baseline.commit.slice(0, 12)}\``);
    if (typeof baseline.started_at === 'string')
        parts.push(`started ${escapeMarkdownInline(baseline.started_at)}`);
    const url = safeUrl(typeof baseline.run_url === 'string' ? baseline.run_url : undefined);
    if (url)
        parts.push(`[baseline run](${url})`);
    return parts.length > 0 ? `Baseline: ${parts.join(' · ')}\n\n` : '';
}
function provenanceRunUrl(summary) {
    const url = summary.provenance?.run_url;
    return typeof url === 'string' ? url : undefined;
}
function provenanceCommit(summary) {
    const commit = summary.provenance?.commit;
    return typeof commit === 'string' && /^[0-9a-f]{7,64}$/i.test(commit) ? commit : undefined;
}
/** An http(s) URL without characters that could leave a Markdown link; else undefined. */
function safeUrl(url) {
    if (!url || !/^https?:\/\/[^\s()<>[\]`"']+$/.test(url) || url.length > 500)
        return undefined;
    return url;
}
function num(value) {
    return typeof value === 'number' && Number.isFinite(value) ? formatMetricValue(value) : '—';
}
const VERDICT = {
    improved: '🟢 improved',
    regressed: '🔴 regressed',
    unchanged: 'unchanged',
    new: '🆕 new',
    missing: '⚠️ missing',
};

;// CONCATENATED MODULE: ./src/report/notification.ts







/** Slack shows a message's `text` whole up to about this many characters; longer is cut with a note. */
const NOTIFICATION_MAX_CHARS = 3000;
/** Failed job ids and regressions listed at most. */
const MAX_LISTED = 10;
const MAX_REGRESSIONS = 5;
const BAD_STATUSES = ['failure', 'cancelled'];
/**
 * Whether this run sends its notification:
 * - `always`: every run;
 * - `failure`: a run whose status is `failure` or `cancelled` (a partial success passes, as it does for the step);
 * - `change`: a run whose status differs from the baseline summary's status; without a known baseline
 *   status, like `failure` (a first failure is news, a first success is not).
 */
function shouldNotify(on, status, baselineStatus) {
    if (on === 'always')
        return true;
    if (on === 'change' && baselineStatus !== undefined)
        return status !== baselineStatus;
    return BAD_STATUSES.includes(status);
}
/**
 * The notification of a run: status, counts, duration, the failed jobs, the biggest regressions against
 * the baseline (when the summary has a comparison) and a link to the run. Slack's `mrkdwn` control
 * characters (`&`, `<`, `>`) in job ids and metric names are escaped, so nothing a job is named can
 * forge a link or a mention. At most NOTIFICATION_MAX_CHARS characters. What jobs wrote (metric names)
 * is masked where it is placed; the message's own words and links are not passed through the redactor.
 */
function buildNotification(summary, opts) {
    const c = summary.counts;
    const failedCount = c.failed + c.timed_out + c.cancelled;
    const where = opts.repository ? ` in ${slack(opts.repository)}` : '';
    const lines = [
        `${EMOJI[summary.status]} *Training ${run_status_words_RUN_WORD[summary.status]}*${where}: ${c.succeeded} of ${c.total} job${c.total === 1 ? '' : 's'} succeeded, ${failedCount} failed, took ${(0,duration/* formatDuration */.a)(summary.duration_seconds)}.`,
    ];
    if (opts.baselineStatus !== undefined && opts.baselineStatus !== summary.status)
        lines.push(`Status changed from ${slack(opts.baselineStatus)} (baseline) to ${summary.status}.`);
    const failed = summary.jobs.filter((job) => (0,outcome/* isFailureStatus */.NZ)(job.status));
    if (failed.length > 0) {
        const listed = failed
            .slice(0, MAX_LISTED)
            .map((job) => `${slack(job.id)} (${job.status}${job.optional ? ', optional' : ''})`);
        const more = failed.length - listed.length;
        lines.push(`Failed: ${listed.join(', ')}${more > 0 ? ` and ${more} more` : ''}.`);
    }
    const regressions = biggestRegressions(summary, MAX_REGRESSIONS);
    if (regressions.length > 0) {
        lines.push('Biggest regressions against the baseline:');
        for (const row of regressions)
            lines.push(`• ${slack(row.job)} ${slack(opts.redactor.redact(row.metric))}: ${notification_num(row.value)} (baseline ${notification_num(row.baseline)}, ${comparison_view_formatChange(row)})`);
    }
    const url = safeUrl(opts.runUrl ?? notification_provenanceRunUrl(summary));
    if (url)
        lines.push(`<${url}|View the run>`);
    let text = lines.join('\n');
    if (text.length > NOTIFICATION_MAX_CHARS) {
        const link = url ? `\n<${url}|View the run>` : '';
        text = `${text.slice(0, NOTIFICATION_MAX_CHARS - link.length - 2)}…${link}`;
    }
    return { text };
}
/** Slack's mrkdwn escaping (only these three), on a cleaned single line. */
function slack(text) {
    return (0,report_escape/* cleanLine */.Ow)(text.replace(/\r?\n/g, ' '), 200)
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;');
}
function notification_num(value) {
    return typeof value === 'number' && Number.isFinite(value) ? (0,metrics/* formatMetricValue */.dd)(value) : '—';
}
function notification_provenanceRunUrl(summary) {
    const url = summary.provenance?.run_url;
    return typeof url === 'string' ? url : undefined;
}
const EMOJI = {
    success: ':white_check_mark:',
    partial_success: ':warning:',
    failure: ':x:',
    cancelled: ':no_entry_sign:',
};

// EXTERNAL MODULE: ./node_modules/p-retry/index.js + 1 modules
var p_retry = __webpack_require__(4995);
;// CONCATENATED MODULE: ./src/report/webhook.ts


/** The real POST: fetch, JSON, no redirect followed (a redirect would send the payload elsewhere). */
const fetchPost = async (url, body, signal) => {
    const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal,
        redirect: 'manual',
    });
    // The body is not needed; reading it releases the connection.
    await response.arrayBuffer().catch(() => undefined);
    return response;
};
class WebhookError extends Error {
    name = 'WebhookError';
}
/**
 * POSTs the notification once, retried on a 5xx or 429 answer, a connection error or a timeout
 * (`retries` times; a Retry-After up to `maxRetryAfterMs` is honoured, a longer one gives up). Any
 * other answer (a 404 of a deleted webhook, a 400) is final. Never throws: an undelivered notification
 * is a warning. Messages never contain the URL (a credential); they call it "the notification webhook".
 */
async function deliverWebhook(url, payload, opts) {
    const post = opts.post ?? fetchPost;
    const timeoutMs = opts.timeoutMs ?? defaults/* WEBHOOK_TIMEOUT_MS */.tr;
    const retries = opts.retries ?? defaults/* WEBHOOK_RETRIES */.pV;
    const maxRetryAfterMs = opts.maxRetryAfterMs ?? defaults/* WEBHOOK_MAX_RETRY_AFTER_MS */.SU;
    const sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const body = JSON.stringify(payload);
    let attempts = 0;
    let status;
    const attempt = async () => {
        attempts += 1;
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), timeoutMs);
        let response;
        try {
            response = await post(url, body, controller.signal);
        }
        catch (error) {
            if (controller.signal.aborted)
                throw new WebhookError(`no answer within ${timeoutMs / 1000} s`);
            throw new WebhookError(`the connection failed (${describeCause(error)})`);
        }
        finally {
            clearTimeout(timer);
        }
        status = response.status;
        if (status >= 200 && status < 300)
            return;
        const failure = new WebhookError(`HTTP ${status}`);
        if (status !== 429 && status < 500)
            throw new p_retry.AbortError(failure);
        const wait = retryAfterMs(response.headers.get('retry-after'));
        if (wait !== undefined && wait > maxRetryAfterMs)
            throw new p_retry.AbortError(new WebhookError(`HTTP ${status} asking to retry after ${Math.round(wait / 1000)} s`));
        if (wait !== undefined && attempts <= retries)
            await sleep(wait);
        throw failure;
    };
    try {
        await (0,p_retry["default"])(attempt, {
            retries,
            minTimeout: opts.retryDelayMs ?? 1000,
            factor: 2,
            randomize: false,
            // A connection error is a TypeError in fetch; ours is always a WebhookError, so every one counts.
            shouldRetry: ({ error }) => error instanceof WebhookError,
        });
        opts.logger.info(`Notification sent (${attempts} attempt${attempts === 1 ? '' : 's'}).`);
        return { delivered: true, attempts, status };
    }
    catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        opts.logger.warn(`The notification could not be delivered to the notification webhook after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${reason}. The run's result is unchanged.`);
        return { delivered: false, attempts, status };
    }
}
/** Retry-After in ms: seconds, or an HTTP date; undefined when absent or unreadable. */
function retryAfterMs(value, now = Date.now()) {
    if (value === null || value.trim() === '')
        return undefined;
    const text = value.trim();
    if (/^[0-9]+$/.test(text))
        return Number(text) * 1000;
    const date = Date.parse(text);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
/** A connection error's code (ECONNREFUSED…), never the URL. */
function describeCause(error) {
    const cause = error.cause;
    if (cause && typeof cause.code === 'string')
        return cause.code;
    const code = error.code;
    return typeof code === 'string' ? code : 'network error';
}

;// CONCATENATED MODULE: ./src/report/notify-run.ts




/**
 * Sends the run's one notification when a webhook is set and `notify_on` says so; returns what
 * happened, or undefined when nothing was sent. Never throws.
 */
async function notifyRun(summary, settings, deps) {
    if (!settings.webhook)
        return undefined;
    const baselineStatus = await readBaselineStatus(summary, deps.workingDirectory);
    if (!shouldNotify(settings.on, summary.status, baselineStatus)) {
        deps.logger.debug(`notify_on ${settings.on}: no notification for a run with status ${summary.status}.`);
        return undefined;
    }
    const payload = buildNotification(summary, {
        redactor: deps.redactor,
        runUrl: deps.runUrl,
        repository: deps.repository,
        baselineStatus,
    });
    return deliverWebhook(settings.webhook, payload, {
        logger: deps.logger,
        post: deps.post,
        retryDelayMs: deps.retryDelayMs,
        timeoutMs: deps.timeoutMs,
    });
}
/** The `status` of the summary this run was compared with (summary.baseline.path), or undefined. */
async function readBaselineStatus(summary, workingDirectory) {
    const baseline = summary.baseline;
    if (!baseline || typeof baseline.path !== 'string' || baseline.path === '')
        return undefined;
    try {
        const text = await external_node_fs_.promises.readFile(external_node_path_default().resolve(workingDirectory, baseline.path), 'utf8');
        const status = JSON.parse(text).status;
        return typeof status === 'string' ? status : undefined;
    }
    catch {
        return undefined;
    }
}


/***/ }),

/***/ 4995:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  AbortError: () => (/* binding */ AbortError),
  "default": () => (/* binding */ pRetry),
  makeRetriable: () => (/* binding */ makeRetriable)
});

;// CONCATENATED MODULE: ./node_modules/is-network-error/index.js
const objectToString = Object.prototype.toString;

const isError = value => objectToString.call(value) === '[object Error]';

const errorMessages = new Set([
	'network error', // Chrome
	'NetworkError when attempting to fetch resource.', // Firefox
	'The Internet connection appears to be offline.', // Safari 16
	'Network request failed', // `cross-fetch`
	'fetch failed', // Undici (Node.js)
	'terminated', // Undici (Node.js)
	' A network error occurred.', // Bun (WebKit)
	'Network connection lost', // Cloudflare Workers (fetch)
]);

function isNetworkError(error) {
	const isValid = error
		&& isError(error)
		&& error.name === 'TypeError'
		&& typeof error.message === 'string';

	if (!isValid) {
		return false;
	}

	const {message, stack} = error;

	// Safari 17+ has generic message but no stack for network errors
	if (message === 'Load failed' || (message.startsWith('Load failed (') && message.endsWith(')'))) {
		return stack === undefined
			// Sentry adds its own stack trace to the fetch error, so also check for that
			|| '__sentry_captured__' in error;
	}

	// Deno network errors start with specific text
	if (message.startsWith('error sending request for url')) {
		return true;
	}

	// Chrome: exact "Failed to fetch" or with hostname: "Failed to fetch (example.com)"
	if (message === 'Failed to fetch' || (message.startsWith('Failed to fetch (') && message.endsWith(')'))) {
		return true;
	}

	// Standard network error messages
	return errorMessages.has(message);
}

;// CONCATENATED MODULE: ./node_modules/p-retry/index.js


function validateRetries(retries) {
	if (typeof retries === 'number') {
		if (retries < 0) {
			throw new TypeError('Expected `retries` to be a non-negative number.');
		}

		if (Number.isNaN(retries)) {
			throw new TypeError('Expected `retries` to be a valid number or Infinity, got NaN.');
		}
	} else if (retries !== undefined) {
		throw new TypeError('Expected `retries` to be a number or Infinity.');
	}
}

function validateNumberOption(name, value, {min = 0, allowInfinity = false} = {}) {
	if (value === undefined) {
		return;
	}

	if (typeof value !== 'number' || Number.isNaN(value)) {
		throw new TypeError(`Expected \`${name}\` to be a number${allowInfinity ? ' or Infinity' : ''}.`);
	}

	if (!allowInfinity && !Number.isFinite(value)) {
		throw new TypeError(`Expected \`${name}\` to be a finite number.`);
	}

	if (value < min) {
		throw new TypeError(`Expected \`${name}\` to be \u2265 ${min}.`);
	}
}

class AbortError extends Error {
	constructor(message) {
		super();

		if (message instanceof Error) {
			this.originalError = message;
			({message} = message);
		} else {
			this.originalError = new Error(message);
			this.originalError.stack = this.stack;
		}

		this.name = 'AbortError';
		this.message = message;
	}
}

function calculateDelay(retriesConsumed, options) {
	const attempt = Math.max(1, retriesConsumed + 1);
	const random = options.randomize ? (Math.random() + 1) : 1;

	let timeout = Math.round(random * options.minTimeout * (options.factor ** (attempt - 1)));
	timeout = Math.min(timeout, options.maxTimeout);

	return timeout;
}

function calculateRemainingTime(start, max) {
	if (!Number.isFinite(max)) {
		return max;
	}

	return max - (performance.now() - start);
}

async function onAttemptFailure({error, attemptNumber, retriesConsumed, startTime, options}) {
	const normalizedError = error instanceof Error
		? error
		: new TypeError(`Non-error was thrown: "${error}". You should only throw errors.`);

	if (normalizedError instanceof AbortError) {
		throw normalizedError.originalError;
	}

	const retriesLeft = Number.isFinite(options.retries)
		? Math.max(0, options.retries - retriesConsumed)
		: options.retries;

	const maxRetryTime = options.maxRetryTime ?? Number.POSITIVE_INFINITY;

	const context = Object.freeze({
		error: normalizedError,
		attemptNumber,
		retriesLeft,
		retriesConsumed,
	});

	await options.onFailedAttempt(context);

	if (calculateRemainingTime(startTime, maxRetryTime) <= 0) {
		throw normalizedError;
	}

	const consumeRetry = await options.shouldConsumeRetry(context);

	const remainingTime = calculateRemainingTime(startTime, maxRetryTime);

	if (remainingTime <= 0 || retriesLeft <= 0) {
		throw normalizedError;
	}

	if (normalizedError instanceof TypeError && !isNetworkError(normalizedError)) {
		if (consumeRetry) {
			throw normalizedError;
		}

		options.signal?.throwIfAborted();
		return false;
	}

	if (!await options.shouldRetry(context)) {
		throw normalizedError;
	}

	if (!consumeRetry) {
		options.signal?.throwIfAborted();
		return false;
	}

	const delayTime = calculateDelay(retriesConsumed, options);
	const finalDelay = Math.min(delayTime, remainingTime);

	options.signal?.throwIfAborted();

	if (finalDelay > 0) {
		await new Promise((resolve, reject) => {
			const onAbort = () => {
				clearTimeout(timeoutToken);
				options.signal?.removeEventListener('abort', onAbort);
				reject(options.signal.reason);
			};

			const timeoutToken = setTimeout(() => {
				options.signal?.removeEventListener('abort', onAbort);
				resolve();
			}, finalDelay);

			if (options.unref) {
				timeoutToken.unref?.();
			}

			options.signal?.addEventListener('abort', onAbort, {once: true});
		});
	}

	options.signal?.throwIfAborted();

	return true;
}

async function pRetry(input, options = {}) {
	options = {...options};

	validateRetries(options.retries);

	if (Object.hasOwn(options, 'forever')) {
		throw new Error('The `forever` option is no longer supported. For many use-cases, you can set `retries: Infinity` instead.');
	}

	options.retries ??= 10;
	options.factor ??= 2;
	options.minTimeout ??= 1000;
	options.maxTimeout ??= Number.POSITIVE_INFINITY;
	options.maxRetryTime ??= Number.POSITIVE_INFINITY;
	options.randomize ??= false;
	options.onFailedAttempt ??= () => {};
	options.shouldRetry ??= () => true;
	options.shouldConsumeRetry ??= () => true;

	// Validate numeric options and normalize edge cases
	validateNumberOption('factor', options.factor, {min: 0, allowInfinity: false});
	validateNumberOption('minTimeout', options.minTimeout, {min: 0, allowInfinity: false});
	validateNumberOption('maxTimeout', options.maxTimeout, {min: 0, allowInfinity: true});
	validateNumberOption('maxRetryTime', options.maxRetryTime, {min: 0, allowInfinity: true});

	// Treat non-positive factor as 1 to avoid zero backoff or negative behavior
	if (!(options.factor > 0)) {
		options.factor = 1;
	}

	options.signal?.throwIfAborted();

	let attemptNumber = 0;
	let retriesConsumed = 0;
	const startTime = performance.now();

	while (Number.isFinite(options.retries) ? retriesConsumed <= options.retries : true) {
		attemptNumber++;

		try {
			options.signal?.throwIfAborted();

			const result = await input(attemptNumber);

			options.signal?.throwIfAborted();

			return result;
		} catch (error) {
			if (await onAttemptFailure({
				error,
				attemptNumber,
				retriesConsumed,
				startTime,
				options,
			})) {
				retriesConsumed++;
			}
		}
	}

	// Should not reach here, but in case it does, throw an error
	throw new Error('Retry attempts exhausted without throwing an error.');
}

function makeRetriable(function_, options) {
	return function (...arguments_) {
		return pRetry(() => function_.apply(this, arguments_), options);
	};
}


/***/ })

};
