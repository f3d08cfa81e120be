import { describe, expect, it } from "vitest";
import { formatAge, formatMetric } from "./format";

describe("formatMetric", () => {
  it("gives each metric its unit", () => {
    expect(formatMetric("latency_p99", 2400)).toBe("2.40 s");
    expect(formatMetric("latency_p50", 12.4)).toBe("12 ms");
    expect(formatMetric("error_rate", 0.12)).toBe("12.0%");
    expect(formatMetric("error_rate", 0.001)).toBe("0.10%");
    expect(formatMetric("cpu", 0.456)).toBe("46%");
    expect(formatMetric("request_rate", 48.25)).toBe("48.3 rps");
    expect(formatMetric("queue_depth", 3)).toBe("3");
    expect(formatMetric("cpu", undefined)).toBe("—");
  });
  it("says how old a value is", () => {
    expect(formatAge(400)).toBe("now");
    expect(formatAge(12_000)).toBe("12 s ago");
    expect(formatAge(180_000)).toBe("3 min ago");
  });
});
