// When will a filling resource (memory leak, disk, quota, connection pool) hit its limit?
//
// The trend is Theil-Sen over the bucket means of the current segment (robust to spikes and to
// the GC drops inside it), with a serial-correlation-aware interval on the slope. The peaks
// reach the limit before the mean does, so the point estimate raises the trend by a high
// quantile of how far bucket maxima sit above it. ETA interval: the upper slope bound with the
// largest excursion gives the earliest plausible exhaustion, the lower slope bound with none the
// latest (never, if it is not rising).
//
// Warning policy: warn when exhaustion within the horizon is plausible — the earliest time is
// inside it, i.e. P(exhaustion within horizon) ≳ (1 - confLevel)/2 — but only for a trend
// significantly above zero at trendConfLevel, so flat or noisy series do not warn; and always
// once at the limit.

import {
  type ExhaustionConfig,
  type ExhaustionConfigInput,
  type ExhaustionForecast,
  type ExhaustionState,
  exhaustionConfigSchema,
} from "./exhaustion-schemas";
import { formatDuration } from "./format-duration";
import { percentile } from "@/lib/analyze/canary/clean-sample";
import { type TrendPoint, theilSen } from "./theil-sen";
import { allBuckets, initialExhaustionState, updateExhaustion } from "./update-exhaustion";

const HOUR = 3_600_000;

export function forecastExhaustion(
  state: ExhaustionState,
  now: number,
  config: ExhaustionConfig,
): ExhaustionForecast {
  const { limit } = config;
  const segment = allBuckets(state).filter((b) => state.segmentStart === null || b.t >= state.segmentStart);
  const latest = segment[segment.length - 1];
  const level = latest === undefined ? null : latest.max;
  const empty = {
    now,
    level,
    limit,
    slopePerHour: null,
    slopePerHourLow: null,
    slopePerHourHigh: null,
    eta: null,
    etaEarliest: null,
    etaLatest: null,
  };
  if (level !== null && level >= limit) {
    return {
      ...empty,
      status: "exhausted",
      eta: now,
      etaEarliest: now,
      etaLatest: now,
      warning: true,
      reasons: [`at ${fmt(level)}, the limit ${fmt(limit)} is reached`],
    };
  }
  if (segment.length < config.minBuckets) {
    const why = state.pendingRestart !== null ? "restarted recently: " : "";
    return {
      ...empty,
      status: "insufficient-data",
      warning: false,
      reasons: [`${why}${segment.length} of ${config.minBuckets} buckets needed`],
    };
  }

  // Hours relative to now keep the intercepts small and exact.
  const points: TrendPoint[] = segment.map((b) => ({
    t: (b.t + b.tOffsetSum / b.count - now) / HOUR,
    v: b.sum / b.count,
  }));
  const fit = theilSen(points, config.confLevel, config.trendConfLevel);
  if (fit === null)
    return { ...empty, status: "insufficient-data", warning: false, reasons: ["all samples share one time"] };

  const peaks = segment
    .map((b, i) => b.max - (fit.intercept + fit.slope * points[i]!.t))
    .sort((a, b) => a - b);
  const headroom = Math.max(0, percentile(peaks, config.peakQuantile * 100));
  const maxHeadroom = Math.max(0, peaks[peaks.length - 1]!);
  // Hours from now until the line a + b·t, raised by h, reaches the limit.
  const hit = (a: number, b: number, h: number): number | null =>
    b > 0 && Number.isFinite(a) ? Math.max(0, (limit - h - a) / b) : null;
  const toTime = (h: number | null): number | null => (h === null ? null : now + h * HOUR);
  const eta = toTime(hit(fit.intercept, fit.slope, headroom));
  // Earliest: the fastest plausible trend with the largest excursion seen. Latest: the slowest
  // plausible trend with none (once the mean is at the limit, half the time is over it).
  const etaEarliest = toTime(
    Number.isFinite(fit.slopeHigh) ? hit(fit.interceptHigh, fit.slopeHigh, maxHeadroom) : 0,
  );
  const etaLatest = toTime(hit(fit.interceptLow, fit.slopeLow, 0));

  const rising = fit.slope > 0 && fit.testLow > 0;
  const warning = rising && etaEarliest !== null && etaEarliest - now <= config.horizonMs;
  const pct = `${Math.round(config.confLevel * 100)}%`;
  const trend = `${fit.slope >= 0 ? "+" : ""}${fmt(fit.slope)}/h (${pct} CI ${fmt(fit.slopeLow)} to ${fmt(fit.slopeHigh)})`;
  const reasons = [
    rising && eta !== null
      ? `trend ${trend}: limit ${fmt(limit)} reached in ${formatDuration(eta - now)} (earliest ${formatDuration((etaEarliest ?? now) - now)}, latest ${etaLatest === null ? "never" : formatDuration(etaLatest - now)})`
      : `trend ${trend}: not significantly rising`,
  ];
  if (warning) reasons.push(`exhaustion within ${formatDuration(config.horizonMs)} is plausible`);
  return {
    now,
    level,
    limit,
    status: rising ? "exhausting" : "not-exhausting",
    slopePerHour: fit.slope,
    slopePerHourLow: Number.isFinite(fit.slopeLow) ? fit.slopeLow : null,
    slopePerHourHigh: Number.isFinite(fit.slopeHigh) ? fit.slopeHigh : null,
    eta,
    etaEarliest,
    etaLatest,
    warning,
    reasons,
  };
}

/** Batch convenience: fold a whole series (times in ms) and forecast at `now`. */
export function forecastSeries(
  samples: readonly { t: number; v: number }[],
  now: number,
  config: ExhaustionConfigInput = {},
): ExhaustionForecast {
  const cfg = exhaustionConfigSchema.parse(config);
  const state = samples.reduce((s, sample) => updateExhaustion(s, sample, cfg), initialExhaustionState());
  return forecastExhaustion(state, now, cfg);
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "-∞";
  return Math.abs(v) >= 100 || v === 0 ? String(Math.round(v)) : v.toPrecision(3);
}
