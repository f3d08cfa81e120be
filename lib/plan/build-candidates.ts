import { strategyCatalog, type Strategy } from "./strategy-catalog";
import { estimateSuccess, priorFromMean } from "./success-estimate";
import type { Diagnosis, KnowledgeStats, PlanProposal } from "./types";

export const unevaluatedApproval = {
  auto: false,
  approvers: 1,
  reason: "not yet evaluated by a policy",
} as const;

/** The plan one strategy proposes for a diagnosis, or null when it does not apply. */
export function buildProposal(
  strategy: Strategy,
  diagnosis: Diagnosis,
  stats: KnowledgeStats,
): PlanProposal | null {
  const priorMean = strategy.handles[diagnosis.failureClass];
  if (priorMean === undefined) return null;
  const actions = strategy.actions(diagnosis);
  if (actions === null) return null;
  const disruption = strategy.disruption(diagnosis);
  const estimatedSuccess = estimateSuccess(
    stats[strategy.id]?.[diagnosis.failureClass],
    priorFromMean(priorMean),
  );
  // The change disturbs the remediated service and, through the cascade, what calls it.
  const affected = [
    diagnosis.service,
    ...diagnosis.blastRadius.services.filter((s) => s !== diagnosis.service),
  ];
  return {
    strategy: strategy.id,
    level: strategy.level,
    service: diagnosis.service,
    failureClass: diagnosis.failureClass,
    actions,
    estimatedSuccess,
    blastRadius: {
      services: disruption > 0 ? affected : [],
      trafficShare: Math.min(1, diagnosis.blastRadius.trafficShare * disruption),
    },
    timeToRecoverSeconds: strategy.timeToRecoverSeconds,
    cost: strategy.cost(diagnosis),
    score: 0,
    rationale: [
      `${strategy.summary} (${strategy.level}) for ${diagnosis.failureClass} on ${diagnosis.service}`,
      `success ${pct(estimatedSuccess.mean)} (90% interval ${pct(estimatedSuccess.low)}–${pct(estimatedSuccess.high)}, ${estimatedSuccess.observations} past outcomes)`,
    ],
    policy: null,
    approval: { ...unevaluatedApproval },
  };
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** Every catalog strategy's plan for the diagnosis, in catalog order. */
export function buildCandidates(
  diagnosis: Diagnosis,
  stats: KnowledgeStats,
  catalog: readonly Strategy[] = strategyCatalog,
): PlanProposal[] {
  return catalog.flatMap((s) => buildProposal(s, diagnosis, stats) ?? []);
}
