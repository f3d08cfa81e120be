"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/lib/client/fetch-json";
import { queryKeys } from "@/lib/client/query-keys";
import { useTimeRange } from "@/lib/client/use-time-range";
import type { Kpis } from "@/lib/validations/kpis";
import { refreshMs, spanLabel } from "@/lib/validations/time-range";

function duration(seconds: number | null): string {
  if (seconds === null) return "no data";
  if (seconds < 90) return `${Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  return m < 90 ? `${m}m${String(Math.round(seconds % 60)).padStart(2, "0")}s` : `${(seconds / 3600).toFixed(1)} h`;
}

/** The fleet's headline numbers over the chosen range, one line, numbers with units. Open
 * incidents and plans waiting are counts now, whatever the range. */
export function KpiStrip() {
  const { range, refresh } = useTimeRange();
  const kpis = useQuery({
    queryKey: queryKeys.kpis(range),
    queryFn: () => fetchJson<Kpis>(`/api/v1/kpis?range=${range}`),
    refetchInterval: refreshMs(refresh),
    placeholderData: (previous) => previous,
  });
  if (!kpis.data) return <p className="kpis muted">{kpis.isError ? kpis.error.message : "…"}</p>;
  // The label describes the numbers on screen: while a new range loads, the previous ones.
  const label = `last ${spanLabel(kpis.data.hours * 3_600_000)}`;
  const k = kpis.data;
  const decided = k.decisions.auto + k.decisions.human;
  const share = (n: number) => (decided ? `${Math.round((100 * n) / decided)}%` : "—");
  return (
    <dl className="kpis" aria-label={`Fleet numbers, ${label}`} aria-busy={kpis.isPlaceholderData}>
      <div>
        <dt>MTTD</dt>
        <dd className="mono">{duration(k.mttdSeconds)}</dd>
      </div>
      <div>
        <dt>MTTR</dt>
        <dd className="mono">{duration(k.mttrSeconds)}</dd>
      </div>
      <div>
        <dt>incidents opened</dt>
        <dd className="mono">{k.incidents.opened}</dd>
      </div>
      <div>
        <dt>open now</dt>
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
        <dt>over</dt>
        <dd className="mono" data-testid="kpi-window">
          {label}
        </dd>
      </div>
    </dl>
  );
}
