import type { PlanAction } from "@/lib/plan/types";

// The Execute port. Every adapter (simulated fleet, webhook, Kubernetes) takes one plan action
// at a time with the context the claim produced; the idempotency key is the same on every
// attempt of the same step, so an adapter or its receiver can tell a retry from a new action.

export type ExecPhase = "execute" | "rollback";

export type ExecContext = {
  planId: string;
  /** 0-based index of the action in the plan. */
  step: number;
  phase: ExecPhase;
  /** `idempotencyKeyFor(planId, step, phase)`: stable across retries and restarts. */
  idempotencyKey: string;
  /** The claim's fencing token: larger for every new claim of the plan; a receiver that
   * records the largest it has seen can refuse a stale executor that lost its lease. */
  fencingToken: number;
  /** When the step was first claimed (ms since epoch); persisted with the claim so a retry
   * after a crash sends the same values (e.g. Kubernetes' restartedAt). */
  claimedAt: number;
  /** Give up by this time (ms since epoch): the lease's end, less a margin. */
  deadline: number;
};

/**
 * applied: done now. duplicate: the receiver had already applied this idempotency key (done
 * earlier). rejected: refused for good (invalid, unsupported, 4xx) — do not retry. failed: did
 * not complete or the outcome is unknown (timeout, 5xx, network); `retryable` says whether the
 * same step may be tried again with the same key.
 */
export type ExecResult =
  | { status: "applied" | "duplicate"; detail: string; attempts: number }
  | { status: "rejected"; detail: string; attempts: number }
  | { status: "failed"; detail: string; retryable: boolean; attempts: number };

export type Executor = {
  /** Recorded with each execution step, e.g. "simulated", "webhook", "kubernetes". */
  name: string;
  execute(action: PlanAction, ctx: ExecContext): Promise<ExecResult>;
};

/** At most 200 characters (the simulated fleet's limit); plan ids are cuid/uuid-sized. */
export function idempotencyKeyFor(planId: string, step: number, phase: ExecPhase): string {
  const key = `homeostat:${planId}:${step}:${phase}`;
  if (key.length > 200) throw new Error("plan id too long for an idempotency key");
  return key;
}

/** Done (now or before): the step may be recorded as executed. */
export const isDone = (r: ExecResult): boolean => r.status === "applied" || r.status === "duplicate";
