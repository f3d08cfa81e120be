// NAB v1.1's per-row sweep (nab/sweeper.py, Sweeper.calcSweepScore), reproduced so that our
// numbers are comparable with the published scoreboard. Each scorable row gets an unweighted
// value: inside a window, the scaled sigmoid of its position relative to the window's right
// edge (divided by its value at the left edge so the earliest detection earns exactly 1); outside
// a window, the (negative) scaled sigmoid of its distance past the previous window, or -1 before
// any window. The profile weights are applied later, in the threshold sweep.

/** Row is inside the probationary period: never scored. */
export const probationRow = -2;
/** Row is outside every window: a detection there is a false positive. */
export const outsideRow = -1;

export function scaledSigmoid(relativePosition: number): number {
  if (relativePosition >= 3.0) return -1.0;
  return 2 / (1 + Math.exp(5 * relativePosition)) - 1.0;
}

const maxTp = scaledSigmoid(-1.0);

/** NAB's probation: the first 15% of the rows, and never more than 15% of 5000 (750) rows. */
export function probationLength(rows: number, probationPercent = 0.15): number {
  return Math.min(Math.floor(probationPercent * rows), probationPercent * 5000);
}

export type SweptFile = {
  /** Detector scores, one per row. */
  scores: Float64Array;
  /** Window index within the file, or `outsideRow`, or `probationRow`. */
  window: Int32Array;
  /** Unweighted sweep value: the TP credit inside a window, the (negative) FP cost outside. */
  value: Float64Array;
};

/**
 * @param timestamps row times (ms), in file order
 * @param windows    [start, end] times (ms) of the labelled windows, in order; each start and end
 *                   must equal a row's time, as in NAB's label files
 */
export function sweepFile(
  timestamps: readonly number[],
  scores: ArrayLike<number>,
  windows: readonly (readonly [number, number])[],
  probationPercent = 0.15,
): SweptFile {
  const n = timestamps.length;
  if (scores.length !== n) throw new Error(`sweepFile: ${n} timestamps but ${scores.length} scores`);
  const probation = probationLength(n, probationPercent);
  const out: SweptFile = {
    scores: Float64Array.from({ length: n }, (_, i) => scores[i] ?? Number.NaN),
    window: new Int32Array(n),
    value: new Float64Array(n),
  };
  let next = 0;
  let cur = -1;
  let curRight = 0;
  let curWidth = 0;
  let prevRight = -1;
  let prevWidth = 0;
  for (let i = 0; i < n; i++) {
    const t = timestamps[i] as number;
    const limits = windows[next];
    if (cur < 0 && limits && t === limits[0]) {
      cur = next++;
      curRight = timestamps.indexOf(limits[1]);
      if (curRight < 0) throw new Error(`sweepFile: window end ${limits[1]} is not a row time`);
      curWidth = curRight - timestamps.indexOf(limits[0]) + 1;
    }
    let value: number;
    if (cur >= 0) {
      value = scaledSigmoid(-(curRight - i + 1) / curWidth) / maxTp;
    } else if (prevRight < 0) {
      value = scaledSigmoid(3.0);
    } else {
      value = scaledSigmoid(Math.abs(prevRight - i) / (prevWidth - 1));
    }
    out.value[i] = value;
    if (i < probation) out.window[i] = probationRow;
    else out.window[i] = cur >= 0 ? cur : outsideRow;
    if (cur >= 0 && t === (windows[cur] as readonly [number, number])[1]) {
      prevRight = i;
      prevWidth = curWidth;
      cur = -1;
    }
  }
  return out;
}
