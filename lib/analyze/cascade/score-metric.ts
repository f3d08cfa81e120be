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
  /** Like shift but uncapped: how far the move went, in baseline scales (≥ 0). */
  magnitude: number;
  shifted: boolean;
  /** The series looked like a cumulative counter and was scored as its per-second rate. */
  asRate: boolean;
};

/** |z| above which a point exceeds the baseline: 3 robust σ, the usual outlier fence. */
export const zOn = 3;
/** Cap on |z| so one metric with a zero-width baseline cannot outweigh every other signal. */
export const zCap = 20;
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
  let shift = 0;
  let magnitude = 0;
  if (onsetIndex >= 0) {
    let from = onsetIndex;
    while (from > 0 && search[from - 1]![0] >= window.incidentStart) from--;
    shift = median(z.slice(from).map((v) => Math.max(0, direction * v)));
    magnitude = median(
      search.slice(from).map(([, v]) => Math.max(0, (direction * (v - baseline.median)) / baseline.scale)),
    );
  } else if (z.length > 0) shift = Math.min(median(z.map(Math.abs)), zOn);
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
  };
}
