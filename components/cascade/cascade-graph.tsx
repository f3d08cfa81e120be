"use client";

import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { fetchJson } from "@/lib/client/fetch-json";
import { queryKeys } from "@/lib/client/query-keys";
import type { CascadeView } from "@/lib/validations/cascade";
import { severityColor } from "@/components/ui/severity";
import { layoutGraph } from "./layout-graph";
import { PlanBlastList } from "./plan-blast-list";

const width = 900;
const rowHeight = 90;
const nodeW = 128;
const nodeH = 40;
const dimmed = 0.22;

/** The dependency graph, coloured by anomaly score; the root-cause candidates numbered, the
 * propagation path drawn heavier, services at risk outlined with dashes. A plan selected
 * (`?plan=<id>`) dims everything outside its blast radius and outlines its targets in blue. */
export function CascadeGraph() {
  const view = useQuery({ queryKey: queryKeys.cascade(), queryFn: () => fetchJson<CascadeView>("/api/v1/cascade"), refetchInterval: 5_000 });
  const planId = useSearchParams().get("plan");
  if (view.isPending) return <p className="muted">Loading the graph…</p>;
  if (view.isError) return <p className="alert error">{view.error.message}</p>;
  const { services, edges, analysis, plans, trafficBasis } = view.data;
  const selected = plans.find((p) => p.id === planId) ?? null;
  const inBlast = selected ? new Set(selected.blastRadius.services) : null;
  const targets = new Set(selected?.blastRadius.targets ?? []);
  const placed = layoutGraph(
    services.map((s) => s.name),
    edges,
    width,
    rowHeight,
  );
  const at = new Map(placed.map((p) => [p.name, p]));
  const levels = Math.max(1, ...placed.map((p) => Math.round((p.y - rowHeight / 2) / rowHeight) + 1));
  const rank = new Map((analysis?.ranking ?? []).slice(0, 3).map((r, i) => [r.service, i + 1]));
  const onPath = new Set((analysis?.path ?? []).flatMap((s, i, a) => (i > 0 ? [`${s}>${a[i - 1]}`, `${a[i - 1]}>${s}`] : [])));
  const atRisk = new Set((analysis?.atRisk ?? []).map((r) => r.service));
  const label = selected
    ? `Service dependency graph coloured by anomaly score; P-${selected.number}'s blast radius highlighted: ${selected.blastRadius.services.join(", ") || "none"}`
    : "Service dependency graph coloured by anomaly score";
  return (
    <div className="cascade">
      <svg viewBox={`0 0 ${width} ${levels * rowHeight}`} role="img" aria-label={label} className="cascade-svg">
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" fill="var(--muted)" />
          </marker>
        </defs>
        {edges.map(([from, to]) => {
          const a = at.get(from)!;
          const b = at.get(to)!;
          const hot = onPath.has(`${from}>${to}`);
          const dim = inBlast !== null && !(inBlast.has(from) && inBlast.has(to));
          return (
            <line
              key={`${from}>${to}`}
              data-edge={`${from}>${to}`}
              data-dimmed={dim ? "true" : undefined}
              opacity={dim ? dimmed : 1}
              x1={a.x}
              y1={a.y + nodeH / 2}
              x2={b.x}
              y2={b.y - nodeH / 2}
              stroke={hot ? "var(--sev-2)" : "var(--border)"}
              strokeWidth={hot ? 3 : 1.2}
              markerEnd="url(#arrow)"
            />
          );
        })}
        {services.map((s) => {
          const p = at.get(s.name)!;
          const r = rank.get(s.name);
          const dim = inBlast !== null && !inBlast.has(s.name);
          const target = targets.has(s.name);
          return (
            <g
              key={s.name}
              transform={`translate(${p.x - nodeW / 2},${p.y - nodeH / 2})`}
              data-service={s.name}
              data-dimmed={dim ? "true" : undefined}
              data-target={target ? "true" : undefined}
              opacity={dim ? dimmed : 1}
            >
              {target && <rect x={-5} y={-5} width={nodeW + 10} height={nodeH + 10} rx={9} fill="none" stroke="var(--accent)" strokeWidth={3} />}
              <rect width={nodeW} height={nodeH} rx={6} fill="var(--panel)" stroke={r ? "var(--text)" : severityColor(s.score)} strokeWidth={r ? 3 : 2} strokeDasharray={atRisk.has(s.name) ? "5 3" : undefined} />
              <rect width={6} height={nodeH} rx={3} fill={severityColor(s.score)} />
              <text x={12} y={17} fill="var(--text)" fontSize={13}>
                {s.name}
              </text>
              <text x={12} y={33} fill="var(--muted)" fontSize={11} fontFamily="var(--mono)">
                {s.score === null ? "no data" : `score ${s.score.toFixed(2)}`}
              </text>
              {r && (
                <g transform={`translate(${nodeW - 14},-8)`}>
                  <circle r={10} fill="var(--text)" />
                  <text textAnchor="middle" y={4} fill="var(--bg)" fontSize={12} fontWeight={700}>
                    {r}
                  </text>
                </g>
              )}
            </g>
          );
        })}
      </svg>
      <div className="cascade-side">
        <PlanBlastList plans={plans} selected={selected} basis={trafficBasis} />
        {planId !== null && !selected && <p className="alert">That plan is no longer waiting or running; nothing to preview.</p>}
        <aside className="panel" aria-label="Root cause">
          <h2>Root cause</h2>
          {analysis ? (
            <>
              <p>
                {analysis.failureClass.replace(/-/g, " ")} (confidence {analysis.confidence.toFixed(2)})
              </p>
              <ol>
                {analysis.ranking.map((r) => (
                  <li key={r.service}>
                    {r.service} <span className="mono muted">{r.score.toFixed(2)}</span>
                  </li>
                ))}
              </ol>
              <p>Path: {analysis.path.join(" → ") || "—"}</p>
              <p>At risk: {analysis.atRisk.map((r) => `${r.service} (${Math.round(r.probability * 100)}%)`).join(", ") || "none"}</p>
              <p>
                Blast radius: {analysis.blastRadius.services.length} services, {Math.round(analysis.blastRadius.trafficShare * 100)}% of traffic
              </p>
            </>
          ) : (
            <p className="muted">No open incident: nothing to explain.</p>
          )}
        </aside>
      </div>
    </div>
  );
}
