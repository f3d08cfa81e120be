"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { fetchJson } from "@/lib/client/fetch-json";
import { queryKeys } from "@/lib/client/query-keys";
import type { CycleRecord } from "@/lib/loop/cycle-record";
import type { CycleEntry, IncidentDecision, IncidentDetail } from "@/lib/validations/incident";

const decided: Record<IncidentDecision["kind"], string> = { approve: "approved", veto: "vetoed", auto_approve: "auto-approved" };

/** Cycles and decisions in the order they happened; a decision sorts after a cycle of the same instant. */
function byTime(cycles: CycleEntry[], decisions: IncidentDecision[]): ({ cycle: CycleEntry } | { decision: IncidentDecision })[] {
  const rows = [...cycles.map((cycle) => ({ at: Date.parse(cycle.tickAt), order: 0, row: { cycle } })), ...decisions.map((decision) => ({ at: Date.parse(decision.at), order: 1, row: { decision } }))];
  return rows.sort((a, b) => a.at - b.at || a.order - b.order).map((r) => r.row);
}

/** One row per cycle, collapsed to what it saw, concluded, proposed and verified, with the
 * decisions on its plans (who and why) between them at their time. */
export function IncidentTimeline({ id }: { id: string }) {
  const incident = useQuery({ queryKey: queryKeys.incident(id), queryFn: () => fetchJson<IncidentDetail>(`/api/v1/incidents/${id}`), refetchInterval: 5_000 });
  if (incident.isPending) return <p className="muted">Loading…</p>;
  if (incident.isError) return <p className="alert error">{incident.error.message}</p>;
  const i = incident.data;
  return (
    <>
      <h1>
        INC-{i.number} {i.title}
      </h1>
      <p className="muted">
        {i.status} · root cause {i.rootService ?? "unknown"} · opened {i.openedAt.slice(0, 19).replace("T", " ")} UTC
        {i.resolvedAt && ` · resolved ${i.resolvedAt.slice(11, 19)}`} · {i.cycles.length} cycles ·{" "}
        <a href={`/api/v1/incidents/${i.id}/postmortem`} download>
          Export post-mortem (Markdown)
        </a>
      </p>
      {i.mergedInto && (
        <p className="alert">
          Merged into <Link href={`/incidents/${i.mergedInto.id}`}>INC-{i.mergedInto.number}</Link>, which found the same root cause; its plans moved there.
        </p>
      )}
      {i.plans.length > 0 && (
        <ul className="plan-badges" aria-label="Plans">
          {i.plans.map((p) => (
            <li key={p.id} className="badge">
              P-{p.number} {p.strategy} · {p.status.replace("_", " ")}
            </li>
          ))}
        </ul>
      )}
      <ol className="timeline" aria-label="Timeline">
        {byTime(i.cycles, i.decisions).map((row) =>
          "cycle" in row ? <CycleRow key={`c${row.cycle.tickAt}`} entry={row.cycle} /> : <DecisionRow key={`d${row.decision.planId}${row.decision.decider}`} decision={row.decision} />,
        )}
      </ol>
    </>
  );
}

function CycleRow({ entry }: { entry: CycleEntry }) {
  const r = entry.record as CycleRecord;
  const analysis = r.analyses[0];
  const parts: string[] = [];
  const top = r.observed.scores.slice(0, 3).map((s) => `${s.service} ${s.score.toFixed(2)}`);
  if (top.length) parts.push(`observed: ${top.join(", ")}`);
  if (analysis) {
    parts.push(`concluded: ${analysis.classification.failureClass} on ${analysis.classification.service} (${analysis.classification.confidence.toFixed(2)}); root ${analysis.ranking.slice(0, 3).map((x) => `${x.service} ${x.score.toFixed(2)}`).join(", ")}`);
  }
  for (const p of r.plans) parts.push(`proposed: ${p.proposal.strategy} on ${p.proposal.service} (${p.planId})`);
  for (const s of r.steps.filter((s) => s.kind !== "propose")) parts.push(`${s.kind}: ${s.reason}`);
  for (const v of r.verifications) parts.push(`verified ${v.planId}: ${v.verdict}`);
  return (
    <li className={entry.anomalous ? "anomalous" : undefined}>
      <span className="mono">{entry.tickAt.slice(11, 19)}</span> {parts.join(" · ") || <span className="muted">no change</span>}
    </li>
  );
}

function DecisionRow({ decision: d }: { decision: IncidentDecision }) {
  return (
    <li className="decision">
      <span className="mono">{d.at.slice(11, 19)}</span> decided: P-{d.planNumber} {d.strategy} on {d.service} {decided[d.kind]} by <strong>{d.decider}</strong>
      {d.comment ? ` — “${d.comment}”` : <span className="muted"> (no reason given)</span>}
    </li>
  );
}
