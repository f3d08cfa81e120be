import { describe, expect, it } from "vitest";
import { Twin } from "./test-twin";

const minutes = 60_000;

describe("remediation effects", () => {
  it("restart rolls through replicas one at a time, costing capacity while each starts", () => {
    const t = new Twin().run(minutes);
    t.apply({ kind: "restart", target: { service: "catalog" } });
    t.run(10_000);
    expect(t.metric("catalog", "replicas_ready")).toEqual({ f: 3, c: 4 });
    t.run(80_000);
    expect(t.metric("catalog", "replicas_ready")).toEqual({ f: 4, c: 4 });
  });

  it("scale in removes replicas and refuses to remove the last one", () => {
    const t = new Twin().run(minutes);
    expect(t.apply({ kind: "scale-in", target: { service: "search" } }).status).toBe("applied");
    t.run(5_000);
    expect(t.metric("search", "replicas_ready").f).toBe(1);
    expect(t.metric("search", "saturation").f).toBeGreaterThan(0.9);
    expect(t.apply({ kind: "scale-in", target: { service: "search" } })).toMatchObject({ status: "rejected", reason: "cannot remove 1 of 1 replicas" });
  });

  it("an open breaker on a required dependency fails its callers fast; closing it restores them", () => {
    const t = new Twin().run(minutes);
    t.apply({ kind: "open-circuit-breaker", target: { service: "catalog" } });
    t.run(10_000);
    expect(t.metric("catalog", "request_rate").f).toBe(0);
    expect(t.metric("gateway", "error_rate").f).toBeGreaterThan(0.5);
    expect(t.apply({ kind: "close-circuit-breaker", target: { service: "catalog" } }).status).toBe("applied");
    t.run(minutes);
    expect(t.metric("gateway", "error_rate").f).toBeLessThan(0.01);
  });

  it("a wrong remediation can hurt: restarting the database during a cache stampede", () => {
    const untouched = new Twin().run(minutes);
    untouched.inject({ kind: "cache-failure" });
    untouched.run(5 * minutes);
    const restarted = new Twin().run(minutes);
    restarted.inject({ kind: "cache-failure" });
    restarted.run(5 * minutes);
    restarted.apply({ kind: "restart", target: { service: "database" } });
    restarted.run(45_000);
    untouched.run(45_000);
    expect(restarted.metric("database", "replicas_ready").f).toBe(2);
    expect(restarted.metric("catalog", "error_rate").f).toBeGreaterThan(untouched.metric("catalog", "error_rate").f);
  });

  it("a restarted cache starts cold and refills on its own", () => {
    const t = new Twin().run(minutes);
    t.apply({ kind: "restart", target: { service: "cache" } });
    t.run(5_000);
    expect(t.metric("database", "request_rate").f).toBeGreaterThan(1.5 * t.metric("database", "request_rate").c);
    t.run(60 * minutes);
    expect(t.metric("database", "request_rate").f).toBeLessThan(1.05 * t.metric("database", "request_rate").c);
  });

  it("drain and fail-over move replicas off the target and refuse unknown targets", () => {
    const t = new Twin().run(minutes);
    expect(t.apply({ kind: "drain-node", target: { service: "*", node: "zone-a-n1" } }).status).toBe("applied");
    expect(t.faulted.services.flatMap((s) => s.replicas).some((r) => r.node === "zone-a-n1")).toBe(false);
    expect(t.apply({ kind: "failover-zone", target: { service: "*", zone: "zone-x" } })).toMatchObject({ status: "rejected", reason: 'unknown zone "zone-x"' });
    expect(t.apply({ kind: "failover-zone", target: { service: "*", zone: "zone-c" } }).status).toBe("applied");
    expect(t.faulted.services.flatMap((s) => s.replicas).some((r) => r.zone === "zone-c")).toBe(false);
    t.run(2 * minutes);
    expect(t.faulted.services.every((s) => s.metrics.replicas_ready === s.replicas.length)).toBe(true);
  });

  it("restarts only the fullest replicas when given a count, as a stopgap for a leak", () => {
    const t = new Twin().run(minutes);
    t.inject({ kind: "memory-leak", service: "catalog", leakPerHour: 0.6 });
    t.run(30 * minutes);
    const fullest = [...t.faulted.services.find((s) => s.name === "catalog")!.replicas].sort((a, b) => b.memory - a.memory)[0]!.id;
    expect(t.apply({ kind: "restart", target: { service: "catalog", replicas: 1 } })).toEqual({ status: "applied", healedFaultIds: [] });
    const after = t.faulted.services.find((s) => s.name === "catalog")!.replicas;
    expect(after.find((r) => r.id === fullest)!.memory).toBeCloseTo(0.4, 5);
    expect(after.filter((r) => r.memory > 0.5)).toHaveLength(3);
  });

  it("restart with larger limits adds capacity and memory headroom", () => {
    const t = new Twin().run(minutes);
    t.apply({ kind: "restart", target: { service: "search" }, params: { limitsFactor: 2 } });
    t.run(2 * minutes);
    expect(t.metric("search", "saturation").f).toBeCloseTo(t.metric("search", "saturation").c / 2, 1);
    expect(t.metric("search", "memory").f).toBeCloseTo(0.2, 5);
    expect(t.apply({ kind: "restart", target: { service: "search" }, params: { limitsFactor: 100 } }).status).toBe("rejected");
  });

  it("degrade sheds load and optional calls, and shed 0 undoes it", () => {
    const t = new Twin().run(minutes);
    t.apply({ kind: "degrade", target: { service: "frontend" }, params: { shed: 0.3 } });
    t.run(30_000);
    expect(t.metric("frontend", "error_rate").f).toBeGreaterThan(0.29);
    expect(t.metric("recommendations", "request_rate").f).toBe(0);
    expect(t.metric("gateway", "request_rate").f).toBeLessThan(0.8 * t.metric("gateway", "request_rate").c);
    t.apply({ kind: "degrade", target: { service: "frontend" }, params: { shed: 0 } });
    t.run(30_000);
    expect(t.metric("frontend", "error_rate").f).toBeLessThan(0.01);
  });

  it("rolls back to a named version and limits breakers to the named callers", () => {
    const t = new Twin().run(minutes);
    t.inject({ kind: "bad-deploy", service: "checkout", version: "v2" });
    expect(t.apply({ kind: "rollback", target: { service: "checkout" }, params: { to: "v9" } })).toMatchObject({ status: "rejected", reason: 'unknown version "v9"' });
    expect(t.apply({ kind: "rollback", target: { service: "checkout" }, params: { to: "v1" } }).healedFaultIds).toEqual(["fault-1"]);
    t.apply({ kind: "open-circuit-breaker", target: { service: "users" }, params: { callers: "checkout" } });
    expect(t.faulted.services.filter((s) => s.openBreakers.includes("users")).map((s) => s.name)).toEqual(["checkout"]);
  });

  it("fails over one service at a time; the zone loss counts as healed once nothing is left there", () => {
    const t = new Twin().run(minutes);
    const fault = t.inject({ kind: "zone-loss", zone: "zone-a" });
    expect(t.apply({ kind: "failover-zone", target: { service: "catalog", zone: "zone-a" } })).toEqual({ status: "applied", healedFaultIds: [] });
    expect(t.faulted.services.find((s) => s.name === "catalog")!.replicas.some((r) => r.zone === "zone-a")).toBe(false);
    expect(t.faulted.services.find((s) => s.name === "gateway")!.replicas.some((r) => r.zone === "zone-a")).toBe(true);
    expect(t.apply({ kind: "failover-zone", target: { service: "*", zone: "zone-a" } }).healedFaultIds).toEqual([fault.id]);
  });
});
