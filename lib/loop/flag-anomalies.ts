import type { ServiceScore } from "@/lib/analyze/anomaly/service-score";
import type { ResourceForecast } from "@/lib/analyze/forecast";
import type { AnomalyRecord } from "./cycle-record";
import type { InfraLoss } from "./find-infra-loss";
import { entryServices, type Inventory } from "./inventory";
import type { LoopConfig } from "./loop-config";
import { serviceShifts, type MetricShift } from "./metric-shift";
import type { SampleHistory } from "./sample-history";
import { median } from "@/lib/analyze/cascade/robust-stats";
import { valuesBetween } from "./sample-history";

export const keyMetrics = ["error_rate", "latency_p50", "latency_p99", "saturation", "replicas_ready", "memory", "disk_use", "pool_use", "request_rate"] as const;

/** A flag keeps a service a candidate for this long: the ensemble adapts to a new level within
 * minutes, while a slow drift (a leak) may pass its practical floor only later. */
const stickyMs = 5 * 60_000;
/** The entry services' request rate this much above its baseline marks a traffic burst. */
const burstRateRatio = 1.15;

export type FlagResult = {
  records: AnomalyRecord[];
  /** Services flagged this tick. */
  flagged: Set<string>;
  /** Services flagged now or in the last minutes whose own metrics moved: enough to open an incident. */
  opening: Set<string>;
  /** Shifts (vs the last minutes before now) of the opening services. */
  shifts: Map<string, MetricShift[]>;
  burst: boolean;
  /** The entry services take more requests than in their baseline. */
  entryUp: boolean;
  tickScores: { service: string; score: number }[];
};

export type FlagInput = {
  scores: readonly ServiceScore[];
  streaks: Record<string, number>;
  /** When each service was last flagged (updated in place). */
  flaggedAt: Record<string, number>;
  history: SampleHistory;
  forecasts: readonly ResourceForecast[];
  infra: InfraLoss | null;
  /** Alerts and failed probes of this tick (warning or critical), by service. */
  alerts: ReadonlyMap<string, string>;
  inventory: Inventory;
  config: LoopConfig;
  now: number;
};

/**
 * Monitor's verdict for one tick. A service is flagged when its ensemble score stayed at the
 * threshold for `confirmTicks` ticks, when it lost replicas with a node or zone, or when one of
 * its resources is forecast to run out within the horizon, or when an alert or a probe says so.
 * Updates `streaks` and `flaggedAt` in place.
 */
export function flagAnomalies(input: FlagInput): FlagResult {
  const { scores, streaks, flaggedAt, history, forecasts, infra, alerts, inventory, config, now } = input;
  const best = new Map<string, ServiceScore>();
  for (const s of scores) {
    const seen = best.get(s.service);
    if (!seen || s.score > seen.score) best.set(s.service, s);
  }
  for (const svc of inventory.services) {
    const s = best.get(svc.name);
    if (s === undefined) continue;
    streaks[svc.name] = s.score >= config.anomalyThreshold ? (streaks[svc.name] ?? 0) + 1 : 0;
  }
  const windows = {
    baselineFrom: now - config.recentMs - config.baselineGapMs - config.baselineMs,
    baselineTo: now - config.recentMs - config.baselineGapMs,
    recentFrom: now - config.recentMs,
    now,
    zThreshold: config.shiftZ,
  };
  const lost = new Set(infra?.services.map((s) => s.service) ?? []);
  const warned = new Map<string, ResourceForecast>();
  for (const f of forecasts) if (f.forecast.warning && !warned.has(f.service)) warned.set(f.service, f);

  const records: AnomalyRecord[] = [];
  const flagged = new Set<string>();
  const opening = new Set<string>();
  const shifts = new Map<string, MetricShift[]>();
  for (const svc of inventory.services) {
    const score = best.get(svc.name);
    const sources: string[] = [];
    if ((streaks[svc.name] ?? 0) >= config.confirmTicks) sources.push("ensemble");
    if (lost.has(svc.name)) sources.push("replicas lost");
    const forecast = warned.get(svc.name);
    if (forecast) sources.push(`${forecast.metric} exhaustion forecast`);
    const alert = alerts.get(svc.name);
    if (alert !== undefined) sources.push(alert);
    const recently = flaggedAt[svc.name] !== undefined && now - flaggedAt[svc.name]! < stickyMs;
    if (sources.length === 0 && !recently) continue;
    const moved = serviceShifts(history, svc.name, keyMetrics, windows).filter((s) => s.shifted);
    shifts.set(svc.name, moved);
    // A flag from minutes ago opens an incident only on a health metric: more load alone is
    // what a traffic burst leaves behind.
    const evidence = sources.length > 0 ? moved : moved.filter((m) => m.metric !== "request_rate" && m.metric !== "saturation");
    if (evidence.length > 0 || lost.has(svc.name) || forecast || alert !== undefined) opening.add(svc.name);
    if (sources.length === 0) continue;
    flagged.add(svc.name);
    flaggedAt[svc.name] = now;
    const ensemble = score?.score ?? 0;
    const confidence = Math.min(1, Math.max(lost.has(svc.name) || forecast ? 0.8 : 0, ((ensemble - 0.25) / 0.5) * (moved.length > 0 ? 1 : 0.6)));
    const soon = forecast?.forecast.etaEarliest !== null && forecast !== undefined && forecast.forecast.etaEarliest - now < 30 * 60_000;
    const errors = moved.some((m) => m.metric === "error_rate");
    const urgency = errors || lost.has(svc.name) || soon ? "high" : moved.length > 0 ? "medium" : "low";
    records.push({ service: svc.name, score: round(ensemble), confidence: round(Math.max(0, confidence)), urgency, sources, drivers: (score?.drivers ?? []).slice(0, 3) });
  }

  const entryUp = [...entryServices(inventory)].some((e) => {
    const base = valuesBetween(history, e, "request_rate", windows.baselineFrom, windows.baselineTo);
    const recent = valuesBetween(history, e, "request_rate", windows.recentFrom, now + 1);
    return base.length > 0 && recent.length > 0 && median(recent) > burstRateRatio * median(base);
  });
  const burst = entryUp && flagged.size >= config.burstShare * inventory.services.length;
  const tickScores = [...best.values()]
    .filter((s) => s.score >= config.anomalyThreshold / 2)
    .sort((a, b) => b.score - a.score || a.service.localeCompare(b.service))
    .map((s) => ({ service: s.service, score: round(s.score) }));
  return { records, flagged, opening, shifts, burst, entryUp, tickScores };
}

const round = (v: number): number => Math.round(v * 1000) / 1000;
