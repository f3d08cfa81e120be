import { levelRank, type PlanProposal } from "./types";

/**
 * Weighted-sum scalarisation of the four objectives, each first mapped to 0..1 with a fixed
 * scale so a plan's score does not depend on which other plans are on the table:
 *
 *   score = wSuccess·(mean + low)/2 − wBlast·trafficShare
 *           − wTime·min(1, ttr / timeScale) − wCost·min(1, cost / costScale)
 *
 * Success averages the posterior mean with its 5th percentile, so a strategy with few
 * observations ranks below an equally good one that has proven itself. The default weights
 * put success first, then what a failed change could break, then speed, then money.
 */
export type RankingWeights = {
  success: number;
  blastRadius: number;
  timeToRecover: number;
  cost: number;
  /** Seconds at which the time objective saturates. */
  timeScaleSeconds: number;
  /** Replica-hours at which the cost objective saturates. */
  costScale: number;
};

export const defaultRankingWeights: RankingWeights = {
  success: 0.5,
  blastRadius: 0.25,
  timeToRecover: 0.15,
  cost: 0.1,
  timeScaleSeconds: 1800,
  costScale: 10,
};

export function scorePlan(plan: PlanProposal, w: RankingWeights = defaultRankingWeights): number {
  const success = (plan.estimatedSuccess.mean + plan.estimatedSuccess.low) / 2;
  return (
    w.success * success -
    w.blastRadius * plan.blastRadius.trafficShare -
    w.timeToRecover * Math.min(1, plan.timeToRecoverSeconds / w.timeScaleSeconds) -
    w.cost * Math.min(1, plan.cost / w.costScale)
  );
}

/**
 * Plans best first with their scores filled in. Ties break on the lower remediation level,
 * then the strategy id, so the order is a pure function of the set (not of its input order).
 */
export function rankPlans(
  plans: readonly PlanProposal[],
  weights: RankingWeights = defaultRankingWeights,
): PlanProposal[] {
  return plans
    .map((p) => ({ ...p, score: scorePlan(p, weights) }))
    .sort(
      (a, b) =>
        b.score - a.score ||
        levelRank(a.level) - levelRank(b.level) ||
        compareText(a.strategy, b.strategy) ||
        compareText(a.service, b.service),
    );
}

/** Code-unit order: unlike localeCompare, the same on every machine. */
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
