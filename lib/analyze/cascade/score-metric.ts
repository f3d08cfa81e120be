import { robustBaseline, type RobustBaseline, median } from "./robust-stats";

export type Point = readonly [t: number, v: number];

/** Where the baseline ends and the search for the anomaly starts (Unix seconds). */
export type IncidentWindow = { baselineEnd: number; searchStart: number; incidentStart: number };

export type MetricScore = {
  metric: string;
  baseline: RobustBaseline;
  /** First time (Unix seconds) of a sustained exceedance, or null when the metric held. */
  onset: number | null;
  /** +1 the metric rose, −1 it fell, 0 no sustained move. */
  direction: 1 | -1 | 0;
  /** Median |robust z| (in the direction of the move) from the onset or incidentStart,
   * whichever is earlier, to the end: one spike does not count, a late move counts less. */
  shift: number;
  /** Largest |robust z| in the search window, signed; capped at zCap. */
  peak: number;
  /** Like shift but not capped at zCap: how far the move went, in baseline scales (≥ 0, at
   * most maxMove; a fall to 1/k of a positive level counts as a rise to k times it). */
  magnitude: number;
  shifted: boolean;
  /** The series looked like a cumulative counter and was scored as its per-second rate. */
  asRate: boolean;
  /** For a metric with an onset: per point of the search window, how much of the move it
   * holds (raw value against the median from the onset on) the metric had made by then, in
   * [0, 1]. Says whether a metric that crossed the fence early had already made its move or
   * only drifted ahead of it. Empty without an onset. */
  progress: readonly (readonly [t: number, fraction: number])[];
};

/** |z| above which a point exceeds the baseline: 3 robust σ, the usual outlier fence. */
export const zOn = 3;
/** Cap on |z| so one metric with a zero-width baseline cannot outweigh every other signal. */
export const zCap = 20;
/** Cap on a move in baseline scales, so a metric whose baseline was exactly zero (or that fell
 * to zero) stays finite. */
export const maxMove = 1e6;
/** Baselines shorter than this fall back to every point before incidentStart. */
const minBaselinePoints = 5;

export function robustZ(v: number, baseline: RobustBaseline): number {
  const z = (v - baseline.median) / baseline.scale;
  return Math.max(-zCap, Math.min(zCap, z));
}

/** Consecutive exceedances required for an onset: a few points, fewer when the window is short. */
function sustainFor(searchPoints: number): number {
  if (searchPoints >= 9) return 3;
  if (searchPoints >= 3) return 2;
  return 1;
}

/** Theil–Sen line through (t, z): the fitted z at the last point, and the index of the first
 * point at which the line is past the fence. Null for fewer than 4 points or a flat line. */
function rampEnd(
  points: readonly Point[],
  z: readonly number[],
): { zEnd: number; crossIndex: number } | null {
  if (points.length < 4) return null;
  const t0 = points[0]![0];
  // Every pair of up to ~60 points: O(n²) stays small on long, finely sampled windows.
  const step = Math.max(1, Math.floor(points.length / 60));
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i += step) {
    for (let j = i + step; j < points.length; j += step)
      slopes.push((z[j]! - z[i]!) / (points[j]![0] - points[i]![0]));
  }
  const slope = median(slopes);
  if (slope === 0) return null;
  const intercept = median(points.map(([t], i) => z[i]! - slope * (t - t0)));
  const fitted = (t: number) => intercept + slope * (t - t0);
  const zEnd = fitted(points[points.length - 1]![0]);
  // Only a line moving away from the baseline is a ramp; one coming back is a recovery.
  if (Math.sign(slope) !== Math.sign(zEnd)) return null;
  // A late step (a burst) also tilts a line through a short window: call it a ramp only when
  // the line fits about as well as the best single step (sum of absolute residuals).
  let lineError = 0;
  points.forEach(([t], i) => (lineError += Math.abs(z[i]! - fitted(t))));
  if (bestStepError(z) * stepFlexibility < lineError) return null;
  const crossIndex = points.findIndex(([t]) => Math.sign(slope) * fitted(t) >= zOn);
  return { zEnd, crossIndex: crossIndex < 0 ? points.length - 1 : crossIndex };
}

/** A step has one more free parameter than a line (its split) and fits noise better, so the
 * line may be this much worse and still win. */
const stepFlexibility = 1.25;

/** Sum of absolute residuals of the best two-level fit (each level its side's median). */
function bestStepError(z: readonly number[]): number {
  let best = Infinity;
  for (let k = 1; k < z.length; k++) {
    const left = z.slice(0, k);
    const right = z.slice(k);
    const ml = median(left);
    const mr = median(right);
    const error =
      left.reduce((s, v) => s + Math.abs(v - ml), 0) + right.reduce((s, v) => s + Math.abs(v - mr), 0);
    best = Math.min(best, error);
  }
  return best;
}

function baselineOf(points: readonly Point[], window: IncidentWindow): RobustBaseline | null {
  let values = points.filter(([t]) => t < window.baselineEnd).map(([, v]) => v);
  if (values.length < minBaselinePoints)
    values = points.filter(([t]) => t < window.incidentStart).map(([, v]) => v);
  return values.length >= 3 ? robustBaseline(values) : null;
}

/**
 * Scores one series against its own pre-incident baseline: robust z per point, onset as the
 * first sustained same-sign exceedance of zOn, shift as the median |z| from onset on. Returns
 * null when fewer than 3 baseline points exist (nothing to compare with).
 */
export function scoreMetric(
  metric: string,
  points: readonly Point[],
  window: IncidentWindow,
  asRate = false,
): MetricScore | null {
  const baseline = baselineOf(points, window);
  if (!baseline) return null;
  const search = points.filter(([t]) => t >= window.searchStart);
  const z = search.map(([, v]) => robustZ(v, baseline));
  const sustain = sustainFor(search.length);
  let onsetIndex = -1;
  let direction: 1 | -1 | 0 = 0;
  for (let i = 0; i + sustain <= z.length && onsetIndex < 0; i++) {
    const sign = Math.sign(z[i]!) as 1 | -1 | 0;
    if (sign === 0 || Math.abs(z[i]!) < zOn) continue;
    let run = 1;
    while (run < sustain && sign * z[i + run]! >= zOn) run++;
    if (run === sustain) {
      onsetIndex = i;
      direction = sign;
    }
  }
  let peak = 0;
  for (const v of z) if (Math.abs(v) > Math.abs(peak)) peak = v;
  // The median runs from the onset or from incidentStart, whichever is earlier: a move that
  // begins late in the window (a traffic burst minutes after the incident) covers less than
  // half of it and so scores low, while the incident's own anomalies span it.
  let from = onsetIndex >= 0 ? onsetIndex : search.findIndex(([t]) => t >= window.incidentStart);
  if (from < 0) from = search.length;
  while (from > 0 && search[from - 1]![0] >= window.incidentStart) from--;
  let shift = 0;
  if (onsetIndex >= 0) {
    shift = median(z.slice(from).map((v) => Math.max(0, direction * v)));
    // The onset is where the move reaches half the level it holds (in capped z): a drift that crosses the
    // fence minutes before a step (the day's load curve, then the fault) would otherwise date
    // the anomaly to the drift, before its cause, and make the cause look like an effect.
    const half = Math.max(zOn, shift / 2);
    while (onsetIndex < z.length - 1 && direction * z[onsetIndex]! < half) onsetIndex++;
  }
  else if (z.length > 0) shift = Math.min(median(z.map(Math.abs)), zOn);
  // A slow ramp (a leak) clears the fence only near the end, so its median is low: the level
  // a robust line (Theil–Sen, unmoved by a burst covering under ~29% of the points) reaches
  // at the end of the window counts too. Without a sustained exceedance the ramp must end
  // one z above the fence to count.
  const ramp = rampEnd(search.slice(from), z.slice(from));
  if (ramp && onsetIndex >= 0 && Math.sign(ramp.zEnd) === direction) {
    shift = Math.max(shift, Math.min(zCap, Math.abs(ramp.zEnd)));
  } else if (ramp && onsetIndex < 0 && Math.abs(ramp.zEnd) >= zOn + 1) {
    direction = Math.sign(ramp.zEnd) as 1 | -1;
    onsetIndex = from + ramp.crossIndex;
    shift = Math.min(zCap, Math.abs(ramp.zEnd));
  }
  const magnitude =
    onsetIndex >= 0
      ? Math.max(
          median(
            search
              .slice(from)
              .map(([, v]) => Math.max(0, moveOf(v, direction, baseline))),
          ),
          shift,
        )
      : 0;
  let progress: [number, number][] = [];
  if (onsetIndex >= 0 && direction !== 0) {
    const held = median(search.slice(from).map(([, v]) => v)) - baseline.median;
    if (direction * held > 0)
      progress = search.map(([t, v]) => [t, Math.min(1, Math.max(0, (v - baseline.median) / held))]);
  }
  return {
    metric,
    baseline,
    onset: onsetIndex >= 0 ? search[onsetIndex]![0] : null,
    direction,
    shift,
    peak,
    magnitude,
    shifted: onsetIndex >= 0 && shift >= zOn,
    asRate,
    progress,
  };
}

/** How far a value moved from the baseline, in baseline scales, in the direction of the move.
 * A fall of a positive level to 1/k of it counts as far as a rise to k times it, and a fall to
 * zero as far as any move goes (maxMove): measured linearly a fall could never exceed
 * level/scale (100 scales at the relative floor) while a rise is unbounded, so a service that
 * stopped (no ready replicas, no throughput, no cache hits) would always look a smaller move
 * than one whose error rate rose from a near-zero level. */
function moveOf(v: number, direction: 1 | -1 | 0, baseline: RobustBaseline): number {
  if (direction < 0 && baseline.median > 0) {
    return v > 0 ? Math.min(maxMove, ((baseline.median / v - 1) * baseline.median) / baseline.scale) : maxMove;
  }
  return (direction * (v - baseline.median)) / baseline.scale;
}
