/** Points the run's resource timeline keeps (summary `resources.timeline`, the step summary's chart). */
export const RESOURCE_TIMELINE_MAX_POINTS = 200;

/** One span of the run: when it started, the peak total memory in it and the mean cores over it. */
type Point = [seconds: number, rssBytes: number, cores: number];

/**
 * The run's total memory and CPU over time in bounded memory, however long the run: up to twice the limit
 * is kept, then neighbours are merged in pairs (peak memory, mean cores), so the spacing doubles each time.
 */
export class ResourceTimeline {
  private points: Point[] = [];
  /** How many samples each kept point stands for (doubles at each merge); a new point waits until full. */
  private span = 1;
  private pending: { seconds: number; rss: number; coresSum: number; count: number } | undefined;

  constructor(private readonly maxPoints = RESOURCE_TIMELINE_MAX_POINTS) {}

  add(seconds: number, rssBytes: number, cores: number): void {
    const pending = (this.pending ??= { seconds, rss: 0, coresSum: 0, count: 0 });
    pending.rss = Math.max(pending.rss, rssBytes);
    pending.coresSum += cores;
    pending.count += 1;
    if (pending.count < this.span) return;
    this.points.push([pending.seconds, pending.rss, pending.coresSum / pending.count]);
    this.pending = undefined;
    if (this.points.length >= 2 * this.maxPoints) {
      this.points = halve(this.points);
      this.span *= 2;
    }
  }

  /** At most maxPoints points, oldest first, rounded for the summary (ms, bytes, hundredths of a core). */
  result(): Point[] {
    let points = [...this.points];
    if (this.pending) {
      const p = this.pending;
      points.push([p.seconds, p.rss, p.coresSum / p.count]);
    }
    while (points.length > this.maxPoints) points = halve(points);
    return points.map(([s, rss, cores]) => [
      Math.round(s * 1000) / 1000,
      Math.round(rss),
      Math.round(cores * 100) / 100,
    ]);
  }
}

function halve(points: Point[]): Point[] {
  const merged: Point[] = [];
  for (let i = 0; i < points.length; i += 2) {
    const a = points[i];
    const b = points[i + 1];
    merged.push(b ? [a[0], Math.max(a[1], b[1]), (a[2] + b[2]) / 2] : a);
  }
  return merged;
}
