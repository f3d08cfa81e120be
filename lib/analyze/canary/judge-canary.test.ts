import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type MetricClassification, type MetricResult, canaryJudgeConfigSchema } from "./canary-schemas";
import { judgeCanary } from "./judge-canary";
import { groupWeights, scoreCanary } from "./score-canary";

const thresholds = { pass: 95, marginal: 75 };

function result(
  name: string,
  classification: MetricClassification,
  groups = ["g"],
  critical = false,
): MetricResult {
  const summary = {
    count: 0,
    missing: 0,
    outliersRemoved: 0,
    mean: null,
    median: null,
    min: null,
    max: null,
  };
  return {
    name,
    groups,
    classification,
    critical,
    failed: classification !== "Pass" && classification !== "NoData",
    direction: "either",
    estimate: null,
    ciLow: null,
    ciHigh: null,
    confLevel: null,
    method: null,
    pValue: null,
    allowedShift: null,
    effectSize: { measure: "meanRatio", value: null },
    experiment: summary,
    control: summary,
    reasons: [],
  };
}

describe("scoreCanary (Kayenta's weighted sum scorer)", () => {
  it("one group: the share of metrics that passed", () => {
    expect(scoreCanary([result("a", "Pass")], {}, thresholds).score).toBe(100);
    expect(scoreCanary([result("a", "High")], {}, thresholds).score).toBe(0);
    expect(scoreCanary([result("a", "Pass"), result("b", "High")], {}, thresholds).score).toBe(50);
    expect(
      scoreCanary([result("a", "Pass"), result("b", "High"), result("c", "Low")], {}, thresholds).score,
    ).toBeCloseTo(33.33, 2);
  });

  it("weights groups", () => {
    const rs = [result("a", "Pass", ["g1"]), result("b", "Pass", ["g1"]), result("c", "High", ["g2"])];
    expect(scoreCanary(rs, { g1: 75, g2: 25 }, thresholds).score).toBe(75);
    const even = [result("a", "Pass", ["g1"]), result("b", "High", ["g1"]), result("c", "High", ["g2"])];
    const s = scoreCanary(even, { g1: 50, g2: 50 }, thresholds);
    expect(s.score).toBe(25);
    expect(s.groups.map((g) => [g.name, g.score])).toEqual([
      ["g1", 50],
      ["g2", 0],
    ]);
  });

  it("shares what is left of 100 among unweighted groups", () => {
    expect(Object.fromEntries(groupWeights(["a", "b", "c"], { a: 60 }))).toEqual({ a: 60, b: 20, c: 20 });
  });

  it("a metric in two groups counts in both", () => {
    const s = scoreCanary([result("a", "High", ["g1", "g2"]), result("b", "Pass", ["g2"])], {}, thresholds);
    expect(s.groups.find((g) => g.name === "g2")?.score).toBe(50);
    expect(s.score).toBe(25);
  });

  it("no data scores nothing and says so", () => {
    const s = scoreCanary([result("a", "NoData")], {}, thresholds);
    expect(s).toMatchObject({ score: 0, verdict: "fail" });
    expect(s.reasons).toContain("no metric had data");
    const partial = scoreCanary([result("a", "Pass", ["g1"]), result("b", "NoData", ["g2"])], {}, thresholds);
    expect(partial.score).toBe(50);
    expect(partial.reasons.join("\n")).toMatch(/group g2 had no data: its weight 50 is lost/);
  });

  it("a critical failure scores 0 whatever else passed", () => {
    const s = scoreCanary([result("a", "Pass"), result("b", "High", ["g"], true)], {}, thresholds);
    expect(s).toMatchObject({ score: 0, verdict: "fail" });
    expect(s.reasons.join("\n")).toMatch(/critical metric b is High/);
    expect(scoreCanary([result("a", "Low"), result("b", "Pass", ["g"], false)], {}, thresholds).score).toBe(
      50,
    );
  });

  it("classifies the score by the thresholds, boundaries inclusive", () => {
    const verdict = (passed: number, of: number): string =>
      scoreCanary(
        Array.from({ length: of }, (_, i) => result(`m${i}`, i < passed ? "Pass" : "High")),
        {},
        { pass: 95, marginal: 75 },
      ).verdict;
    expect(verdict(19, 20)).toBe("pass"); // 95
    expect(verdict(18, 20)).toBe("marginal"); // 90
    expect(verdict(15, 20)).toBe("marginal"); // 75
    expect(verdict(14, 20)).toBe("fail"); // 70
  });
});

describe("scoreCanary properties", () => {
  const arbResults = fc
    .array(
      fc.record({
        classification: fc.constantFrom<MetricClassification>("Pass", "High", "Low", "NoData", "Error"),
        groups: fc.subarray(["a", "b", "c"], { minLength: 1 }),
        critical: fc.boolean(),
      }),
      { minLength: 1, maxLength: 12 },
    )
    .map((raws) =>
      raws.map((r, i) =>
        result(`m${i}`, r.classification, r.groups, r.critical && r.classification !== "Pass"),
      ),
    );

  it("scores 0..100, 0 on any critical failure, with the verdict the thresholds give", () => {
    fc.assert(
      fc.property(
        arbResults,
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        (rs, t1, t2) => {
          const th = { pass: Math.max(t1, t2), marginal: Math.min(t1, t2) };
          const s = scoreCanary(rs, {}, th);
          expect(s.score).toBeGreaterThanOrEqual(0);
          expect(s.score).toBeLessThanOrEqual(100 + 1e-9);
          if (rs.some((r) => r.critical)) expect(s.score).toBe(0);
          expect(s.verdict).toBe(s.score >= th.pass ? "pass" : s.score >= th.marginal ? "marginal" : "fail");
        },
      ),
    );
  });

  it("all metrics passing in every group scores 100", () => {
    fc.assert(
      fc.property(
        fc.array(fc.subarray(["a", "b", "c"], { minLength: 1 }), { minLength: 1, maxLength: 8 }),
        (groupsList) => {
          const rs = groupsList.map((g, i) => result(`m${i}`, "Pass", g));
          expect(scoreCanary(rs, {}, thresholds).score).toBeCloseTo(100, 9);
        },
      ),
    );
  });
});

describe("canaryJudgeConfigSchema", () => {
  const metrics = [
    { name: "a", groups: ["g1"] },
    { name: "b", groups: ["g2"] },
  ];
  it("applies NetflixACAJudge's defaults", () => {
    const cfg = canaryJudgeConfigSchema.parse({ metrics: [{ name: "a" }] });
    expect(cfg).toMatchObject({ confLevel: 0.98, tolerance: 0.25, thresholds: { pass: 95, marginal: 75 } });
    expect(cfg.metrics[0]).toMatchObject({
      groups: ["default"],
      direction: "either",
      critical: false,
      nanStrategy: "remove",
    });
  });
  it("rejects inconsistent weights and thresholds", () => {
    expect(canaryJudgeConfigSchema.safeParse({ metrics, groupWeights: { g1: 70, g2: 40 } }).success).toBe(
      false,
    );
    expect(canaryJudgeConfigSchema.safeParse({ metrics, groupWeights: { g1: 70, g2: 20 } }).success).toBe(
      false,
    );
    expect(canaryJudgeConfigSchema.safeParse({ metrics, groupWeights: { g1: 70 } }).success).toBe(true);
    expect(canaryJudgeConfigSchema.safeParse({ metrics, groupWeights: { nope: 10 } }).success).toBe(false);
    expect(
      canaryJudgeConfigSchema.safeParse({ metrics, thresholds: { pass: 70, marginal: 80 } }).success,
    ).toBe(false);
    expect(canaryJudgeConfigSchema.safeParse({ metrics: [{ name: "a" }, { name: "a" }] }).success).toBe(
      false,
    );
  });
});

describe("judgeCanary", () => {
  const config = {
    metrics: [
      { name: "latency_p99", groups: ["latency"], direction: "increase" as const },
      { name: "error_rate", groups: ["errors"], direction: "increase" as const, critical: true },
      { name: "cpu", groups: ["saturation"] },
    ],
    groupWeights: { errors: 50, latency: 30, saturation: 20 },
  };
  const steady = [10, 11, 12, 10, 11, 13, 12, 11, 10, 12];
  const up = steady.map((v) => v * 2);

  it("passes a canary that looks like its baseline", () => {
    const j = judgeCanary(config, {
      metrics: [
        { name: "latency_p99", experiment: steady, control: steady.map((v) => v + 0.01) },
        { name: "error_rate", experiment: [0, 0, 0, 0], control: [0, 0, 0, 0] },
        { name: "cpu", experiment: steady, control: steady },
      ],
    });
    expect(j).toMatchObject({ score: 100, verdict: "pass" });
    expect(j.metrics.map((m) => m.classification)).toEqual(["Pass", "Pass", "Pass"]);
  });

  it("fails outright on a critical metric", () => {
    const j = judgeCanary(config, {
      metrics: [
        { name: "latency_p99", experiment: steady, control: steady },
        { name: "error_rate", experiment: up, control: steady },
        { name: "cpu", experiment: steady, control: steady },
      ],
    });
    expect(j).toMatchObject({ score: 0, verdict: "fail" });
  });

  it("loses the weight of a metric with no data, and reports it and unknown metrics", () => {
    const j = judgeCanary(config, {
      metrics: [
        { name: "latency_p99", experiment: steady, control: steady },
        { name: "error_rate", experiment: [0, 0], control: [0, 0] },
        { name: "memory", experiment: steady, control: steady },
      ],
    });
    expect(j.metrics[2]).toMatchObject({ name: "cpu", classification: "NoData" });
    expect(j).toMatchObject({ score: 80, verdict: "marginal" });
    expect(j.reasons.join("\n")).toMatch(/no data for 1 of 3 metrics: cpu/);
    expect(j.reasons.join("\n")).toMatch(/not configured: memory/);
  });

  it("weighs a failing non-critical group", () => {
    const j = judgeCanary(config, {
      metrics: [
        { name: "latency_p99", experiment: up, control: steady },
        { name: "error_rate", experiment: [0, 0], control: [0, 0] },
        { name: "cpu", experiment: steady, control: steady },
      ],
    });
    expect(j.metrics[0]?.classification).toBe("High");
    expect(j).toMatchObject({ score: 70, verdict: "fail" });
    expect(j.groups.find((g) => g.name === "latency")).toMatchObject({
      score: 0,
      weight: 30,
      counts: { High: 1 },
    });
  });
});
