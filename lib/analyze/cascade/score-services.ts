import type { RcaInput } from "./rca-input";
import { scoreMetric, zOn, type IncidentWindow, type MetricScore } from "./score-metric";

export type ServiceAnomaly = {
  service: string;
  /** Scored metrics, most shifted first. */
  metrics: MetricScore[];
  /** Mean shift of the service's top-k metrics (robust z units). */
  strength: number;
  /** Strength mapped into [0, 1]: the belief that the service is anomalous. */
  anomaly: number;
  /** Earliest onset of a shifted metric (Unix seconds), or null. */
  onset: number | null;
  shiftedMetrics: number;
};

/** Top-k mean over metrics: one noisy pod metric out of fifty does not make a service
 * anomalous (the max would), yet a fault that moves only two or three metrics still counts. */
const topK = 3;
/** Strength at which anomaly = 0.5. Twice the outlier fence: a service whose top metrics sit
 * at z ≈ 3 is borderline, one at z ≈ 10+ is clearly moved. */
const halfStrength = 2 * zOn;

/** Baseline ends where the search for onsets begins: a guard of 20% of the pre-incident span
 * before incidentStart, because an incident is noticed after it starts. */
export function incidentWindow(input: RcaInput): IncidentWindow {
  let first = Infinity;
  for (const s of input.series) first = Math.min(first, s.points[0]![0]);
  const guard = 0.2 * Math.max(0, input.incidentStart - first);
  const searchStart = input.incidentStart - guard;
  return { baselineEnd: searchStart, searchStart, incidentStart: input.incidentStart };
}

export function anomalyOfStrength(strength: number): number {
  return (strength * strength) / (strength * strength + halfStrength * halfStrength);
}

export function scoreServices(input: RcaInput, window: IncidentWindow): Map<string, ServiceAnomaly> {
  const byService = new Map<string, MetricScore[]>(input.services.map((s) => [s, []]));
  for (const series of input.series) {
    const score = scoreMetric(series.metric, series.points, window);
    if (score) byService.get(series.service)!.push(score);
  }
  const out = new Map<string, ServiceAnomaly>();
  for (const [service, metrics] of byService) {
    metrics.sort((a, b) => b.shift - a.shift || (a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : 0));
    const top = metrics.slice(0, topK);
    const strength = top.length === 0 ? 0 : top.reduce((s, m) => s + m.shift, 0) / top.length;
    let onset: number | null = null;
    let shiftedMetrics = 0;
    for (const m of metrics) {
      if (!m.shifted) continue;
      shiftedMetrics++;
      if (m.onset !== null && (onset === null || m.onset < onset)) onset = m.onset;
    }
    out.set(service, { service, metrics, strength, anomaly: anomalyOfStrength(strength), onset, shiftedMetrics });
  }
  return out;
}
