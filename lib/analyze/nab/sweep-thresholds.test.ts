import { describe, expect, it } from "vitest";
import { probationLength, scaledSigmoid, sweepFile } from "./sweep-file";
import { bestThreshold, normalizeScore, prepareCorpus, scoreAtThreshold } from "./sweep-thresholds";

const cost = { tpWeight: 1, fpWeight: 0.11, fnWeight: 1 };
const times = (n: number) => Array.from({ length: n }, (_, i) => i * 300_000);

function score(scores: number[], windows: [number, number][], threshold: number, probation = 0) {
  const t = times(scores.length);
  const file = sweepFile(
    t,
    scores,
    windows.map(([a, b]) => [t[a]!, t[b]!] as const),
    probation,
  );
  return scoreAtThreshold(prepareCorpus([file]), cost, threshold);
}

describe("NAB sweep", () => {
  it("has NAB's sigmoid anchors and probation length", () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(0.98661, 5);
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(3)).toBe(-1);
    expect(probationLength(1000)).toBe(150);
    expect(probationLength(22_695)).toBe(750);
  });

  it("scores no windows and no detections as 0", () => {
    expect(score(new Array<number>(10).fill(0), [], 0.5).score).toBe(0);
  });

  it("charges fnWeight per missed window", () => {
    const r = score(
      new Array<number>(100).fill(0),
      [
        [10, 19],
        [50, 59],
      ],
      0.5,
    );
    expect(r.score).toBe(-2);
    expect(r.fn).toBe(20);
  });

  it("credits the earliest detection in a window with 1 and ignores later ones", () => {
    const s = new Array<number>(100).fill(0);
    s[10] = 1;
    s[15] = 1;
    expect(score(s, [[10, 19]], 0.5).score).toBeCloseTo(1, 12);
  });

  it("charges a false positive before any window the full fpWeight", () => {
    const s = new Array<number>(100).fill(0);
    s[5] = 1;
    expect(score(s, [[50, 59]], 0.5).score).toBeCloseTo(-1 - 0.11, 12);
  });

  it("ignores detections inside the probationary period", () => {
    const s = new Array<number>(100).fill(0);
    s[5] = 1;
    expect(score(s, [[50, 59]], 0.5, 0.15).score).toBe(-1);
  });

  it("picks the threshold that separates the window's detection from noise", () => {
    const s = new Array<number>(100).fill(0.2);
    s[52] = 0.9;
    s[80] = 0.5;
    const t = times(100);
    const corpus = prepareCorpus([sweepFile(t, s, [[t[50]!, t[59]!]], 0)]);
    const best = bestThreshold(corpus, cost);
    expect(best.threshold).toBe(0.9);
    expect(normalizeScore(-1, 1, cost)).toBe(0);
    expect(normalizeScore(1, 1, cost)).toBe(100);
  });
});
