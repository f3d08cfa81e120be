import { describe, expect, it } from "vitest";
import { Twin } from "./test-twin";

const minutes = 60_000;

describe("remediation effects", () => {
  it("restart rolls through replicas one at a time, costing capacity while each starts", () => {
    const t = new Twin().run(minutes);
    t.apply({ kind: "restart", service: "catalog" });
    t.run(10_000);
    expect(t.metric("catalog", "replicas_ready")).toEqual({ f: 3, c: 4 });
    t.run(80_000);
    expect(t.metric("catalog", "replicas_ready")).toEqual({ f: 4, c: 4 });
  });

  it("scale in removes replicas and refuses to remove the last one", () => {
    const t = new Twin().run(minutes);
    expect(t.apply({ kind: "scale_in", service: "search" }).status).toBe("applied");
    t.run(5_000);
    expect(t.metric("search", "replicas_ready").f).toBe(1);
    expect(t.metric("search", "saturation").f).toBeGreaterThan(0.9);
    expect(t.apply({ kind: "scale_in", service: "search" })).toMatchObject({ status: "rejected", reason: "cannot remove 1 of 1 replicas" });
  });

  it("an open breaker on a required dependency fails its callers fast; closing it restores them", () => {
    const t = new Twin().run(minutes);
    t.apply({ kind: "open_circuit_breaker", service: "catalog" });
    t.run(10_000);
    expect(t.metric("catalog", "request_rate").f).toBe(0);
    expect(t.metric("gateway", "error_rate").f).toBeGreaterThan(0.5);
    expect(t.apply({ kind: "close_circuit_breaker", service: "catalog" }).status).toBe("applied");
    t.run(minutes);
    expect(t.metric("gateway", "error_rate").f).toBeLessThan(0.01);
  });

  it("a wrong remediation can hurt: restarting the database during a cache stampede", () => {
    const untouched = new Twin().run(minutes);
    untouched.inject({ kind: "cache_failure" });
    untouched.run(5 * minutes);
    const restarted = new Twin().run(minutes);
    restarted.inject({ kind: "cache_failure" });
    restarted.run(5 * minutes);
    restarted.apply({ kind: "restart", service: "database" });
    restarted.run(45_000);
    untouched.run(45_000);
    expect(restarted.metric("database", "replicas_ready").f).toBe(2);
    expect(restarted.metric("catalog", "error_rate").f).toBeGreaterThan(untouched.metric("catalog", "error_rate").f);
  });

  it("a restarted cache starts cold and refills on its own", () => {
    const t = new Twin().run(minutes);
    t.apply({ kind: "restart", service: "cache" });
    t.run(5_000);
    expect(t.metric("database", "request_rate").f).toBeGreaterThan(1.5 * t.metric("database", "request_rate").c);
    t.run(60 * minutes);
    expect(t.metric("database", "request_rate").f).toBeLessThan(1.05 * t.metric("database", "request_rate").c);
  });

  it("drain and fail-over move replicas off the target and refuse unknown targets", () => {
    const t = new Twin().run(minutes);
    expect(t.apply({ kind: "drain_node", node: "zone-a-n1" }).status).toBe("applied");
    expect(t.faulted.services.flatMap((s) => s.replicas).some((r) => r.node === "zone-a-n1")).toBe(false);
    expect(t.apply({ kind: "fail_over_zone", zone: "zone-x" })).toMatchObject({ status: "rejected", reason: 'unknown zone "zone-x"' });
    expect(t.apply({ kind: "fail_over_zone", zone: "zone-c" }).status).toBe("applied");
    expect(t.faulted.services.flatMap((s) => s.replicas).some((r) => r.zone === "zone-c")).toBe(false);
    t.run(2 * minutes);
    expect(t.faulted.services.every((s) => s.metrics.replicas_ready === s.replicas.length)).toBe(true);
  });
});
