import { z } from "zod";

// The shape of an anomaly score as it leaves Analyze (to the loop, the database, the live
// stream): one schema, shared by producer and consumers.

export const anomalyDetectorNames = ["density", "seasonal", "changePoint", "multivariate"] as const;

export const scoreDriverSchema = z.object({
  detector: z.enum(anomalyDetectorNames),
  metric: z.string(),
  /** The detector's evidence on the common scale, in [0, 1). */
  evidence: z.number().min(0).max(1),
});
export type ScoreDriver = z.infer<typeof scoreDriverSchema>;

export const metricScoreSchema = z.object({
  metric: z.string(),
  score: z.number().min(0).max(1),
  status: z.enum(["warmup", "scored", "duplicate", "invalid"]),
  evidence: z.object({ density: z.number(), seasonal: z.number(), changePoint: z.number() }),
});
export type MetricScore = z.infer<typeof metricScoreSchema>;

export const serviceScoreSchema = z.object({
  service: z.string(),
  /** ms since the epoch. */
  t: z.number(),
  /** In [0, 1): 1/2 is "nothing like this seen in this service's history"; higher is further beyond. */
  score: z.number().min(0).max(1),
  /** Detectors (and their metrics) whose evidence is at least 0.8 of the score, strongest first; empty below 0.25. */
  drivers: z.array(scoreDriverSchema),
  /** One entry per sample of the tick, in the tick's order. */
  metrics: z.array(metricScoreSchema),
});
export type ServiceScore = z.infer<typeof serviceScoreSchema>;
