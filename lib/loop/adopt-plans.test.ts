import { describe, expect, it } from "vitest";
import { adoptPlans, type AdoptedPlan } from "./adopt-plans";
import { defaultLoopConfig } from "./loop-config";
import { createLoopState, type IncidentState, type LoopState } from "./loop-state";
import { verifyPlans } from "./verify-plans";

const minute = 60_000;
const t0 = Date.UTC(2026, 0, 14, 15, 0, 0);

function manualRestart(service: string, executedAt = t0): AdoptedPlan {
  return {
    planId: "manual:p1",
    proposal: { strategy: "restart-replica", level: "light", service, failureClass: "unknown", actions: [{ kind: "restart", target: { service, replicas: 1 }, params: {} }] },
    proposedAt: executedAt - 2 * minute,
    executedAt,
  };
}

/** A loop that has watched "api" for 40 minutes: error rate `before` until t0, `after` from then. */
function watching(before: number, after: number): LoopState {
  const state = createLoopState();
  state.startedAt = t0 - 40 * minute;
  const t: number[] = [];
  const v: number[] = [];
  for (let at = t0 - 40 * minute, k = 0; at <= t0 + 4 * minute; at += 5_000, k++) {
    t.push(at);
    v.push((at < t0 ? before : after) + ((k * 7919) % 11) / 10_000);
  }
  state.history["api/error_rate"] = { t, v };
  return state;
}

function openIncident(service: string): IncidentState {
  return {
    id: "inc-1", status: "open", openedAt: t0 - 5 * minute, onset: t0 - 6 * minute, updatedAt: t0, resolvedAt: null, services: [service],
    rootCause: service, failureClass: "unknown", frozen: true, reviewedAt: null, classification: null, stableAnalyses: 0, rca: null,
    baseline: { from: t0 - 25 * minute, to: t0 - 7 * minute }, healthyCycles: 0, attempts: {}, planIds: [], notifiedNeedsHuman: false,
  };
}

describe("adoptPlans", () => {
  it("joins a hand-made plan to the open incident on its service, as a pending attempt", () => {
    const state = watching(0.01, 0.01);
    state.incidents.push(openIncident("api"));
    expect(adoptPlans(state, [manualRestart("api")], defaultLoopConfig)).toEqual(["manual:p1"]);
    expect(state.plans["manual:p1"]).toMatchObject({ incidentId: "inc-1", status: "verifying", executedAt: t0 });
    expect(state.incidents[0]?.planIds).toEqual(["manual:p1"]);
    expect(state.incidents[0]?.attempts.api).toEqual([{ strategy: "restart-replica", level: "light", proposedAt: t0 - 2 * minute, outcome: "pending" }]);
    // Adopting the same plan again changes nothing.
    expect(adoptPlans(state, [manualRestart("api")], defaultLoopConfig)).toEqual([]);
  });

  it("verifies a plan with no incident against its service's own pre-action baseline", () => {
    const healthy = watching(0.01, 0.01);
    adoptPlans(healthy, [manualRestart("api")], defaultLoopConfig);
    const healed = verifyPlans(healthy, defaultLoopConfig, t0 + 4 * minute);
    expect(healed.effects).toEqual([expect.objectContaining({ type: "verify", planId: "manual:p1", verdict: "healed", rollback: false })]);
    expect(healthy.plans["manual:p1"]?.status).toBe("succeeded");

    const broken = watching(0.01, 0.4);
    adoptPlans(broken, [manualRestart("api")], defaultLoopConfig);
    const worse = verifyPlans(broken, defaultLoopConfig, t0 + 4 * minute);
    expect(worse.effects).toEqual([expect.objectContaining({ planId: "manual:p1", verdict: "worse", rollback: true, services: ["api"] })]);
  });

  it("leaves out a plan whose baseline the loop did not see", () => {
    const state = watching(0.01, 0.01);
    state.startedAt = t0 - 5 * minute;
    expect(adoptPlans(state, [manualRestart("api")], defaultLoopConfig)).toEqual([]);
    expect(state.plans).toEqual({});
  });
});
