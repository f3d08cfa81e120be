// One metric, canary against baseline, as Kayenta's MannWhitneyClassifier decides it: the metric
// is High (Low) when the whole confidence interval of the Hodges-Lehmann shift lies above (below)
// ±tolerance·|estimate| AND the effect size reaches the allowed increase (decrease), in a
// direction the metric cares about. A critical metric whose failure reaches the critical effect,
// or which has no data, fails the canary outright.

import type { CanaryMetricConfig, MetricClassification, MetricResult, SampleSummary } from "./canary-schemas";
import { cleanSample } from "./clean-sample";
import { type MannWhitneyResult, type ShiftMethod, mannWhitney } from "./mann-whitney";

export type ClassifyOptions = { confLevel: number; tolerance: number; method: ShiftMethod };

export type MetricSamples = { experiment: readonly (number | null)[]; control: readonly (number | null)[] };

const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : v.toPrecision(4));

export function classifyMetric(
  config: CanaryMetricConfig,
  data: MetricSamples | undefined,
  options: ClassifyOptions,
): MetricResult {
  const clean = { nanStrategy: config.nanStrategy, outliers: config.outliers };
  const experiment = cleanSample(data?.experiment ?? [], clean);
  const control = cleanSample(data?.control ?? [], clean);
  const measure = config.effectSize.measure;
  const base = {
    name: config.name,
    groups: config.groups,
    direction: config.direction,
    experiment: experiment.summary,
    control: control.summary,
  };
  const untested = {
    estimate: null,
    ciLow: null,
    ciHigh: null,
    confLevel: null,
    method: null,
    pValue: null,
    allowedShift: null,
  };

  if (experiment.values.length === 0 || control.values.length === 0) {
    const sides = [
      experiment.values.length === 0 ? "canary" : null,
      control.values.length === 0 ? "baseline" : null,
    ]
      .filter((s) => s !== null)
      .join(" and ");
    const reasons = [`no data for the ${sides}`];
    if (config.critical) reasons.push("critical metric without data fails the canary");
    else if (config.mustHaveData) reasons.push("this metric must have data: counted as a failure");
    else
      reasons.push(
        "not scored: left out of its groups' scores (a group with nothing scored loses its weight)",
      );
    return {
      ...base,
      ...untested,
      classification: "NoData",
      critical: config.critical,
      failed: config.critical || config.mustHaveData,
      effectSize: { measure, value: null },
      reasons,
    };
  }

  const pass = (reason: string): MetricResult => ({
    ...base,
    ...untested,
    classification: "Pass",
    critical: false,
    failed: false,
    effectSize: { measure, value: measure === "meanRatio" ? 1 : 0.5 },
    reasons: [reason],
  });
  if (sameMultiset(experiment.values, control.values)) return pass("canary and baseline data are identical");
  if (new Set([...experiment.values, ...control.values]).size === 1)
    return pass("every observation has the same value");

  let mw: MannWhitneyResult;
  try {
    mw = mannWhitney(experiment.values, control.values, options.confLevel, options.method);
  } catch (error) {
    return {
      ...base,
      ...untested,
      classification: "Error",
      critical: config.critical,
      failed: true,
      effectSize: { measure, value: null },
      reasons: [`classification failed: ${error instanceof Error ? error.message : String(error)}`],
    };
  }

  const effect = effectSize(measure, experiment.summary, control.summary, mw);
  const neutral = measure === "meanRatio" ? 1 : 0.5;
  const allowedIncrease = config.effectSize.allowedIncrease ?? neutral;
  const allowedDecrease = config.effectSize.allowedDecrease ?? neutral;
  const criticalIncrease = config.effectSize.criticalIncrease ?? neutral;
  const criticalDecrease = config.effectSize.criticalDecrease ?? neutral;
  const allowedShift = options.tolerance * Math.abs(mw.estimate);
  // An undefined effect (mean ratio over a zero baseline mean) cannot excuse a significant shift.
  const reaches = (limit: number, up: boolean): boolean =>
    Number.isNaN(effect) || (up ? effect >= limit : effect <= limit);

  const significantUp = mw.ciLow > allowedShift;
  const significantDown = mw.ciHigh < -allowedShift;
  const watchUp = config.direction !== "decrease";
  const watchDown = config.direction !== "increase";
  const pct = `${fmt(mw.confLevel * 100)}%`;
  const ci = `[${fmt(mw.ciLow)}, ${fmt(mw.ciHigh)}]`;
  const effectText = `${measure === "meanRatio" ? "mean ratio" : "P(canary > baseline)"} ${Number.isNaN(effect) ? "undefined" : fmt(effect)}`;
  const reasons: string[] = [];

  let classification: MetricClassification = "Pass";
  if (significantUp) {
    if (!watchUp) reasons.push(`higher (${pct} CI ${ci}), but only decreases fail this metric`);
    else if (!reaches(allowedIncrease, true))
      reasons.push(
        `higher (${pct} CI ${ci}), but ${effectText} is within the allowed increase ${fmt(allowedIncrease)}`,
      );
    else {
      classification = "High";
      reasons.push(
        `canary is higher: ${pct} CI of the shift ${ci} lies above +${fmt(allowedShift)} (${fmt(options.tolerance * 100)}% of the estimate ${fmt(mw.estimate)}); ${effectText}`,
      );
    }
  } else if (significantDown) {
    if (!watchDown) reasons.push(`lower (${pct} CI ${ci}), but only increases fail this metric`);
    else if (!reaches(allowedDecrease, false))
      reasons.push(
        `lower (${pct} CI ${ci}), but ${effectText} is within the allowed decrease ${fmt(allowedDecrease)}`,
      );
    else {
      classification = "Low";
      reasons.push(
        `canary is lower: ${pct} CI of the shift ${ci} lies below -${fmt(allowedShift)} (${fmt(options.tolerance * 100)}% of the estimate ${fmt(mw.estimate)}); ${effectText}`,
      );
    }
  } else {
    reasons.push(`no significant shift: ${pct} CI ${ci} reaches within ±${fmt(allowedShift)}`);
  }

  const critical =
    config.critical &&
    ((classification === "High" && reaches(criticalIncrease, true)) ||
      (classification === "Low" && reaches(criticalDecrease, false)));
  if (critical) reasons.push("critical metric failed: the canary fails");

  return {
    ...base,
    classification,
    critical,
    failed: classification !== "Pass",
    estimate: mw.estimate,
    ciLow: mw.ciLow,
    ciHigh: mw.ciHigh,
    confLevel: mw.confLevel,
    method: mw.method,
    pValue: mw.pValue,
    allowedShift,
    effectSize: { measure, value: Number.isNaN(effect) ? null : effect },
    reasons,
  };
}

function effectSize(
  measure: "meanRatio" | "cles",
  exp: SampleSummary,
  ctl: SampleSummary,
  mw: MannWhitneyResult,
): number {
  if (measure === "cles") return mw.u / (exp.count * ctl.count);
  const ctlMean = ctl.mean ?? Number.NaN;
  return ctlMean === 0 ? Number.NaN : (exp.mean ?? Number.NaN) / ctlMean;
}

function sameMultiset(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  const sa = [...a].sort((x, y) => x - y);
  const sb = [...b].sort((x, y) => x - y);
  return sa.every((v, i) => v === sb[i]);
}
