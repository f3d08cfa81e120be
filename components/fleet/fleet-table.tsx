"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { fetchJson } from "@/lib/client/fetch-json";
import { formatAge, formatMetric } from "@/lib/client/format";
import { queryKeys } from "@/lib/client/query-keys";
import { sparklineNote } from "@/lib/client/sparkline-note";
import { useTimeRange } from "@/lib/client/use-time-range";
import { headlineMetrics, type FleetView } from "@/lib/validations/fleet";
import { refreshMs, spanLabel } from "@/lib/validations/time-range";
import { Sparkline, SparklineDefs } from "@/components/ui/sparkline";

const staleAfterMs = 30_000;

const sparkMetric = "latency_p99";

/** Every service with its latest metrics and its latency over the chosen range, pushed by the
 * live channel on every Monitor tick; the refresh interval adds polling, as in Grafana. */
export function FleetTable() {
  const { range, refresh } = useTimeRange();
  const fleet = useQuery({
    queryKey: queryKeys.fleet(range),
    queryFn: () => fetchJson<FleetView>(`/api/v1/fleet?range=${range}`),
    refetchInterval: refreshMs(refresh),
    placeholderData: (previous) => previous,
  });
  if (fleet.isPending) return <p className="muted">Loading the fleet…</p>;
  if (fleet.isError) return <p className="alert error">{fleet.error.message}</p>;
  const { services, now, source, historyFrom } = fleet.data;
  const span = spanLabel(now - historyFrom);
  return (
    <>
      <SparklineDefs />
      <p className="muted">
        {services.length} services · source: {source === "simulated" ? "simulated fleet" : "external"} ·{" "}
        <span data-testid="sparkline-note">{sparklineNote(range, fleet.data, sparkMetric)}</span>
      </p>
      <div className="table-scroll">
        <table aria-label="Fleet">
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col">Replicas</th>
              {headlineMetrics.map((m) => (
                <th scope="col" key={m}>
                  {m.replace("_", " ")}
                </th>
              ))}
              <th scope="col">Latency p99, last {span}</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {services.map((s) => {
              const stale = s.lastSampleAt === null || now - s.lastSampleAt > staleAfterMs;
              return (
                <tr key={s.name} className={stale ? "stale" : undefined} data-testid={`service-${s.name}`}>
                  <th scope="row">
                    <Link href={`/services/${encodeURIComponent(s.name)}`}>{s.name}</Link>
                    {s.tier && <span className="muted"> · {s.tier}</span>}
                  </th>
                  <td className="num">
                    {s.replicas.ready}/{s.replicas.total}
                  </td>
                  {headlineMetrics.map((m) => (
                    <td className="num" key={m} data-metric={m}>
                      {formatMetric(m, s.metrics[m])}
                    </td>
                  ))}
                  <td>
                    <Sparkline points={s.history[sparkMetric] ?? []} domain={[historyFrom, now]} label={`${s.name} latency p99, last ${span}`} />
                  </td>
                  <td className="mono muted">{s.lastSampleAt === null ? "no data" : formatAge(now - s.lastSampleAt)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
