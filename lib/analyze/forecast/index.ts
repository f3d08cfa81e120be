export {
  burnRateAlert,
  burnRateRules,
  errorBudgetBurn,
  errorBudgetInputSchema,
  errorRateSampleSchema,
  recentErrorRate,
  type BurnRateAlert,
  type ErrorBudgetBurn,
  type ErrorBudgetInput,
  type ErrorRateSample,
} from "./error-budget";
export * from "./exhaustion-schemas";
export { forecastExhaustion, forecastSeries } from "./forecast-exhaustion";
export {
  exhaustibleMetrics,
  forecastResources,
  resetResource,
  updateResourceForecasts,
  type ResourceForecast,
  type ResourceForecastState,
} from "./forecast-resources";
export { formatDuration } from "./format-duration";
export { selectKth } from "./select-kth";
export { theilSen, type TrendFit, type TrendPoint } from "./theil-sen";
export { allBuckets, initialExhaustionState, resetExhaustion, updateExhaustion } from "./update-exhaustion";
