import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeIncident } from "./analyze-incident";
import { parseRcaInput } from "./rca-input";
import { rcaResultSchema } from "./rca-result";

// Any valid input, however odd (constant series, zeros, huge values, services without series,
// one point after the incident), gives a ranking of every service and a well-formed result
// (the schema refuses NaN and infinities).
const value = fc.oneof(
  fc.constant(0),
  fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: 0, max: 5 }),
);

const inputArb = fc
  .record({
    n: fc.integer({ min: 1, max: 6 }),
    edgePairs: fc.array(fc.tuple(fc.nat(5), fc.nat(5)), { maxLength: 10 }),
    series: fc.array(
      fc.record({
        service: fc.nat(5),
        metric: fc.string({ minLength: 1, maxLength: 8 }),
        values: fc.array(value, { minLength: 1, maxLength: 40 }),
        step: fc.integer({ min: 1, max: 120 }),
      }),
      { minLength: 1, maxLength: 12 },
    ),
    incidentAt: fc.integer({ min: 1, max: 30 }),
  })
  .map(({ n, edgePairs, series, incidentAt }) => {
    const services = Array.from({ length: n }, (_, i) => `s${i}`);
    const edges = edgePairs
      .map(([a, b]) => [services[a % n]!, services[b % n]!] as [string, string])
      .filter(([a, b]) => a !== b);
    const seen = new Set<string>();
    const list = series
      .map((s) => ({
        service: services[s.service % n]!,
        metric: s.metric,
        points: s.values.map((v, i) => [1_000 + i * s.step, v] as [number, number]),
      }))
      .filter((s) => {
        const key = `${s.service}/${s.metric}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    return { services, edges, series: list, incidentStart: 1_000 + incidentAt };
  });

describe("analyzeIncident on arbitrary valid input", () => {
  it("ranks every service once, with scores in [0, 1], and matches the output schema", () => {
    let analysed = 0;
    fc.assert(
      fc.property(inputArb, (raw) => {
        const parsed = parseRcaInput(raw);
        if (!parsed.ok) return; // e.g. no point before incidentStart: refused, not analysed
        const result = analyzeIncident(parsed.input);
        expect(result.ranking.map((r) => r.service).sort()).toEqual([...raw.services].sort());
        for (const r of result.ranking) {
          expect(r.score).toBeGreaterThanOrEqual(0);
          expect(r.score).toBeLessThanOrEqual(1);
        }
        expect(rcaResultSchema.safeParse(result).success).toBe(true);
        analysed++;
      }),
      { numRuns: 300, seed: 42 },
    );
    expect(analysed).toBeGreaterThan(150);
  });
});
