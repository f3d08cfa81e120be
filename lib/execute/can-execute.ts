import { can } from "@/lib/auth/permissions";
import { budgetViolations } from "@/lib/plan/check-constraints";
import { isWildcardTarget } from "@/lib/plan/glob";
import type { ActionRecord, PlanProposal } from "@/lib/plan/types";
import { holdFor } from "@/lib/policy/evaluate-policy";
import type { Policy } from "@/lib/policy/policy-schema";
import { approvalLive } from "./gate";
import type { ApprovalRecord, Decider, GateSettings, GateState, Role } from "./gate-types";
import { pauseReason, type AutomationPause } from "./pause-reason";
import { planContentHash, type PlanContent } from "./plan-hash";

// The second check, when execution is about to start (inside the claiming transaction). It
// trusts nothing recorded at approval time that could have changed since: the plan is hashed
// again, each approver's role is the one they hold now, and the policy is the current one.

export type ExecutionContext = GateSettings & {
  /** Each approving user's role now; null or absent for a user who is gone or disabled. */
  approverRoles: Readonly<Record<string, Role | null | undefined>>;
  /** The automation-pause rows now: service "*" is the kill switch. */
  pauses: readonly AutomationPause[];
  /** The policy in force now: holds, budgets, wildcard permission, auto-approving rules. */
  policy: Policy;
  /** Actions already run (or claimed) by other plans; not this plan's own. */
  history: readonly ActionRecord[];
};

export type ExecutionVerdict =
  | { ok: true; noop: boolean; approvedBy: Decider[] }
  /** `retryable`: blocked by what passes with time (pause, hold, budget), else refused for good. */
  | { ok: false; reason: string; retryable: boolean };

/** Approvers needed now: the plan's own requirement, or two if the current policy's
 * blast-radius threshold says so (a tightened policy applies to plans not yet started). */
export function requiredApproversNow(proposal: PlanProposal, policy: Policy): 1 | 2 {
  return proposal.approval.approvers === 2 ||
    proposal.blastRadius.trafficShare > policy.approvals.twoApproversAboveBlastRadius
    ? 2
    : 1;
}

/** Why one recorded approval does not count now, or null when it does. */
function approvalProblem(
  a: ApprovalRecord,
  content: PlanContent,
  hash: string,
  required: 1 | 2,
  now: number,
  ctx: ExecutionContext,
): string | null {
  if (a.planHash !== hash || a.planVersion !== content.version)
    return "was given for a different plan hash or version";
  if (!approvalLive(a, now, ctx)) return "has expired";
  if (a.by.kind === "user") {
    if (a.by.userId === content.requestedBy) return "is by the requester";
    const role = ctx.approverRoles[a.by.userId];
    if (role === null || role === undefined) return "is by a user who no longer exists or is disabled";
    if (!can(role, "plans.decide")) return `is by a user whose role is now ${role}`;
    return null;
  }
  const { proposal } = content;
  const by = a.by;
  const rule = ctx.policy.rules.find((r) => r.id === by.ruleId);
  if (required !== 1 || !proposal.approval.auto) return "is automatic but the plan needs a person";
  if (proposal.policy?.ruleId !== by.ruleId || proposal.policy.policyVersion !== by.ruleVersion)
    return "is by a rule other than the one that allowed the plan";
  if (rule?.autoApprove?.strategies.includes(proposal.strategy) !== true)
    return `is by rule ${by.ruleId}, which no longer auto-approves ${proposal.strategy}`;
  return null;
}

const deciderKey = (d: Decider) => (d.kind === "user" ? `user:${d.userId}` : `rule:${d.ruleId}`);

/** A plan whose actions touch nothing: no actions, or every action on zero replicas. */
export const isNoopPlan = (proposal: PlanProposal): boolean =>
  proposal.actions.every((a) => a.target.replicas === 0);

/**
 * May this plan start executing at `now`? Checks, in order: approved status; the stored plan
 * still hashes to the approved hash and version; a quorum of distinct live approvals by people
 * who still hold an approving role (or the rule that allowed it, still auto-approving); the
 * kill switch and service pauses; policy holds; wildcard targets only where the allowing rule
 * permits them; then an empty plan is an approved no-op; finally budgets, for the whole plan
 * (never truncated).
 */
export function canExecute(
  gate: GateState,
  content: PlanContent,
  now: number,
  ctx: ExecutionContext,
): ExecutionVerdict {
  const refuse = (reason: string) => ({ ok: false as const, reason, retryable: false });
  const wait = (reason: string) => ({ ok: false as const, reason, retryable: true });
  if (gate.status !== "approved") return refuse(`the plan is ${gate.status}, not approved`);
  const hash = planContentHash(content);
  if (hash !== gate.planHash || content.version !== gate.planVersion)
    return refuse("the stored plan does not match the hash and version that were approved");

  const { proposal } = content;
  const required = Math.max(requiredApproversNow(proposal, ctx.policy), gate.requiredApprovers) as 1 | 2;
  const counted = new Map<string, Decider>();
  const problems: string[] = [];
  for (const a of gate.approvals) {
    const problem = approvalProblem(a, content, hash, required, now, ctx);
    if (problem === null) counted.set(deciderKey(a.by), a.by);
    else
      problems.push(
        `the approval by ${a.by.kind === "user" ? a.by.userId : `rule ${a.by.ruleId}`} ${problem}`,
      );
  }
  if (counted.size < required)
    return refuse(
      `needs ${required} valid approval${required === 2 ? "s from distinct approvers" : ""}, has ${counted.size}${problems.length ? `: ${problems.join("; ")}` : ""}`,
    );

  const targets = [proposal.service, ...proposal.actions.map((a) => a.target.service)];
  const paused = pauseReason(ctx.pauses, targets);
  if (paused !== null) return wait(paused);
  const hold = holdFor(ctx.policy, proposal, now);
  if (hold !== undefined) return wait(`hold on ${hold.service} until ${hold.until}: ${hold.reason}`);

  if (proposal.actions.some((a) => isWildcardTarget(a.target.service))) {
    const rule = ctx.policy.rules.find((r) => r.id === proposal.policy?.ruleId);
    if (rule?.allowWildcardTargets !== true)
      return refuse("a wildcard target needs a policy rule that allows wildcard targets");
  }
  if (isNoopPlan(proposal)) return { ok: true, noop: true, approvedBy: [...counted.values()] };

  const overrun = budgetViolations(proposal, ctx.policy.constraints.budgets, ctx.history, now);
  if (overrun.length > 0) return wait(`the whole plan would exceed a budget: ${overrun.join("; ")}`);
  return { ok: true, noop: false, approvedBy: [...counted.values()] };
}

/** The history records a started plan adds (what budgets and auto-approval limits count). */
export function actionRecordsFor(gate: GateState, content: PlanContent, at: number): ActionRecord[] {
  const auto = gate.approvals.find((a) => a.by.kind === "rule")?.by;
  // Every action counts, as in `budgetViolations`, so the check and the record agree.
  return content.proposal.actions.map((a) => ({
    service: a.target.service,
    strategy: content.proposal.strategy,
    kind: a.kind,
    at,
    ...(a.target.replicas !== undefined ? { replicas: a.target.replicas } : {}),
    ...(auto?.kind === "rule" ? { autoRuleId: auto.ruleId } : {}),
  }));
}
