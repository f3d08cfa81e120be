import { chiSquareTailLog10 } from "./tail-probability";

// The multivariate detector: streaming Mahalanobis distance of a service's vector of robust
// z-scores (one per metric) from its own running mean, under its running covariance. It sees a
// service whose metrics move against their usual relation — latency up while traffic falls —
// when every metric alone is within its range. Updates are Huber-weighted (a far point moves
// the estimates as if it were at the edge) so the anomalies it looks for do not become normal.

export type MultivariateState = {
  metrics: string[];
  ticks: number;
  mean: number[];
  /** Row-major covariance, metrics.length squared. */
  cov: number[];
  /** Cholesky factor of cov + ridge over all metrics, refreshed every `refreshTicks` ticks. */
  factor: number[];
  factorAge: number;
};

export type MultivariateConfig = {
  /** EWMA rate of the mean and covariance: a memory of about 200 ticks. */
  rate: number;
  /** Ticks before the detector judges. */
  warmupTicks: number;
  /** -log10 p at which evidence reaches 1/2: p = 1e-4, once in ten thousand ticks. */
  halfEvidenceLog10: number;
  weight: number;
};

export const defaultMultivariateConfig: MultivariateConfig = {
  rate: 0.005,
  warmupTicks: 100,
  halfEvidenceLog10: 4,
  weight: 1,
};

/** The covariance moves by at most 5% in 10 ticks at the default rate: a factor that old still serves. */
const refreshTicks = 10;

/** Robust z-scores are clipped here: beyond it a metric is already its own detectors' news. */
const zClip = 8;
/** Ridge added to the covariance diagonal: keeps the inverse stable for collinear metrics. */
const ridge = 0.05;
/** Evidence below which nobody asks for drivers (service-detector lists none under 0.25 x 0.8). */
const attributionFloor = 0.2;

/** `contributions` split d² by metric; they stay 0 when the evidence is under 0.2. */
export type MultivariateResult = { evidence: number; log10p: number; contributions: number[] };

export function createMultivariateState(metrics: readonly string[]): MultivariateState {
  const m = metrics.length;
  const cov = new Array<number>(m * m).fill(0);
  for (let i = 0; i < m; i++) cov[i * m + i] = 1;
  return {
    metrics: [...metrics],
    ticks: 0,
    mean: new Array<number>(m).fill(0),
    cov,
    factor: [],
    factorAge: refreshTicks,
  };
}

/**
 * Scores and learns one tick. `z[i]` is metric i's robust z-score, NaN when the metric has no
 * usable value this tick (it then neither counts nor learns). Contributions split d² by metric.
 */
export function stepMultivariate(
  s: MultivariateState,
  c: MultivariateConfig,
  z: readonly number[],
): MultivariateResult {
  const m = s.metrics.length;
  const idx: number[] = [];
  for (let i = 0; i < m; i++) if (Number.isFinite(z[i])) idx.push(i);
  const k = idx.length;
  const contributions = new Array<number>(m).fill(0);
  if (k === 0) return { evidence: 0, log10p: 0, contributions };
  const d = idx.map((i) => Math.max(-zClip, Math.min(zClip, z[i] as number)) - (s.mean[i] as number));
  let l: number[];
  if (k === m) {
    // Every metric present: the cached factor of the whole covariance serves.
    if (s.factorAge >= refreshTicks || s.factor.length !== m * m) {
      s.factor = cholesky(withRidge(s.cov, m), m);
      s.factorAge = 0;
    }
    s.factorAge++;
    l = s.factor;
  } else {
    const sub = new Array<number>(k * k);
    for (let a = 0; a < k; a++)
      for (let b = 0; b < k; b++)
        sub[a * k + b] = s.cov[(idx[a] as number) * m + (idx[b] as number)] as number;
    l = cholesky(withRidge(sub, k), k);
  }
  // d² = dᵀ(LLᵀ)⁻¹d = |L⁻¹d|²: the forward half of the solve is enough to score.
  const y = forwardSolve(l, d, k);
  let d2 = 0;
  for (let a = 0; a < k; a++) d2 += (y[a] as number) ** 2;
  const log10p = chiSquareTailLog10(d2, k);
  const judged = s.ticks >= c.warmupTicks && k >= 2;
  const evidence = judged ? (c.weight * log10p) / (log10p + c.halfEvidenceLog10) : 0;
  if (evidence >= attributionFloor) {
    // Split d² by metric, d_i (Σ⁻¹d)_i, only when someone may ask what drove it.
    const w = backSolve(l, y, k);
    for (let a = 0; a < k; a++) contributions[idx[a] as number] = (d[a] as number) * (w[a] as number);
  }
  learn(s, c, idx, d, d2);
  return { evidence, log10p: judged ? log10p : 0, contributions };
}

function learn(s: MultivariateState, c: MultivariateConfig, idx: number[], d: number[], d2: number): void {
  const m = s.metrics.length;
  const k = idx.length;
  s.ticks++;
  const rate = s.ticks < 1 / c.rate ? 1 / s.ticks : c.rate;
  // Huber weight: a point further than 3 * sqrt(k) counts as if it were on that boundary.
  const edge = 3 * Math.sqrt(k);
  const dist = Math.sqrt(Math.max(d2, 0));
  const h = dist > edge ? edge / dist : 1;
  const keep = 1 - rate;
  const gain = rate * h * h;
  for (let a = 0; a < k; a++) {
    const ia = idx[a] as number;
    const da = d[a] as number;
    s.mean[ia] = (s.mean[ia] as number) + rate * h * da;
    // Symmetric: update the lower triangle and mirror it.
    for (let b = 0; b <= a; b++) {
      const ib = idx[b] as number;
      const v = keep * ((s.cov[ia * m + ib] as number) + gain * da * (d[b] as number));
      s.cov[ia * m + ib] = v;
      s.cov[ib * m + ia] = v;
    }
  }
}

function withRidge(a: readonly number[], k: number): number[] {
  const out = a.slice();
  for (let i = 0; i < k; i++) out[i * k + i] = (out[i * k + i] as number) + ridge;
  return out;
}

/** Lower Cholesky factor of a symmetric positive definite A (k x k, row-major). */
function cholesky(a: readonly number[], k: number): number[] {
  const l = new Array<number>(k * k).fill(0);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * k + j] as number;
      for (let p = 0; p < j; p++) sum -= (l[i * k + p] as number) * (l[j * k + p] as number);
      l[i * k + j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / (l[j * k + j] as number);
    }
  }
  return l;
}

/** Solves L y = b (L lower triangular, k x k, row-major). */
function forwardSolve(l: readonly number[], b: readonly number[], k: number): number[] {
  const y = new Array<number>(k).fill(0);
  for (let i = 0; i < k; i++) {
    let sum = b[i] as number;
    for (let p = 0; p < i; p++) sum -= (l[i * k + p] as number) * (y[p] as number);
    y[i] = sum / (l[i * k + i] as number);
  }
  return y;
}

/** Solves Lᵀ x = y. */
function backSolve(l: readonly number[], y: readonly number[], k: number): number[] {
  const x = new Array<number>(k).fill(0);
  for (let i = k - 1; i >= 0; i--) {
    let sum = y[i] as number;
    for (let p = i + 1; p < k; p++) sum -= (l[p * k + i] as number) * (x[p] as number);
    x[i] = sum / (l[i * k + i] as number);
  }
  return x;
}
