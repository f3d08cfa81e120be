import { describe, expect, it } from "vitest";
import { fleetMetrics } from "@/lib/monitor/types";
import { applyRemediation } from "./apply-remediation";
import { createFleet } from "./create-fleet";
import { defaultTopology } from "./default-topology";
import { fleetSamples } from "./fleet-samples";
import { loadShape } from "./load-curve";
import { createRng } from "./random";
import { stepFleet } from "./step-fleet";
import { peakStartMs } from "./test-twin";
import { parseTopologyText } from "./topology-schema";

function run(seed: number, steps: number) {
  let s = createFleet(defaultTopology, peakStartMs);
  const rng = createRng(seed);
  const out = [];
  for (let k = 1; k <= steps; k++) {
    s = stepFleet(s, 1000, peakStartMs + k * 1000, rng);
    out.push(...fleetSamples(s, s.nowMs));
  }
  return { state: s, samples: out };
}

describe("determinism", () => {
  it("gives identical samples for the same seed and different ones for another seed", () => {
    const a = run(11, 200).samples;
    expect(run(11, 200).samples).toEqual(a);
    expect(run(12, 200).samples).not.toEqual(a);
    expect(a).toHaveLength(200 * defaultTopology.services.length * fleetMetrics.length);
    expect(a.every((x) => Number.isFinite(x.v))).toBe(true);
  });

  it("does not modify the state it steps from", () => {
    const { state } = run(3, 5);
    const before = JSON.stringify(state);
    stepFleet(state, 1000, state.nowMs + 1000, createRng(1));
    expect(JSON.stringify(state)).toBe(before);
  });
});

describe("load", () => {
  it("peaks in the afternoon, dips at night and on weekends", () => {
    const wed = Date.UTC(2026, 0, 14);
    expect(loadShape(wed + 16 * 3_600_000)).toBeCloseTo(1, 5);
    expect(loadShape(wed + 4 * 3_600_000)).toBeCloseTo(0.55, 5);
    expect(loadShape(Date.UTC(2026, 0, 17, 16))).toBeCloseTo(0.75, 5);
  });

  it("keeps a healthy fleet healthy: low errors and saturation below 1 at peak", () => {
    const { state } = run(5, 600);
    for (const svc of state.services) {
      expect(svc.metrics.error_rate, svc.name).toBeLessThan(0.01);
      expect(svc.metrics.saturation, svc.name).toBeLessThan(0.9);
    }
  });
});

describe("remediation idempotency", () => {
  it("applies a key once; the second application is a no-op reporting the first result", () => {
    const { state } = run(1, 3);
    const action = { kind: "scale-out" as const, target: { service: "search" }, idempotencyKey: "plan-1/step-1" };
    const first = applyRemediation(state, action, state.nowMs);
    expect(first.result.status).toBe("applied");
    expect(first.state.services.find((s) => s.name === "search")!.replicas).toHaveLength(4);
    const second = applyRemediation(first.state, action, state.nowMs + 1000);
    expect(second.result).toEqual({ ...first.result, status: "duplicate" });
    expect(second.state).toBe(first.state);
  });

  it("rejects what cannot apply and says why", () => {
    const { state } = run(1, 1);
    const r = applyRemediation(state, { kind: "reset-pool", target: { service: "frontend" }, idempotencyKey: "x" }, state.nowMs);
    expect(r.result).toMatchObject({ status: "rejected", reason: '"frontend" has no connection pool' });
    expect(() => applyRemediation(state, { kind: "failover-zone", target: { service: "*" }, idempotencyKey: "y" }, state.nowMs)).toThrow(/zone/);
  });
});

describe("topology documents", () => {
  it("parses YAML and names the bad field in errors", () => {
    const yaml = `
name: tiny
zones: [z1]
peakRps: 10
services:
  - { name: web, replicas: 1, capacityPerReplica: 20, baseLatencyMs: 5, trafficShare: 1, calls: [{ service: db }] }
  - { name: db, replicas: 1, capacityPerReplica: 20, baseLatencyMs: 1 }
`;
    expect(parseTopologyText(yaml).services[0]?.calls[0]).toMatchObject({ service: "db", retries: 1, timeoutMs: 1000 });
    expect(() => parseTopologyText(yaml.replace("service: db", "service: nope"))).toThrow(/line 6: services\[0\]\.calls\[0\]\.service: unknown service "nope"/);
    expect(() => parseTopologyText(yaml.replace("name: web, ", ""))).toThrow(/line 6: services\[0\]\.name: /);
    expect(() => parseTopologyText(yaml.replace("replicas: 1, capacityPerReplica: 20, baseLatencyMs: 1", "replicas: 0, capacityPerReplica: 20, baseLatencyMs: 1"))).toThrow(/services\[1\]\.replicas/);
    const cyclic = yaml.replace("baseLatencyMs: 1 }", "baseLatencyMs: 1, calls: [{ service: web }] }");
    expect(() => parseTopologyText(cyclic)).toThrow(/call cycle: web -> db -> web/);
  });
});
