import { RUN_EMOJI, RUN_WORD } from './run-status-words.js';
import type { JobStatus } from '../model/types.js';
import type { Summary, SummaryJob } from './summary.js';
import { formatDuration } from './duration.js';
import { describeSucceeded } from './job-count.js';
import {
  cleanLine,
  elideMiddleBytes,
  escapeHtml,
  escapeMarkdownInline,
  fenceFor,
  mermaidLabel,
} from './escape.js';
import { describeOutcome, isFailureStatus, isSuccessStatus } from './outcome.js';
import { formatMetricValue, mainMetric } from './metrics.js';
import { renderComparison, renderGates, renderQualityLine } from './markdown-comparison.js';
import { renderCurvesSection } from './markdown-curves.js';
import { httpBaseUrl, renderRunLinks, type RunLinks } from './run-links.js';
import { paramCells, paramColumns, retriedThenPassed, sweepParams } from './markdown-jobs.js';
import { anyResources, formatCpu, formatPeakMemory } from './resources-text.js';
import { renderResourcesSection } from './markdown-resources.js';

/** Half of GitHub's 1 MiB step-summary limit: other steps and the action's own notes need room too. */
export const STEP_SUMMARY_MAX_BYTES = 512 * 1024;
/** Log lines shown per failed job. */
export const STEP_SUMMARY_TAIL_LINES = 30;
/** Bars in the timeline; more make the chart unreadable (and slow to render). */
export const GANTT_MAX_BARS = 100;
/** A smaller budget is raised to this: the heading, the counts and the notes always fit. */
export const STEP_SUMMARY_MIN_BYTES = 2048;
/** A tail cut shorter than this is not worth showing; tails are then left out altogether. */
const MIN_TAIL_BYTES = 256;

export interface StepSummaryOptions {
  /** Upper bound of the result in UTF-8 bytes (default 512 KiB, at least 2 KiB). */
  maxBytes?: number;
  /** Log lines shown per failed job (default 30). */
  tailLines?: number;
  /** When set (http/https), a job's log path becomes a link: `<logBaseUrl>/<log_path>`. */
  logBaseUrl?: string;
  /** A merge's shards without a summary (`3/3`): the heading then says the count is incomplete. */
  missingShards?: readonly string[];
  /** The commit, run and artifacts, linked under the heading (see run-links.ts). */
  links?: RunLinks;
  /** The baseline summary: its jobs' learning curves are drawn beside this run's. */
  baseline?: { jobs: readonly Pick<SummaryJob, 'id' | 'curves'>[] } | null;
}

/**
 * The step summary of a run, as Markdown: a heading with the status and counts, a table of jobs
 * (status, attempts, duration, main metric), a Mermaid gantt chart of when each job ran, and for
 * each job that failed, timed out or was cancelled the last lines of its log in a `<details>` block.
 *
 * Everything taken from jobs is escaped for where it lands (see escape.ts). The result never exceeds
 * `maxBytes`; when the full rendering would, it is reduced in this order, each step noted on the page:
 * 1. tails are cut to the largest equal byte budget per job that fits (short tails keep all their lines);
 * 2. when even short tails do not fit, the failed-job blocks go, and table rows are kept while they
 *    fit (jobs that did not succeed first), with a note of how many were left out;
 * 3. at worst, the heading and counts alone.
 */
export function renderStepSummary(summary: Summary, opts: StepSummaryOptions = {}): string {
  const maxBytes = Math.max(STEP_SUMMARY_MIN_BYTES, Math.floor(opts.maxBytes ?? STEP_SUMMARY_MAX_BYTES));
  const tailLines = Math.max(0, Math.floor(opts.tailLines ?? STEP_SUMMARY_TAIL_LINES));
  const page = new Page(summary, tailLines, opts);

  // Sizes with tails are bounded from line sizes first: whole tails are only rendered when they fit.
  const withoutTails = page.compose({ tailCap: 0, rows: 'all', gantt: true, curves: true });
  if (fits(withoutTails, maxBytes)) {
    const budget = maxBytes - bytes(withoutTails);
    const cap = page.tailsFitWhole(budget) ? Infinity : page.largestTailCap(budget);
    if (cap >= MIN_TAIL_BYTES) {
      const withTails = page.compose({ tailCap: cap, rows: 'all', gantt: true, curves: true });
      if (fits(withTails, maxBytes)) return withTails;
    }
  }

  // No failed-job blocks from here on; the table's status column still says why each job failed.
  // Charts (timeline, learning curves) are kept while they take at most half the page.
  const noRows = page.compose({ tailCap: -1, rows: [], gantt: true, curves: true });
  const charts = bytes(noRows) <= maxBytes / 2;
  const base = charts ? noRows : page.compose({ tailCap: -1, rows: [], gantt: false, curves: false });
  if (fits(base, maxBytes)) {
    const rows = page.rowsWithin(maxBytes - bytes(base));
    const trimmed = page.compose({ tailCap: -1, rows, gantt: charts, curves: charts });
    return fits(trimmed, maxBytes) ? trimmed : base;
  }
  return page.compose({ tailCap: -1, rows: [], gantt: false, curves: false });
}

interface Layout {
  /** Content bytes per tail: Infinity = whole tails, 0 = blocks without tails, -1 = no failed-job blocks. */
  tailCap: number;
  /** Indexes into summary.jobs of the rows shown, or all. */
  rows: number[] | 'all';
  gantt: boolean;
  /** The learning-curve charts. */
  curves: boolean;
}

/** The parts of the page, rendered once; compose() assembles them for a layout. */
class Page {
  private readonly heading: string;
  private readonly table: { head: string; rows: string[] };
  private readonly gantt: string;
  /** Gates and metric deltas (markdown-comparison.ts): whole with the timeline, else one line. */
  private readonly quality: { full: string; short: string };
  private readonly curves: string;
  /** Run totals and the memory/CPU charts: kept and dropped with the timeline. */
  private readonly resources: string;
  private readonly failures: { open: string; tail: string[]; tailBytes: number[]; fence: number }[];

  constructor(
    private readonly summary: Summary,
    tailLines: number,
    opts: StepSummaryOptions,
  ) {
    this.heading = renderHeading(summary, opts.missingShards ?? [], opts.links);
    // Sweep parameters get columns of their own, after the job id.
    const jobParams = summary.jobs.map((job) => sweepParams(job, summary.options?.extra_args));
    const params = paramColumns(jobParams);
    const paramHead = params.map((name) => ` ${escapeMarkdownInline(cleanLine(name, 40))} |`).join('');
    // Peak memory and CPU columns only when the jobs were measured.
    const measured = anyResources(summary.jobs);
    this.table = {
      head:
        `| Job |${paramHead} Status | Attempts | Duration |${measured ? ' Peak memory | CPU |' : ''} Main metric |\n` +
        `| --- |${' --- |'.repeat(params.length)} --- | ---: | ---: |${measured ? ' ---: | ---: |' : ''} --- |`,
      rows: summary.jobs.map((job, i) => renderRow(job, paramCells(jobParams[i], params), measured)),
    };
    this.resources = renderResourcesSection(summary.resources);
    this.gantt = renderGantt(summary);
    const full = [renderGates(summary), renderComparison(summary)].filter(Boolean).join('\n\n');
    this.quality = { full, short: renderQualityLine(summary) };
    this.curves = renderCurvesSection(summary.jobs, { baseline: opts.baseline });
    const base = httpBaseUrl(opts.logBaseUrl);
    this.failures = summary.jobs
      .filter((job) => isFailureStatus(job.status))
      .map((job) => {
        const tail = tailLines > 0 ? (job.tail ?? []).slice(-tailLines).map((line) => cleanLine(line)) : [];
        while (tail.length > 0 && tail[tail.length - 1].trim() === '') tail.pop();
        return {
          open: renderDetailsOpen(job, base),
          tail,
          tailBytes: tail.map((line) => bytes(line) + 1),
          fence: fenceFor(tail.join('\n')).length,
        };
      });
  }

  compose(layout: Layout): string {
    const s = this.summary;
    const notes: string[] = [];
    const blocks: string[] = [this.heading];

    const shown = layout.rows === 'all' ? s.jobs.map((_, i) => i) : [...layout.rows].sort((a, b) => a - b);
    if (shown.length > 0) {
      const rows = shown.map((i) => this.table.rows[i]);
      blocks.push(`${this.table.head}\n${rows.join('\n')}`);
    }
    if (shown.length < s.jobs.length) {
      const left = s.jobs.length - shown.length;
      notes.push(`${left} of ${s.jobs.length} job rows left out to fit the step summary size limit.`);
    }

    const quality = layout.gantt ? this.quality.full : this.quality.short;
    if (quality) blocks.push(quality);
    if (layout.gantt && this.gantt) blocks.push(this.gantt);
    if (layout.gantt && this.resources) blocks.push(this.resources);
    if (layout.curves && this.curves) blocks.push(this.curves);

    if (this.failures.length > 0 && layout.tailCap >= 0) {
      const parts = [`### Jobs that did not succeed (${this.failures.length})`];
      let cut = 0;
      for (const failure of this.failures) {
        const { text, trimmed } = renderTail(failure.tail, failure.tailBytes, layout.tailCap);
        if (trimmed) cut += 1;
        parts.push(`${failure.open}${text}\n\n</details>`);
      }
      blocks.push(parts.join('\n\n'));
      if (cut > 0) notes.push(`Log tails of ${cut} jobs shortened to fit the step summary size limit.`);
    } else if (this.failures.length > 0) {
      notes.push(
        `Log tails of the ${this.failures.length} jobs that did not succeed left out to fit the step summary size limit.`,
      );
    }

    if (notes.length > 0) {
      blocks.push(
        notes.map((note) => `> ${note}`).join('\n>\n') +
          '\n>\n> The JSON summary and the job logs (uploaded with the results) have everything.',
      );
    }
    return `${blocks.join('\n\n')}\n`;
  }

  /**
   * The largest per-tail byte cap whose tails fit in `budget` bytes. Block sizes are computed
   * from line sizes (the fence of the whole tail bounds the fence of any cut), so this is cheap
   * however much the jobs printed, and never an underestimate.
   */
  largestTailCap(budget: number): number {
    const cost = (cap: number): number => this.tailCost(cap);
    const longest = Math.max(0, ...this.failures.map((f) => f.tailBytes.reduce((a, b) => a + b, 0)));
    if (cost(MIN_TAIL_BYTES) > budget) return 0;
    let low = MIN_TAIL_BYTES;
    let high = Math.max(MIN_TAIL_BYTES, longest);
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (cost(mid) <= budget) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  tailsFitWhole(budget: number): boolean {
    return this.tailCost(Infinity) <= budget;
  }

  private tailCost(cap: number): number {
    return this.failures.reduce((sum, f) => sum + tailBlockBound(f.tailBytes, f.fence, cap), 0);
  }

  /** Which rows fit in `budget` bytes: jobs that did not succeed first, then the others, in plan order. */
  rowsWithin(budget: number): number[] {
    const order = this.summary.jobs
      .map((job, i) => ({ i, first: !isSuccessStatus(job.status) }))
      .sort((a, b) => Number(b.first) - Number(a.first) || a.i - b.i);
    const chosen: number[] = [];
    let used = bytes(this.table.head) + 2;
    for (const { i } of order) {
      const size = bytes(this.table.rows[i]) + 1;
      if (used + size > budget) break;
      used += size;
      chosen.push(i);
    }
    return chosen;
  }
}

function renderHeading(s: Summary, missingShards: readonly string[], links: RunLinks | undefined): string {
  const c = s.counts;
  const shards = missingShards.map((label) => escapeMarkdownInline(cleanLine(label, 40)));
  const title = `## ${RUN_EMOJI[s.status]} Training ${RUN_WORD[s.status]}: ${describeSucceeded(c, shards)}`;
  const parts = [`✅ ${c.succeeded} succeeded`];
  if (c.cached) parts.push(`♻️ ${c.cached} cached`);
  if (c.failed) parts.push(`❌ ${c.failed} failed`);
  if (c.timed_out) parts.push(`⏱️ ${c.timed_out} timed out`);
  if (c.cancelled) parts.push(`🚫 ${c.cancelled} cancelled`);
  if (c.skipped) parts.push(`⏭️ ${c.skipped} not run`);
  if (c.optional_failed)
    parts.push(`⚠️ ${c.optional_failed} optional failure${c.optional_failed === 1 ? '' : 's'}`);
  if (c.gate_failed) parts.push(`🚧 ${c.gate_failed} broke a quality gate`);
  const retried = s.jobs.filter(retriedThenPassed).length;
  if (retried) parts.push(`🔁 ${retried} passed after a retry`);
  parts.push(`took ${formatDuration(s.duration_seconds)}`);
  if (s.shard) parts.push(`shard ${escapeMarkdownInline(cleanLine(s.shard, 40))}`);
  parts.push(`started ${escapeMarkdownInline(s.started_at.replace('T', ' ').replace(/\.\d+Z$/, 'Z'))}`);
  const linkLine = renderRunLinks(links);
  return `${title}\n\n${parts.join(' · ')}${linkLine ? `\n\n${linkLine}` : ''}`;
}

const JOB_EMOJI: Record<JobStatus, string> = {
  succeeded: '✅',
  cached: '♻️',
  failed: '❌',
  timed_out: '⏱️',
  cancelled: '🚫',
  skipped: '⏭️',
};

function renderRow(job: SummaryJob, params: string[], measured: boolean): string {
  const ran = job.status !== 'skipped';
  const metric = mainMetric(job.metrics);
  const cells = [
    escapeMarkdownInline(cleanLine(job.id, 100)),
    ...params,
    statusCell(job),
    ran ? String(job.attempts) : '—',
    ran ? formatDuration(job.duration_seconds) : '—',
    ...(measured ? resourceCells(job) : []),
    metric ? `${escapeMarkdownInline(cleanLine(metric.name, 40))} ${formatMetricValue(metric.value)}` : '—',
  ];
  return `| ${cells.join(' | ')} |`;
}

/** Peak memory and CPU time (`—` when the job was not measured). */
function resourceCells(job: SummaryJob): string[] {
  const cells = [formatPeakMemory(job.resources), formatCpu(job.resources)];
  return cells.map((cell) => (cell === '-' ? '—' : cell));
}

function statusCell(job: SummaryJob): string {
  if (isSuccessStatus(job.status) && job.gates?.passed === false)
    return `${job.optional ? '⚠️' : '❌'} succeeded, gate broken${job.optional ? ' (optional)' : ''}`;
  const emoji = isFailureStatus(job.status) && job.optional ? '⚠️' : JOB_EMOJI[job.status];
  // The attempts column has the count; the cause alone reads better here.
  const cause = retriedThenPassed(job)
    ? 'succeeded after a retry 🔁'
    : job.status === 'succeeded'
      ? 'succeeded'
      : describeOutcome({ ...job, attempts: 1 });
  const optional =
    job.optional && !isSuccessStatus(job.status) && job.status !== 'skipped' ? ' (optional)' : '';
  return `${emoji} ${escapeMarkdownInline(cause)}${optional}`;
}

/**
 * A Mermaid gantt chart with one bar per job that started, at its real times (`dateFormat x`:
 * milliseconds since the epoch; the browser shows local clock time). Bars are `done` for
 * successes, `crit` for required failures and `active` for optional ones; with `shard` on the
 * jobs (merged summaries), one section per shard.
 */
function renderGantt(s: Summary): string {
  const runEnd = Date.parse(s.finished_at);
  const bars = s.jobs
    .map((job) => {
      const start = job.started_at ? Date.parse(job.started_at) : NaN;
      if (!Number.isFinite(start)) return undefined;
      const parsedEnd = job.finished_at ? Date.parse(job.finished_at) : runEnd;
      const end = Number.isFinite(parsedEnd) && parsedEnd > start ? parsedEnd : start + 1;
      return { job, start, end };
    })
    .filter((bar): bar is { job: SummaryJob; start: number; end: number } => bar !== undefined);
  if (bars.length === 0) return '';

  // Over the cap: keep the jobs that did not succeed, then the longest.
  const kept =
    bars.length <= GANTT_MAX_BARS
      ? bars
      : [...bars]
          .sort(
            (a, b) =>
              Number(!isSuccessStatus(b.job.status)) - Number(!isSuccessStatus(a.job.status)) ||
              b.end - b.start - (a.end - a.start),
          )
          .slice(0, GANTT_MAX_BARS);
  kept.sort((a, b) => a.start - b.start || a.job.id.localeCompare(b.job.id));

  const sections = new Map<string, string[]>();
  for (const { job, start, end } of kept) {
    const section = job.shard ? `Shard ${job.shard}` : 'Jobs';
    const tag = isSuccessStatus(job.status) ? 'done' : job.optional ? 'active' : 'crit';
    const lines = sections.get(section) ?? [];
    lines.push(`    ${mermaidLabel(job.id)} :${tag}, ${start}, ${end}`);
    sections.set(section, lines);
  }
  const lines = ['```mermaid', 'gantt', '    dateFormat x', '    axisFormat %H:%M:%S', '    todayMarker off'];
  for (const [section, tasks] of sections) lines.push(`    section ${mermaidLabel(section)}`, ...tasks);
  lines.push('```');
  const note =
    kept.length < bars.length
      ? `\n\n_The timeline shows ${kept.length} of ${bars.length} jobs: those that did not succeed, then the longest._`
      : '';
  return `### Timeline\n\n${lines.join('\n')}${note}`;
}

function renderDetailsOpen(job: SummaryJob, logBaseUrl: string | undefined): string {
  const optional = job.optional ? ' (optional)' : '';
  const summaryLine = `<details><summary><code>${escapeHtml(cleanLine(job.id, 100))}</code>: ${escapeHtml(
    describeOutcome(job),
  )}${optional}</summary>`;
  const logText = escapeMarkdownInline(job.log_path);
  const log = !job.log_path
    ? ''
    : logBaseUrl
      ? `\n\nLog: [${logText}](${joinUrl(logBaseUrl, job.log_path)})`
      : `\n\nLog: ${logText}`;
  return `${summaryLine}${log}`;
}

/**
 * The tail of one job as a fenced block, its content at most `cap` bytes (lines from the end;
 * a single line longer than the cap keeps its beginning and end). Infinity = whole, 0 = no block.
 */
function renderTail(lines: string[], lineBytes: number[], cap: number): { text: string; trimmed: boolean } {
  if (lines.length === 0) return { text: '\n\n_No output._', trimmed: false };
  if (cap <= 0) return { text: '', trimmed: true };
  const total = lineBytes.reduce((a, b) => a + b, 0);
  if (total <= cap) return { text: `\n\n${fenced(lines)}`, trimmed: false };
  const { kept, marker } = cutTail(lines, lineBytes, cap);
  return { text: `\n\n${fenced([marker, ...kept])}`, trimmed: true };
}

const MARKER_RESERVE = 64;

function cutTail(lines: string[], lineBytes: number[], cap: number): { kept: string[]; marker: string } {
  const room = cap - MARKER_RESERVE;
  let used = 0;
  let start = lines.length;
  while (start > 0 && used + lineBytes[start - 1] <= room) {
    used += lineBytes[start - 1];
    start -= 1;
  }
  if (start === lines.length) {
    // Even the last line is too long: keep its beginning and its end.
    const part = elideMiddleBytes(lines[lines.length - 1], room - 1);
    return { kept: [part], marker: `… ${lines.length - 1} earlier lines not shown, last line shortened` };
  }
  return { kept: lines.slice(start), marker: `… ${start} earlier lines not shown` };
}

/** An upper bound of the bytes renderTail adds for a cap (the fence of the whole tail is the longest). */
function tailBlockBound(lineBytes: number[], fence: number, cap: number): number {
  const total = lineBytes.reduce((a, b) => a + b, 0);
  if (lineBytes.length === 0) return 16;
  // "\n\n" + fence + "text\n" + content + "\n" + fence, content ≤ min(total, cap).
  return 2 + fence + 5 + Math.min(total, cap) + 1 + fence;
}

function fenced(lines: string[]): string {
  const content = lines.join('\n');
  const fence = fenceFor(content);
  return `${fence}text\n${content}\n${fence}`;
}

function joinUrl(base: string, relative: string): string {
  const encoded = relative
    .split(/[\\/]+/)
    .filter((segment) => segment.length > 0 && segment !== '.' && segment !== '..')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
  return `${base}/${encoded}`.replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29'));
}

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function fits(text: string, maxBytes: number): boolean {
  return bytes(text) <= maxBytes;
}
