import { describe, expect, it } from "vitest";
import { actionKinds, type PlanAction } from "@/lib/plan/types";
import { inverseAction } from "./inverse-action";

const act = (kind: PlanAction["kind"], replicas?: number, params: PlanAction["params"] = {}): PlanAction => ({
  kind,
  target: { service: "api", ...(replicas !== undefined ? { replicas } : {}) },
  params,
});

describe("inverseAction", () => {
  it("undoes scaling by the same number of replicas", () => {
    expect(inverseAction(act("scale-out", 2))).toEqual(act("scale-in", 2));
    expect(inverseAction(act("scale-out"), { replicas: 3 })).toEqual(act("scale-in", 3));
    expect(inverseAction(act("scale-out"))).toBeNull();
    expect(inverseAction(act("scale-in"))).toEqual(act("scale-out", 1));
  });

  it("rolls back to the version recorded before, and flips breakers and load shedding", () => {
    expect(inverseAction(act("rollback"), { version: "v7" })).toEqual(
      act("rollback", undefined, { to: "v7" }),
    );
    expect(inverseAction(act("rollback"))).toBeNull();
    expect(inverseAction(act("open-circuit-breaker", undefined, { callers: "web" }))).toEqual(
      act("close-circuit-breaker", undefined, { callers: "web" }),
    );
    expect(inverseAction(act("degrade", undefined, { shed: 0.3 }))).toEqual(
      act("degrade", undefined, { shed: 0 }),
    );
  });

  it("has no inverse for actions that cannot be taken back", () => {
    const none = actionKinds.filter((k) => inverseAction(act(k), { version: "v1", replicas: 2 }) === null);
    expect(none).toEqual(["restart", "failover-zone", "drain-node", "reset-pool", "warm-cache"]);
  });
});
