import { describe, expect, it } from "vitest";
import type { Sample } from "@/lib/monitor/types";
import { createFleet } from "./create-fleet";
import { defaultTopology } from "./default-topology";
import { injectFault } from "./fault-catalog";
import {
  cacheBackingEdges,
  cacheSamples,
  infrastructureEdges,
  infrastructureEntities,
  infrastructureSamples,
} from "./rca-entities";
import { createRng } from "./random";
import { stepFleet } from "./step-fleet";
import type { FleetState } from "./fleet-types";

const t0 = Date.UTC(2026, 0, 5, 12);

function run(fleet: FleetState, fromMs: number, toMs: number): FleetState {
  const rng = createRng(7);
  for (let now = fromMs + 5_000; now <= toMs; now += 5_000) fleet = stepFleet(fleet, 5_000, now, rng);
  return fleet;
}

const value = (samples: Sample[], service: string, metric: string) =>
  samples.find((s) => s.service === service && s.metric === metric)?.v;

describe("infrastructure entities", () => {
  it("names every node of the placement grid and every zone", () => {
    expect(infrastructureEntities(defaultTopology)).toEqual([
      "node:zone-a-n1", "node:zone-a-n2", "node:zone-b-n1", "node:zone-b-n2", "node:zone-c-n1", "node:zone-c-n2",
      "zone:zone-a", "zone:zone-b", "zone:zone-c",
    ]);
  });

  it("a healthy fleet: every node ready, every replica counted once on its node and zone", () => {
    const fleet = run(createFleet(defaultTopology, t0), t0, t0 + 60_000);
    const samples = infrastructureSamples(fleet, fleet.nowMs);
    const replicas = defaultTopology.services.reduce((n, s) => n + s.replicas, 0);
    const pods = (prefix: string) =>
      samples.filter((s) => s.service.startsWith(prefix) && s.metric === "pods_running").reduce((n, s) => n + s.v, 0);
    expect(pods("node:")).toBe(replicas);
    expect(pods("zone:")).toBe(replicas);
    expect(samples.filter((s) => s.metric === "ready").every((s) => s.v === 1)).toBe(true);
    expect(value(samples, "zone:zone-b", "nodes_ready")).toBe(2);
    const nodeCores = samples.filter((s) => s.service.startsWith("node:zone-b") && s.metric === "cpu_cores");
    expect(nodeCores.every((s) => s.v > 0)).toBe(true);
    expect(value(samples, "zone:zone-b", "cpu_cores")).toBeCloseTo(nodeCores.reduce((n, s) => n + s.v, 0));
  });

  it("a lost node reads not ready with no pods; its zone loses one ready node", () => {
    let fleet = run(createFleet(defaultTopology, t0), t0, t0 + 60_000);
    fleet = injectFault(fleet, { kind: "node-loss", service: "catalog", node: "zone-b-n1" }, fleet.nowMs).state;
    fleet = run(fleet, fleet.nowMs, fleet.nowMs + 30_000);
    const samples = infrastructureSamples(fleet, fleet.nowMs);
    expect(value(samples, "node:zone-b-n1", "ready")).toBe(0);
    expect(value(samples, "node:zone-b-n1", "pods_running")).toBe(0);
    expect(value(samples, "node:zone-b-n1", "cpu_cores")).toBe(0);
    expect(value(samples, "node:zone-b-n2", "ready")).toBe(1);
    expect(value(samples, "zone:zone-b", "nodes_ready")).toBe(1);
    expect(value(samples, "zone:zone-a", "nodes_ready")).toBe(2);
  });

  it("a lost zone reads no ready node and no pods", () => {
    let fleet = run(createFleet(defaultTopology, t0), t0, t0 + 60_000);
    fleet = injectFault(fleet, { kind: "zone-loss", zone: "zone-c" }, fleet.nowMs).state;
    fleet = run(fleet, fleet.nowMs, fleet.nowMs + 30_000);
    const samples = infrastructureSamples(fleet, fleet.nowMs);
    expect(value(samples, "zone:zone-c", "nodes_ready")).toBe(0);
    expect(value(samples, "zone:zone-c", "pods_running")).toBe(0);
    expect(value(samples, "node:zone-c-n2", "ready")).toBe(0);
  });

  it("links each service to the nodes and zones its replicas run in, and each node to its zone", () => {
    const edges = infrastructureEdges(createFleet(defaultTopology, t0));
    // search has two replicas: slot 0 on zone-a-n1, slot 1 on zone-b-n1.
    expect(edges.filter(([s]) => s === "search")).toEqual([
      ["search", "node:zone-a-n1"], ["search", "node:zone-b-n1"], ["search", "zone:zone-a"], ["search", "zone:zone-b"],
    ]);
    expect(edges).toContainEqual(["node:zone-c-n2", "zone:zone-c"]);
  });
});

describe("cache entities", () => {
  it("a failed cache stops hitting and its misses jump; non-caches emit nothing", () => {
    let fleet = run(createFleet(defaultTopology, t0), t0, t0 + 60_000);
    const before = cacheSamples(fleet, fleet.nowMs);
    expect(new Set(before.map((s) => s.service))).toEqual(new Set(["cache"]));
    expect(value(before, "cache", "hit_ratio")).toBeCloseTo(0.9);
    fleet = injectFault(fleet, { kind: "cache-failure" }, fleet.nowMs).state;
    fleet = run(fleet, fleet.nowMs, fleet.nowMs + 30_000);
    const after = cacheSamples(fleet, fleet.nowMs);
    expect(value(after, "cache", "hit_ratio")).toBe(0);
    expect(value(after, "cache", "misses_per_second")).toBeCloseTo(fleet.services.find((s) => s.name === "cache")!.metrics.request_rate);
    expect(value(after, "cache", "misses_per_second")!).toBeGreaterThan(5 * value(before, "cache", "misses_per_second")!);
  });

  it("derives the backend's dependency on the cache from the miss calls, once per pair", () => {
    expect(cacheBackingEdges(defaultTopology)).toEqual([["database", "cache"]]);
  });
});
