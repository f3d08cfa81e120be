import Link from "next/link";
import type { CascadePlan, CascadeView } from "@/lib/validations/cascade";

const pct = (x: number) => `${Math.round(x * 100)}%`;

const statusLabel: Record<string, string> = {
  proposed: "waiting for approval",
  approved: "approved",
  executing: "executing",
  verifying: "verifying",
};

/** The current plans, each a link that selects it (`?plan=<id>`, so a selection can be
 * shared); the selected one's blast radius in numbers under the list. */
export function PlanBlastList({ plans, selected, basis }: { plans: CascadePlan[]; selected: CascadePlan | null; basis: CascadeView["trafficBasis"] }) {
  return (
    <section className="panel" aria-labelledby="plans-heading">
      <h2 id="plans-heading">Plans</h2>
      {plans.length === 0 ? (
        <p className="muted">No plan waiting or running.</p>
      ) : (
        <ul className="plan-picks">
          {plans.map((p) => (
            <li key={p.id}>
              <Link href={p.id === selected?.id ? "/cascade" : `/cascade?plan=${p.id}`} scroll={false} aria-current={p.id === selected?.id ? "true" : undefined}>
                P-{p.number} · {p.strategy.replace(/-/g, " ")} on {p.service}
              </Link>{" "}
              <span className="muted">
                {statusLabel[p.status] ?? p.status}
                {p.incidentNumber !== null ? ` · INC-${p.incidentNumber}` : " · by hand"}
              </span>
            </li>
          ))}
        </ul>
      )}
      {selected && (
        <div role="status" aria-label={`Blast radius of P-${selected.number}`} className="blast-summary">
          <p>
            <strong>P-{selected.number}</strong> blast radius:{" "}
            <span className="mono" data-testid="blast-services">
              {selected.blastRadius.services.length} service{selected.blastRadius.services.length === 1 ? "" : "s"}
            </span>{" "}
            ·{" "}
            <span className="mono" data-testid="blast-traffic">
              {pct(selected.blastRadius.trafficShare)} of traffic
            </span>{" "}
            passes through them <span className="muted">({basis === "request-rate" ? "by request rate" : "by call degree: no request rates reported"})</span>
          </p>
          <p className="muted">
            Acts on {selected.blastRadius.targets.join(", ") || "no service on this graph"} · the plan expects to disturb {pct(selected.blastRadius.plannedShare)} of traffic
          </p>
          <p>
            <Link href="/cascade" scroll={false}>
              Clear selection
            </Link>
          </p>
        </div>
      )}
    </section>
  );
}
