import { describe, expect, it } from "vitest";
import { deploySignals, serviceVersions } from "./service-versions";
import { Twin } from "./test-twin";

describe("versions and deploy signals", () => {
  it("report a canary rollout as current/previous and announce it once", () => {
    const t = new Twin().run(60_000);
    const onset = t.now;
    t.inject({ kind: "bad-deploy", service: "checkout", version: "v2", canaryFraction: 0.5 });
    t.run(60_000);
    expect(serviceVersions(t.faulted).checkout).toEqual({ current: "v2", previous: "v1", replicasByVersion: { v1: 1, v2: 1 } });
    expect(serviceVersions(t.faulted).cart).toEqual({ current: "v1", replicasByVersion: { v1: 3 } });
    expect(deploySignals(t.faulted, onset - 1, t.now)).toEqual([
      { service: "checkout", kind: "deploy", t: onset, severity: "info", summary: "deployed v2 (canary: 1 of 2 replicas)", labels: { version: "v2" } },
    ]);
    expect(deploySignals(t.faulted, onset, t.now)).toEqual([]);
    t.apply({ kind: "rollback", target: { service: "checkout" } });
    expect(serviceVersions(t.faulted).checkout).toEqual({ current: "v1", replicasByVersion: { v1: 2 } });
  });
});
