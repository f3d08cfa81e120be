import { z } from "zod";

// One configuration for every series. The defaults are the ones measured on the Numenta Anomaly
// Benchmark (docs/benchmarks.md, "Anomaly scores on the Numenta Anomaly Benchmark"); nothing in them was fitted to one file or read from labels.
const seasonalSchema = (periodMs: number, buckets: number, minSeasons: number, weight: number) =>
  z
    .object({
      /** Season length in ms. */
      periodMs: z.number().positive().default(periodMs),
      /** Slots per season. */
      buckets: z.number().int().min(1).default(buckets),
      /** Density bins merged into one seasonal bin (coarser: a slot sees fewer samples). */
      coarsening: z.number().int().min(1).default(3),
      /** Seasons a slot must have seen (at the warm-up sampling rate) before it may judge. */
      minSeasons: z.number().positive().default(minSeasons),
      /** Seasonal evidence is discounted against the density detector's. */
      weight: z.number().min(0).max(1).default(weight),
    })
    .prefault({});

export const anomalyConfigSchema = z.object({
  /** Samples used to learn the value grid before any score is emitted (NAB's shortest probation is 168 rows). */
  warmupSamples: z.number().int().min(10).default(150),
  /** Scale of the asinh value compression, in warm-up ranges (series-detector.ts, compress). */
  compression: z.number().positive().default(1),
  /** Density bins spanning the warm-up range: a bin is about 1/32 of the normal spread. */
  binsAcrossWarmup: z.number().positive().default(32),
  /** Evidence added per bin a value lands beyond everything seen so far: 0.05 makes 20 bins half of the bonus. */
  extensionGain: z.number().positive().default(0.05),
  /** Slots of each bounded count table; past 3/4 full the counts are halved and the rare ones
   * forgotten. At 256 some NAB series do forget, and no NAB score moves (same at 512 and 1024);
   * small tables stay in cache across a fleet. */
  tableCapacity: z.number().int().min(64).default(256),
  /** The daily profile: 2-hour slots, judging after a week. */
  seasonal: seasonalSchema(86_400_000, 12, 7, 0.9),
  /** The weekly profile: one slot per weekday, judging after 5 weeks; it weighs less because a
   * week holds fewer samples per slot than a day's profile after the same time. */
  weekly: seasonalSchema(7 * 86_400_000, 7, 5, 0.8),
  changePoint: z
    .object({
      /** CUSUM slack in robust standard deviations: shifts under half a deviation are ignored. */
      drift: z.number().positive().default(0.5),
      /** CUSUM decision level; its evidence is g / (g + level). */
      level: z.number().positive().default(20),
      /** EWMA rate of the robust location and scale the CUSUM is measured against. */
      rate: z.number().positive().max(1).default(0.005),
      /** Level and variance shifts read 0.4 at their decision level: a warning below the alarm
       * level. At full weight they cost 9 points on NAB, where most shifts in noisy series are
       * not anomalies; the surprisal sum carries the distribution changes that are. */
      weight: z.number().min(0).max(1).default(0.8),
      /** Surprisal CUSUM slack, in standard deviations of the surprisal. */
      surpriseDrift: z.number().positive().default(0.5),
      /** Surprisal CUSUM decision level: about 140 samples at one deviation above usual. */
      surpriseLevel: z.number().positive().default(70),
      /** EWMA rate of the surprisal's mean and variance: a memory of about 500 samples. */
      surpriseRate: z.number().positive().max(1).default(0.002),
      surpriseWeight: z.number().min(0).max(1).default(1),
    })
    .prefault({}),
  holdOff: z
    .object({
      /** Scores at or above this open a hold-off: 1/2 is "never seen before" on every detector's scale. */
      level: z.number().default(0.5),
      /** Shortest hold-off, in samples (100 five-minute samples: about 8 hours). */
      samples: z.number().int().min(0).default(100),
      /** Share of the samples seen so far that the hold-off lasts once that is longer. */
      share: z.number().min(0).max(1).default(0.04),
      /** Longest hold-off, in samples (about two days at five minutes). */
      maxSamples: z.number().int().min(0).default(600),
      /** Factor applied to scores that do not beat the alarm during the hold-off. */
      damping: z.number().min(0).max(1).default(0.5),
    })
    .prefault({}),
  /** A step longer than this many typical sampling intervals is a gap: sequential state restarts. */
  gapIntervals: z.number().positive().default(10),
});
export type AnomalyConfig = z.infer<typeof anomalyConfigSchema>;

export const defaultAnomalyConfig: AnomalyConfig = anomalyConfigSchema.parse({});
