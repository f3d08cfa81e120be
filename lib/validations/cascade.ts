import { z } from "zod";

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
});
export type CascadeView = z.infer<typeof cascadeViewSchema>;
