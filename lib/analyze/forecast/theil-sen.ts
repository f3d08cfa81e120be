// Theil-Sen trend with Sen's (1968) rank-based confidence interval on the slope, its variance
// widened for serial correlation the way the modified Mann-Kendall test does (Hamed & Rao 1998;
// Yue & Wang 2004: detrend, then inflate Var(S) by the AR(1) factor (1 + r1) / (1 - r1)).
// Resource series are autocorrelated (GC sawtooth, batch jobs); without the correction the
// interval would be far too narrow and the warning too eager.

import { normalQuantile } from "@/lib/analyze/canary/normal-distribution";
import { selectKth } from "./select-kth";

export type TrendPoint = { t: number; v: number };

export type TrendFit = {
  /** Units of v per unit of t. */
  slope: number;
  slopeLow: number;
  slopeHigh: number;
  /** v at t = 0 for the slope, the slopeLow and the slopeHigh lines. */
  intercept: number;
  interceptLow: number;
  interceptHigh: number;
  /** Slope interval at the (usually stricter) level used to decide that there is a trend at all. */
  testLow: number;
  testHigh: number;
  /** Lag-1 autocorrelation of the detrended series (0 when not positive). */
  lag1: number;
  n: number;
};

// The AR(1) factor is n / n_eff. It is capped so that n_eff stays at least this many points:
// residuals from a line also carry the trend's curvature, which looks like strong serial
// correlation, and an uncapped factor would call even a clean monotone rise insignificant.
const MIN_EFFECTIVE_POINTS = 8;

function median(sorted: readonly number[]): number {
  const n = sorted.length;
  const mid = Math.floor(n / 2);
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function interceptFor(points: readonly TrendPoint[], slope: number): number {
  return median(points.map((p) => p.v - slope * p.t).sort((a, b) => a - b));
}

/** Requires at least 3 points with at least 2 distinct t; O(n²). Returns null otherwise. */
export function theilSen(
  points: readonly TrendPoint[],
  confLevel = 0.9,
  testLevel = confLevel,
): TrendFit | null {
  const n = points.length;
  if (n < 3) return null;
  const all = new Float64Array((n * (n - 1)) / 2);
  let count = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dt = points[j]!.t - points[i]!.t;
      if (dt !== 0) all[count++] = (points[j]!.v - points[i]!.v) / dt;
    }
  }
  if (count === 0) return null;
  const slopes = all.subarray(0, count);
  const mid = count >>> 1;
  const slope =
    count % 2 === 1 ? selectKth(slopes, mid) : (selectKth(slopes, mid - 1) + selectKth(slopes, mid)) / 2;
  const intercept = interceptFor(points, slope);

  const ordered = [...points].sort((a, b) => a.t - b.t);
  const residuals = ordered.map((p) => p.v - (intercept + slope * p.t));
  const scale = Math.max(...points.map((p) => Math.abs(p.v)));
  // Residuals at rounding level (an exact line) have no meaningful correlation.
  const exact = residuals.every((r) => Math.abs(r) <= 1e-12 * scale);
  const lag1 = exact ? 0 : Math.max(0, lagOneAutocorrelation(residuals));
  const inflation = Math.min(Math.max(1, n / MIN_EFFECTIVE_POINTS), (1 + lag1) / Math.max(1e-9, 1 - lag1));

  // Var(S) of Kendall's S without ties, times the serial-correlation factor.
  const varS = ((n * (n - 1) * (2 * n + 5)) / 18) * inflation;
  const bounds = (level: number): [number, number] => {
    const c = normalQuantile(1 - (1 - level) / 2) * Math.sqrt(varS);
    const lowIdx = Math.floor((count - c) / 2) - 1;
    const highIdx = Math.ceil((count + c) / 2);
    return [
      lowIdx < 0 ? Number.NEGATIVE_INFINITY : selectKth(slopes, lowIdx),
      highIdx >= count ? Number.POSITIVE_INFINITY : selectKth(slopes, highIdx),
    ];
  };
  const [slopeLow, slopeHigh] = bounds(confLevel);
  const [testLow, testHigh] = bounds(testLevel);
  return {
    slope,
    slopeLow,
    slopeHigh,
    intercept,
    interceptLow: Number.isFinite(slopeLow) ? interceptFor(points, slopeLow) : Number.NaN,
    interceptHigh: Number.isFinite(slopeHigh) ? interceptFor(points, slopeHigh) : Number.NaN,
    testLow,
    testHigh,
    lag1,
    n,
  };
}

function lagOneAutocorrelation(x: readonly number[]): number {
  const n = x.length;
  if (n < 3) return 0;
  const mean = x.reduce((s, v) => s + v, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i]! - mean;
    den += d * d;
    if (i > 0) num += d * (x[i - 1]! - mean);
  }
  return den === 0 ? 0 : num / den;
}
