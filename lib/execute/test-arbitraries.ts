import fc from "fast-check";
import {
  actionKinds,
  failureClasses,
  remediationLevels,
  strategyIds,
  type PlanAction,
} from "@/lib/plan/types";
import type { PlanContent } from "./plan-hash";

// fast-check generators shared by the lib/execute property tests.

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/);
const share = fc.double({ min: 0, max: 1, noNaN: true });

export const planActionArb: fc.Arbitrary<PlanAction> = fc.record({
  kind: fc.constantFrom(...actionKinds),
  target: fc.record(
    { service: name, replicas: fc.integer({ min: 0, max: 20 }), zone: name, node: name },
    { requiredKeys: ["service"] },
  ),
  params: fc.dictionary(name, fc.oneof(name, fc.integer({ min: -100, max: 100 }), fc.boolean()), {
    maxKeys: 3,
  }),
});

export const planContentArb = (
  actions: fc.Arbitrary<PlanAction[]> = fc.array(planActionArb, { maxLength: 4 }),
): fc.Arbitrary<PlanContent> =>
  fc.record({
    version: fc.integer({ min: 1, max: 5 }),
    requestedBy: fc.oneof(fc.constant("loop"), name),
    basis: fc.record({
      cycleId: fc.option(name, { nil: null }),
      diagnosisId: fc.option(name, { nil: null }),
      observedAt: fc.integer({ min: 0, max: 2e12 }),
      observed: fc.dictionary(
        name,
        fc.oneof(name, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean()),
        { maxKeys: 5 },
      ),
    }),
    proposal: fc.record({
      strategy: fc.constantFrom(...strategyIds),
      level: fc.constantFrom(...remediationLevels),
      service: name,
      failureClass: fc.constantFrom(...failureClasses),
      actions,
      estimatedSuccess: fc.record({ mean: share, low: share, high: share, observations: fc.nat(50) }),
      blastRadius: fc.record({ services: fc.array(name, { maxLength: 3 }), trafficShare: share }),
      timeToRecoverSeconds: fc.nat(3600),
      cost: fc.nat(100),
      score: fc.double({ noNaN: true, noDefaultInfinity: true }),
      rationale: fc.array(fc.string(), { maxLength: 2 }),
      policy: fc.option(fc.record({ ruleId: name, policyVersion: fc.integer({ min: 1, max: 9 }) }), {
        nil: null,
      }),
      approval: fc.record({
        auto: fc.boolean(),
        approvers: fc.constantFrom(1 as const, 2 as const),
        reason: fc.string({ maxLength: 8 }),
      }),
    }),
  });

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/** The same value with every object's keys in a shuffled order (`seed` picks the order). */
export function shuffleKeys(value: unknown, seed: number): unknown {
  let s = seed >>> 0 || 1;
  const next = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0), s);
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") {
      const entries = Object.entries(v).map(([k, x]) => [k, walk(x)] as const);
      for (let i = entries.length - 1; i > 0; i--) {
        const j = next() % (i + 1);
        [entries[i], entries[j]] = [entries[j]!, entries[i]!];
      }
      return Object.fromEntries(entries);
    }
    return v;
  };
  return walk(value);
}

/** Paths to every primitive leaf and every non-empty array. */
export function fieldPaths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return [at, ...value.flatMap((x, i) => fieldPaths(x, [...at, i]))];
  if (value !== null && typeof value === "object")
    return Object.entries(value).flatMap(([k, x]) => (x === undefined ? [] : fieldPaths(x, [...at, k])));
  return [at];
}

const changed = (v: Json): Json =>
  Array.isArray(v)
    ? v.length > 0
      ? v.slice(1)
      : [0]
    : typeof v === "number"
      ? v === 1
        ? 2
        : 1
      : typeof v === "string"
        ? `${v}x`
        : typeof v === "boolean"
          ? !v
          : v === null
            ? 0
            : v;

/** A deep copy with the field at `path` changed to a different value. */
export function mutateAt<T>(value: T, path: (string | number)[]): T {
  const copy = structuredClone(value) as Json;
  if (path.length === 0) return changed(copy) as T;
  let parent = copy as Record<string | number, Json>;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, Json>;
  const last = path[path.length - 1]!;
  parent[last] = changed(parent[last]!);
  return copy as T;
}
