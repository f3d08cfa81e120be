import type { FleetView } from "@/lib/validations/fleet";
import { monitorHistoryMs, rangeLabel, rangeMs, spanLabel, type TimeRange } from "@/lib/validations/time-range";

/** What the sparklines really cover, said plainly: the range, or the Monitor's 24 h when the
 * range is longer, and how far back the data reaches when it does not fill the span (a
 * Monitor that started recently). */
export function sparklineNote(range: TimeRange, view: Pick<FleetView, "now" | "historyFrom" | "services">, metric: string): string {
  const span = view.now - view.historyFrom;
  const parts = [`sparklines: last ${spanLabel(span)}`];
  if (rangeMs(range) > monitorHistoryMs) parts.push(`the Monitor keeps ${spanLabel(monitorHistoryMs)}, so not ${rangeLabel(range).toLowerCase()}`);
  let earliest = Infinity;
  for (const s of view.services) earliest = Math.min(earliest, s.history[metric]?.[0]?.[0] ?? Infinity);
  if (earliest === Infinity) parts.push("no data yet");
  else if (earliest - view.historyFrom > Math.max(0.05 * span, 60_000)) parts.push(`data for the last ${spanLabel(view.now - earliest)} only`);
  return parts.join(" · ");
}
