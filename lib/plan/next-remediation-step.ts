import { z } from "zod";
import { evaluatePolicy } from "@/lib/policy/evaluate-policy";
import type { Policy } from "@/lib/policy/policy-schema";
import { buildCandidates } from "./build-candidates";
import { defaultRankingWeights, rankPlans, type RankingWeights } from "./rank-plans";
import { suppressedBy, type ActiveRemediation } from "./suppress-symptoms";
import {
  actionRecordSchema,
  levelRank,
  remediationLevels,
  remediationLevelSchema,
  strategyIdSchema,
  type Diagnosis,
  type KnowledgeStats,
  type PlanProposal,
  type RemediationLevel,
  type StrategyId,
} from "./types";

export const attemptOutcomes = ["pending", "succeeded", "failed", "rolled-back", "vetoed"] as const;

/** One plan tried for this incident, and how it ended. */
export const remediationAttemptSchema = z.object({
  strategy: strategyIdSchema,
  level: remediationLevelSchema,
  proposedAt: z.number(),
  /** When it reached its outcome; absent while pending. */
  finishedAt: z.number().optional(),
  outcome: z.enum(attemptOutcomes),
});
export type RemediationAttempt = z.infer<typeof remediationAttemptSchema>;

export const remediationHistorySchema = z.object({
  /** This incident's attempts, oldest first. */
  attempts: z.array(remediationAttemptSchema),
  /** Recent actions across the fleet (budgets, auto-approval limits). */
  actions: z.array(actionRecordSchema),
});
export type RemediationHistory = z.infer<typeof remediationHistorySchema>;

export type BlockedPlan = {
  strategy: StrategyId;
  level: RemediationLevel;
  reasons: string[];
  temporary: boolean;
};

export type RemediationStep =
  | { kind: "propose"; plan: PlanProposal; alternatives: PlanProposal[]; blocked: BlockedPlan[] }
  | { kind: "wait"; until: number | null; reason: string }
  | { kind: "done"; reason: string }
  | { kind: "suppressed"; rootService: string; reason: string }
  | {
      kind: "needs-human";
      reason: string;
      evidence: {
        attempts: RemediationAttempt[];
        blocked: BlockedPlan[];
        exhaustedLevels: RemediationLevel[];
      };
    };

export type PlanningContext = {
  stats: KnowledgeStats;
  activeRemediations: readonly ActiveRemediation[];
  weights?: RankingWeights;
};

const failed = (a: RemediationAttempt) => a.outcome === "failed" || a.outcome === "rolled-back";

/**
 * The next step of progressive remediation for one diagnosed incident. Levels run from light
 * to emergency; each allows `policy.escalation[level].maxAttempts` attempts, and after a
 * failure waits `backoffSeconds × 2^(failures in the level − 1)`. A strategy once tried
 * (whatever its outcome) is never proposed again for the incident, and a level once left is
 * never re-entered, so the sequence of proposals is finite and ends in "needs-human" with the
 * evidence. A vetoed plan counts as an attempt but starts no backoff. Long shots (posterior
 * success below `policy.planning.minSuccess`) wait until no plausible plan is left. When the only plans left
 * are blocked by something that passes (a hold, peak hours, a budget), the step is "wait".
 */
export function nextRemediationStep(
  history: RemediationHistory,
  diagnosis: Diagnosis,
  policy: Policy,
  now: number,
  context: PlanningContext = { stats: {}, activeRemediations: [] },
): RemediationStep {
  const root = suppressedBy(diagnosis.service, context.activeRemediations);
  if (root !== undefined)
    return {
      kind: "suppressed",
      rootService: root,
      reason: `${diagnosis.service} is a symptom of ${root}, which is being remediated`,
    };

  const { attempts } = history;
  const last = attempts.at(-1);
  if (last?.outcome === "pending")
    return { kind: "wait", until: null, reason: `${last.strategy} is still in progress` };
  if (last?.outcome === "succeeded") return { kind: "done", reason: `${last.strategy} succeeded` };

  if (last !== undefined && failed(last)) {
    const failures = attempts.filter((a) => a.level === last.level && failed(a)).length;
    const backoff = policy.escalation[last.level].backoffSeconds * 1000 * 2 ** (failures - 1);
    const until = (last.finishedAt ?? last.proposedAt) + backoff;
    if (now < until) return { kind: "wait", until, reason: `backing off after ${last.strategy} failed` };
  }

  const tried = new Set(attempts.map((a) => a.strategy));
  const evaluation = evaluatePolicy(
    policy,
    diagnosis,
    buildCandidates(diagnosis, context.stats),
    history.actions,
    now,
  );
  const blocked = evaluation.verdicts
    .filter((v) => !v.allowed)
    .map((v) => ({
      strategy: v.plan.strategy,
      level: v.plan.level,
      reasons: v.reasons,
      temporary: v.temporary,
    }));
  const untried = evaluation.verdicts
    .filter((v) => v.allowed && !tried.has(v.plan.strategy))
    .map((v) => v.plan);
  const floor = Math.max(0, ...attempts.map((a) => levelRank(a.level)));
  const plausible = untried.filter(
    (p) => p.estimatedSuccess.mean >= policy.planning.minSuccess && levelRank(p.level) >= floor,
  );
  const open = plausible.length > 0 ? plausible : untried;

  const exhaustedLevels: RemediationLevel[] = [];
  for (const level of remediationLevels.slice(floor)) {
    const used = attempts.filter((a) => a.level === level).length;
    const plans = open.filter((p) => p.level === level);
    if (used >= policy.escalation[level].maxAttempts || plans.length === 0) {
      exhaustedLevels.push(level);
      continue;
    }
    const [plan, ...alternatives] = rankPlans(plans, context.weights ?? defaultRankingWeights);
    if (plan !== undefined) return { kind: "propose", plan, alternatives, blocked };
  }
  // Nothing can run now, but something untried may once a hold, peak hours, a budget window
  // or the stress passes: wait rather than hand over a problem time will unblock.
  const later = blocked.find(
    (b) =>
      b.temporary &&
      !tried.has(b.strategy) &&
      levelRank(b.level) >= floor &&
      attempts.filter((a) => a.level === b.level).length < policy.escalation[b.level].maxAttempts,
  );
  if (later !== undefined)
    return {
      kind: "wait",
      until: null,
      reason: `${later.strategy} is blocked for now: ${later.reasons.join("; ")}`,
    };
  return {
    kind: "needs-human",
    reason:
      attempts.length === 0
        ? `no allowed strategy for ${diagnosis.failureClass} on ${diagnosis.service}`
        : `automated remediation exhausted after ${attempts.length} attempt${attempts.length === 1 ? "" : "s"}`,
    evidence: { attempts, blocked, exhaustedLevels },
  };
}
