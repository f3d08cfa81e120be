import { z } from "zod";
import { diagnosisSchema, planProposalSchema } from "@/lib/plan/types";

// What the loop recorded, as plain data: the input of a backtest. Times are ms since epoch.

export const recordedDecisionSchema = z.object({
  kind: z.enum(["auto-approved", "approved", "vetoed", "expired"]),
  at: z.number(),
});
export type RecordedDecision = z.infer<typeof recordedDecisionSchema>;

export const recordedExecutionSchema = z.object({
  startedAt: z.number(),
  finishedAt: z.number(),
  outcome: z.enum(["succeeded", "failed", "rolled-back"]),
});
export type RecordedExecution = z.infer<typeof recordedExecutionSchema>;

export const recordedPlanSchema = z.object({
  id: z.string(),
  proposal: planProposalSchema,
  proposedAt: z.number(),
  decision: recordedDecisionSchema.nullable(),
  execution: recordedExecutionSchema.nullable(),
});
export type RecordedPlan = z.infer<typeof recordedPlanSchema>;

export const recordedCycleSchema = z.object({
  at: z.number(),
  /** The incident the cycle's diagnoses belong to, when there is one. */
  incidentId: z.string().nullable(),
  diagnoses: z.array(diagnosisSchema),
  /** Plans proposed in this cycle; each refers to the diagnosis of its `proposal.service`. */
  plans: z.array(recordedPlanSchema),
});
export type RecordedCycle = z.infer<typeof recordedCycleSchema>;
