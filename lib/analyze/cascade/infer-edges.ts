import type { GraphEdge } from "./dependency-graph";
import type { RcaInput } from "./rca-input";
import { median } from "./robust-stats";
import { robustZ } from "./score-metric";
import type { ServiceAnomaly } from "./score-services";

/** Only services at least this anomalous get inferred edges: correlating two noise series
 * says nothing about a dependency. */
const candidateAnomaly = 0.3;
/** Pearson correlation an inferred edge needs; 0.6 keeps pairs whose anomaly series share
 * most of their shape, not merely a trend. */
const minCorrelation = 0.6;
/** Inferred partners kept per service (its most correlated ones). */
const maxPartners = 5;
/** Largest lag tried, in grid steps: anomalies cross one hop within a few samples. */
const maxLagSteps = 5;

/** Typical sampling interval (seconds): median over series of their median spacing. */
export function samplingStep(input: RcaInput): number {
  const perSeries: number[] = [];
  for (const s of input.series) {
    if (s.points.length < 2) continue;
    const diffs: number[] = [];
    for (let i = 1; i < s.points.length; i++) diffs.push(s.points[i]![0] - s.points[i - 1]![0]);
    perSeries.push(median(diffs));
  }
  return perSeries.length > 0 ? median(perSeries) : 60;
}

/** Per grid step, the mean of the service's top-3 |robust z| (sample-and-hold between points). */
function anomalySeries(
  input: RcaInput,
  anomalies: Map<string, ServiceAnomaly>,
  t0: number,
  step: number,
  bins: number,
): Map<string, number[]> {
  const perService = new Map<string, number[][]>();
  for (const series of input.series) {
    const score = anomalies.get(series.service)?.metrics.find((m) => m.metric === series.metric);
    if (!score) continue;
    const row = new Array<number>(bins).fill(0);
    let last = 0;
    let p = 0;
    for (let b = 0; b < bins; b++) {
      const until = t0 + (b + 1) * step;
      while (p < series.points.length && series.points[p]![0] < until) {
        last = Math.abs(robustZ(series.points[p]![1], score.baseline));
        p++;
      }
      row[b] = last;
    }
    const rows = perService.get(series.service) ?? [];
    rows.push(row);
    perService.set(series.service, rows);
  }
  const out = new Map<string, number[]>();
  for (const [service, rows] of perService) {
    const u = new Array<number>(bins).fill(0);
    for (let b = 0; b < bins; b++) {
      const top = rows
        .map((r) => r[b]!)
        .sort((x, y) => y - x)
        .slice(0, 3);
      u[b] = top.reduce((s, v) => s + v, 0) / top.length;
    }
    out.set(service, u);
  }
  return out;
}

function pearson(x: readonly number[], y: readonly number[], lag: number): number {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = Math.max(0, -lag); i < x.length && i + lag < y.length; i++) {
    sx += x[i]!;
    sy += y[i + lag]!;
    n++;
  }
  if (n < 3) return 0;
  const mx = sx / n;
  const my = sy / n;
  let cov = 0;
  let vx = 0;
  let vy = 0;
  for (let i = Math.max(0, -lag); i < x.length && i + lag < y.length; i++) {
    const dx = x[i]! - mx;
    const dy = y[i + lag]! - my;
    cov += dx * dy;
    vx += dx * dx;
    vy += dy * dy;
  }
  return vx > 0 && vy > 0 ? cov / Math.sqrt(vx * vy) : 0;
}

/**
 * Edges between anomalous services whose anomaly series correlate at some lag. Anomalies
 * mostly travel from callee to caller (a slow or failing dependency slows its callers), so
 * the service whose anomaly leads is taken as the callee. At lag 0 the earlier onset leads;
 * with no order at all the edge is added both ways.
 */
export function inferEdges(
  input: RcaInput,
  anomalies: Map<string, ServiceAnomaly>,
  step: number,
): GraphEdge[] {
  let t0 = Infinity;
  let t1 = -Infinity;
  for (const s of input.series) {
    t0 = Math.min(t0, s.points[0]![0]);
    t1 = Math.max(t1, s.points[s.points.length - 1]![0]);
  }
  const bins = Math.floor((t1 - t0) / step) + 1;
  const candidates = input.services.filter((s) => (anomalies.get(s)?.anomaly ?? 0) >= candidateAnomaly);
  const series = anomalySeries(input, anomalies, t0, step, bins);
  const maxLag = Math.min(maxLagSteps, Math.floor(bins / 4));
  const pairs: { a: string; b: string; corr: number; edges: GraphEdge[] }[] = [];
  for (let i = 0; i < candidates.length; i++) {
    for (let j = i + 1; j < candidates.length; j++) {
      const a = candidates[i]!;
      const b = candidates[j]!;
      const ua = series.get(a);
      const ub = series.get(b);
      if (!ua || !ub) continue;
      let best = { corr: -Infinity, lag: 0 };
      for (let lag = -maxLag; lag <= maxLag; lag++) {
        const corr = pearson(ua, ub, lag);
        if (
          corr > best.corr + 1e-9 ||
          (Math.abs(corr - best.corr) <= 1e-9 && Math.abs(lag) < Math.abs(best.lag))
        ) {
          best = { corr, lag };
        }
      }
      if (best.corr < minCorrelation) continue;
      const correlation = Math.round(best.corr * 1000) / 1000;
      let lagSeconds = Math.abs(best.lag) * step;
      // lag > 0: b follows a, so a's anomaly leads and a is the callee.
      let leader: string | null = best.lag > 0 ? a : best.lag < 0 ? b : null;
      if (leader === null) {
        const oa = anomalies.get(a)!.onset;
        const ob = anomalies.get(b)!.onset;
        if (oa !== null && (ob === null || oa < ob)) leader = a;
        else if (ob !== null && (oa === null || ob < oa)) leader = b;
        if (oa !== null && ob !== null) lagSeconds = Math.abs(oa - ob);
      }
      const follower = leader === a ? b : a;
      pairs.push({
        a,
        b,
        corr: best.corr,
        edges:
          leader === null
            ? [
                { caller: a, callee: b, inferred: true, lagSeconds, correlation },
                { caller: b, callee: a, inferred: true, lagSeconds, correlation },
              ]
            : [{ caller: follower, callee: leader, inferred: true, lagSeconds, correlation }],
      });
    }
  }
  // Keep a pair when it is among the strongest few of either service: when hundreds of
  // services move at once everything correlates, and a dense clique says nothing more.
  const strongest = new Map<string, number[]>();
  for (const p of pairs) for (const s of [p.a, p.b]) strongest.set(s, [...(strongest.get(s) ?? []), p.corr]);
  const cutoff = new Map(
    [...strongest].map(([s, cs]) => [s, cs.sort((x, y) => y - x)[Math.min(cs.length, maxPartners) - 1]!]),
  );
  return pairs
    .filter((p) => p.corr >= cutoff.get(p.a)! || p.corr >= cutoff.get(p.b)!)
    .flatMap((p) => p.edges);
}
