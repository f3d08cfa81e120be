import type { Point } from "./score-metric";

// Cumulative counters (`*_total`, `container_cpu_usage_seconds_total`) grow by construction,
// so every later point lies above any baseline and would read as an anomaly in every service.
// They are recognised by shape, not by name, and turned into per-second rates as Prometheus's
// rate() does.

/** Share of steps that must not go down (the rest are counter resets on restarts). */
const minNonDecreasing = 0.9;
/** Share of steps that must go up: a flat gauge is not a counter. */
const minIncreasing = 0.6;
const minPoints = 6;

export function looksLikeCounter(points: readonly Point[]): boolean {
  if (points.length < minPoints) return false;
  let up = 0;
  let down = 0;
  for (let i = 1; i < points.length; i++) {
    const d = points[i]![1] - points[i - 1]![1];
    if (d > 0) up++;
    else if (d < 0) down++;
  }
  const steps = points.length - 1;
  return up / steps >= minIncreasing && 1 - down / steps >= minNonDecreasing && points[0]![1] >= 0;
}

/** Per-second rate between consecutive points, stamped at the later one; after a reset (the
 * value dropped) the counter restarted from zero, so the increase is the new value itself. */
export function counterRate(points: readonly Point[]): Point[] {
  const out: Point[] = [];
  for (let i = 1; i < points.length; i++) {
    const [t0, v0] = points[i - 1]!;
    const [t1, v1] = points[i]!;
    const increase = v1 >= v0 ? v1 - v0 : v1;
    out.push([t1, increase / (t1 - t0)]);
  }
  return out;
}
