import { betaQuantile } from "./beta-distribution";
import type { OutcomeCounts, SuccessEstimate } from "./types";

/** Beta prior pseudo-counts; Beta(1, 1) is uniform. */
export type BetaPrior = { alpha: number; beta: number };

export const uniformPrior: BetaPrior = { alpha: 1, beta: 1 };

/** A prior centred on `mean` worth `strength` pseudo-observations (the catalog's belief). */
export function priorFromMean(mean: number, strength = 4): BetaPrior {
  return { alpha: mean * strength, beta: (1 - mean) * strength };
}

/**
 * Posterior success probability of a strategy for one failure class: Beta(α + s, β + f),
 * with its mean and the 90% equal-tailed credible interval (5th and 95th percentiles).
 */
export function estimateSuccess(
  counts: OutcomeCounts = { successes: 0, failures: 0 },
  prior: BetaPrior = uniformPrior,
): SuccessEstimate {
  const a = prior.alpha + counts.successes;
  const b = prior.beta + counts.failures;
  // The quantiles cost ~100 incomplete-beta evaluations; the loop and backtests ask for the
  // same few posteriors every cycle, so they are memoised by (a, b), bounded.
  const key = `${a}:${b}`;
  let interval = memo.get(key);
  if (interval === undefined) {
    if (memo.size >= 10_000) memo.clear();
    interval = { low: betaQuantile(0.05, a, b), high: betaQuantile(0.95, a, b) };
    memo.set(key, interval);
  }
  return {
    mean: a / (a + b),
    low: interval.low,
    high: interval.high,
    observations: counts.successes + counts.failures,
  };
}

const memo = new Map<string, { low: number; high: number }>();
