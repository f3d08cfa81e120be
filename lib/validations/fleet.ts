import { z } from "zod";

export const fleetServiceSchema = z.object({
  name: z.string(),
  tier: z.string().nullable(),
  replicas: z.object({ ready: z.number(), total: z.number() }),
  /** Latest value per metric; units in lib/monitor/types.ts. */
  metrics: z.record(z.string(), z.number()),
  lastSampleAt: z.number().nullable(),
  /** Recent points of the headline metrics, oldest first: [ms, value]. */
  history: z.record(z.string(), z.array(z.tuple([z.number(), z.number()]))),
});
export type FleetService = z.infer<typeof fleetServiceSchema>;

export const fleetViewSchema = z.object({
  now: z.number(),
  source: z.enum(["simulated", "external"]),
  services: z.array(fleetServiceSchema),
});
export type FleetView = z.infer<typeof fleetViewSchema>;

export const headlineMetrics = ["request_rate", "latency_p99", "error_rate", "cpu", "memory", "saturation"] as const;
