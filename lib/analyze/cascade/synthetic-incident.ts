import type { RcaInput } from "./rca-input";

// Small hand-made incidents for tests and the example fixture: a call graph, a fault in one
// service that climbs to its transitive callers one sampling step per hop, and Gaussian noise
// from a seeded PRNG. Metric names are deliberately unlike any real exporter's.

export type SyntheticIncident = {
  services: string[];
  edges: [string, string][];
  root: string;
  seed: number;
  /** Hide the edges from the analysis (the graph must be inferred). */
  withoutEdges?: boolean;
  /** Services whose metrics share a common wave and extra noise (move together, no fault). */
  noisy?: string[];
  points?: number;
  /** Where the fault travels: to transitive callers (a slow or failing service, the default),
   * to transitive callees (a load surge at the root), or nowhere yet (a slow leak). */
  spread?: "callers" | "callees" | "none";
};

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

export const syntheticStart = 1_700_000_000;
export const syntheticStep = 60;
/** Index of the first faulty sample and of the sample when the incident is noticed. */
export const syntheticFaultIndex = 40;
export const syntheticNoticeIndex = 43;

export function syntheticIncident(spec: SyntheticIncident): RcaInput {
  const rand = mulberry32(spec.seed);
  const n = spec.points ?? 60;
  const next = new Map<string, string[]>(spec.services.map((s) => [s, []]));
  const spread = spec.spread ?? "callers";
  for (const [caller, callee] of spec.edges) {
    if (spread === "callers") next.get(callee)!.push(caller);
    if (spread === "callees") next.get(caller)!.push(callee);
  }
  const hops = new Map<string, number>([[spec.root, 0]]);
  const queue = [spec.root];
  for (let head = 0; head < queue.length; head++) {
    for (const c of next.get(queue[head]!) ?? []) {
      if (hops.has(c)) continue;
      hops.set(c, hops.get(queue[head]!)! + 1);
      queue.push(c);
    }
  }
  const noisy = new Set(spec.noisy ?? []);
  const wave = Array.from({ length: n }, (_, i) => Math.sin(i / 4));
  const series: RcaInput["series"] = [];
  for (const service of spec.services) {
    const d = hops.get(service);
    const base = { "lat.ms": 50, "err.frac": 0.01, "busy.cores": 0.4, "hits.s": 100 };
    const effect =
      spread === "callees"
        ? { "lat.ms": 20, "err.frac": 0.01, "busy.cores": 0.3, "hits.s": 150 }
        : { "lat.ms": 40, "err.frac": 0.03, "busy.cores": 0.25, "hits.s": 0 };
    for (const metric of Object.keys(base) as (keyof typeof base)[]) {
      const level = base[metric];
      const points: [number, number][] = [];
      for (let i = 0; i < n; i++) {
        const extra = noisy.has(service) ? 0.15 * level * wave[i]! + 0.08 * level * gaussian(rand) : 0;
        let v = level * (1 + 0.04 * gaussian(rand)) + extra;
        // The root burns CPU; callers only wait on it, so they see latency and errors. Under a
        // surge every service below the root gets the extra requests and burns CPU.
        const moves = d === 0 || metric !== "busy.cores" || spread === "callees";
        if (d !== undefined && moves && i >= syntheticFaultIndex + d)
          v += effect[metric] * (d === 0 ? 1 : 0.9);
        points.push([syntheticStart + i * syntheticStep, v]);
      }
      series.push({ service, metric, points });
    }
  }
  return {
    services: spec.services,
    edges: spec.withoutEdges ? [] : spec.edges,
    series,
    incidentStart: syntheticStart + syntheticNoticeIndex * syntheticStep,
  };
}
