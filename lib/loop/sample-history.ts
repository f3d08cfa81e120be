import type { Sample } from "@/lib/monitor/types";

// The raw samples of the last `historyMs`, per series, as plain arrays so the loop state stays
// serialisable. Root-cause analysis and verification read windows of it; the cycle record
// keeps only summaries.

export type SeriesPoints = { t: number[]; v: number[] };
/** Keyed by `${service}/${metric}`. */
export type SampleHistory = Record<string, SeriesPoints>;

export const seriesKey = (service: string, metric: string): string => `${service}/${metric}`;

/** Appends samples (later timestamps only, per series) and drops points older than `keepFromMs`. Mutates `history`. */
export function appendSamples(history: SampleHistory, samples: readonly Sample[], keepFromMs: number): SampleHistory {
  for (const s of samples) {
    if (!Number.isFinite(s.v) || !Number.isFinite(s.t)) continue;
    const series = (history[seriesKey(s.service, s.metric)] ??= { t: [], v: [] });
    const last = series.t[series.t.length - 1];
    if (last !== undefined && s.t <= last) continue;
    series.t.push(s.t);
    series.v.push(s.v);
  }
  for (const series of Object.values(history)) {
    let cut = 0;
    while (cut < series.t.length && series.t[cut]! < keepFromMs) cut++;
    if (cut > 0) {
      series.t.splice(0, cut);
      series.v.splice(0, cut);
    }
  }
  return history;
}

/** Values with from <= t < to. */
export function valuesBetween(history: SampleHistory, service: string, metric: string, from: number, to: number): number[] {
  const series = history[seriesKey(service, metric)];
  if (!series) return [];
  const out: number[] = [];
  for (let i = 0; i < series.t.length; i++) {
    const t = series.t[i]!;
    if (t >= from && t < to) out.push(series.v[i]!);
  }
  return out;
}

/** Points with from <= t < to, as [t, v] pairs. */
export function pointsBetween(history: SampleHistory, key: string, from: number, to: number): [number, number][] {
  const series = history[key];
  if (!series) return [];
  const out: [number, number][] = [];
  for (let i = 0; i < series.t.length; i++) {
    const t = series.t[i]!;
    if (t >= from && t < to) out.push([t, series.v[i]!]);
  }
  return out;
}

export function latestValue(history: SampleHistory, service: string, metric: string): number | undefined {
  const series = history[seriesKey(service, metric)];
  return series?.v[series.v.length - 1];
}
