import {
  bins, fineSlotMs,
  F_COUNT, F_FIRST, F_INC, F_MAX, F_MIN, F_SLOT, F_SPAN, F_SUM,
  histPerSeries, histWidth, levels, lnBaseGamma, qslotsPerSeries, quantileRing, quantileSlotMs,
  statFields, statRing, statSlotMs, statsPerSeries, tinyValue,
} from "./window-layout";

// Per-series scalars live in one 128-byte record so an update touches two cache lines of
// them: the first holds what every sample reads and writes (last sample, end of the open fine
// slot, the open slot's count/sum/min/max/increase), the second the rest of the open slot and,
// as Int32 through a second view of the same buffer, the histogram layout (key of bucket 1,
// lifetime key range, collapses) and the current 1m histogram slot.
// Like the stats, a sample only touches the 1m window's histogram; a closed 1m quantile slot
// is folded into the longer windows' histograms when the next one opens.
export const R_LAST_T = 0;
export const R_LAST_V = 1;
const R_FINE_END = 2;
export const R_COUNT = 3;
export const R_SUM = 4;
export const R_MIN = 5;
export const R_MAX = 6;
export const R_INC = 7;
/** The open fine slot's number. */
export const R_FINE = 8;
export const R_SPAN = 9;
export const R_FIRST = 10;
/** The 1m window's current quantile slot number: not yet folded into the longer windows. */
export const R_Q0 = 11;
export const recordStride = 16;
/** Int32 fields, indexed from id * intRecordStride. */
export const intRecordStride = recordStride * 2;
const I_OFFSET = 24;
const I_LO = 25;
const I_HI = 26;
const I_COLLAPSES = 27;
/** Offset in `hist` of the 1m window's current quantile slot. */
export const I_HIST = 28;
/** Bucket range touched in that slot since it opened (bounds the fold). */
const I_QMIN = 29;
const I_QMAX = 30;

// log2 by exponent + a table over the top 12 mantissa bits (relative error 2^-13, far below
// the 2% bucket width): several times cheaper than Math.log on the hot path.
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const hiWord = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const log2Mantissa = Float64Array.from({ length: 4096 }, (_, m) => Math.log2(1 + (m + 0.5) / 4096));
const keysPerOctave = Math.LN2 / lnBaseGamma;

/** The flat per-series state of every window (see window-layout.ts). Index by series id. */
export class WindowArrays {
  capacity = 0;
  meta = new Float64Array(0);
  /** The same buffer as `meta`, for the Int32 fields. */
  ints = new Int32Array(0);
  stats = new Float64Array(0);
  qslot = new Float64Array(0);
  hist = new Uint32Array(0);
  private scratch = new Uint32Array(bins);

  /** Makes room for ids below `n` (amortised O(1) per series: capacity doubles, up to `limit`). */
  reserve(n: number, limit: number): void {
    if (n <= this.capacity) return;
    const cap = Math.min(Math.max(n, this.capacity * 2, 16), Math.max(n, limit));
    const old = this.capacity;
    const grow = <T extends Float64Array | Uint32Array | Int32Array>(a: T, per: number, make: (len: number) => T): T => {
      const b = make(cap * per);
      b.set(a);
      return b;
    };
    this.meta = grow(this.meta, recordStride, (l) => new Float64Array(l));
    this.ints = new Int32Array(this.meta.buffer);
    this.stats = grow(this.stats, statsPerSeries, (l) => new Float64Array(l));
    this.qslot = grow(this.qslot, qslotsPerSeries, (l) => new Float64Array(l));
    this.hist = grow(this.hist, histPerSeries, (l) => new Uint32Array(l));
    this.capacity = cap;
    for (let id = old; id < cap; id++) this.clear(id);
  }

  /** Empties every window of a series (for a new series or a reused id). */
  clear(id: number): void {
    // Slot number -1 never matches a real slot; histograms are zeroed when their slot opens.
    this.stats.fill(-1, id * statsPerSeries, (id + 1) * statsPerSeries);
    this.qslot.fill(-1, id * qslotsPerSeries, (id + 1) * qslotsPerSeries);
    const m = id * recordStride;
    this.meta.fill(0, m, m + recordStride);
    this.meta[m + R_LAST_T] = -Infinity;
    this.meta[m + R_FINE_END] = -Infinity;
    this.meta[m + R_Q0] = -1;
    this.ints[id * intRecordStride + I_LO] = 1; // lo > hi: no positive value seen yet
  }

  lastT(id: number): number {
    return this.meta[id * recordStride + R_LAST_T]!;
  }

  lastV(id: number): number {
    return this.meta[id * recordStride + R_LAST_V]!;
  }

  /** Adds one finite sample with t > lastT (the caller checks). O(1) amortised, no allocation.
   * While samples stay in one fine slot (5 s) they only touch the pending accumulator and one
   * histogram bucket per window; the pending slot is folded into every window's stats ring
   * when a sample opens the next fine slot. */
  add(id: number, t: number, v: number): void {
    const meta = this.meta;
    const m = id * recordStride;
    const prevT = meta[m + R_LAST_T]!;
    const prevV = meta[m + R_LAST_V]!;
    const hasPrev = prevT !== -Infinity;
    // Counter semantics: a drop is a reset, after which the new value is the increase.
    const inc = hasPrev ? (v >= prevV ? v - prevV : v) : 0;
    const i = id * intRecordStride;
    const bucket = v <= tinyValue ? 0 : this.bucketOf(i, id, v);
    if (t >= meta[m + R_FINE_END]!) this.rollover(id, t);
    if (meta[m + R_COUNT] === 0) {
      meta[m + R_COUNT] = 1;
      meta[m + R_SUM] = v;
      meta[m + R_MIN] = v;
      meta[m + R_MAX] = v;
      meta[m + R_INC] = inc;
      meta[m + R_SPAN] = hasPrev ? prevT : t;
      meta[m + R_FIRST] = v;
    } else {
      meta[m + R_COUNT]! += 1;
      meta[m + R_SUM]! += v;
      if (v < meta[m + R_MIN]!) meta[m + R_MIN] = v;
      if (v > meta[m + R_MAX]!) meta[m + R_MAX] = v;
      meta[m + R_INC]! += inc;
    }
    const ints = this.ints;
    this.hist[ints[i + I_HIST]! + bucket]! += 1;
    if (bucket < ints[i + I_QMIN]!) ints[i + I_QMIN] = bucket;
    if (bucket > ints[i + I_QMAX]!) ints[i + I_QMAX] = bucket;
    meta[m + R_LAST_T] = t;
    meta[m + R_LAST_V] = v;
  }

  /** Folds the pending fine slot into each window's stats ring, opens the fine slot holding t,
   * and points each window's histogram at its quantile slot for t (resetting stale slots). */
  private rollover(id: number, t: number): void {
    const meta = this.meta;
    const stats = this.stats;
    const m = id * recordStride;
    if (meta[m + R_COUNT]! > 0) {
      const startT = meta[m + R_FINE]! * fineSlotMs;
      for (let l = 0; l < levels; l++) {
        const slot = Math.floor(startT / statSlotMs[l]!);
        const b = ((id * levels + l) * statRing + (slot % statRing)) * statFields;
        if (stats[b + F_SLOT] !== slot) {
          stats[b + F_SLOT] = slot;
          stats[b + F_COUNT] = meta[m + R_COUNT]!;
          stats[b + F_SUM] = meta[m + R_SUM]!;
          stats[b + F_MIN] = meta[m + R_MIN]!;
          stats[b + F_MAX] = meta[m + R_MAX]!;
          stats[b + F_INC] = meta[m + R_INC]!;
          stats[b + F_SPAN] = meta[m + R_SPAN]!;
          stats[b + F_FIRST] = meta[m + R_FIRST]!;
        } else {
          stats[b + F_COUNT]! += meta[m + R_COUNT]!;
          stats[b + F_SUM]! += meta[m + R_SUM]!;
          stats[b + F_MIN] = Math.min(stats[b + F_MIN]!, meta[m + R_MIN]!);
          stats[b + F_MAX] = Math.max(stats[b + F_MAX]!, meta[m + R_MAX]!);
          stats[b + F_INC]! += meta[m + R_INC]!;
        }
      }
    }
    const fine = Math.floor(t / fineSlotMs);
    meta[m + R_FINE] = fine;
    meta[m + R_COUNT] = 0;
    meta[m + R_FINE_END] = (fine + 1) * fineSlotMs;
    const q0 = Math.floor(t / quantileSlotMs[0]!);
    if (q0 !== meta[m + R_Q0]) this.openQuantileSlot(id, q0);
  }

  /** Folds the closing 1m quantile slot into the longer windows' histograms (resetting their
   * stale slots) and opens the 1m slot `q0`. */
  private openQuantileSlot(id: number, q0: number): void {
    const { hist, qslot, ints } = this;
    const i = id * intRecordStride;
    const m = id * recordStride;
    const closing = this.meta[m + R_Q0]!;
    if (closing >= 0) {
      const from = ints[i + I_HIST]!;
      const lo = ints[i + I_QMIN]!;
      const hi = ints[i + I_QMAX]!;
      const startT = closing * quantileSlotMs[0]!;
      for (let l = 1; l < levels; l++) {
        const qs = Math.floor(startT / quantileSlotMs[l]!);
        const qi = (id * levels + l) * quantileRing + (qs % quantileRing);
        const base = qi * histWidth;
        if (qslot[qi] !== qs) {
          qslot[qi] = qs;
          hist.fill(0, base, base + histWidth);
        }
        for (let j = lo; j <= hi; j++) hist[base + j]! += hist[from + j]!;
      }
    }
    const qi = id * levels * quantileRing + (q0 % quantileRing);
    const base = qi * histWidth;
    if (qslot[qi] !== q0) {
      qslot[qi] = q0;
      hist.fill(0, base, base + histWidth);
    }
    this.meta[m + R_Q0] = q0;
    ints[i + I_HIST] = base;
    ints[i + I_QMIN] = histWidth;
    ints[i + I_QMAX] = -1;
  }

  /** Histogram bucket of v > tinyValue: 1 + (key - offset). May re-lay out the series'
   * histograms (rare: bounded by how often its lifetime value range grows past the buckets). */
  private bucketOf(i: number, id: number, v: number): number {
    const ints = this.ints;
    f64[0] = v;
    const hi = u32[hiWord]!;
    const log2 = (hi >>> 20) - 1023 + log2Mantissa[(hi >>> 8) & 4095]!;
    const g = ints[i + I_COLLAPSES]!;
    const key = Math.floor(log2 * keysPerOctave) >> g;
    let lo = ints[i + I_LO]!;
    let khi = ints[i + I_HI]!;
    if (key >= lo && key <= khi) return 1 + key - ints[i + I_OFFSET]!;
    if (lo > khi) {
      lo = khi = key;
      ints[i + I_OFFSET] = key - (bins >> 1);
    } else if (key < lo) lo = key;
    else khi = key;
    ints[i + I_LO] = lo;
    ints[i + I_HI] = khi;
    const off = ints[i + I_OFFSET]!;
    if (key < off || key >= off + bins) this.relayout(i, id, lo, khi);
    return 1 + (key >> (ints[i + I_COLLAPSES]! - g)) - ints[i + I_OFFSET]!;
  }

  /** Moves (and if the range no longer fits, merges pairs of) buckets so keys lo..hi fit, centred. */
  private relayout(i: number, id: number, lo: number, hi: number): void {
    let shift = 0;
    while ((hi >> shift) - (lo >> shift) + 1 > bins) shift++;
    const nlo = lo >> shift;
    const nhi = hi >> shift;
    const off = this.ints[i + I_OFFSET]!;
    const noff = nlo - ((bins - (nhi - nlo + 1)) >> 1);
    const scratch = this.scratch;
    for (let q = 0; q < qslotsPerSeries; q++) {
      const hb = (id * qslotsPerSeries + q) * histWidth + 1;
      scratch.fill(0);
      for (let j = 0; j < bins; j++) {
        const c = this.hist[hb + j]!;
        if (c !== 0) scratch[((off + j) >> shift) - noff]! += c;
      }
      this.hist.set(scratch, hb);
    }
    this.ints[i + I_QMIN] = 0;
    this.ints[i + I_QMAX] = bins;
    this.ints[i + I_COLLAPSES] = this.ints[i + I_COLLAPSES]! + shift;
    this.ints[i + I_OFFSET] = noff;
    this.ints[i + I_LO] = nlo;
    this.ints[i + I_HI] = nhi;
  }

  /** Geometric midpoint of bucket b (>= 1) of a series: the estimate for values in it. */
  bucketValue(id: number, b: number): number {
    const i = id * intRecordStride;
    const lnGamma = lnBaseGamma * 2 ** this.ints[i + I_COLLAPSES]!;
    return Math.exp((this.ints[i + I_OFFSET]! + b - 1 + 0.5) * lnGamma);
  }
}
