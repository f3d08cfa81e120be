import { describe, expect, it } from "vitest";
import { analyzeIncident } from "./analyze-incident";
import type { RcaInput } from "./rca-input";

const t0 = 1_700_000_000;
const minutes = 45;
const faultAt = 30;

/** A per-minute series: `before` until the fault, `after` from it, with a small deterministic
 * wobble so baselines have a spread. */
function series(
  service: string,
  metric: string,
  before: number,
  after: number,
  phase: number,
  early?: { from: number; level: number },
) {
  return {
    service,
    metric,
    points: Array.from({ length: minutes }, (_, i) => {
      const level = i >= faultAt ? after : early && i >= early.from ? early.level : before;
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
        series("entry", "m5", 1, 3e3, 0),
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

describe("rankRootCauses soft precedence", () => {
  // The dependents' latency and errors crept over the fence four minutes before the
  // infrastructure under them went down (a burst of load: 40% up, a few hundredths of the move
  // to come). Their onsets precede the cause's, which the rule "an effect cannot precede its
  // cause" used to count in full, ranking an app first. Weighed by the share of the move made
  // that early, the creep barely counts; dependents whose whole move came first still do.
  const apps = ["app1", "app2", "app3"];
  const input = (wholeMoveEarly: boolean): RcaInput => {
    const early = (creep: number, after: number) => ({ from: faultAt - 4, level: wholeMoveEarly ? after : creep });
    return {
      services: ["front", ...apps, "infra"],
      edges: [...apps.map((a) => ["front", a] as [string, string]), ...apps.map((a) => [a, "infra"] as [string, string])],
      series: [
        series("front", "latency", 100, 2000, 0, early(140, 2000)),
        series("front", "errors", 0.01, 0.5, 1, early(0.014, 0.5)),
        ...apps.flatMap((a, i) => [
          series(a, "latency", 50, 1500, 2 + i, early(70, 1500)),
          series(a, "errors", 0.01, 0.6, 3 + i, early(0.014, 0.6)),
        ]),
        series("infra", "ready", 1, 0, 7),
        series("infra", "pods", 8, 0, 8),
      ],
      incidentStart: t0 + 60 * (faultAt + 2),
    };
  };

  it("does not rule out a cause because its effects crept over the fence before it", () => {
    expect(analyzeIncident(input(false)).ranking[0]!.service).toBe("infra");
  });

  it("still rules it out when its effects made their whole move first", () => {
    expect(analyzeIncident(input(true)).ranking[0]!.service).not.toBe("infra");
  });
});

describe("rankRootCauses spread rates", () => {
  // A surge at "surge": its callers' latency climbs, its callee "sat" saturates under the extra
  // requests, its three other callees take the load. "sat" explains the pair equally well (its
  // caller one hop up) and leaves the quiet callees unrelated. Integrated over a fine grid of
  // up and down rates the surge's hypothesis fits better (a middling downward rate explains
  // one callee hit of four); with the earlier up ∈ {0.02, 0.8} × down ∈ {0.02, 0.3, 0.8} the
  // few levels happened to favour the callee.
  it("ranks the surging caller above the callee it saturates", () => {
    const quiet = ["q1", "q2", "q3"];
    const input: RcaInput = {
      services: ["entry", "surge", "sat", ...quiet],
      edges: [["entry", "surge"], ["surge", "sat"], ...quiet.map((q) => ["surge", q] as [string, string])],
      series: [
        series("entry", "latency", 100, 300, 0),
        series("surge", "requests", 40, 120, 1),
        series("surge", "latency", 200, 3000, 2),
        series("sat", "requests", 40, 90, 3),
        series("sat", "latency", 100, 300, 4),
        ...quiet.map((q, i) => series(q, "latency", 10, 10, 5 + i)),
      ],
      incidentStart: t0 + 60 * (faultAt + 2),
    };
    expect(analyzeIncident(input).ranking[0]!.service).toBe("surge");
  });
});

describe("rankRootCauses quiet incidents", () => {
  // A leak that has barely cleared the noise (one metric 8% up) and hurt none of its five
  // callers yet. Half the prior weight on "the fault has not spread" keeps its quiet callers
  // from counting against it; with the rate spread evenly over a grid (a ninth on "not
  // spread") the isolated, idle services with nothing above them ranked first.
  it("ranks a barely anomalous service with quiet callers above idle ones with none", () => {
    const callers = ["c1", "c2", "c3", "c4", "c5"];
    const input: RcaInput = {
      services: [...callers, "leaky", "other", "node-a", "node-b"],
      edges: [
        ...callers.map((c) => [c, "leaky"] as [string, string]),
        ...callers.map((c) => [c, "node-a"] as [string, string]),
        ["leaky", "node-a"],
        ["other", "node-b"],
      ],
      series: [
        ...callers.map((c, i) => series(c, "latency", 10, 10, i)),
        series("leaky", "memory", 100, 108, 7),
        series("leaky", "latency", 10, 10, 8),
        series("other", "latency", 10, 10, 9),
        series("node-a", "pods", 6, 6, 10),
        series("node-b", "pods", 1, 1, 11),
      ],
      incidentStart: t0 + 60 * (faultAt + 2),
    };
    expect(analyzeIncident(input).ranking[0]!.service).toBe("leaky");
  });
});
