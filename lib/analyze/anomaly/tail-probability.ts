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

/** Complementary error function (Numerical Recipes' erfcc, relative error < 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
