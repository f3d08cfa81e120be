import { describe, expect, it } from "vitest";
import type { FleetService, FleetView } from "@/lib/validations/fleet";
import { mergeFleetView } from "./merge-fleet-view";

const min = 60_000;
const service = (name: string, history: FleetService["history"], rate: number): FleetService => ({
  name,
  tier: null,
  replicas: { ready: 2, total: 2 },
  metrics: { request_rate: rate },
  lastSampleAt: 0,
  history,
});
const view = (now: number, spanMs: number, services: FleetService[]): FleetView => ({ now, historyFrom: now - spanMs, source: "simulated", services });

describe("mergeFleetView", () => {
  it("keeps a long range's older points, takes the pushed recent ones and slides the start", () => {
    const now = 120 * min;
    const old = view(now, 60 * min, [service("api", { latency_p99: [[62 * min, 1], [90 * min, 2], [112 * min, 3], [119 * min, 4]] }, 10)]);
    const live = view(now + min, 10 * min, [service("api", { latency_p99: [[111 * min, 5], [121 * min, 6]] }, 11), service("new", { latency_p99: [[120 * min, 7]] }, 1)]);
    const merged = mergeFleetView(old, live);
    expect(merged.now).toBe(now + min);
    expect(merged.historyFrom).toBe(61 * min);
    expect(merged.services.map((s) => s.name)).toEqual(["api", "new"]);
    expect(merged.services[0]!.metrics.request_rate).toBe(11);
    expect(merged.services[0]!.history.latency_p99).toEqual([[62 * min, 1], [90 * min, 2], [111 * min, 5], [121 * min, 6]]);
    expect(merged.services[1]!.history.latency_p99).toEqual([[120 * min, 7]]);
  });

  it("is the push itself when the view was the live one", () => {
    const old = view(10 * min, 10 * min, [service("api", { cpu: [[0.5 * min, 0.1], [9 * min, 0.2]] }, 1)]);
    const live = view(11 * min, 10 * min, [service("api", { cpu: [[1.5 * min, 0.1], [9 * min, 0.2], [11 * min, 0.3]] }, 1)]);
    expect(mergeFleetView(old, live)).toEqual(live);
  });
});
