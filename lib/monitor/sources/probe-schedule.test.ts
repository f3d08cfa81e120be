import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRng } from "@/lib/sim/random";
import {
  initialProbeSchedule,
  nextProbeSchedule,
  type ProbeScheduleConfig,
  type ProbeScheduleState,
} from "./probe-schedule";

const config: ProbeScheduleConfig = { minIntervalMs: 5_000, maxIntervalMs: 300_000, jitter: 0 };
const run = (outcomes: boolean[], cfg = config, random = () => 0.5) => {
  let state: ProbeScheduleState = initialProbeSchedule(cfg);
  const delays: number[] = [];
  for (const ok of outcomes) {
    const step = nextProbeSchedule(state, ok, cfg, random);
    state = step.state;
    delays.push(step.delayMs);
  }
  return { state, delays };
};

describe("nextProbeSchedule", () => {
  it("starts short and grows by 1.5 after three successes, up to the maximum", () => {
    const { delays } = run(Array<boolean>(14).fill(true));
    expect(delays.slice(0, 5)).toEqual([5_000, 5_000, 7_500, 11_250, 16_875]);
    expect(delays.at(-1)).toBe(300_000);
  });

  it("halves while failing, down to the minimum, and restarts the streak on recovery", () => {
    const stable = run(Array<boolean>(20).fill(true)).state;
    let state = stable;
    const delays: number[] = [];
    for (const ok of [false, false, false, true, true, true]) {
      const step = nextProbeSchedule(state, ok, config, () => 0.5);
      state = step.state;
      delays.push(step.delayMs);
    }
    expect(delays).toEqual([150_000, 75_000, 37_500, 37_500, 37_500, 56_250]);
    expect(run(Array<boolean>(10).fill(false)).delays.at(-1)).toBe(5_000);
  });

  it("keeps every jittered delay within the bounds, for any outcomes", () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 60 }), fc.integer(), (outcomes, seed) => {
        const rng = createRng(seed);
        const { delays } = run(outcomes, { ...config, jitter: 0.3 }, rng.next);
        for (const d of delays) {
          expect(d).toBeGreaterThanOrEqual(5_000);
          expect(d).toBeLessThanOrEqual(300_000);
        }
      }),
    );
  });

  it("spreads delays by the jitter around the interval", () => {
    const cfg = { ...config, minIntervalMs: 1_000, jitter: 0.1 };
    const state = { intervalMs: 10_000, successStreak: 0, failureStreak: 0 };
    expect(nextProbeSchedule(state, true, cfg, () => 0).delayMs).toBe(9_000);
    expect(nextProbeSchedule(state, true, cfg, () => 0.999999).delayMs).toBe(11_000);
  });
});
