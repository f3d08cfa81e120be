// The exact null distribution of the Wilcoxon rank-sum statistic W (= Mann-Whitney U of the
// first sample), as R's pwilcox/qwilcox compute it. Used only when both samples are small
// (< 50) and untied, the case in which R's wilcox.test reports the exact interval.

/** Frequencies of W = 0..m·n over all C(m+n, m) rank assignments. Counts are doubles, like R's
 * cwilcox; they exceed 2^53 only far beyond the sizes this is called with. */
export function wilcoxonCounts(m: number, n: number): Float64Array {
  const maxW = m * n;
  // ways[k][w]: subsets of size k from the items seen so far with W-statistic w, where W counts
  // for each chosen item how many unchosen items precede it. Adding item i (0-based) to a subset
  // of size k adds (i - k) to W.
  const ways: Float64Array[] = Array.from({ length: m + 1 }, () => new Float64Array(maxW + 1));
  ways[0]![0] = 1;
  for (let i = 0; i < m + n; i++) {
    for (let k = Math.min(m, i + 1); k >= 1; k--) {
      const shift = i - (k - 1);
      if (shift > n) continue;
      const from = ways[k - 1]!;
      const to = ways[k]!;
      for (let w = maxW - shift; w >= 0; w--) {
        const add = from[w]!;
        if (add !== 0) to[w + shift]! += add;
      }
    }
  }
  return ways[m]!;
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
