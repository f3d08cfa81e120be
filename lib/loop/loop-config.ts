import { z } from "zod";
import { anomalyConfigSchema } from "@/lib/analyze/anomaly/anomaly-config";
import { exhaustionConfigSchema } from "@/lib/analyze/forecast";

// The loop's knobs. Durations in ms. Defaults are set for samples every 5 s and a tick every
// 5–15 s (the simulated fleet and a Prometheus scrape interval); none was fitted to a fault's
// ground truth.

export const loopConfigSchema = z.object({
  /** A service's tick is anomalous at or above this ensemble score (1/2 = "never seen"). */
  anomalyThreshold: z.number().min(0).max(1).default(0.5),
  /** Consecutive anomalous ticks before a service is flagged: one tick is often a blip. */
  confirmTicks: z.number().int().min(1).default(2),
  /** Robust z a metric must pass (beside its practical floor) to count as shifted. */
  shiftZ: z.number().positive().default(4),
  /** Raw samples kept for analysis and verification. */
  historyMs: z.number().positive().default(45 * 60_000),
  /** Pre-incident baseline length, ending `baselineGapMs` before the onset. */
  baselineMs: z.number().positive().default(15 * 60_000),
  baselineGapMs: z.number().min(0).default(30_000),
  /** "Now" for shifts and health: the last minute. */
  recentMs: z.number().positive().default(60_000),
  /** An incident is diagnosed and planned once it is this old (root-cause analysis needs
   * a few points after the onset). */
  diagnoseAfterMs: z.number().min(0).default(30_000),
  /** Analyses in a row that must agree on the class and the root before a plan. */
  stableAnalyses: z.number().int().min(1).default(2),
  /** Healthy cycles in a row before an incident resolves. */
  healthyCyclesToResolve: z.number().int().min(1).default(6),
  /** Flagged on at least this share of services while the entry services' request rate is up:
   * a fleet-wide traffic burst, not an incident, unless it lasts `burstGraceMs` (the fleet's
   * bursts last 30 s–3 min). */
  burstShare: z.number().min(0).max(1).default(0.6),
  burstGraceMs: z.number().min(0).default(4 * 60_000),
  /** A scale-out is sized to bring saturation back to this (the fleet is sized near half of
   * capacity at the daily peak). */
  scaleOutTargetSaturation: z.number().positive().default(0.6),
  verification: z
    .object({
      /** After the action, ignore this long (replicas restarting). */
      settleMs: z.number().min(0).default(60_000),
      /** Post-action window length compared against the baseline. */
      windowMs: z.number().positive().default(120_000),
      /** Fewest post-action samples per series before judging. */
      minPoints: z.number().int().min(3).default(6),
      /** Not healed by then: unconfirmed, roll back. */
      deadlineMs: z.number().positive().default(10 * 60_000),
    })
    .prefault({}),
  anomaly: anomalyConfigSchema.prefault({ warmupSamples: 120, holdOff: { samples: 24, maxSamples: 60 } }),
  forecast: exhaustionConfigSchema.prefault({ horizonMs: 2 * 3_600_000 }),
});
export type LoopConfig = z.infer<typeof loopConfigSchema>;
export type LoopConfigInput = z.input<typeof loopConfigSchema>;

export const defaultLoopConfig: LoopConfig = loopConfigSchema.parse({});
