import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { recordStatus, SeriesStore } from "./series-store";

const t0 = Date.UTC(2026, 0, 14, 12, 0, 0);
const sec = 1000;

function storeWith(values: number[], stepMs = sec) {
  const store = new SeriesStore({ maxSeries: 10 });
  const id = store.ensure("api", "latency_p99");
  values.forEach((v, i) => expect(store.record(id, t0 + i * stepMs, v)).toBe(recordStatus.accepted));
  return { store, id, end: t0 + (values.length - 1) * stepMs };
}

describe("window statistics", () => {
  it("gives count, mean, min, max and last over the window", () => {
    const { store, id, end } = storeWith([3, 1, 4, 1, 5, 9, 2, 6]);
    expect(store.summary(id, "1m", end)).toMatchObject({ count: 8, mean: 31 / 8, min: 1, max: 9, last: 6, lastT: end, delta: 3 });
  });

  it("estimates quantiles within the bucket error", () => {
    const values = Array.from({ length: 1000 }, (_, i) => i + 1);
    const { store, id, end } = storeWith(values, 10);
    const s = store.summary(id, "1m", end)!;
    expect(s.p50 / 501).toBeGreaterThan(0.95);
    expect(s.p50 / 501).toBeLessThan(1.05);
    expect(s.p99 / 991).toBeGreaterThan(0.95);
    expect(s.p99).toBeLessThanOrEqual(1000);
    expect(store.quantile(id, "1m", 0, end)).toBe(1);
    expect(store.quantile(id, "1m", 1, end)).toBe(1000);
  });

  it("is exact for a constant series and handles zeros and negatives", () => {
    expect(storeWith([7, 7, 7, 7]).store.summary(0, "1m", t0 + 3 * sec)).toMatchObject({ p50: 7, p99: 7 });
    const { store, id, end } = storeWith([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(store.summary(id, "1m", end)).toMatchObject({ p50: 0, p95: 1, min: 0 });
    const neg = storeWith([-4, -2, 0, 2]);
    const s = neg.store.summary(neg.id, "1m", neg.end)!;
    expect(s.min).toBe(-4);
    expect(s.p50).toBeLessThanOrEqual(0);
    expect(s.p50).toBeGreaterThanOrEqual(-4);
  });

  it("stays within [min, max] over nine decades", () => {
    const values = Array.from({ length: 500 }, (_, i) => 10 ** (-3 + (9 * ((i * 7919) % 500)) / 500));
    const { store, id, end } = storeWith(values, 10);
    const s = store.summary(id, "1m", end)!;
    expect(s.min).toBe(0.001);
    expect(s.p50).toBeGreaterThan(10 ** 1.5 / 2);
    expect(s.p50).toBeLessThan(10 ** 1.5 * 2);
    expect(s.p99).toBeLessThanOrEqual(s.max);
  });

  it("keeps relative error under 9% over values spanning four decades", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 1, maxLength: 300 }), fc.double({ min: 0, max: 1, noNaN: true }), (logs, q) => {
        const values = logs.map((x) => 10 ** x);
        const { store, id, end } = storeWith(values, 10);
        const sorted = [...values].sort((a, b) => a - b);
        const exact = sorted[Math.min(values.length - 1, Math.floor(q * values.length))]!;
        const est = store.quantile(id, "1m", q, end)!;
        expect(Math.abs(est / exact - 1)).toBeLessThan(0.09);
      }),
      { numRuns: 200 },
    );
  });
});

describe("longer windows", () => {
  it("agree with the exact statistics once closed slots have been folded in", () => {
    const values = Array.from({ length: 900 }, (_, i) => 1 + ((i * 37) % 100));
    const { store, id, end } = storeWith(values);
    for (const w of ["5m", "15m", "1h", "24h"] as const) {
      const s = store.summary(id, w, end)!;
      const inWindow = w === "5m" ? s.count : 900;
      expect(s.count).toBeGreaterThanOrEqual(w === "5m" ? 300 : 900);
      expect(s.count).toBe(inWindow);
      expect(s.p50 / 50.5).toBeGreaterThan(0.95);
      expect(s.p50 / 50.5).toBeLessThan(1.05);
      expect(s.p99 / 99).toBeGreaterThan(0.95);
    }
    expect(store.summary(id, "1m", end)!.count).toBeLessThanOrEqual(65);
  });
});

describe("invariants", () => {
  it("matches exact count, mean, min and max for interleaved series inside the 24h window", () => {
    const step = fc.record({ series: fc.integer({ min: 0, max: 2 }), dt: fc.integer({ min: 0, max: 30_000 }), v: fc.double({ min: -1e6, max: 1e6, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 400 }), (steps) => {
        const store = new SeriesStore({ maxSeries: 3 });
        const kept: number[][] = [[], [], []];
        let t = t0;
        for (const st of steps) {
          t += st.dt;
          const status = store.recordSample({ service: "s", metric: `m${st.series}`, t, v: st.v });
          if (status === recordStatus.accepted) kept[st.series]!.push(st.v);
        }
        kept.forEach((vs, k) => {
          const id = store.idOf("s", `m${k}`);
          const sum = store.summary(id, "24h", t);
          if (vs.length === 0) return expect(sum).toBeNull();
          expect(sum!.count).toBe(vs.length);
          expect(sum!.min).toBe(Math.min(...vs));
          expect(sum!.max).toBe(Math.max(...vs));
          expect(sum!.mean).toBeCloseTo(vs.reduce((a, b) => a + b, 0) / vs.length, 3);
          expect(sum!.p50).toBeGreaterThanOrEqual(sum!.min);
          expect(sum!.p50).toBeLessThanOrEqual(sum!.max);
        });
      }),
      { numRuns: 100 },
    );
  });
});

describe("rates", () => {
  it("gives a counter's per-second rate and survives a counter reset", () => {
    const { store, id, end } = storeWith([100, 110, 120, 130, 140]);
    expect(store.summary(id, "1m", end)?.rate).toBeCloseTo(10, 9);
    expect(store.record(id, end + sec, 5)).toBe(recordStatus.accepted); // restarted process: 0 -> 5
    expect(store.summary(id, "1m", end + sec)?.rate).toBeCloseTo(45 / 5, 9);
  });

  it("needs two samples for a rate", () => {
    expect(storeWith([5]).store.summary(0, "1m", t0)?.rate).toBeNull();
  });
});

describe("time policy", () => {
  it("ignores duplicate timestamps and refuses out-of-order samples without touching the windows", () => {
    const { store, id, end } = storeWith([1, 2, 3]);
    const before = store.summary(id, "1m", end);
    expect(store.record(id, end, 99)).toBe(recordStatus.duplicate);
    expect(store.record(id, end - sec, 99)).toBe(recordStatus.outOfOrder);
    expect(store.summary(id, "1m", end)).toEqual(before);
  });

  it("refuses NaN, Infinity and bad times", () => {
    const { store, id, end } = storeWith([1]);
    for (const [t, v] of [[end + 1, NaN], [end + 2, Infinity], [end + 3, -Infinity], [NaN, 1], [-5, 1]] as const) {
      expect(store.record(id, t, v)).toBe(recordStatus.invalid);
    }
    expect(store.summary(id, "1m", end)).toMatchObject({ count: 1, max: 1 });
  });

  it("expires samples from each window after the window (plus at most one slot)", () => {
    const { store, id } = storeWith([42]);
    expect(store.summary(id, "1m", t0 + 59 * sec)?.count).toBe(1);
    expect(store.summary(id, "1m", t0 + 66 * sec)).toBeNull();
    expect(store.summary(id, "5m", t0 + 66 * sec)?.max).toBe(42);
    expect(store.summary(id, "1h", t0 + 3_900 * sec)).toBeNull();
    expect(store.summary(id, "24h", t0 + 3_900 * sec)?.count).toBe(1);
  });

  it("handles gaps: old slots are reused cleanly and the rate spans the gap", () => {
    const { store, id } = storeWith([0, 60]);
    const later = t0 + 2 * 3_600_000;
    expect(store.record(id, later, 7260)).toBe(recordStatus.accepted);
    expect(store.summary(id, "1m", later)).toMatchObject({ count: 1, min: 7260, max: 7260, p50: 7260 });
    expect(store.summary(id, "1m", later)?.rate).toBeCloseTo(7200 / 7199, 9);
    expect(store.summary(id, "24h", later)).toMatchObject({ count: 3, min: 0, max: 7260 });
  });
});

describe("series cap", () => {
  it("refuses new series past the cap and reports it up front", () => {
    const store = new SeriesStore({ maxSeries: 2 });
    expect(store.ensure("a", "m")).toBe(0);
    expect(store.ensure("b", "m")).toBe(1);
    expect(store.ensure("c", "m")).toBe(-1);
    expect(store.ensure("a", "m")).toBe(0);
    expect(store.recordSample({ service: "c", metric: "m", t: t0, v: 1 })).toBe(recordStatus.overCap);
    expect(store.wouldExceed(1)).toBe(true);
  });

  it("ingests a batch all-or-nothing on the cap", () => {
    const store = new SeriesStore({ maxSeries: 3 });
    store.ensure("a", "m");
    const batch = [
      { service: "a", metric: "m", t: t0, v: 1 },
      { service: "b", metric: "m", t: t0, v: 1 },
      { service: "c", metric: "m", t: t0, v: 1 },
      { service: "d", metric: "m", t: t0, v: 1 },
    ];
    expect(store.countNew(batch)).toBe(3);
    expect(store.ingest(batch)).toEqual({ ok: false, reason: "too_many_series", newSeries: 3, available: 2 });
    expect(store.size).toBe(1);
    expect(store.summary(0, "1m", t0)).toBeNull();
    expect(store.ingest(batch.slice(0, 3))).toEqual({ ok: true, accepted: 3, newSeries: 2, duplicate: 0, outOfOrder: 0, invalid: 0 });
  });

  it("evicts idle series, freeing room under the cap and reusing ids with empty windows", () => {
    const store = new SeriesStore({ maxSeries: 2 });
    store.recordSample({ service: "a", metric: "m", t: t0, v: 5 });
    store.recordSample({ service: "b", metric: "m", t: t0 + 3_600_000, v: 6 });
    expect(store.ensure("c", "m")).toBe(-1);
    expect(store.evictIdle(t0 + 3_600_000, 1_800_000)).toBe(1);
    expect(store.size).toBe(1);
    expect(store.idOf("a", "m")).toBe(-1);
    const c = store.ensure("c", "m");
    expect(c).toBe(0);
    expect(store.summary(c, "24h", t0 + 3_600_000)).toBeNull();
    expect(store.record(c, t0 + 10, 1)).toBe(recordStatus.accepted);
    expect(store.summary(c, "24h", t0 + 3_600_000)).toMatchObject({ count: 1, max: 1 });
    expect(store.entries().map((e) => e.key.service)).toEqual(["c", "b"]);
  });

  it("checks a batch without changing anything, in batch order", () => {
    const store = new SeriesStore({ maxSeries: 5 });
    store.recordSample({ service: "a", metric: "m", t: t0, v: 1 });
    const check = store.checkBatch([
      { service: "a", metric: "m", t: t0 + 1, v: 1 },
      { service: "a", metric: "m", t: t0 + 1, v: 2 },
      { service: "a", metric: "m", t: t0 - 5, v: 2 },
      { service: "n", metric: "m", t: t0, v: NaN },
    ]);
    expect(check).toEqual({
      newSeries: 1,
      wouldExceedCap: false,
      problems: [{ index: 1, reason: "duplicate" }, { index: 2, reason: "out_of_order" }, { index: 3, reason: "invalid" }],
    });
    expect(store.size).toBe(1);
    expect(store.last(0)).toEqual({ t: t0, v: 1 });
  });
});
