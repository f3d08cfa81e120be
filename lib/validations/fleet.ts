import { z } from "zod";

export const fleetServiceSchema = z.object({
  name: z.string(),
  tier: z.string().nullable(),
  replicas: z.object({ ready: z.number(), total: z.number() }),
  /** Latest value per metric; units in lib/monitor/types.ts. */
  metrics: z.record(z.string(), z.number()),
  lastSampleAt: z.number().nullable(),
  /** Points of the headline metrics since `historyFrom`, oldest first: [ms, value]. Raw
   * recent points, then older time as per-slot means of the Monitor's rolling windows. */
  history: z.record(z.string(), z.array(z.tuple([z.number(), z.number()]))),
});
export type FleetService = z.infer<typeof fleetServiceSchema>;

export const fleetViewSchema = z.object({
  now: z.number(),
  /** Where the histories start (ms): now minus the asked span, at most the Monitor's 24 h. */
  historyFrom: z.number(),
  source: z.enum(["simulated", "external"]),
  services: z.array(fleetServiceSchema),
});
export type FleetView = z.infer<typeof fleetViewSchema>;

export const headlineMetrics = ["request_rate", "latency_p99", "error_rate", "cpu", "memory", "saturation"] as const;
