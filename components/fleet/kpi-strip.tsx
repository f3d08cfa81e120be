"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/lib/client/fetch-json";
import { queryKeys } from "@/lib/client/query-keys";
import type { Kpis } from "@/lib/validations/kpis";

function duration(seconds: number | null): string {
  if (seconds === null) return "no data";
  if (seconds < 90) return `${Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  return m < 90 ? `${m}m${String(Math.round(seconds % 60)).padStart(2, "0")}s` : `${(seconds / 3600).toFixed(1)} h`;
}

/** The fleet's headline numbers for the last 24 hours, one line, numbers with units. */
export function KpiStrip() {
  const kpis = useQuery({ queryKey: queryKeys.kpis(24), queryFn: () => fetchJson<Kpis>("/api/v1/kpis?hours=24"), refetchInterval: 15_000 });
  if (!kpis.data) return <p className="kpis muted">{kpis.isError ? kpis.error.message : "…"}</p>;
  const k = kpis.data;
  const decided = k.decisions.auto + k.decisions.human;
  const share = (n: number) => (decided ? `${Math.round((100 * n) / decided)}%` : "—");
  return (
    <dl className="kpis" aria-label="Fleet numbers, last 24 hours">
      <div>
        <dt>MTTD</dt>
        <dd className="mono">{duration(k.mttdSeconds)}</dd>
      </div>
      <div>
        <dt>MTTR</dt>
        <dd className="mono">{duration(k.mttrSeconds)}</dd>
      </div>
      <div>
        <dt>open incidents</dt>
        <dd className="mono">{k.incidents.open}</dd>
      </div>
      <div>
        <dt>waiting approval</dt>
        <dd className="mono">{k.waitingApproval}</dd>
      </div>
      <div>
        <dt>auto / human</dt>
        <dd className="mono">
          {share(k.decisions.auto)} / {share(k.decisions.human)}
        </dd>
      </div>
      <div>
        <dt>vetoes</dt>
        <dd className="mono">{k.decisions.human ? `${Math.round((100 * k.decisions.vetoes) / k.decisions.human)}%` : "—"}</dd>
      </div>
      <div>
        <dt>actions</dt>
        <dd className="mono">{k.actions}</dd>
      </div>
      <div>
        <dt>window</dt>
        <dd className="mono">24 h</dd>
      </div>
    </dl>
  );
}
