// The change-point detector: two-sided CUSUM on the value standardised by a slow, winsorised
// location and scale (level shifts), and a one-sided CUSUM on the log of the absolute deviation
// (variance increases). Evidence is g / (g + level), so it reaches 1/2 of its weight exactly
// at the decision level; the sums restart after a decision and after a gap.

export type ChangePointState = { loc: number; scale: number; up: number; down: number; spread: number; logDev: number };
export type ChangePointConfig = { drift: number; level: number; rate: number; weight: number };

export function createChangePointState(): ChangePointState {
  return { loc: 0, scale: 0, up: 0, down: 0, spread: 0, logDev: 0 };
}

export function startChangePoint(s: ChangePointState, value: number, spread: number): void {
  s.loc = value;
  s.scale = spread;
  s.up = s.down = s.spread = 0;
}

export function restartChangePoint(s: ChangePointState): void {
  s.up = s.down = s.spread = 0;
}

/** Robust z-score of the value against the slow location (also used by the multivariate detector). */
export function robustZ(s: ChangePointState, value: number, minScale: number): number {
  return (value - s.loc) / Math.max(s.scale, minScale);
}

/** Scores and learns the value; returns evidence in [0, weight). */
export function stepChangePoint(s: ChangePointState, c: ChangePointConfig, value: number, minScale: number): number {
  const scale = Math.max(s.scale, minScale);
  const z = (value - s.loc) / scale;
  s.up = Math.max(0, s.up + Math.min(z, 6) - c.drift);
  s.down = Math.max(0, s.down - Math.max(z, -6) - c.drift);
  const dev = Math.log(Math.abs(z) + 0.1) - s.logDev;
  s.logDev += c.rate * dev;
  s.spread = Math.max(0, s.spread + Math.min(dev, 3) - c.drift);
  const g = Math.max(s.up, s.down, s.spread);
  if (g > c.level) restartChangePoint(s);
  s.loc += c.rate * Math.max(-3 * scale, Math.min(3 * scale, value - s.loc));
  s.scale += c.rate * (Math.min(Math.abs(value - s.loc), 4 * scale) - s.scale);
  return (c.weight * g) / (g + c.level);
}
