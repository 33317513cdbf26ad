import type { RunResources } from '../model/types.js';
import { formatByteSize } from '../plan/byte-size.js';
import { formatDuration } from './duration.js';
import { formatNumber } from './markdown-curves.js';

/** Points per resource chart: the timeline (≤ 200 points) is bucketed down to this. */
export const RESOURCE_CHART_MAX_POINTS = 60;

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

/**
 * The "Resources" section of the step summary: one line of run totals, then two Mermaid `xychart-beta`
 * charts over the run's time, the memory of all running jobs together and the CPU cores they used.
 * '' when the summary has no resource figures; only the totals line when the timeline has fewer than two
 * points. The timeline comes from a summary file and is not trusted: only finite, non-negative numbers are
 * drawn.
 */
export function renderResourcesSection(resources: RunResources | undefined): string {
  if (!resources || typeof resources !== 'object') return '';
  const totals = totalsLine(resources);
  const timeline = (Array.isArray(resources.timeline) ? resources.timeline : []).filter(
    (p): p is [number, number, number] =>
      Array.isArray(p) &&
      p.length >= 3 &&
      p.slice(0, 3).every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0),
  );
  const points = bucket(timeline, RESOURCE_CHART_MAX_POINTS);
  if (points.length < 2) return totals ? `### Resources\n\n${totals}` : '';
  const span = points[points.length - 1][0];
  const peak = points.reduce((max, p) => Math.max(max, p[1]), 0);
  const unit = peak >= 2 * GIB ? { name: 'GiB', size: GIB } : { name: 'MiB', size: MIB };
  const memory = chart(
    `Memory of all jobs (${unit.name})`,
    span,
    unit.name,
    points.map((p) => p[1] / unit.size),
  );
  const cores = chart(
    'CPU cores in use',
    span,
    'cores',
    points.map((p) => p[2]),
  );
  return `### Resources\n\n${totals}\n\n${memory}\n\n${cores}`;
}

function totalsLine(r: RunResources): string {
  const parts: string[] = [];
  if (isFigure(r.peak_rss_bytes))
    parts.push(`peak memory ${formatByteSize(r.peak_rss_bytes, 'three-digits')}`);
  if (isFigure(r.cpu_seconds)) parts.push(`CPU time ${formatDuration(r.cpu_seconds)}`);
  if (isFigure(r.cpu_peak_cores)) parts.push(`at most ${formatNumber(r.cpu_peak_cores, 1)} cores`);
  if (isFigure(r.peak_processes)) parts.push(`at most ${r.peak_processes} processes`);
  if (parts.length === 0) return '';
  const interval = isFigure(r.interval_ms) ? `, sampled every ${Math.round(r.interval_ms)} ms` : '';
  return `All jobs together: ${parts.join(' · ')}${interval}.`;
}

function chart(title: string, spanSeconds: number, yLabel: string, values: number[]): string {
  const largest = values.reduce((max, v) => Math.max(max, v), 0);
  const digits = largest >= 100 ? 0 : largest >= 10 ? 1 : 2;
  const seconds = Math.max(1, Math.round(spanSeconds));
  return [
    '```mermaid',
    'xychart-beta',
    `  title "${title}"`,
    `  x-axis "seconds (${formatDuration(spanSeconds)} in all)" 0 --> ${seconds}`,
    `  y-axis "${yLabel}" 0 --> ${formatNumber(niceCeiling(largest), 2)}`,
    `  line [${values.map((v) => formatNumber(v, digits)).join(', ')}]`,
    '```',
  ].join('\n');
}

/** A round upper bound for the y axis, so a flat line does not sit on the top edge. */
function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value * 1.05) return step * magnitude;
  return 10 * magnitude;
}

/** At most `max` points: buckets of neighbours, each with its first time, peak memory and mean cores. */
function bucket(points: Array<[number, number, number]>, max: number): Array<[number, number, number]> {
  if (points.length <= max) return points;
  const size = Math.ceil(points.length / max);
  const out: Array<[number, number, number]> = [];
  for (let i = 0; i < points.length; i += size) {
    const group = points.slice(i, i + size);
    out.push([
      group[0][0],
      group.reduce((m, p) => Math.max(m, p[1]), 0),
      group.reduce((s, p) => s + p[2], 0) / group.length,
    ]);
  }
  return out;
}

function isFigure(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
