import type { PlanAction } from "@/lib/plan/types";
import type { ExecContext, ExecResult, Executor } from "@/lib/execute/executor-port";
import { remediationActionSchema, type RemediationAction } from "@/lib/sim/apply-remediation";
import type { RemediationResult } from "@/lib/sim/fleet-types";

// The default executor: remediations change the simulated fleet. Plan actions and lib/sim
// remediations share kinds, targets and params, so the mapping adds the idempotency key and
// validates; the fleet itself answers a repeated key with "duplicate" and leaves its state alone.

export type Remediate = (action: RemediationAction) => RemediationResult;

/** The lib/sim remediation for a plan action, or the reason it is not one. */
export function toRemediationAction(
  action: PlanAction,
  idempotencyKey: string,
): { ok: true; action: RemediationAction } | { ok: false; reason: string } {
  const parsed = remediationActionSchema.safeParse({ ...action, idempotencyKey });
  if (parsed.success) return { ok: true, action: parsed.data };
  return {
    ok: false,
    reason: parsed.error.issues.map((i) => `${i.path.join(".") || "action"}: ${i.message}`).join("; "),
  };
}

/** `remediate` is the in-server SimulatedFleet's, bound to its clock:
 * `(a) => fleet.remediate(a, Date.now())`. */
export function createSimulatedExecutor(remediate: Remediate, now: () => number = Date.now): Executor {
  function run(action: PlanAction, ctx: ExecContext): ExecResult {
    if (now() >= ctx.deadline)
      return { status: "failed", detail: "the step's deadline has passed", retryable: true, attempts: 0 };
    const mapped = toRemediationAction(action, ctx.idempotencyKey);
    if (!mapped.ok) return { status: "rejected", detail: mapped.reason, attempts: 0 };
    let result: RemediationResult;
    try {
      result = remediate(mapped.action);
    } catch (e) {
      return {
        status: "failed",
        detail: `the simulated fleet failed: ${(e as Error).message}`,
        retryable: true,
        attempts: 1,
      };
    }
    const healed =
      result.healedFaultIds.length > 0 ? `healed ${result.healedFaultIds.join(", ")}` : "healed no fault";
    if (result.status === "rejected")
      return { status: "rejected", detail: result.reason ?? "refused by the fleet", attempts: 1 };
    return { status: result.status, detail: healed, attempts: 1 };
  }
  return { name: "simulated", execute: (action, ctx) => Promise.resolve(run(action, ctx)) };
}
