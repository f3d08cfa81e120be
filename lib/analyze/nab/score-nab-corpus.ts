import {
  type CostMatrix,
  type NabProfileName,
  nabProfileNames,
  type NabWindows,
  parseNabTimestamp,
} from "./nab-schemas";
import { sweepFile } from "./sweep-file";
import { bestThreshold, normalizeScore, prepareCorpus, type ThresholdScore } from "./sweep-thresholds";

export type NabFileScores = {
  /** Data path relative to NAB's data/ folder, e.g. "realKnownCause/nyc_taxi.csv". */
  path: string;
  timestamps: readonly number[];
  scores: ArrayLike<number>;
};

export type NabProfileResult = ThresholdScore & { profile: NabProfileName; normalized: number };

/**
 * Scores one detector over the NAB corpus for each profile the way NAB v1.1 does: one threshold
 * per profile, chosen by sweeping every distinct score over the whole corpus, then normalised
 * against the null and perfect detectors over all labelled windows.
 */
export function scoreNabCorpus(
  files: readonly NabFileScores[],
  windows: NabWindows,
  profiles: Record<NabProfileName, CostMatrix>,
  probationPercent = 0.15,
): NabProfileResult[] {
  const swept = files.map((f) => {
    const limits = windows[f.path];
    if (!limits) throw new Error(`scoreNabCorpus: no windows for ${f.path}`);
    const ms = limits.map(([a, b]) => [parseNabTimestamp(a), parseNabTimestamp(b)] as const);
    return sweepFile(f.timestamps, f.scores, ms, probationPercent);
  });
  const corpus = prepareCorpus(swept);
  const labelled = Object.values(windows).reduce((n, w) => n + w.length, 0);
  return nabProfileNames.map((profile) => {
    const cost = profiles[profile];
    const best = bestThreshold(corpus, cost);
    return { ...best, profile, normalized: normalizeScore(best.score, labelled, cost) };
  });
}
