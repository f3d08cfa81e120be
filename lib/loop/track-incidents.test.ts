import { describe, expect, it } from "vitest";
import { createLoopState, type IncidentState, type PlanState } from "./loop-state";
import { mergeIncident, olderWithSameCause } from "./track-incidents";

const t0 = Date.UTC(2026, 0, 14, 15, 0, 0);

function incident(id: string, openedAt: number, services: string[], rootCause: string | null, planIds: string[] = []): IncidentState {
  return {
    id, status: "open", openedAt, onset: openedAt - 60_000, updatedAt: openedAt, resolvedAt: null, services, rootCause,
    failureClass: rootCause ? "bad-deploy" : "unknown", frozen: planIds.length > 0, reviewedAt: null, classification: null, stableAnalyses: 0, rca: null,
    baseline: { from: openedAt - 20 * 60_000, to: openedAt - 120_000 }, healthyCycles: 3,
    attempts: planIds.length > 0 && rootCause ? { [rootCause]: [{ strategy: "rollback", level: "light", proposedAt: openedAt + 60_000, outcome: "pending" }] } : {},
    planIds, notifiedNeedsHuman: false,
  };
}

function plan(id: string, incidentId: string): PlanState {
  return {
    id, incidentId, service: "cart", strategy: "rollback", level: "light", failureClass: "bad-deploy",
    actions: [{ kind: "rollback", target: { service: "cart" }, params: {} }], ruleId: null, proposedAt: t0, status: "proposed", executedAt: null, finishedAt: null,
  };
}

describe("one incident per root cause", () => {
  it("finds only an older open incident that names the same cause", () => {
    const state = createLoopState();
    const first = incident("inc-1", t0, ["cart", "checkout"], "cart");
    const other = incident("inc-2", t0 + 60_000, ["search"], "search");
    const second = incident("inc-3", t0 + 13 * 60_000, ["frontend"], "cart");
    state.incidents.push(first, other, second);
    expect(olderWithSameCause(state, second)).toBe(first);
    expect(olderWithSameCause(state, first)).toBeUndefined();
    expect(olderWithSameCause(state, other)).toBeUndefined();
    first.status = "resolved";
    expect(olderWithSameCause(state, second)).toBeUndefined();
    expect(olderWithSameCause(state, incident("inc-4", t0, ["x"], null))).toBeUndefined();
  });

  it("folds the younger into the older: services, plans and attempts move, the younger resolves pointing at it", () => {
    const state = createLoopState();
    const older = incident("inc-1", t0, ["cart", "checkout"], "cart", ["inc-1-p1"]);
    const younger = incident("inc-2", t0 + 13 * 60_000, ["frontend", "cart"], "cart", ["inc-2-p2"]);
    state.incidents.push(older, younger);
    state.plans["inc-1-p1"] = plan("inc-1-p1", "inc-1");
    state.plans["inc-2-p2"] = plan("inc-2-p2", "inc-2");
    const now = t0 + 20 * 60_000;

    const effects = mergeIncident(state, younger, older, now);

    expect(older).toMatchObject({ status: "open", services: ["cart", "checkout", "frontend"], planIds: ["inc-1-p1", "inc-2-p2"], healthyCycles: 0, updatedAt: now });
    expect(older.attempts.cart).toHaveLength(2);
    expect(state.plans["inc-2-p2"]?.incidentId).toBe("inc-1");
    expect(younger).toMatchObject({ status: "resolved", resolvedAt: now, mergedInto: "inc-1", planIds: [], attempts: {} });
    expect(effects.map((e) => e.type)).toEqual(["update-incident", "resolve-incident"]);
    const resolved = effects[1]!;
    expect(resolved.type === "resolve-incident" && resolved.incident.mergedInto).toBe("inc-1");
    expect(olderWithSameCause(state, younger)).toBeUndefined();
  });
});
