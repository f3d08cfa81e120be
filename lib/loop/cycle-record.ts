import { z } from "zod";
import { scoreDriverSchema } from "@/lib/analyze/anomaly/service-score";
import { diagnosisSchema, failureClassSchema, planProposalSchema } from "@/lib/plan/types";
import { metricShiftSchema } from "./metric-shift";
import { metricCheckSchema, verificationVerdicts } from "./verify-recovery";

// What one cycle saw, concluded and proposed: the row the host stores (JSON) and the incident
// timeline shows. Only what mattered is kept: scores of services that moved, the shifted
// metrics of incident services, the top of the ranking, a few KB per cycle.

export const urgencies = ["low", "medium", "high"] as const;

export const anomalyRecordSchema = z.object({
  service: z.string(),
  /** Ensemble score of the tick, 0..1 (1/2 = never seen before). */
  score: z.number(),
  /** Belief that the service is really anomalous, 0..1. */
  confidence: z.number().min(0).max(1),
  urgency: z.enum(urgencies),
  /** Why it was flagged: "ensemble", "replicas lost", "resource exhaustion forecast". */
  sources: z.array(z.string()),
  drivers: z.array(scoreDriverSchema),
});
export type AnomalyRecord = z.infer<typeof anomalyRecordSchema>;

export const incidentSummarySchema = z.object({
  id: z.string(),
  status: z.enum(["open", "resolved"]),
  openedAt: z.number(),
  /** Estimated fault onset (ms). */
  onset: z.number(),
  resolvedAt: z.number().nullable(),
  services: z.array(z.string()),
  rootCause: z.string().nullable(),
  failureClass: failureClassSchema,
  zone: z.string().optional(),
  node: z.string().optional(),
  planIds: z.array(z.string()),
  /** Resolved by folding it into this older incident, which found the same root cause. */
  mergedInto: z.string().optional(),
});
export type IncidentSummary = z.infer<typeof incidentSummarySchema>;

export const analysisRecordSchema = z.object({
  incidentId: z.string(),
  ranking: z.array(z.object({ service: z.string(), score: z.number() })),
  cascade: z.object({
    root: z.string(),
    path: z.array(z.string()),
    otherAnomalous: z.array(z.string()),
    atRisk: z.array(z.object({ service: z.string(), probability: z.number() })),
    blastRadius: z.object({ services: z.array(z.string()), trafficShare: z.number() }),
  }),
  classification: z.object({
    failureClass: failureClassSchema,
    service: z.string(),
    confidence: z.number(),
    reasons: z.array(z.string()),
  }),
  /** Metrics of the incident's services that moved beyond their baseline. */
  shifts: z.array(metricShiftSchema),
});
export type AnalysisRecord = z.infer<typeof analysisRecordSchema>;

export const proposedPlanRecordSchema = z.object({
  planId: z.string(),
  incidentId: z.string(),
  proposal: planProposalSchema,
});

export const stepRecordSchema = z.object({
  incidentId: z.string(),
  service: z.string(),
  kind: z.enum(["propose", "wait", "done", "suppressed", "needs-human"]),
  reason: z.string(),
});

export const verificationRecordSchema = z.object({
  planId: z.string(),
  incidentId: z.string(),
  verdict: z.enum(verificationVerdicts),
  checks: z.array(metricCheckSchema),
});
export type VerificationRecord = z.infer<typeof verificationRecordSchema>;

export const cycleRecordSchema = z.object({
  seq: z.number().int().min(0),
  at: z.number(),
  observed: z.object({
    samples: z.number().int().min(0),
    services: z.number().int().min(0),
    /** Services whose tick score reached 1/4 (half the flag level), highest first. */
    scores: z.array(z.object({ service: z.string(), score: z.number() })),
    /** A fleet-wide traffic burst: flags held back from opening an incident. */
    burst: z.boolean(),
  }),
  anomalies: z.array(anomalyRecordSchema),
  forecasts: z.array(
    z.object({
      service: z.string(),
      metric: z.string(),
      level: z.number().nullable(),
      eta: z.number().nullable(),
      etaEarliest: z.number().nullable(),
    }),
  ),
  canaries: z.array(z.object({ service: z.string(), verdict: z.enum(["pass", "marginal", "fail"]), score: z.number() })),
  incidents: z.array(incidentSummarySchema),
  analyses: z.array(analysisRecordSchema),
  diagnoses: z.array(diagnosisSchema.extend({ incidentId: z.string() })),
  plans: z.array(proposedPlanRecordSchema),
  steps: z.array(stepRecordSchema),
  verifications: z.array(verificationRecordSchema),
});
export type CycleRecord = z.infer<typeof cycleRecordSchema>;
