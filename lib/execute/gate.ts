import { can } from "@/lib/auth/permissions";
import { planContentHash, type PlanContent } from "./plan-hash";
import type {
  ApprovalRecord,
  GateEvent,
  GateOutcome,
  GateRejection,
  GateSettings,
  GateState,
} from "./gate-types";

// The approval gate for one plan as a pure transition: `decide` returns the next state and
// whether the event was accepted. A rejected event always returns the input state unchanged,
// so the caller persists only accepted transitions; concurrent deciders serialise on the plan
// row and the loser sees the winner's state here and gets its 409.

/** The gate of a freshly proposed plan. Auto-approval is possible only through the policy
 * rule that allowed the plan and marked it `auto`, and never for a two-approver plan. */
export function openGate(content: PlanContent, proposedAt: number, settings: GateSettings): GateState {
  const { approval, policy } = content.proposal;
  return {
    planHash: planContentHash(content),
    planVersion: content.version,
    requestedBy: content.requestedBy,
    requiredApprovers: approval.approvers,
    autoRule:
      approval.auto && approval.approvers === 1 && policy !== null
        ? { ruleId: policy.ruleId, ruleVersion: policy.policyVersion }
        : null,
    proposedAt,
    expiresAt: proposedAt + settings.approvalTtlMs,
    status: "pending",
    approvals: [],
    veto: null,
    decidedAt: null,
  };
}

/** When a pending plan stops accepting approvals. */
export const pendingDeadline = (state: GateState): number => state.expiresAt;

/** Valid while `now < at + ttl`: exactly at the boundary an approval has expired. */
export const approvalLive = (a: ApprovalRecord, now: number, settings: GateSettings): boolean =>
  now < a.at + settings.approvalTtlMs;

const reject = (httpStatus: GateRejection["httpStatus"], reason: string): GateRejection => ({
  kind: "rejected",
  reason,
  httpStatus,
});

/** Distinct live approvers: the same person approving twice counts once. */
function liveApprovers(approvals: readonly ApprovalRecord[], now: number, settings: GateSettings): number {
  const ids = new Set(
    approvals
      .filter((a) => approvalLive(a, now, settings))
      .map((a) => (a.by.kind === "user" ? `user:${a.by.userId}` : `rule:${a.by.ruleId}`)),
  );
  return ids.size;
}

/**
 * Applies one decision at `now`. Approve and veto need a role with `plans.decide`, checked
 * here with the role the caller holds now. 403: role, self-approval, a rule that may not
 * auto-approve; 422: a veto without a reason; 409: a final state, a plan past its deadline,
 * an approval for another hash or version (stale), the same approver twice.
 */
export function decide(
  state: GateState,
  event: GateEvent,
  now: number,
  settings: GateSettings,
): { state: GateState; outcome: GateOutcome } {
  const result = (outcome: GateRejection) => ({ state, outcome });
  const final = state.status !== "pending" ? reject(409, `the plan is already ${state.status}`) : null;
  const late = now >= pendingDeadline(state) ? reject(409, "the plan expired waiting for approval") : null;
  const closed = final ?? late;

  switch (event.type) {
    case "approve": {
      if (!can(event.role, "plans.decide"))
        return result(reject(403, `role ${event.role} may not decide plans`));
      if (closed) return result(closed);
      if (event.userId === state.requestedBy)
        return result(reject(403, "nobody approves a plan they requested"));
      if (event.planHash !== state.planHash || event.planVersion !== state.planVersion)
        return result(reject(409, "stale: the plan changed since you saw it; review the current version"));
      if (state.approvals.some((a) => a.by.kind === "user" && a.by.userId === event.userId))
        return result(reject(409, "you already approved this plan; it needs a different approver"));
      const approvals: ApprovalRecord[] = [
        ...state.approvals,
        {
          by: { kind: "user", userId: event.userId, role: event.role },
          at: now,
          comment: event.comment ?? null,
          planHash: event.planHash,
          planVersion: event.planVersion,
        },
      ];
      const done = liveApprovers(approvals, now, settings) >= state.requiredApprovers;
      return {
        state: { ...state, approvals, ...(done ? { status: "approved" as const, decidedAt: now } : {}) },
        outcome: { kind: "accepted", effect: done ? "approved" : "approval-recorded" },
      };
    }
    case "veto": {
      if (!can(event.role, "plans.decide"))
        return result(reject(403, `role ${event.role} may not decide plans`));
      const reason = event.reason.trim();
      if (reason === "") return result(reject(422, "a veto needs a reason"));
      if (closed) return result(closed);
      return {
        state: {
          ...state,
          status: "vetoed",
          veto: { userId: event.userId, role: event.role, reason, at: now },
          decidedAt: now,
        },
        outcome: { kind: "accepted", effect: "vetoed" },
      };
    }
    case "auto-approve": {
      if (closed) return result(closed);
      const rule = state.autoRule;
      if (rule === null || state.requiredApprovers !== 1)
        return result(reject(403, "no policy rule auto-approves this plan"));
      if (rule.ruleId !== event.ruleId || rule.ruleVersion !== event.ruleVersion)
        return result(
          reject(403, `rule ${event.ruleId} v${event.ruleVersion} is not the rule that allowed this plan`),
        );
      if (event.planHash !== state.planHash || event.planVersion !== state.planVersion)
        return result(reject(409, "stale: the plan changed since the policy evaluated it"));
      return {
        state: {
          ...state,
          status: "approved",
          decidedAt: now,
          approvals: [
            {
              by: { kind: "rule", ruleId: rule.ruleId, ruleVersion: rule.ruleVersion },
              at: now,
              comment: null,
              planHash: state.planHash,
              planVersion: state.planVersion,
            },
          ],
        },
        outcome: { kind: "accepted", effect: "auto-approved" },
      };
    }
    case "expire": {
      // It expired at its deadline, whenever the sweeper noticed.
      if (final) return result(final);
      if (!late) return result(reject(409, "the plan has not expired yet"));
      return {
        state: { ...state, status: "expired", decidedAt: state.expiresAt },
        outcome: { kind: "accepted", effect: "expired" },
      };
    }
  }
}
