// Turning measurements into bench/results.json and BENCHMARKS.md: each figure beside its target and peers.
import fs from 'node:fs';
import path from 'node:path';

export function isMet(figure) {
  if (figure.expect !== undefined) return figure.value === figure.expect;
  if (figure.limit === undefined) return undefined;
  if (typeof figure.value !== 'number' || Number.isNaN(figure.value)) return false;
  return figure.strict ? figure.value < figure.limit : figure.value <= figure.limit;
}

export function formatValue(value, unit) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return String(value);
  switch (unit) {
    case 'x':
      return `${value.toFixed(2)}x`;
    case 'ratio':
      return value.toFixed(3);
    case 'ms':
      if (Math.abs(value) >= 1000) return `${(value / 1000).toFixed(2)} s`;
      return Math.abs(value) >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(1)} ms`;
    case 'MB':
      return `${value.toFixed(1)} MB`;
    default:
      return `${value} ${unit}`;
  }
}

export function formatTarget(figure) {
  if (figure.expect !== undefined) return String(figure.expect);
  if (figure.limit === undefined) return 'reported';
  if (figure.unit === 'x' && figure.limit === 1 && figure.strict) return '< 1.00x (faster)';
  return `${figure.strict ? '<' : '≤'} ${formatValue(figure.limit, figure.unit)}`;
}

function formatPeer(peer) {
  if (peer.ms !== undefined) return `${peer.label} ${formatValue(peer.ms, 'ms')}`;
  if (peer.ratio !== undefined) return `${peer.label} ${formatValue(peer.ratio, 'ratio')}`;
  return peer.label;
}

const metMark = (met) => (met === undefined ? '—' : met ? 'yes' : '**no**');

function formatStat(stat, unit = 'ms') {
  if (!stat) return '—';
  const spread = stat.n > 1 ? ` (${formatValue(stat.min, unit)}–${formatValue(stat.max, unit)})` : '';
  return `${formatValue(stat.median, unit)}${spread}`;
}

/** One line per figure, for the console. */
export function consoleLines(measurement) {
  return measurement.figures.map((figure) => {
    const met = isMet(figure);
    const verdict = met === undefined ? '' : met ? '  [met]' : '  [MISSED]';
    return `  ${figure.label}: ${formatValue(figure.value, figure.unit)} (target ${formatTarget(figure)})${verdict} — ${figure.detail}`;
  });
}

const escapeCell = (text) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');

function variantExtras(variant) {
  const parts = [];
  if (variant.ms_per_job !== undefined) parts.push(`${variant.ms_per_job.toFixed(2)} ms/job`);
  if (variant.cpu_ms_per_job !== undefined && Number.isFinite(variant.cpu_ms_per_job)) {
    parts.push(`orchestrator CPU ${variant.cpu_ms_per_job.toFixed(2)} ms/job`);
  }
  if (typeof variant.peak_rss_mb === 'number') parts.push(`peak RSS ${variant.peak_rss_mb.toFixed(1)} MB`);
  if (variant.peak_rss_mb?.median !== undefined)
    parts.push(`peak RSS ${formatStat(variant.peak_rss_mb, 'MB')}`);
  if (variant.cpu_ms?.median !== undefined) parts.push(`orchestrator CPU ${formatStat(variant.cpu_ms)}`);
  if (variant.mib_per_s !== undefined) parts.push(`${variant.mib_per_s.toFixed(0)} MiB/s`);
  if (variant.makespan_ms) {
    parts.push(`makespan ${formatStat(variant.makespan_ms)}`);
    // Only the scheduling measurement knows the lower bound; others (the BLAS thread budget) report the makespan.
    if (typeof variant.makespan_over_bound === 'number')
      parts.push(`makespan/bound ${variant.makespan_over_bound.toFixed(3)}`);
  }
  if (variant.job_inflation_ms)
    parts.push(`per job: duration − sleep ${formatStat(variant.job_inflation_ms)}`);
  if (variant.dispatch_gap_ms) parts.push(`end → next start ${formatStat(variant.dispatch_gap_ms)}`);
  if (variant.cli_exit_ms) parts.push(`CLI exit ${formatStat(variant.cli_exit_ms)}`);
  if (variant.processes_gone_ms) parts.push(`processes gone ${formatStat(variant.processes_gone_ms)}`);
  if (variant.summary_written_ms) parts.push(`summary written ${formatStat(variant.summary_written_ms)}`);
  if (variant.survivors?.length) parts.push(`**survivors: ${variant.survivors.join(' ')}**`);
  return parts.join('; ');
}

/** "2026-11-29 00:35–00:43 UTC": when the measurements of this table ran (they may come from several runs). */
/** Which Node each measurement ran on: one version for all, or each version with its measurements' numbers. */
function measuredNodes(results) {
  const byNode = new Map();
  results.measurements.forEach((measurement, index) => {
    const node = measurement.node ?? results.machine.node;
    byNode.set(node, [...(byNode.get(node) ?? []), index + 1]);
  });
  if (byNode.size <= 1) return results.machine.node;
  return [...byNode].map(([node, numbers]) => `${node} (${numbers.join(', ')})`).join('; ');
}

function measuredRange(results) {
  const times = results.measurements
    .map((measurement) => measurement.measured_at)
    .filter(Boolean)
    .sort();
  if (times.length === 0) return results.generated_at;
  const day = (time) => time.slice(0, 10);
  const clock = (time) => time.slice(11, 16);
  const first = times[0];
  const last = times[times.length - 1];
  const span =
    day(first) === day(last) ? `${day(first)} ${clock(first)}–${clock(last)}` : `${first} – ${last}`;
  return `${span} UTC (${results.merged ? `${results.mode} runs, measurements rerun with --only merged` : `one ${results.mode} run`})`;
}

export function renderMarkdown(results, { notesFile } = {}) {
  const lines = [];
  const m = results.machine;
  lines.push(
    '# Benchmarks',
    '',
    'What the orchestrator costs on top of the jobs it runs, measured against the tools people would use instead',
    '(`xargs -P`, GNU parallel, `find`, a shell redirect) and against the physical limit, with the targets of',
    'issue 6. Generated with `bench/results.json` by `npm run bench` (`node bench/run.mjs`; about 12 minutes on these',
    '2 CPUs when nothing else runs); rerun it rather than editing this file. `node bench/run.mjs --only NAME`',
    'reruns one measurement and keeps the others; `--smoke` checks the harness in seconds and writes nothing.',
    '',
    '## Machine',
    '',
    '| | |',
    '|---|---|',
    `| measurements started | ${measuredRange(results)} |`,
    `| CPUs (nproc) | ${m.nproc} |`,
    `| CPU model | ${escapeCell(m.cpu_model)} |`,
    `| memory | ${m.memory_gib} GiB |`,
    `| kernel | ${escapeCell(m.kernel)} |`,
    `| Node running the CLI, the action and the bare pool | ${measuredNodes(results)} |`,
    ...(m.harness_node ? [`| Node running the harness | ${m.harness_node} |`] : []),
    `| load average (1 min) at the start of measurements 1–${results.measurements.length} | ${results.measurements.map((measurement) => measurement.load_average?.[0] ?? '?').join(', ')} (other people's jobs share this machine) |`,
    ...Object.entries(m.tools).map(([name, version]) => `| ${name} | ${escapeCell(version)} |`),
    '',
    '## Every figure beside its target',
    '',
    '| # | Measurement | Figure | Result | Target | Met | Peers | Detail |',
    '|---|---|---|---|---|---|---|---|',
  );
  results.measurements.forEach((measurement, index) => {
    for (const figure of measurement.figures ?? []) {
      lines.push(
        `| ${index + 1} | ${measurement.title} | ${escapeCell(figure.label)} | ${formatValue(figure.value, figure.unit)} | ${formatTarget(figure)} | ${metMark(isMet(figure))} | ${escapeCell((figure.peers ?? []).map(formatPeer).join(', ') || '—')} | ${escapeCell(figure.detail ?? '')} |`,
      );
    }
    if (measurement.error) {
      lines.push(
        `| ${index + 1} | ${measurement.title} | failed | — | — | **no** | — | ${escapeCell(measurement.error)} |`,
      );
    }
  });
  lines.push('', '## Each measurement', '');
  results.measurements.forEach((measurement, index) => {
    lines.push(`### ${index + 1}. ${measurement.title}`, '');
    if (measurement.workload) lines.push(`Workload: ${measurement.workload}.`, '');
    lines.push(
      `Measured ${measurement.measured_at}, load average at start ${measurement.load_average?.join(' / ') ?? '?'}.`,
      '',
    );
    if (measurement.variants?.length) {
      lines.push('| Variant | Wall time, median (min–max) | Runs | Also |', '|---|---|---|---|');
      for (const variant of measurement.variants) {
        lines.push(
          `| ${escapeCell(variant.label)} | ${formatStat(variant.wall_ms)} | ${variant.wall_ms?.n ?? '—'} | ${escapeCell(variantExtras(variant))} |`,
        );
      }
      lines.push('');
    }
    for (const note of measurement.notes ?? []) lines.push(`- ${note}`);
    if (measurement.notes?.length) lines.push('');
  });
  lines.push(
    '## Method',
    '',
    '- Every workload is generated in a temporary folder and removed afterwards; nothing has to be prepared by hand.',
    '- Variants of one measurement run interleaved (A, B, A, B …) from one Node process, each command in its own',
    '  process group; the tables show medians with the range over the runs. Wall time is from spawn to exit.',
    "- Peak RSS and CPU time are the orchestrator's own node process (VmHWM and utime+stime from /proc, sampled",
    '  every 10–50 ms while it runs), not its children.',
    "- All tools get the same absolute Python interpreter (python3's `sys.executable`), so a version-manager shim",
    "  does not add its start-up to every job; the cold start's targeted rows set `python` to it too, as GitHub's",
    "  runners have real interpreters on PATH (the `auto` rows show this machine's pyenv shim).",
    '- The CLI, the action, the bare Node pool and `node -e 0` run on the Node named in the machine table: the node@24',
    '  devDependency, the runtime action.yml declares, whichever Node runs the harness (`--node FILE` picks another).',
    "- Earlier runs' outputs are moved aside, never deleted, until the whole run is over, and where the temp folder",
    '  is ext4 without a journal a run starts at least 5 minutes after the previous one deleted its files: such an',
    '  ext4 skips recently deleted inodes one by one when it creates files (bench/notes.md, session 6).',
    '- Ratios are taken within one run of the harness; absolute times depend on the machine and its load.',
    '',
  );
  if (notesFile && fs.existsSync(notesFile)) {
    lines.push(fs.readFileSync(notesFile, 'utf8').trim(), '');
  }
  return `${lines.join('\n')}\n`;
}

/** Writes results.json (merging in measurements of an earlier run that this run did not repeat) and BENCHMARKS.md. */
export async function writeResults(repo, results) {
  const jsonFile = path.join(repo, 'bench', 'results.json');
  let merged = results;
  if (fs.existsSync(jsonFile)) {
    try {
      const previous = JSON.parse(fs.readFileSync(jsonFile, 'utf8'));
      const fresh = new Set(results.measurements.map((measurement) => measurement.id));
      const order = results.order;
      const kept = (previous.measurements ?? []).filter((measurement) => !fresh.has(measurement.id));
      merged = {
        ...results,
        merged: kept.length > 0,
        measurements: [...kept, ...results.measurements].sort(
          (a, b) => order.indexOf(a.id) - order.indexOf(b.id),
        ),
      };
    } catch {
      // an unreadable previous file is replaced
    }
  }
  fs.writeFileSync(jsonFile, `${JSON.stringify(merged, null, 2)}\n`);
  return { jsonFile, markdownFile: await renderResults(repo) };
}

/**
 * Regenerates BENCHMARKS.md from bench/results.json and the hand-written bench/notes.md, formatted by the
 * project's Prettier (a devDependency) when it is installed, so that `npm run lint` accepts the file as written.
 */
export async function renderResults(repo) {
  const results = JSON.parse(fs.readFileSync(path.join(repo, 'bench', 'results.json'), 'utf8'));
  const markdownFile = path.join(repo, 'BENCHMARKS.md');
  let markdown = renderMarkdown(results, { notesFile: path.join(repo, 'bench', 'notes.md') });
  try {
    const prettier = await import('prettier');
    const config = (await prettier.resolveConfig(markdownFile)) ?? {};
    markdown = await prettier.format(markdown, { ...config, filepath: markdownFile });
  } catch {
    // without Prettier the table is still valid Markdown, only not aligned
  }
  fs.writeFileSync(markdownFile, markdown);
  return markdownFile;
}
