import { addCount, clampKey, countOf, createCountTable, type CountTable } from "./count-table";

// The robust statistical detector: a decaying histogram of the series' values on a fixed grid.
// A value's evidence is how new it is — 1/(1 + times its bin was seen) — plus a bonus for
// landing beyond the widest range ever seen, growing with the distance. Outliers cannot mask
// each other or drag a location estimate: each one only adds mass to its own bin.

export type DensityState = { table: CountTable; minBin: number; maxBin: number };

export function createDensityState(capacity: number): DensityState {
  return { table: createCountTable(capacity), minBin: 0, maxBin: 0 };
}

/** Evidence in [0, 1): half from novelty, half from extending the range. */
export function densityEvidence(s: DensityState, bin: number, gain: number): number {
  const novelty = 1 / (1 + countOf(s.table, clampKey(bin)));
  const beyond = bin > s.maxBin ? bin - s.maxBin : bin < s.minBin ? s.minBin - bin : 0;
  return (novelty + (gain * beyond) / (1 + gain * beyond)) / 2;
}

export function learnDensity(s: DensityState, bin: number, first: boolean): void {
  addCount(s.table, clampKey(bin));
  if (first) {
    s.minBin = bin;
    s.maxBin = bin;
  } else if (bin > s.maxBin) s.maxBin = bin;
  else if (bin < s.minBin) s.minBin = bin;
}
