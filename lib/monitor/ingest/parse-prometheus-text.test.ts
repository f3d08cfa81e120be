import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createFleet } from "@/lib/sim/create-fleet";
import { defaultTopology } from "@/lib/sim/default-topology";
import { renderPrometheusText } from "@/lib/sim/render-prometheus-text";
import { defaultExpositionMapping, expositionToSamples } from "./exposition-to-samples";
import { formatExpositionError, parsePrometheusText } from "./parse-prometheus-text";

const firstError = (text: string) => {
  const e = parsePrometheusText(text).errors[0];
  return e ? formatExpositionError(e) : null;
};

describe("parsePrometheusText", () => {
  it("reads HELP, TYPE, labels, timestamps and special values", () => {
    const text = [
      "# HELP http_requests_total The total number of HTTP requests.",
      "# TYPE http_requests_total counter",
      'http_requests_total{method="post",code="200"} 1027 1395066363000',
      'http_requests_total{method="post",code="400"}    3 1395066363000',
      "",
      "# A normal comment.",
      'msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9',
      "metric_without_timestamp_and_labels 12.47",
      'something_weird{problem="division by zero"} +Inf -3982045',
      "nan_metric NaN",
      "neg_inf -Inf",
      "# TYPE rpc_duration_seconds summary",
      'rpc_duration_seconds{quantile="0.5"} 4773',
      "rpc_duration_seconds_sum 1.7560473e+07",
      "rpc_duration_seconds_count 2693",
      "# TYPE http_request_duration_seconds histogram",
      'http_request_duration_seconds_bucket{le="0.05",} 24054',
      'http_request_duration_seconds_bucket{le="+Inf"} 144320',
      "http_request_duration_seconds_count 144320",
    ].join("\n");
    const parsed = parsePrometheusText(text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.types.get("http_requests_total")).toBe("counter");
    expect(parsed.types.get("rpc_duration_seconds")).toBe("summary");
    expect(parsed.help.get("http_requests_total")).toBe("The total number of HTTP requests.");
    const [first, , weirdPath, plain, weird, nan, negInf, quantile] = parsed.samples;
    expect(first).toEqual({
      name: "http_requests_total",
      labels: { method: "post", code: "200" },
      value: 1027,
      timestampMs: 1395066363000,
      line: 3,
    });
    expect(weirdPath?.labels).toEqual({ path: "C:\\DIR\\FILE.TXT", error: 'Cannot find file:\n"FILE.TXT"' });
    expect(weirdPath?.value).toBe(1.458255915e9);
    expect(plain).toMatchObject({
      name: "metric_without_timestamp_and_labels",
      labels: {},
      value: 12.47,
      timestampMs: undefined,
    });
    expect(weird).toMatchObject({ value: Infinity, timestampMs: -3982045 });
    expect(nan?.value).toBeNaN();
    expect(negInf?.value).toBe(-Infinity);
    expect(quantile?.labels).toEqual({ quantile: "0.5" });
    expect(parsed.samples).toHaveLength(13);
    expect(parsed.samples.at(-1)?.line).toBe(19);
  });

  it("names the line and the reason of malformed input", () => {
    expect(firstError('ok 1\nfoo{a="b",c} 1')).toBe("line 2: expected '=' after label name");
    expect(firstError("foo{a=b} 1")).toBe(`line 1: expected '"' to open the value of label "a"`);
    expect(firstError('foo{a="b} 1')).toBe('line 1: unterminated value of label "a"');
    expect(firstError('foo{a="b" c="d"} 1')).toBe("line 1: expected ',' or '}' after a label value");
    expect(firstError('foo{a="\\t"} 1')).toBe(
      'line 1: invalid escape in the value of label "a" (only \\\\, \\" and \\n)',
    );
    expect(firstError('foo{a="1",a="2"} 1')).toBe('line 1: duplicate label "a"');
    expect(firstError("foo")).toBe("line 1: expected a value after the metric name and labels");
    expect(firstError("foo abc")).toBe('line 1: invalid value "abc"');
    expect(firstError("foo 0x10")).toBe('line 1: invalid value "0x10"');
    expect(firstError("foo 1 1.5")).toBe('line 1: invalid timestamp "1.5" (expected integer milliseconds)');
    expect(firstError("foo 1 2 3")).toBe("line 1: unexpected text after the timestamp");
    expect(firstError("foo-bar 1")).toBe("line 1: invalid character '-' in metric name");
    expect(firstError("1foo 1")).toBe("line 1: expected a metric name");
    expect(firstError("# TYPE foo bogus")).toBe(
      'line 1: unknown metric type "bogus" (expected counter, gauge, histogram, summary, untyped)',
    );
    expect(firstError("# TYPE foo gauge\n# TYPE foo counter")).toBe(
      'line 2: second TYPE line for metric "foo"',
    );
    expect(firstError('foo{a="b"')).toBe("line 1: expected ',' or '}' after a label value");
  });

  it("reports several malformed lines, up to maxErrors, and keeps the good ones", () => {
    const parsed = parsePrometheusText("a 1\nb x\nc 2\nd y\ne z", { maxErrors: 2 });
    expect(parsed.errors.map((e) => e.line)).toEqual([2, 4]);
    expect(parsed.samples.map((s) => s.name)).toEqual(["a", "c"]);
  });

  it("tolerates CRLF, blank lines, tabs and labels without a space before the value", () => {
    const parsed = parsePrometheusText('\r\n  a 1\r\n\tb{x="y"}2\r\n');
    expect(parsed.errors).toEqual([]);
    expect(parsed.samples.map((s) => [s.name, s.value, s.line])).toEqual([
      ["a", 1, 2],
      ["b", 2, 3],
    ]);
  });

  it("round-trips any label value through the escaping the exposition uses", () => {
    fc.assert(
      fc.property(fc.string(), fc.double({ noNaN: true }), (value, v) => {
        const escaped = value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
        const number = v === Infinity ? "+Inf" : v === -Infinity ? "-Inf" : String(v);
        const parsed = parsePrometheusText(`m{l="${escaped}"} ${number}`);
        expect(parsed.errors).toEqual([]);
        expect(parsed.samples[0]?.labels.l).toBe(value);
        expect(parsed.samples[0]?.value === v).toBe(true); // === so that -0 written as "0" still matches
      }),
    );
  });

  it("never throws, and every error names a line of the input", () => {
    const piece = fc.constantFrom(
      "m",
      "{",
      "}",
      '"',
      "\\",
      "=",
      ",",
      " ",
      "\n",
      "#",
      "# TYPE ",
      "# HELP ",
      "1",
      "-Inf",
      "NaN",
      "e",
      ".",
      "l",
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 3 })), { maxLength: 40 }), (pieces) => {
        const text = pieces.join("");
        const lineCount = text.split("\n").length;
        const parsed = parsePrometheusText(text, { maxErrors: 1_000 });
        for (const e of parsed.errors) {
          expect(e.line).toBeGreaterThanOrEqual(1);
          expect(e.line).toBeLessThanOrEqual(lineCount);
        }
        const direct = expositionToSamples(text, { ...defaultExpositionMapping, defaultService: "d" }, 0, {
          maxErrors: 1_000,
        });
        expect(direct.ok).toBe(parsed.errors.length === 0);
        if (direct.ok) expect(direct.samples.length).toBe(parsed.samples.length);
      }),
      { numRuns: 500 },
    );
  });

  it("reads the simulated fleet's exposition with one sample per service and metric", () => {
    const fleet = createFleet(defaultTopology, 1_700_000_000_000);
    const text = renderPrometheusText(fleet, fleet.nowMs, { timestamps: true });
    const parsed = parsePrometheusText(text);
    expect(parsed.errors).toEqual([]);
    const cpu = parsed.samples.filter((s) => s.name === "homeostat_cpu");
    expect(cpu.map((s) => s.labels.service)).toEqual(fleet.services.map((s) => s.name));
    expect(cpu.every((s) => s.timestampMs === fleet.nowMs)).toBe(true);
  });
});

describe("expositionToSamples", () => {
  it("takes the service from `service`, else `job`, and appends le/quantile to the metric", () => {
    const text = [
      'a{job="j",service="s"} 1',
      'b{job="j"} 2 5000',
      'h_bucket{service="s",le="0.5"} 3',
      'q{service="s",quantile="0.99"} 4',
    ].join("\n");
    const result = expositionToSamples(text, defaultExpositionMapping, 1000);
    expect(result).toEqual({
      ok: true,
      samples: [
        { service: "s", metric: "a", t: 1000, v: 1 },
        { service: "j", metric: "b", t: 5000, v: 2 },
        { service: "s", metric: 'h_bucket{le="0.5"}', t: 1000, v: 3 },
        { service: "s", metric: 'q{quantile="0.99"}', t: 1000, v: 4 },
      ],
      lines: [1, 2, 3, 4],
    });
  });

  it("refuses the whole text when a line is malformed or names no service", () => {
    const result = expositionToSamples(
      'a{service="s"} 1\nb 2\nc{service="s"} x',
      defaultExpositionMapping,
      0,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map(formatExpositionError)).toEqual([
      'line 2: no "service" or "job" label to name the service',
      'line 3: invalid value "x"',
    ]);
  });

  it("uses the default service for unlabelled lines", () => {
    const result = expositionToSamples("a 1", { ...defaultExpositionMapping, defaultService: "cart" }, 7);
    expect(result).toEqual({ ok: true, samples: [{ service: "cart", metric: "a", t: 7, v: 1 }], lines: [1] });
  });

  it("agrees with parsePrometheusText on every sample of the fleet's exposition", () => {
    const fleet = createFleet(defaultTopology, 1_700_000_000_000);
    const text = renderPrometheusText(fleet, fleet.nowMs);
    const result = expositionToSamples(text, defaultExpositionMapping, 42);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const parsed = parsePrometheusText(text).samples;
    expect(result.samples).toEqual(
      parsed.map((s) => ({ service: s.labels.service, metric: s.name, t: 42, v: s.value })),
    );
  });
});
