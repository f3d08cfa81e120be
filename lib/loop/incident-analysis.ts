import { analyzeIncident } from "@/lib/analyze/cascade";
import type { RcaInput, RcaResult } from "@/lib/analyze/cascade";
import type { AnalysisRecord } from "./cycle-record";
import { classifyFailure, type Classification } from "./classify-failure";
import type { InfraLoss } from "./find-infra-loss";
import { keyMetrics } from "./flag-anomalies";
import { inventoryEdges, type Inventory } from "./inventory";
import type { LoopConfig } from "./loop-config";
import type { IncidentState } from "./loop-state";
import { serviceShifts, type MetricShift } from "./metric-shift";
import { latestValue, pointsBetween, type SampleHistory } from "./sample-history";

export type IncidentAnalysis = {
  rca: RcaResult;
  classification: Classification;
  shifts: Map<string, MetricShift[]>;
  record: AnalysisRecord;
};

/** The RCA input for an incident: every series from the baseline's start to now, in Unix
 * seconds as lib/analyze/cascade expects, with the inventory's call graph and traffic. */
export function rcaInputFor(incident: IncidentState, history: SampleHistory, inventory: Inventory, now: number): RcaInput | null {
  const names = new Set(inventory.services.map((s) => s.name));
  const series: RcaInput["series"] = [];
  let before = 0;
  for (const key of Object.keys(history).sort()) {
    const cut = key.lastIndexOf("/");
    const service = key.slice(0, cut);
    if (!names.has(service)) continue;
    const points = pointsBetween(history, key, incident.baseline.from, now + 1).map(([t, v]): [number, number] => [t / 1000, v]);
    if (points.length === 0) continue;
    before += points.filter(([t]) => t * 1000 < incident.onset).length;
    series.push({ service, metric: key.slice(cut + 1), points });
  }
  if (series.length === 0 || before === 0) return null;
  const traffic: Record<string, number> = {};
  for (const s of inventory.services) traffic[s.name] = Math.max(0, latestValue(history, s.name, "request_rate") ?? 0);
  return {
    services: inventory.services.map((s) => s.name),
    edges: inventoryEdges(inventory),
    series,
    incidentStart: incident.onset / 1000,
    critical: inventory.services.filter((s) => s.critical).map((s) => s.name),
    traffic,
  };
}

/** Shifts of every service's key metrics against the incident's baseline. */
export function incidentShifts(incident: IncidentState, history: SampleHistory, inventory: Inventory, config: LoopConfig, now: number): Map<string, MetricShift[]> {
  const w = { baselineFrom: incident.baseline.from, baselineTo: incident.baseline.to, recentFrom: now - config.recentMs, now, zThreshold: config.shiftZ };
  return new Map(inventory.services.map((s) => [s.name, serviceShifts(history, s.name, keyMetrics, w)]));
}

/** Root cause, cascade and failure class of an open incident on its recent window. */
export function analyzeIncidentWindow(
  incident: IncidentState,
  history: SampleHistory,
  inventory: Inventory,
  infra: InfraLoss | null,
  deployed: ReadonlySet<string>,
  config: LoopConfig,
  now: number,
): IncidentAnalysis | null {
  const input = rcaInputFor(incident, history, inventory, now);
  if (input === null) return null;
  const rca = analyzeIncident(input);
  const shifts = incidentShifts(incident, history, inventory, config, now);
  // The root is the best-ranked service among the incident's own and what they call: a
  // service outside it (a burst's entry point moving at the same time) is another story.
  const members = new Set(incident.services);
  for (const s of inventory.services) if (members.has(s.name)) for (const c of s.calls) members.add(c.service);
  const root = (rca.ranking.find((r) => members.has(r.service)) ?? rca.ranking[0]!).service;
  const classification = classifyFailure({ root, shifts, inventory, infra, deployed });
  const c = rca.cascade;
  const record: AnalysisRecord = {
    incidentId: incident.id,
    ranking: rca.ranking.slice(0, 5).map((r) => ({ service: r.service, score: r.score })),
    cascade: {
      root: c.root,
      path: c.path.map((p) => p.service),
      otherAnomalous: c.otherAnomalous,
      atRisk: c.atRisk.slice(0, 3).map((a) => ({ service: a.service, probability: a.probability })),
      blastRadius: { services: c.blastRadius.services, trafficShare: c.blastRadius.trafficShare },
    },
    classification: {
      failureClass: classification.failureClass,
      service: classification.service,
      confidence: classification.confidence,
      reasons: classification.reasons,
    },
    shifts: [...shifts.values()].flat().filter((s) => s.shifted).slice(0, 24),
  };
  return { rca, classification, shifts, record };
}
