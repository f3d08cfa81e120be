import { z } from "zod";

const points = z.array(z.tuple([z.number(), z.number()]));

export const serviceDetailSchema = z.object({
  name: z.string(),
  now: z.number(),
  /** Recent points of the headline metrics, oldest first. */
  metrics: z.record(z.string(), points),
  /** The service's anomaly score per loop cycle (0 when it did not register). */
  scores: points,
  forecasts: z.array(z.object({ metric: z.string(), level: z.number().nullable(), eta: z.number().nullable(), etaEarliest: z.number().nullable() })),
  canary: z.object({ verdict: z.enum(["pass", "marginal", "fail"]), score: z.number() }).nullable(),
  actions: z.array(z.object({ at: z.number(), plan: z.number(), strategy: z.string(), status: z.string() })),
});
export type ServiceDetail = z.infer<typeof serviceDetailSchema>;
