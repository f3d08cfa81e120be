import { z } from "zod";
import { roles } from "@/lib/auth/permissions";

// The approval gate's state for one plan and the events that move it. Times are ms since the
// Unix epoch. Every shape is stored and crosses the API, so each is a zod schema.

export const roleSchema = z.enum(roles);

/** Who decided: a person (with the role they held at that moment) or an auto-approving rule. */
export const deciderSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("user"), userId: z.string().min(1), role: roleSchema }),
  z.object({ kind: z.literal("rule"), ruleId: z.string().min(1), ruleVersion: z.number().int() }),
]);
export type Decider = z.infer<typeof deciderSchema>;

export const approvalRecordSchema = z.object({
  by: deciderSchema,
  at: z.number(),
  comment: z.string().nullable(),
  /** The plan hash and version the decider saw; an approval counts only for exactly these. */
  planHash: z.string().regex(/^[0-9a-f]{64}$/),
  planVersion: z.number().int().positive(),
});
export type ApprovalRecord = z.infer<typeof approvalRecordSchema>;

export const vetoRecordSchema = z.object({
  userId: z.string().min(1),
  role: roleSchema,
  reason: z.string().trim().min(1),
  at: z.number(),
});
export type VetoRecord = z.infer<typeof vetoRecordSchema>;

/** pending → approved | vetoed | expired, once; the three are final for decisions. */
export const gateStatuses = ["pending", "approved", "vetoed", "expired"] as const;
export const gateStatusSchema = z.enum(gateStatuses);
export type GateStatus = z.infer<typeof gateStatusSchema>;

export const gateStateSchema = z.object({
  planHash: z.string().regex(/^[0-9a-f]{64}$/),
  planVersion: z.number().int().positive(),
  /** "loop" for loop-proposed plans, else the id of the user who proposed it. */
  requestedBy: z.string().min(1),
  requiredApprovers: z.union([z.literal(1), z.literal(2)]),
  /** The policy rule that may auto-approve this plan, when the policy said so at proposal. */
  autoRule: z.object({ ruleId: z.string().min(1), ruleVersion: z.number().int() }).nullable(),
  proposedAt: z.number(),
  /** proposedAt + the approval TTL: the plan takes no decision at or after this (plans.expires_at). */
  expiresAt: z.number(),
  status: gateStatusSchema,
  approvals: z.array(approvalRecordSchema),
  veto: vetoRecordSchema.nullable(),
  /** When the status became final. */
  decidedAt: z.number().nullable(),
});
export type GateState = z.infer<typeof gateStateSchema>;

/** Request bodies for the decision routes (who decides comes from the session, not the body). */
export const approveBodySchema = z.object({
  planHash: z.string().regex(/^[0-9a-f]{64}$/, "expected the plan's 64-character hex hash"),
  planVersion: z.number().int().positive(),
  comment: z.string().trim().max(2000).optional(),
});
export type ApproveBody = z.infer<typeof approveBodySchema>;

export const vetoBodySchema = z.object({
  reason: z.string().trim().min(1, "a veto needs a reason").max(2000),
});
export type VetoBody = z.infer<typeof vetoBodySchema>;

export type Role = z.infer<typeof roleSchema>;

export type GateEvent =
  | ({ type: "approve"; userId: string; role: Role } & ApproveBody)
  | { type: "veto"; userId: string; role: Role; reason: string }
  | { type: "auto-approve"; ruleId: string; ruleVersion: number; planHash: string; planVersion: number }
  | { type: "expire" };

export type GateRejection = { kind: "rejected"; reason: string; httpStatus: 403 | 409 | 422 };

/** What an accepted event did; the name doubles as the audit action. */
export type GateEffect = "approval-recorded" | "approved" | "auto-approved" | "vetoed" | "expired";

export type GateOutcome = { kind: "accepted"; effect: GateEffect } | GateRejection;

export type GateSettings = {
  /**
   * How long a plan waits for its quorum after it is proposed, and how long each approval
   * stays valid for starting execution. Valid while `now < at + approvalTtlMs`: at exactly
   * the boundary it has expired (the same half-open interval as policy holds).
   */
  approvalTtlMs: number;
};
