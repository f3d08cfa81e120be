import { describe, expect, it } from "vitest";
import { type CanaryMetricConfig, canaryMetricConfigSchema } from "./canary-schemas";
import { classifyMetric } from "./classify-metric";

const options = { confLevel: 0.95, tolerance: 0.1, method: "auto" as const };
const metric = (over: Partial<CanaryMetricConfig> = {}): CanaryMetricConfig =>
  canaryMetricConfigSchema.parse({ name: "m", ...over });

function normals(seed: number, n: number, mean: number, sd: number): number[] {
  let s = seed >>> 0;
  const uniform = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from(
    { length: n },
    () => mean + sd * Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform()),
  );
}

const baseline = normals(1, 30, 10, 2);
const sameAsBaseline = normals(2, 30, 10, 2);
const doubled = normals(3, 30, 20, 2);

describe("classifyMetric: shifts", () => {
  it("passes two draws of one distribution", () => {
    const r = classifyMetric(metric(), { experiment: sameAsBaseline, control: baseline }, options);
    expect(r.classification).toBe("Pass");
    expect(r.failed).toBe(false);
    expect(r.ciLow!).toBeLessThan(r.ciHigh!);
    expect(r.reasons[0]).toMatch(/no significant shift/);
  });

  it("flags a higher canary, and a lower one", () => {
    const high = classifyMetric(metric(), { experiment: doubled, control: baseline }, options);
    expect(high).toMatchObject({ classification: "High", failed: true, critical: false, method: "exact" });
    expect(high.estimate!).toBeGreaterThan(8);
    expect(high.effectSize.value!).toBeGreaterThan(1.8);
    const low = classifyMetric(metric(), { experiment: baseline, control: doubled }, options);
    expect(low.classification).toBe("Low");
  });

  it("ignores the direction the metric does not care about", () => {
    const upOnly = classifyMetric(
      metric({ direction: "increase" }),
      { experiment: baseline, control: doubled },
      options,
    );
    expect(upOnly.classification).toBe("Pass");
    expect(upOnly.reasons[0]).toMatch(/only increases fail/);
    const downOnly = classifyMetric(
      metric({ direction: "decrease" }),
      { experiment: doubled, control: baseline },
      options,
    );
    expect(downOnly.classification).toBe("Pass");
    expect(metric({ direction: "decrease" }).direction).toBe("decrease");
  });

  it("lets an effect within the allowed increase pass (mean ratio 23.6 / 1.96 = 12.0)", () => {
    const data = { experiment: [20, 22, 21, 25, 30], control: [1, 2.2, 1.1, 2.5, 3] };
    expect(classifyMetric(metric(), data, options).classification).toBe("High");
    const lenient = classifyMetric(
      metric({ effectSize: { measure: "meanRatio", allowedIncrease: 13 } }),
      data,
      options,
    );
    expect(lenient.classification).toBe("Pass");
    expect(lenient.effectSize.value).toBeCloseTo(23.6 / 1.96, 10);
    expect(lenient.reasons[0]).toMatch(/within the allowed increase 13/);
  });

  it("measures the common-language effect size: every canary point above every baseline point is 1", () => {
    const data = { experiment: [20, 22, 21, 25, 30], control: [1, 2.2, 1.1, 2.5, 3] };
    const r = classifyMetric(
      metric({ effectSize: { measure: "cles", allowedIncrease: 0.8 } }),
      data,
      options,
    );
    expect(r).toMatchObject({ classification: "High", effectSize: { measure: "cles", value: 1 } });
  });
});

describe("classifyMetric: critical metrics", () => {
  const data = { experiment: [20, 22, 21, 25, 30], control: [1, 2.2, 1.1, 2.5, 3] };
  it("a critical failure fails the canary", () => {
    const r = classifyMetric(metric({ critical: true }), data, options);
    expect(r).toMatchObject({ classification: "High", critical: true });
  });
  it("below the critical effect it is an ordinary failure", () => {
    const r = classifyMetric(
      metric({ critical: true, effectSize: { measure: "meanRatio", criticalIncrease: 13 } }),
      data,
      options,
    );
    expect(r).toMatchObject({ classification: "High", critical: false, failed: true });
  });
  it("a critical metric without data fails the canary", () => {
    const r = classifyMetric(metric({ critical: true }), { experiment: [], control: [1, 2] }, options);
    expect(r).toMatchObject({ classification: "NoData", critical: true, failed: true });
  });
});

describe("classifyMetric: degenerate samples", () => {
  const cls = (experiment: number[], control: number[], over: Partial<CanaryMetricConfig> = {}) =>
    classifyMetric(metric(over), { experiment, control }, options);

  it("all observations tied: pass", () => expect(cls([1, 1, 1], [1, 1]).classification).toBe("Pass"));
  it("the same values in another order: pass", () => {
    const r = cls([1, 2, 3, 4, 5], [5, 4, 3, 2, 1]);
    expect(r.classification).toBe("Pass");
    expect(r.reasons[0]).toMatch(/identical/);
  });
  it("one odd point in a tied sample: pass", () => {
    expect(cls([0, 1, 1, 1, 1], [1, 1, 1, 1, 1], { direction: "decrease" }).classification).toBe("Pass");
    expect(cls([1, 1, 1, 1, 10], [1, 1, 1, 1, 1]).classification).toBe("Pass");
  });
  it("two constant samples apart: the shift is exact", () => {
    const r = cls([10, 10, 10, 10, 10], [1, 1, 1, 1, 1]);
    expect(r).toMatchObject({ classification: "High", estimate: 9, ciLow: 9, ciHigh: 9 });
  });
  it("a zero baseline mean leaves the mean ratio undefined and cannot excuse the shift", () => {
    const up = cls([54.9, 54.5, 55.1, 55.6, 57.4], [0, 0, 0, 0, 0], {
      effectSize: { measure: "meanRatio", allowedIncrease: 1.2 },
    });
    expect(up).toMatchObject({ classification: "High", effectSize: { value: null } });
    const down = cls([0, 0, 0, 0, 0], [54.9, 54.5, 55.1, 55.6, 57.4], {
      effectSize: { measure: "meanRatio", allowedDecrease: 0.8 },
    });
    expect(down.classification).toBe("Low");
  });
  it("all zeros on both sides: pass with a neutral effect", () => {
    expect(cls([0, 0, 0], [0, 0, 0])).toMatchObject({ classification: "Pass", effectSize: { value: 1 } });
  });
});

describe("classifyMetric: missing data never passes silently", () => {
  it("an empty side is NoData, unscored unless the metric must have data", () => {
    const r = classifyMetric(metric(), { experiment: [], control: [1, 2, 3] }, options);
    expect(r).toMatchObject({ classification: "NoData", failed: false, critical: false });
    expect(r.reasons[0]).toBe("no data for the canary");
    const must = classifyMetric(metric({ mustHaveData: true }), { experiment: [1], control: [] }, options);
    expect(must).toMatchObject({ classification: "NoData", failed: true });
    expect(must.reasons[0]).toBe("no data for the baseline");
  });
  it("a metric absent from the input is NoData on both sides", () => {
    expect(classifyMetric(metric(), undefined, options).reasons[0]).toBe(
      "no data for the canary and baseline",
    );
  });
  it("all-NaN is no data even when NaN means zero", () => {
    const r = classifyMetric(
      metric({ nanStrategy: "replace" }),
      { experiment: [Number.NaN, null], control: [0, 1] },
      options,
    );
    expect(r.classification).toBe("NoData");
    expect(r.experiment.missing).toBe(2);
  });
  it("gaps are dropped or read as zero", () => {
    const data = { experiment: [1, Number.NaN, 2, null, Number.POSITIVE_INFINITY], control: [1, 2, 3] };
    expect(classifyMetric(metric(), data, options).experiment).toMatchObject({ count: 2, missing: 3 });
    expect(classifyMetric(metric({ nanStrategy: "replace" }), data, options).experiment).toMatchObject({
      count: 5,
      min: 0,
    });
  });
});

describe("classifyMetric: outliers", () => {
  it("removes a far-out spike only when asked", () => {
    const control = [...baseline, 1000];
    const kept = classifyMetric(metric(), { experiment: sameAsBaseline, control }, options);
    expect(kept.control.outliersRemoved).toBe(0);
    const removed = classifyMetric(
      metric({ outliers: { strategy: "remove", factor: 3 } }),
      { experiment: sameAsBaseline, control },
      options,
    );
    expect(removed.control).toMatchObject({ outliersRemoved: 1, count: 30 });
    expect(removed.control.max!).toBeLessThan(100);
  });
});
