import type { Cascade } from "@/lib/analyze/cascade";
import type { Diagnosis, Severity } from "@/lib/plan/types";
import type { Classification } from "./classify-failure";
import type { InfraLoss } from "./find-infra-loss";
import { rolledOutVersion, type Inventory } from "./inventory";
import type { IncidentState } from "./loop-state";
import type { MetricShift } from "./metric-shift";
import { latestValue, type SampleHistory } from "./sample-history";

/** An error rate above this anywhere in the incident makes it critical (users see failures). */
const criticalErrorRate = 0.05;

/** The part of the root-cause analysis a diagnosis needs (kept in the loop state). */
export type IncidentRca = { ranking: { service: string; score: number }[]; cascade: Cascade };

export type DiagnosisInput = {
  incident: IncidentState;
  classification: Classification;
  rca: IncidentRca | null;
  infra: InfraLoss | null;
  shifts: ReadonlyMap<string, readonly MetricShift[]>;
  inventory: Inventory;
  history: SampleHistory;
  anomalyScores: ReadonlyMap<string, number>;
  now: number;
};

/**
 * The Planner's diagnoses for one incident. A lost node or zone is one diagnosis per service
 * with replicas there (each service's replicas are moved by its own plan; the problem is over
 * when the place is empty). Otherwise the root (or the cache in front of it) gets the
 * diagnosis, with the cascade's upstream services as its blast radius, and each anomalous
 * service on the cascade a symptom diagnosis pointing at the next hop toward the root, which
 * the Planner suppresses while the root is remediated.
 */
export function buildDiagnoses(input: DiagnosisInput): Diagnosis[] {
  const { incident, classification: c, rca, infra, shifts, inventory, history, now } = input;
  const ranking = rca?.ranking.slice(0, 5).map((r) => ({ service: r.service, score: r.score })) ?? [];
  const severity = severityOf(incident.services, shifts, infra);
  const base = (service: string): Diagnosis => {
    const svc = inventory.services.find((s) => s.name === service);
    const v = (m: string) => latestValue(history, service, m);
    return {
      service,
      failureClass: c.failureClass,
      severity,
      confidence: round(rca ? (c.confidence + (rca.ranking[0]?.score ?? 0)) / 2 : c.confidence),
      anomalyScore: round(input.anomalyScores.get(service) ?? 0),
      rootCause: { service: c.service, ranking },
      blastRadius: { services: [service], trafficShare: 0 },
      labels: svc?.labels ?? {},
      metrics: {
        cpu: v("cpu"),
        memory: v("memory"),
        saturation: v("saturation"),
        errorRate: v("error_rate"),
        latencyP99Ms: v("latency_p99"),
        poolUse: v("pool_use"),
        replicas: svc?.replicas.length ?? Math.max(0, Math.round(v("replicas_ready") ?? 0)),
      },
      version: { current: svc ? (rolledOutVersion(svc) ?? svc.replicas[0]?.version) : undefined, previous: svc?.previousVersion },
      detectedAt: now,
    };
  };
  if (infra !== null && (c.failureClass === "node-loss" || c.failureClass === "zone-loss")) {
    const zone = c.failureClass === "zone-loss" ? infra.zone : undefined;
    const node = c.failureClass === "node-loss" ? infra.nodes[0] : undefined;
    return infra.services.map((s) => {
      const there = (inventory.services.find((x) => x.name === s.service)?.replicas ?? []).filter((r) =>
        node !== undefined ? r.node === node : r.zone === zone,
      );
      return {
        ...base(s.service),
        zone,
        node,
        placement: { replicas: there.length, unready: there.filter((r) => !r.ready).length },
        rootCause: { service: s.service, ranking },
      };
    });
  }
  const cascade = rca?.cascade;
  const upstream = (cascade?.blastRadius.services ?? incident.services).filter((s) => s !== c.service);
  const root: Diagnosis = {
    ...base(c.service),
    blastRadius: { services: upstream, trafficShare: round(cascade?.blastRadius.trafficShare ?? 0) },
  };
  const path = cascade?.path.map((p) => p.service) ?? [];
  const symptoms = path
    .filter((s) => s !== c.service && s !== cascade?.root)
    .flatMap((s): Diagnosis[] => {
      const hop = cascade?.hops.find((h) => h.to === s && h.direction === "upstream");
      return hop ? [{ ...base(s), failureClass: "slow-dependency", dependency: hop.from, confidence: round(c.confidence / 2) }] : [];
    });
  return [root, ...symptoms];
}

function severityOf(services: readonly string[], shifts: ReadonlyMap<string, readonly MetricShift[]>, infra: InfraLoss | null): Severity {
  if (infra !== null) return "critical";
  const errors = services.some((s) => shifts.get(s)?.some((m) => m.metric === "error_rate" && m.shifted && m.recent > criticalErrorRate));
  return errors ? "critical" : "warning";
}

const round = (v: number): number => Math.round(v * 1000) / 1000;
