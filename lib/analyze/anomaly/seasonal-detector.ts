import { addCount, clampKey, countOf, createCountTable, type CountTable } from "./count-table";

// The seasonal detector: a probabilistic forecast per time-of-day bucket — the coarse
// histogram of the values seen in that bucket on earlier days. A value is surprising when it is
// new *for this time of day*, even if it is common at other hours (a night-time peak, a missing
// daily peak, a flat day). A bucket judges only after it has seen `minSeasons` days of samples,
// counted at the sampling rate seen in warm-up, so gaps only delay it.

export type SeasonalState = {
  table: CountTable;
  seen: number[];
  minBin: number[];
  maxBin: number[];
  /** Samples a bucket must hold before it judges; set at the end of warm-up. */
  gate: number;
};

export type SeasonalConfig = { periodMs: number; buckets: number; coarsening: number; minSeasons: number; weight: number };

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

const key = (coarse: number, bucket: number, buckets: number) => clampKey(coarse) * buckets + bucket;

export function seasonalEvidence(s: SeasonalState, c: SeasonalConfig, bucket: number, bin: number, gain: number): number {
  if ((s.seen[bucket] as number) < s.gate) return 0;
  const coarse = Math.floor(bin / c.coarsening);
  const novelty = 1 / (1 + countOf(s.table, key(coarse, bucket, c.buckets)));
  const lo = s.minBin[bucket] as number;
  const hi = s.maxBin[bucket] as number;
  const beyond = coarse > hi ? coarse - hi : coarse < lo ? lo - coarse : 0;
  return (c.weight * (novelty + (gain * beyond) / (1 + gain * beyond))) / 2;
}

export function learnSeasonal(s: SeasonalState, c: SeasonalConfig, bucket: number, bin: number): void {
  const coarse = Math.floor(bin / c.coarsening);
  addCount(s.table, key(coarse, bucket, c.buckets));
  s.seen[bucket] = (s.seen[bucket] as number) + 1;
  if (coarse < (s.minBin[bucket] as number)) s.minBin[bucket] = coarse;
  if (coarse > (s.maxBin[bucket] as number)) s.maxBin[bucket] = coarse;
}
