import { describe, expect, it } from "vitest";
import type { FleetMetric } from "@/lib/monitor/types";
import { fleetPopulationSamples } from "./fleet-samples";
import { Twin, type FaultSpec } from "./test-twin";

type Check = [service: string, metric: FleetMetric];
type Case = {
  spec: FaultSpec | (Partial<FaultSpec> & { kind: FaultSpec["kind"] });
  onsetMs: number;
  /** Metrics that must move in the bad direction, by at least this much over the control. */
  moves: [...Check, number][];
  heal: Parameters<Twin["apply"]>[0];
  wrong: Parameters<Twin["apply"]>[0];
  settleMs: number;
  /** Metrics that must be back near the control after healing (default: those in `moves`). */
  healOn?: Check[];
};

const minutes = 60_000;
const cases: Case[] = [
  {
    spec: { kind: "memory-leak", service: "catalog", leakPerHour: 0.6 },
    onsetMs: 40 * minutes,
    moves: [["catalog", "memory", 0.2]],
    heal: { kind: "rollback", target: { service: "catalog" } },
    wrong: { kind: "scale-out", target: { service: "catalog" } },
    settleMs: 5 * minutes,
  },
  {
    spec: { kind: "bad-deploy", service: "checkout", errorRate: 0.3, canaryFraction: 0.5 },
    onsetMs: 5 * minutes,
    moves: [["checkout", "error_rate", 0.1], ["gateway", "error_rate", 0.002]],
    heal: { kind: "rollback", target: { service: "checkout" } },
    wrong: { kind: "restart", target: { service: "checkout" } },
    settleMs: 5 * minutes,
  },
  {
    spec: { kind: "load-surge", service: "search", factor: 3 },
    onsetMs: 5 * minutes,
    moves: [["search", "saturation", 0.5], ["search", "error_rate", 0.1], ["gateway", "error_rate", 0.01]],
    heal: { kind: "scale-out", target: { service: "search" } },
    // The surge goes on; scaling out absorbs it, so saturation stays above the control's.
    healOn: [["search", "error_rate"], ["gateway", "error_rate"], ["frontend", "error_rate"]],
    wrong: { kind: "restart", target: { service: "search" } },
    settleMs: 5 * minutes,
  },
  {
    spec: { kind: "slow-dependency", service: "recommendations", latencyMs: 1500 },
    onsetMs: 5 * minutes,
    moves: [["frontend", "latency_p50", 100], ["frontend", "latency_p99", 20]],
    heal: { kind: "open-circuit-breaker", target: { service: "recommendations" } },
    wrong: { kind: "restart", target: { service: "recommendations" } },
    settleMs: 2 * minutes,
  },
  {
    spec: { kind: "node-loss", service: "catalog" },
    onsetMs: 5 * minutes,
    moves: [["catalog", "replicas_ready", -1], ["catalog", "error_rate", 0.05], ["gateway", "error_rate", 0.02]],
    heal: { kind: "drain-node", target: { service: "*", node: "zone-a-n1" } },
    wrong: { kind: "restart", target: { service: "catalog" } },
    settleMs: 3 * minutes,
  },
  {
    spec: { kind: "zone-loss", zone: "zone-b" },
    onsetMs: 5 * minutes,
    moves: [["gateway", "replicas_ready", -2], ["gateway", "error_rate", 0.05], ["frontend", "error_rate", 0.05]],
    heal: { kind: "failover-zone", target: { service: "*", zone: "zone-b" } },
    wrong: { kind: "scale-out", target: { service: "frontend" } },
    settleMs: 3 * minutes,
  },
  {
    spec: { kind: "pool-exhaustion", service: "catalog", leakPerMinute: 0.2 },
    onsetMs: 10 * minutes,
    moves: [["catalog", "pool_use", 0.5], ["catalog", "error_rate", 0.5], ["gateway", "error_rate", 0.2]],
    heal: { kind: "reset-pool", target: { service: "catalog" } },
    wrong: { kind: "scale-out", target: { service: "catalog" } },
    settleMs: 3 * minutes,
  },
  {
    spec: { kind: "cache-failure" },
    onsetMs: 5 * minutes,
    moves: [["database", "saturation", 0.5], ["catalog", "latency_p50", 100], ["frontend", "error_rate", 0.2]],
    heal: { kind: "warm-cache", target: { service: "cache" } },
    wrong: { kind: "restart", target: { service: "database" } },
    settleMs: 5 * minutes,
  },
  {
    spec: { kind: "disk-filling", service: "users", growthPerHour: 3 },
    onsetMs: 20 * minutes,
    moves: [["users", "disk_use", 0.5], ["users", "error_rate", 0.5], ["gateway", "error_rate", 0.05]],
    heal: { kind: "rollback", target: { service: "users" } },
    wrong: { kind: "restart", target: { service: "users" } },
    settleMs: 20 * minutes,
  },
];

/** Bad direction is up, except for replicas (negative threshold = must drop by that much). */
function moved(t: Twin, [service, metric, by]: [...Check, number]): boolean {
  const { f, c } = t.metric(service, metric);
  return by < 0 ? f <= c + by : f >= c + by;
}

/** Healed: no worse than the healthy control, within 20% (+ a small absolute slack). */
function healed(t: Twin, [service, metric]: Check): boolean {
  const { f, c } = t.metric(service, metric);
  if (metric === "replicas_ready") return f >= c;
  return f <= c * 1.2 + (metric.startsWith("latency") ? 5 : 0.01);
}

describe.each(cases)("fault $spec.kind", (k) => {
  const setup = () => {
    const t = new Twin().run(5 * minutes);
    const fault = t.inject(k.spec as FaultSpec);
    t.run(k.onsetMs);
    return { t, fault };
  };

  it("records ground truth and moves the metrics it implies, upstream too", () => {
    const { t, fault } = setup();
    expect(fault).toMatchObject({ kind: k.spec.kind, onsetMs: t.now - k.onsetMs, mitigatedAtMs: null });
    expect(fault.heals).toContain(k.heal.kind);
    expect(fault.service ?? fault.zone).toBeTruthy();
    for (const m of k.moves) expect(moved(t, m), `${m[0]}.${m[1]}`).toBe(true);
  });

  it("is healed by its remediation within bounded virtual time", () => {
    const { t, fault } = setup();
    const result = t.apply(k.heal);
    expect(result).toEqual({ status: "applied", healedFaultIds: [fault.id] });
    t.run(k.settleMs);
    expect(t.faulted.faults[0]?.mitigatedAtMs).not.toBeNull();
    for (const [service, metric] of k.healOn ?? k.moves) {
      expect(healed(t, [service, metric]), `${service}.${metric} ${JSON.stringify(t.metric(service, metric))}`).toBe(true);
    }
  });

  it("is not healed by a wrong remediation", () => {
    const { t } = setup();
    const result = t.apply(k.wrong);
    expect(result.healedFaultIds).toEqual([]);
    t.run(k.settleMs);
    expect(t.faulted.faults[0]?.mitigatedAtMs).toBeNull();
    expect(k.moves.some((m) => moved(t, m))).toBe(true);
  });
});

describe("canary populations", () => {
  it("expose a canary and a baseline population whose error rates differ", () => {
    const t = new Twin().run(5 * minutes);
    t.inject({ kind: "bad-deploy", service: "checkout", errorRate: 0.3, canaryFraction: 0.5, version: "v2" });
    t.run(5 * minutes);
    const pop = fleetPopulationSamples(t.faulted, t.now).filter((s) => s.metric === "error_rate");
    const canary = pop.find((s) => s.population === "canary")!;
    const baseline = pop.find((s) => s.population === "baseline")!;
    expect(canary).toMatchObject({ service: "checkout", version: "v2", replicas: 1 });
    expect(baseline).toMatchObject({ service: "checkout", version: "v1", replicas: 1 });
    expect(canary.v - baseline.v).toBeCloseTo(0.3, 1);
    expect(fleetPopulationSamples(t.control, t.now)).toEqual([]);
  });
});

describe("lost nodes and zones that come back", () => {
  it("keeps a node or zone down until its durationMs, then puts it back in service", () => {
    for (const spec of [
      { kind: "node-loss", service: "catalog", node: "zone-a-n1", durationMs: 20 * minutes },
      { kind: "zone-loss", zone: "zone-b", durationMs: 20 * minutes },
    ] as const) {
      const t = new Twin().run(5 * minutes);
      const fault = t.inject(spec);
      t.run(10 * minutes);
      const down = () => [...t.faulted.downNodes, ...t.faulted.downZones];
      expect(down()).toEqual([spec.kind === "node-loss" ? spec.node : spec.zone]);
      t.run(11 * minutes);
      expect(down()).toEqual([]);
      expect(t.faulted.faults.find((f) => f.id === fault.id)?.endedAtMs).not.toBeNull();
    }
  });

  it("without a duration, stays down", () => {
    const t = new Twin().run(5 * minutes);
    t.inject({ kind: "node-loss", service: "catalog", node: "zone-a-n1" });
    t.run(60 * minutes);
    expect(t.faulted.downNodes).toEqual(["zone-a-n1"]);
  });
});
