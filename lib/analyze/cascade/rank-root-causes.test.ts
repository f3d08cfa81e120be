import { describe, expect, it } from "vitest";
import { analyzeIncident } from "./analyze-incident";
import type { RcaInput } from "./rca-input";

const t0 = 1_700_000_000;
const minutes = 45;
const faultAt = 30;

/** A per-minute series: `before` until the fault, `after` from it, with a small deterministic
 * wobble so baselines have a spread. */
function series(service: string, metric: string, before: number, after: number, phase: number) {
  return {
    service,
    metric,
    points: Array.from({ length: minutes }, (_, i) => {
      const level = i < faultAt ? before : after;
      return [t0 + 60 * i, level * (1 + 0.02 * Math.sin(i * 1.7 + phase))] as [number, number];
    }),
  };
}

describe("rankRootCauses failover", () => {
  // The entry service explains every anomaly below it and moved as far (two metrics from a
  // near-zero level); only the failover regime lets the lost zone explain its sibling's rise,
  // which tips the ranking (without it the entry ranks first).
  it("ranks a lost zone first when its sibling zone takes over the load", () => {
    const input: RcaInput = {
      services: ["entry", "app", "other", "zone-a", "zone-b"],
      edges: [
        ["entry", "app"],
        ["entry", "other"],
        ["app", "zone-a"],
        ["app", "zone-b"],
        ["other", "zone-b"],
      ],
      series: [
        series("entry", "m1", 50, 150, 0),
        series("entry", "m4", 0, 5, 0),
        series("entry", "m5", 1, 3e4, 0),
        series("app", "m1", 100, 300, 1),
        series("other", "m1", 80, 80, 2),
        series("zone-a", "m2", 1, 0, 3),
        series("zone-a", "m3", 5, 0, 4),
        series("zone-b", "m3", 5, 15, 5),
      ],
      incidentStart: t0 + 60 * (faultAt + 2),
    };
    const ranking = analyzeIncident(input).ranking.map((r) => r.service);
    expect(ranking[0]).toBe("zone-a");
  });
});
