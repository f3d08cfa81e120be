"use client";

import { useTimeRange } from "@/lib/client/use-time-range";
import { rangeLabel, refreshIntervals, timeRanges } from "@/lib/validations/time-range";

/** Grafana's time-range and refresh pickers: relative ranges, and how often to poll (live
 * pushes update the page whatever is chosen). */
export function TimeRangePicker() {
  const { range, refresh, set } = useTimeRange();
  return (
    <div className="range-picker" role="group" aria-label="Time range and refresh">
      <label>
        Time range
        <select value={range} onChange={(e) => set("from", e.target.value)}>
          {timeRanges.map((r) => (
            <option key={r} value={r}>
              {rangeLabel(r)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Refresh
        <select value={refresh} onChange={(e) => set("refresh", e.target.value)}>
          {refreshIntervals.map((r) => (
            <option key={r} value={r}>
              {r === "off" ? "Off" : r}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
