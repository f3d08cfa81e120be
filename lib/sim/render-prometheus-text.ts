import { fleetMetrics, type FleetMetric } from "@/lib/monitor/types";
import { fleetPopulationSamples, populationMetrics } from "./fleet-samples";
import type { FleetState } from "./fleet-types";

const help: Record<FleetMetric, string> = {
  request_rate: "Requests per second arriving at the service, retries included.",
  latency_p50: "Median request latency in milliseconds.",
  latency_p95: "95th percentile request latency in milliseconds.",
  latency_p99: "99th percentile request latency in milliseconds.",
  error_rate: "Fraction of requests failing, 0..1.",
  cpu: "Fraction of allocated CPU in use (above 1 when demand is throttled).",
  memory: "Fraction of the memory limit in use, mean over ready replicas.",
  saturation: "Offered load over capacity (above 1 means overloaded).",
  replicas_ready: "Replicas serving traffic.",
  pool_use: "Fraction of the connection pool in use, 0..1.",
  queue_depth: "Requests waiting, summed over replicas.",
  disk_use: "Fraction of the volume or quota in use, 0..1.",
};

export const prometheusPrefix = "homeostat_";

/** The fleet's current metrics in the Prometheus text exposition format (version 0.0.4):
 * one gauge family per fleet metric, `homeostat_<metric>{service,tier,criticality}`, and for
 * services running several versions, `homeostat_version_<metric>{service,version,population}`.
 * Sample timestamps (ms) are written only with `timestamps: true`: a scraper stamps a live
 * fleet itself, while a fleet running in virtual time must carry its own clock. */
export function renderPrometheusText(state: FleetState, nowMs: number, options: { timestamps?: boolean } = {}): string {
  const stamp = options.timestamps ? ` ${Math.round(nowMs)}` : "";
  const lines: string[] = [];
  for (const metric of fleetMetrics) {
    const name = `${prometheusPrefix}${metric}`;
    lines.push(`# HELP ${name} ${help[metric]}`, `# TYPE ${name} gauge`);
    state.services.forEach((svc, i) => {
      const spec = state.topology.services[i]!;
      const labels = formatLabels({ service: svc.name, tier: spec.tier, criticality: spec.criticality });
      lines.push(`${name}${labels} ${formatValue(svc.metrics[metric])}${stamp}`);
    });
  }
  const populations = fleetPopulationSamples(state, nowMs);
  for (const metric of populationMetrics) {
    const rows = populations.filter((p) => p.metric === metric);
    if (rows.length === 0) continue;
    const name = `${prometheusPrefix}version_${metric}`;
    lines.push(`# HELP ${name} ${help[metric]} Replicas of one version only.`, `# TYPE ${name} gauge`);
    for (const p of rows) {
      lines.push(`${name}${formatLabels({ service: p.service, version: p.version, population: p.population })} ${formatValue(p.v)}${stamp}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

function formatLabels(labels: Record<string, string>): string {
  const body = Object.entries(labels)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`)
    .join(",");
  return `{${body}}`;
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  return String(v);
}
