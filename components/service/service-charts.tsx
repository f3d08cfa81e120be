"use client";

import { useQuery } from "@tanstack/react-query";
import { CartesianGrid, Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { fetchJson } from "@/lib/client/fetch-json";
import { formatMetric } from "@/lib/client/format";
import { queryKeys } from "@/lib/client/query-keys";
import { headlineMetrics } from "@/lib/validations/fleet";
import type { ServiceDetail } from "@/lib/validations/service";

const clock = (t: number) => new Date(t).toISOString().slice(11, 16);

/** Periods where the service's anomaly score reached `level`, as [from, to] pairs. */
function anomalousPeriods(scores: [number, number][], level = 0.5): [number, number][] {
  const out: [number, number][] = [];
  let start: number | null = null;
  for (const [t, s] of scores) {
    if (s >= level && start === null) start = t;
    if (s < level && start !== null) {
      out.push([start, t]);
      start = null;
    }
  }
  if (start !== null && scores.length) out.push([start, scores[scores.length - 1]![0]]);
  return out;
}

/** Each headline metric over the last half hour, anomalous periods shaded, remediations marked;
 * then the forecasts and the canary verdict. */
export function ServiceCharts({ name }: { name: string }) {
  const detail = useQuery({
    queryKey: queryKeys.service(name),
    queryFn: () => fetchJson<ServiceDetail>(`/api/v1/services/${encodeURIComponent(name)}`),
    refetchInterval: 5_000,
  });
  if (detail.isPending) return <p className="muted">Loading…</p>;
  if (detail.isError) return <p className="alert error">{detail.error.message}</p>;
  const d = detail.data;
  const periods = anomalousPeriods(d.scores);
  const latestScore = d.scores.length ? d.scores[d.scores.length - 1]![1] : null;
  return (
    <>
      <p className="muted">
        anomaly score now <span className="mono">{latestScore === null ? "no data" : latestScore.toFixed(2)}</span> · shaded: score ≥ 0.5 · dashed lines: remediations
        {d.canary && ` · canary: ${d.canary.verdict} (${Math.round(d.canary.score)}/100)`}
      </p>
      <div className="chart-grid">
        {headlineMetrics.map((metric) => {
          const data = (d.metrics[metric] ?? []).map(([t, v]) => ({ t, v }));
          return (
            <figure key={metric} className="panel chart">
              <figcaption>
                {metric.replace("_", " ")} <span className="mono muted">{formatMetric(metric, data[data.length - 1]?.v)}</span>
              </figcaption>
              {data.length < 2 ? (
                <p className="muted">no data</p>
              ) : (
                <ResponsiveContainer width="100%" height={140}>
                  <LineChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
                    <CartesianGrid stroke="var(--border)" strokeDasharray="2 4" />
                    <XAxis dataKey="t" type="number" domain={["dataMin", "dataMax"]} tickFormatter={clock} stroke="var(--muted)" fontSize={11} />
                    <YAxis width={56} stroke="var(--muted)" fontSize={11} tickFormatter={(v: number) => formatMetric(metric, v)} />
                    <Tooltip labelFormatter={(t) => clock(Number(t))} formatter={(v) => formatMetric(metric, Number(v))} contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }} />
                    {periods.map(([a, b]) => (
                      <ReferenceArea key={a} x1={a} x2={b} fill="var(--sev-1)" fillOpacity={0.18} />
                    ))}
                    {d.actions.map((a) => (
                      <ReferenceLine key={a.plan} x={a.at} stroke="var(--accent)" strokeDasharray="4 3" />
                    ))}
                    <Line dataKey="v" dot={false} stroke="var(--accent)" strokeWidth={1.5} isAnimationActive={false} />
                  </LineChart>
                </ResponsiveContainer>
              )}
            </figure>
          );
        })}
      </div>
      <h2>Forecasts</h2>
      {d.forecasts.length === 0 ? (
        <p className="muted">Nothing is filling up.</p>
      ) : (
        <ul>
          {d.forecasts.map((f) => (
            <li key={f.metric}>
              {f.metric}: {f.level === null ? "—" : formatMetric(f.metric, f.level)} now
              {f.eta !== null && `, full around ${clock(f.eta)} UTC (earliest ${f.etaEarliest === null ? "?" : clock(f.etaEarliest)})`}
            </li>
          ))}
        </ul>
      )}
      <h2>Remediations</h2>
      {d.actions.length === 0 ? (
        <p className="muted">None in the last half hour.</p>
      ) : (
        <ul>
          {d.actions.map((a) => (
            <li key={a.plan}>
              <span className="mono">{clock(a.at)}</span> P-{a.plan} {a.strategy} ({a.status.replace("_", " ")})
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
