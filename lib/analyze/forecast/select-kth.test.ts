import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { selectKth } from "./select-kth";

describe("selectKth", () => {
  it("agrees with sorting, duplicates included", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 60 }),
        fc.nat(),
        (values, seed) => {
          const k = seed % values.length;
          const sorted = [...values].sort((a, b) => a - b);
          expect(selectKth(Float64Array.from(values), k)).toBe(sorted[k]);
        },
      ),
    );
  });

  it("answers repeated queries on the same, reordered, array", () => {
    const a = Float64Array.from([9, 1, 8, 2, 7, 3, 6, 4, 5, 0]);
    expect([7, 0, 9, 4, 5].map((k) => selectKth(a, k))).toEqual([7, 0, 9, 4, 5]);
  });

  it("refuses an index out of range", () => {
    expect(() => selectKth(new Float64Array(3), 3)).toThrow(RangeError);
  });
});
