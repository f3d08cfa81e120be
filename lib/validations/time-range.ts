import { z } from "zod";
import { windowMs } from "@/lib/monitor/windows/window-layout";

// Grafana's relative time ranges and refresh intervals, spelled as Grafana spells them in its
// URLs (`from=now-1h`, `refresh=10s`), so a link reads the same to anyone who knows Grafana.

export const timeRanges = ["now-15m", "now-1h", "now-6h", "now-24h", "now-7d"] as const;
export const timeRangeSchema = z.enum(timeRanges);
export type TimeRange = z.infer<typeof timeRangeSchema>;
export const defaultTimeRange: TimeRange = "now-1h";

export const refreshIntervals = ["off", "5s", "10s", "30s", "1m"] as const;
export const refreshSchema = z.enum(refreshIntervals);
export type RefreshInterval = z.infer<typeof refreshSchema>;
/** Grafana's default: no polling; live pushes still update the page. */
export const defaultRefresh: RefreshInterval = "off";

const unitMs = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Milliseconds in a duration like "15m", "24h", "7d", "5s". */
function durationMs(text: string): number {
  const m = /^(\d+)([smhd])$/.exec(text);
  if (!m) throw new Error(`not a duration: ${text}`);
  return Number(m[1]) * unitMs[m[2] as keyof typeof unitMs];
}

export function rangeMs(range: TimeRange): number {
  return durationMs(range.slice("now-".length));
}

/** "Last 15 minutes" … "Last 7 days", as Grafana's picker lists them. */
export function rangeLabel(range: TimeRange): string {
  return `Last ${spanLabel(rangeMs(range))}`;
}

/** "15 min", "1 h", "7 days". */
export function spanLabel(ms: number): string {
  if (ms < unitMs.h) return `${Math.round(ms / unitMs.m)} min`;
  if (ms < 2 * unitMs.d) return `${Math.round(ms / unitMs.h)} h`;
  return `${Math.round(ms / unitMs.d)} days`;
}

/** Polling period, or false for "off". */
export function refreshMs(refresh: RefreshInterval): number | false {
  return refresh === "off" ? false : durationMs(refresh);
}

/** The Monitor keeps its longest rolling window (24 h); charts cannot reach further back. */
export const monitorHistoryMs = windowMs["24h"];

/** How far back the sparklines reach for a range: the range, or the Monitor's 24 h. */
export function sparklineSpanMs(range: TimeRange): number {
  return Math.min(rangeMs(range), monitorHistoryMs);
}

/** The range and refresh from a page's query string (`from`, `refresh`); anything unknown
 * falls back to the default, so a mangled link still opens. */
export function parseRangeParams(params: { get(name: string): string | null }): { range: TimeRange; refresh: RefreshInterval } {
  const range = timeRangeSchema.safeParse(params.get("from"));
  const refresh = refreshSchema.safeParse(params.get("refresh"));
  return { range: range.success ? range.data : defaultTimeRange, refresh: refresh.success ? refresh.data : defaultRefresh };
}

/** `?range=` of /api/v1/kpis and /api/v1/fleet. */
export const rangeQuerySchema = z.object({ range: timeRangeSchema.optional() });
