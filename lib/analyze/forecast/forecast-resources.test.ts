import { describe, expect, it } from "vitest";
import type { Sample } from "@/lib/monitor/types";
import { exhaustionConfigSchema } from "./exhaustion-schemas";
import {
  forecastResources,
  type ResourceForecastState,
  resetResource,
  updateResourceForecasts,
} from "./forecast-resources";
import { allBuckets } from "./update-exhaustion";

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;
const cfg = exhaustionConfigSchema.parse({});

function feed(minutes: number): ResourceForecastState {
  let state: ResourceForecastState = {};
  for (let m = 0; m < minutes; m++) {
    const t = T0 + m * MIN;
    const batch: Sample[] = [
      { service: "cart", metric: "memory", t, v: 0.4 + (0.5 * m) / 60 }, // leaking: full in ~72 min
      { service: "cart", metric: "disk_use", t, v: 0.3 },
      { service: "users", metric: "pool_use", t, v: 0.2 + (0.1 * m) / 60 },
      { service: "users", metric: "latency_p99", t, v: 100 + m }, // not a filling resource
    ];
    state = updateResourceForecasts(state, batch, cfg);
  }
  return state;
}

describe("resource forecasts from Monitor samples", () => {
  it("tracks each service's filling resources and puts the warnings first", () => {
    const state = feed(40);
    expect(Object.keys(state).sort()).toEqual(["cart/disk_use", "cart/memory", "users/pool_use"]);
    const fcs = forecastResources(state, T0 + 39 * MIN, cfg);
    expect(fcs[0]).toMatchObject({
      service: "cart",
      metric: "memory",
      forecast: { status: "exhausting", warning: true },
    });
    expect(fcs.find((f) => f.metric === "disk_use")?.forecast.status).toBe("not-exhausting");
    expect(fcs.find((f) => f.metric === "pool_use")?.forecast).toMatchObject({
      status: "exhausting",
      warning: false,
    });
  });

  it("forgets a series on a known restart, and nothing else", () => {
    const state = resetResource(feed(40), "cart", "memory", T0 + 40 * MIN);
    expect(allBuckets(state["cart/memory"]!)).toEqual([]);
    expect(allBuckets(state["users/pool_use"]!).length).toBe(40);
    expect(resetResource(state, "nope", "memory", T0)).toBe(state);
  });
});
