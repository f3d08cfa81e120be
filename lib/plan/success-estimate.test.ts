import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { betaCdf } from "./beta-distribution";
import { estimateSuccess, priorFromMean } from "./success-estimate";

describe("estimateSuccess", () => {
  it("is uniform with no data: mean 0.5, interval 0.05..0.95", () => {
    const e = estimateSuccess();
    expect(e.mean).toBe(0.5);
    expect(e.low).toBeCloseTo(0.05, 6);
    expect(e.high).toBeCloseTo(0.95, 6);
    expect(e.observations).toBe(0);
  });

  it("matches known Beta quantiles (Beta(9, 3): 5% ≈ 0.5299, 95% ≈ 0.9212, per scipy.stats.beta.ppf)", () => {
    const e = estimateSuccess({ successes: 8, failures: 2 });
    expect(e.mean).toBeCloseTo(9 / 12, 10);
    expect(e.low).toBeCloseTo(0.5299, 3);
    expect(e.high).toBeCloseTo(0.9212, 3);
  });

  it("Beta(2, 1) has the closed-form CDF x²", () => {
    for (const x of [0.1, 0.3, 0.5, 0.9]) expect(betaCdf(x, 2, 1)).toBeCloseTo(x * x, 10);
  });

  it("uses the prior's pseudo-counts", () => {
    expect(estimateSuccess(undefined, priorFromMean(0.8, 10)).mean).toBeCloseTo(0.8, 10);
  });

  it("counts only real observations, whatever the prior", () => {
    const fromData = estimateSuccess({ successes: 1, failures: 0 });
    const fromPrior = estimateSuccess(undefined, { alpha: 2, beta: 1 });
    expect(fromData).toEqual({ ...fromPrior, observations: 1 });
    expect(fromPrior.observations).toBe(0);
  });

  it("interval contains the mean and narrows with more evidence", () => {
    fc.assert(
      fc.property(fc.nat(200), fc.nat(200), (s, f) => {
        const e = estimateSuccess({ successes: s, failures: f });
        const more = estimateSuccess({ successes: s * 4, failures: f * 4 });
        expect(e.low).toBeLessThanOrEqual(e.mean);
        expect(e.mean).toBeLessThanOrEqual(e.high);
        if (s + f > 0) expect(more.high - more.low).toBeLessThanOrEqual(e.high - e.low + 1e-9);
      }),
    );
  });
});
