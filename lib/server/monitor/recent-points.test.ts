import { describe, expect, it } from "vitest";
import { RecentPoints } from "./recent-points";

describe("RecentPoints", () => {
  it("keeps the newest points, oldest first, up to its capacity", () => {
    const r = new RecentPoints(3);
    for (let i = 1; i <= 5; i++) r.push("cart", "cpu", i * 1000, i / 10);
    expect(r.points("cart", "cpu")).toEqual([
      [3000, 0.3],
      [4000, 0.4],
      [5000, 0.5],
    ]);
    expect(r.points("cart", "cpu", 4500)).toEqual([[5000, 0.5]]);
    expect(r.points("cart", "memory")).toEqual([]);
  });
});
