import { autoscalePlan } from "@/lib/plan/autoscale-plan";
import { hpaDesiredReplicas } from "@/lib/plan/hpa-recommendation";
import type { ActionRecord, Diagnosis, KnowledgeStats, PlanProposal } from "@/lib/plan/types";
import { evaluatePolicy } from "@/lib/policy/evaluate-policy";
import type { Policy } from "@/lib/policy/policy-schema";

/**
 * A scale-out sized by target tracking: the catalog's step (half again) is too small for a
 * surge that tripled the load, so the HPA rule `ceil(replicas × saturation / target)` sizes
 * it, and the resized plan goes through the policy again. Returns the catalog plan unchanged
 * when the rule asks for no more, or the policy refuses the larger plan.
 */
export function sizeScaleOut(
  plan: PlanProposal,
  diagnosis: Diagnosis,
  targetSaturation: number,
  ctx: { policy: Policy; stats: KnowledgeStats; actions: readonly ActionRecord[]; now: number },
): PlanProposal {
  const saturation = diagnosis.metrics.saturation;
  const step = plan.actions[0];
  if (plan.strategy !== "scale-out" || saturation === undefined || step?.kind !== "scale-out") return plan;
  const current = diagnosis.metrics.replicas;
  const desired = hpaDesiredReplicas(current, saturation, targetSaturation);
  if (desired - current <= (step.target.replicas ?? 0)) return plan;
  const sized = autoscalePlan(diagnosis, desired, ctx.stats, `saturation ${saturation.toFixed(2)} against a target of ${targetSaturation} (HPA rule)`);
  if (sized === null) return plan;
  const verdict = evaluatePolicy(ctx.policy, diagnosis, [sized], ctx.actions, ctx.now).verdicts[0];
  return verdict?.allowed ? { ...verdict.plan, score: plan.score } : plan;
}
