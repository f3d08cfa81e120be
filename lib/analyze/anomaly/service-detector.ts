import type { AnomalyConfig } from "./anomaly-config";
import {
  createMultivariateState,
  defaultMultivariateConfig,
  type MultivariateConfig,
  type MultivariateState,
  stepMultivariate,
} from "./multivariate-detector";
import { createSeriesState, seriesDetectors, type SeriesState, stepSeries } from "./series-detector";
import type { MetricScore, ScoreDriver, ServiceScore } from "./service-score";

// A service's detectors: one streaming ensemble per metric plus the multivariate detector over
// the metrics' robust z-scores. The service score is the strongest evidence among them, and
// the drivers say which detectors on which metrics came near it.

export type ServiceState = { series: Record<string, SeriesState>; multivariate: MultivariateState };

/** Metrics per service the multivariate detector follows (its cost grows with the cube). */
export const maxMultivariateMetrics = 24;
/** A driver's evidence is at least this share of the score. */
const driverShare = 0.8;
/** Below this score (half of "never seen") nothing is driving anything: no drivers are listed. */
const driverFloor = 0.25;

export function createServiceState(): ServiceState {
  return { series: {}, multivariate: createMultivariateState([]) };
}

/**
 * Scores one tick of a service: the samples sharing timestamp t (ms). Mutates `state`.
 * Metrics absent from the tick keep their state; they are left out of the multivariate check.
 */
export function scoreServiceTick(
  state: ServiceState,
  config: AnomalyConfig,
  service: string,
  t: number,
  samples: ReadonlyArray<{ metric: string; v: number }>,
  mvConfig: MultivariateConfig = defaultMultivariateConfig,
): ServiceScore {
  const metrics: MetricScore[] = [];
  const z = new Array<number>(state.multivariate.metrics.length).fill(Number.NaN);
  let score = 0;
  for (const { metric, v } of samples) {
    const series = (state.series[metric] ??= createSeriesState(config));
    const value = stepSeries(series, config, t, v);
    const e = series.evidence;
    const m: MetricScore = {
      metric,
      score: value,
      status: series.status,
      evidence: { density: e.density, seasonal: e.seasonal, changePoint: e.changePoint },
    };
    metrics.push(m);
    if (m.score > score) score = m.score;
    if (series.status !== "scored") continue;
    let i = state.multivariate.metrics.indexOf(metric);
    if (i < 0 && state.multivariate.metrics.length < maxMultivariateMetrics) {
      state.multivariate = withMetric(state.multivariate, metric);
      z.push(Number.NaN);
      i = z.length - 1;
    }
    if (i >= 0) z[i] = series.z;
  }
  const mv = stepMultivariate(state.multivariate, mvConfig, z);
  if (mv.evidence > score) score = mv.evidence;
  const drivers: ScoreDriver[] = [];
  if (score >= driverFloor) {
    const floor = driverShare * score;
    for (const m of metrics)
      for (const detector of seriesDetectors)
        if (m.evidence[detector] >= floor)
          drivers.push({ detector, metric: m.metric, evidence: m.evidence[detector] });
    if (mv.evidence >= floor) {
      // The metrics carrying most of the distance: each at least a fifth of the largest share.
      const top = Math.max(...mv.contributions);
      state.multivariate.metrics.forEach((metric, i) => {
        if ((mv.contributions[i] as number) >= top / 5)
          drivers.push({ detector: "multivariate", metric, evidence: mv.evidence });
      });
    }
    drivers.sort((a, b) => b.evidence - a.evidence);
  }
  return { service, t, score, drivers, metrics };
}

function withMetric(s: MultivariateState, metric: string): MultivariateState {
  const old = s.metrics.length;
  const next = createMultivariateState([...s.metrics, metric]);
  next.ticks = s.ticks;
  for (let i = 0; i < old; i++) {
    next.mean[i] = s.mean[i] as number;
    for (let j = 0; j < old; j++) next.cov[i * (old + 1) + j] = s.cov[i * old + j] as number;
  }
  return next;
}
