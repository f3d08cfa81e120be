import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { averageRanks, mannWhitney } from "./mann-whitney";
import { normalQuantile } from "./normal-distribution";
import { wilcoxonCounts, wilcoxonQuantile } from "./wilcoxon-distribution";

const vectorsPath = fileURLToPath(
  new URL("../../../../shared/data/kayenta/mannwhitney_reference_vectors.json", import.meta.url),
);
const vectorsSchema = z.object({
  cases: z.array(
    z.object({
      name: z.string(),
      experiment: z.array(z.number()),
      control: z.array(z.number()),
      confLevel: z.number(),
      expected: z.object({
        ciLow: z.number(),
        ciHigh: z.number(),
        estimate: z.number(),
        ciTolerance: z.number(),
        estimateTolerance: z.number(),
      }),
    }),
  ),
});
const vectors = vectorsSchema.parse(JSON.parse(readFileSync(vectorsPath, "utf8")));

describe("mannWhitney against Kayenta's R tie-out vectors", () => {
  it("has vectors to check", () => expect(vectors.cases.length).toBeGreaterThanOrEqual(3));

  for (const c of vectors.cases) {
    it(c.name, () => {
      const r = mannWhitney(c.experiment, c.control, c.confLevel);
      expect(Math.abs(r.ciLow - c.expected.ciLow)).toBeLessThanOrEqual(c.expected.ciTolerance);
      expect(Math.abs(r.ciHigh - c.expected.ciHigh)).toBeLessThanOrEqual(c.expected.ciTolerance);
      expect(Math.abs(r.estimate - c.expected.estimate)).toBeLessThanOrEqual(c.expected.estimateTolerance);
    });
  }
});

describe("normalQuantile", () => {
  it("matches R's qnorm", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326347874040841, 14);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(1e-12)).toBeCloseTo(-7.034483825301131, 6);
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1.5)).toBeNaN();
  });
  it("is antisymmetric", () => {
    for (const p of [1e-9, 0.001, 0.02, 0.2, 0.4])
      expect(normalQuantile(1 - p)).toBeCloseTo(-normalQuantile(p), 8);
  });
});

describe("the exact Wilcoxon distribution", () => {
  it("counts the 20 arrangements of 3 vs 3 by hand", () => {
    expect([...wilcoxonCounts(3, 3)]).toEqual([1, 1, 2, 3, 3, 3, 3, 2, 1, 1]);
  });
  it("matches brute-force enumeration", () => {
    for (const [m, n] of [
      [1, 1],
      [2, 5],
      [4, 4],
      [5, 3],
      [6, 6],
      [3, 9],
    ] as const) {
      const brute = new Array<number>(m * n + 1).fill(0);
      for (let mask = 0; mask < 1 << (m + n); mask++) {
        let chosen = 0;
        let w = 0;
        for (let pos = 0; pos < m + n; pos++) {
          if (mask & (1 << pos)) w += pos - chosen++;
        }
        if (chosen === m) brute[w]!++;
      }
      expect([...wilcoxonCounts(m, n)]).toEqual(brute);
    }
  });

  it("finds quantiles like qwilcox", () => {
    expect(wilcoxonQuantile(0.025, 4, 4)).toBe(1); // P(W<=0)=1/70, P(W<=1)=2/70
    expect(wilcoxonQuantile(0.025, 5, 5)).toBe(3); // P(W<=2)=4/252, P(W<=3)=7/252
    expect(wilcoxonQuantile(0.5, 3, 3)).toBe(4);
  });
});

describe("averageRanks", () => {
  it("shares tied positions", () => {
    expect([...averageRanks([3, 1, 3, 2, 3])]).toEqual([4, 1, 4, 2, 4]);
  });
});

describe("mannWhitney by hand", () => {
  it("3 vs 3 fully separated: exact interval at the reachable level", () => {
    // diffs x - y sorted: -5 -4 -4 -3 -3 -3 -2 -2 -1; qwilcox(0.025, 3, 3) = 0 -> 1, so the
    // interval is [diffs[1], diffs[9]] and the best reachable level is 1 - 2/20 = 0.9.
    const r = mannWhitney([1, 2, 3], [4, 5, 6], 0.95);
    expect(r).toMatchObject({ method: "exact", estimate: -3, ciLow: -5, ciHigh: -1, u: 0 });
    expect(r.confLevel).toBeCloseTo(0.9, 12);
    expect(r.pValue).toBeCloseTo(0.1, 12);
  });

  it("one observation each", () => {
    const r = mannWhitney([5], [2], 0.95);
    expect(r).toMatchObject({ estimate: 3, ciLow: 3, ciHigh: 3 });
  });

  it("ties switch to the normal approximation, whose interval holds the estimate", () => {
    const r = mannWhitney([1, 1, 2, 2, 3, 3, 4], [1, 2, 2, 2, 3], 0.95);
    expect(r.method).toBe("asymptotic");
    expect(r.ciLow).toBeLessThanOrEqual(r.estimate);
    expect(r.estimate).toBeLessThanOrEqual(r.ciHigh);
    expect(r.ciLow).toBeGreaterThanOrEqual(1 - 3);
    expect(r.ciHigh).toBeLessThanOrEqual(4 - 1);
  });

  it("returns the range's end when the interval reaches it (R: wilcox.test(1, 2:60))", () => {
    const y = Array.from({ length: 59 }, (_, i) => i + 2);
    const r = mannWhitney([1], y, 0.95);
    expect(r.method).toBe("asymptotic");
    expect(r.ciLow).toBe(1 - 60);
  });

  it("small-scale data (error ratios near 1e-3): the interval still holds the estimate, scaled", () => {
    // Ties force the asymptotic method, whose root search R runs at an absolute tol of 1e-4.
    const x = [2, 3, 3, 4, 5, 5, 6, 7, 8, 8, 9, 10];
    const y = [1, 1, 2, 3, 3, 4, 4, 5, 6, 6, 7, 7];
    const unit = mannWhitney(x, y, 0.98);
    const tiny = mannWhitney(
      x.map((v) => v * 1e-4),
      y.map((v) => v * 1e-4),
      0.98,
    );
    expect(tiny.method).toBe("asymptotic");
    expect(tiny.ciLow).toBeLessThanOrEqual(tiny.estimate);
    expect(tiny.estimate).toBeLessThanOrEqual(tiny.ciHigh);
    // Located to 1e-4 of the shift range (14e-4) rather than 1e-4 absolute: 1.4e-3 at unit scale.
    for (const k of ["estimate", "ciLow", "ciHigh"] as const) expect(tiny[k] * 1e4).toBeCloseTo(unit[k], 2);
  });

  it("two constant samples: the shift is exact", () => {
    const r = mannWhitney([10, 10, 10], [1, 1], 0.98);
    expect(r).toMatchObject({ estimate: 9, ciLow: 9, ciHigh: 9 });
  });

  it("refuses all-equal, empty and bad levels", () => {
    expect(() => mannWhitney([1, 1], [1, 1, 1])).toThrow(/tied/);
    expect(() => mannWhitney([], [1])).toThrow(RangeError);
    expect(() => mannWhitney([1], [2], 1)).toThrow(RangeError);
  });
});

describe("mannWhitney properties", () => {
  const sample = fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 12 });

  it("moves with a shift of the experiment (exact method)", () => {
    fc.assert(
      fc.property(sample, sample, fc.integer({ min: -20, max: 20 }), (x, y, c) => {
        const xs = [...new Set(x)];
        const ys = [...new Set(y)].map((v) => v + 0.5); // no ties between the samples
        const a = mannWhitney(xs, ys, 0.9, "exact");
        const b = mannWhitney(
          xs.map((v) => v + c),
          ys,
          0.9,
          "exact",
        );
        expect(b.estimate).toBeCloseTo(a.estimate + c, 9);
        expect(b.ciLow).toBeCloseTo(a.ciLow + c, 9);
        expect(b.ciHigh).toBeCloseTo(a.ciHigh + c, 9);
      }),
    );
  });

  it("mirrors when the samples swap (exact method; R's asymptotic roots may sit anywhere on a flat step)", () => {
    fc.assert(
      fc.property(sample, sample, (x, y) => {
        const xs = [...new Set(x)];
        const ys = [...new Set(y)].map((v) => v + 0.5);
        const a = mannWhitney(xs, ys, 0.95, "exact");
        const b = mannWhitney(ys, xs, 0.95, "exact");
        expect(b.estimate).toBeCloseTo(-a.estimate, 9);
        expect(b.ciLow).toBeCloseTo(-a.ciHigh, 9);
        expect(b.ciHigh).toBeCloseTo(-a.ciLow, 9);
      }),
    );
  });
});
