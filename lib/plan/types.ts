import { z } from "zod";

// The Planner's inputs and outputs. Times are ms since the Unix epoch; durations carry their
// unit in the field name. Every shape here crosses into the loop, the database and the API,
// so each is one zod schema.

export const failureClasses = [
  "memory-leak",
  "bad-deploy",
  "load-surge",
  "slow-dependency",
  "node-loss",
  "zone-loss",
  "pool-exhaustion",
  "cache-failure",
  "disk-filling",
  "unknown",
] as const;
export const failureClassSchema = z.enum(failureClasses);
export type FailureClass = z.infer<typeof failureClassSchema>;

/** Ordered from least to most severe; matches `ServiceSignal.severity` in lib/monitor. */
export const severities = ["info", "warning", "critical"] as const;
export const severitySchema = z.enum(severities);
export type Severity = z.infer<typeof severitySchema>;

export const remediationLevels = ["light", "resource", "infrastructure", "emergency"] as const;
export const remediationLevelSchema = z.enum(remediationLevels);
export type RemediationLevel = z.infer<typeof remediationLevelSchema>;

/** The remediations the simulated fleet (and the other executors) understand. */
export const actionKinds = [
  "restart",
  "scale-out",
  "scale-in",
  "rollback",
  "open-circuit-breaker",
  "close-circuit-breaker",
  "failover-zone",
  "drain-node",
  "reset-pool",
  "warm-cache",
  "degrade",
] as const;
export const actionKindSchema = z.enum(actionKinds);
export type ActionKind = z.infer<typeof actionKindSchema>;

export const strategyIds = [
  "restart-replica",
  "reset-pool",
  "warm-cache",
  "rollback",
  "scale-out",
  "scale-in",
  "reallocate-resources",
  "rebalance-load",
  "replace-node",
  "isolate-dependency",
  "failover-zone",
  "degrade",
  "emergency-drain",
] as const;
export const strategyIdSchema = z.enum(strategyIds);
export type StrategyId = z.infer<typeof strategyIdSchema>;

const share = z.number().min(0).max(1);

/** Which services a change can disturb and the fraction of total traffic they carry. */
export const blastRadiusSchema = z.object({
  services: z.array(z.string()),
  trafficShare: share,
});
export type BlastRadius = z.infer<typeof blastRadiusSchema>;

/** What Analyze concluded about one service in one cycle. */
export const diagnosisSchema = z.object({
  service: z.string().min(1),
  failureClass: failureClassSchema,
  severity: severitySchema,
  confidence: share,
  /** The detector's combined anomaly score (unitless, higher is more anomalous). */
  anomalyScore: z.number(),
  /** The root-cause ranking behind this diagnosis, best first; scores are unitless. */
  rootCause: z.object({
    service: z.string(),
    ranking: z.array(z.object({ service: z.string(), score: z.number() })),
  }),
  /** The cascade: services upstream of the root cause that show symptoms, and their traffic. */
  blastRadius: blastRadiusSchema,
  labels: z.record(z.string(), z.string()),
  /** Latest values; fractions as in lib/monitor fleetMetrics. */
  metrics: z.object({
    cpu: z.number().optional(),
    memory: z.number().optional(),
    saturation: z.number().optional(),
    errorRate: z.number().optional(),
    latencyP99Ms: z.number().optional(),
    poolUse: z.number().optional(),
    replicas: z.number().int().min(0),
  }),
  version: z.object({ current: z.string().optional(), previous: z.string().optional() }),
  /** Where the fault sits when Analyze knows it (node-loss, zone-loss, slow-dependency). */
  zone: z.string().optional(),
  node: z.string().optional(),
  dependency: z.string().optional(),
  /**
   * The service's replicas on `node` (or in `zone`) and how many of them are not ready: moving
   * replicas that are already down takes no capacity from the service.
   */
  placement: z.object({ replicas: z.number().int().min(0), unready: z.number().int().min(0) }).optional(),
  detectedAt: z.number(),
});
export type Diagnosis = z.infer<typeof diagnosisSchema>;

/**
 * `service: "*"` (or any glob) is a wildcard target, refused unless a policy rule allows it.
 * `replicas` is how many replicas the action touches: restarted, added (scale-out) or removed
 * (scale-in); absent means the whole service.
 */
export const actionTargetSchema = z.object({
  service: z.string().min(1),
  replicas: z.number().int().min(0).optional(),
  zone: z.string().optional(),
  node: z.string().optional(),
});
export type ActionTarget = z.infer<typeof actionTargetSchema>;

export const planActionSchema = z.object({
  kind: actionKindSchema,
  target: actionTargetSchema,
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});
export type PlanAction = z.infer<typeof planActionSchema>;

/** Posterior success probability with its 90% equal-tailed credible interval. */
export const successEstimateSchema = z.object({
  mean: share,
  low: share,
  high: share,
  /** Observed outcomes behind the estimate (0 = prior only). */
  observations: z.number().int().min(0),
});
export type SuccessEstimate = z.infer<typeof successEstimateSchema>;

export const approvalRequirementSchema = z.object({
  auto: z.boolean(),
  approvers: z.union([z.literal(1), z.literal(2)]),
  reason: z.string(),
});
export type ApprovalRequirement = z.infer<typeof approvalRequirementSchema>;

/** A plan before it gets an id and a content hash (the gate adds both). */
export const planProposalSchema = z.object({
  strategy: strategyIdSchema,
  level: remediationLevelSchema,
  service: z.string(),
  failureClass: failureClassSchema,
  actions: z.array(planActionSchema),
  estimatedSuccess: successEstimateSchema,
  blastRadius: blastRadiusSchema,
  timeToRecoverSeconds: z.number().min(0),
  /** Relative cost in replica-hour equivalents (extra capacity plus lost capacity). */
  cost: z.number().min(0),
  /** Ranking score from `rankPlans` (higher is better); 0 until ranked. */
  score: z.number(),
  rationale: z.array(z.string()),
  /** The policy rule that allowed the plan; null until a policy evaluated it. */
  policy: z.object({ ruleId: z.string(), policyVersion: z.number().int() }).nullable(),
  approval: approvalRequirementSchema,
});
export type PlanProposal = z.infer<typeof planProposalSchema>;

/**
 * Outcomes per strategy × failure class, from Knowledge. A rolled-back execution is a
 * failure; a veto is not an outcome (the strategy never ran) and is not counted here.
 */
export const outcomeCountsSchema = z.object({
  successes: z.number().int().min(0),
  failures: z.number().int().min(0),
});
export type OutcomeCounts = z.infer<typeof outcomeCountsSchema>;
export type KnowledgeStats = Partial<Record<StrategyId, Partial<Record<FailureClass, OutcomeCounts>>>>;

/** An action that ran (or was approved to run): the input for budgets and auto-approval limits. */
export const actionRecordSchema = z.object({
  service: z.string(),
  strategy: strategyIdSchema,
  kind: actionKindSchema,
  at: z.number(),
  replicas: z.number().int().min(0).optional(),
  /** Set when a policy rule auto-approved it. */
  autoRuleId: z.string().optional(),
  /** The plan it belongs to, so the check before that plan runs does not count it twice. */
  planId: z.string().optional(),
});
export type ActionRecord = z.infer<typeof actionRecordSchema>;

export const severityRank = (s: Severity): number => severities.indexOf(s);
export const levelRank = (l: RemediationLevel): number => remediationLevels.indexOf(l);
