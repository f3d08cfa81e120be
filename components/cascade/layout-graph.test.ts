import { describe, expect, it } from "vitest";
import { layoutGraph } from "./layout-graph";

describe("layoutGraph", () => {
  it("puts callers above their callees, by the longest chain", () => {
    const placed = layoutGraph(["db", "api", "web", "cache"], [["web", "api"], ["api", "db"], ["web", "db"], ["api", "cache"]], 400, 100);
    const y = Object.fromEntries(placed.map((p) => [p.name, p.y]));
    expect(y.web).toBeLessThan(y.api!);
    expect(y.api).toBeLessThan(y.db!);
    expect(y.db).toBe(y.cache);
  });

  it("survives a cycle and isolated services", () => {
    const placed = layoutGraph(["a", "b", "lonely"], [["a", "b"], ["b", "a"]], 300, 50);
    expect(placed).toHaveLength(3);
    for (const p of placed) expect(Number.isFinite(p.x + p.y)).toBe(true);
  });
});
