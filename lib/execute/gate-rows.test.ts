import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { roles } from "@/lib/auth/permissions";
import { decide, openGate } from "./gate";
import {
  decisionRowFor,
  gateFromRows,
  planStatusAfter,
  type DecisionRow,
  type PlanGateRow,
} from "./gate-rows";
import type { GateEvent, GateState } from "./gate-types";
import { planContentArb } from "./test-arbitraries";

const settings = { approvalTtlMs: 15 * 60_000 };
const t0 = 1_800_000_000_000;

/** Persists as the repository would: a plan row plus one decision row per accepted event. */
function persist(gate: GateState, events: readonly GateEvent[]) {
  const plan: PlanGateRow = {
    contentHash: gate.planHash,
    version: gate.planVersion,
    requestedBy: gate.requestedBy,
    approversRequired: gate.requiredApprovers,
    autoRuleId: gate.autoRule?.ruleId ?? null,
    policyVersion: gate.autoRule?.ruleVersion ?? null,
    createdAt: gate.proposedAt,
    expiresAt: gate.expiresAt,
    status: "proposed",
  };
  const rows: DecisionRow[] = [];
  let state = gate;
  events.forEach((e, i) => {
    const r = decide(state, e, t0 + i, settings);
    if (r.outcome.kind !== "accepted") return;
    state = r.state;
    const row = decisionRowFor(state, r.outcome.effect);
    if (row) rows.push(row);
    plan.status = planStatusAfter(r.outcome.effect) ?? plan.status;
  });
  return { state, plan, rows };
}

describe("gate rows", () => {
  it("round-trips: the gate rebuilt from its rows equals the gate decide produced", () => {
    const users = ["alice", "bob", "carol"];
    fc.assert(
      fc.property(
        planContentArb(),
        fc.constantFrom(1 as const, 2 as const),
        fc.array(
          fc.oneof(
            fc.record({
              type: fc.constant("approve" as const),
              userId: fc.constantFrom(...users),
              role: fc.constantFrom(...roles),
            }),
            fc.record({
              type: fc.constant("veto" as const),
              userId: fc.constantFrom(...users),
              role: fc.constantFrom(...roles),
              reason: fc.constant("no"),
            }),
            fc.constant({ type: "auto-approve" as const }),
          ),
          { maxLength: 5 },
        ),
        (c, approvers, raw) => {
          const content = {
            ...c,
            requestedBy: "loop",
            proposal: {
              ...c.proposal,
              policy: { ruleId: "r1", policyVersion: 2 },
              approval: { auto: approvers === 1, approvers, reason: "" },
            },
          };
          const gate = openGate(content, t0, settings);
          const events = raw.map((e): GateEvent =>
            e.type === "auto-approve"
              ? {
                  type: "auto-approve",
                  ruleId: "r1",
                  ruleVersion: 2,
                  planHash: gate.planHash,
                  planVersion: gate.planVersion,
                }
              : e.type === "approve"
                ? { ...e, planHash: gate.planHash, planVersion: gate.planVersion }
                : e,
          );
          const { state, plan, rows } = persist(gate, events);
          expect(gateFromRows(plan, rows)).toEqual(state);
        },
      ),
    );
  });

  it("drops a decision row whose decider cannot be read, so it never counts", () => {
    const gate = openGate(fc.sample(planContentArb(), { numRuns: 1, seed: 1 })[0]!, t0, settings);
    const plan: PlanGateRow = {
      contentHash: gate.planHash,
      version: gate.planVersion,
      requestedBy: "loop",
      approversRequired: 1,
      autoRuleId: null,
      policyVersion: null,
      createdAt: t0,
      expiresAt: gate.expiresAt,
      status: "approved",
    };
    const row: DecisionRow = {
      kind: "approve",
      decider: "someone",
      roleAtDecision: "admin",
      planHash: gate.planHash,
      planVersion: gate.planVersion,
      comment: null,
      at: t0,
    };
    expect(gateFromRows(plan, [row, { ...row, decider: "user:x", roleAtDecision: null }]).approvals).toEqual(
      [],
    );
  });
});
