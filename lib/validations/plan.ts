import { z } from "zod";
import { planBasisSchema } from "@/lib/execute/plan-hash";
import { planProposalSchema } from "@/lib/plan/types";

export { approveBodySchema, vetoBodySchema } from "@/lib/execute/gate-types";

export const planDtoSchema = z.object({
  id: z.string(),
  number: z.number(),
  version: z.number(),
  contentHash: z.string(),
  status: z.string(),
  service: z.string(),
  requestedBy: z.string(),
  approversRequired: z.number(),
  autoRuleId: z.string().nullable(),
  policyVersion: z.number().nullable(),
  incidentId: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
  proposal: planProposalSchema,
  basis: planBasisSchema,
  decisions: z.array(z.object({ kind: z.string(), decider: z.string(), comment: z.string().nullable(), at: z.string() })),
  /** The executor's run of an approved plan: started when claimed, finished when its steps
   * ended (verification follows). */
  execution: z.object({ status: z.string(), startedAt: z.string(), finishedAt: z.string().nullable() }).nullable(),
  /** When the status last changed (for a verified or rolled-back plan: when that was decided). */
  updatedAt: z.string(),
});
export type PlanDto = z.infer<typeof planDtoSchema>;

export const planStatuses = ["proposed", "approved", "vetoed", "expired", "executing", "verifying", "healed", "rolled_back", "failed", "superseded"] as const;

export const planListQuerySchema = z.object({
  /** One status, or several separated by commas. */
  status: z
    .string()
    .transform((s) => s.split(","))
    .pipe(z.array(z.enum(planStatuses)).min(1))
    .optional(),
  /** Only plans whose status changed at or after this time (ISO 8601). */
  updatedSince: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type PlanListQuery = z.infer<typeof planListQuerySchema>;

/** A plan an operator proposes by hand. The gate treats its proposer as its requester, so
 * they cannot approve it themselves. */
export const proposePlanSchema = z.object({
  proposal: planProposalSchema,
  /** What the operator saw that motivated the plan (values shown to approvers). */
  observed: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
});
