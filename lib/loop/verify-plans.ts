import type { FailureClass } from "@/lib/plan/types";
import type { VerificationRecord } from "./cycle-record";
import type { Effect } from "./effects";
import { finishAttempt } from "./fold-outcomes";
import type { LoopConfig } from "./loop-config";
import type { IncidentState, LoopState, PlanState } from "./loop-state";
import { valuesBetween } from "./sample-history";
import { checkMetric, verdictOf, type MetricCheck } from "./verify-recovery";

/** The metric each failure class moves first; verified beside errors and tail latency. A load
 * surge is judged on errors and latency only: the surge goes on after a scale-out, so its
 * saturation need not return to the baseline. */
const classMetric: Partial<Record<FailureClass, string>> = {
  "memory-leak": "memory",
  "disk-filling": "disk_use",
  "pool-exhaustion": "pool_use",
};

/** Services a plan must heal: its own and the incident's, except a dependency it isolated (it
 * stays slow by design; its callers are what the breaker protects). A node or zone plan answers
 * for its own service only: the other services there have plans of their own. */
export function servicesToVerify(plan: PlanState, incident: IncidentState): string[] {
  if (plan.failureClass === "node-loss" || plan.failureClass === "zone-loss") return [plan.service];
  const isolated = new Set(plan.actions.filter((a) => a.kind === "open-circuit-breaker").map((a) => a.target.service));
  return [...new Set([plan.service, ...incident.services])].filter((s) => !isolated.has(s)).sort();
}

/**
 * Judges every executed plan still being verified (mutates `state`): a verdict other than
 * "pending" ends the plan's attempt, "healed" as succeeded, "worse" and "unconfirmed" as rolled
 * back, with an effect asking the host to roll back.
 */
export function verifyPlans(state: LoopState, config: LoopConfig, now: number): { records: VerificationRecord[]; effects: Effect[] } {
  const v = config.verification;
  const records: VerificationRecord[] = [];
  const effects: Effect[] = [];
  for (const plan of Object.values(state.plans)) {
    if (plan.status !== "verifying" || plan.executedAt === null) continue;
    const incident = state.incidents.find((i) => i.id === plan.incidentId);
    const baseline = incident?.baseline ?? plan.baseline;
    if (!baseline) continue;
    const since = now - plan.executedAt;
    if (since < v.settleMs) continue;
    const windows = {
      baseline,
      before: { from: plan.executedAt - v.windowMs, to: plan.executedAt },
      after: { from: Math.max(plan.executedAt + v.settleMs, now - v.windowMs), to: now + 1 },
    };
    // A node or zone plan restores its service's own replicas; errors there may come from
    // another service of the same loss, which has its own plan.
    const infra = plan.failureClass === "node-loss" || plan.failureClass === "zone-loss";
    const metrics = infra ? ["replicas_ready"] : ["error_rate", "latency_p99", ...(classMetric[plan.failureClass] ? [classMetric[plan.failureClass]!] : [])];
    const services = incident ? servicesToVerify(plan, incident) : [plan.service];
    const checks: MetricCheck[] = [];
    let enough = true;
    for (const service of services)
      for (const metric of metrics) {
        const c = checkMetric(state.history, service, metric, windows);
        if (c === null) continue;
        checks.push(c);
      }
    const points = valuesBetween(state.history, plan.service, "error_rate", windows.after.from, windows.after.to).length;
    if (points < v.minPoints) enough = false;
    const verdict = enough ? verdictOf(checks, since >= v.settleMs + v.windowMs, since >= v.deadlineMs, new Set(plan.actions.map((a) => a.target.service))) : since >= v.deadlineMs ? "unconfirmed" : "pending";
    const shown = checks.filter((c) => !c.healed || c.worse);
    records.push({ planId: plan.id, incidentId: plan.incidentId, verdict, checks: (shown.length > 0 ? shown : checks).slice(0, 12) });
    if (verdict === "pending") continue;
    if (verdict === "healed") {
      plan.status = "succeeded";
      finishAttempt(state, plan, "succeeded", now);
    } else {
      plan.status = "rolled-back";
      finishAttempt(state, plan, "rolled-back", now);
    }
    const bad = shown.map((c) => `${c.service} ${c.metric} ${fmt(c.baseline)} → ${fmt(c.after)}`);
    effects.push({
      type: "verify",
      planId: plan.id,
      incidentId: plan.incidentId,
      verdict,
      rollback: verdict !== "healed",
      services: [...new Set(plan.actions.map((a) => a.target.service))],
      reason:
        verdict === "healed"
          ? `${services.join(", ")} back to the ${incident ? "pre-incident" : "pre-action"} baseline on ${metrics.join(", ")}`
          : verdict === "worse"
            ? `worse than before the action: ${bad.join("; ")}`
            : `not back to baseline ${Math.round(v.deadlineMs / 60_000)} min after the action: ${bad.join("; ")}`,
    });
  }
  return { records, effects };
}

const fmt = (v: number): string => (Math.abs(v) >= 10 ? v.toFixed(0) : v.toFixed(3));
