import { z } from "zod";
import { planProposalSchema } from "@/lib/plan/types";
import { incidentSummarySchema } from "./cycle-record";

// What a tick asks its host to do, as data. None of these runs anything: a proposed plan goes
// through the approval gate, and only the host executes what the gate lets through.

export const effectSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("propose-plan"),
    planId: z.string(),
    incidentId: z.string(),
    plan: planProposalSchema,
    /** What the policy says: auto-approval by `rule`, or how many humans must approve. */
    approval: z.object({ auto: z.boolean(), rule: z.string().nullable(), approvers: z.union([z.literal(1), z.literal(2)]) }),
  }),
  z.object({
    type: z.literal("verify"),
    planId: z.string(),
    incidentId: z.string(),
    verdict: z.enum(["healed", "worse", "unconfirmed"]),
    /** Roll the plan's actions back (once) and pause automation for `services`. */
    rollback: z.boolean(),
    services: z.array(z.string()),
    reason: z.string(),
  }),
  z.object({ type: z.literal("open-incident"), incident: incidentSummarySchema }),
  z.object({ type: z.literal("update-incident"), incident: incidentSummarySchema, changes: z.array(z.string()) }),
  z.object({ type: z.literal("resolve-incident"), incident: incidentSummarySchema }),
  z.object({
    type: z.literal("notify"),
    incidentId: z.string(),
    planId: z.string().optional(),
    severity: z.enum(["info", "warning", "critical"]),
    message: z.string(),
  }),
]);
export type Effect = z.infer<typeof effectSchema>;
