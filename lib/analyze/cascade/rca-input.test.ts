import { describe, expect, it } from "vitest";
import { formatIssuePath, parseRcaInput } from "./rca-input";

const valid = {
  services: ["frontend", "cart"],
  edges: [["frontend", "cart"]],
  series: [
    {
      service: "cart",
      metric: "latency_p99",
      points: [
        [100, 1],
        [160, 2],
        [220, 3],
      ],
    },
    { service: "frontend", metric: "anything at all", points: [[100, 5]] },
  ],
  incidentStart: 200,
};

function errorsOf(raw: unknown) {
  const parsed = parseRcaInput(raw);
  return parsed.ok ? [] : parsed.errors;
}

describe("parseRcaInput", () => {
  it("accepts the documented shape and defaults missing edges to []", () => {
    const parsed = parseRcaInput({ ...valid, edges: undefined });
    expect(parsed).toEqual({ ok: true, input: { ...valid, edges: [] } });
  });

  it("names the field of a non-finite value", () => {
    const raw = structuredClone(valid) as { series: { points: unknown[][] }[] };
    raw.series[0]!.points[2]![1] = null;
    expect(errorsOf({ ...valid, series: raw.series })).toEqual([
      { path: "series[0].points[2][1]", message: "expected a finite number" },
    ]);
  });

  it("refuses points that are not pairs, and non-numeric timestamps", () => {
    const errors = errorsOf({
      ...valid,
      series: [{ service: "cart", metric: "m", points: [[1], ["x", 2]] }],
    });
    expect(errors).toContainEqual({
      path: "series[0].points[0]",
      message: "expected a [unixSeconds, value] pair",
    });
    expect(errors).toContainEqual({
      path: "series[0].points[1][0]",
      message: "expected a finite number (Unix seconds)",
    });
  });

  it("refuses edges and series that name unknown services, and self-calls", () => {
    const errors = errorsOf({
      ...valid,
      edges: [
        ["frontend", "ghost"],
        ["cart", "cart"],
      ],
      series: [{ ...valid.series[0]!, service: "nobody" }],
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: "edges[0][1]", message: 'unknown service "ghost" (not listed in services)' },
        { path: "edges[1]", message: "a service cannot call itself" },
        { path: "series[0].service", message: 'unknown service "nobody" (not listed in services)' },
      ]),
    );
  });

  it("refuses timestamps that do not strictly increase, naming the first offending point", () => {
    const series = [
      {
        service: "cart",
        metric: "m",
        points: [
          [100, 1],
          [160, 2],
          [160, 3],
          [50, 4],
        ],
      },
    ];
    expect(errorsOf({ ...valid, series })).toEqual([
      { path: "series[0].points[2][0]", message: "timestamps must be strictly increasing (160 follows 160)" },
    ]);
  });

  it("refuses empty input, duplicates, and an incident with no baseline before it", () => {
    expect(errorsOf({})).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "services" }),
        expect.objectContaining({ path: "series" }),
      ]),
    );
    expect(errorsOf(null)).toEqual([
      { path: "(input)", message: "expected a JSON object with services, edges, series and incidentStart" },
    ]);
    expect(errorsOf({ ...valid, services: [] })).toContainEqual({
      path: "services",
      message: "expected at least one service",
    });
    expect(errorsOf({ ...valid, series: [] })).toContainEqual({
      path: "series",
      message: "expected at least one series",
    });
    expect(errorsOf({ ...valid, services: ["cart", "frontend", "cart"] })).toContainEqual({
      path: "services[2]",
      message: 'duplicate service "cart"',
    });
    expect(errorsOf({ ...valid, series: [valid.series[0], valid.series[0]] })).toContainEqual({
      path: "series[1]",
      message: 'duplicate series for service "cart", metric "latency_p99"',
    });
    expect(errorsOf({ ...valid, incidentStart: 10 })).toEqual([
      {
        path: "incidentStart",
        message: "no series has a point before incidentStart: the pre-incident baseline is empty",
      },
    ]);
  });

  it("checks the optional critical list and traffic map", () => {
    const errors = errorsOf({ ...valid, critical: ["ghost"], traffic: { cart: -1, ghost: 3 } });
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: "critical[0]", message: 'unknown service "ghost" (not listed in services)' },
        { path: "traffic.cart", message: "expected a finite number ≥ 0" },
        { path: "traffic.ghost", message: 'unknown service "ghost" (not listed in services)' },
      ]),
    );
  });

  it("formats issue paths", () => {
    expect(formatIssuePath(["series", 3, "points", 10, 1])).toBe("series[3].points[10][1]");
    expect(formatIssuePath([])).toBe("(input)");
  });
});
