import { describe, expect, it } from "vitest";
import { defaultAnomalyConfig as config } from "./anomaly-config";
import {
  createMultivariateState,
  defaultMultivariateConfig,
  stepMultivariate,
} from "./multivariate-detector";
import { createAnomalyState, scoreAnomalies } from "./score-anomalies";
import { createServiceState, scoreServiceTick } from "./service-detector";
import { serviceScoreSchema } from "./service-score";

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
const step = 60_000;

describe("scoreServiceTick", () => {
  it("flags a broken relation between metrics when no metric alone is unusual", () => {
    const state = createServiceState();
    const r = rng(11);
    for (let i = 0; i < 3000; i++) {
      const load = gauss(r);
      scoreServiceTick(state, config, "api", i * step, [
        { metric: "request_rate", v: 100 + 10 * load },
        { metric: "cpu", v: 0.5 + 0.05 * load + 0.005 * gauss(r) },
      ]);
    }
    // Traffic well up, CPU as far down: each value common on its own, never together.
    const out = scoreServiceTick(state, config, "api", 3000 * step, [
      { metric: "request_rate", v: 112 },
      { metric: "cpu", v: 0.44 },
    ]);
    expect(out.metrics.map((m) => m.metric)).toEqual(["request_rate", "cpu"]);
    expect(Math.max(...out.metrics.map((m) => m.score))).toBeLessThan(0.5);
    expect(out.score).toBeGreaterThan(0.5);
    expect(out.drivers[0]?.detector).toBe("multivariate");
    expect(out.drivers.map((d) => d.metric).sort()).toEqual(["cpu", "request_rate"]);
    expect(serviceScoreSchema.parse(out)).toEqual(out);
  });

  it("names the metric and detector behind a single-metric spike", () => {
    const state = createServiceState();
    const r = rng(12);
    for (let i = 0; i < 1000; i++)
      scoreServiceTick(state, config, "db", i * step, [
        { metric: "latency_p99", v: 20 + gauss(r) },
        { metric: "error_rate", v: 0.01 + 0.001 * gauss(r) },
      ]);
    const out = scoreServiceTick(state, config, "db", 1000 * step, [
      { metric: "latency_p99", v: 80 },
      { metric: "error_rate", v: 0.01 },
    ]);
    expect(out.score).toBeGreaterThan(0.6);
    expect(out.drivers[0]).toMatchObject({ detector: "density", metric: "latency_p99" });
  });
});

describe("scoreServiceTick with a changing set of metrics", () => {
  it("takes in a metric that appears later and keeps judging the others", () => {
    const state = createServiceState();
    const r = rng(15);
    for (let i = 0; i < 600; i++) {
      const tick = [
        { metric: "a", v: 5 + gauss(r) },
        { metric: "b", v: 7 + gauss(r) },
      ];
      if (i >= 300) tick.push({ metric: "c", v: 9 + gauss(r) });
      scoreServiceTick(state, config, "svc", i * step, tick);
    }
    expect(state.multivariate.metrics).toEqual(["a", "b", "c"]);
    const out = scoreServiceTick(state, config, "svc", 600 * step, [{ metric: "a", v: 5 }]);
    expect(out.metrics).toHaveLength(1);
    expect(out.score).toBeLessThan(0.5);
  });
});

describe("stepMultivariate", () => {
  it("ignores metrics missing from a tick and needs two metrics to judge", () => {
    const s = createMultivariateState(["a", "b", "c"]);
    const r = rng(13);
    for (let i = 0; i < 500; i++)
      stepMultivariate(s, defaultMultivariateConfig, [gauss(r), gauss(r), gauss(r)]);
    const partial = stepMultivariate(s, defaultMultivariateConfig, [0.1, Number.NaN, -0.2]);
    expect(partial.contributions[1]).toBe(0);
    expect(partial.evidence).toBeLessThan(0.3);
    expect(stepMultivariate(s, defaultMultivariateConfig, [9, Number.NaN, Number.NaN]).evidence).toBe(0);
  });

  it("keeps learning bounded: a burst of outliers does not become normal at once", () => {
    const s = createMultivariateState(["a", "b"]);
    const r = rng(14);
    for (let i = 0; i < 1000; i++) {
      const x = gauss(r);
      stepMultivariate(s, defaultMultivariateConfig, [x, x + 0.1 * gauss(r)]);
    }
    const first = stepMultivariate(s, defaultMultivariateConfig, [3, -3]).evidence;
    for (let i = 0; i < 20; i++) stepMultivariate(s, defaultMultivariateConfig, [3, -3]);
    expect(first).toBeGreaterThan(0.5);
    expect(stepMultivariate(s, defaultMultivariateConfig, [3, -3]).evidence).toBeGreaterThan(0.5);
  });
});

describe("scoreAnomalies", () => {
  it("groups a batch by service and timestamp into ticks", () => {
    const { state, scores } = scoreAnomalies(createAnomalyState(), config, [
      { service: "a", metric: "cpu", t: 0, v: 1 },
      { service: "a", metric: "memory", t: 0, v: 2 },
      { service: "b", metric: "cpu", t: 0, v: 1 },
      { service: "a", metric: "cpu", t: 1000, v: 1 },
    ]);
    expect(scores.map((s) => [s.service, s.t, s.metrics.length])).toEqual([
      ["a", 0, 2],
      ["b", 0, 1],
      ["a", 1000, 1],
    ]);
    expect(Object.keys(state)).toEqual(["a", "b"]);
  });
});
