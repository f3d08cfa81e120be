const round = (v: number) => Math.round(v * 1000) / 1000;

/**
 * Share in [0, 1] of the fleet's traffic weight carried by `services` (each counted once,
 * unknown services weigh 0), to 0.001: the blast radius measure of analyzeCascade, also used
 * to preview a plan's blast radius on the cascade graph. 0 when the total weight is 0.
 */
export function trafficShare(services: Iterable<string>, weights: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const w of weights.values()) total += w;
  if (total <= 0) return 0;
  let inside = 0;
  for (const s of new Set(services)) inside += weights.get(s) ?? 0;
  return round(inside / total);
}
