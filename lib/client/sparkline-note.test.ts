import { describe, expect, it } from "vitest";
import { sparklineNote } from "./sparkline-note";

const h = 3_600_000;
const now = 100 * h;
const view = (span: number, firstPointAgo: number | null) => ({
  now,
  historyFrom: now - span,
  services: [{ name: "api", tier: null, replicas: { ready: 1, total: 1 }, metrics: {}, lastSampleAt: now, history: { latency_p99: firstPointAgo === null ? [] : ([[now - firstPointAgo, 1], [now, 2]] as [number, number][]) } }],
});

describe("sparklineNote", () => {
  it("names the span the sparklines cover", () => {
    expect(sparklineNote("now-6h", view(6 * h, 6 * h), "latency_p99")).toBe("sparklines: last 6 h");
  });

  it("says so when the range is longer than the Monitor keeps", () => {
    expect(sparklineNote("now-7d", view(24 * h, 23.9 * h), "latency_p99")).toBe("sparklines: last 24 h · the Monitor keeps 24 h, so not last 7 days");
  });

  it("says how far back the data reaches when it does not fill the span, or that there is none", () => {
    expect(sparklineNote("now-24h", view(24 * h, 12 * 60_000), "latency_p99")).toBe("sparklines: last 24 h · data for the last 12 min only");
    expect(sparklineNote("now-1h", view(h, null), "latency_p99")).toBe("sparklines: last 1 h · no data yet");
  });
});
