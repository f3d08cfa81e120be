import { describe, expect, it } from "vitest";
import { classifyFailure } from "./classify-failure";
import { findInfraLoss, lostAfterMs, updateUnready } from "./find-infra-loss";
import type { Inventory } from "./inventory";
import type { MetricShift } from "./metric-shift";

const replica = (id: string, zone: string, node: string, version = "v1", ready = true) => ({ id, zone, node, ready, version });

/** web → api → db, with api also reading through a cache whose misses go to db. */
function inventory(apiVersion = "v1"): Inventory {
  return {
    services: [
      { name: "web", kind: "service", labels: {}, critical: true, entry: true, calls: [{ service: "api", optional: false }], replicas: [replica("web-0", "a", "a-1"), replica("web-1", "b", "b-1")] },
      {
        name: "api", kind: "service", labels: {}, critical: false, entry: false,
        calls: [{ service: "cache", optional: true }, { service: "db", optional: false, onMissOf: "cache" }],
        previousVersion: apiVersion === "v1" ? undefined : "v1",
        replicas: [replica("api-0", "a", "a-1", apiVersion), replica("api-1", "b", "b-1", apiVersion)],
      },
      { name: "cache", kind: "cache", labels: {}, critical: false, entry: false, calls: [], replicas: [replica("cache-0", "a", "a-2"), replica("cache-1", "b", "b-1")] },
      { name: "db", kind: "database", labels: {}, critical: true, entry: false, calls: [], replicas: [replica("db-0", "a", "a-2"), replica("db-1", "b", "b-1")] },
    ],
  };
}

function shift(service: string, metric: string, baseline: number, recent: number, onset = 1_000): MetricShift {
  return { service, metric, baseline, recent, z: 50, onset, shifted: true };
}

function shifts(...list: MetricShift[]): Map<string, MetricShift[]> {
  const out = new Map<string, MetricShift[]>();
  for (const s of list) out.set(s.service, [...(out.get(s.service) ?? []), s]);
  return out;
}

const classify = (root: string, list: MetricShift[], inv = inventory()) => classifyFailure({ root, shifts: shifts(...list), inventory: inv, infra: null });

describe("classifyFailure", () => {
  it("reads a new version with climbing memory as a leak, with errors as a bad deploy", () => {
    expect(classify("api", [shift("api", "memory", 0.4, 0.5)], inventory("v2")).failureClass).toBe("memory-leak");
    expect(classify("api", [shift("api", "disk_use", 0.4, 0.5)], inventory("v2")).failureClass).toBe("disk-filling");
    expect(classify("api", [shift("api", "error_rate", 0.001, 0.2)], inventory("v2")).failureClass).toBe("bad-deploy");
  });

  it("takes a deploy signal as a rollout when the inventory has no rollout history", () => {
    const c = classifyFailure({ root: "api", shifts: shifts(shift("api", "error_rate", 0.001, 0.2)), inventory: inventory(), infra: null, deployed: new Set(["api"]) });
    expect(c.failureClass).toBe("bad-deploy");
    expect(c.reasons[0]).toContain("deployed");
  });

  it("tells pool exhaustion (pool first) from a slow service (latency first)", () => {
    expect(classify("api", [shift("api", "pool_use", 0.1, 0.9, 1_000), shift("api", "latency_p50", 10, 900, 60_000)]).failureClass).toBe("pool-exhaustion");
    expect(classify("api", [shift("api", "pool_use", 0.1, 0.9, 60_000), shift("api", "latency_p50", 10, 900, 1_000)]).failureClass).toBe("slow-dependency");
  });

  it("follows slow calls to the slowest callee", () => {
    const c = classify("web", [shift("web", "latency_p50", 100, 300), shift("api", "latency_p50", 10, 1_500)]);
    expect(c).toMatchObject({ failureClass: "slow-dependency", service: "api" });
  });

  it("blames the cache when its misses' target takes far more calls than its callers do", () => {
    const c = classify("db", [shift("db", "request_rate", 800, 3_000), shift("db", "saturation", 0.5, 1.9), shift("api", "request_rate", 500, 550)]);
    expect(c).toMatchObject({ failureClass: "cache-failure", service: "cache" });
  });

  it("calls more requests and saturation a load surge when the callers sent the load", () => {
    const c = classify("db", [shift("db", "request_rate", 800, 2_400), shift("db", "saturation", 0.5, 1.5), shift("api", "request_rate", 500, 1_500)]);
    expect(c).toMatchObject({ failureClass: "load-surge", service: "db" });
  });
});

describe("findInfraLoss", () => {
  const down = (inv: Inventory, nodes: string[]): Inventory => ({
    services: inv.services.map((s) => ({ ...s, replicas: s.replicas.map((r) => ({ ...r, ready: !nodes.includes(r.node) })) })),
  });

  it("sees nothing until replicas have been gone longer than a restart", () => {
    const inv = down(inventory(), ["b-1"]);
    const since = updateUnready({}, inv, 0);
    expect(findInfraLoss(inv, since, lostAfterMs - 1)).toBeNull();
    expect(findInfraLoss(inv, since, lostAfterMs)).toMatchObject({ kind: "node-loss", nodes: ["b-1"], zone: "b" });
  });

  it("calls every node of a zone gone a zone loss", () => {
    const inv = down(inventory(), ["a-1", "a-2"]);
    const loss = findInfraLoss(inv, updateUnready({}, inv, 0), lostAfterMs);
    expect(loss).toMatchObject({ kind: "zone-loss", zone: "a" });
    expect(loss?.services.map((s) => s.service)).toEqual(["web", "api", "cache", "db"]);
  });

  it("ignores one restarting replica", () => {
    const inv: Inventory = { services: inventory().services.map((s) => (s.name === "api" ? { ...s, replicas: s.replicas.map((r, i) => ({ ...r, ready: i !== 0 })) } : s)) };
    expect(findInfraLoss(inv, updateUnready({}, inv, 0), 10 * lostAfterMs)).toBeNull();
  });
});
