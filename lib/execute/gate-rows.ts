import type { Role } from "@/lib/auth/permissions";
import type { ApprovalRecord, Decider, GateEffect, GateState, GateStatus } from "./gate-types";

// The gate state as the database keeps it: a `plans` row and its `decisions` rows (see
// prisma/schema.prisma). Plain shapes here, so the mapping is tested without a database;
// times are ms since the epoch (the repository converts Dates).

export type PlanGateRow = {
  contentHash: string;
  version: number;
  requestedBy: string;
  approversRequired: number;
  autoRuleId: string | null;
  policyVersion: number | null;
  createdAt: number;
  expiresAt: number;
  /** PlanStatus; every status past `approved` means the gate approved it. */
  status: string;
};

export type DecisionRow = {
  kind: "approve" | "veto" | "auto_approve";
  /** "user:<id>" or "rule:<id>@<version>"; unique per plan, so a person decides once. */
  decider: string;
  roleAtDecision: string | null;
  planHash: string;
  planVersion: number;
  /** The approver's comment, or the veto's reason. */
  comment: string | null;
  at: number;
};

export const deciderKey = (d: Decider): string =>
  d.kind === "user" ? `user:${d.userId}` : `rule:${d.ruleId}@${d.ruleVersion}`;

function parseDecider(key: string, role: string | null): Decider | null {
  const rule = /^rule:(.+)@(-?\d+)$/.exec(key);
  if (rule) return { kind: "rule", ruleId: rule[1]!, ruleVersion: Number(rule[2]) };
  if (key.startsWith("user:") && role !== null)
    return { kind: "user", userId: key.slice(5), role: role as Role };
  return null;
}

const gateStatus = (planStatus: string): GateStatus =>
  planStatus === "proposed"
    ? "pending"
    : planStatus === "vetoed"
      ? "vetoed"
      : planStatus === "expired" || planStatus === "superseded"
        ? "expired"
        : "approved";

/** Rebuilds the gate from its rows. A decision row whose decider cannot be read is dropped,
 * so it can never count as an approval. */
export function gateFromRows(plan: PlanGateRow, decisions: readonly DecisionRow[]): GateState {
  const approvals: ApprovalRecord[] = [];
  let veto: GateState["veto"] = null;
  for (const d of [...decisions].sort((a, b) => a.at - b.at)) {
    const by = parseDecider(d.decider, d.roleAtDecision);
    if (by === null) continue;
    if (d.kind === "veto" && by.kind === "user")
      veto = { userId: by.userId, role: by.role, reason: d.comment ?? "", at: d.at };
    else if (d.kind !== "veto")
      approvals.push({ by, at: d.at, comment: d.comment, planHash: d.planHash, planVersion: d.planVersion });
  }
  const status = gateStatus(plan.status);
  const decidedAt =
    status === "pending"
      ? null
      : status === "expired"
        ? plan.expiresAt
        : (veto?.at ?? approvals[approvals.length - 1]?.at ?? null);
  return {
    planHash: plan.contentHash,
    planVersion: plan.version,
    requestedBy: plan.requestedBy,
    requiredApprovers: plan.approversRequired >= 2 ? 2 : 1,
    autoRule:
      plan.autoRuleId !== null && plan.policyVersion !== null
        ? { ruleId: plan.autoRuleId, ruleVersion: plan.policyVersion }
        : null,
    proposedAt: plan.createdAt,
    expiresAt: plan.expiresAt,
    status,
    approvals,
    veto,
    decidedAt,
  };
}

/** The row an accepted decision adds (none for an expiry), from the state `decide` returned. */
export function decisionRowFor(next: GateState, effect: GateEffect): DecisionRow | null {
  if (effect === "expired") return null;
  if (effect === "vetoed") {
    const v = next.veto!;
    return {
      kind: "veto",
      decider: deciderKey({ kind: "user", userId: v.userId, role: v.role }),
      roleAtDecision: v.role,
      planHash: next.planHash,
      planVersion: next.planVersion,
      comment: v.reason,
      at: v.at,
    };
  }
  const a = next.approvals[next.approvals.length - 1]!;
  return {
    kind: a.by.kind === "rule" ? "auto_approve" : "approve",
    decider: deciderKey(a.by),
    roleAtDecision: a.by.kind === "user" ? a.by.role : null,
    planHash: a.planHash,
    planVersion: a.planVersion,
    comment: a.comment,
    at: a.at,
  };
}

/** The plan status after an accepted decision, when it changes. */
export const planStatusAfter = (effect: GateEffect): "approved" | "vetoed" | "expired" | null =>
  effect === "approved" || effect === "auto-approved"
    ? "approved"
    : effect === "vetoed"
      ? "vetoed"
      : effect === "expired"
        ? "expired"
        : null;
