import { z } from "zod";
import { median } from "@/lib/analyze/cascade/robust-stats";
import { seriesKey, type SampleHistory } from "./sample-history";

// How far a metric of a service moved from its pre-incident baseline: robust z of the recent
// median against the baseline's median and MAD, plus a practical floor per metric so that a
// statistically clear but operationally meaningless change (a flat series moving by 0.1%) does
// not count.

export const metricShiftSchema = z.object({
  service: z.string(),
  metric: z.string(),
  baseline: z.number(),
  recent: z.number(),
  /** Robust z of recent vs baseline (signed). */
  z: z.number(),
  /** When the series first left the baseline band for two samples in a row (ms), if it did. */
  onset: z.number().nullable(),
  /** Moved in its bad direction beyond both the z threshold and the practical floor. */
  shifted: z.boolean(),
});
export type MetricShift = z.infer<typeof metricShiftSchema>;

type Floor = { absolute: number; relative: number; direction: 1 | -1 };
/** Smallest change that matters, per fleet metric (absolute in the metric's unit, or relative to
 * its baseline, whichever is larger); direction 1 = up is bad. Unknown metrics: 25% up. */
const floors: Record<string, Floor> = {
  request_rate: { absolute: 0, relative: 0.3, direction: 1 },
  latency_p50: { absolute: 5, relative: 0.3, direction: 1 },
  latency_p95: { absolute: 5, relative: 0.3, direction: 1 },
  latency_p99: { absolute: 5, relative: 0.3, direction: 1 },
  error_rate: { absolute: 0.01, relative: 0, direction: 1 },
  cpu: { absolute: 0.1, relative: 0, direction: 1 },
  memory: { absolute: 0.01, relative: 0, direction: 1 },
  saturation: { absolute: 0.1, relative: 0, direction: 1 },
  replicas_ready: { absolute: 0.9, relative: 0, direction: -1 },
  pool_use: { absolute: 0.05, relative: 0, direction: 1 },
  queue_depth: { absolute: 5, relative: 0.5, direction: 1 },
  disk_use: { absolute: 0.005, relative: 0, direction: 1 },
};
const defaultFloor: Floor = { absolute: 0, relative: 0.25, direction: 1 };

export function floorOf(metric: string): Floor {
  return floors[metric] ?? defaultFloor;
}

/** The smallest change of `metric` from `baseline` that matters operationally. */
export function practicalChange(metric: string, baseline: number): number {
  const f = floorOf(metric);
  return Math.max(f.absolute, f.relative * Math.abs(baseline));
}

export type ShiftWindows = { baselineFrom: number; baselineTo: number; recentFrom: number; now: number; zThreshold: number };

/** The shift of one series, or null when either window is empty. */
export function metricShift(history: SampleHistory, service: string, metric: string, w: ShiftWindows): MetricShift | null {
  const series = history[seriesKey(service, metric)];
  if (!series) return null;
  const base: number[] = [];
  const recent: number[] = [];
  for (let i = 0; i < series.t.length; i++) {
    const t = series.t[i]!;
    if (t >= w.baselineFrom && t < w.baselineTo) base.push(series.v[i]!);
    else if (t >= w.recentFrom && t <= w.now) recent.push(series.v[i]!);
  }
  if (base.length === 0 || recent.length === 0) return null;
  const m = median(base);
  const mad = median(base.map((v) => Math.abs(v - m)));
  const floor = floorOf(metric);
  const need = practicalChange(metric, m);
  const scale = Math.max(1.4826 * mad, 1e-9);
  const r = median(recent);
  const zValue = (r - m) / scale;
  const band = Math.max(w.zThreshold * scale, need);
  let onset: number | null = null;
  let run = 0;
  for (let i = 0; i < series.t.length; i++) {
    const t = series.t[i]!;
    if (t < w.baselineTo) continue;
    run = floor.direction * (series.v[i]! - m) > band ? run + 1 : 0;
    if (run === 2) {
      onset = series.t[i - 1]!;
      break;
    }
  }
  const bad = floor.direction * (r - m);
  return {
    service,
    metric,
    baseline: m,
    recent: r,
    z: Math.max(-1e6, Math.min(1e6, zValue)),
    onset,
    shifted: bad > need && floor.direction * zValue >= w.zThreshold,
  };
}

/** Shifts of every metric of a service that has data in both windows. */
export function serviceShifts(history: SampleHistory, service: string, metrics: readonly string[], w: ShiftWindows): MetricShift[] {
  return metrics.flatMap((metric) => metricShift(history, service, metric, w) ?? []);
}
