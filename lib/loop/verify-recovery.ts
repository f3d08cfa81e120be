import { z } from "zod";
import { mannWhitney } from "@/lib/analyze/canary/mann-whitney";
import { median } from "@/lib/analyze/cascade/robust-stats";
import { floorOf, practicalChange } from "./metric-shift";
import { valuesBetween, type SampleHistory } from "./sample-history";

// Did an action heal? The post-action window of each key metric is compared with the
// pre-incident baseline (healed: no longer worse than it) and with the window just before the
// action (worse: the action made it worse), with the canary judge's statistics: Mann-Whitney U
// and the Hodges-Lehmann shift, at the practical floors of metric-shift.ts.

export const verificationVerdicts = ["healed", "worse", "unconfirmed", "pending"] as const;
export type VerificationVerdict = (typeof verificationVerdicts)[number];

export const metricCheckSchema = z.object({
  service: z.string(),
  metric: z.string(),
  baseline: z.number(),
  before: z.number().nullable(),
  after: z.number(),
  /** Hodges-Lehmann shift after − baseline, in the bad direction (positive = worse). */
  shift: z.number(),
  pValue: z.number(),
  healed: z.boolean(),
  worse: z.boolean(),
});
export type MetricCheck = z.infer<typeof metricCheckSchema>;

export type VerifyWindows = {
  baseline: { from: number; to: number };
  before: { from: number; to: number };
  after: { from: number; to: number };
};

/** Significance for "still worse than baseline" and "worse than before" (two-sided p). */
const alpha = 0.01;

type Comparison = { shift: number; pValue: number };

/** Shift of `after` against `reference` in the metric's bad direction, with its p-value. */
function compare(metric: string, after: number[], reference: number[]): Comparison {
  const dir = floorOf(metric).direction;
  const all = [...after, ...reference];
  if (all.every((v) => v === all[0])) return { shift: 0, pValue: 1 };
  const r = mannWhitney(after, reference);
  return { shift: dir * r.estimate, pValue: r.pValue };
}

/** One metric's check; null when a window has no data. */
export function checkMetric(history: SampleHistory, service: string, metric: string, w: VerifyWindows): MetricCheck | null {
  const base = valuesBetween(history, service, metric, w.baseline.from, w.baseline.to);
  const after = valuesBetween(history, service, metric, w.after.from, w.after.to);
  if (base.length === 0 || after.length === 0) return null;
  const before = valuesBetween(history, service, metric, w.before.from, w.before.to);
  const need = practicalChange(metric, median(base));
  const vsBase = compare(metric, after, base);
  const stillBad = vsBase.shift > need && vsBase.pValue < alpha;
  let worse = false;
  if (before.length > 0) {
    const vsBefore = compare(metric, after, before);
    worse = stillBad && vsBefore.shift > practicalChange(metric, median(before)) && vsBefore.pValue < alpha;
  }
  return {
    service,
    metric,
    baseline: median(base),
    before: before.length > 0 ? median(before) : null,
    after: median(after),
    shift: vsBase.shift,
    pValue: vsBase.pValue,
    healed: !stillBad,
    worse,
  };
}

/**
 * The verdict over every (service, metric) check: healed when all are healed; worse, once
 * `judgeWorse` (the window is long enough for a rolling restart to finish), when a service the
 * action touched got worse than before it, or most checks did (a symptom further up the graph
 * that keeps degrading while the fault's effects spread says little about the action);
 * unconfirmed when the deadline passed without healing; pending otherwise.
 */
export function verdictOf(checks: readonly MetricCheck[], judgeWorse: boolean, pastDeadline: boolean, targets: ReadonlySet<string>): VerificationVerdict {
  if (checks.length > 0 && checks.every((c) => c.healed)) return "healed";
  const worse = checks.filter((c) => c.worse);
  if (judgeWorse && (worse.some((c) => targets.has(c.service)) || 2 * worse.length > checks.length)) return "worse";
  return pastDeadline ? "unconfirmed" : "pending";
}
