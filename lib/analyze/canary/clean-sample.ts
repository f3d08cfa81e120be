// Preparing one side of a metric for the test: missing points, optional outlier removal, and the
// summary shown next to the verdict.

import type { SampleSummary } from "./canary-schemas";

export type CleanOptions = {
  nanStrategy: "remove" | "replace";
  outliers: { strategy: "keep" | "remove"; factor: number };
};

export type CleanSample = { values: number[]; summary: SampleSummary };

/** Percentile by linear interpolation between order statistics (R's type 7), p in [0, 100]. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * (p / 100);
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Tukey fences q1 - k·IQR and q3 + k·IQR, widened to at least the 1st and 99th percentiles as
 * Kayenta's IQRDetector(reduceSensitivity = true) does, so a tight distribution (IQR near 0, as
 * with mostly-zero error counts) does not lose its legitimate tail.
 */
export function outlierFences(sorted: readonly number[], factor: number): { low: number; high: number } {
  const q1 = percentile(sorted, 25);
  const q3 = percentile(sorted, 75);
  const iqr = q3 - q1;
  return {
    low: Math.min(percentile(sorted, 1), q1 - factor * iqr),
    high: Math.max(percentile(sorted, 99), q3 + factor * iqr),
  };
}

export function cleanSample(raw: readonly (number | null)[], options: CleanOptions): CleanSample {
  const finite: number[] = [];
  let missing = 0;
  for (const v of raw) {
    if (v !== null && Number.isFinite(v)) finite.push(v);
    else missing++;
  }
  // "replace" fills gaps in a series that exists; a side with no point at all stays empty so that
  // missing data is reported as such rather than judged as a run of zeros.
  const values =
    options.nanStrategy === "replace" && finite.length > 0
      ? [...finite, ...new Array<number>(missing).fill(0)]
      : finite;

  let kept = values;
  if (options.outliers.strategy === "remove" && values.length > 0) {
    const sorted = [...values].sort((a, b) => a - b);
    const { low, high } = outlierFences(sorted, options.outliers.factor);
    kept = values.filter((v) => v >= low && v <= high);
  }
  return { values: kept, summary: summarize(kept, missing, values.length - kept.length) };
}

function summarize(values: readonly number[], missing: number, outliersRemoved: number): SampleSummary {
  if (values.length === 0)
    return { count: 0, missing, outliersRemoved, mean: null, median: null, min: null, max: null };
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return {
    count: values.length,
    missing,
    outliersRemoved,
    mean,
    median: percentile(sorted, 50),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
  };
}
