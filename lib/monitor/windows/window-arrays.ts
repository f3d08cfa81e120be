import {
  bins,
  fineSlotMs,
  F_COUNT, F_FIRST, F_INC, F_MAX, F_MIN, F_SLOT, F_SPAN, F_SUM,
  histPerSeries, histWidth, levels, lnBaseGamma, qslotsPerSeries, quantileRing, quantileSlotMs,
  statFields, statRing, statSlotMs, statsPerSeries, tinyValue,
} from "./window-layout";

/** The flat per-series state of every window (see window-layout.ts). Index by series id. */
export class WindowArrays {
  capacity = 0;
  stats = new Float64Array(0);
  qslot = new Float64Array(0);
  hist = new Uint32Array(0);
  /** The open fine slot per series (stats-slot layout; F_SLOT holds the fine slot number). */
  pend = new Float64Array(0);
  fineEnd = new Float64Array(0);
  histBase = new Int32Array(0);
  lastT = new Float64Array(0);
  lastV = new Float64Array(0);
  /** Histogram bucket layout per series: collapses (g), key of bucket 1 (off), lifetime key range. */
  collapses = new Uint8Array(0);
  keyOffset = new Int32Array(0);
  keyLo = new Int32Array(0);
  keyHi = new Int32Array(0);
  private scratch = new Uint32Array(bins);

  /** Makes room for ids below `n` (amortised O(1) per series: capacity doubles). */
  reserve(n: number): void {
    if (n <= this.capacity) return;
    const cap = Math.max(n, this.capacity * 2, 16);
    const grow = <T extends Float64Array | Uint32Array | Int32Array | Uint8Array>(a: T, per: number, make: (len: number) => T): T => {
      const b = make(cap * per);
      b.set(a);
      return b;
    };
    const old = this.capacity;
    this.stats = grow(this.stats, statsPerSeries, (l) => new Float64Array(l));
    this.qslot = grow(this.qslot, qslotsPerSeries, (l) => new Float64Array(l));
    this.hist = grow(this.hist, histPerSeries, (l) => new Uint32Array(l));
    this.pend = grow(this.pend, statFields, (l) => new Float64Array(l));
    this.fineEnd = grow(this.fineEnd, 1, (l) => new Float64Array(l));
    this.histBase = grow(this.histBase, levels, (l) => new Int32Array(l));
    this.lastT = grow(this.lastT, 1, (l) => new Float64Array(l));
    this.lastV = grow(this.lastV, 1, (l) => new Float64Array(l));
    this.collapses = grow(this.collapses, 1, (l) => new Uint8Array(l));
    this.keyOffset = grow(this.keyOffset, 1, (l) => new Int32Array(l));
    this.keyLo = grow(this.keyLo, 1, (l) => new Int32Array(l));
    this.keyHi = grow(this.keyHi, 1, (l) => new Int32Array(l));
    // Slot number -1 never matches a real slot, so new series start with every slot empty.
    this.stats.fill(-1, old * statsPerSeries);
    this.qslot.fill(-1, old * qslotsPerSeries);
    this.lastT.fill(-Infinity, old);
    this.fineEnd.fill(-Infinity, old);
    this.keyLo.fill(1, old);
    this.keyHi.fill(0, old);
    this.capacity = cap;
  }

  /** Adds one finite sample with t > lastT[id] (the caller checks). O(1) amortised, no
   * allocation. While samples stay in the same fine slot (5 s) they only touch the pending
   * accumulator and one histogram bucket per window; the pending slot is folded into every
   * window's stats ring when a sample opens the next fine slot. */
  add(id: number, t: number, v: number): void {
    const prevT = this.lastT[id]!;
    const hasPrev = prevT !== -Infinity;
    const prevV = this.lastV[id]!;
    // Counter semantics: a drop is a reset, after which the new value is the increase.
    const inc = hasPrev ? (v >= prevV ? v - prevV : v) : 0;
    const bucket = this.bucketOf(id, v);
    if (t >= this.fineEnd[id]!) this.rollover(id, t);
    const pend = this.pend;
    const p = id * statFields;
    if (pend[p + F_COUNT] === 0) {
      pend[p + F_COUNT] = 1;
      pend[p + F_SUM] = v;
      pend[p + F_MIN] = v;
      pend[p + F_MAX] = v;
      pend[p + F_INC] = inc;
      pend[p + F_SPAN] = hasPrev ? prevT : t;
      pend[p + F_FIRST] = v;
    } else {
      pend[p + F_COUNT]! += 1;
      pend[p + F_SUM]! += v;
      if (v < pend[p + F_MIN]!) pend[p + F_MIN] = v;
      if (v > pend[p + F_MAX]!) pend[p + F_MAX] = v;
      pend[p + F_INC]! += inc;
    }
    const hist = this.hist;
    const hb = this.histBase;
    const h = id * levels;
    hist[hb[h]! + bucket]! += 1;
    hist[hb[h + 1]! + bucket]! += 1;
    hist[hb[h + 2]! + bucket]! += 1;
    hist[hb[h + 3]! + bucket]! += 1;
    hist[hb[h + 4]! + bucket]! += 1;
    this.lastT[id] = t;
    this.lastV[id] = v;
  }

  /** Folds the pending fine slot into each window's stats ring, opens the fine slot holding t,
   * and points each window's histogram at its quantile slot for t (resetting stale slots). */
  private rollover(id: number, t: number): void {
    const pend = this.pend;
    const stats = this.stats;
    const p = id * statFields;
    if (pend[p + F_COUNT]! > 0) {
      const startT = pend[p + F_SLOT]! * fineSlotMs;
      for (let l = 0; l < levels; l++) {
        const slot = Math.floor(startT / statSlotMs[l]!);
        const b = ((id * levels + l) * statRing + (slot % statRing)) * statFields;
        if (stats[b + F_SLOT] !== slot) {
          for (let f = 1; f < statFields; f++) stats[b + f] = pend[p + f]!;
          stats[b + F_SLOT] = slot;
        } else {
          stats[b + F_COUNT]! += pend[p + F_COUNT]!;
          stats[b + F_SUM]! += pend[p + F_SUM]!;
          stats[b + F_MIN] = Math.min(stats[b + F_MIN]!, pend[p + F_MIN]!);
          stats[b + F_MAX] = Math.max(stats[b + F_MAX]!, pend[p + F_MAX]!);
          stats[b + F_INC]! += pend[p + F_INC]!;
        }
      }
    }
    const fine = Math.floor(t / fineSlotMs);
    pend[p + F_SLOT] = fine;
    pend[p + F_COUNT] = 0;
    this.fineEnd[id] = (fine + 1) * fineSlotMs;
    for (let l = 0; l < levels; l++) {
      const qs = Math.floor(t / quantileSlotMs[l]!);
      const qi = (id * levels + l) * quantileRing + (qs % quantileRing);
      const base = qi * histWidth;
      if (this.qslot[qi] !== qs) {
        this.qslot[qi] = qs;
        this.hist.fill(0, base, base + histWidth);
      }
      this.histBase[id * levels + l] = base;
    }
  }

  /** Histogram bucket of v: 0 for v <= tinyValue, else 1 + (key - offset). May re-lay out the
   * series' histograms (rare: bounded by the number of doublings of its value range). */
  private bucketOf(id: number, v: number): number {
    if (v <= tinyValue) return 0;
    const g = this.collapses[id]!;
    const key = Math.floor(Math.log(v) / lnBaseGamma) >> g;
    let lo = this.keyLo[id]!;
    let hi = this.keyHi[id]!;
    if (lo > hi) {
      lo = hi = key;
      this.keyOffset[id] = key - (bins >> 1);
    } else if (key < lo) lo = key;
    else if (key > hi) hi = key;
    this.keyLo[id] = lo;
    this.keyHi[id] = hi;
    const off = this.keyOffset[id]!;
    if (key < off || key >= off + bins) this.relayout(id, lo, hi);
    return 1 + (key >> (this.collapses[id]! - g)) - this.keyOffset[id]!;
  }

  /** Moves (and if the range no longer fits, merges pairs of) buckets so keys lo..hi fit, centred. */
  private relayout(id: number, lo: number, hi: number): void {
    let shift = 0;
    while ((hi >> shift) - (lo >> shift) + 1 > bins) shift++;
    const nlo = lo >> shift;
    const nhi = hi >> shift;
    const off = this.keyOffset[id]!;
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
    this.collapses[id] = this.collapses[id]! + shift;
    this.keyOffset[id] = noff;
    this.keyLo[id] = nlo;
    this.keyHi[id] = nhi;
  }

  /** Geometric midpoint of bucket b (>= 1) of a series: the estimate for values in it. */
  bucketValue(id: number, b: number): number {
    const lnGamma = lnBaseGamma * 2 ** this.collapses[id]!;
    return Math.exp((this.keyOffset[id]! + b - 1 + 0.5) * lnGamma);
  }
}
