import type { RemediationAttempt } from "@/lib/plan/next-remediation-step";
import type { LoopState, PlanDecision, PlanExecution, PlanState } from "./loop-state";

const dayMs = 86_400_000;

/** Sets the outcome of the attempt that a plan started. */
export function finishAttempt(state: LoopState, plan: PlanState, outcome: RemediationAttempt["outcome"], at: number): void {
  if (outcome !== "pending") plan.finishedAt = at;
  const incident = state.incidents.find((i) => i.id === plan.incidentId);
  const attempt = incident?.attempts[plan.service]?.find((a) => a.proposedAt === plan.proposedAt && a.strategy === plan.strategy);
  if (!attempt) return;
  attempt.outcome = outcome;
  if (outcome !== "pending") attempt.finishedAt = at;
}

/**
 * Folds the gate's decisions and the host's executions into the plans and their incidents'
 * attempts (mutates `state`). Unknown plan ids are ignored: a host replaying old outcomes after
 * a restart must not disturb the loop. An approval records the plan's actions for budgets.
 */
export function foldOutcomes(state: LoopState, decisions: readonly PlanDecision[], executions: readonly PlanExecution[], now: number): void {
  for (const d of decisions) {
    const plan = state.plans[d.planId];
    if (!plan || plan.status !== "proposed") continue;
    if (d.kind === "approved" || d.kind === "auto-approved") {
      plan.status = "approved";
      for (const a of plan.actions)
        state.actions.push({
          service: a.target.service,
          strategy: plan.strategy,
          kind: a.kind,
          at: d.at,
          replicas: a.target.replicas,
          autoRuleId: d.kind === "auto-approved" ? plan.ruleId ?? undefined : undefined,
          planId: plan.id,
        });
    } else {
      plan.status = "vetoed";
      finishAttempt(state, plan, "vetoed", d.at);
    }
  }
  for (const e of executions) {
    const plan = state.plans[e.planId];
    if (!plan) continue;
    if (e.outcome === "succeeded" && plan.status === "approved") {
      plan.status = "verifying";
      plan.executedAt = e.at;
    } else if (e.outcome === "failed" && (plan.status === "approved" || plan.status === "verifying")) {
      plan.status = "failed";
      finishAttempt(state, plan, "failed", e.at);
    } else if (e.outcome === "rolled-back" && plan.status !== "rolled-back") {
      plan.status = "rolled-back";
      finishAttempt(state, plan, "rolled-back", e.at);
    }
  }
  state.actions = state.actions.filter((a) => a.at > now - dayMs);
}
