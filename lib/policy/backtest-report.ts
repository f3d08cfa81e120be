import { z } from "zod";

// The backtest report: returned by POST /api/v1/policies/backtest and printed by
// scripts/backtest.ts. Seconds for durations, ms since epoch for times.

const count = z.number().int().min(0);
const seconds = z.number().nullable();

export const draftVerdictSchema = z.enum(["auto", "approval", "blocked"]);
export type DraftVerdict = z.infer<typeof draftVerdictSchema>;
export const humanDecisionSchema = z.enum(["approved", "vetoed"]);
export type HumanDecision = z.infer<typeof humanDecisionSchema>;

export const disagreementSchema = z.object({
  planId: z.string(),
  at: z.number(),
  service: z.string(),
  strategy: z.string(),
  human: humanDecisionSchema,
  draft: draftVerdictSchema,
  reasons: z.array(z.string()),
});
export type Disagreement = z.infer<typeof disagreementSchema>;

/** How the gate treated a plan on record: auto-approved by a rule, or put to people. */
export const recordedVerdictSchema = z.enum(["auto", "approval"]);
export type RecordedVerdict = z.infer<typeof recordedVerdictSchema>;

export const changedPlanSchema = z.object({
  planId: z.string(),
  at: z.number(),
  service: z.string(),
  strategy: z.string(),
  before: recordedVerdictSchema,
  /** The rule the live policy of the time attributed the plan to (null when not recorded). */
  beforeRuleId: z.string().nullable(),
  after: draftVerdictSchema,
  /** The draft's rule responsible: the one that allows (or auto-approves) the plan, or the
   * one that denies it; null when no rule is responsible (nothing allows it, a constraint). */
  ruleId: z.string().nullable(),
  /** The draft's approval reason, or its block reasons joined. */
  reason: z.string(),
});
export type ChangedPlan = z.infer<typeof changedPlanSchema>;

export const backtestReportSchema = z.object({
  cycles: count,
  plans: count,
  /** What the draft policy would have done with each recorded plan. */
  draft: z.object({
    proposed: count,
    autoExecuted: count,
    needsApproval: count,
    twoApprovers: count,
    blocked: count,
  }),
  /** What really happened to the same plans. */
  recorded: z.object({
    autoApproved: count,
    approved: count,
    vetoed: count,
    undecided: count,
    executed: count,
  }),
  /**
   * Plans the draft would treat differently from the record: auto-executed where people were
   * asked (gained), put to people or blocked where it ran by itself (lost), blocked where it
   * was proposed. `plans` lists the first ones, oldest first (all are counted).
   */
  changes: z.object({
    total: count,
    autoGained: count,
    autoLost: count,
    plans: z.array(changedPlanSchema),
  }),
  /** Block reasons by frequency, most frequent first. */
  blockedReasons: z.array(z.object({ reason: z.string(), count })),
  /** Outcomes, in the record, of the plans the draft would auto-execute. */
  autoExecutedOutcomes: z.object({ succeeded: count, failed: count, rolledBack: count, notExecuted: count }),
  /**
   * Agreement with past human decisions. An approval agrees when the draft would have
   * proposed the plan (auto or for approval); a veto agrees when the draft would not have run
   * the plan without a human (blocked or for approval). rate = agreed / decided (null if none).
   */
  agreement: z.object({
    approvals: z.object({ total: count, agreed: count }),
    vetoes: z.object({ total: count, agreed: count, blocked: count }),
    rate: z.number().min(0).max(1).nullable(),
    disagreements: z.array(disagreementSchema),
  }),
  /**
   * Per incident, the strategy the draft's Planner would propose first (re-planned from the
   * incident's first diagnosis) against the first plan on record; null when there is none.
   */
  firstChoice: z.object({
    incidents: count,
    same: count,
    different: count,
    /** The draft would propose something where nothing was proposed. */
    onlyDraft: count,
    /** Something was proposed where the draft would propose nothing (it waits or hands over). */
    onlyRecorded: count,
    examples: z.array(
      z.object({
        incidentId: z.string(),
        service: z.string(),
        draft: z.string().nullable(),
        recorded: z.string().nullable(),
      }),
    ),
  }),
  /**
   * Time to remediate, per incident that a recorded execution healed: from the incident's
   * first diagnosis to the end of the healing execution. The estimate replaces the recorded
   * wait before execution with the draft's: none when auto-executed, the recorded human delay
   * when it needed approval before, and the median human delay when it was auto-approved before.
   */
  timeToRemediate: z.object({
    incidents: count,
    recordedMeanSeconds: seconds,
    estimatedMeanSeconds: seconds,
    meanChangeSeconds: seconds,
    /** Healed in the record, but the draft blocks the plan that healed them. */
    notRemediatedByDraft: count,
  }),
});
export type BacktestReport = z.infer<typeof backtestReportSchema>;
