import { z } from "zod";

export const exhaustionConfigSchema = z
  .object({
    /** The level at which the resource is exhausted, in the series' units (1 = 100% used). */
    limit: z.number().default(1),
    /** Samples are averaged into buckets this wide (ms): the trend is fitted to bucket means,
     * so a GC sawtooth faster than a bucket is smoothed out, and each bucket's max is kept for
     * the headroom the peaks need. */
    bucketMs: z.number().positive().default(60_000),
    /** Window kept in memory, in buckets (default 3 h of 1-minute buckets). */
    maxBuckets: z.number().int().min(8).default(180),
    /** Fewer buckets than this since the last restart: not enough to forecast. */
    minBuckets: z.number().int().min(3).default(10),
    /** Two-sided level of the interval on the time to exhaustion. The earliest time is the
     * upper (1 + c)/2 bound of the trend: exhaustion before it has probability about (1 - c)/2. */
    confLevel: z.number().gt(0).lt(1).default(0.9),
    /** Two-sided level at which the slope must exclude zero before anything is called rising.
     * Stricter than confLevel because the forecast is re-evaluated all the time: at 0.99, 4 in
     * 30 six-hour runs of a flat noisy series near the limit warned by chance; at 0.999, 1, with
     * no loss of lead time on leaks (measured with the tests' generators). */
    trendConfLevel: z.number().gt(0).lt(1).default(0.999),
    /** Warn when exhaustion within this horizon (ms) is plausible: the earliest time falls inside it. */
    horizonMs: z.number().positive().default(3_600_000),
    /** A fall of the bucket mean by at least this fraction of the limit may be a restart. */
    restartDrop: z.number().positive().default(0.15),
    /** ...and is one unless the level climbs back within this time (ms); a GC or a transient
     * dip recovers sooner. Sawtooth cycles slower than this are read as restarts. */
    restartConfirmMs: z.number().positive().default(900_000),
    /** Quantile of (bucket max - trend) added to the trend: the peaks reach the limit first. */
    peakQuantile: z.number().min(0).max(1).default(0.95),
  })
  .refine((c) => c.minBuckets <= c.maxBuckets, {
    message: "minBuckets must not exceed maxBuckets",
    path: ["minBuckets"],
  });
export type ExhaustionConfig = z.infer<typeof exhaustionConfigSchema>;
export type ExhaustionConfigInput = z.input<typeof exhaustionConfigSchema>;

export const bucketSchema = z.object({
  /** Start of the bucket (ms). */
  t: z.number(),
  /** Sum of (sample time - t), for the bucket's mean time. */
  tOffsetSum: z.number(),
  sum: z.number(),
  count: z.number().int().positive(),
  max: z.number(),
});
export type Bucket = z.infer<typeof bucketSchema>;

export const exhaustionStateSchema = z.object({
  /** Closed buckets, oldest first. */
  buckets: z.array(bucketSchema),
  /** The bucket still filling. */
  open: bucketSchema.nullable(),
  /** Buckets before this time belong to an earlier life of the resource (before a restart). */
  segmentStart: z.number().nullable(),
  /** A large drop awaiting confirmation as a restart. */
  pendingRestart: z
    .object({ at: z.number(), previousSegmentStart: z.number().nullable(), recoverLevel: z.number() })
    .nullable(),
  lastT: z.number().nullable(),
  /** Samples ignored: non-finite values, or timestamps older than the open bucket. */
  rejected: z.number().int(),
});
export type ExhaustionState = z.infer<typeof exhaustionStateSchema>;

export const exhaustionStatusSchema = z.enum([
  "insufficient-data",
  "not-exhausting",
  "exhausting",
  "exhausted",
]);
export type ExhaustionStatus = z.infer<typeof exhaustionStatusSchema>;

export const exhaustionForecastSchema = z.object({
  status: exhaustionStatusSchema,
  now: z.number(),
  /** Most recent bucket max (the level now). */
  level: z.number().nullable(),
  limit: z.number(),
  /** Trend in units per hour, with its interval. */
  slopePerHour: z.number().nullable(),
  slopePerHourLow: z.number().nullable(),
  slopePerHourHigh: z.number().nullable(),
  /** Absolute times (ms) of exhaustion: point estimate, earliest and latest plausible; null when
   * the corresponding trend never reaches the limit. */
  eta: z.number().nullable(),
  etaEarliest: z.number().nullable(),
  etaLatest: z.number().nullable(),
  warning: z.boolean(),
  reasons: z.array(z.string()),
});
export type ExhaustionForecast = z.infer<typeof exhaustionForecastSchema>;
