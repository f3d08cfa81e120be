// Error-budget burn: how long until an SLO's error budget is gone at the current error rate,
// and the multi-window burn-rate alert of the Google SRE Workbook ("Alerting on SLOs", ch. 5).
//
// Burn rate = error rate / (1 - SLO target): at 1 the budget lasts exactly the SLO period. The
// time left is the unspent fraction of the budget times the period, divided by the burn rate.

import { z } from "zod";
import { formatDuration } from "./format-duration";

const DAY = 86_400_000;

export const errorBudgetInputSchema = z.object({
  /** Target fraction of good events, e.g. 0.999. */
  sloTarget: z.number().gt(0).lt(1),
  /** The SLO period (ms); 30 days by default. */
  periodMs: z
    .number()
    .positive()
    .default(30 * DAY),
  /** Fraction of the period's budget not yet spent, 0..1. */
  budgetRemaining: z.number().min(0).max(1).default(1),
  /** Current error ratio (failed / all events), 0..1. */
  errorRate: z.number().min(0).max(1),
});
export type ErrorBudgetInput = z.input<typeof errorBudgetInputSchema>;

export type ErrorBudgetBurn = {
  burnRate: number;
  /** Error ratio the SLO allows: 1 - target. */
  allowedErrorRate: number;
  /** Time until the budget is spent at this rate; 0 when already spent, null when not burning. */
  msToExhaustion: number | null;
  exhausted: boolean;
  message: string;
};

export function errorBudgetBurn(input: ErrorBudgetInput): ErrorBudgetBurn {
  const { sloTarget, periodMs, budgetRemaining, errorRate } = errorBudgetInputSchema.parse(input);
  const allowedErrorRate = 1 - sloTarget;
  const burnRate = errorRate / allowedErrorRate;
  if (budgetRemaining <= 0) {
    return {
      burnRate,
      allowedErrorRate,
      msToExhaustion: 0,
      exhausted: true,
      message: "Error budget exhausted",
    };
  }
  if (burnRate === 0) {
    return {
      burnRate,
      allowedErrorRate,
      msToExhaustion: null,
      exhausted: false,
      message: "Error budget not burning",
    };
  }
  const msToExhaustion = (budgetRemaining * periodMs) / burnRate;
  const pace = burnRate >= 10 ? Math.round(burnRate) : Number(burnRate.toPrecision(2));
  return {
    burnRate,
    allowedErrorRate,
    msToExhaustion,
    exhausted: false,
    message: `If nobody acts: error budget exhausted in ${formatDuration(msToExhaustion)} (burning ${pace}× the sustainable rate)`,
  };
}

export const errorRateSampleSchema = z.object({
  t: z.number(),
  /** Error ratio over the sample's interval, 0..1. */
  errorRate: z.number().min(0).max(1),
  /** Events in the interval; weights the average (each sample counts once when absent). */
  requests: z.number().min(0).optional(),
});
export type ErrorRateSample = z.infer<typeof errorRateSampleSchema>;

/** Event-weighted error ratio of the samples in (now - windowMs, now]; null without any. */
export function recentErrorRate(
  samples: readonly ErrorRateSample[],
  now: number,
  windowMs: number,
): number | null {
  let errors = 0;
  let weight = 0;
  for (const s of samples) {
    if (s.t <= now - windowMs || s.t > now || !Number.isFinite(s.errorRate)) continue;
    const w = s.requests ?? 1;
    errors += s.errorRate * w;
    weight += w;
  }
  return weight === 0 ? null : errors / weight;
}

const MIN = 60_000;
const HOUR = 60 * MIN;

/** The SRE Workbook's recommended multiwindow, multi-burn-rate rules for a 30-day SLO: a long
 * window to be sure, a short one (1/12 of it) to stop alerting soon after recovery. */
export const burnRateRules = [
  { severity: "page", longMs: HOUR, shortMs: 5 * MIN, burnRate: 14.4, label: "2% of the budget in 1 h" },
  { severity: "page", longMs: 6 * HOUR, shortMs: 30 * MIN, burnRate: 6, label: "5% of the budget in 6 h" },
  { severity: "ticket", longMs: 3 * DAY, shortMs: 6 * HOUR, burnRate: 1, label: "10% of the budget in 3 d" },
] as const;

export type BurnRateAlert = { severity: "page" | "ticket" | "none"; rule: string | null };

export function burnRateAlert(
  samples: readonly ErrorRateSample[],
  now: number,
  sloTarget: number,
): BurnRateAlert {
  const allowed = 1 - sloTarget;
  for (const rule of burnRateRules) {
    const long = recentErrorRate(samples, now, rule.longMs);
    const short = recentErrorRate(samples, now, rule.shortMs);
    if (
      long !== null &&
      short !== null &&
      long / allowed >= rule.burnRate &&
      short / allowed >= rule.burnRate
    ) {
      return { severity: rule.severity, rule: rule.label };
    }
  }
  return { severity: "none", rule: null };
}
