import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalPlan, planContentHash, planContentSchema, type PlanContent } from "./plan-hash";
import { fieldPaths, mutateAt, planContentArb, shuffleKeys } from "./test-arbitraries";

describe("planContentHash", () => {
  it("is 64 lowercase hex characters and generated plans are valid plan content", () => {
    fc.assert(
      fc.property(planContentArb(), (c) => {
        expect(planContentSchema.safeParse(c).success).toBe(true);
        expect(planContentHash(c)).toMatch(/^[0-9a-f]{64}$/);
      }),
    );
  });

  it("ignores the order of object keys at every level", () => {
    fc.assert(
      fc.property(planContentArb(), fc.integer(), (c, seed) => {
        const shuffled = shuffleKeys(c, seed) as PlanContent;
        expect(planContentHash(shuffled)).toBe(planContentHash(c));
      }),
    );
  });

  it("changes when any single field changes, anywhere in the plan", () => {
    fc.assert(
      fc.property(
        planContentArb().chain((c) => fc.tuple(fc.constant(c), fc.constantFrom(...fieldPaths(c)))),
        ([c, path]) => {
          expect(planContentHash(mutateAt(c, path))).not.toBe(planContentHash(c));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("changes when a field is added or removed", () => {
    fc.assert(
      fc.property(planContentArb(), (c) => {
        const added = { ...c, basis: { ...c.basis, observed: { ...c.basis.observed, "zz-added": 0 } } };
        expect(planContentHash(added)).not.toBe(planContentHash(c));
      }),
    );
  });

  it("tells a value in a string from the same characters as structure", () => {
    const base = (observed: Record<string, string | number>) =>
      ({
        version: 1,
        requestedBy: "loop",
        basis: { cycleId: null, diagnosisId: null, observedAt: 0, observed },
      }) as unknown as PlanContent;
    expect(canonicalPlan(base({ a: '1,"b":2' }))).not.toBe(canonicalPlan(base({ a: 1, b: 2 })));
    expect(planContentHash(base({ a: "1" }))).not.toBe(planContentHash(base({ a: 1 })));
  });

  it("refuses a non-finite number instead of hashing it as null", () => {
    const c = fc.sample(planContentArb(), { numRuns: 1, seed: 1 })[0]!;
    expect(() => planContentHash({ ...c, basis: { ...c.basis, observedAt: Number.NaN } })).toThrow(/NaN/);
  });
});
