import { I_HIST, intRecordStride, R_COUNT, R_FINE, R_FIRST, R_INC, R_MAX, R_MIN, R_Q0, R_SPAN, R_SUM, recordStride, type WindowArrays } from "./window-arrays";
import {
  fineSlotMs, F_COUNT, F_FIRST, F_INC, F_MAX, F_MIN, F_SLOT, F_SPAN, F_SUM,
  histWidth, levels, quantileRing, quantileSlotMs, statFields, statRing, statSlotMs, windowNames, type WindowName,
} from "./window-layout";

export type WindowSummary = {
  window: WindowName;
  /** Samples in the window. */
  count: number;
  mean: number;
  min: number;
  max: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  /** Per-second rate of increase, reading the series as a counter (drops are resets); null
   * with fewer than two samples. Averaged from the sample before the window's first one. */
  rate: number | null;
  /** Gauge change: last value minus the first value in the window. */
  delta: number;
  last: number;
  lastT: number;
};

export const summaryQuantiles = [0.5, 0.9, 0.95, 0.99] as const;

/** Summary of one window at `nowMs`, or null when the window holds no sample. */
export function readWindow(a: WindowArrays, id: number, window: WindowName, nowMs: number): WindowSummary | null {
  const l = windowNames.indexOf(window);
  const cur = Math.floor(nowMs / statSlotMs[l]!);
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  let inc = 0;
  let oldest = Infinity;
  let span = 0;
  let first = 0;
  for (let pos = 0; pos < statRing; pos++) {
    const b = ((id * levels + l) * statRing + pos) * statFields;
    const slot = a.stats[b + F_SLOT]!;
    if (slot < cur - (statRing - 1) || slot > cur) continue;
    count += a.stats[b + F_COUNT]!;
    sum += a.stats[b + F_SUM]!;
    min = Math.min(min, a.stats[b + F_MIN]!);
    max = Math.max(max, a.stats[b + F_MAX]!);
    inc += a.stats[b + F_INC]!;
    if (slot < oldest) {
      oldest = slot;
      span = a.stats[b + F_SPAN]!;
      first = a.stats[b + F_FIRST]!;
    }
  }
  // The open fine slot has not been folded into the rings yet; it is always the newest.
  const pend = a.meta;
  const p = id * recordStride;
  const pendCount = pend[p + R_COUNT]!;
  const pendSlot = Math.floor((pend[p + R_FINE]! * fineSlotMs) / statSlotMs[l]!);
  if (pendCount > 0 && pendSlot >= cur - (statRing - 1) && pendSlot <= cur) {
    count += pendCount;
    sum += pend[p + R_SUM]!;
    min = Math.min(min, pend[p + R_MIN]!);
    max = Math.max(max, pend[p + R_MAX]!);
    inc += pend[p + R_INC]!;
    if (oldest === Infinity) {
      span = pend[p + R_SPAN]!;
      first = pend[p + R_FIRST]!;
    }
  }
  if (count === 0) return null;
  const last = a.lastV(id);
  const lastT = a.lastT(id);
  const q = readQuantiles(a, id, l, nowMs, summaryQuantiles, min, max);
  return {
    window, count, mean: sum / count, min, max,
    p50: q[0]!, p90: q[1]!, p95: q[2]!, p99: q[3]!,
    rate: lastT > span ? inc / ((lastT - span) / 1000) : null,
    delta: last - first,
    last, lastT,
  };
}

/** Quantiles (nearest rank over the merged histograms of the live quantile slots), clamped
 * to [min, max]. Values <= 0 share one bucket, estimated by interpolating from min to 0. */
export function readQuantiles(a: WindowArrays, id: number, l: number, nowMs: number, qs: readonly number[], min: number, max: number): number[] {
  const cur = Math.floor(nowMs / quantileSlotMs[l]!);
  const live: number[] = [];
  let n = 0;
  const inRange = (slot: number) => slot >= cur - (quantileRing - 1) && slot <= cur;
  for (let pos = 0; pos < quantileRing; pos++) {
    const qi = (id * levels + l) * quantileRing + pos;
    if (inRange(a.qslot[qi]!)) live.push(qi * histWidth);
  }
  // The open 1m slot has not been folded into the longer windows yet.
  const q0 = a.meta[id * recordStride + R_Q0]!;
  if (l > 0 && q0 >= 0 && inRange(Math.floor((q0 * quantileSlotMs[0]!) / quantileSlotMs[l]!))) {
    live.push(a.ints[id * intRecordStride + I_HIST]!);
  }
  for (const hb of live) for (let j = 0; j < histWidth; j++) n += a.hist[hb + j]!;
  if (n === 0) return qs.map(() => (min + max) / 2);
  return qs.map((q) => {
    if (q <= 0) return min;
    if (q >= 1) return max;
    const rank = Math.min(n - 1, Math.max(0, Math.floor(q * n)));
    let cum = 0;
    for (let j = 0; j < histWidth; j++) {
      let c = 0;
      for (const hb of live) c += a.hist[hb + j]!;
      if (cum + c > rank) {
        const est = j === 0 ? (min < 0 ? min + (-min * (rank - cum + 0.5)) / c : 0) : a.bucketValue(id, j);
        return Math.min(max, Math.max(min, est));
      }
      cum += c;
    }
    return max;
  });
}
