// Kayenta's WeightedSumScorer and ThresholdScoreClassifier: a group scores the percentage of its
// scored metrics that passed; the canary scores the weighted sum of its groups' scores; a
// critical failure scores 0. A group with no scored metric contributes nothing, so its weight is
// lost from the total: missing data lowers the score instead of passing unseen.

import type { CanaryVerdict, GroupScore, MetricClassification, MetricResult } from "./canary-schemas";

export type ScoreThresholds = { pass: number; marginal: number };

export type CanaryScore = { score: number; verdict: CanaryVerdict; reasons: string[]; groups: GroupScore[] };

const emptyCounts = (): Record<MetricClassification, number> => ({
  Pass: 0,
  High: 0,
  Low: 0,
  NoData: 0,
  Error: 0,
});

/** Percent weight of each group: configured, or an equal share of what the configured leave of 100. */
export function groupWeights(
  groups: readonly string[],
  configured: Readonly<Record<string, number>>,
): Map<string, number> {
  const unweighted = groups.filter((g) => configured[g] === undefined);
  const used = Object.values(configured).reduce((s, w) => s + w, 0);
  const share = unweighted.length > 0 ? Math.max(0, 100 - used) / unweighted.length : 0;
  return new Map(groups.map((g) => [g, configured[g] ?? share]));
}

export function scoreCanary(
  results: readonly MetricResult[],
  configuredWeights: Readonly<Record<string, number>>,
  thresholds: ScoreThresholds,
): CanaryScore {
  const names = [...new Set(results.flatMap((r) => r.groups))];
  const weights = groupWeights(names, configuredWeights);
  const groups: GroupScore[] = names.map((name) => {
    const members = results.filter((r) => r.groups.includes(name));
    const counts = emptyCounts();
    for (const r of members) counts[r.classification]++;
    const scored = members.filter((r) => r.classification !== "NoData" || r.failed);
    const passed = scored.filter((r) => !r.failed).length;
    return {
      name,
      score: scored.length === 0 ? null : (100 * passed) / scored.length,
      weight: weights.get(name) ?? 0,
      counts,
    };
  });

  const reasons: string[] = [];
  const criticals = results.filter((r) => r.critical);
  let score = groups.reduce((s, g) => s + (g.score === null ? 0 : (g.score * g.weight) / 100), 0);
  if (criticals.length > 0) {
    score = 0;
    for (const r of criticals)
      reasons.push(`critical metric ${r.name} is ${r.classification}: ${r.reasons[0] ?? ""}`.trimEnd());
  }
  const noData = results.filter((r) => r.classification === "NoData");
  if (noData.length === results.length && results.length > 0) reasons.push("no metric had data");
  else if (noData.length > 0)
    reasons.push(
      `no data for ${noData.length} of ${results.length} metrics: ${noData.map((r) => r.name).join(", ")}`,
    );
  for (const g of groups) {
    if (g.score === null)
      reasons.push(`group ${g.name} had no data: its weight ${fmtScore(g.weight)} is lost`);
  }
  const failed = results.filter(
    (r) => r.classification === "High" || r.classification === "Low" || r.classification === "Error",
  );
  if (failed.length > 0)
    reasons.push(`failed: ${failed.map((r) => `${r.name} (${r.classification})`).join(", ")}`);

  const verdict: CanaryVerdict =
    score >= thresholds.pass ? "pass" : score >= thresholds.marginal ? "marginal" : "fail";
  reasons.unshift(
    `score ${fmtScore(score)}: ${verdict} (pass ≥ ${thresholds.pass}, marginal ≥ ${thresholds.marginal})`,
  );
  return { score, verdict, reasons, groups };
}

function fmtScore(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}
