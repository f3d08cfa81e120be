import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { roles } from "@/lib/auth/permissions";
import { decide, openGate } from "./gate";
import type { GateEvent, GateState, Role } from "./gate-types";
import { planContentHash, type PlanContent } from "./plan-hash";
import { planContentArb } from "./test-arbitraries";

const ttl = 15 * 60_000;
const settings = { approvalTtlMs: ttl };
const t0 = 1_800_000_000_000;
const users = ["alice", "bob", "carol", "dave"] as const;

const contentArb = (
  approvers: 1 | 2,
  requestedBy: fc.Arbitrary<string> = fc.constantFrom("loop", ...users),
) =>
  fc.tuple(planContentArb(), requestedBy, fc.boolean()).map(([c, by, auto]): PlanContent => ({
    ...c,
    requestedBy: by,
    proposal: {
      ...c.proposal,
      policy: { ruleId: "restart-one", policyVersion: 3 },
      approval: { auto: auto && approvers === 1, approvers, reason: "test" },
    },
  }));

const eventArb = (gate: GateState): fc.Arbitrary<GateEvent> =>
  fc.oneof(
    fc.record({
      type: fc.constant("approve" as const),
      userId: fc.constantFrom(...users, gate.requestedBy),
      role: fc.constantFrom(...roles),
      planHash: fc.oneof(fc.constant(gate.planHash), fc.constant("0".repeat(64))),
      planVersion: fc.oneof(fc.constant(gate.planVersion), fc.constant(gate.planVersion + 1)),
    }),
    fc.record({
      type: fc.constant("veto" as const),
      userId: fc.constantFrom(...users),
      role: fc.constantFrom(...roles),
      reason: fc.constantFrom("", "  ", "looks wrong"),
    }),
    fc.record({
      type: fc.constant("auto-approve" as const),
      ruleId: fc.constantFrom("restart-one", "other"),
      ruleVersion: fc.constantFrom(3, 4),
      planHash: fc.constant(gate.planHash),
      planVersion: fc.constant(gate.planVersion),
    }),
    fc.constant({ type: "expire" as const }),
  );

/** A gate with a run of events at non-decreasing times (some past the deadline). */
const runArb = (approvers: 1 | 2) =>
  contentArb(approvers).chain((content) => {
    const gate = openGate(content, t0, settings);
    return fc.tuple(
      fc.constant(gate),
      fc.array(fc.tuple(eventArb(gate), fc.integer({ min: 0, max: ttl / 3 })), { maxLength: 12 }),
    );
  });

function replay(gate: GateState, steps: readonly (readonly [GateEvent, number])[]) {
  let state = gate;
  let now = t0;
  const log: { before: GateState; after: GateState; event: GateEvent; accepted: boolean; status?: number }[] =
    [];
  for (const [event, dt] of steps) {
    now += dt;
    const { state: after, outcome } = decide(state, event, now, settings);
    log.push({
      before: state,
      after,
      event,
      accepted: outcome.kind === "accepted",
      status: outcome.kind === "rejected" ? outcome.httpStatus : undefined,
    });
    state = after;
  }
  return { state, log };
}

const approve = (gate: GateState, userId: string, role: Role = "approver"): GateEvent => ({
  type: "approve",
  userId,
  role,
  planHash: gate.planHash,
  planVersion: gate.planVersion,
});

describe("decide", () => {
  it("binds the gate to the plan's content hash and version", () => {
    fc.assert(
      fc.property(contentArb(1), (c) => {
        const gate = openGate(c, t0, settings);
        expect(gate.planHash).toBe(planContentHash(c));
        expect(gate.planVersion).toBe(c.version);
        expect(gate.status).toBe("pending");
      }),
    );
  });

  it("never records an approval by the requester, whatever their role", () => {
    fc.assert(
      fc.property(runArb(1), runArb(2), (a, b) => {
        for (const [gate, steps] of [a, b]) {
          const { state, log } = replay(gate, steps);
          expect(state.approvals.every((x) => x.by.kind === "rule" || x.by.userId !== gate.requestedBy)).toBe(
            true,
          );
          for (const l of log)
            if (l.event.type === "approve" && l.event.userId === gate.requestedBy)
              expect(l.accepted).toBe(false);
        }
      }),
    );
  });

  it("reaches at most one final outcome, and after it every decision gets 409 and changes nothing", () => {
    fc.assert(
      fc.property(fc.oneof(runArb(1), runArb(2)), ([gate, steps]) => {
        const { log } = replay(gate, steps);
        const transitions = log.filter((l) => l.before.status !== l.after.status);
        expect(transitions.length).toBeLessThanOrEqual(1);
        for (const l of log) {
          if (!l.accepted) expect(l.after).toBe(l.before);
          if (l.before.status !== "pending") {
            expect(l.accepted).toBe(false);
            if (l.status !== 403 && l.status !== 422) expect(l.status).toBe(409);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("approves only with a quorum of distinct approvers holding an approving role, on the current hash and version", () => {
    fc.assert(
      fc.property(fc.oneof(runArb(1), runArb(2)), ([gate, steps]) => {
        const { state } = replay(gate, steps);
        if (state.status !== "approved") return;
        const people = state.approvals.filter((a) => a.by.kind === "user");
        const rules = state.approvals.filter((a) => a.by.kind === "rule");
        for (const a of state.approvals) {
          expect(a.planHash).toBe(gate.planHash);
          expect(a.planVersion).toBe(gate.planVersion);
          if (a.by.kind === "user") expect(["approver", "admin"]).toContain(a.by.role);
        }
        if (rules.length > 0) {
          expect(gate.requiredApprovers).toBe(1);
          expect(gate.autoRule).toEqual({ ruleId: "restart-one", ruleVersion: 3 });
          expect(rules.map((r) => r.by)).toEqual([{ kind: "rule", ruleId: "restart-one", ruleVersion: 3 }]);
        } else {
          const ids = new Set(people.map((a) => (a.by.kind === "user" ? a.by.userId : "")));
          expect(ids.size).toBe(people.length);
          expect(ids.size).toBeGreaterThanOrEqual(gate.requiredApprovers);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("needs two distinct people for a two-approver plan", () => {
    const gate = openGate(
      fc.sample(contentArb(2, fc.constant("loop")), { numRuns: 1, seed: 7 })[0]!,
      t0,
      settings,
    );
    const one = decide(gate, approve(gate, "alice"), t0 + 1, settings);
    expect(one.outcome).toEqual({ kind: "accepted", effect: "approval-recorded" });
    const again = decide(one.state, approve(gate, "alice", "admin"), t0 + 2, settings);
    expect(again.outcome).toMatchObject({ kind: "rejected", httpStatus: 409 });
    const two = decide(one.state, approve(gate, "bob"), t0 + 3, settings);
    expect(two.outcome).toEqual({ kind: "accepted", effect: "approved" });
    expect(two.state.decidedAt).toBe(t0 + 3);
  });

  it("checks the role at decision time: viewers and operators get 403", () => {
    const gate = openGate(
      fc.sample(contentArb(1, fc.constant("loop")), { numRuns: 1, seed: 3 })[0]!,
      t0,
      settings,
    );
    for (const role of ["viewer", "operator"] as const) {
      expect(decide(gate, approve(gate, "dave", role), t0, settings).outcome).toMatchObject({
        httpStatus: 403,
      });
      expect(
        decide(gate, { type: "veto", userId: "dave", role, reason: "no" }, t0, settings).outcome,
      ).toMatchObject({ httpStatus: 403 });
    }
  });

  it("answers 409 stale for an approval of another hash or version, 422 for a veto without a reason", () => {
    const gate = openGate(
      fc.sample(contentArb(1, fc.constant("loop")), { numRuns: 1, seed: 4 })[0]!,
      t0,
      settings,
    );
    expect(
      decide(gate, { ...approve(gate, "alice"), planHash: "f".repeat(64) } as GateEvent, t0, settings)
        .outcome,
    ).toMatchObject({ httpStatus: 409, reason: expect.stringMatching(/stale/) as unknown });
    expect(
      decide(
        gate,
        { ...approve(gate, "alice"), planVersion: gate.planVersion + 1 } as GateEvent,
        t0,
        settings,
      ).outcome,
    ).toMatchObject({ httpStatus: 409 });
    expect(
      decide(gate, { type: "veto", userId: "alice", role: "approver", reason: " " }, t0, settings).outcome,
    ).toMatchObject({ httpStatus: 422 });
  });

  it("lets the requester withdraw (veto) but not approve; a veto is final", () => {
    const gate = openGate(
      fc.sample(contentArb(1, fc.constant("alice")), { numRuns: 1, seed: 5 })[0]!,
      t0,
      settings,
    );
    expect(decide(gate, approve(gate, "alice"), t0, settings).outcome).toMatchObject({ httpStatus: 403 });
    const vetoed = decide(
      gate,
      { type: "veto", userId: "alice", role: "approver", reason: "wrong service" },
      t0,
      settings,
    );
    expect(vetoed.state.status).toBe("vetoed");
    expect(vetoed.state.veto).toEqual({ userId: "alice", role: "approver", reason: "wrong service", at: t0 });
    expect(decide(vetoed.state, approve(gate, "bob"), t0 + 1, settings).outcome).toMatchObject({
      httpStatus: 409,
    });
  });

  it("auto-approves only through the rule that allowed the plan, and records the rule", () => {
    const plain = fc.sample(contentArb(1, fc.constant("loop")), { numRuns: 1, seed: 6 })[0]!;
    const auto = {
      ...plain,
      proposal: { ...plain.proposal, approval: { auto: true, approvers: 1 as const, reason: "r" } },
    };
    const manual = {
      ...plain,
      proposal: { ...plain.proposal, approval: { auto: false, approvers: 1 as const, reason: "r" } },
    };
    const event = (g: GateState, ruleId = "restart-one", ruleVersion = 3): GateEvent => ({
      type: "auto-approve",
      ruleId,
      ruleVersion,
      planHash: g.planHash,
      planVersion: g.planVersion,
    });
    const ga = openGate(auto, t0, settings);
    const gm = openGate(manual, t0, settings);
    expect(decide(gm, event(gm), t0, settings).outcome).toMatchObject({ httpStatus: 403 });
    expect(decide(ga, event(ga, "other"), t0, settings).outcome).toMatchObject({ httpStatus: 403 });
    expect(decide(ga, event(ga, "restart-one", 4), t0, settings).outcome).toMatchObject({ httpStatus: 403 });
    const ok = decide(ga, event(ga), t0, settings);
    expect(ok.outcome).toEqual({ kind: "accepted", effect: "auto-approved" });
    expect(ok.state.approvals[0]?.by).toEqual({ kind: "rule", ruleId: "restart-one", ruleVersion: 3 });
  });

  it("expires at exactly proposedAt + ttl: one millisecond earlier still decides", () => {
    fc.assert(
      fc.property(contentArb(1, fc.constant("loop")), fc.integer({ min: 1, max: 10 * ttl }), (c, ttlMs) => {
        const s = { approvalTtlMs: ttlMs };
        const gate = openGate(c, t0, s);
        const edge = t0 + ttlMs;
        expect(decide(gate, approve(gate, "bob"), edge - 1, s).outcome.kind).toBe("accepted");
        expect(decide(gate, approve(gate, "bob"), edge, s).outcome).toMatchObject({ httpStatus: 409 });
        expect(
          decide(gate, { type: "veto", userId: "bob", role: "admin", reason: "x" }, edge, s).outcome,
        ).toMatchObject({ httpStatus: 409 });
        expect(decide(gate, { type: "expire" }, edge - 1, s).outcome).toMatchObject({ httpStatus: 409 });
        const expired = decide(gate, { type: "expire" }, edge, s);
        expect(expired.outcome).toEqual({ kind: "accepted", effect: "expired" });
        expect(decide(expired.state, { type: "expire" }, edge + 1, s).outcome).toMatchObject({
          httpStatus: 409,
        });
      }),
    );
  });
});

describe("decision races", () => {
  it("two deciders who read the same pending state: once the first is final, the second gets 409", () => {
    fc.assert(
      fc.property(
        fc
          .oneof(runArb(1), runArb(2))
          .chain(([gate]) => fc.tuple(fc.constant(gate), eventArb(gate), eventArb(gate))),
        ([gate, first, second]) => {
          const a = decide(gate, first, t0 + 1, settings);
          const b = decide(a.state, second, t0 + 2, settings);
          if (a.state.status !== "pending") {
            expect(b.outcome.kind).toBe("rejected");
            expect(b.state).toBe(a.state);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
