// Forecasts on the simulated fleet, against its ground truth: a disk filling at a known rate
// (the fault records when the volume fills) and a memory leak that ends in OOM kills.

import { describe, expect, it } from "vitest";
import { createFleet } from "@/lib/sim/create-fleet";
import { defaultTopology } from "@/lib/sim/default-topology";
import { injectFault } from "@/lib/sim/fault-catalog";
import type { FleetState } from "@/lib/sim/fleet-types";
import { createRng } from "@/lib/sim/random";
import { stepFleet } from "@/lib/sim/step-fleet";
import { exhaustionConfigSchema, type ExhaustionForecast } from "./exhaustion-schemas";
import { forecastExhaustion } from "./forecast-exhaustion";
import { initialExhaustionState, updateExhaustion } from "./update-exhaustion";

const START = Date.UTC(2026, 0, 14, 9, 0, 0);
const STEP = 5_000;
const MIN = 60_000;

type Tick = { now: number; forecast: ExhaustionForecast };

/** Steps the fleet for `ms`, feeding one metric of one service to the forecaster each step and
 * forecasting every minute. */
function watch(
  state0: FleetState,
  seed: number,
  service: string,
  metric: "disk_use" | "memory",
  ms: number,
  stop: (s: FleetState) => boolean,
): { ticks: Tick[]; stoppedAt: number | null } {
  const cfg = exhaustionConfigSchema.parse({});
  const rng = createRng(seed);
  let state = state0;
  let now = state0.nowMs;
  let fc = initialExhaustionState();
  const ticks: Tick[] = [];
  for (let elapsed = 0; elapsed < ms; elapsed += STEP) {
    state = stepFleet(state, STEP, (now += STEP), rng);
    const v = state.services.find((s) => s.name === service)!.metrics[metric];
    fc = updateExhaustion(fc, { t: now, v }, cfg);
    if (stop(state)) return { ticks, stoppedAt: now };
    if (elapsed % MIN === 0) ticks.push({ now, forecast: forecastExhaustion(fc, now, cfg) });
  }
  return { ticks, stoppedAt: null };
}

function warmFleet(seed: number): FleetState {
  const rng = createRng(seed);
  let state = createFleet(defaultTopology, START);
  for (let t = START + STEP; t <= START + 10 * MIN; t += STEP) state = stepFleet(state, STEP, t, rng);
  return state;
}

describe("forecasts on the simulated fleet", () => {
  it("a filling disk: the interval holds the recorded fill time and the warning leads it", () => {
    const { state, fault } = injectFault(
      warmFleet(3),
      { kind: "disk-filling", service: "users", growthPerHour: 0.4 },
      START + 10 * MIN,
    );
    const fillsAt = Number(fault.params.exhaustsAtMs);
    const { ticks } = watch(
      state,
      3,
      "users",
      "disk_use",
      4 * 3_600_000,
      (s) => s.services.find((x) => x.name === "users")!.disk >= 1,
    );
    const hourBefore = ticks.find((t) => fillsAt - t.now <= 60 * MIN)!.forecast;
    expect(hourBefore.status).toBe("exhausting");
    expect(hourBefore.etaEarliest!).toBeLessThanOrEqual(fillsAt);
    expect(hourBefore.etaLatest!).toBeGreaterThanOrEqual(fillsAt);
    const firstWarning = ticks.find((t) => t.forecast.warning)!;
    expect(fillsAt - firstWarning.now).toBeGreaterThan(45 * MIN);
  });

  it("a memory leak: the warning comes before the first OOM kill", () => {
    const { state } = injectFault(
      warmFleet(4),
      { kind: "memory-leak", service: "catalog", leakPerHour: 0.4 },
      START + 10 * MIN,
    );
    const oom = (s: FleetState) =>
      s.services.find((x) => x.name === "catalog")!.replicas.some((r) => r.downFromMs >= START + 10 * MIN);
    const { ticks, stoppedAt: killedAt } = watch(state, 4, "catalog", "memory", 4 * 3_600_000, oom);
    expect(killedAt).not.toBeNull();
    const firstWarning = ticks.find((t) => t.forecast.warning);
    expect(firstWarning).toBeDefined();
    expect(killedAt! - firstWarning!.now).toBeGreaterThan(20 * MIN);
  });

  it("a healthy service's memory and disk never warn", () => {
    const healthy = warmFleet(5);
    for (const metric of ["memory", "disk_use"] as const) {
      const { ticks } = watch(healthy, 5, "catalog", metric, 2 * 3_600_000, () => false);
      expect(ticks.some((t) => t.forecast.warning)).toBe(false);
    }
  });
});
