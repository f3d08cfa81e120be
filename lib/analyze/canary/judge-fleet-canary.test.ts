// The simulated fleet's canary deploys, judged end to end: a new version of checkout on half of
// its replicas, sampled every 5 s for 20 minutes per population. The simulator's populations
// differ only by the version's own effect, so a good version would be trivially identical; each
// scrape gets independent 5% measurement noise here to make the judge earn its verdict.

import { describe, expect, it } from "vitest";
import { createFleet } from "@/lib/sim/create-fleet";
import { defaultTopology } from "@/lib/sim/default-topology";
import { injectFault } from "@/lib/sim/fault-catalog";
import { fleetPopulationSamples, type PopulationSample } from "@/lib/sim/fleet-samples";
import { createRng, deriveSeed } from "@/lib/sim/random";
import { stepFleet } from "@/lib/sim/step-fleet";
import { canaryInputFromSamples } from "./canary-input-from-samples";
import type { CanaryJudgeConfigInput } from "./canary-schemas";
import { judgeCanary } from "./judge-canary";

const START = Date.UTC(2026, 0, 14, 15, 0, 0);
const STEP = 5_000;

function deployCanary(
  profile: { errorRate: number; latencyFactor: number },
  seed: number,
): PopulationSample[] {
  const rng = createRng(seed);
  let state = createFleet(defaultTopology, START);
  let now = START;
  for (let i = 0; i < 60; i++) state = stepFleet(state, STEP, (now += STEP), rng);
  state = injectFault(
    state,
    { kind: "bad-deploy", service: "checkout", version: "v2", canaryFraction: 0.5, ...profile },
    now,
  ).state;
  const noise = createRng(deriveSeed(seed, "scrape-noise"));
  const samples: PopulationSample[] = [];
  for (let i = 0; i < 240; i++) {
    state = stepFleet(state, STEP, (now += STEP), rng);
    for (const s of fleetPopulationSamples(state, now))
      samples.push({ ...s, v: s.v * (1 + 0.05 * noise.normal()) });
  }
  return samples;
}

// Request rate is left out: it splits by replica count, not by version quality.
const config: CanaryJudgeConfigInput = {
  metrics: [
    { name: "error_rate", groups: ["errors"], direction: "increase", critical: true },
    { name: "latency_p50", groups: ["latency"], direction: "increase" },
    { name: "latency_p99", groups: ["latency"], direction: "increase" },
    { name: "memory", groups: ["saturation"], direction: "increase" },
  ],
  groupWeights: { errors: 50, latency: 35, saturation: 15 },
};

describe("judging the simulated fleet's canary deploys", () => {
  for (const seed of [1, 2, 3]) {
    it(`passes a good version (seed ${seed})`, () => {
      const j = judgeCanary(
        config,
        canaryInputFromSamples(deployCanary({ errorRate: 0, latencyFactor: 1 }, seed), "checkout"),
      );
      expect(j.metrics.map((m) => m.classification)).toEqual(["Pass", "Pass", "Pass", "Pass"]);
      expect(j.metrics.every((m) => m.estimate !== null)).toBe(true);
      expect(j.verdict).toBe("pass");
    });

    it(`fails a version that errors (seed ${seed})`, () => {
      const j = judgeCanary(
        config,
        canaryInputFromSamples(deployCanary({ errorRate: 0.05, latencyFactor: 1 }, seed), "checkout"),
      );
      expect(j.metrics[0]).toMatchObject({ name: "error_rate", classification: "High", critical: true });
      expect(j).toMatchObject({ score: 0, verdict: "fail" });
    });

    it(`fails a version that is slow (seed ${seed})`, () => {
      const j = judgeCanary(
        config,
        canaryInputFromSamples(deployCanary({ errorRate: 0, latencyFactor: 2 }, seed), "checkout"),
      );
      expect(j.metrics.find((m) => m.name === "latency_p99")?.classification).toBe("High");
      expect(j.metrics.find((m) => m.name === "error_rate")?.classification).toBe("Pass");
      expect(j.verdict).toBe("fail");
    });
  }

  it("a service without a canary has no data, and says so", () => {
    const j = judgeCanary(
      config,
      canaryInputFromSamples(deployCanary({ errorRate: 0, latencyFactor: 1 }, 1), "payment"),
    );
    expect(j.metrics.every((m) => m.classification === "NoData")).toBe(true);
    expect(j).toMatchObject({ score: 0, verdict: "fail" });
  });
});
