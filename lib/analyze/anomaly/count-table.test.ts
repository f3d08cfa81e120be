import { describe, expect, it } from "vitest";
import { bumpCount, clampKey, countOf, createCountTable } from "./count-table";

describe("count table", () => {
  it("counts keys, negative and huge ones included", () => {
    const t = createCountTable(64);
    for (const k of [3, -7, 3, clampKey(1e15), clampKey(2e15)]) bumpCount(t, k);
    expect(countOf(t, 3)).toBe(2);
    expect(countOf(t, -7)).toBe(1);
    expect(countOf(t, clampKey(1e15))).toBe(2);
    expect(countOf(t, 4)).toBe(0);
  });

  it("keeps its size fixed and forgets rare keys before frequent ones", () => {
    const t = createCountTable(64);
    for (let k = 1; k < 10_000; k++) {
      bumpCount(t, k);
      if (k % 4 === 0) bumpCount(t, 0);
    }
    expect(t.keys.length).toBe(64);
    expect(t.size).toBeLessThan(48);
    expect(countOf(t, 0)).toBeGreaterThanOrEqual(1);
    expect(countOf(t, 1)).toBe(0);
  });
});
