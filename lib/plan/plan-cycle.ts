import type { Policy } from "@/lib/policy/policy-schema";
import {
  nextRemediationStep,
  type PlanningContext,
  type RemediationAttempt,
  type RemediationStep,
} from "./next-remediation-step";
import type { ActiveRemediation } from "./suppress-symptoms";
import { severityRank, type ActionRecord, type Diagnosis } from "./types";

export type PlanCycleInput = {
  diagnoses: readonly Diagnosis[];
  /** Each open incident's attempts so far, by the diagnosed service. */
  attemptsByService: Readonly<Record<string, readonly RemediationAttempt[]>>;
  /** Recent actions across the fleet (budgets, auto-approval limits). */
  actions: readonly ActionRecord[];
  policy: Policy;
  now: number;
  context: PlanningContext;
};

export type CycleStep = { service: string; step: RemediationStep };

/** Root causes before their symptoms, then the most severe, most confident; then by name. */
function planningOrder(a: Diagnosis, b: Diagnosis): number {
  const rootA = a.rootCause.service === a.service ? 0 : 1;
  const rootB = b.rootCause.service === b.service ? 0 : 1;
  return (
    rootA - rootB ||
    severityRank(b.severity) - severityRank(a.severity) ||
    b.confidence - a.confidence ||
    (a.service < b.service ? -1 : a.service > b.service ? 1 : 0)
  );
}

/**
 * One cycle of planning over every diagnosis. A plan proposed for a root cause suppresses
 * separate plans for the symptoms upstream of it in the same cycle, and its actions are
 * counted against the budgets of the plans after it, so the cycle's plans together never
 * exceed a budget even if all are approved.
 */
export function planCycle(input: PlanCycleInput): CycleStep[] {
  const actions: ActionRecord[] = [...input.actions];
  const active: ActiveRemediation[] = [...input.context.activeRemediations];
  const steps: CycleStep[] = [];
  for (const diagnosis of [...input.diagnoses].sort(planningOrder)) {
    const attempts = [...(input.attemptsByService[diagnosis.service] ?? [])];
    const step = nextRemediationStep({ attempts, actions }, diagnosis, input.policy, input.now, {
      ...input.context,
      activeRemediations: active,
    });
    steps.push({ service: diagnosis.service, step });
    if (step.kind === "propose" || (step.kind === "wait" && attempts.at(-1)?.outcome === "pending"))
      active.push({ rootService: diagnosis.service, upstream: diagnosis.blastRadius.services });
    if (step.kind === "propose")
      for (const a of step.plan.actions)
        actions.push({
          service: a.target.service,
          strategy: step.plan.strategy,
          kind: a.kind,
          at: input.now,
          replicas: a.target.replicas,
          autoRuleId: step.plan.approval.auto ? step.plan.policy?.ruleId : undefined,
        });
  }
  return steps;
}
