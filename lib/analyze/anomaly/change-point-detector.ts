// The change-point detector, three one-sided CUSUMs:
// - up and down: the value standardised by a slow, winsorised location and scale (level shifts);
// - spread: the log of the absolute deviation (variance increases);
// - surprise: the surprisal of the value's bin under the density histogram, -log(share of the
//   history in that bin), standardised by its own slow mean and deviation. Any change of
//   distribution — a new level, more noise, denser spikes, another user at the keyboard — makes
//   values persistently less probable than usual, before any single one is new.
// Evidence is g / (g + level), so it reaches half its weight at the decision level. The sums
// restart after their decision; the shift sums also after a gap (the level they compare with is
// stale), the surprisal sum does not (a gap does not make values more or less probable).

export type ChangePointState = {
  loc: number;
  scale: number;
  up: number;
  down: number;
  spread: number;
  logDev: number;
  surprise: number;
  surpriseMean: number;
  surpriseVar: number;
  /** Whether the surprisal moments have been seeded. */
  seeded: boolean;
};
export type ChangePointConfig = {
  drift: number;
  level: number;
  rate: number;
  weight: number;
  surpriseDrift: number;
  surpriseLevel: number;
  surpriseRate: number;
  surpriseWeight: number;
};

export function createChangePointState(): ChangePointState {
  return {
    loc: 0,
    scale: 0,
    up: 0,
    down: 0,
    spread: 0,
    logDev: 0,
    surprise: 0,
    surpriseMean: 0,
    surpriseVar: 1,
    seeded: false,
  };
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

/**
 * Scores and learns the value; returns evidence in [0, max weight). `seenBefore` is how often
 * the value's density bin was seen before, out of `samples` samples.
 */
export function stepChangePoint(
  s: ChangePointState,
  c: ChangePointConfig,
  value: number,
  minScale: number,
  seenBefore: number,
  samples: number,
): number {
  const shift = stepShift(s, c, value, minScale);
  return Math.max(shift, stepSurprise(s, c, Math.log((samples + 1) / (seenBefore + 1))));
}

function stepSurprise(s: ChangePointState, c: ChangePointConfig, u: number): number {
  if (!s.seeded) {
    s.surpriseMean = u;
    s.surpriseVar = 1;
    s.seeded = true;
  }
  // Capped at 4 deviations: one extreme value is the density detector's news, not a change.
  const z = Math.min((u - s.surpriseMean) / (Math.sqrt(s.surpriseVar) + 1e-3), 4);
  s.surprise = Math.max(0, s.surprise + z - c.surpriseDrift);
  const g = s.surprise;
  if (g > c.surpriseLevel) s.surprise = 0;
  s.surpriseMean += c.surpriseRate * (u - s.surpriseMean);
  s.surpriseVar += c.surpriseRate * ((u - s.surpriseMean) ** 2 - s.surpriseVar);
  return (c.surpriseWeight * g) / (g + c.surpriseLevel);
}

function stepShift(s: ChangePointState, c: ChangePointConfig, value: number, minScale: number): number {
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
