import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatBatchIssue,
  formatIssuePath,
  jsonBatchSchema,
  jsonBatchToSamples,
  type BatchIssue,
} from "./json-batch";
import { validateJsonBatch } from "./validate-json-batch";

function zodResult(body: unknown): { ok: true; samples: unknown } | { ok: false; issues: BatchIssue[] } {
  const parsed = jsonBatchSchema.safeParse(body);
  if (parsed.success) return { ok: true, samples: jsonBatchToSamples(parsed.data) };
  return {
    ok: false,
    issues: parsed.error.issues.map((i) => ({ path: formatIssuePath(i.path), message: i.message })),
  };
}

describe("JSON push batches", () => {
  it("accepts both shapes, ms and RFC 3339 times, and flattens samples first", () => {
    const body = {
      samples: [{ service: "cart", metric: "cpu", t: 1000, v: 0.5, extra: true }],
      series: [
        {
          service: "db",
          metric: "latency_p99",
          points: [
            ["1970-01-01T00:00:02Z", 3],
            ["1970-01-01T01:00:03.5+01:00", 4],
          ],
        },
      ],
    };
    const expected = [
      { service: "cart", metric: "cpu", t: 1000, v: 0.5 },
      { service: "db", metric: "latency_p99", t: 2000, v: 3 },
      { service: "db", metric: "latency_p99", t: 3500, v: 4 },
    ];
    expect(validateJsonBatch(body)).toEqual({ ok: true, samples: expected });
    expect(zodResult(body)).toEqual({ ok: true, samples: expected });
  });

  it("names the path of each problem", () => {
    const body = {
      samples: [
        { service: "a", metric: "m", t: 1, v: 1 },
        7,
        { service: "", metric: "m", t: "yesterday", v: "1" },
      ],
      series: [{ service: "b", metric: "m", points: [[1, 2], [3], [-1, null]] }],
    };
    const result = validateJsonBatch(body);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map(formatBatchIssue)).toEqual([
      "samples[1]: expected an object",
      "samples[2].service: must not be empty",
      "samples[2].t: expected a time: milliseconds since the epoch (a number ≥ 0) or an RFC 3339 string with a zone",
      "samples[2].v: expected a finite number",
      "series[0].points[1]: expected a [t, v] pair",
      "series[0].points[2][0]: expected a time: milliseconds since the epoch (a number ≥ 0) or an RFC 3339 string with a zone",
      "series[0].points[2][1]: expected a finite number",
    ]);
    expect(zodResult(body)).toEqual(result);
  });

  it("refuses bodies that are not batches", () => {
    for (const [body, message] of [
      [null, "body: expected an object"],
      [[], "body: expected an object"],
      [{}, 'body: expected "samples" or "series"'],
      [{ samples: {} }, "samples: expected an array"],
      [{ series: [{ service: "a", metric: "b", points: 1 }] }, "series[0].points: expected an array"],
    ] as const) {
      const result = validateJsonBatch(body);
      expect(result.ok ? null : result.issues.map(formatBatchIssue)).toEqual([message]);
      expect(zodResult(body)).toEqual(result);
    }
  });

  it("stops at maxIssues", () => {
    const result = validateJsonBatch({ samples: Array.from({ length: 100 }, () => 1) }, 5);
    expect(result.ok ? 0 : result.issues.length).toBe(5);
  });

  it("agrees with the zod schema on arbitrary bodies", () => {
    const name = fc.oneof(
      fc.constantFrom("cart", "cpu", ""),
      fc.string({ maxLength: 3 }),
      fc.integer(),
      fc.constant("x".repeat(201)),
    );
    const time = fc.oneof(
      fc.integer({ min: -5, max: 2e12 }),
      fc.double(),
      fc.constantFrom(
        "2026-11-27T01:00:00Z",
        "2026-11-27T01:00:00",
        "2026-11-27T01:00:00.123456+02:00",
        "nope",
        "",
      ),
      fc.constant(null),
    );
    const value = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constantFrom("1", null, true),
    );
    const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
    const sample = fc.oneof(
      fc.record({ service: name, metric: name, t: time, v: value }, { requiredKeys: [] }),
      fc.constantFrom(1, "s", null, []),
    );
    const pair = fc.oneof(fc.tuple(time, value), fc.array(value, { maxLength: 3 }), fc.constant({}));
    const series = fc.oneof(
      fc.record(
        { service: name, metric: name, points: fc.oneof(fc.array(pair, { maxLength: 4 }), fc.constant(3)) },
        { requiredKeys: [] },
      ),
      fc.constant(null),
    );
    const body = fc.oneof(
      fc.record({
        samples: maybe(fc.oneof(fc.array(sample, { maxLength: 5 }), fc.constant("x"))),
        series: maybe(fc.array(series, { maxLength: 3 })),
      }),
      fc.constantFrom(null, 1, "x", []),
    );
    fc.assert(
      fc.property(body, (b) => {
        const hand = validateJsonBatch(b, 1000);
        expect(hand).toEqual(zodResult(b));
      }),
      { numRuns: 2000 },
    );
  });
});
