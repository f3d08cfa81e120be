import { z } from "zod";
import { can } from "@/lib/auth/permissions";
import { matchGlob } from "@/lib/plan/glob";
import { roleSchema, type GateRejection, type Role } from "./gate-types";

// The kill switch and per-service automation pauses. These are global, not per plan, so they
// are their own small state machine; `canExecute` reads the result. Pausing and resuming are
// people's decisions (permission `loop.pause`, reason required to pause); the loop itself may
// only pause a service, after a rollback, and only a person resumes it.

export const pauseRecordSchema = z.object({
  by: z.string().min(1),
  reason: z.string().trim().min(1),
  at: z.number(),
});
export type PauseRecord = z.infer<typeof pauseRecordSchema>;

export const executionControlSchema = z.object({
  paused: pauseRecordSchema.nullable(),
  /** Service name → why its automation is paused. */
  servicePauses: z.record(z.string(), pauseRecordSchema),
});
export type ExecutionControl = z.infer<typeof executionControlSchema>;

export const pauseBodySchema = z.object({
  reason: z.string().trim().min(1, "pausing needs a reason").max(2000),
});
export const resumeBodySchema = z.object({ comment: z.string().trim().max(2000).optional() });

export const runningControl: ExecutionControl = { paused: null, servicePauses: {} };

export type Actor = { kind: "loop" } | { kind: "user"; userId: string; role: Role };
export const actorSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("loop") }),
  z.object({ kind: z.literal("user"), userId: z.string().min(1), role: roleSchema }),
]);

export type ControlEvent =
  | { type: "pause"; actor: Actor; reason: string }
  | { type: "resume"; actor: Actor; comment?: string }
  | { type: "pause-service"; actor: Actor; service: string; reason: string }
  | { type: "resume-service"; actor: Actor; service: string; comment?: string };

export type ControlEffect = "paused" | "resumed" | "service-paused" | "service-resumed";
export type ControlOutcome = { kind: "accepted"; effect: ControlEffect } | GateRejection;

const actorId = (a: Actor) => (a.kind === "loop" ? "loop" : a.userId);
const reject = (httpStatus: GateRejection["httpStatus"], reason: string) => ({
  kind: "rejected" as const,
  reason,
  httpStatus,
});

/** Applies one control event; a rejected event returns the input unchanged. */
export function decideControl(
  control: ExecutionControl,
  event: ControlEvent,
  now: number,
): { control: ExecutionControl; outcome: ControlOutcome } {
  const result = (outcome: GateRejection) => ({ control, outcome });
  const { actor } = event;
  const loopMayDoIt = actor.kind === "loop" && event.type === "pause-service";
  if (!loopMayDoIt && (actor.kind === "loop" || !can(actor.role, "loop.pause")))
    return result(
      reject(
        403,
        actor.kind === "loop"
          ? "only a person may do this"
          : `role ${actor.role} may not pause or resume automation`,
      ),
    );

  switch (event.type) {
    case "pause": {
      const reason = event.reason.trim();
      if (reason === "") return result(reject(422, "pausing needs a reason"));
      if (control.paused !== null) return result(reject(409, `already paused by ${control.paused.by}`));
      return {
        control: { ...control, paused: { by: actorId(actor), reason, at: now } },
        outcome: { kind: "accepted", effect: "paused" },
      };
    }
    case "resume":
      if (control.paused === null) return result(reject(409, "automation is not paused"));
      return { control: { ...control, paused: null }, outcome: { kind: "accepted", effect: "resumed" } };
    case "pause-service": {
      const reason = event.reason.trim();
      if (reason === "") return result(reject(422, "pausing needs a reason"));
      if (Object.hasOwn(control.servicePauses, event.service))
        return result(reject(409, `${event.service} is already paused`));
      return {
        control: {
          ...control,
          servicePauses: {
            ...control.servicePauses,
            [event.service]: { by: actorId(actor), reason, at: now },
          },
        },
        outcome: { kind: "accepted", effect: "service-paused" },
      };
    }
    case "resume-service": {
      if (!Object.hasOwn(control.servicePauses, event.service))
        return result(reject(409, `${event.service} is not paused`));
      const { [event.service]: _resumed, ...rest } = control.servicePauses;
      return {
        control: { ...control, servicePauses: rest },
        outcome: { kind: "accepted", effect: "service-resumed" },
      };
    }
  }
}

/** Why execution against these target services is paused now, or null. A wildcard target is
 * blocked by any paused service it matches. */
export function pauseReason(control: ExecutionControl, services: readonly string[]): string | null {
  if (control.paused !== null)
    return `automation is paused by ${control.paused.by}: ${control.paused.reason}`;
  for (const [service, p] of Object.entries(control.servicePauses))
    if (services.some((t) => matchGlob(t, service) || t === service))
      return `automation for ${service} is paused by ${p.by}: ${p.reason}`;
  return null;
}
