import { median } from "@/lib/analyze/cascade/robust-stats";
import { autoscalePlan } from "@/lib/plan/autoscale-plan";
import { hpaDesiredReplicas } from "@/lib/plan/hpa-recommendation";
import type { ActionRecord, Diagnosis, KnowledgeStats, PlanAction, PlanProposal } from "@/lib/plan/types";
import { evaluatePolicy } from "@/lib/policy/evaluate-policy";
import type { Policy } from "@/lib/policy/policy-schema";
import type { Inventory } from "./inventory";
import type { PlanState } from "./loop-state";
import { valuesBetween, type SampleHistory } from "./sample-history";

/** A callee at or above this saturation after the scale-out is a new bottleneck (the policies' default stress level). */
const saturatedAt = 0.85;
/** ...and its saturation rose at least this much with the scale-out (it took the extra load). */
const minRise = 0.1;

export type Bottleneck = {
  /** The callees that saturated when their caller was scaled out, with their median saturation
   * after the scale-out (fraction of capacity). */
  callees: { service: string; saturation: number }[];
  /** The scale-out that moved the bottleneck (rolled back), to repeat with the callees'. */
  planId: string;
  actions: PlanAction[];
};

/**
 * After a scale-out verified worse: the callees of the scaled services whose saturation rose
 * with the scale-out and now run near capacity (more replicas of the caller send them more
 * work at once). Null when none saturated: the scale-out itself failed.
 */
export function findBottleneck(
  plan: PlanState,
  inventory: Inventory,
  history: SampleHistory,
  windows: { before: { from: number; to: number }; after: { from: number; to: number } },
  exclude: ReadonlySet<string>,
): Bottleneck | null {
  if (plan.strategy !== "scale-out") return null;
  const scaled = new Set(plan.actions.filter((a) => a.kind === "scale-out").map((a) => a.target.service));
  const callees = new Set(inventory.services.filter((s) => scaled.has(s.name)).flatMap((s) => s.calls.map((c) => c.service)));
  const found: Bottleneck["callees"] = [];
  for (const callee of [...callees].sort()) {
    if (scaled.has(callee) || exclude.has(callee)) continue;
    const before = valuesBetween(history, callee, "saturation", windows.before.from, windows.before.to);
    const after = valuesBetween(history, callee, "saturation", windows.after.from, windows.after.to);
    if (before.length === 0 || after.length === 0) continue;
    const a = median(after);
    if (a >= saturatedAt && a - median(before) >= minRise) found.push({ service: callee, saturation: a });
  }
  return found.length > 0 ? { callees: found, planId: plan.id, actions: plan.actions } : null;
}

/**
 * Scales the whole path: the caller's rolled-back scale-out again, with each saturated callee
 * scaled by the HPA rule on the saturation it reached. Judged by the policy as one plan on the
 * root's diagnosis (budgets count each target); null when the policy refuses it.
 */
export function scalePathPlan(
  root: Diagnosis,
  bottleneck: Bottleneck,
  inventory: Inventory,
  targetSaturation: number,
  ctx: { policy: Policy; stats: KnowledgeStats; actions: readonly ActionRecord[]; now: number },
): PlanProposal | null {
  const steps = bottleneck.callees.flatMap(({ service, saturation }) => {
    const svc = inventory.services.find((s) => s.name === service);
    if (!svc) return [];
    const current = svc.replicas.length;
    const desired = Math.max(current + 1, hpaDesiredReplicas(current, saturation, targetSaturation));
    const callee: Diagnosis = { ...root, service, labels: svc.labels, metrics: { saturation, replicas: current } };
    const plan = autoscalePlan(callee, desired, ctx.stats, "");
    return plan ? [{ plan, why: `${service} ${current} → ${desired} (saturation ${saturation.toFixed(2)})` }] : [];
  });
  const first = steps[0];
  if (first === undefined) return null;
  const again = bottleneck.actions.filter((a) => a.kind === "scale-out");
  const plan: PlanProposal = {
    ...first.plan,
    service: root.service,
    failureClass: root.failureClass,
    actions: [...again, ...steps.flatMap((x) => x.plan.actions)],
    rationale: [
      `scale the path: ${again.map((a) => `${a.target.service} +${a.target.replicas ?? 1}`).join(", ")} again, with ${steps.map((x) => x.why).join(", ")} that saturated after ${bottleneck.planId} (HPA rule, target ${targetSaturation})`,
    ],
  };
  const verdict = evaluatePolicy(ctx.policy, root, [plan], ctx.actions, ctx.now).verdicts[0];
  return verdict?.allowed ? verdict.plan : null;
}
