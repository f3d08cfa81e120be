import { describe, expect, it } from "vitest";
import { probeSamples, probeSignal, probeSpecSchema, readJsonPath, type ProbeResult } from "./probe-spec";

const result = (ok: boolean): ProbeResult => ({
  probe: "cart-live",
  service: "cart",
  kind: "liveness",
  t: 1000,
  ok,
  durationMs: 12,
  status: ok ? 200 : 503,
  failure: ok ? undefined : "status 503 (expected 2xx)",
});

describe("probe specs and results", () => {
  it("fills defaults and reads durations with units", () => {
    const spec = probeSpecSchema.parse({
      name: "p",
      service: "s",
      url: "http://127.0.0.1/healthz",
      minIntervalMs: "10s",
      expectStatus: 204,
    });
    expect(spec).toMatchObject({
      kind: "liveness",
      method: "GET",
      timeoutMs: 2_000,
      minIntervalMs: 10_000,
      maxIntervalMs: 300_000,
      expectStatus: [204],
    });
  });

  it("refuses bad URLs and inverted bounds", () => {
    const issues = (x: unknown) => {
      const r = probeSpecSchema.safeParse(x);
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    };
    expect(issues({ name: "p", service: "s", url: "ftp://x" })).toEqual(["url: must be an http(s) URL"]);
    expect(
      issues({ name: "p", service: "s", url: "http://x", minIntervalMs: "10m", maxIntervalMs: "1m" }),
    ).toEqual(["minIntervalMs: minIntervalMs must not exceed maxIntervalMs"]);
  });

  it("emits probe_success and probe_duration_ms per probe", () => {
    expect(probeSamples(result(false))).toEqual([
      { service: "cart", metric: 'probe_success{probe="cart-live"}', t: 1000, v: 0 },
      { service: "cart", metric: 'probe_duration_ms{probe="cart-live"}', t: 1000, v: 12 },
    ]);
  });

  it("signals the first failure and the recovery, not every repeat", () => {
    expect(probeSignal(result(false), true)).toMatchObject({
      kind: "probe",
      severity: "critical",
      summary: "liveness probe cart-live failed: status 503 (expected 2xx)",
    });
    expect(probeSignal(result(false), undefined)?.severity).toBe("critical");
    expect(probeSignal(result(false), false)).toBeNull();
    expect(probeSignal(result(true), false)).toMatchObject({
      severity: "info",
      summary: "liveness probe cart-live recovered",
    });
    expect(probeSignal(result(true), true)).toBeNull();
    expect(probeSignal({ ...result(false), kind: "readiness" }, true)?.severity).toBe("warning");
  });

  it("reads dotted JSON paths", () => {
    const body = { status: "UP", checks: { db: { status: "DOWN" } }, items: [{ ok: true }] };
    expect(readJsonPath(body, "status")).toBe("UP");
    expect(readJsonPath(body, "checks.db.status")).toBe("DOWN");
    expect(readJsonPath(body, "items.0.ok")).toBe(true);
    expect(readJsonPath(body, "checks.cache.status")).toBeUndefined();
  });
});
