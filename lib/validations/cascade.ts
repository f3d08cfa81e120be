import { z } from "zod";

/** A current plan (waiting for approval, approved, executing or verifying) with its blast
 * radius laid over the graph; see lib/plan/preview-blast-radius.ts. */
export const cascadePlanSchema = z.object({
  id: z.string(),
  number: z.number(),
  status: z.string(),
  strategy: z.string(),
  service: z.string(),
  incidentId: z.string().nullable(),
  incidentNumber: z.number().nullable(),
  expiresAt: z.string(),
  blastRadius: z.object({
    services: z.array(z.string()),
    targets: z.array(z.string()),
    /** Share of request traffic passing through `services`, weighed as the analysis does. */
    trafficShare: z.number(),
    /** The share the plan itself carries: the traffic it is expected to disturb. */
    plannedShare: z.number(),
  }),
});
export type CascadePlan = z.infer<typeof cascadePlanSchema>;

export const cascadeViewSchema = z.object({
  at: z.number().nullable(),
  services: z.array(z.object({ name: z.string(), tier: z.string().nullable(), score: z.number().nullable() })),
  /** caller → callee */
  edges: z.array(z.tuple([z.string(), z.string()])),
  analysis: z
    .object({
      incidentId: z.string(),
      ranking: z.array(z.object({ service: z.string(), score: z.number() })),
      path: z.array(z.string()),
      atRisk: z.array(z.object({ service: z.string(), probability: z.number() })),
      blastRadius: z.object({ services: z.array(z.string()), trafficShare: z.number() }),
      failureClass: z.string(),
      confidence: z.number(),
    })
    .nullable(),
  /** How the plans' traffic shares were weighed: request rates, or call degree without them. */
  trafficBasis: z.enum(["request-rate", "degree"]),
  plans: z.array(cascadePlanSchema),
});
export type CascadeView = z.infer<typeof cascadeViewSchema>;
