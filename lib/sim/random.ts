// A seeded PRNG for the pure domain. mulberry32: one 32-bit word of state, so a generator can
// be saved (`getState`) and resumed (`createRng(state)`) exactly, and a seed gives the same
// stream on every platform. Not cryptographic.

export type Rng = {
  /** Uniform in [0, 1). */
  next: () => number;
  /** Standard normal (mean 0, sd 1), Box–Muller; consumes two uniforms. */
  normal: () => number;
  /** The 32-bit state; `createRng(rng.getState())` continues the same stream. */
  getState: () => number;
};

export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => {
    const u = 1 - next();
    const v = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  return { next, normal, getState: () => a };
}

/** Derives an independent seed from a seed and a label, so sub-streams do not overlap. */
export function deriveSeed(seed: number, label: string): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  }
  return h;
}
