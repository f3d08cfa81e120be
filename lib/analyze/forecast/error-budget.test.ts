import { describe, expect, it } from "vitest";
import { burnRateAlert, errorBudgetBurn, recentErrorRate } from "./error-budget";
import { formatDuration } from "./format-duration";

const MIN = 60_000;
const DAY = 86_400_000;

describe("errorBudgetBurn", () => {
  it("burn rate 1 spends the whole budget in exactly one period", () => {
    const b = errorBudgetBurn({ sloTarget: 0.999, errorRate: 0.001 });
    expect(b.burnRate).toBeCloseTo(1, 12);
    expect(b.msToExhaustion!).toBeCloseTo(30 * DAY, 0);
  });

  it("says how long is left at the current rate", () => {
    // 99.9% over 30 days: 43.2 budget-minutes. Half of it left, 2% errors (burn 20):
    // 0.5 · 30 d / 20 = 18 h.
    const b = errorBudgetBurn({ sloTarget: 0.999, errorRate: 0.02, budgetRemaining: 0.5 });
    expect(b.burnRate).toBeCloseTo(20, 10);
    expect(b.msToExhaustion! / 3_600_000).toBeCloseTo(18, 8);
    expect(b.message).toBe(
      "If nobody acts: error budget exhausted in ~18 h (burning 20× the sustainable rate)",
    );
  });

  it("reads like the console's banner for a fast burn", () => {
    // 1.76% of a 30-day 99.9% budget left, 2% errors (burn 20): 0.0176 · 30 d / 20 = 38 min.
    const b = errorBudgetBurn({ sloTarget: 0.999, errorRate: 0.02, budgetRemaining: 0.0176 });
    expect(b.message).toMatch(/^If nobody acts: error budget exhausted in ~38 min/);
  });

  it("no errors: not burning; nothing left: exhausted", () => {
    expect(errorBudgetBurn({ sloTarget: 0.99, errorRate: 0 })).toMatchObject({
      msToExhaustion: null,
      message: "Error budget not burning",
    });
    expect(errorBudgetBurn({ sloTarget: 0.99, errorRate: 0.5, budgetRemaining: 0 })).toMatchObject({
      exhausted: true,
      msToExhaustion: 0,
    });
  });

  it("rejects nonsense", () => {
    expect(() => errorBudgetBurn({ sloTarget: 1, errorRate: 0.1 })).toThrow();
    expect(() => errorBudgetBurn({ sloTarget: 0.99, errorRate: 1.5 })).toThrow();
  });
});

describe("recentErrorRate", () => {
  it("weights by events within the window", () => {
    const samples = [
      { t: 0, errorRate: 1, requests: 1000 }, // outside the window
      { t: 2 * MIN, errorRate: 0.1, requests: 100 },
      { t: 3 * MIN, errorRate: 0.0, requests: 300 },
    ];
    expect(recentErrorRate(samples, 3 * MIN, 2 * MIN)).toBeCloseTo(0.025, 12);
    expect(recentErrorRate(samples, 3 * MIN, 10)).toBe(0);
    expect(recentErrorRate([], 0, MIN)).toBeNull();
  });
});

describe("burnRateAlert (SRE Workbook multiwindow rules)", () => {
  const steady = (rate: number, minutes: number) =>
    Array.from({ length: minutes }, (_, i) => ({ t: (i + 1) * MIN, errorRate: rate }));

  it("pages on a fast burn sustained over both windows", () => {
    expect(burnRateAlert(steady(0.02, 120), 120 * MIN, 0.999)).toEqual({
      severity: "page",
      rule: "2% of the budget in 1 h",
    });
  });
  it("steps down soon after recovery, as each rule's short window empties", () => {
    const samples = [
      ...steady(0.02, 120),
      ...Array.from({ length: 60 }, (_, i) => ({ t: (121 + i) * MIN, errorRate: 0 })),
    ];
    // 10 min after: the 1 h rule's 5 min window is clean, the 6 h rule's 30 min one is not yet.
    expect(burnRateAlert(samples, 130 * MIN, 0.999)).toEqual({
      severity: "page",
      rule: "5% of the budget in 6 h",
    });
    // 35 min after: no page; but 2 h at 20x spent ~5.6% of the budget, so the 3 d rule tickets.
    expect(burnRateAlert(samples, 155 * MIN, 0.999)).toEqual({
      severity: "ticket",
      rule: "10% of the budget in 3 d",
    });
  });
  it("tickets a slow burn", () => {
    const samples = Array.from({ length: 3 * 24 * 12 }, (_, i) => ({
      t: (i + 1) * 5 * MIN,
      errorRate: 0.0015,
    }));
    expect(burnRateAlert(samples, 3 * DAY, 0.999)).toEqual({
      severity: "ticket",
      rule: "10% of the budget in 3 d",
    });
  });
  it("stays quiet within budget", () => {
    expect(burnRateAlert(steady(0.0005, 600), 600 * MIN, 0.999).severity).toBe("none");
  });
});

describe("formatDuration", () => {
  it("rounds to what a human reads", () => {
    expect(formatDuration(20_000)).toBe("< 1 min");
    expect(formatDuration(38 * MIN)).toBe("~38 min");
    expect(formatDuration(150 * MIN)).toBe("~2.5 h");
    expect(formatDuration(30 * 3_600_000)).toBe("~30 h");
    expect(formatDuration(3 * DAY)).toBe("~3.0 d");
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe("never");
  });
});
