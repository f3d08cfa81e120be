"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/lib/client/fetch-json";
import { queryKeys } from "@/lib/client/query-keys";
import type { PlanDto } from "@/lib/validations/plan";
import { progressSteps } from "./progress-steps";

const recentMs = 60 * 60_000;
const statuses = "approved,executing,verifying,healed,rolled_back,failed";

/** Approved plans of the last hour as live progress strips: approved → executing → verifying
 * → verified healthy / rolled back, each step with its time. Updated by the live channel's
 * "plans" topic like the queue above it. */
export function PlanProgress() {
  const plans = useQuery({
    queryKey: queryKeys.plans("progress"),
    queryFn: () => fetchJson<PlanDto[]>(`/api/v1/plans?status=${statuses}&updatedSince=${new Date(Date.now() - recentMs).toISOString()}`),
    refetchInterval: 15_000,
  });
  if (plans.isPending || plans.isError || plans.data.length === 0) return null;
  return (
    <section aria-label="Approved plans in progress" className="plan-progress">
      <h2>After approval (last hour)</h2>
      <ul>
        {plans.data.map((plan) => (
          <li key={plan.id} className="panel">
            <span className="mono">P-{plan.number}</span> {plan.proposal.strategy.replace(/-/g, " ")} on {plan.service}
            <ol aria-label={`P-${plan.number} progress`} className="progress-strip">
              {progressSteps(plan).map((step) => (
                <li key={step.label} className={`step ${step.state}`} aria-current={step.state === "current" ? "step" : undefined}>
                  {step.label}
                  {step.at && <span className="mono muted"> {step.at.slice(11, 19)}</span>}
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ul>
    </section>
  );
}
