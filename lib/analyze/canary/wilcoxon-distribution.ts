// The exact null distribution of the Wilcoxon rank-sum statistic W (= Mann-Whitney U of the
// first sample), as R's pwilcox/qwilcox compute it. Used only when both samples are small
// (< 50) and untied, the case in which R's wilcox.test reports the exact interval.

/** Frequencies of W = 0..m·n over all C(m+n, m) rank assignments: the coefficients of the
 * Gaussian binomial [m+n choose m]_q = prod_{i=1..m} (1 - q^(n+i)) / (1 - q^i), built one factor
 * pair at a time in O(m·m·n). Counts are doubles, like R's cwilcox. */
export function wilcoxonCounts(m: number, n: number): Float64Array {
  const maxW = m * n;
  const c = new Float64Array(maxW + 1);
  c[0] = 1;
  for (let i = 1; i <= m; i++) {
    const a = n + i;
    // Times (1 - q^a), descending so each step reads the previous polynomial.
    for (let k = maxW; k >= a; k--) c[k] = c[k]! - c[k - a]!;
    // Divided by (1 - q^i) as a power series, ascending; exact up to maxW because the quotient
    // is a polynomial of degree n·i <= maxW.
    for (let k = i; k <= maxW; k++) c[k] = c[k]! + c[k - i]!;
  }
  return c;
}

/** P(W <= q) for sample sizes m, n. */
export function wilcoxonCdf(q: number, m: number, n: number, counts = wilcoxonCounts(m, n)): number {
  const qq = Math.floor(q + 1e-7);
  if (qq < 0) return 0;
  if (qq >= m * n) return 1;
  let total = 0;
  let below = 0;
  for (let w = 0; w <= m * n; w++) {
    const c = counts[w]!;
    total += c;
    if (w <= qq) below += c;
  }
  return below / total;
}

/** Smallest q with P(W <= q) >= p, with R's qwilcox guard of 10·eps against rounding. */
export function wilcoxonQuantile(p: number, m: number, n: number, counts = wilcoxonCounts(m, n)): number {
  let total = 0;
  for (let w = 0; w <= m * n; w++) total += counts[w]!;
  const eps = 2.220446049250313e-16;
  let cumulative = 0;
  if (p <= 0.5) {
    const target = p - 10 * eps;
    for (let q = 0; q <= m * n; q++) {
      cumulative += counts[q]! / total;
      if (cumulative >= target) return q;
    }
    return m * n;
  }
  const target = 1 - p + 10 * eps;
  for (let q = 0; q <= m * n; q++) {
    cumulative += counts[q]! / total;
    if (cumulative > target) return m * n - q;
  }
  return 0;
}
