// The canary judge: every configured metric classified, then scored and given a verdict.
// A configured metric missing from the input is judged as having no data, never skipped.

import {
  type CanaryInput,
  type CanaryJudgeConfig,
  type CanaryJudgeConfigInput,
  type CanaryJudgement,
  canaryJudgeConfigSchema,
} from "./canary-schemas";
import { classifyMetric } from "./classify-metric";
import { scoreCanary } from "./score-canary";

/** Parses the config (applying NetflixACAJudge's defaults) and judges. Throws a ZodError on a bad config. */
export function judgeCanary(
  config: CanaryJudgeConfigInput | CanaryJudgeConfig,
  input: CanaryInput,
): CanaryJudgement {
  const cfg = canaryJudgeConfigSchema.parse(config);
  const byName = new Map(input.metrics.map((m) => [m.name, m]));
  const options = { confLevel: cfg.confLevel, tolerance: cfg.tolerance, method: cfg.method };
  const metrics = cfg.metrics.map((m) => classifyMetric(m, byName.get(m.name), options));
  const { score, verdict, reasons, groups } = scoreCanary(metrics, cfg.groupWeights, cfg.thresholds);
  const configured = new Set(cfg.metrics.map((m) => m.name));
  const ignored = input.metrics.filter((m) => !configured.has(m.name)).map((m) => m.name);
  if (ignored.length > 0) reasons.push(`ignored metrics that are not configured: ${ignored.join(", ")}`);
  return { score, verdict, reasons, groups, metrics };
}
