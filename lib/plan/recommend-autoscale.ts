import { autoscalePlan } from "./autoscale-plan";
import {
  hpaDefaults,
  hpaDesiredReplicas,
  stabilizeRecommendation,
  type Recommendation,
} from "./hpa-recommendation";
import { pidStep, type PidGains, type PidState } from "./pid-controller";
import type { Diagnosis, KnowledgeStats, PlanProposal } from "./types";

export type AutoscaleController =
  { kind: "hpa"; tolerance?: number } | { kind: "pid"; gains: PidGains; state: PidState; dtSeconds: number };

export type AutoscaleInput = {
  /** The service now; `metrics.replicas` is the current replica count. */
  diagnosis: Diagnosis;
  /** The tracked metric (e.g. cpu 0.92 against a target of 0.6), averaged over ready pods. */
  metric: { name: string; current: number; target: number };
  bounds: { minReplicas: number; maxReplicas: number };
  /** Raw recommendations returned by the previous call (scale-down stabilization). */
  previous: readonly Recommendation[];
  now: number;
  controller: AutoscaleController;
  stabilizationSeconds?: number;
  stats: KnowledgeStats;
};

export type AutoscaleResult = {
  replicas: number;
  recommendations: Recommendation[];
  /** The PID controller's next state (pid only). */
  pidState?: PidState;
  plan: PlanProposal | null;
};

/**
 * Target tracking for one service: the HPA rule (or the PID controller's replica delta), then
 * scale-down stabilization and the min/max bounds, as a plan that goes through the policy
 * and the gate like any other.
 */
export function recommendAutoscale(input: AutoscaleInput): AutoscaleResult {
  const current = input.diagnosis.metrics.replicas;
  const { name, current: value, target } = input.metric;
  let raw: number;
  let pidState: PidState | undefined;
  if (input.controller.kind === "hpa") {
    raw = hpaDesiredReplicas(current, value, target, input.controller.tolerance ?? hpaDefaults.tolerance);
  } else {
    const step = pidStep(
      input.controller.state,
      { setpoint: target, measurement: value, dtSeconds: input.controller.dtSeconds },
      input.controller.gains,
    );
    raw = Math.max(0, current + Math.round(step.output));
    pidState = step.state;
  }
  const stable = stabilizeRecommendation(
    raw,
    input.previous,
    input.now,
    input.bounds,
    input.stabilizationSeconds ?? hpaDefaults.downscaleStabilizationSeconds,
  );
  const why = `${name} ${value} against a target of ${target} (${input.controller.kind})`;
  return {
    replicas: stable.replicas,
    recommendations: stable.recommendations,
    ...(pidState ? { pidState } : {}),
    plan: autoscalePlan(input.diagnosis, stable.replicas, input.stats, why),
  };
}
