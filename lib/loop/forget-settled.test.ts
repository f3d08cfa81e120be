import { describe, expect, it } from "vitest";
import { createLoopState, type IncidentState, type PlanState } from "./loop-state";
import { forgetSettled } from "./forget-settled";

const hour = 3_600_000;
const now = Date.UTC(2026, 0, 14, 15, 0, 0);

function incident(id: string, resolvedAt: number | null, planIds: string[]): IncidentState {
  return {
    id, status: resolvedAt === null ? "open" : "resolved", openedAt: now - 5 * hour, onset: now - 5 * hour, updatedAt: now, resolvedAt, services: ["api"],
    rootCause: "api", failureClass: "unknown", frozen: true, reviewedAt: null, classification: null, stableAnalyses: 0, rca: null,
    baseline: { from: now - 6 * hour, to: now - 5 * hour }, healthyCycles: 0, attempts: {}, planIds, notifiedNeedsHuman: false,
  };
}

function plan(id: string, incidentId: string, status: PlanState["status"]): PlanState {
  return {
    id, incidentId, service: "api", strategy: "restart-replica", level: "light", failureClass: "unknown", actions: [], ruleId: null,
    proposedAt: now - 4 * hour, status, executedAt: null, finishedAt: null,
  };
}

describe("forgetSettled", () => {
  it("drops long-resolved incidents and their settled plans, and keeps what can still change", () => {
    const state = createLoopState();
    state.incidents.push(incident("old", now - 2 * hour, ["old-p1", "old-p2"]), incident("recent", now - 60_000, ["recent-p1"]), incident("open", null, ["open-p1"]));
    state.plans = {
      "old-p1": plan("old-p1", "old", "succeeded"),
      // Still verifying although its incident resolved: its outcome has yet to be folded in.
      "old-p2": plan("old-p2", "old", "verifying"),
      "recent-p1": plan("recent-p1", "recent", "vetoed"),
      "open-p1": plan("open-p1", "open", "failed"),
    };

    forgetSettled(state, now, hour);

    expect(state.incidents.map((i) => i.id)).toEqual(["recent", "open"]);
    expect(Object.keys(state.plans).sort()).toEqual(["old-p2", "open-p1", "recent-p1"]);
  });
});
