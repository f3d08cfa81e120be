import { describe, expect, it } from "vitest";
import { inferEdges, samplingStep } from "./infer-edges";
import { incidentWindow, scoreServices } from "./score-services";
import { syntheticIncident } from "./synthetic-incident";

describe("inferEdges", () => {
  const input = syntheticIncident({
    services: ["frontend", "cart", "redis", "search"],
    edges: [
      ["frontend", "cart"],
      ["cart", "redis"],
      ["frontend", "search"],
    ],
    root: "redis",
    seed: 8,
    withoutEdges: true,
  });
  const anomalies = scoreServices(input, incidentWindow(input));
  const step = samplingStep(input);

  it("measures the sampling step", () => {
    expect(step).toBe(60);
  });

  it("links services whose anomalies follow each other, callee first, with lag and correlation", () => {
    const edges = inferEdges(input, anomalies, step);
    expect(edges).toContainEqual(
      expect.objectContaining({ caller: "cart", callee: "redis", inferred: true, lagSeconds: 60 }),
    );
    expect(edges).toContainEqual(
      expect.objectContaining({ caller: "frontend", callee: "cart", inferred: true, lagSeconds: 60 }),
    );
    expect(edges.some((e) => e.caller === "search" || e.callee === "search")).toBe(false);
  });
});
