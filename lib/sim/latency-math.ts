// Small closed forms used by the fleet model.

/** Standard normal CDF (Abramowitz–Stegun 26.2.17, |error| < 7.5e-8). */
export function normalCdf(z: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const d = 0.3989422804014327 * Math.exp((-z * z) / 2);
  const p = d * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return z > 0 ? 1 - p : p;
}

/** z of the 99th percentile of a standard normal. */
const z99 = 2.3263;

/** P(latency > timeout) for a log-normal latency fitted to its median and 99th percentile. */
export function timeoutFraction(p50: number, p99: number, timeoutMs: number): number {
  if (p50 <= 0) return 0;
  if (p50 >= timeoutMs) return 1 - 0.5 * Math.min(1, timeoutMs / p50);
  const sigma = Math.max(1e-6, Math.log(Math.max(p99, p50 * 1.0001) / p50) / z99);
  return 1 - normalCdf(Math.log(timeoutMs / p50) / sigma);
}

/** Latency inflation of a queue at utilisation rho (M/M/1 shape, capped near saturation). */
export function queueingFactor(rho: number): number {
  const r = Math.min(Math.max(rho, 0), 0.95);
  return 1 + (0.5 * r) / (1 - r);
}

/** 1 - Π(1 - p_i): the chance that at least one of independent failures happens. */
export function anyOf(...ps: number[]): number {
  let ok = 1;
  for (const p of ps) ok *= 1 - Math.min(1, Math.max(0, p));
  return 1 - ok;
}
