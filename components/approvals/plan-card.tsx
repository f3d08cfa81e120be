import Link from "next/link";
import type { PlanDto } from "@/lib/validations/plan";

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

function untilLabel(expiresAt: string, now: number): string {
  const ms = Date.parse(expiresAt) - now;
  if (ms <= 0) return "expired";
  const min = Math.floor(ms / 60_000);
  return min >= 1 ? `expires in ${min} min` : `expires in ${Math.ceil(ms / 1000)} s`;
}

/** One plan as an approver needs it: why, what it touches, the odds, who allowed it. */
export function PlanCard({ plan, now, selected }: { plan: PlanDto; now: number; selected: boolean }) {
  const p = plan.proposal;
  const odds = p.estimatedSuccess;
  const targets = p.actions.map((a) => `${a.kind} ${a.target.service}${a.target.replicas ? ` (${a.target.replicas})` : ""}`);
  return (
    <article className={`panel plan-card${selected ? " selected" : ""}`} aria-label={`Plan P-${plan.number}`} aria-current={selected ? "true" : undefined}>
      <header className="plan-head">
        <h2>
          P-{plan.number} · {p.strategy.replace(/-/g, " ")} on {p.service}
        </h2>
        <span className="muted mono">
          proposed by {plan.requestedBy} {plan.createdAt.slice(11, 19)} · {untilLabel(plan.expiresAt, now)}
        </span>
      </header>
      <dl className="plan-facts">
        <dt>Why</dt>
        <dd>
          {p.failureClass.replace(/-/g, " ")} on {p.service}
          {p.rationale.length > 0 && <span className="muted"> — {p.rationale.join("; ")}</span>}
        </dd>
        <dt>Touches</dt>
        <dd>
          {targets.join(", ")} · blast radius {p.blastRadius.services.length} service{p.blastRadius.services.length === 1 ? "" : "s"} · {pct(p.blastRadius.trafficShare)} of traffic · needs{" "}
          {plan.approversRequired} approver{plan.approversRequired > 1 ? "s" : ""} ·{" "}
          <Link href={`/cascade?plan=${plan.id}`}>
            preview on graph
          </Link>
        </dd>
        <dt>Odds</dt>
        <dd className="mono">
          {odds.mean.toFixed(2)} (interval {odds.low.toFixed(2)}–{odds.high.toFixed(2)}, {odds.observations} past outcome{odds.observations === 1 ? "" : "s"})
        </dd>
        <dt>Recovers</dt>
        <dd>in about {Math.round(p.timeToRecoverSeconds / 60)} min if it works</dd>
        <dt>Policy</dt>
        <dd>{p.policy ? `rule "${p.policy.ruleId}" of policy v${p.policy.policyVersion}` : "no rule"} · {p.approval.reason}</dd>
        {plan.decisions.length > 0 && (
          <>
            <dt>So far</dt>
            <dd>{plan.decisions.map((d) => `${d.kind} by ${d.decider}${d.comment ? ` ("${d.comment}")` : ""}`).join("; ")}</dd>
          </>
        )}
      </dl>
    </article>
  );
}
