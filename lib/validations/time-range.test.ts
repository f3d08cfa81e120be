import { describe, expect, it } from "vitest";
import { parseRangeParams, rangeLabel, rangeMs, rangeQuerySchema, refreshMs, sparklineSpanMs, spanLabel, timeRanges } from "./time-range";

const params = (q: string) => new URLSearchParams(q);

describe("time ranges", () => {
  it("reads Grafana's relative ranges as milliseconds and labels", () => {
    expect(timeRanges.map(rangeMs)).toEqual([15 * 60_000, 3_600_000, 6 * 3_600_000, 24 * 3_600_000, 7 * 86_400_000]);
    expect(timeRanges.map(rangeLabel)).toEqual(["Last 15 min", "Last 1 h", "Last 6 h", "Last 24 h", "Last 7 days"]);
    expect(spanLabel(10 * 60_000)).toBe("10 min");
  });

  it("polls at the refresh interval, and not at all when off", () => {
    expect(refreshMs("off")).toBe(false);
    expect(refreshMs("5s")).toBe(5_000);
    expect(refreshMs("1m")).toBe(60_000);
  });

  it("caps the sparklines at the Monitor's 24 h", () => {
    expect(sparklineSpanMs("now-6h")).toBe(6 * 3_600_000);
    expect(sparklineSpanMs("now-7d")).toBe(24 * 3_600_000);
  });

  it("takes from and refresh from the page URL, falling back to the defaults", () => {
    expect(parseRangeParams(params("from=now-6h&refresh=10s"))).toEqual({ range: "now-6h", refresh: "10s" });
    expect(parseRangeParams(params("from=now-2y&refresh=fast"))).toEqual({ range: "now-1h", refresh: "off" });
    expect(parseRangeParams(params(""))).toEqual({ range: "now-1h", refresh: "off" });
  });

  it("refuses an unknown range on the API, naming the field", () => {
    expect(rangeQuerySchema.safeParse({ range: "now-24h" }).success).toBe(true);
    const bad = rangeQuerySchema.safeParse({ range: "yesterday" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(["range"]);
  });
});
