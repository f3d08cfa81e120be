import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { policySchema } from "@/lib/policy/policy-schema";
import { canExecute } from "./can-execute";
import { decide, openGate } from "./gate";
import type { GateState } from "./gate-types";
import { approved, contentArb, ctx, policy, t0, ttl } from "./test-gate-fixtures";
import { fieldPaths, mutateAt } from "./test-arbitraries";

describe("canExecute", () => {
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
            ...openGate(tampered, t0, { approvalTtlMs: ttl }),
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
    const gate = openGate(c, t0, { approvalTtlMs: ttl });
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
        const pause = { pausedBy: "carol", reason: "incident review" };
        expect(canExecute(gate, c, t0 + 1, ctx({ pauses: [{ ...pause, service: "*" }] }))).toMatchObject({
          ok: false,
          retryable: true,
        });
        const svc = c.proposal.actions[0]!.target.service;
        expect(canExecute(gate, c, t0 + 1, ctx({ pauses: [{ ...pause, service: svc }] }))).toMatchObject({
          ok: false,
          retryable: true,
        });
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
    expect(canExecute(openGate(empty, t0, { approvalTtlMs: ttl }), empty, t0 + 1, ctx()).ok).toBe(false);
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
    const gate0 = openGate(c, t0, { approvalTtlMs: ttl });
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
});
