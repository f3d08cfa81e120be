import fc from "fast-check";
import { roles } from "@/lib/auth/permissions";
import { describe, expect, it } from "vitest";
import type { ActionRecord, PlanAction } from "@/lib/plan/types";
import { policySchema, type Policy } from "@/lib/policy/policy-schema";
import { actionRecordsFor, canExecute, type ExecutionContext } from "./can-execute";
import { runningControl } from "./execution-control";
import { decide, openGate } from "./gate";
import type { GateState } from "./gate-types";
import type { PlanContent } from "./plan-hash";
import { fieldPaths, mutateAt, planActionArb, planContentArb } from "./test-arbitraries";

const ttl = 15 * 60_000;
const t0 = 1_800_000_000_000;

const policy = (extra: Record<string, unknown> = {}): Policy =>
  policySchema.parse({
    version: 3,
    name: "test",
    rules: [
      {
        id: "restart-one",
        allow: ["restart-replica", "scale-out"],
        autoApprove: { strategies: ["restart-replica"], maxActions: 99 },
      },
      { id: "wide", allow: ["emergency-drain"], allowWildcardTargets: true },
    ],
    ...extra,
  });

const ctx = (over: Partial<ExecutionContext> = {}): ExecutionContext => ({
  approvalTtlMs: ttl,
  approverRoles: { alice: "approver", bob: "admin", carol: "approver" },
  control: runningControl,
  policy: policy(),
  history: [],
  ...over,
});

const concreteAction = planActionArb.map((a): PlanAction => ({
  ...a,
  target: { ...a.target, service: a.target.service, replicas: 1 + (a.target.replicas ?? 0) },
}));

/** A loop-proposed plan on concrete targets, allowed by rule restart-one, small blast radius. */
const contentArb = (actions = fc.array(concreteAction, { minLength: 1, maxLength: 4 })) =>
  planContentArb(actions).map((c): PlanContent => ({
    ...c,
    requestedBy: "loop",
    proposal: {
      ...c.proposal,
      strategy: "scale-out",
      blastRadius: { ...c.proposal.blastRadius, trafficShare: 0.1 },
      policy: { ruleId: "restart-one", policyVersion: 3 },
      approval: { auto: false, approvers: 1, reason: "test" },
    },
  }));

function approved(content: PlanContent, by: string[] = ["alice"], at = t0): GateState {
  let gate = openGate(content, at);
  for (const userId of by)
    gate = decide(
      gate,
      { type: "approve", userId, role: "approver", planHash: gate.planHash, planVersion: gate.planVersion },
      at,
      { approvalTtlMs: ttl },
    ).state;
  return gate;
}

describe("canExecute", () => {
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
          let gate = openGate(c, t0);
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

  it("runs an approved, untouched plan", () => {
    fc.assert(
      fc.property(contentArb(), (c) => {
        const v = canExecute(approved(c), c, t0 + 1, ctx());
        expect(v).toMatchObject({
          ok: true,
          noop: false,
          approvedBy: [{ kind: "user", userId: "alice", role: "approver" }],
        });
      }),
    );
  });

  it("never runs a plan whose stored content changed in any field after approval", () => {
    fc.assert(
      fc.property(
        contentArb().chain((c) => fc.tuple(fc.constant(c), fc.constantFrom(...fieldPaths(c)))),
        ([c, path]) => {
          const gate = approved(c);
          const tampered = mutateAt(c, path);
          expect(canExecute(gate, tampered, t0 + 1, ctx())).toMatchObject({ ok: false, retryable: false });
          // Rewriting the stored hash to match does not help: the approvals name the old one.
          const rehashed = {
            ...openGate(tampered, t0),
            status: "approved" as const,
            approvals: gate.approvals,
          };
          expect(canExecute(rehashed, tampered, t0 + 1, ctx())).toMatchObject({
            ok: false,
            retryable: false,
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("does not run a pending, vetoed or expired plan", () => {
    fc.assert(
      fc.property(
        contentArb(),
        fc.constantFrom("pending", "vetoed", "expired") as fc.Arbitrary<GateState["status"]>,
        (c, status) => {
          expect(canExecute({ ...approved(c), status }, c, t0 + 1, ctx())).toMatchObject({
            ok: false,
            retryable: false,
          });
        },
      ),
    );
  });

  it("re-checks roles now: an approver demoted or removed since no longer counts", () => {
    const c = fc.sample(contentArb(), { numRuns: 1, seed: 2 })[0]!;
    const gate = approved(c);
    expect(canExecute(gate, c, t0 + 1, ctx({ approverRoles: { alice: "operator" } }))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/role is now operator/) as unknown,
    });
    expect(canExecute(gate, c, t0 + 1, ctx({ approverRoles: {} }))).toMatchObject({
      ok: false,
      retryable: false,
    });
  });

  it("ignores an approval by the requester even if one was written into the record", () => {
    const c = { ...fc.sample(contentArb(), { numRuns: 1, seed: 3 })[0]!, requestedBy: "alice" };
    const gate = openGate(c, t0);
    const forged: GateState = {
      ...gate,
      status: "approved",
      approvals: [
        {
          by: { kind: "user", userId: "alice", role: "approver" },
          at: t0,
          comment: null,
          planHash: gate.planHash,
          planVersion: gate.planVersion,
        },
      ],
    };
    expect(canExecute(forged, c, t0 + 1, ctx())).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/requester/) as unknown,
    });
  });

  it("needs two distinct live approvals when the plan, or the current policy's threshold, says two", () => {
    const base = fc.sample(contentArb(), { numRuns: 1, seed: 4 })[0]!;
    const two = {
      ...base,
      proposal: { ...base.proposal, approval: { auto: false, approvers: 2 as const, reason: "wide" } },
    };
    expect(canExecute(approved(two, ["alice"]), two, t0 + 1, ctx()).ok).toBe(false);
    expect(canExecute(approved(two, ["alice", "alice"]), two, t0 + 1, ctx()).ok).toBe(false);
    expect(canExecute(approved(two, ["alice", "bob"]), two, t0 + 1, ctx()).ok).toBe(true);
    const tightened = policy({ approvals: { twoApproversAboveBlastRadius: 0.05 } });
    expect(canExecute(approved(base, ["alice"]), base, t0 + 1, ctx({ policy: tightened })).ok).toBe(false);
  });

  it("refuses once the approval is ttl old: valid at ttl - 1 ms, expired at ttl", () => {
    fc.assert(
      fc.property(contentArb(), fc.integer({ min: 0, max: ttl - 1 }), (c, approvedAfter) => {
        const gate = approved(c, ["alice"], t0 + approvedAfter);
        const edge = t0 + approvedAfter + ttl;
        expect(canExecute(gate, c, edge - 1, ctx()).ok).toBe(true);
        expect(canExecute(gate, c, edge, ctx())).toMatchObject({
          ok: false,
          retryable: false,
          reason: expect.stringMatching(/expired/) as unknown,
        });
      }),
    );
  });

  it("stops at once on the kill switch, a paused service or a policy hold, and waits rather than refuses", () => {
    fc.assert(
      fc.property(contentArb(), (c) => {
        const gate = approved(c);
        const pause = { by: "carol", reason: "incident review", at: t0 };
        expect(
          canExecute(gate, c, t0 + 1, ctx({ control: { paused: pause, servicePauses: {} } })),
        ).toMatchObject({ ok: false, retryable: true });
        const svc = c.proposal.actions[0]!.target.service;
        expect(
          canExecute(gate, c, t0 + 1, ctx({ control: { paused: null, servicePauses: { [svc]: pause } } })),
        ).toMatchObject({ ok: false, retryable: true });
        const hold = {
          service: svc,
          reason: "freeze",
          from: new Date(t0).toISOString(),
          until: new Date(t0 + 3_600_000).toISOString(),
        };
        expect(canExecute(gate, c, t0 + 1, ctx({ policy: policy({ holds: [hold] }) }))).toMatchObject({
          ok: false,
          retryable: true,
        });
      }),
    );
  });

  it("treats an empty plan as an approved no-op, and refuses a wildcard unless the allowing rule permits it", () => {
    const base = fc.sample(contentArb(), { numRuns: 1, seed: 5 })[0]!;
    const empty = { ...base, proposal: { ...base.proposal, actions: [] } };
    expect(canExecute(approved(empty), empty, t0 + 1, ctx())).toMatchObject({ ok: true, noop: true });
    const zero = {
      ...base,
      proposal: {
        ...base.proposal,
        actions: base.proposal.actions.map((a) => ({ ...a, target: { ...a.target, replicas: 0 } })),
      },
    };
    expect(canExecute(approved(zero), zero, t0 + 1, ctx())).toMatchObject({ ok: true, noop: true });
    expect(canExecute(openGate(empty, t0), empty, t0 + 1, ctx()).ok).toBe(false);
    const wild = {
      ...base,
      proposal: {
        ...base.proposal,
        actions: [{ kind: "drain-node" as const, target: { service: "*", node: "n1" }, params: {} }],
      },
    };
    expect(canExecute(approved(wild), wild, t0 + 1, ctx())).toMatchObject({ ok: false, retryable: false });
    const allowed = { ...wild, proposal: { ...wild.proposal, policy: { ruleId: "wide", policyVersion: 3 } } };
    expect(canExecute(approved(allowed), allowed, t0 + 1, ctx()).ok).toBe(true);
  });

  it("runs an auto-approved plan only while its rule still auto-approves the strategy", () => {
    const base = fc.sample(contentArb(), { numRuns: 1, seed: 6 })[0]!;
    const c = {
      ...base,
      proposal: {
        ...base.proposal,
        strategy: "restart-replica" as const,
        approval: { auto: true, approvers: 1 as const, reason: "auto" },
      },
    };
    const gate0 = openGate(c, t0);
    const gate = decide(
      gate0,
      {
        type: "auto-approve",
        ruleId: "restart-one",
        ruleVersion: 3,
        planHash: gate0.planHash,
        planVersion: gate0.planVersion,
      },
      t0,
      { approvalTtlMs: ttl },
    ).state;
    expect(canExecute(gate, c, t0 + 1, ctx()).ok).toBe(true);
    const without = policySchema.parse({
      version: 4,
      name: "t",
      rules: [{ id: "restart-one", allow: ["restart-replica"] }],
    });
    expect(canExecute(gate, c, t0 + 1, ctx({ policy: without })).ok).toBe(false);
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
