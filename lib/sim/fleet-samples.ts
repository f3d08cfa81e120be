import { fleetMetrics, type Sample } from "@/lib/monitor/types";
import type { FleetState } from "./fleet-types";
import { isReady, profileOf } from "./fault-dynamics";
import { queueingFactor } from "./latency-math";

/** One sample per service and fleet metric, stamped `nowMs` (the state's last step). */
export function fleetSamples(state: FleetState, nowMs: number): Sample[] {
  const out: Sample[] = [];
  for (const svc of state.services) {
    for (const metric of fleetMetrics) out.push({ service: svc.name, metric, t: nowMs, v: svc.metrics[metric] });
  }
  return out;
}

export const populationMetrics = ["request_rate", "error_rate", "latency_p50", "latency_p99", "memory"] as const;
export type PopulationMetric = (typeof populationMetrics)[number];

/** A sample from the replicas of one service running one version. */
export type PopulationSample = Sample & { version: string; population: "baseline" | "canary"; replicas: number };

/** Per-version samples for services running more than one version (a canary), so a canary
 * judge can compare the canary population against the baseline (stable) one. Traffic is
 * spread evenly over ready replicas; dependency latency is the same for both populations, so
 * the difference between populations is the version's own. */
export function fleetPopulationSamples(state: FleetState, nowMs: number): PopulationSample[] {
  const out: PopulationSample[] = [];
  state.services.forEach((svc, i) => {
    const spec = state.topology.services[i]!;
    const ready = svc.replicas.filter((r) => isReady(r, nowMs, state));
    const versions = [...new Set(svc.replicas.map((r) => r.version))].sort();
    if (versions.length < 2 || ready.length === 0) return;
    const m = svc.metrics;
    const mixedError = mixedOwnError(svc, ready.map((r) => r.version));
    const mixedSlowdown = ready.reduce((a, r) => a + profileOf(svc, r.version).latencyFactor, 0) / ready.length;
    for (const version of versions) {
      const group = ready.filter((r) => r.version === version);
      if (group.length === 0) continue;
      const profile = profileOf(svc, version);
      const ownBase = spec.baseLatencyMs * queueingFactor(m.saturation);
      const latencyShift = ownBase * (profile.latencyFactor - mixedSlowdown);
      const errorRate = Math.min(1, Math.max(0, m.error_rate - mixedError + profile.errorRate));
      const values: Record<PopulationMetric, number> = {
        request_rate: (m.request_rate * group.length) / ready.length,
        error_rate: errorRate,
        latency_p50: Math.max(0, m.latency_p50 + latencyShift),
        latency_p99: Math.max(0, m.latency_p99 + 3.5 * latencyShift),
        memory: group.reduce((a, r) => a + r.memory, 0) / group.length,
      };
      const population = version === svc.stableVersion ? "baseline" : "canary";
      for (const metric of populationMetrics) {
        out.push({ service: svc.name, metric, t: nowMs, v: values[metric], version, population, replicas: group.length });
      }
    }
  });
  return out;
}

/** The error rate the service's versions add on average across its ready replicas. */
function mixedOwnError(svc: FleetState["services"][number], versions: string[]): number {
  return versions.reduce((a, v) => a + profileOf(svc, v).errorRate, 0) / versions.length;
}
