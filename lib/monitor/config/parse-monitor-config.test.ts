import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { defaultMonitorConfig } from "./monitor-config";
import { formatConfigError, parseMonitorConfig } from "./parse-monitor-config";

const read = (relative: string) => readFileSync(new URL(`../../../${relative}`, import.meta.url), "utf8");
const errorsOf = (text: string) => {
  const result = parseMonitorConfig(text);
  return result.ok ? [] : result.errors.map(formatConfigError);
};

describe("parseMonitorConfig", () => {
  it("makes an empty file the default: the simulated fleet only", () => {
    const result = parseMonitorConfig("");
    expect(result).toEqual({ ok: true, config: defaultMonitorConfig });
    expect(defaultMonitorConfig.sources).toMatchObject({
      simulated: { enabled: true, seed: 1, speed: 1 },
      push: { maxBodyBytes: 16 * 1024 * 1024, maxNewSeriesPerBatch: 1_000, maxSeries: 10_000 },
      alertmanager: { serviceLabel: ["service", "job", "app"] },
      probes: [],
    });
    expect(defaultMonitorConfig.sources.prometheus).toBeUndefined();
  });

  it("fills defaults around what a file sets", () => {
    const result = parseMonitorConfig(read("test/fixtures/config/simulated-only.yaml"));
    expect(result.ok && result.config.sources.simulated).toEqual({ enabled: true, seed: 42, speed: 60 });
  });

  it("reads every source, durations with units and label lists", () => {
    const result = parseMonitorConfig(read("test/fixtures/config/prometheus.yaml"));
    if (!result.ok) throw new Error(result.errors.map(formatConfigError).join("\n"));
    const { sources } = result.config;
    expect(sources.simulated.enabled).toBe(false);
    expect(sources.prometheus).toMatchObject({
      url: "http://127.0.0.1:9090",
      step: 15_000,
      interval: 30_000,
      timeout: 5_000,
      lookback: 1_800_000,
    });
    expect(sources.prometheus?.auth).toEqual({ type: "bearer", tokenEnv: "PROMETHEUS_TOKEN" });
    expect(sources.prometheus?.queries.map((q) => [q.metric, q.service, q.serviceLabel])).toEqual([
      ["request_rate", undefined, undefined],
      ["latency_p99", undefined, ["job"]],
      ["connections", "database", undefined],
    ]);
    expect(sources.alertmanager.serviceLabel).toEqual(["service", "app"]);
    expect(
      sources.probes.map((p) => [p.name, p.kind, p.minIntervalMs, p.maxIntervalMs, p.timeoutMs]),
    ).toEqual([
      ["checkout-live", "liveness", 5_000, 300_000, 2_000],
      ["payment-ready", "readiness", 5_000, 300_000, 2_000],
    ]);
  });

  it("names the line and field path of every problem", () => {
    expect(errorsOf(read("test/fixtures/config/invalid.yaml"))).toEqual([
      "line 3, sources.simulated.seed: Invalid input: expected number, received string",
      "line 5, sources.prometheus.url: must be an http(s) URL",
      'line 6, sources.prometheus.step: expected a positive duration: milliseconds or a string like "15s", "5m", "1h"',
      "line 10, sources.prometheus.queries[0].service: give either service (fixed) or serviceLabel, not both",
      "line 13, sources.push.maxBodyBytes: Too small: expected number to be >0",
      "line 14, sources.push.maxSeriess: unknown key",
      'line 19, sources.probes[0].kind: Invalid option: expected one of "liveness"|"readiness"|"dependency"',
    ]);
  });

  it("refuses two probes with one name", () => {
    const probe = (url: string) => `    - name: a\n      service: cart\n      url: ${url}\n`;
    expect(errorsOf(`sources:\n  probes:\n${probe("http://a/")}${probe("http://b/")}`)).toEqual([
      'line 6, sources.probes[1].name: duplicate probe name "a"',
    ]);
  });

  it("points a missing required field at its parent", () => {
    expect(errorsOf("sources:\n  prometheus:\n    step: 1s\n")).toEqual([
      "line 2, sources.prometheus.url: expected a URL",
      "line 2, sources.prometheus.queries: Invalid input: expected array, received undefined",
    ]);
  });

  it("reports YAML syntax errors with their line", () => {
    const errors = errorsOf("sources:\n  simulated:\n    seed: 1\n   speed: 2\n");
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatch(/^line 4, \(yaml\): /);
    expect(errorsOf("sources: [1\n")[0]).toMatch(/^line \d+, \(yaml\): /);
    expect(errorsOf("sources:\n  push: {}\n  push: {}\n")[0]).toMatch(
      /^line 3, \(yaml\): Map keys must be unique/,
    );
  });

  it("refuses a file that is not a mapping", () => {
    expect(errorsOf("- a\n- b\n")).toEqual([
      "line 1, (top level): Invalid input: expected object, received array",
    ]);
  });

  it("accepts the documented example", () => {
    const result = parseMonitorConfig(read("docs/config.example.yaml"));
    expect(result.ok ? [] : result.errors.map(formatConfigError)).toEqual([]);
  });
});
