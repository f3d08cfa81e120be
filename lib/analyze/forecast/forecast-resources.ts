// Exhaustion forecasts for every service's filling resources, fed straight from Monitor samples:
// one bounded ExhaustionState per (service, metric), so the loop can hold it as its Analyze
// state and ask each cycle which resources will run out, and when.

import type { Sample } from "@/lib/monitor/types";
import type { ExhaustionConfig, ExhaustionForecast, ExhaustionState } from "./exhaustion-schemas";
import { forecastExhaustion } from "./forecast-exhaustion";
import { initialExhaustionState, resetExhaustion, updateExhaustion } from "./update-exhaustion";

/** Fleet metrics that fill up towards 1 and fail when full. */
export const exhaustibleMetrics = ["memory", "disk_use", "pool_use"] as const;

/** Keyed by `${service}/${metric}`. */
export type ResourceForecastState = Readonly<Record<string, ExhaustionState>>;

export type ResourceForecast = { service: string; metric: string; forecast: ExhaustionForecast };

const keyOf = (service: string, metric: string): string => `${service}/${metric}`;

export function updateResourceForecasts(
  state: ResourceForecastState,
  samples: readonly Sample[],
  config: ExhaustionConfig,
  metrics: readonly string[] = exhaustibleMetrics,
): ResourceForecastState {
  const next: Record<string, ExhaustionState> = { ...state };
  for (const s of samples) {
    if (!metrics.includes(s.metric)) continue;
    const key = keyOf(s.service, s.metric);
    next[key] = updateExhaustion(next[key] ?? initialExhaustionState(), { t: s.t, v: s.v }, config);
  }
  return next;
}

/** A known restart (a restart or rollback action, a deploy): that series starts afresh at `at`. */
export function resetResource(
  state: ResourceForecastState,
  service: string,
  metric: string,
  at: number,
): ResourceForecastState {
  const key = keyOf(service, metric);
  const current = state[key];
  return current === undefined ? state : { ...state, [key]: resetExhaustion(current, at) };
}

/** Every tracked resource's forecast at `now`, warnings first, then by earliest exhaustion. */
export function forecastResources(
  state: ResourceForecastState,
  now: number,
  config: ExhaustionConfig,
): ResourceForecast[] {
  const out = Object.entries(state).map(([key, s]) => {
    const cut = key.lastIndexOf("/");
    return {
      service: key.slice(0, cut),
      metric: key.slice(cut + 1),
      forecast: forecastExhaustion(s, now, config),
    };
  });
  const soonest = (f: ExhaustionForecast): number => f.etaEarliest ?? Number.POSITIVE_INFINITY;
  return out.sort(
    (a, b) =>
      Number(b.forecast.warning) - Number(a.forecast.warning) ||
      soonest(a.forecast) - soonest(b.forecast) ||
      a.service.localeCompare(b.service),
  );
}
