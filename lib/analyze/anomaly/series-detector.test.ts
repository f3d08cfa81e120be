import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultAnomalyConfig as config } from "./anomaly-config";
import { createSeriesState, type SeriesState, stepSeries } from "./series-detector";

const minute = 60_000;
const day = 86_400_000;

/** mulberry32: a small seeded PRNG so the noise is the same on every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const gauss = (r: () => number) => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());

function feed(s: SeriesState, values: readonly number[], t0 = 0, step = 5 * minute): number[] {
  return values.map((v, i) => stepSeries(s, config, t0 + i * step, v));
}

describe("stepSeries", () => {
  it("emits 0 through warm-up, then scores", () => {
    const s = createSeriesState(config);
    const r = rng(1);
    const scores = feed(
      s,
      Array.from({ length: 400 }, () => 100 + gauss(r)),
    );
    expect(scores.slice(0, config.warmupSamples).every((x) => x === 0)).toBe(true);
    expect(s.status).toBe("scored");
  });

  it("stays quiet on stationary noise and flags a spike through the density detector", () => {
    const s = createSeriesState(config);
    const r = rng(2);
    const values = Array.from({ length: 3000 }, () => 50 + 2 * gauss(r));
    const scores = feed(s, values).slice(1000);
    expect(scores.filter((x) => x >= 0.5).length / scores.length).toBeLessThan(0.01);
    const spike = stepSeries(s, config, 3000 * 5 * minute, 90);
    expect(spike).toBeGreaterThan(0.6);
    expect(s.evidence.density).toBe(spike);
  });

  it("ignores NaN and infinities without touching the model", () => {
    const s = createSeriesState(config);
    feed(
      s,
      Array.from({ length: 200 }, (_, i) => i % 7),
    );
    const count = s.count;
    for (const v of [Number.NaN, Infinity, -Infinity]) {
      expect(stepSeries(s, config, 300 * 5 * minute, v)).toBe(0);
      expect(s.status).toBe("invalid");
    }
    expect(s.count).toBe(count);
    expect(stepSeries(s, config, 301 * 5 * minute, 3)).toBeLessThan(0.5);
  });

  it("returns the previous result for a duplicate or out-of-order timestamp", () => {
    const s = createSeriesState(config);
    feed(
      s,
      Array.from({ length: 200 }, (_, i) => i % 7),
    );
    const t = 200 * 5 * minute;
    const first = stepSeries(s, config, t, 1000);
    const count = s.count;
    expect(stepSeries(s, config, t, 3)).toBe(first);
    expect(s.status).toBe("duplicate");
    expect(stepSeries(s, config, t - minute, 3)).toBe(first);
    expect(s.count).toBe(count);
  });

  it("scores a constant series towards 0 and flags the first movement", () => {
    const s = createSeriesState(config);
    const scores = feed(s, new Array<number>(1000).fill(42));
    expect(scores.every((x) => x < 0.5)).toBe(true);
    expect(scores.slice(config.warmupSamples + 100).every((x) => x < 0.01)).toBe(true);
    expect(stepSeries(s, config, 1000 * 5 * minute, 43)).toBeGreaterThan(0.7);
  });

  it("treats a gap as no evidence: the values after it score as without it", () => {
    const r = rng(3);
    const before = Array.from({ length: 2000 }, () => 10 + gauss(r));
    const next = Array.from({ length: 50 }, () => 10 + gauss(r));
    const gap = createSeriesState(config);
    const steady = createSeriesState(config);
    feed(gap, before);
    feed(steady, before);
    const afterGap = feed(gap, next, 2000 * 5 * minute + 3 * day);
    const withoutGap = feed(steady, next, 2000 * 5 * minute);
    afterGap.forEach((x, i) => expect(Math.abs(x - (withoutGap[i] as number))).toBeLessThan(0.1));
  });

  it("flags a restart's level jump once, then learns the new level", () => {
    const s = createSeriesState(config);
    const r = rng(4);
    feed(
      s,
      Array.from({ length: 3000 }, () => 500 + 5 * gauss(r)),
    );
    const after = feed(
      s,
      Array.from({ length: 3 * 288 }, () => 20 + 5 * gauss(r)),
      3000 * 5 * minute,
    );
    expect(after[0]).toBeGreaterThan(0.9);
    const lastDay = after.slice(2 * 288);
    expect(lastDay.filter((x) => x >= 0.5).length / lastDay.length).toBeLessThan(0.02);
  });

  it("scores a counter by its rate: a reset is a restart, not an anomaly; a doubled rate is", () => {
    const s = createSeriesState(config);
    const r = rng(15);
    const step = 15_000;
    let total = 0;
    const tick = (i: number, perSecond: number) => {
      total += perSecond * 15 * (1 + 0.1 * gauss(r) ** 2);
      return stepSeries(s, config, i * step, total);
    };
    for (let i = 0; i < 2000; i++) tick(i, 100);
    expect(s.counter).toBe(true);
    total = 0;
    const afterReset = Array.from({ length: 50 }, (_, i) => tick(2000 + i, 100));
    expect(s.counterResets).toBe(1);
    expect(Math.max(...afterReset)).toBeLessThan(0.5);
    expect(tick(2050, 400)).toBeGreaterThan(0.5);
  });

  it("does not take a trending gauge for a counter", () => {
    const s = createSeriesState(config);
    const r = rng(16);
    feed(
      s,
      Array.from({ length: 300 }, (_, i) => i + 3 * gauss(r)),
    );
    expect(s.counter).toBe(false);
  });

  it("raises alarms at a similar, small rate on any steady distribution and scale", () => {
    const draws: Record<string, (r: () => number) => number> = {
      gaussian: (r) => gauss(r),
      uniform: (r) => r(),
      exponential: (r) => -Math.log(1 - r()),
      heavyTailed: (r) => gauss(r) / Math.max(0.05, Math.abs(gauss(r))),
    };
    for (const [name, draw] of Object.entries(draws)) {
      for (const [scale, offset] of [
        [1, 0],
        [1e-3, 5],
        [1e6, -1e7],
      ] as const) {
        const s = createSeriesState(config);
        const r = rng(name.length * 7919 + scale);
        const scores = feed(
          s,
          Array.from({ length: 5000 }, () => offset + scale * draw(r)),
        ).slice(1000);
        const rate = scores.filter((x) => x >= 0.5).length / scores.length;
        expect(rate, `${name} x${scale}`).toBeLessThan(0.01);
      }
    }
  });

  it("sees a value that is normal overall but wrong for its time of day", () => {
    const s = createSeriesState(config);
    const r = rng(5);
    const daily = (i: number) => 100 + 50 * Math.sin((2 * Math.PI * i) / 288) + gauss(r);
    feed(
      s,
      Array.from({ length: 288 * 20 }, (_, i) => daily(i)),
    );
    // 06:00 is the daily peak (150); 18:00 the trough: a peak value at 18:00.
    const t = 288 * 20 * 5 * minute + 18 * 3_600_000;
    stepSeries(s, config, t, 149);
    expect(s.evidence.seasonal).toBeGreaterThan(0.4);
    expect(s.evidence.seasonal).toBeGreaterThan(s.evidence.density);
  });

  it("sees a weekday that looks like a weekend through the weekly profile", () => {
    const s = createSeriesState(config);
    const r = rng(10);
    const hour = 3_600_000;
    // Hourly traffic: 1000 on weekdays, 200 at weekends (epoch day 0 is a Thursday).
    const level = (t: number) => ([2, 3].includes(Math.floor(t / day) % 7) ? 200 : 1000) + 20 * gauss(r);
    for (let i = 0; i < 24 * 7 * 8; i++) stepSeries(s, config, i * hour, level(i * hour));
    const monday = 24 * 7 * 8 * hour + 4 * day + 10 * hour;
    expect(Math.floor(monday / day) % 7).toBe(4);
    stepSeries(s, config, monday, 200);
    expect(s.evidence.seasonal).toBeGreaterThan(0.4);
    expect(s.evidence.density).toBeLessThan(0.1);
  });

  it("accumulates evidence of a small sustained shift in the change-point detector", () => {
    const s = createSeriesState(config);
    const r = rng(6);
    feed(
      s,
      Array.from({ length: 2000 }, () => gauss(r)),
    );
    const scores = feed(
      s,
      Array.from({ length: 40 }, () => 1.5 + gauss(r)),
      2000 * 5 * minute,
    );
    expect(Math.max(...scores)).toBeGreaterThan(0);
    expect(s.evidence.changePoint).toBeGreaterThan(0.2);
  });

  it("damps a repeat of the same alarm during the hold-off, not a stronger one", () => {
    const s = createSeriesState(config);
    const r = rng(8);
    feed(
      s,
      Array.from({ length: 1000 }, () => 10 + gauss(r)),
    );
    const t = 1000 * 5 * minute;
    const first = stepSeries(s, config, t, 30);
    expect(first).toBeGreaterThan(0.5);
    const repeat = stepSeries(s, config, t + 5 * minute, 30);
    expect(repeat).toBeLessThan(0.5);
    expect(stepSeries(s, config, t + 10 * minute, 300)).toBeGreaterThan(first);
  });

  it("sees spikes grow denser through the surprisal CUSUM when no spike is new", () => {
    const s = createSeriesState(config);
    const r = rng(9);
    const spiky = (p: number) => (r() < p ? 8 : 0) + gauss(r);
    feed(
      s,
      Array.from({ length: 4000 }, () => spiky(0.01)),
    );
    let crossing: { changePoint: number; density: number } | undefined;
    for (let i = 0; i < 300 && !crossing; i++) {
      stepSeries(s, config, (4000 + i) * 5 * minute, spiky(0.3));
      if (s.evidence.changePoint > 0.5) crossing = { ...s.evidence };
    }
    expect(crossing?.density).toBeLessThan(0.5);
  });

  it("keeps a JSON-serialisable state that resumes identically", () => {
    const s = createSeriesState(config);
    const r = rng(7);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    feed(
      s,
      Array.from({ length: 160 }, () => 3 + gauss(r)),
    );
    const copy = JSON.parse(JSON.stringify(s)) as SeriesState;
    const next = Array.from({ length: 200 }, () => 3 + 2 * gauss(r));
    expect(feed(copy, next, 1000 * 5 * minute)).toEqual(feed(s, next, 1000 * 5 * minute));
  });
});

describe("stepSeries on arbitrary input", () => {
  it("always returns a score in [0, 1) and keeps a finite, JSON-safe state", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: -5, max: 3_600_000 }),
            fc.oneof(
              fc.double({ noNaN: false }),
              fc.constantFrom(Number.NaN, Infinity, -Infinity, 0, 1e308, -1e308),
            ),
          ),
          { maxLength: 400 },
        ),
        (steps) => {
          const s = createSeriesState(config);
          let t = 0;
          for (const [dt, v] of steps) {
            t += dt;
            const score = stepSeries(s, config, t, v);
            expect(score).toBeGreaterThanOrEqual(0);
            expect(score).toBeLessThan(1);
          }
          expect(JSON.stringify(s)).not.toMatch(/null/);
        },
      ),
      { numRuns: 60 },
    );
  });
});
