import { bumpCount, clampKey, createCountTable, type CountTable } from "./count-table";

// The seasonal detector: a probabilistic forecast per slot of a season — the coarse histogram
// of the values seen in that slot in earlier seasons. The series detector runs two: a daily one
// (time-of-day slots) and a weekly one (weekday slots). A value is surprising when it is new
// *for this slot*, even if it is common elsewhere (a night-time peak, a missing daily peak, a
// flat day, a weekday that looks like a Sunday). A slot judges only after it has seen
// `minSeasons` seasons of samples, counted at the sampling rate seen in warm-up, so gaps only
// delay it.

export type SeasonalState = {
  table: CountTable;
  seen: number[];
  minBin: number[];
  maxBin: number[];
  /** Samples a bucket must hold before it judges; set at the end of warm-up. */
  gate: number;
};

export type SeasonalConfig = {
  periodMs: number;
  buckets: number;
  coarsening: number;
  minSeasons: number;
  weight: number;
};

export function createSeasonalState(capacity: number, buckets: number): SeasonalState {
  return {
    table: createCountTable(capacity),
    seen: new Array<number>(buckets).fill(0),
    minBin: new Array<number>(buckets).fill(Number.MAX_VALUE),
    maxBin: new Array<number>(buckets).fill(-Number.MAX_VALUE),
    gate: Number.MAX_VALUE,
  };
}

/** Sets the gate from the sampling interval (ms) measured in warm-up. */
export function openSeasonalGate(s: SeasonalState, c: SeasonalConfig, intervalMs: number): void {
  s.gate = intervalMs > 0 ? (c.minSeasons * c.periodMs) / intervalMs / c.buckets : Number.MAX_VALUE;
}

export function seasonalBucket(t: number, c: SeasonalConfig): number {
  const phase = ((t % c.periodMs) + c.periodMs) % c.periodMs;
  return Math.min(c.buckets - 1, Math.floor((phase / c.periodMs) * c.buckets));
}

/** Scores the bin in its time-of-day bucket, then learns it; 0 until the bucket's gate opens. */
export function stepSeasonal(
  s: SeasonalState,
  c: SeasonalConfig,
  bucket: number,
  bin: number,
  gain: number,
): number {
  const coarse = Math.floor(bin / c.coarsening);
  const seen = s.seen[bucket] as number;
  s.seen[bucket] = seen + 1;
  const count = bumpCount(s.table, clampKey(coarse) * c.buckets + bucket);
  const lo = s.minBin[bucket] as number;
  const hi = s.maxBin[bucket] as number;
  let beyond = 0;
  if (coarse > hi) {
    beyond = coarse - hi;
    s.maxBin[bucket] = coarse;
  }
  if (coarse < lo) {
    beyond = lo - coarse;
    s.minBin[bucket] = coarse;
  }
  if (seen < s.gate) return 0;
  return (c.weight * (1 / (1 + count) + (gain * beyond) / (1 + gain * beyond))) / 2;
}
