import type { CostMatrix } from "./nab-schemas";
import { outsideRow, probationRow, type SweptFile } from "./sweep-file";

// NAB v1.1's threshold sweep (Sweeper.calcScoreByThreshold over the rows of every file at once,
// then the best row by score as in nab/optimizer.py), done in one pass over the rows sorted by
// anomaly score: lowering the threshold past a row either adds its false-positive cost or may
// raise its window's credit to that row's (earlier) true-positive value. NAB keeps, per window,
// the best credit among detected rows, starting at -fnWeight for an undetected window.

export type ThresholdScore = {
  /** Rows with an anomaly score >= threshold are detections. */
  threshold: number;
  /** Raw NAB score (sum over files) at this threshold. */
  score: number;
  tp: number;
  tn: number;
  fp: number;
  fn: number;
};

export type PreparedCorpus = {
  score: Float64Array;
  /** Global window id, or `outsideRow`; probationary rows are dropped. */
  window: Int32Array;
  value: Float64Array;
  /** Row order by anomaly score, highest first. */
  order: Uint32Array;
  /** Windows with at least one scorable row. */
  windowCount: number;
};

/** Concatenates the files' scorable rows and sorts them once; reused by every profile. */
export function prepareCorpus(files: readonly SweptFile[]): PreparedCorpus {
  let rows = 0;
  for (const f of files) for (let i = 0; i < f.window.length; i++) if (f.window[i] !== probationRow) rows++;
  const score = new Float64Array(rows);
  const window = new Int32Array(rows);
  const value = new Float64Array(rows);
  const seen = new Set<number>();
  let k = 0;
  let base = 0;
  for (const f of files) {
    let maxWindow = -1;
    for (let i = 0; i < f.window.length; i++) {
      const w = f.window[i] as number;
      if (w === probationRow) continue;
      score[k] = f.scores[i] as number;
      value[k] = f.value[i] as number;
      if (w === outsideRow) window[k] = outsideRow;
      else {
        window[k] = base + w;
        seen.add(base + w);
        maxWindow = Math.max(maxWindow, w);
      }
      k++;
    }
    base += maxWindow + 1;
  }
  const order = new Uint32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = i;
  // NaN never crosses a threshold: sort it last and the sweep stops there.
  order.sort((a, b) => {
    const sa = score[a] as number;
    const sb = score[b] as number;
    if (Number.isNaN(sa)) return Number.isNaN(sb) ? 0 : 1;
    if (Number.isNaN(sb)) return -1;
    return sb - sa;
  });
  return { score, window, value, order, windowCount: seen.size };
}

/**
 * Every distinct threshold with its score, highest threshold first, starting at 1.1 (nothing
 * detected) as NAB does.
 */
export function sweepThresholds(corpus: PreparedCorpus, cost: CostMatrix): ThresholdScore[] {
  const { score, window, value, order } = corpus;
  const parts = new Map<number, number>();
  let fn = 0;
  let tn = 0;
  for (let i = 0; i < window.length; i++) {
    const w = window[i] as number;
    if (w === outsideRow) tn++;
    else {
      fn++;
      parts.set(w, -cost.fnWeight);
    }
  }
  let total = parts.size === 0 ? 0 : -cost.fnWeight * parts.size;
  let tp = 0;
  let fp = 0;
  let threshold = 1.1;
  const out: ThresholdScore[] = [];
  for (let j = 0; j < order.length; j++) {
    const i = order[j] as number;
    const s = score[i] as number;
    if (Number.isNaN(s)) break;
    if (s !== threshold) {
      out.push({ threshold, score: total, tp, tn, fp, fn });
      threshold = s;
    }
    const w = window[i] as number;
    if (w === outsideRow) {
      fp++;
      tn--;
      total += (value[i] as number) * cost.fpWeight;
    } else {
      tp++;
      fn--;
      const credit = (value[i] as number) * cost.tpWeight;
      const part = parts.get(w) as number;
      if (credit > part) {
        parts.set(w, credit);
        total += credit - part;
      }
    }
  }
  out.push({ threshold, score: total, tp, tn, fp, fn });
  return out;
}

/** The best threshold; on equal scores the higher threshold, as NAB's stable sort keeps. */
export function bestThreshold(corpus: PreparedCorpus, cost: CostMatrix): ThresholdScore {
  const rows = sweepThresholds(corpus, cost);
  let best = rows[0] as ThresholdScore;
  for (const r of rows) if (r.score > best.score) best = r;
  return best;
}

/** The score with detections at anomaly score >= threshold (NAB's scoreDataSet, summed). */
export function scoreAtThreshold(
  corpus: PreparedCorpus,
  cost: CostMatrix,
  threshold: number,
): ThresholdScore {
  const rows = sweepThresholds(corpus, cost);
  let match = rows[0] as ThresholdScore;
  for (const r of rows) {
    if (r.threshold < threshold) break;
    match = r;
  }
  return match;
}

/**
 * NAB's normalisation (runner.normalize): 0 is the null detector (every window missed,
 * -fnWeight each), 100 is perfect (every window detected at its first row, tpWeight each).
 */
export function normalizeScore(raw: number, windowCount: number, cost: CostMatrix): number {
  const nullScore = -cost.fnWeight * windowCount;
  const perfect = cost.tpWeight * windowCount;
  return (100 * (raw - nullScore)) / (perfect - nullScore);
}
