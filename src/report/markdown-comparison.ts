import type { MetricComparison } from './compare.js';
import { signed } from './comparison-text.js';
import { cleanLine, escapeMarkdownInline } from './escape.js';
import { formatMetricValue } from './metrics.js';
import type { Summary } from './summary.js';

/*
 * The step summary's metric deltas against the baseline and its quality gates (Markdown). GitHub's
 * Markdown has no colour: good and bad are 🟢 and 🔴 (with ▲/▼ for the direction the value moved, so
 * the meaning survives without colour too); `$\color{…}$` math is not used because job ids and metric
 * names would have to be escaped for LaTeX inside Markdown inside a table.
 */

/** A link target that cannot end the Markdown link early or carry markup (the baseline file is anyone's JSON). */
const SAFE_URL = /^https?:\/\/[A-Za-z0-9.-]+(?::[0-9]+)?(?:\/[A-Za-z0-9._~%/-]*)?$/;

/** Rows of the comparison table; metrics left out are counted under it (the JSON summary has them all). */
export const COMPARISON_MAX_ROWS = 200;
/** Broken gates listed; the rest are counted. */
export const GATES_MAX_LINES = 50;

/**
 * `### Compared with the baseline`: the baseline named, then one row per metric that has a value on
 * both sides or is new or missing, changed ones first (regressions, then improvements), each with the
 * baseline value, the value now and the change. Empty when the summary has no baseline setting.
 */
export function renderComparison(summary: Summary, maxRows = COMPARISON_MAX_ROWS): string {
  if (!summary.baseline) {
    return summary.baseline === null && summary.options.baseline
      ? '### Compared with the baseline\n\nNo baseline could be read: metrics were not compared (see the notices).'
      : '';
  }
  const b = summary.baseline;
  const commit = b.commit ? ` · commit \`${escapeCode(b.commit.slice(0, 12))}\`` : '';
  const url = b.run_url && SAFE_URL.test(b.run_url) ? b.run_url : undefined;
  const run = url ? ` · [baseline run](${url})` : '';
  const head = `### Compared with the baseline\n\nBaseline: ${escapeMarkdownInline(cleanLine(b.path, 200))} (run of ${escapeMarkdownInline(b.started_at)})${commit}${run}`;

  const entries = summary.jobs.flatMap((job) =>
    (job.comparison ?? []).map((entry) => ({ id: job.id, entry })),
  );
  if (entries.length === 0) return `${head}\n\nNo numeric metrics to compare.`;
  const rank = { regressed: 0, improved: 1, missing: 2, new: 3, unchanged: 4 } as const;
  const ordered = entries
    .map((item, index) => ({ ...item, index }))
    .sort((a, b) => rank[a.entry.verdict] - rank[b.entry.verdict] || a.index - b.index);
  const shown = ordered.slice(0, Math.max(0, maxRows));
  const counts = countVerdicts(entries.map((item) => item.entry));
  const rows = shown.map(({ id, entry }) =>
    [
      escapeMarkdownInline(cleanLine(id, 100)),
      escapeMarkdownInline(cleanLine(entry.metric, 60)),
      entry.baseline === null ? '—' : formatMetricValue(entry.baseline),
      entry.value === null ? '—' : formatMetricValue(entry.value),
      changeCell(entry),
    ].join(' | '),
  );
  const table = `| Job | Metric | Baseline | Now | Change |\n| --- | --- | ---: | ---: | --- |\n${rows.map((row) => `| ${row} |`).join('\n')}`;
  const left = entries.length - shown.length;
  const note = left > 0 ? `\n\n_${left} more metrics (unchanged first to go) are in the JSON summary._` : '';
  return `${head}\n\n${counts}\n\n${table}${note}`;
}

/**
 * `### Quality gates`: each broken gate (job, metric, value, bound, baseline), or that all passed.
 * Empty when no job has gates.
 */
export function renderGates(summary: Summary, maxLines = GATES_MAX_LINES): string {
  if (!summary.gates) return '';
  const broken = summary.jobs.flatMap((job) =>
    (job.gates?.broken ?? []).map((gate) => ({ optional: job.optional, message: gate.message })),
  );
  if (broken.length === 0) return '### Quality gates\n\n✅ Every gate passed.';
  const lines = broken
    .slice(0, maxLines)
    .map(
      ({ optional, message }) =>
        `- ${optional ? '⚠️' : '❌'} ${escapeMarkdownInline(cleanLine(message, 500))}${optional ? ' _(optional job: a warning)_' : ''}`,
    );
  if (broken.length > maxLines) lines.push(`- … and ${broken.length - maxLines} more in the JSON summary.`);
  const verdict = summary.gates.passed
    ? `${broken.length} broken, by optional jobs only: the run is not failed by them.`
    : `${broken.length} broken: the run fails.`;
  return `### Quality gates\n\n${verdict}\n\n${lines.join('\n')}`;
}

/** `🟢 ▲ +0.012 (+1.3 %)`: colour for good/bad, arrow for the way the value moved. */
export function changeCell(entry: MetricComparison): string {
  switch (entry.verdict) {
    case 'new':
      return '🆕 new';
    case 'missing':
      return '⚪ missing now';
    default: {
      const delta = entry.delta ?? 0;
      const arrow = delta > 0 ? '▲' : delta < 0 ? '▼' : '＝';
      const colour = entry.verdict === 'improved' ? '🟢' : entry.verdict === 'regressed' ? '🔴' : '⚪';
      const relative = entry.relative === null ? '' : ` (${signed(entry.relative * 100)} %)`;
      const within = entry.verdict === 'unchanged' && delta !== 0 ? ' within tolerance' : '';
      return `${colour} ${arrow} ${signed(delta)}${relative}${within}`;
    }
  }
}

function countVerdicts(entries: readonly MetricComparison[]): string {
  const count = (verdict: MetricComparison['verdict']): number =>
    entries.filter((entry) => entry.verdict === verdict).length;
  const parts = [
    `🔴 ${count('regressed')} regressed`,
    `🟢 ${count('improved')} improved`,
    `⚪ ${count('unchanged')} unchanged`,
  ];
  if (count('new')) parts.push(`🆕 ${count('new')} new`);
  if (count('missing')) parts.push(`${count('missing')} missing now`);
  return parts.join(' · ');
}

function escapeCode(text: string): string {
  return text.replace(/[^0-9A-Za-z]/g, '');
}

/**
 * One line for the smallest layouts of the step summary, when the full sections do not fit: how many
 * gates broke and how many metrics regressed. Empty when there is neither a baseline nor gates.
 */
export function renderQualityLine(summary: Summary): string {
  const parts: string[] = [];
  if (summary.gates) {
    const broken = summary.gates.broken;
    parts.push(
      broken === 0
        ? '✅ every quality gate passed'
        : `❌ ${broken} quality gate${broken === 1 ? '' : 's'} broken`,
    );
  }
  if (summary.baseline) {
    const entries = summary.jobs.flatMap((job) => job.comparison ?? []);
    const regressed = entries.filter((entry) => entry.verdict === 'regressed').length;
    const improved = entries.filter((entry) => entry.verdict === 'improved').length;
    parts.push(`🔴 ${regressed} metrics regressed · 🟢 ${improved} improved against the baseline`);
  }
  return parts.length > 0 ? `${parts.join(' · ')} (details in the JSON summary)` : '';
}
