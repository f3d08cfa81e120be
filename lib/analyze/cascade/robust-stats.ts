// Order statistics for baselines. Median and MAD/IQR rather than mean and standard deviation
// because a pre-incident window often already holds a spike or the first minutes of the fault.

/** Linear-interpolated quantile (type 7, as numpy and R default) of an ascending array. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (b - a) * (pos - lo);
}

export function median(values: readonly number[]): number {
  return quantileSorted(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

export type RobustBaseline = {
  n: number;
  median: number;
  /** Median absolute deviation from the median (unscaled). */
  mad: number;
  /** Interquartile range q75 − q25. */
  iqr: number;
  /** The divisor of robust z: see robustBaseline. */
  scale: number;
};

/** Relative floor of the scale: changes under ~3% of a metric's level (3 × 1%) never reach
 * z = 3, so a perfectly flat pod metric that drifts a hair is not an incident. */
const relativeScaleFloor = 0.01;
/** Absolute floor for metrics whose baseline is exactly 0 (error counts): any rise is news. */
const absoluteScaleFloor = 1e-9;

/**
 * Location and scale of a baseline. The scale is the larger of 1.4826·MAD and IQR/1.349
 * (both estimate σ for normal data), falling back to the standard deviation when more than
 * half the baseline is one value (sparse spikes), then to the floors above.
 */
export function robustBaseline(values: readonly number[]): RobustBaseline {
  const sorted = [...values].sort((a, b) => a - b);
  const med = quantileSorted(sorted, 0.5);
  const deviations = sorted.map((v) => Math.abs(v - med)).sort((a, b) => a - b);
  const mad = quantileSorted(deviations, 0.5);
  const iqr = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
  let scale = Math.max(1.4826 * mad, iqr / 1.349);
  if (scale === 0 && sorted.length > 1) {
    const mean = sorted.reduce((s, v) => s + v, 0) / sorted.length;
    scale = Math.sqrt(sorted.reduce((s, v) => s + (v - mean) ** 2, 0) / (sorted.length - 1));
  }
  scale = Math.max(scale, relativeScaleFloor * Math.abs(med), absoluteScaleFloor);
  return { n: sorted.length, median: med, mad, iqr, scale };
}
