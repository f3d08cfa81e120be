import { describe, expect, it } from "vitest";
import {
  matrixToSamples,
  type MatrixSeries,
  nextQueryRange,
  prometheusQuerySchema,
  prometheusSourceSchema,
} from "./prometheus-query";

describe("Prometheus query mapping", () => {
  const series: MatrixSeries[] = [
    {
      metric: { service: "cart", quantile: "0.99" },
      values: [
        [1700000000, "1.5"],
        [1700000015.5, "+Inf"],
      ],
    },
    { metric: { job: "db" }, values: [[1700000000, "NaN"]] },
    { metric: { instance: "x" }, values: [[1700000000, "1"]] },
  ];

  it("takes service from service, then job, converts seconds to ms and Go float text", () => {
    const { samples, unattributed } = matrixToSamples(
      series,
      prometheusQuerySchema.parse({ query: "q", metric: "latency" }),
    );
    expect(unattributed).toBe(1);
    expect(samples.slice(0, 2)).toEqual([
      { service: "cart", metric: "latency", t: 1700000000000, v: 1.5 },
      { service: "cart", metric: "latency", t: 1700000015500, v: Infinity },
    ]);
    expect(samples[2]?.service).toBe("db");
    expect(samples[2]?.v).toBeNaN();
  });

  it("supports a fixed service, other service labels and appended labels", () => {
    const fixed = matrixToSamples(
      series,
      prometheusQuerySchema.parse({ query: "q", metric: "m", service: "shop", appendLabels: ["quantile"] }),
    );
    expect(fixed.unattributed).toBe(0);
    expect(fixed.samples.map((s) => `${s.service}/${s.metric}`)).toEqual([
      'shop/m{quantile="0.99"}',
      'shop/m{quantile="0.99"}',
      "shop/m",
      "shop/m",
    ]);
    const byInstance = matrixToSamples(
      series,
      prometheusQuerySchema.parse({ query: "q", metric: "m", serviceLabel: "instance" }),
    );
    expect(byInstance.samples.map((s) => s.service)).toEqual(["x"]);
  });

  it("refuses a mapping with both a fixed service and a service label", () => {
    expect(
      prometheusQuerySchema.safeParse({ query: "q", metric: "m", service: "a", serviceLabel: "job" }).success,
    ).toBe(false);
  });

  it("reads source durations and needs one query", () => {
    const source = prometheusSourceSchema.parse({
      url: "http://127.0.0.1:9090",
      step: "15s",
      interval: "1m",
      queries: [{ query: "up", metric: "up" }],
    });
    expect(source).toMatchObject({ step: 15_000, interval: 60_000, timeout: 10_000, lookback: 3_600_000 });
    expect(prometheusSourceSchema.safeParse({ url: "http://x", queries: [] }).success).toBe(false);
    expect(
      prometheusSourceSchema.safeParse({
        url: "http://x",
        auth: { type: "bearer" },
        queries: [{ query: "up", metric: "up" }],
      }).success,
    ).toBe(false);
  });
});

describe("nextQueryRange", () => {
  it("starts one lookback back on the first query, aligned to the step", () => {
    expect(nextQueryRange(undefined, 1_000_007, 15_000, 60_000)).toEqual({
      startMs: 945_000,
      endMs: 990_000,
    });
  });

  it("continues one step after the last end, and waits for the next step", () => {
    expect(nextQueryRange(990_000, 1_010_000, 15_000, 60_000)).toEqual({
      startMs: 1_005_000,
      endMs: 1_005_000,
    });
    expect(nextQueryRange(1_005_000, 1_019_999, 15_000, 60_000)).toBeNull();
  });

  it("fills at most the lookback after a long outage", () => {
    expect(nextQueryRange(0, 10_000_000, 15_000, 60_000)).toEqual({ startMs: 9_945_000, endMs: 9_990_000 });
  });
});
