import { checkConstraints } from "@/lib/plan/check-constraints";
import { isWildcardTarget, matchAnyGlob, matchGlob } from "@/lib/plan/glob";
import {
  severityRank,
  type ActionRecord,
  type ApprovalRequirement,
  type Diagnosis,
  type PlanProposal,
} from "@/lib/plan/types";
import type { Hold, Policy, PolicyRule } from "./policy-schema";

export type PlanVerdict = {
  /** The plan with `policy` and `approval` filled in when allowed; unchanged when blocked. */
  plan: PlanProposal;
  allowed: boolean;
  /** Why it is blocked (empty when allowed). */
  reasons: string[];
  /**
   * Blocked only by what passes with time (a hold, peak hours, a closed maintenance window,
   * stress, a spent budget), not by the rules themselves.
   */
  temporary: boolean;
};

export type PolicyEvaluation = {
  matchedRuleIds: string[];
  verdicts: PlanVerdict[];
};

export function ruleMatches(rule: PolicyRule, d: Diagnosis): boolean {
  const m = rule.match;
  return (
    matchAnyGlob(m.services, d.service) &&
    Object.entries(m.labels).every(([k, v]) => d.labels[k] === v) &&
    Object.entries(m.excludeLabels).every(([k, v]) => d.labels[k] !== v) &&
    (m.failureClasses === undefined || m.failureClasses.includes(d.failureClass)) &&
    severityRank(d.severity) >= severityRank(m.minSeverity) &&
    d.confidence >= m.minConfidence
  );
}

export const isHoldActive = (h: Hold, now: number): boolean =>
  Date.parse(h.from) <= now && now < Date.parse(h.until);

/** The active hold that covers one of the plan's targets, if any. */
export function holdFor(policy: Policy, plan: PlanProposal, now: number): Hold | undefined {
  const targets = [plan.service, ...plan.actions.map((a) => a.target.service)];
  return policy.holds.find(
    (h) => isHoldActive(h, now) && targets.some((t) => isWildcardTarget(t) || matchGlob(h.service, t)),
  );
}

/** Auto-approved actions through `ruleId` within the window ending at `now`. */
function autoUsed(ruleId: string, windowMinutes: number, history: readonly ActionRecord[], now: number) {
  const since = now - windowMinutes * 60_000;
  return history.filter((a) => a.autoRuleId === ruleId && a.at > since && a.at <= now).length;
}

function autoApproval(
  rules: readonly PolicyRule[],
  plan: PlanProposal,
  history: readonly ActionRecord[],
  now: number,
): { rule: PolicyRule; used: number } | undefined {
  for (const rule of rules) {
    const auto = rule.autoApprove;
    if (auto === undefined || !auto.strategies.includes(plan.strategy)) continue;
    const smallEnough = plan.actions.every(
      (a) =>
        !isWildcardTarget(a.target.service) &&
        (auto.maxReplicas === "all" ||
          (a.target.replicas !== undefined && a.target.replicas <= auto.maxReplicas)),
    );
    if (!smallEnough || plan.blastRadius.trafficShare > auto.maxBlastRadius) continue;
    const used = autoUsed(rule.id, auto.windowMinutes, history, now);
    if (used + plan.actions.length <= auto.maxActions) return { rule, used };
  }
  return undefined;
}

/**
 * Which candidate plans the policy allows for this diagnosis, and how each must be approved.
 * A plan is allowed when no active hold covers its targets, a matching rule allows its
 * strategy, no matching rule denies it, it targets no wildcard unless the allowing rule (the
 * first matching rule that allows the strategy) permits it, and the constraints (peak hours,
 * maintenance windows, stress, budgets) hold. It needs two approvers when its blast radius
 * exceeds the threshold or any matching rule asks for two. Auto-approval is always attributed
 * to a rule id and version, and never applies to a plan that needs two approvers. `history`
 * holds the actions already run or approved, with `autoRuleId` on the auto-approved ones.
 */
export function evaluatePolicy(
  policy: Policy,
  diagnosis: Diagnosis,
  candidates: readonly PlanProposal[],
  history: readonly ActionRecord[],
  now: number,
): PolicyEvaluation {
  const matched = policy.rules.filter((r) => ruleMatches(r, diagnosis));
  const verdicts = candidates.map((plan): PlanVerdict => {
    const reasons: string[] = [];
    const passing: string[] = [];
    const hold = holdFor(policy, plan, now);
    if (hold !== undefined)
      passing.push(
        `hold on ${hold.service} until ${hold.until}${hold.by ? ` by ${hold.by}` : ""}: ${hold.reason}`,
      );
    const denying = matched.find((r) => r.deny.includes(plan.strategy));
    if (denying !== undefined) reasons.push(`rule ${denying.id} denies ${plan.strategy}`);
    const allowing = matched.find((r) => r.allow.includes(plan.strategy));
    if (allowing === undefined) reasons.push(`no matching rule allows ${plan.strategy}`);
    const wildcard = plan.actions.some((a) => isWildcardTarget(a.target.service));
    if (wildcard && !(allowing?.allowWildcardTargets ?? false))
      reasons.push("wildcard targets are not allowed by the rule");
    passing.push(...checkConstraints(plan, diagnosis, policy.constraints, history, now));
    if (reasons.length > 0 || passing.length > 0 || allowing === undefined)
      return { plan, allowed: false, reasons: [...passing, ...reasons], temporary: reasons.length === 0 };

    const threshold = policy.approvals.twoApproversAboveBlastRadius;
    const wide = plan.blastRadius.trafficShare > threshold;
    const strict = matched.find((r) => r.approvers === 2);
    const approvers: 1 | 2 = wide || strict !== undefined ? 2 : 1;
    const auto =
      approvers === 1
        ? autoApproval(
            matched.filter((r) => r.allow.includes(plan.strategy)),
            plan,
            history,
            now,
          )
        : undefined;
    const ruleId = auto?.rule.id ?? allowing.id;
    const approval: ApprovalRequirement = auto
      ? {
          auto: true,
          approvers: 1,
          reason: `auto-approved by rule ${ruleId} (policy v${policy.version}): ${auto.used + plan.actions.length} of ${auto.rule.autoApprove?.maxActions} in ${auto.rule.autoApprove?.windowMinutes} min`,
        }
      : {
          auto: false,
          approvers,
          reason: wide
            ? `blast radius ${pct(plan.blastRadius.trafficShare)} of traffic exceeds ${pct(threshold)}: two approvers`
            : strict !== undefined
              ? `rule ${strict.id} requires two approvers`
              : `rule ${allowing.id} requires one approver`,
        };
    return {
      plan: { ...plan, policy: { ruleId, policyVersion: policy.version }, approval },
      allowed: true,
      reasons: [],
      temporary: false,
    };
  });
  return { matchedRuleIds: matched.map((r) => r.id), verdicts };
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
