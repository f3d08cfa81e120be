import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { roles } from "@/lib/auth/permissions";
import type { ActionRecord } from "@/lib/plan/types";
import { actionRecordsFor, canExecute } from "./can-execute";
import { decide, openGate } from "./gate";
import type { PlanContent } from "./plan-hash";
import { approved, contentArb, ctx, policy, t0, ttl } from "./test-gate-fixtures";

// The execution-time invariants over whole histories: no run without a valid approval
// whatever decisions came before, and budgets never exceeded in any window.

describe("canExecute over histories", () => {
  it("never lets a plan run without a valid approval, whatever decisions came before", () => {
    // Weighted towards valid approvers so that a fair share of runs end executable.
    const users = ["alice", "bob", "alice", "bob", "carol", "dave", "loop"];
    const step = fc.record({
      userId: fc.constantFrom(...users),
      role: fc.constantFrom(...roles),
      kind: fc.constantFrom("approve", "approve", "approve", "auto", "veto", "stale"),
      dt: fc.integer({ min: 0, max: ttl / 8 }),
    });
    fc.assert(
      fc.property(
        contentArb(),
        fc.constantFrom(1 as const, 2 as const),
        fc.boolean(),
        fc.array(step, { maxLength: 6 }),
        fc.integer({ min: 0, max: (6 * ttl) / 5 }),
        (base, approvers, auto, steps, wait) => {
          const c: PlanContent = {
            ...base,
            proposal: {
              ...base.proposal,
              strategy: "restart-replica",
              approval: { auto: auto && approvers === 1, approvers, reason: "r" },
            },
          };
          let gate = openGate(c, t0, { approvalTtlMs: ttl });
          let now = t0;
          for (const s of steps) {
            now += s.dt;
            const event =
              s.kind === "veto"
                ? { type: "veto" as const, userId: s.userId, role: s.role, reason: "no" }
                : s.kind === "auto"
                  ? {
                      type: "auto-approve" as const,
                      ruleId: "restart-one",
                      ruleVersion: 3,
                      planHash: gate.planHash,
                      planVersion: gate.planVersion,
                    }
                  : {
                      type: "approve" as const,
                      userId: s.userId,
                      role: s.role,
                      planHash: s.kind === "stale" ? "e".repeat(64) : gate.planHash,
                      planVersion: gate.planVersion,
                    };
            gate = decide(gate, event, now, { approvalTtlMs: ttl }).state;
          }
          const at = now + wait;
          const v = canExecute(
            gate,
            c,
            at,
            ctx({ approverRoles: { alice: "approver", bob: "admin", carol: "operator", dave: "viewer" } }),
          );
          if (!v.ok) return;
          expect(gate.status).toBe("approved");
          const live = gate.approvals.filter((a) => at < a.at + ttl && a.planHash === gate.planHash);
          const people = new Set(
            live.flatMap((a) =>
              a.by.kind === "user" && a.by.userId !== c.requestedBy && ["alice", "bob"].includes(a.by.userId)
                ? [a.by.userId]
                : [],
            ),
          );
          const byRule =
            live.some((a) => a.by.kind === "rule") && c.proposal.approval.auto && approvers === 1;
          expect(byRule || people.size >= approvers).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("never lets executed actions exceed a budget in any window, and refuses a plan whole", () => {
    const services = ["api", "db", "cache"];
    const action = fc.record({
      kind: fc.constant("restart" as const),
      target: fc.record({ service: fc.constantFrom(...services), replicas: fc.constant(1) }),
      params: fc.constant({}),
    });
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            contentArb(fc.array(action, { minLength: 1, maxLength: 4 })),
            fc.integer({ min: 0, max: 20 * 60_000 }),
          ),
          { maxLength: 25 },
        ),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 5 }),
        (plans, perService, global) => {
          const budgets = [
            { id: "per-svc", scope: "service", windowMinutes: 60, maxActions: perService },
            { id: "all", scope: "global", windowMinutes: 30, maxActions: global },
          ];
          const p = policy({ constraints: { budgets } });
          let history: ActionRecord[] = [];
          let now = t0;
          for (const [c, dt] of plans) {
            now += dt;
            const gate = approved(c, ["alice"], now);
            const v = canExecute(gate, c, now, ctx({ policy: p, history }));
            if (v.ok) history = [...history, ...actionRecordsFor(gate, c, now)];
            else expect(v.retryable).toBe(true);
          }
          for (const r of history) {
            const inWindow = (min: number) =>
              history.filter((h) => h.at > r.at - min * 60_000 && h.at <= r.at);
            expect(inWindow(30).length).toBeLessThanOrEqual(global);
            expect(inWindow(60).filter((h) => h.service === r.service).length).toBeLessThanOrEqual(
              perService,
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
