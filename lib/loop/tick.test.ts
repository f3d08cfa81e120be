import { describe, expect, it } from "vitest";
import { createLoopState, type IncidentState, type PlanState } from "./loop-state";
import { defaultLoopConfig } from "./loop-config";
import { deriveSeed } from "@/lib/sim/random";
import { faultScenario } from "./fault-scenarios";
import { autopilot, runFault } from "./fleet-run-fixture";
import { runLoopOnFleet } from "./run-loop-on-fleet";
import { verifyPlans } from "./verify-plans";

describe("incidents", () => {
  it("open, update and resolve one incident for one fault, in that order", { timeout: 20_000 }, () => {
    const run = runFault("bad-deploy", 0);
    const mine = run.effects.filter((e) => e.at >= run.onset && (e.effect.type === "open-incident" || e.effect.type === "update-incident" || e.effect.type === "resolve-incident"));
    const ids = new Set(mine.map((e) => (e.effect.type === "open-incident" || e.effect.type === "update-incident" || e.effect.type === "resolve-incident" ? e.effect.incident.id : "")));
    expect(ids.size).toBe(1);
    const kinds = mine.map((e) => e.effect.type);
    expect(kinds[0]).toBe("open-incident");
    expect(kinds).toContain("update-incident");
    expect(kinds.at(-1)).toBe("resolve-incident");
    const resolved = mine.at(-1)!.effect;
    expect(resolved.type === "resolve-incident" && resolved.incident).toMatchObject({ status: "resolved", rootCause: run.fault!.service, failureClass: "bad-deploy" });
    // Every cycle of the incident is tied to it; none after resolution reopens it.
    const after = run.cycles.filter((c) => c.at > mine.at(-1)!.at);
    expect(after.every((c) => c.incidents.every((i) => !ids.has(i.id)))).toBe(true);
  });
});

describe("determinism", () => {
  it("carries on identically when its state goes through JSON every tick, as a resumed checkpoint does", { timeout: 20_000 }, () => {
    const o = { seed: deriveSeed(1, "bad-deploy"), fault: faultScenario("bad-deploy", 0), policy: autopilot, warmupMs: 18 * 60_000, runMs: 8 * 60_000, stopWhenResolved: true };
    const direct = runLoopOnFleet(o);
    const stored = runLoopOnFleet({ ...o, roundTripState: true });
    expect(direct.effects.some((e) => e.effect.type === "verify")).toBe(true);
    expect(JSON.stringify(stored.cycles)).toBe(JSON.stringify(direct.cycles));
    expect(JSON.stringify(stored.effects)).toBe(JSON.stringify(direct.effects));
  });

  it("gives the same cycles and effects for the same seed", { timeout: 20_000 }, () => {
    const a = runFault("pool-exhaustion", 2, 4);
    const b = runFault("pool-exhaustion", 2, 4);
    expect(JSON.stringify(b.cycles)).toBe(JSON.stringify(a.cycles));
    expect(JSON.stringify(b.effects)).toBe(JSON.stringify(a.effects));
  });
});

const t0 = Date.UTC(2026, 0, 14, 15, 0, 0);

/** A loop state with one incident on "api" and one executed restart, and an error-rate series:
 * baseline 0.01 before the onset, `before` until the action at t0, then `after`. */
function verifyingState(before: number, after: number, afterMs: number) {
  const state = createLoopState();
  const incident: IncidentState = {
    id: "inc-1", status: "open", openedAt: t0 - 120_000, onset: t0 - 180_000, updatedAt: t0, resolvedAt: null, services: ["api"],
    rootCause: "api", failureClass: "unknown", frozen: true, reviewedAt: null, classification: null, stableAnalyses: 0, rca: null,
    baseline: { from: t0 - 20 * 60_000, to: t0 - 210_000 }, healthyCycles: 0,
    attempts: { api: [{ strategy: "restart-replica", level: "light", proposedAt: t0 - 10_000, outcome: "pending" }] }, planIds: ["inc-1-p1"], notifiedNeedsHuman: false,
  };
  const plan: PlanState = {
    id: "inc-1-p1", incidentId: "inc-1", service: "api", strategy: "restart-replica", level: "light", failureClass: "unknown",
    actions: [{ kind: "restart", target: { service: "api", replicas: 1 }, params: {} }], ruleId: "r", proposedAt: t0 - 10_000, status: "verifying", executedAt: t0, finishedAt: null,
  };
  state.incidents.push(incident);
  state.plans[plan.id] = plan;
  const t: number[] = [];
  const v: number[] = [];
  let k = 0;
  for (let at = t0 - 20 * 60_000; at <= t0 + afterMs; at += 5_000, k++) {
    const jitter = ((k * 7919) % 11) / 1000;
    t.push(at);
    v.push((at < t0 - 180_000 ? 0.01 : at < t0 ? before : after) + jitter * (at < t0 - 180_000 ? 0.1 : 1));
  }
  state.history["api/error_rate"] = { t, v };
  return { state, now: t0 + afterMs };
}

describe("verification", () => {
  it("asks for a rollback when the action made things worse", () => {
    const { state, now } = verifyingState(0.05, 0.4, 4 * 60_000);
    const { effects, records } = verifyPlans(state, defaultLoopConfig, now);
    expect(records[0]?.verdict).toBe("worse");
    expect(effects).toEqual([expect.objectContaining({ type: "verify", planId: "inc-1-p1", verdict: "worse", rollback: true, services: ["api"] })]);
    expect(state.plans["inc-1-p1"]?.status).toBe("rolled-back");
    expect(state.incidents[0]?.attempts.api?.[0]?.outcome).toBe("rolled-back");
  });

  it("confirms a recovery back to the baseline without a rollback", () => {
    const { state, now } = verifyingState(0.3, 0.01, 4 * 60_000);
    const { effects } = verifyPlans(state, defaultLoopConfig, now);
    expect(effects).toEqual([expect.objectContaining({ verdict: "healed", rollback: false })]);
    expect(state.incidents[0]?.attempts.api?.[0]?.outcome).toBe("succeeded");
  });

  it("waits while the post-action window is short, then calls it unconfirmed at the deadline", () => {
    const early = verifyingState(0.3, 0.3, 90_000);
    expect(verifyPlans(early.state, defaultLoopConfig, early.now).effects).toEqual([]);
    const late = verifyingState(0.3, 0.3, defaultLoopConfig.verification.deadlineMs);
    expect(verifyPlans(late.state, defaultLoopConfig, late.now).effects).toEqual([expect.objectContaining({ verdict: "unconfirmed", rollback: true })]);
  });
});
