import { RUN_EMOJI, RUN_WORD } from './run-status-words.js';
import { PR_COMMENT_MAX_CHARS } from '../plan/defaults.js';
import {
  brokenGatesOf,
  comparisonRows,
  formatChange,
  hasComparison,
  runGatesOf,
  type ComparisonRow,
} from './comparison-view.js';
import { formatDuration } from './duration.js';
import { cleanLine, escapeHtml, escapeMarkdownInline, fencedBlock } from './escape.js';
import { formatMetricValue } from './metrics.js';
import { describeOutcome, isFailureStatus } from './outcome.js';
import type { Redactor } from './redact.js';
import type { Summary } from './summary.js';

/** What identifies "our" comment: one per workflow, job and summary artifact (unique within a run). */
export interface CommentKey {
  workflow: string;
  job: string;
  /** The summary artifact's name: matrix legs differ by their artifact_suffix. */
  artifact: string;
}

export interface PrCommentOptions {
  key: CommentKey;
  /**
   * Every secret of the run. Masks what jobs wrote (log tails, metric names, gate messages) where it is
   * placed; the comment's own structure (the marker, headings, ids, links) is never passed through it,
   * so a short secret cannot break the marker that finds the comment again.
   */
  redactor: Redactor;
  /** Link to this run (summary provenance when absent). */
  runUrl?: string;
  /** Upper bound in characters (default PR_COMMENT_MAX_CHARS, under GitHub's 65,536). */
  maxChars?: number;
}

/** Lines of log tail per failed job, by rung of the ladder. */
const TAIL_LINES = [15, 5];
/** Metric rows shown at most, whatever the budget: the step summary and the JSON have all of them. */
const MAX_ROWS = 200;

/**
 * The hidden first line that finds the comment again on the next run:
 * `<!-- training-orchestrator workflow="…" job="…" artifact="…" -->`. Values are reduced to characters
 * that can neither end the HTML comment nor be confused with another key.
 */
export function commentMarker(key: CommentKey): string {
  const clean = (value: string): string =>
    cleanLine(value, 100)
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
export function renderPrComment(summary: Summary, opts: PrCommentOptions): string {
  const maxChars = Math.max(2000, Math.floor(opts.maxChars ?? PR_COMMENT_MAX_CHARS));
  const parts = new CommentParts(summary, opts);
  const rows = parts.rows.length;
  const ladder: Layout[] = [
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
    if (body.length <= maxChars) return body;
  }
  // Only a pathological heading (a huge shard label, a huge run URL) gets here.
  return `${parts.marker}\n${parts.title}\n\n_The report did not fit in a comment: see the run._\n`;
}

interface Layout {
  tailLines: number;
  /** `details`: a block per failed job with its tail; `list`: one line per job; `count`: a number. */
  failures: 'details' | 'list' | 'count';
  rows: number;
  gates: number;
}

class CommentParts {
  readonly marker: string;
  readonly title: string;
  readonly rows: ComparisonRow[];
  private readonly facts: string;
  private readonly gates: string[];
  private readonly gateStatus: string | undefined;
  private readonly failed: Summary['jobs'];
  private readonly compared: boolean;
  private readonly redactor: Redactor;

  constructor(
    private readonly summary: Summary,
    opts: PrCommentOptions,
  ) {
    this.marker = commentMarker(opts.key);
    const c = summary.counts;
    this.title = `### ${RUN_EMOJI[summary.status]} Training ${RUN_WORD[summary.status]}: ${c.succeeded} of ${c.total} job${c.total === 1 ? '' : 's'} succeeded`;
    const runUrl = safeUrl(opts.runUrl ?? provenanceRunUrl(summary));
    const facts = [
      `${c.failed + c.timed_out + c.cancelled} failed`,
      `took ${formatDuration(summary.duration_seconds)}`,
    ];
    if (c.optional_failed) facts.push(`${c.optional_failed} optional`);
    if (summary.shard) facts.push(`shard ${escapeMarkdownInline(cleanLine(summary.shard, 40))}`);
    const commit = provenanceCommit(summary);
    if (commit) facts.push(`commit \`${commit.slice(0, 12)}\``);
    if (runUrl) facts.push(`[workflow run](${runUrl})`);
    this.facts = facts.join(' · ');
    const redact = (text: string): string => opts.redactor.redact(text);
    this.rows = comparisonRows(summary)
      .slice(0, MAX_ROWS)
      .map((row) => ({ ...row, metric: redact(row.metric) }));
    this.redactor = opts.redactor;
    this.compared = hasComparison(summary);
    this.gates = summary.jobs.flatMap((job) =>
      brokenGatesOf(job).map(
        (gate) => `- **${escapeMarkdownInline(job.id)}**: ${escapeMarkdownInline(redact(gate.message))}`,
      ),
    );
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

  compose(layout: Layout): string {
    const blocks: string[] = [`${this.marker}\n${this.title}`, this.facts];
    const notes: string[] = [];
    if (this.gateStatus) blocks.push(this.gateStatus);
    if (this.compared) blocks.push(this.metricTable(layout.rows, notes));
    if (this.gates.length > 0 && layout.gates > 0) {
      const shown = this.gates.slice(0, layout.gates);
      if (shown.length < this.gates.length)
        notes.push(`${this.gates.length - shown.length} broken gates not listed`);
      blocks.push(`#### Broken gates\n\n${shown.join('\n')}`);
    }
    if (this.failed.length > 0) blocks.push(this.failures(layout, notes));
    if (notes.length > 0)
      blocks.push(
        `_Shortened to fit a comment: ${notes.join('; ')}. The step summary and the summary artifact have everything._`,
      );
    return `${blocks.join('\n\n')}\n`;
  }

  private metricTable(count: number, notes: string[]): string {
    const heading = '#### Metrics against the baseline';
    const baseline = baselineLine(this.summary);
    if (this.rows.length === 0) return `${heading}\n\n${baseline}No numeric metric to compare.`;
    const shown = this.rows.slice(0, count);
    const left = this.rows.length - shown.length;
    if (left > 0) notes.push(`${left} metric row${left === 1 ? '' : 's'} not shown (regressions come first)`);
    if (shown.length === 0)
      return `${heading}\n\n${baseline}${this.rows.length} metrics compared (not shown).`;
    const lines = [
      '| Job | Metric | Value | Baseline | Change | Verdict |',
      '| --- | --- | ---: | ---: | ---: | --- |',
      ...shown.map(
        (row) =>
          `| ${escapeMarkdownInline(row.job)} | ${escapeMarkdownInline(row.metric)} | ${num(row.value)} | ${num(row.baseline)} | ${formatChange(row)} | ${VERDICT[row.verdict]} |`,
      ),
    ];
    return `${heading}\n\n${baseline}${lines.join('\n')}`;
  }

  private failures(layout: Layout, notes: string[]): string {
    const heading = `#### Failed jobs (${this.failed.length})`;
    if (layout.failures === 'count') {
      notes.push('failed jobs not listed');
      return `${heading}\n\nSee the run for which jobs failed.`;
    }
    if (layout.failures === 'list') {
      if (this.failed.some((job) => (job.tail ?? []).length > 0)) notes.push('log tails left out');
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

function baselineLine(summary: Summary): string {
  const baseline = (
    summary as { baseline?: { run_url?: unknown; commit?: unknown; started_at?: unknown } | null }
  ).baseline;
  if (!baseline) return '';
  const parts: string[] = [];
  if (typeof baseline.commit === 'string' && /^[0-9a-f]{7,64}$/i.test(baseline.commit))
    parts.push(`commit \`${baseline.commit.slice(0, 12)}\``);
  if (typeof baseline.started_at === 'string')
    parts.push(`started ${escapeMarkdownInline(baseline.started_at)}`);
  const url = safeUrl(typeof baseline.run_url === 'string' ? baseline.run_url : undefined);
  if (url) parts.push(`[baseline run](${url})`);
  return parts.length > 0 ? `Baseline: ${parts.join(' · ')}\n\n` : '';
}

function provenanceRunUrl(summary: Summary): string | undefined {
  const url = (summary as { provenance?: { run_url?: unknown } }).provenance?.run_url;
  return typeof url === 'string' ? url : undefined;
}

function provenanceCommit(summary: Summary): string | undefined {
  const commit = (summary as { provenance?: { commit?: unknown } }).provenance?.commit;
  return typeof commit === 'string' && /^[0-9a-f]{7,64}$/i.test(commit) ? commit : undefined;
}

/** An http(s) URL without characters that could leave a Markdown link; else undefined. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url || !/^https?:\/\/[^\s()<>[\]`"']+$/.test(url) || url.length > 500) return undefined;
  return url;
}

function num(value: number | null): string {
  return typeof value === 'number' && Number.isFinite(value) ? formatMetricValue(value) : '—';
}

const VERDICT: Record<ComparisonRow['verdict'], string> = {
  improved: '🟢 improved',
  regressed: '🔴 regressed',
  unchanged: 'unchanged',
  new: '🆕 new',
  missing: '⚠️ missing',
};
