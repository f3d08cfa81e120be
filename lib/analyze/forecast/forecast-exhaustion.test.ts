import { describe, expect, it } from "vitest";
import {
  type ExhaustionConfigInput,
  type ExhaustionState,
  exhaustionConfigSchema,
} from "./exhaustion-schemas";
import { forecastExhaustion, forecastSeries } from "./forecast-exhaustion";
import { allBuckets, initialExhaustionState, resetExhaustion, updateExhaustion } from "./update-exhaustion";

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;
const HOUR = 60 * MIN;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Run = {
  firstWarning: number | null;
  crossing: number | null;
  forecasts: ReturnType<typeof forecastExhaustion>[];
  state: ExhaustionState;
};

/** Streams f(elapsed ms) every stepMs for `hours` (or until the first sample at the limit),
 * forecasting every forecastEveryMs. */
function stream(
  f: (elapsed: number) => number,
  hours: number,
  opts: { stepMs?: number; forecastEveryMs?: number; config?: ExhaustionConfigInput } = {},
): Run {
  const cfg = exhaustionConfigSchema.parse(opts.config ?? {});
  const step = opts.stepMs ?? 30_000;
  const every = opts.forecastEveryMs ?? 5 * MIN;
  let state = initialExhaustionState();
  let firstWarning: number | null = null;
  let crossing: number | null = null;
  const forecasts = [];
  for (let elapsed = 0; elapsed <= hours * HOUR; elapsed += step) {
    const t = T0 + elapsed;
    const v = f(elapsed);
    state = updateExhaustion(state, { t, v }, cfg);
    if (v >= cfg.limit) {
      crossing = t;
      break;
    }
    if (elapsed % every === 0) {
      const fc = forecastExhaustion(state, t, cfg);
      forecasts.push(fc);
      if (fc.warning && firstWarning === null) firstWarning = t;
    }
  }
  return { firstWarning, crossing, forecasts, state };
}

const noisy = (seed: number, amplitude: number) => {
  const u = rng(seed);
  return () => (u() + u() + u() - 1.5) * amplitude;
};

describe("forecastExhaustion: a linear leak", () => {
  it("brackets the true crossing an hour ahead and warns with more than 30 minutes to spare", () => {
    let covered = 0;
    const seeds = 20;
    for (let seed = 1; seed <= seeds; seed++) {
      const u = rng(1000 + seed);
      const rate = 0.1 + 0.3 * u(); // fraction per hour
      const start = 0.2 + 0.2 * u();
      const noise = noisy(seed, 0.04);
      const f = (e: number) => start + (rate * e) / HOUR + noise();
      const run = stream(f, 12);
      expect(run.crossing).not.toBeNull();
      const crossing = run.crossing!;
      const hourBefore = run.forecasts.find((fc) => crossing - fc.now <= HOUR)!;
      expect(hourBefore.status).toBe("exhausting");
      expect(hourBefore.etaEarliest!).toBeLessThanOrEqual(hourBefore.eta!);
      expect(hourBefore.eta!).toBeLessThanOrEqual(hourBefore.etaLatest!);
      if (hourBefore.etaEarliest! <= crossing && crossing <= hourBefore.etaLatest!) covered++;
      expect(Math.abs(hourBefore.eta! - crossing)).toBeLessThan(20 * MIN);
      expect(run.firstWarning).not.toBeNull();
      expect(crossing - run.firstWarning!).toBeGreaterThan(30 * MIN);
    }
    expect(covered / seeds).toBeGreaterThanOrEqual(0.9);
  }, 30_000);

  it("reports the slope per hour and says when", () => {
    const noise = noisy(7, 0.02);
    const run = stream((e) => 0.3 + (0.2 * e) / HOUR + noise(), 2);
    const last = run.forecasts[run.forecasts.length - 1]!;
    expect(last.slopePerHour!).toBeCloseTo(0.2, 2);
    expect(last.slopePerHourLow!).toBeLessThan(0.2);
    expect(last.slopePerHourHigh!).toBeGreaterThan(0.2);
    expect(last.reasons[0]).toMatch(/limit 1\.00 reached in ~8\d min/);
  });
});

describe("forecastExhaustion: series that are not exhausting", () => {
  it("flat, even close to the limit: no warning", () => {
    for (const level of [0.5, 0.9]) {
      for (let seed = 1; seed <= 5; seed++) {
        const noise = noisy(seed, 0.04);
        const run = stream(() => level + noise(), 6);
        expect(run.firstWarning).toBeNull();
        expect(run.forecasts.at(-1)?.status).toBe("not-exhausting");
      }
    }
  }, 30_000);

  it("decreasing: no warning", () => {
    const noise = noisy(4, 0.04);
    const run = stream((e) => 0.95 - (0.05 * e) / HOUR + noise(), 6);
    expect(run.firstWarning).toBeNull();
    expect(run.forecasts.at(-1)).toMatchObject({ status: "not-exhausting", eta: null, etaLatest: null });
  });

  it("a GC sawtooth faster than a bucket without a leak: no warning", () => {
    const noise = noisy(5, 0.02);
    const run = stream((e) => 0.5 + 0.3 * ((e / 20_000) % 1) + noise(), 6, { stepMs: 5_000 });
    expect(run.firstWarning).toBeNull();
  });

  it("a slow GC sawtooth without a leak: no warning once a cycle has been seen", () => {
    const noise = noisy(6, 0.02);
    const run = stream((e) => 0.5 + 0.3 * ((e / (10 * MIN)) % 1) + noise(), 6);
    const late = run.forecasts.filter((fc) => fc.now - T0 >= 20 * MIN);
    expect(late.some((fc) => fc.warning)).toBe(false);
  });
});

describe("forecastExhaustion: sawtooth with a leak", () => {
  it("sees the leak under the GC sawtooth and warns before the peaks hit the limit", () => {
    const noise = noisy(8, 0.02);
    const run = stream((e) => 0.3 + (0.15 * e) / HOUR + 0.2 * ((e / 20_000) % 1) + noise(), 8, {
      stepMs: 5_000,
    });
    expect(run.crossing).not.toBeNull();
    expect(run.crossing! - run.firstWarning!).toBeGreaterThan(30 * MIN);
    expect(run.forecasts.at(-1)?.slopePerHour).toBeCloseTo(0.15, 2);
  });
});

describe("restarts", () => {
  const leakThenRestart = (e: number): number =>
    e < 2 * HOUR ? 0.3 + (0.3 * e) / HOUR : 0.3 + (0.01 * (e - 2 * HOUR)) / HOUR;

  it("a restart that does not recover starts a new segment and clears the warning", () => {
    const noise = noisy(9, 0.02);
    const run = stream((e) => leakThenRestart(e) + noise(), 4);
    const before = run.forecasts.filter((fc) => fc.now < T0 + 2 * HOUR);
    expect(before.at(-1)?.warning).toBe(true);
    const justAfter = run.forecasts.find((fc) => fc.now >= T0 + 2 * HOUR + 5 * MIN)!;
    expect(justAfter.status).toBe("insufficient-data");
    expect(justAfter.reasons[0]).toMatch(/restarted recently/);
    const later = run.forecasts.filter((fc) => fc.now >= T0 + 2.5 * HOUR);
    expect(later.some((fc) => fc.warning)).toBe(false);
    expect(allBuckets(run.state).every((b) => b.t >= T0 + 2 * HOUR - MIN)).toBe(true);
  });

  it("a dip that recovers does not split the series", () => {
    const noise = noisy(10, 0.01);
    const dip = (e: number) => 0.5 + (0.05 * e) / HOUR - (e >= HOUR && e < HOUR + 3 * MIN ? 0.3 : 0);
    const run = stream((e) => dip(e) + noise(), 2);
    expect(run.state.segmentStart).toBeNull();
    expect(run.state.pendingRestart).toBeNull();
    expect(allBuckets(run.state).length).toBe(121);
  });

  it("an explicit reset forgets the old life at once", () => {
    const cfg = exhaustionConfigSchema.parse({});
    let state = initialExhaustionState();
    for (let e = 0; e < HOUR; e += 30_000)
      state = updateExhaustion(state, { t: T0 + e, v: 0.3 + (0.5 * e) / HOUR }, cfg);
    state = resetExhaustion(state, T0 + HOUR);
    expect(allBuckets(state)).toEqual([]);
    expect(forecastExhaustion(state, T0 + HOUR, cfg).status).toBe("insufficient-data");
  });
});

describe("streaming state", () => {
  const cfg = exhaustionConfigSchema.parse({ maxBuckets: 30 });

  it("keeps a bounded window", () => {
    const run = stream((e) => 0.4 + 0.01 * Math.sin(e / HOUR), 10, { config: { maxBuckets: 30 } });
    expect(allBuckets(run.state).length).toBe(30);
  });

  it("rejects NaN, infinities and samples older than the open bucket, without mutating its input", () => {
    let state = initialExhaustionState();
    state = updateExhaustion(state, { t: T0 + 5 * MIN, v: 0.5 }, cfg);
    const frozen = Object.freeze({ ...state, open: Object.freeze({ ...state.open! }) }) as ExhaustionState;
    state = updateExhaustion(frozen, { t: T0 + 6 * MIN, v: Number.NaN }, cfg);
    state = updateExhaustion(state, { t: T0 + 6 * MIN, v: Number.POSITIVE_INFINITY }, cfg);
    state = updateExhaustion(state, { t: T0 + MIN, v: 0.4 }, cfg);
    expect(state.rejected).toBe(3);
    expect(frozen.open?.count).toBe(1);
  });

  it("folds duplicate timestamps into one bucket", () => {
    let state = initialExhaustionState();
    for (const v of [0.2, 0.4, 0.6]) state = updateExhaustion(state, { t: T0, v }, cfg);
    expect(allBuckets(state)).toEqual([{ t: T0, tOffsetSum: 0, sum: 0.2 + 0.4 + 0.6, count: 3, max: 0.6 }]);
  });
});

describe("edges", () => {
  it("too little data says so and does not warn", () => {
    const fc = forecastSeries([{ t: T0, v: 0.5 }], T0);
    expect(fc).toMatchObject({ status: "insufficient-data", warning: false });
    expect(forecastSeries([], T0).level).toBeNull();
  });

  it("at the limit it is exhausted and warns", () => {
    const fc = forecastSeries(
      [
        { t: T0, v: 0.99 },
        { t: T0 + MIN, v: 1 },
      ],
      T0 + MIN,
    );
    expect(fc).toMatchObject({ status: "exhausted", warning: true, eta: T0 + MIN });
  });

  it("honours another limit (a disk of 500 GB)", () => {
    const samples = Array.from({ length: 120 }, (_, i) => ({ t: T0 + i * MIN, v: 300 + i }));
    const fc = forecastSeries(samples, T0 + 119 * MIN, { limit: 500 });
    expect(fc.status).toBe("exhausting");
    expect((fc.eta! - (T0 + 119 * MIN)) / MIN).toBeCloseTo(81, 0);
  });
});
