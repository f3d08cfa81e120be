import { erfc } from "@/lib/analyze/stats/erfc";

// Tail probabilities on a log scale, so that very small ones stay comparable.

/** -log10 of the upper tail of the standard normal, P(Z > z); accurate to ~1e-7 relative. */
export function normalTailLog10(z: number): number {
  if (z < 0) return -Math.log10(1 - 0.5 * erfc(-z / Math.SQRT2));
  if (z < 5) return -Math.log10(0.5 * erfc(z / Math.SQRT2));
  // Asymptotic series of Mills' ratio: exact enough where erfc underflows.
  const z2 = z * z;
  return (z2 / 2 + Math.log(z * Math.sqrt(2 * Math.PI)) - Math.log(1 - 1 / z2 + 3 / (z2 * z2))) / Math.LN10;
}

/** -log10 P(X > x) for X chi-square with k degrees of freedom (Wilson–Hilferty cube root). */
export function chiSquareTailLog10(x: number, k: number): number {
  if (x <= 0) return 0;
  const a = 2 / (9 * k);
  const z = (Math.cbrt(x / k) - (1 - a)) / Math.sqrt(a);
  return normalTailLog10(z);
}
