import { describe, expect, it } from "vitest";
import { theilSen } from "./theil-sen";

describe("theilSen", () => {
  it("recovers an exact line, with a degenerate interval", () => {
    const points = Array.from({ length: 20 }, (_, i) => ({ t: i, v: 3 + 0.5 * i }));
    const fit = theilSen(points, 0.9)!;
    expect(fit).toMatchObject({ slope: 0.5, slopeLow: 0.5, slopeHigh: 0.5, intercept: 3, n: 20 });
  });

  it("ignores a minority of wild points", () => {
    const points = Array.from({ length: 30 }, (_, i) => ({ t: i, v: 2 * i + (i % 7 === 0 ? 500 : 0) }));
    expect(theilSen(points)!.slope).toBe(2);
  });

  it("widens the interval for serially correlated residuals", () => {
    // The same residuals, once alternating (negative lag-1) and once in long runs (positive).
    const alternating = Array.from({ length: 40 }, (_, i) => ({ t: i, v: 0.1 * i + (i % 2 === 0 ? 1 : -1) }));
    const runs = Array.from({ length: 40 }, (_, i) => ({
      t: i,
      v: 0.1 * i + (Math.floor(i / 10) % 2 === 0 ? 1 : -1),
    }));
    const a = theilSen(alternating, 0.9)!;
    const r = theilSen(runs, 0.9)!;
    expect(a.lag1).toBe(0);
    expect(r.lag1).toBeGreaterThan(0.5);
    expect(r.slopeHigh - r.slopeLow).toBeGreaterThan(a.slopeHigh - a.slopeLow);
  });

  it("gives the stricter test interval around the same slope", () => {
    const points = Array.from({ length: 30 }, (_, i) => ({ t: i, v: i + Math.sin(i * 12.9898) * 3 }));
    const fit = theilSen(points, 0.9, 0.999)!;
    expect(fit.testLow).toBeLessThanOrEqual(fit.slopeLow);
    expect(fit.testHigh).toBeGreaterThanOrEqual(fit.slopeHigh);
  });

  it("needs three points at two or more times", () => {
    expect(
      theilSen([
        { t: 0, v: 1 },
        { t: 1, v: 2 },
      ]),
    ).toBeNull();
    expect(
      theilSen([
        { t: 5, v: 1 },
        { t: 5, v: 2 },
        { t: 5, v: 3 },
      ]),
    ).toBeNull();
  });
});
