import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createFleet } from "./create-fleet";
import { defaultTopology } from "./default-topology";
import { injectFault } from "./fault-catalog";
import { fleetSamples } from "./fleet-samples";
import { createRng } from "./random";
import { renderPrometheusText } from "./render-prometheus-text";
import { runScenario } from "./run-scenario";
import { parseDuration, parseScenarioText } from "./scenario-schema";
import { advanceFleet, stepFleet } from "./step-fleet";
import { peakStartMs } from "./test-twin";

const scenarioText = (name: string) => readFileSync(new URL(`./scenarios/${name}.yaml`, import.meta.url), "utf8");

describe("scenarios", () => {
  it("run the stampede: the wrong restart does not heal, warming the cache does", () => {
    const run = runScenario(parseScenarioText(scenarioText("cache-stampede")));
    expect(run.steps).toBe(720);
    expect(run.faults).toEqual([
      expect.objectContaining({ id: "stampede", kind: "cache-failure", service: "cache", onsetMs: peakStartMs + 600_000, mitigatedAtMs: peakStartMs + 1_800_000 }),
    ]);
    expect(run.actions.map((a) => [a.action.kind, a.result.healedFaultIds])).toEqual([["restart", []], ["warm-cache", ["stampede"]]]);
    const frontend = run.services.find((s) => s.service === "frontend")!;
    expect(frontend.peakErrorRate).toBeGreaterThan(0.2);
    expect(frontend.peakErrorAtMs).toBeGreaterThan(peakStartMs + 600_000);
    expect(frontend.finalErrorRate).toBeLessThan(0.01);
  });

  it("is repeatable: the same scenario gives the same run", () => {
    const s = parseScenarioText(scenarioText("canary-and-leak"));
    const a = runScenario(s);
    expect(runScenario(s).services).toEqual(a.services);
    expect(a.faults.map((f) => f.kind)).toEqual(["bad-deploy", "memory-leak", "disk-filling"]);
    expect(a.faults[2]?.params.exhaustsAtMs).toBeGreaterThan(a.endMs);
  });

  it("reports bad scenarios by field", () => {
    expect(() => parseScenarioText("name: x\nduration: 1h\nevents:\n  - at: 5m\n    fault: { kind: bad-deploy }\n")).toThrow(/events\[0\]\.fault\.service/);
    expect(() => parseScenarioText("name: x\nduration: 1h\nevents:\n  - at: 5m\n")).toThrow(/events\[0\]: an event has exactly one/);
    expect(() => parseScenarioText("name: x\nduration: soon\n")).toThrow(/duration: not a duration: "soon"/);
    expect(() => parseScenarioText("name: x\nduration: 1h\nevents:\n  - at: 1m\n    remediate: { kind: drain-node, target: { service: \"*\" } }\n")).toThrow(/events\[0\]\.remediate\.target\.node: drain-node needs a node/);
    expect(() => runScenario(parseScenarioText("name: x\nduration: 1h\nevents:\n  - at: 1m\n    fault: { kind: load-surge, service: nope }\n"))).toThrow(/events\[0\]: load-surge: unknown service "nope"/);
  });

  it("parses durations", () => {
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("500ms")).toBe(500);
    expect(parseDuration(42)).toBe(42);
    expect(() => parseDuration("5 minutes")).toThrow();
  });
});

describe("real-time hosting", () => {
  it("catches up to the clock in bounded steps", () => {
    const s0 = createFleet(defaultTopology, peakStartMs);
    const s1 = advanceFleet(s0, peakStartMs + 12_000, createRng(1));
    expect(s1.nowMs).toBe(peakStartMs + 12_000);
    const s2 = advanceFleet(s1, peakStartMs + 48 * 3_600_000, createRng(1));
    expect(s2.nowMs).toBe(peakStartMs + 48 * 3_600_000);
    expect(fleetSamples(s2, s2.nowMs).every((x) => Number.isFinite(x.v))).toBe(true);
    expect(advanceFleet(s2, peakStartMs, createRng(1))).toBe(s2);
  });
});

describe("Prometheus exposition", () => {
  it("renders one gauge family per metric with service labels, and version families for a canary", () => {
    let s = stepFleet(createFleet(defaultTopology, peakStartMs), 5000, peakStartMs + 5000, createRng(1));
    s = injectFault(s, { kind: "bad-deploy", service: "checkout", version: 'v2"quoted', canaryFraction: 0.5 }, s.nowMs).state;
    s = stepFleet(s, 5000, s.nowMs + 5000, createRng(2));
    const text = renderPrometheusText(s, s.nowMs);
    expect(text).toContain("# TYPE homeostat_error_rate gauge\n");
    expect(text).toMatch(/^homeostat_request_rate\{service="frontend",tier="edge",criticality="critical"\} \d+(\.\d+)?$/m);
    expect(text).toContain('homeostat_version_error_rate{service="checkout",version="v2\\"quoted",population="canary"}');
    for (const line of text.trimEnd().split("\n")) {
      expect(line).toMatch(/^(# (HELP|TYPE) \w+ .+|\w+\{(\w+="(?:[^"\\]|\\.)*",?)+\} (-?[\d.e+-]+|NaN|[+-]Inf))$/);
    }
    expect(renderPrometheusText(s, 1234, { timestamps: true })).toMatch(/^homeostat_cpu\{.*\} [\d.e+-]+ 1234$/m);
  });
});
