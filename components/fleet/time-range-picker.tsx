"use client";

import { useId } from "react";
import { useTimeRange } from "@/lib/client/use-time-range";
import { rangeLabel, refreshIntervals, timeRanges } from "@/lib/validations/time-range";

/** Grafana's time-range and refresh pickers: relative ranges, and how often to poll (live
 * pushes update the page whatever is chosen). Labels sit beside, not around, the selects, so
 * each select is named by its label alone. */
export function TimeRangePicker() {
  const { range, refresh, set } = useTimeRange();
  const id = useId();
  return (
    <div className="range-picker" role="group" aria-label="Time range and refresh">
      <label htmlFor={`${id}-range`}>Time range</label>
      <select id={`${id}-range`} value={range} onChange={(e) => set("from", e.target.value)}>
        {timeRanges.map((r) => (
          <option key={r} value={r}>
            {rangeLabel(r)}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-refresh`}>Refresh</label>
      <select id={`${id}-refresh`} value={refresh} onChange={(e) => set("refresh", e.target.value)}>
        {refreshIntervals.map((r) => (
          <option key={r} value={r}>
            {r === "off" ? "Off" : r}
          </option>
        ))}
      </select>
    </div>
  );
}
