import { describe, expect, it } from "vitest";
import { counterRate, looksLikeCounter } from "./counter-rate";
import { analyzeIncident } from "./analyze-incident";
import { scoreMetric, zOn } from "./score-metric";
import { incidentWindow, scoreServices } from "./score-services";
import { syntheticIncident } from "./synthetic-incident";

const counter = (rates: number[]) => {
  let total = 1000;
  return rates.map((r, i) => {
    total += r * 60;
    return [i * 60, total] as const;
  });
};

describe("counters", () => {
  it("recognises a cumulative counter by shape, and not a noisy or flat gauge", () => {
    expect(looksLikeCounter(counter([5, 6, 5, 7, 6, 5, 6, 5]))).toBe(true);
    expect(
      looksLikeCounter([
        [0, 5],
        [60, 6],
        [120, 5],
        [180, 7],
        [240, 6],
        [300, 5],
        [360, 6],
      ]),
    ).toBe(false);
    expect(
      looksLikeCounter([
        [0, 3],
        [60, 3],
        [120, 3],
        [180, 3],
        [240, 3],
        [300, 3],
        [360, 4],
      ]),
    ).toBe(false);
  });

  it("turns a counter into a per-second rate, treating a drop as a restart from zero", () => {
    expect(
      counterRate([
        [0, 100],
        [60, 160],
        [120, 30],
      ]),
    ).toEqual([
      [60, 1],
      [120, 0.5],
    ]);
  });

  it("scores a steadily growing counter as a steady rate, not as a rise above its baseline", () => {
    const input = syntheticIncident({
      services: ["frontend", "cart", "redis"],
      edges: [
        ["frontend", "cart"],
        ["cart", "redis"],
      ],
      root: "redis",
      seed: 3,
    });
    const t0 = input.series[0]!.points[0]![0];
    const requests = counter(input.series[0]!.points.map((_, i) => 10 + ((i * 7) % 5))).map(
      ([t, v]) => [t + t0, v] as [number, number],
    );
    const window = incidentWindow(input);
    // Read raw, the counter's last points lie far above its baseline.
    expect(scoreMetric("requests_total", requests, window)!.peak).toBeGreaterThan(zOn);
    const withCounter = {
      ...input,
      series: [...input.series, { service: "frontend", metric: "requests_total", points: requests }],
    };
    const frontend = scoreServices(withCounter, window).get("frontend")!;
    const scored = frontend.metrics.find((m) => m.metric === "requests_total")!;
    expect(scored.asRate).toBe(true);
    expect(scored.shifted).toBe(false);
    expect(Math.abs(scored.peak)).toBeLessThan(zOn);
    expect(analyzeIncident(withCounter).ranking[0]!.service).toBe("redis");
  });
});
