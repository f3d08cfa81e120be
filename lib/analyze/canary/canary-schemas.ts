// Configuration, input and output of the canary judge. The configuration mirrors a Kayenta canary
// config (metrics with groups and per-metric "canary" analysis settings, group weights, score
// thresholds) so a Kayenta user recognises every knob; defaults are NetflixACAJudge's.

import { z } from "zod";

export const metricDirectionSchema = z.enum(["increase", "decrease", "either"]);
export type MetricDirection = z.infer<typeof metricDirectionSchema>;

export const effectSizeSchema = z.object({
  /** meanRatio: mean(canary) / mean(baseline). cles: P(canary > baseline), the common-language
   * effect size U / (n·m). */
  measure: z.enum(["meanRatio", "cles"]).default("meanRatio"),
  /** A significant shift only fails the metric when the effect also reaches these; unset means
   * the neutral value (1 for meanRatio, 0.5 for cles), i.e. any significant shift fails. */
  allowedIncrease: z.number().optional(),
  allowedDecrease: z.number().optional(),
  /** For critical metrics: the effect beyond which a failure fails the whole canary. */
  criticalIncrease: z.number().optional(),
  criticalDecrease: z.number().optional(),
});
export type EffectSizeConfig = z.infer<typeof effectSizeSchema>;

export const canaryMetricConfigSchema = z.object({
  name: z.string().min(1),
  groups: z.array(z.string().min(1)).min(1).default(["default"]),
  direction: metricDirectionSchema.default("either"),
  /** remove: drop missing points. replace: read them as 0 (counters where absence means none).
   * A side with no finite point at all is "no data" under either strategy. */
  nanStrategy: z.enum(["remove", "replace"]).default("remove"),
  outliers: z
    .object({
      strategy: z.enum(["keep", "remove"]).default("keep"),
      /** Tukey fence multiplier on the IQR; Kayenta's default is 3 (far-out points only). */
      factor: z.number().positive().default(3),
    })
    .default({ strategy: "keep", factor: 3 }),
  effectSize: effectSizeSchema.default({ measure: "meanRatio" }),
  /** A critical metric that fails (or has no data) fails the whole canary. */
  critical: z.boolean().default(false),
  /** Missing data counts as a failure of this metric instead of leaving it unscored. */
  mustHaveData: z.boolean().default(false),
});
export type CanaryMetricConfig = z.infer<typeof canaryMetricConfigSchema>;

export const canaryJudgeConfigSchema = z
  .object({
    metrics: z.array(canaryMetricConfigSchema).min(1),
    /** Confidence of the interval on the shift; NetflixACAJudge uses 0.98. */
    confLevel: z.number().gt(0).lt(1).default(0.98),
    /** The interval must clear this fraction of |estimate| on the failing side (NetflixACAJudge: 0.25). */
    tolerance: z.number().min(0).default(0.25),
    /** How the interval is computed: R's rule (exact for small untied samples), or forced. */
    method: z.enum(["auto", "exact", "asymptotic"]).default("auto"),
    /** Percent weights per group; groups without one share what is left of 100 equally. */
    groupWeights: z.record(z.string(), z.number().min(0)).default({}),
    thresholds: z
      .object({
        pass: z.number().min(0).max(100).default(95),
        marginal: z.number().min(0).max(100).default(75),
      })
      .default({ pass: 95, marginal: 75 }),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.thresholds.marginal > cfg.thresholds.pass) {
      ctx.addIssue({
        code: "custom",
        path: ["thresholds", "marginal"],
        message: "marginal must not exceed pass",
      });
    }
    const names = cfg.metrics.map((m) => m.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup !== undefined)
      ctx.addIssue({ code: "custom", path: ["metrics"], message: `metric ${dup} is configured twice` });
    const groups = new Set(cfg.metrics.flatMap((m) => m.groups));
    const weights = Object.entries(cfg.groupWeights);
    const total = weights.reduce((s, [, w]) => s + w, 0);
    if (total > 100 + 1e-9)
      ctx.addIssue({ code: "custom", path: ["groupWeights"], message: "group weights exceed 100" });
    const unweighted = [...groups].filter((g) => !(g in cfg.groupWeights));
    if (unweighted.length === 0 && Math.abs(total - 100) > 1e-6) {
      ctx.addIssue({ code: "custom", path: ["groupWeights"], message: "group weights must sum to 100" });
    }
    for (const [g] of weights) {
      if (!groups.has(g))
        ctx.addIssue({ code: "custom", path: ["groupWeights", g], message: `no metric is in group ${g}` });
    }
  });
export type CanaryJudgeConfig = z.infer<typeof canaryJudgeConfigSchema>;
export type CanaryJudgeConfigInput = z.input<typeof canaryJudgeConfigSchema>;

/** A missing point travels as null (JSON has no NaN); in code NaN and ±Infinity mean the same. */
const observationSchema = z.number().nullable();

export const canaryMetricDataSchema = z.object({
  name: z.string().min(1),
  /** Canary population (Kayenta's "experiment"). */
  experiment: z.array(observationSchema),
  /** Baseline population (Kayenta's "control"). */
  control: z.array(observationSchema),
});
export type CanaryMetricData = z.infer<typeof canaryMetricDataSchema>;

export const canaryInputSchema = z.object({ metrics: z.array(canaryMetricDataSchema) });
export type CanaryInput = z.infer<typeof canaryInputSchema>;

export const metricClassificationSchema = z.enum(["Pass", "High", "Low", "NoData", "Error"]);
export type MetricClassification = z.infer<typeof metricClassificationSchema>;

export const sampleSummarySchema = z.object({
  count: z.number().int(),
  missing: z.number().int(),
  outliersRemoved: z.number().int(),
  mean: z.number().nullable(),
  median: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
});
export type SampleSummary = z.infer<typeof sampleSummarySchema>;

export const metricResultSchema = z.object({
  name: z.string(),
  groups: z.array(z.string()),
  classification: metricClassificationSchema,
  /** This result fails the whole canary (a critical metric that failed or had no data). */
  critical: z.boolean(),
  /** Counts as a failure in its groups (High, Low, Error, or NoData with mustHaveData). */
  failed: z.boolean(),
  direction: metricDirectionSchema,
  /** Hodges-Lehmann estimate of canary - baseline, with its interval; null when not tested. */
  estimate: z.number().nullable(),
  ciLow: z.number().nullable(),
  ciHigh: z.number().nullable(),
  confLevel: z.number().nullable(),
  method: z.enum(["exact", "asymptotic"]).nullable(),
  pValue: z.number().nullable(),
  /** ±tolerance·|estimate|: the band the interval must clear. */
  allowedShift: z.number().nullable(),
  effectSize: z.object({ measure: z.enum(["meanRatio", "cles"]), value: z.number().nullable() }),
  experiment: sampleSummarySchema,
  control: sampleSummarySchema,
  reasons: z.array(z.string()),
});
export type MetricResult = z.infer<typeof metricResultSchema>;

export const groupScoreSchema = z.object({
  name: z.string(),
  /** 0-100: the share of scored metrics that passed; null when no metric in it had data. */
  score: z.number().nullable(),
  weight: z.number(),
  counts: z.record(metricClassificationSchema, z.number().int()),
});
export type GroupScore = z.infer<typeof groupScoreSchema>;

export const canaryVerdictSchema = z.enum(["pass", "marginal", "fail"]);
export type CanaryVerdict = z.infer<typeof canaryVerdictSchema>;

export const canaryJudgementSchema = z.object({
  score: z.number(),
  verdict: canaryVerdictSchema,
  reasons: z.array(z.string()),
  groups: z.array(groupScoreSchema),
  metrics: z.array(metricResultSchema),
});
export type CanaryJudgement = z.infer<typeof canaryJudgementSchema>;
