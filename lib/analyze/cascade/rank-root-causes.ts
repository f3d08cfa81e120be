import { adjacencyOf, pathTo, reachFrom, type DependencyGraph, type Reach } from "./dependency-graph";
import type { Evidence, RankedService } from "./rca-result";
import { maxMove } from "./score-metric";
import { movedBefore, type ServiceAnomaly } from "./score-services";

// Root cause by competing hypotheses. "The fault is in r" predicts which services look
// anomalous: r itself; its transitive callers, because latency and errors climb the call
// graph toward the users; less often its transitive callees (extra load, retries); rarely
// anything else. Each hypothesis is scored by the cross-entropy between the observed anomaly
// beliefs and these predictions, and the scores become a posterior over services. An anomalous
// caller whose anomalous callee explains it therefore ranks below that callee, a service whose
// callers stayed healthy while others moved explains little, and an entry service whose whole
// subtree moved together (a load surge) explains everything below it.

/** P(root looks anomalous | it is the root). */
const pRoot = 0.9;
/** How far a fault has spread is unknown (a leak may not have hurt anyone yet; a surge
 * floods everything below it), so each hypothesis averages its likelihood over spread regimes:
 * P(a caller d hops above the root looks anomalous) = up · upDecay^(d−1) and P(a callee d hops
 * below) = down · downDecay^(d−1). Each rate, up and down independently, is integrated over a
 * two-stage prior: whether the fault has spread that way at all (½: a near-zero rate, 0.02)
 * and, if it has, how strongly (½ spread evenly over 0.1, 0.2, …, 0.8). A fine grid, not a few
 * levels: with up ∈ {0.02, 0.8} × down ∈ {0.02, 0.3, 0.8} a surging caller and the callee it
 * saturates, which explain each other equally, were decided by which of the few levels
 * happened to fit. The weight on "not spread" keeps a quiet incident (a leak that has not yet
 * cleared the noise) from favouring whatever has the fewest dependents. Intermediate downward
 * rates still make a callee explain a caller-and-callee pair slightly better than the caller,
 * when nothing else tells them apart: latency and errors climb toward the users. */
const notSpread = 0.02;
const spreadRates = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];
const pNotSpread = 0.5;
const rateLevels: readonly (readonly [rate: number, weight: number])[] = [
  [notSpread, pNotSpread],
  ...spreadRates.map((r) => [r, (1 - pNotSpread) / spreadRates.length] as const),
];
const spreadRegimes: readonly (readonly [up: number, down: number, weight: number])[] = rateLevels.flatMap(
  ([up, wUp]) => rateLevels.map(([down, wDown]) => [up, down, wUp * wDown] as const),
);
const upDecay = 0.85;
const downDecay = 0.85;
/** P(an unrelated service looks anomalous): background noise and coincident problems,
 * estimated per incident as the median anomaly belief, within these bounds. When a traffic
 * burst lifts every service a little, that lift is the background, not evidence. */
const pNoiseMin = 0.05;
const pNoiseMax = 0.25;
/** An effect cannot precede its cause: a related service whose onset is earlier than the
 * root's by more than one sampling step is treated as only this likely to be anomalous, in
 * proportion to how much of its move it had made by then (`movedBefore`: log-linear between
 * the unpenalised p at none of it and this cap at all of it). A caller whose latency crept
 * across the fence with the day's load, or in a small burst minutes before a zone went down,
 * has made a few percent of its move before the zone's step, and is not evidence against the
 * zone; a caller whose whole move came first is. */
const pEarly = 0.1;
/** Prior weight of a candidate's own magnitude (log scale, see ServiceAnomaly): among hypotheses that
 * explain the pattern equally (a clique of simultaneous anomalies, as an inferred graph gives)
 * the service whose metrics moved furthest from their baseline is the likelier origin, as in
 * BARO-style ranking. */
const magnitudeWeight = 1;
/** Failover: when an entity is lost (every metric that moved fell: readiness, running pods,
 * throughput), its dependents shift their load to the other dependencies they share with it
 * (the other zones, nodes or replicas), which therefore rise. Under the hypothesis that a lost
 * entity is the root, its siblings (the other dependencies of its dependents) may be anomalous
 * with this probability, in one of two equally weighted regimes (the other: no failover). */
const pFailover = 0.6;
/** At most this many `explains` entries (nearest first) and `unexplained` names per service,
 * so a fleet of hundreds of anomalous services does not make the answer quadratic in size. */
const maxListed = 25;
/** Anomaly belief above which a service counts as anomalous in evidence and cascade. */
export const anomalousAt = 0.5;

const clampP = (p: number) => Math.min(1 - 1e-6, Math.max(1e-6, p));

function crossEntropy(a: number, p: number): number {
  const q = clampP(p);
  return a * Math.log(q) + (1 - a) * Math.log(1 - q);
}

/** Services a hypothesis predicts alike: hops up and down (0: not reached), sibling of a
 * lost root, share of the move made before the root's onset (−1: not early); with the sum and
 * count of their beliefs. */
type SpreadClass = { du: number; dd: number; sibling: boolean; w: number; beliefs: number; count: number };

type Hypothesis = {
  service: string;
  logLikelihood: number;
  up: Reach;
  down: Reach;
};

function round(v: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

function metricEvidence(anomaly: ServiceAnomaly): Evidence[] {
  const shown = anomaly.metrics.filter((m) => m.shifted).slice(0, 5);
  const metrics = shown.length > 0 ? shown : anomaly.metrics.slice(0, 3);
  return metrics.map((m) => ({
    kind: "metric",
    metric: m.metric,
    z: round(m.direction === 0 ? m.shift : m.direction * m.shift),
    peakZ: round(m.peak),
    onset: m.onset,
    baseline: { median: m.baseline.median, iqr: m.baseline.iqr, mad: m.baseline.mad, points: m.baseline.n },
    asRate: m.asRate,
  }));
}

/** Lost: every shifted metric fell, and one fell to zero (a move of maxMove): a node that
 * stopped, not a service whose CPU eased off because its callers slowed. */
function isLost(anomaly: ServiceAnomaly | undefined): boolean {
  const shifted = anomaly?.metrics.filter((m) => m.shifted) ?? [];
  return (
    shifted.length > 0 &&
    shifted.every((m) => m.direction < 0) &&
    shifted.some((m) => m.magnitude >= maxMove)
  );
}

/** The other dependencies of r's direct dependents. */
function siblingsOf(r: string, callers: Map<string, string[]>, callees: Map<string, string[]>): Set<string> {
  const out = new Set<string>();
  for (const c of callers.get(r) ?? []) for (const s of callees.get(c) ?? []) if (s !== r) out.add(s);
  return out;
}

/**
 * Ranks every service as the root cause. `step` is the sampling interval in seconds (the
 * tolerance when comparing onsets). Ties are broken by the order of `graph.services`.
 */
export function rankRootCauses(
  graph: DependencyGraph,
  anomalies: Map<string, ServiceAnomaly>,
  step: number,
): RankedService[] {
  const { callers, callees } = adjacencyOf(graph);
  const belief = (s: string) => anomalies.get(s)?.anomaly ?? 0;
  const onsetOf = (s: string) => anomalies.get(s)?.onset ?? null;

  const beliefs = graph.services.map(belief).sort((a, b) => a - b);
  const pNoise = Math.min(pNoiseMax, Math.max(pNoiseMin, beliefs[Math.floor(beliefs.length / 2)] ?? 0));

  const hypotheses: Hypothesis[] = graph.services.map((r) => {
    const up = reachFrom(r, callers);
    const down = reachFrom(r, callees);
    const rootOnset = onsetOf(r);
    const early = new Map<string, number>();
    const earlyShare = (s: string) => {
      let w = early.get(s);
      if (w === undefined) early.set(s, (w = movedBefore(anomalies.get(s), rootOnset! - step)));
      return w;
    };
    const siblings = isLost(anomalies.get(r)) ? siblingsOf(r, callers, callees) : new Set<string>();
    const failover = siblings.size > 0 ? [0, pFailover] : [0];
    const regimes = spreadRegimes.flatMap(([pUp, pDown, weight]) =>
      failover.map((pSibling) => [pUp, pDown, pSibling, weight / failover.length] as const),
    );
    // The cross-entropy is linear in the observed belief, so services that get the same
    // prediction in every regime (same hops up and down, sibling or not, same early share)
    // are summed once per class: the work per hypothesis is one pass over the services plus
    // classes × regimes, not services × regimes (81 rates × failover on 2,000 services).
    const classes = new Map<string, SpreadClass>();
    for (const s of graph.services) {
      if (s === r) continue;
      const du = up.get(s)?.hops ?? 0;
      const dd = down.get(s)?.hops ?? 0;
      const sibling = siblings.has(s);
      const onset = onsetOf(s);
      const w = rootOnset !== null && onset !== null && onset < rootOnset - step ? earlyShare(s) : -1;
      const key = `${du} ${dd} ${sibling ? 1 : 0} ${w}`;
      let c = classes.get(key);
      if (!c) classes.set(key, (c = { du, dd, sibling, w, beliefs: 0, count: 0 }));
      c.beliefs += belief(s);
      c.count++;
    }
    const regimeLogs = regimes.map(([pUp, pDown, pSibling, weight]) => {
      let sum = crossEntropy(belief(r), pRoot);
      for (const c of classes.values()) {
        let p = pNoise;
        if (c.du > 0) p = Math.max(p, pUp * upDecay ** (c.du - 1));
        if (c.dd > 0) p = Math.max(p, pDown * downDecay ** (c.dd - 1));
        if (c.sibling) p = Math.max(p, pSibling);
        // Soft precedence: weigh the cap by how much of its move s had made that early.
        if (c.w >= 0) p = Math.exp((1 - c.w) * Math.log(p) + c.w * Math.log(Math.min(p, pEarly)));
        const q = clampP(p);
        sum += c.beliefs * Math.log(q) + (c.count - c.beliefs) * Math.log(1 - q);
      }
      return sum + Math.log(weight);
    });
    const peak = Math.max(...regimeLogs);
    const logLikelihood =
      peak +
      Math.log(regimeLogs.reduce((acc, l) => acc + Math.exp(l - peak), 0)) +
      magnitudeWeight * (anomalies.get(r)?.magnitude ?? 0);
    return { service: r, logLikelihood, up, down };
  });

  const order = graph.services.map((_, i) => i);
  order.sort((i, j) => hypotheses[j]!.logLikelihood - hypotheses[i]!.logLikelihood || i - j);
  const best = Math.max(...hypotheses.map((h) => h.logLikelihood));
  const weights = hypotheses.map((h) => Math.exp(h.logLikelihood - best));
  const total = weights.reduce((s, w) => s + w, 0);
  const top = hypotheses[order[0]!]!;

  return order.map((i) => {
    const h = hypotheses[i]!;
    const anomaly = anomalies.get(h.service);
    const evidence: Evidence[] = [
      {
        kind: "anomaly",
        anomaly: round(belief(h.service)),
        strength: round(anomaly?.strength ?? 0),
        onset: onsetOf(h.service),
        shiftedMetrics: anomaly?.shiftedMetrics ?? 0,
        metrics: anomaly?.metrics.length ?? 0,
      },
      ...(anomaly ? metricEvidence(anomaly) : []),
    ];
    const rootOnset = onsetOf(h.service);
    const unexplained: string[] = [];
    const explained: { service: string; direction: "upstream" | "downstream"; hops: number }[] = [];
    for (const s of graph.services) {
      if (s === h.service || belief(s) < anomalousAt) continue;
      const onset = onsetOf(s);
      // Early in the evidence: it had made most of its move before the cause's onset.
      const early =
        rootOnset !== null &&
        onset !== null &&
        onset < rootOnset - step &&
        movedBefore(anomalies.get(s), rootOnset - step) >= 0.5;
      const direction = h.up.has(s) ? "upstream" : h.down.has(s) ? "downstream" : null;
      if (direction === null || early) unexplained.push(s);
      else
        explained.push({
          service: s,
          direction,
          hops: (direction === "upstream" ? h.up : h.down).get(s)!.hops,
        });
    }
    explained.sort((a, b) => a.hops - b.hops);
    for (const { service: s, direction } of explained.slice(0, maxListed)) {
      const path = pathTo(h.service, s, direction === "upstream" ? h.up : h.down) ?? [h.service, s];
      const onset = onsetOf(s);
      const lagSeconds = rootOnset !== null && onset !== null ? onset - rootOnset : null;
      evidence.push({ kind: "explains", service: s, direction, path, lagSeconds });
    }
    if (unexplained.length > 0) {
      evidence.push({
        kind: "unexplained",
        services: unexplained.slice(0, maxListed),
        total: unexplained.length,
      });
    }
    if (h !== top && belief(h.service) >= anomalousAt) {
      const path = pathTo(top.service, h.service, top.up.has(h.service) ? top.up : top.down);
      if (path) evidence.push({ kind: "explained-by", service: top.service, path });
    }
    return { service: h.service, score: round(weights[i]! / total, 4), evidence };
  });
}
