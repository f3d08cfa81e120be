import { median } from "./robust-stats";
import { counterRate, looksLikeCounter } from "./counter-rate";
import type { RcaInput } from "./rca-input";
import { maxMove, scoreMetric, zOn, type IncidentWindow, type MetricScore } from "./score-metric";

export type ServiceAnomaly = {
  service: string;
  /** Scored metrics, most shifted first. */
  metrics: MetricScore[];
  /** Weighted (½, ⅓, ⅙) mean shift of its three most shifted metrics (robust z units). */
  strength: number;
  /** How far the shifted metrics moved: weighted (½, ⅓, ⅙) sum of ln(1 + move in baseline
   * scales) over the three furthest (MetricScore.magnitude: not capped at zCap, a fall to
   * 1/k counted as a rise to k times). How far, not how sure. */
  magnitude: number;
  /** Strength mapped into [0, 1]: the belief that the service is anomalous. */
  anomaly: number;
  /** Earliest onset of a shifted metric (Unix seconds), or null. */
  onset: number | null;
  shiftedMetrics: number;
};

/** Weights of the three most shifted metrics. Between the max (one noisy pod metric out of
 * fifty would make a service anomalous) and a plain top-3 mean (a leak that moves one metric
 * would be diluted by two quiet ones). */
const topWeights = [1 / 2, 1 / 3, 1 / 6];
/** Strength at which anomaly = 0.5: twice the outlier fence. The fourth power makes the
 * belief steep around it, so the z ≈ 3–4 that a fleet-wide traffic burst gives every service
 * reads as weak (≈ 0.1), and z ≥ 10 as certain. */
const halfStrength = 2 * zOn;
/** Longest guard before incidentStart: with a day of baseline, 20% would search hours back. */
const maxGuardSeconds = 30 * 60;

/** Baseline ends where the search for onsets begins: a guard of 20% of the pre-incident span
 * (at most 30 minutes) before incidentStart, because an incident is noticed after it starts. */
export function incidentWindow(input: RcaInput): IncidentWindow {
  let first = Infinity;
  for (const s of input.series) first = Math.min(first, s.points[0]![0]);
  const guard = Math.min(maxGuardSeconds, 0.2 * Math.max(0, input.incidentStart - first));
  const searchStart = input.incidentStart - guard;
  return { baselineEnd: searchStart, searchStart, incidentStart: input.incidentStart };
}

export function anomalyOfStrength(strength: number): number {
  const x = (strength / halfStrength) ** 4;
  return x / (1 + x);
}

export function scoreServices(input: RcaInput, window: IncidentWindow): Map<string, ServiceAnomaly> {
  const byService = new Map<string, MetricScore[]>(input.services.map((s) => [s, []]));
  for (const series of input.series) {
    const counter = looksLikeCounter(series.points);
    const score = scoreMetric(
      series.metric,
      counter ? counterRate(series.points) : series.points,
      window,
      counter,
    );
    if (score) byService.get(series.service)!.push(score);
  }
  const out = new Map<string, ServiceAnomaly>();
  for (const [service, metrics] of byService) {
    metrics.sort((a, b) => b.shift - a.shift || (a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : 0));
    const top = metrics.slice(0, topWeights.length);
    const weight = topWeights.slice(0, top.length).reduce((s, w) => s + w, 0);
    const strength = top.length === 0 ? 0 : top.reduce((s, m, i) => s + topWeights[i]! * m.shift, 0) / weight;
    let onset: number | null = null;
    let shiftedMetrics = 0;
    const moves: number[] = [];
    for (const m of metrics) {
      if (!m.shifted) continue;
      shiftedMetrics++;
      moves.push(Math.log1p(Math.min(maxMove, m.magnitude)));
      if (m.onset !== null && (onset === null || m.onset < onset)) onset = m.onset;
    }
    moves.sort((a, b) => b - a);
    const magnitude = moves.slice(0, 3).reduce((sum, v, i) => sum + topWeights[i]! * v, 0);
    out.set(service, {
      service,
      metrics,
      strength,
      magnitude,
      anomaly: anomalyOfStrength(strength),
      onset,
      shiftedMetrics,
    });
  }
  return out;
}

/**
 * How much of its move a service had made before `t`: per shifted metric the largest share of
 * the level it holds reached at a point before `t`, and the median over those metrics (so one
 * metric drifting with the day's load does not date the whole service). 0 without a shifted
 * metric. Tells a service that really moved before a candidate cause from one whose metrics
 * only crept across the fence ahead of the cause's step.
 */
export function movedBefore(anomaly: ServiceAnomaly | undefined, t: number): number {
  const shares: number[] = [];
  for (const m of anomaly?.metrics ?? []) {
    if (!m.shifted || m.progress.length === 0) continue;
    let most = 0;
    for (const [at, f] of m.progress) if (at < t) most = Math.max(most, f);
    shares.push(most);
  }
  return shares.length === 0 ? 0 : median(shares);
}
