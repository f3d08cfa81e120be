// Turns per-population samples (the simulated fleet's PopulationSample, or any source that
// labels series by population) into the judge's input: one experiment and one control array
// per metric, over a time window.

import type { CanaryInput } from "./canary-schemas";

export type PopulationPoint = {
  service: string;
  metric: string;
  t: number;
  v: number;
  population: "baseline" | "canary";
};

/** Samples of `service` with from <= t < to (ms), in time order within each population. */
export function canaryInputFromSamples(
  samples: readonly PopulationPoint[],
  service: string,
  window: { from?: number; to?: number } = {},
): CanaryInput {
  const from = window.from ?? Number.NEGATIVE_INFINITY;
  const to = window.to ?? Number.POSITIVE_INFINITY;
  const byMetric = new Map<
    string,
    { experiment: { t: number; v: number }[]; control: { t: number; v: number }[] }
  >();
  for (const s of samples) {
    if (s.service !== service || s.t < from || s.t >= to) continue;
    let entry = byMetric.get(s.metric);
    if (entry === undefined) {
      entry = { experiment: [], control: [] };
      byMetric.set(s.metric, entry);
    }
    (s.population === "canary" ? entry.experiment : entry.control).push({ t: s.t, v: s.v });
  }
  const values = (points: { t: number; v: number }[]): number[] =>
    points.sort((a, b) => a.t - b.t).map((p) => p.v);
  return {
    metrics: [...byMetric].map(([name, e]) => ({
      name,
      experiment: values(e.experiment),
      control: values(e.control),
    })),
  };
}
