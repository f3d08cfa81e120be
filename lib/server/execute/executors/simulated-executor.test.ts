import { describe, expect, it } from "vitest";
import { idempotencyKeyFor, type ExecContext } from "@/lib/execute/executor-port";
import { applyRemediation } from "@/lib/sim/apply-remediation";
import { createFleet } from "@/lib/sim/create-fleet";
import { defaultTopology } from "@/lib/sim/default-topology";
import type { FleetState } from "@/lib/sim/fleet-types";
import { createSimulatedExecutor, toRemediationAction } from "./simulated-executor";

const t0 = 1_800_000_000_000;
const ctx = (step: number, over: Partial<ExecContext> = {}): ExecContext => ({
  planId: "p1",
  step,
  phase: "execute",
  idempotencyKey: idempotencyKeyFor("p1", step, "execute"),
  fencingToken: 1,
  claimedAt: t0,
  deadline: t0 + 60_000,
  ...over,
});

function fleetExecutor() {
  let state: FleetState = createFleet(defaultTopology, t0);
  const executor = createSimulatedExecutor(
    (a) => {
      const r = applyRemediation(state, a, t0);
      state = r.state;
      return r.result;
    },
    () => t0,
  );
  return {
    executor,
    replicas: (name: string) => state.services.find((s) => s.name === name)!.replicas.length,
  };
}

describe("simulated executor", () => {
  it("changes the fleet once per idempotency key: a re-run is a duplicate", async () => {
    const { executor, replicas } = fleetExecutor();
    const before = replicas("gateway");
    const scale = { kind: "scale-out" as const, target: { service: "gateway", replicas: 2 }, params: {} };
    expect(await executor.execute(scale, ctx(0))).toMatchObject({ status: "applied", attempts: 1 });
    expect(await executor.execute(scale, ctx(0, { fencingToken: 2 }))).toMatchObject({ status: "duplicate" });
    expect(replicas("gateway")).toBe(before + 2);
  });

  it("rejects what the fleet refuses and what is not a valid remediation, without retry", async () => {
    const { executor } = fleetExecutor();
    expect(
      await executor.execute({ kind: "restart", target: { service: "nope" }, params: {} }, ctx(1)),
    ).toMatchObject({ status: "rejected", detail: expect.stringMatching(/unknown service/) as unknown });
    expect(
      await executor.execute({ kind: "drain-node", target: { service: "*" }, params: {} }, ctx(2)),
    ).toMatchObject({ status: "rejected", detail: expect.stringMatching(/target.node/) as unknown });
    expect(
      toRemediationAction({ kind: "restart", target: { service: "api" }, params: {} }, ""),
    ).toMatchObject({ ok: false });
  });

  it("does not act past the step's deadline, and reports a throwing fleet as retryable", async () => {
    const late = createSimulatedExecutor(
      () => ({ status: "applied", healedFaultIds: [] }),
      () => t0 + 60_000,
    );
    expect(
      await late.execute({ kind: "restart", target: { service: "gateway" }, params: {} }, ctx(0)),
    ).toMatchObject({ status: "failed", retryable: true, attempts: 0 });
    const broken = createSimulatedExecutor(
      () => {
        throw new Error("fleet not started");
      },
      () => t0,
    );
    expect(
      await broken.execute({ kind: "restart", target: { service: "gateway" }, params: {} }, ctx(0)),
    ).toMatchObject({ status: "failed", retryable: true });
  });
});
