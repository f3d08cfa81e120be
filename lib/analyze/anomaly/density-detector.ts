import { bumpCount, clampKey, createCountTable, type CountTable } from "./count-table";

// The robust statistical detector: a decaying histogram of the series' values on a fixed grid.
// A value's evidence is how new it is — 1/(1 + times its bin was seen) — plus a bonus for
// landing beyond the widest range ever seen, growing with the distance. Outliers cannot mask
// each other or drag a location estimate: each one only adds mass to its own bin.

export type DensityState = {
  table: CountTable;
  minBin: number;
  maxBin: number;
  /** Times the last scored bin had been seen before it (input to the change-point detector). */
  lastCount: number;
};

export function createDensityState(capacity: number): DensityState {
  return { table: createCountTable(capacity), minBin: 0, maxBin: 0, lastCount: 0 };
}

/**
 * Scores the bin, then learns it. Evidence in [0, 1): half from novelty, half from extending
 * the range. `first` marks the very first bin, which sets the range.
 */
export function stepDensity(s: DensityState, bin: number, gain: number, first: boolean): number {
  const count = bumpCount(s.table, clampKey(bin));
  s.lastCount = count;
  const novelty = 1 / (1 + count);
  let beyond = 0;
  if (first) {
    s.minBin = s.maxBin = bin;
  } else if (bin > s.maxBin) {
    beyond = bin - s.maxBin;
    s.maxBin = bin;
  } else if (bin < s.minBin) {
    beyond = s.minBin - bin;
    s.minBin = bin;
  }
  return (novelty + (gain * beyond) / (1 + gain * beyond)) / 2;
}
