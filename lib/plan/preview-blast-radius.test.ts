import { describe, expect, it } from "vitest";
import { analyzeIncident } from "@/lib/analyze/cascade";
import { syntheticIncident } from "@/lib/analyze/cascade/synthetic-incident";
import { trafficShare } from "@/lib/analyze/cascade/traffic-share";
import { previewBlastRadius, previewWeights } from "./preview-blast-radius";

const services = ["frontend", "checkout", "payment", "db"];
const edges = [
  ["frontend", "checkout"],
  ["checkout", "payment"],
  ["payment", "db"],
] as const;
const restart = (service: string) => ({ kind: "restart" as const, target: { service, replicas: 1 }, params: {} });

describe("trafficShare", () => {
  it("is the weight of the services over the total, each service once, to 0.001", () => {
    const w = new Map([["a", 1], ["b", 2], ["c", 3]]);
    expect(trafficShare(["a", "b", "b"], w)).toBe(0.5);
    expect(trafficShare(["a"], w)).toBe(0.167);
    expect(trafficShare(["nope"], w)).toBe(0);
    expect(trafficShare(["a"], new Map([["a", 0]]))).toBe(0);
  });
});

describe("previewWeights", () => {
  it("weighs services by their latest request rate, as the loop feeds the analysis", () => {
    const w = previewWeights(services, edges, new Map([["frontend", 100], ["payment", 40], ["db", -1]]));
    expect(w.basis).toBe("request-rate");
    expect(Object.fromEntries(w.weights)).toEqual({ frontend: 100, checkout: 0, payment: 40, db: 0 });
  });

  it("falls back to 1 + callers when no service reports a rate", () => {
    const w = previewWeights(services, edges, new Map());
    expect(w.basis).toBe("degree");
    expect(Object.fromEntries(w.weights)).toEqual({ frontend: 1, checkout: 2, payment: 2, db: 2 });
  });
});

describe("previewBlastRadius", () => {
  const weights = previewWeights(services, edges, new Map([["frontend", 50], ["checkout", 30], ["payment", 15], ["db", 5]]));

  it("covers the planned services and reports the traffic through them next to the planned share", () => {
    const p = previewBlastRadius({ actions: [restart("payment")], blastRadius: { services: ["payment", "checkout"], trafficShare: 0.1 } }, weights);
    expect(p).toEqual({ services: ["payment", "checkout"], targets: ["payment"], trafficShare: 0.45, plannedShare: 0.1 });
  });

  it("keeps the targets inside when the plan planned to disturb nothing, and ignores unknown targets", () => {
    const p = previewBlastRadius({ actions: [restart("db"), restart("*")], blastRadius: { services: [], trafficShare: 0 } }, weights);
    expect(p).toMatchObject({ services: ["db"], targets: ["db"], trafficShare: 0.05 });
  });

  it("gives the analysis' own share for the analysis' blast radius and weights", () => {
    const chain = edges.map(([a, b]): [string, string] => [a, b]);
    const traffic = { frontend: 120, checkout: 60, payment: 45, db: 30 };
    const input = { ...syntheticIncident({ services, edges: chain, root: "db", seed: 3 }), traffic };
    const rca = analyzeIncident(input);
    const w = previewWeights(services, chain, new Map(Object.entries(traffic)));
    expect(rca.cascade.blastRadius.services.length).toBeGreaterThan(1);
    const p = previewBlastRadius({ actions: [restart(rca.cascade.root)], blastRadius: { services: rca.cascade.blastRadius.services, trafficShare: 0 } }, w);
    expect(p.trafficShare).toBe(rca.cascade.blastRadius.trafficShare);
  });
});
