// Reads a Kayenta canary config (the JSON Spinnaker stores and Kayenta's NetflixACAJudge reads:
// metrics[].analysisConfigurations.canary, classifier.groupWeights) into the judge's config, so
// an existing canary definition can be judged here unchanged. Queries and scopes are the
// caller's business (they say where the data comes from) and are ignored.

import { z } from "zod";
import { type CanaryJudgeConfig, canaryJudgeConfigSchema } from "./canary-schemas";

const kayentaCanarySettingsSchema = z
  .object({
    direction: z.enum(["increase", "decrease", "either"]).optional(),
    nanStrategy: z.enum(["remove", "replace"]).optional(),
    critical: z.boolean().optional(),
    mustHaveData: z.boolean().optional(),
    effectSize: z
      .object({
        measure: z.enum(["meanRatio", "cles"]).optional(),
        allowedIncrease: z.number().optional(),
        allowedDecrease: z.number().optional(),
        criticalIncrease: z.number().optional(),
        criticalDecrease: z.number().optional(),
      })
      .optional(),
    outliers: z
      .object({
        strategy: z.enum(["keep", "remove"]).optional(),
        outlierFactor: z.number().positive().optional(),
      })
      .optional(),
  })
  .loose();

export const kayentaCanaryConfigSchema = z
  .object({
    metrics: z
      .array(
        z
          .object({
            name: z.string().min(1),
            groups: z.array(z.string().min(1)).optional(),
            analysisConfigurations: z
              .object({ canary: kayentaCanarySettingsSchema.optional() })
              .loose()
              .optional(),
          })
          .loose(),
      )
      .min(1),
    classifier: z
      .object({ groupWeights: z.record(z.string(), z.number()).optional() })
      .loose()
      .optional(),
  })
  .loose();
export type KayentaCanaryConfig = z.input<typeof kayentaCanaryConfigSchema>;

/** Parses the Kayenta JSON (throws a ZodError naming the bad field). Kayenta passes the score
 * thresholds with each execution rather than in the config, hence the separate argument. */
export function fromKayentaConfig(
  kayenta: unknown,
  thresholds: { pass: number; marginal: number } = { pass: 95, marginal: 75 },
): CanaryJudgeConfig {
  const k = kayentaCanaryConfigSchema.parse(kayenta);
  return canaryJudgeConfigSchema.parse({
    metrics: k.metrics.map((m) => {
      const c = m.analysisConfigurations?.canary ?? {};
      return {
        name: m.name,
        groups: m.groups !== undefined && m.groups.length > 0 ? m.groups : undefined,
        direction: c.direction,
        nanStrategy: c.nanStrategy,
        critical: c.critical,
        mustHaveData: c.mustHaveData,
        effectSize: c.effectSize,
        outliers:
          c.outliers === undefined
            ? undefined
            : { strategy: c.outliers.strategy, factor: c.outliers.outlierFactor },
      };
    }),
    groupWeights: k.classifier?.groupWeights ?? {},
    thresholds,
  });
}
