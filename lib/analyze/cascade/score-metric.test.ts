import { describe, expect, it } from "vitest";
import { robustBaseline } from "./robust-stats";
import { maxMove, scoreMetric, zCap, type IncidentWindow } from "./score-metric";

const window: IncidentWindow = { baselineEnd: 20, searchStart: 20, incidentStart: 22 };
const series = (values: number[]) => values.map((v, i) => [i, v] as const);
// 20 baseline points alternating around 10 (MAD 0.5), then the search window.
const baseline = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 9.5 : 10.5));

describe("robustBaseline", () => {
  it("uses median and MAD/IQR, ignoring a few outliers", () => {
    const b = robustBaseline([...baseline, 1000, 1000]);
    expect(b.median).toBe(10.5);
    expect(b.scale).toBeGreaterThan(0.5);
    expect(b.scale).toBeLessThan(2);
  });

  it("floors the scale of a flat baseline at 1% of its level, and of an all-zero one above 0", () => {
    expect(robustBaseline([3, 3, 3, 3]).scale).toBeCloseTo(0.03);
    expect(robustBaseline([0, 0, 0, 0]).scale).toBeGreaterThan(0);
  });
});

describe("scoreMetric", () => {
  it("finds the onset of a sustained shift and its direction", () => {
    const s = scoreMetric("m", series([...baseline, 10, 10, 20, 20, 20, 20, 20, 20, 20, 20]), window)!;
    expect(s.onset).toBe(22);
    expect(s.direction).toBe(1);
    expect(s.shifted).toBe(true);
    expect(s.shift).toBeGreaterThan(5);
  });

  it("measures a fall to 1/k of the level as far as a rise to k times it, a fall to zero as far as any", () => {
    const after = (v: number) => series([...baseline, ...Array.from({ length: 10 }, () => v)]);
    const rise = scoreMetric("m", after(30), window)!;
    const fall = scoreMetric("m", after(10 / 3), window)!;
    expect(fall.direction).toBe(-1);
    expect(fall.magnitude).toBeCloseTo(rise.magnitude, 1);
    expect(scoreMetric("m", after(0), window)!.magnitude).toBe(maxMove);
  });

  it("ignores a single spike", () => {
    const s = scoreMetric("m", series([...baseline, 10, 40, 10, 10, 10, 10, 10, 10, 10, 10]), window)!;
    expect(s.onset).toBeNull();
    expect(s.shifted).toBe(false);
    expect(Math.abs(s.peak)).toBe(zCap);
  });

  it("scores a drop as a move down", () => {
    const s = scoreMetric("m", series([...baseline, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]), window)!;
    expect(s.direction).toBe(-1);
    expect(s.onset).toBe(20);
  });

  it("counts a move that starts late in the window for less than one that spans it", () => {
    const early = scoreMetric("m", series([...baseline, 10, 10, 20, 20, 20, 20, 20, 20, 20, 20]), window)!;
    const late = scoreMetric("m", series([...baseline, 10, 10, 10, 10, 10, 10, 10, 20, 20, 20]), window)!;
    expect(late.onset).toBe(27);
    expect(late.shift).toBeLessThan(early.shift / 2);
  });

  it("scores a slow ramp by the level it reaches, even when it clears the fence only at the end", () => {
    // Alternating ±0.4 noise on a line rising 0.5 a point from the incident on.
    const ramp = Array.from({ length: 10 }, (_, i) => 10 + 0.5 * i + (i % 2 === 0 ? 0.4 : -0.4));
    const s = scoreMetric("m", series([...baseline, 10, 10, ...ramp]), window)!;
    expect(s.direction).toBe(1);
    expect(s.shifted).toBe(true);
    expect(s.shift).toBeGreaterThan(4);
  });

  it("records how much of the held move each point had made", () => {
    // Creeps to 11 (z ≈ 2, a twentieth of the move), then steps to 30 and holds.
    const s = scoreMetric("m", series([...baseline, 11, 11, 30, 30, 30, 30, 30, 30, 30, 30]), window)!;
    const share = new Map(s.progress);
    expect(share.get(21)).toBeGreaterThan(0);
    expect(share.get(21)).toBeLessThan(0.1);
    expect(share.get(22)).toBe(1);
    expect(scoreMetric("m", series([...baseline, ...Array.from({ length: 10 }, () => 10)]), window)!.progress).toEqual([]);
  });

  it("returns null without at least 3 baseline points", () => {
    expect(
      scoreMetric(
        "m",
        [
          [20, 1],
          [21, 2],
        ],
        window,
      ),
    ).toBeNull();
  });
});
