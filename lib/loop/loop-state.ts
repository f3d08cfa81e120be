import { z } from "zod";
import { createAnomalyState, type AnomalyState } from "@/lib/analyze/anomaly/score-anomalies";
import type { ResourceForecastState } from "@/lib/analyze/forecast";
import type { PopulationPoint } from "@/lib/analyze/canary";
import type { Sample, ServiceSignal } from "@/lib/monitor/types";
import type { RemediationAttempt } from "@/lib/plan/next-remediation-step";
import type { ActionRecord, FailureClass, KnowledgeStats, PlanAction, RemediationLevel, StrategyId } from "@/lib/plan/types";
import type { Policy } from "@/lib/policy/policy-schema";
import type { AdoptedPlan } from "./adopt-plans";
import type { Inventory } from "./inventory";
import type { IncidentRca } from "./build-diagnoses";
import type { Classification } from "./classify-failure";
import type { Bottleneck } from "./scale-bottleneck";
import type { SampleHistory } from "./sample-history";

/** A decision the gate took on a plan the loop proposed. */
export const planDecisionSchema = z.object({
  planId: z.string(),
  kind: z.enum(["auto-approved", "approved", "vetoed", "expired"]),
  at: z.number(),
});
export type PlanDecision = z.infer<typeof planDecisionSchema>;

/** What happened when the host ran (or rolled back) an approved plan. */
export const planExecutionSchema = z.object({
  planId: z.string(),
  outcome: z.enum(["succeeded", "failed", "rolled-back"]),
  /** When the actions finished (ms): verification measures from here. */
  at: z.number(),
});
export type PlanExecution = z.infer<typeof planExecutionSchema>;

export type TickInputs = {
  /** Samples since the last tick (any order across series; per series, later than before). */
  samples: readonly Sample[];
  /** Per-version samples of services running two versions (a canary), if the source has them. */
  populationSamples?: readonly PopulationPoint[];
  /** Alerts and failed probes flag their service; a deploy marks a rollout (classification). */
  signals?: readonly ServiceSignal[];
  inventory: Inventory;
  decisions?: readonly PlanDecision[];
  executions?: readonly PlanExecution[];
  /** Executed plans the loop did not propose, to verify (see adopt-plans.ts). */
  adopted?: readonly AdoptedPlan[];
  policy: Policy;
  /** Knowledge's outcome counts (lib/knowledge `toKnowledgeStats`). */
  stats: KnowledgeStats;
};

export type PlanStatus = "proposed" | "approved" | "verifying" | "succeeded" | "failed" | "rolled-back" | "vetoed";

export type PlanState = {
  id: string;
  incidentId: string;
  service: string;
  strategy: StrategyId;
  level: RemediationLevel;
  failureClass: FailureClass;
  actions: PlanAction[];
  /** The policy rule that allowed it (auto-approval is attributed to it). */
  ruleId: string | null;
  proposedAt: number;
  status: PlanStatus;
  executedAt: number | null;
  /** When its attempt reached an outcome. */
  finishedAt: number | null;
  /** Verified against this instead of its incident's baseline: an adopted plan with no
   * incident (see adopt-plans.ts). */
  baseline?: { from: number; to: number };
};

export type IncidentState = {
  id: string;
  status: "open" | "resolved";
  openedAt: number;
  onset: number;
  updatedAt: number;
  resolvedAt: number | null;
  services: string[];
  rootCause: string | null;
  failureClass: FailureClass;
  zone?: string;
  node?: string;
  /** Set once a plan was proposed: later cycles keep this diagnosis so attempts stay comparable. */
  frozen: boolean;
  /** When a frozen incident was last analysed afresh (see tick.ts). */
  reviewedAt: number | null;
  classification: Classification | null;
  /** Consecutive analyses that reached the same class and service. */
  stableAnalyses: number;
  rca: IncidentRca | null;
  baseline: { from: number; to: number };
  healthyCycles: number;
  attempts: Record<string, RemediationAttempt[]>;
  planIds: string[];
  notifiedNeedsHuman: boolean;
  /** A callee that saturated when a scale-out of this incident was verified worse: the next
   * plan scales the whole path. Cleared once that plan is proposed. */
  bottleneck?: Bottleneck;
  /** Services already scaled as a path's bottleneck: each is scaled so at most once. */
  pathScaled?: string[];
  /** Resolved by folding it into this (older) incident with the same root cause. */
  mergedInto?: string;
};

export type LoopState = {
  seq: number;
  /** The first tick: no incident opens before a full baseline lies behind it. */
  startedAt: number | null;
  lastTickAt: number | null;
  /** Detector state: updated in place by each tick (see tick.ts). */
  anomaly: AnomalyState;
  forecasts: ResourceForecastState;
  history: SampleHistory;
  /** Per-version samples of the canary window. */
  populations: PopulationPoint[];
  /** Consecutive anomalous ticks per service. */
  streaks: Record<string, number>;
  flaggedAt: Record<string, number>;
  unreadySince: Record<string, number>;
  /** Latest deploy signal per service (ms). */
  deploys: Record<string, number>;
  burstSince: number | null;
  incidents: IncidentState[];
  plans: Record<string, PlanState>;
  /** Approved actions of the last 24 h (budgets and auto-approval limits). */
  actions: ActionRecord[];
  nextIncident: number;
  nextPlan: number;
};

export function createLoopState(): LoopState {
  return {
    seq: 0,
    startedAt: null,
    lastTickAt: null,
    anomaly: createAnomalyState(),
    forecasts: {},
    history: {},
    populations: [],
    streaks: {},
    flaggedAt: {},
    unreadySince: {},
    deploys: {},
    burstSince: null,
    incidents: [],
    plans: {},
    actions: [],
    nextIncident: 1,
    nextPlan: 1,
  };
}
