import { describe, expect, it } from "vitest";
import { applyRemediation } from "./apply-remediation";
import type { FleetState } from "./fleet-types";
import { runScenario } from "./run-scenario";
import { createRng } from "./random";
import { scenarioSchema } from "./scenario-schema";
import { stepFleet } from "./step-fleet";
import { parseTopology } from "./topology-schema";

// Three tiers, each retrying up to 3 times. A two-minute surge overloads the database; with an
// unbounded retry budget the retries alone keep it overloaded after the surge has gone (a
// metastable retry storm), while a 20% budget lets the fleet recover. Opening the breaker to
// the database alone does not end it (web keeps retrying the failing api, which stays
// overloaded); shedding at the edge does.
const topology = (retryBudget: number) =>
  parseTopology({
    name: "storm", zones: ["z1"], peakRps: 100,
    services: [
      { name: "web", replicas: 2, capacityPerReplica: 200, baseLatencyMs: 10, trafficShare: 1, calls: [{ service: "api", timeoutMs: 300, retries: 3, retryBudget }] },
      { name: "api", replicas: 2, capacityPerReplica: 100, baseLatencyMs: 20, calls: [{ service: "db", timeoutMs: 200, retries: 3, retryBudget }] },
      { name: "db", replicas: 1, capacityPerReplica: 160, baseLatencyMs: 5 },
    ],
  });
const scenario = scenarioSchema.parse({
  name: "storm", duration: "20m",
  events: [{ at: "5m", fault: { kind: "load-surge", service: "web", factor: 2, durationMs: 120_000 } }],
});
const metrics = (s: FleetState, name: string) => s.services.find((x) => x.name === name)!.metrics;

describe("retry storms", () => {
  it("outlive their trigger when retries are unbounded", () => {
    const run = runScenario(scenario, { topology: topology(10) });
    expect(run.faults[0]?.endedAtMs).toBe(scenario.start + 7 * 60_000);
    expect(metrics(run.state, "db").saturation).toBeGreaterThan(2);
    expect(metrics(run.state, "web").error_rate).toBeGreaterThan(0.5);
    expect(metrics(run.state, "web").request_rate).toBeLessThan(120);
  });

  it("die down with the trigger under a retry budget", () => {
    const run = runScenario(scenario, { topology: topology(0.2) });
    expect(run.services.find((s) => s.service === "db")!.peakSaturation).toBeGreaterThan(1);
    expect(metrics(run.state, "db").saturation).toBeLessThan(1);
    expect(metrics(run.state, "web").error_rate).toBeLessThan(0.01);
  });

  it("are broken by shedding at the edge: the breaker in front of api open for a minute, then closed", () => {
    let state = runScenario(scenario, { topology: topology(10) }).state;
    const rng = createRng(9);
    const run = (ms: number) => {
      for (let t = 0; t < ms; t += 5000) state = stepFleet(state, 5000, state.nowMs + 5000, rng);
    };
    state = applyRemediation(state, { kind: "open-circuit-breaker", target: { service: "api" }, idempotencyKey: "open" }, state.nowMs).state;
    run(60_000);
    expect(metrics(state, "db").request_rate).toBe(0);
    state = applyRemediation(state, { kind: "close-circuit-breaker", target: { service: "api" }, idempotencyKey: "close" }, state.nowMs).state;
    run(120_000);
    expect(metrics(state, "db").saturation).toBeLessThan(1);
    expect(metrics(state, "web").error_rate).toBeLessThan(0.01);
  });
});
