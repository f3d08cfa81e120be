export * from "./canary-schemas";
export { canaryInputFromSamples, type PopulationPoint } from "./canary-input-from-samples";
export { classifyMetric, type ClassifyOptions, type MetricSamples } from "./classify-metric";
export { cleanSample, outlierFences, percentile } from "./clean-sample";
export {
  fromKayentaConfig,
  kayentaCanaryConfigSchema,
  type KayentaCanaryConfig,
} from "./from-kayenta-config";
export { judgeCanary } from "./judge-canary";
export { averageRanks, mannWhitney, type MannWhitneyResult, type ShiftMethod } from "./mann-whitney";
export { normalCdf, normalQuantile } from "./normal-distribution";
export { groupWeights, scoreCanary, type CanaryScore, type ScoreThresholds } from "./score-canary";
