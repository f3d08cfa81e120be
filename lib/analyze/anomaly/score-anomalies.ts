import type { Sample } from "@/lib/monitor/types";
import type { AnomalyConfig } from "./anomaly-config";
import { createServiceState, scoreServiceTick, type ServiceState } from "./service-detector";
import type { ServiceScore } from "./service-score";

// The Analyze entry point for metric samples: groups a batch by service and timestamp into
// ticks, in the order the samples arrive, and scores each tick. The state maps service names to
// their detectors; it is mutated in place and returned for the caller to keep.

export type AnomalyState = Record<string, ServiceState>;

export function createAnomalyState(): AnomalyState {
  return {};
}

export function scoreAnomalies(
  state: AnomalyState,
  config: AnomalyConfig,
  samples: readonly Sample[],
): { state: AnomalyState; scores: ServiceScore[] } {
  const ticks = new Map<string, { service: string; t: number; samples: { metric: string; v: number }[] }>();
  for (const s of samples) {
    const key = `${s.service}\u0000${s.t}`;
    let tick = ticks.get(key);
    if (!tick) ticks.set(key, (tick = { service: s.service, t: s.t, samples: [] }));
    tick.samples.push({ metric: s.metric, v: s.v });
  }
  const scores: ServiceScore[] = [];
  for (const tick of ticks.values()) {
    const service = (state[tick.service] ??= createServiceState());
    scores.push(scoreServiceTick(service, config, tick.service, tick.t, tick.samples));
  }
  return { state, scores };
}
