// Root-cause accuracy on the simulated fleet:
//   npm run bench:rca [-- --seeds 50] [--kinds memory-leak,bad-deploy] [--inferred] [--noise 0.05] [--pods]
//                     [--services-only] [--out FILE] [--explain [--dump DIR]]
// For every fault kind in the catalog and every seed: run the default fleet in virtual time
// (5 s steps), inject the fault on a seeded target, average the fleet's metrics per minute into
// the batch RCA input (30 min of baseline before the fault, 15 min after; the incident is
// "noticed" 2 min after onset), run analyzeIncident and check where the fault's root cause
// ranks. The input holds the services and, as entities of their own, the nodes and zones they
// run in (`node:zone-a-n1`, `zone:zone-a`) with the cluster's readiness metrics, plus the
// caches' hit ratio and misses; the edges are the calls, each service to its nodes and zones,
// each node to its zone, and each cache-backed store to its cache. The root cause is the lost
// node or zone for node and zone losses, else the fault's service. Prints AC@1 / AC@3 per kind
// and overall; --out writes the table.
import { writeFileSync } from "node:fs";
import { analyzeIncident, type RcaInput } from "@/lib/analyze/cascade";
import { createFleet } from "@/lib/sim/create-fleet";
import { defaultTopology } from "@/lib/sim/default-topology";
import { injectFault } from "@/lib/sim/fault-catalog";
import { faultKinds, type FaultKind, type FleetState } from "@/lib/sim/fleet-types";
import { fleetSamples } from "@/lib/sim/fleet-samples";
import {
  cacheBackingEdges,
  cacheSamples,
  infrastructureEdges,
  infrastructureEntities,
  infrastructureSamples,
  nodeEntity,
  zoneEntity,
} from "@/lib/sim/rca-entities";
import { createRng, deriveSeed, type Rng } from "@/lib/sim/random";
import { stepFleet } from "@/lib/sim/step-fleet";

const stepMs = 5_000;
const minuteMs = 60_000;
const warmupMin = 5;
const baselineMin = 30;
const afterMin = 15;
const noticeAfterMin = 2;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const seeds = Number(arg("--seeds") ?? 50);
const kinds = (arg("--kinds")?.split(",") ?? [...faultKinds]) as FaultKind[];
const inferred = process.argv.includes("--inferred");
const out = arg("--out");
/** Multiplicative measurement noise (sd, e.g. 0.05) on every per-minute value: the fleet's
 * metrics are smoother than pod-level exporters', so this shows how the method holds up. */
const noise = Number(arg("--noise") ?? 0);
/** Split every service metric into one series per replica (`cpu{pod=1}`), each with its own
 * noise, as pod-level exporters give: many noisy series per service instead of one. */
const pods = process.argv.includes("--pods");
/** The input as before nodes, zones and caches were exposed: services and their per-service
 * metrics only, call edges only, and node and zone losses scored against the service the
 * fault was aimed at (for comparison with earlier results). */
const servicesOnly = process.argv.includes("--services-only");
/** Print the top of the ranking (score, anomaly belief, onset) for every miss. */
const explainMisses = process.argv.includes("--explain");
/** With --explain: also write each missed incident's input here as <kind>-<seed>.json. */
const dumpDir = arg("--dump");

type Spec = Parameters<typeof injectFault>[1];

function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[Math.floor(rng.next() * xs.length)]!;
}

/** A seeded target and parameters for one fault kind, from the catalog's defaults. */
function faultSpec(kind: FaultKind, fleet: FleetState, rng: Rng): Spec {
  const names = fleet.topology.services.map((s) => s.name);
  const service = pick(rng, names);
  // Spelling-agnostic (the catalog's kinds have been snake_case and kebab-case).
  switch (kind.replace(/_/g, "-")) {
    case "pool-exhaustion":
      return {
        kind,
        service: pick(
          rng,
          fleet.topology.services.filter((s) => s.poolSize > 0).map((s) => s.name),
        ),
      } as Spec;
    case "node-loss": {
      const svc = fleet.services.find((s) => s.name === service)!;
      return { kind, service, node: pick(rng, svc.replicas).node } as Spec;
    }
    case "zone-loss":
      return { kind, zone: pick(rng, fleet.topology.zones) } as Spec;
    case "cache-failure":
      return { kind } as Spec;
    default:
      return { kind, service } as Spec;
  }
}

/** truth: the entity at the root of the fault: the lost node or zone for node and zone losses,
 * else the fault's recorded service (null when there is none, as for a zone loss with
 * --services-only). */
type Case = { input: RcaInput; truth: string | null };

function simulateCase(kind: FaultKind, seed: number): Case {
  const rng = createRng(deriveSeed(seed, `rca-bench-${kind}`));
  const choice = createRng(deriveSeed(seed, `rca-target-${kind}`));
  // Any hour of a weekday, so the fault meets the day's load curve at varied points.
  const startMs = Date.UTC(2026, 0, 5) + Math.floor(choice.next() * 24 * 60) * minuteMs;
  let fleet = createFleet(defaultTopology, startMs);
  const faultAt = startMs + (warmupMin + baselineMin) * minuteMs;
  const endAt = faultAt + afterMin * minuteMs;
  const recordFrom = startMs + warmupMin * minuteMs;
  const sums = new Map<string, { t: number; sum: number; n: number }[]>();
  let truth: string | null = null;
  for (let now = startMs + stepMs; now <= endAt; now += stepMs) {
    if (now === faultAt + stepMs) {
      const injected = injectFault(fleet, faultSpec(kind, fleet, choice), faultAt);
      fleet = injected.state;
      const { service, node, zone } = injected.fault;
      truth = servicesOnly ? service : zone !== undefined ? zoneEntity(zone) : node !== undefined ? nodeEntity(node) : service;
    }
    fleet = stepFleet(fleet, stepMs, now, rng);
    if (now <= recordFrom) continue;
    const minute = Math.floor((now - 1) / minuteMs) * minuteMs;
    const samples = servicesOnly
      ? fleetSamples(fleet, now)
      : [...fleetSamples(fleet, now), ...cacheSamples(fleet, now), ...infrastructureSamples(fleet, now)];
    for (const s of samples) {
      const key = `${s.service}\u0000${s.metric}`;
      const rows = sums.get(key) ?? [];
      const last = rows[rows.length - 1];
      if (last && last.t === minute) {
        last.sum += s.v;
        last.n++;
      } else rows.push({ t: minute, sum: s.v, n: 1 });
      sums.set(key, rows);
    }
  }
  const jitter = createRng(deriveSeed(seed, `rca-noise-${kind}`));
  const replicas = new Map(fleet.topology.services.map((spec) => [spec.name, pods ? spec.replicas : 1]));
  const series: RcaInput["series"] = [...sums].flatMap(([key, rows]) => {
    const [service, metric] = key.split("\u0000") as [string, string];
    return Array.from({ length: replicas.get(service) ?? 1 }, (_, pod) => ({
      service,
      metric: pods ? `${metric}{pod=${pod}}` : metric,
      points: rows.map(
        (r) => [r.t / 1000, (r.sum / r.n) * (1 + noise * jitter.normal())] as [number, number],
      ),
    }));
  });
  const edges = fleet.topology.services.flatMap((s) =>
    s.calls.map((c) => [s.name, c.service] as [string, string]),
  );
  if (!servicesOnly) edges.push(...cacheBackingEdges(fleet.topology), ...infrastructureEdges(fleet));
  const services = fleet.topology.services.map((s) => s.name);
  if (!servicesOnly) services.push(...infrastructureEntities(fleet.topology));
  return {
    input: {
      services,
      edges: inferred ? [] : edges,
      series,
      incidentStart: (faultAt + noticeAfterMin * minuteMs) / 1000,
    },
    truth,
  };
}

/** The naive baseline from the literature: each service scored by the largest robust z
 * (median and IQR of the pre-incident points) of any of its metrics after incidentStart. */
function naiveRanking(input: RcaInput): string[] {
  const best = new Map<string, number>(input.services.map((s) => [s, 0]));
  for (const { service, points } of input.series) {
    const before = points
      .filter(([t]) => t < input.incidentStart)
      .map(([, v]) => v)
      .sort((a, b) => a - b);
    if (before.length < 3) continue;
    const q = (p: number) => before[Math.min(before.length - 1, Math.floor(p * before.length))]!;
    const scale = q(0.75) - q(0.25) || Math.abs(q(0.5)) * 0.01 || 1e-9;
    for (const [t, v] of points) {
      if (t >= input.incidentStart)
        best.set(service, Math.max(best.get(service)!, Math.abs(v - q(0.5)) / scale));
    }
  }
  return [...best].sort((a, b) => b[1] - a[1]).map(([s]) => s);
}

type Tally = {
  n: number;
  at1: number;
  at3: number;
  naiveAt1: number;
  noTruth: number;
  misses: Record<string, number>;
};

const started = performance.now();
const tallies = new Map<FaultKind, Tally>();
for (const kind of kinds) {
  const tally: Tally = { n: 0, at1: 0, at3: 0, naiveAt1: 0, noTruth: 0, misses: {} };
  for (let seed = 1; seed <= seeds; seed++) {
    const { input, truth } = simulateCase(kind, seed);
    const result = analyzeIncident(input);
    const ranking = result.ranking.map((r) => r.service);
    if (truth === null) {
      tally.noTruth++;
      continue;
    }
    const rank = ranking.indexOf(truth);
    tally.n++;
    if (naiveRanking(input)[0] === truth) tally.naiveAt1++;
    if (rank === 0) tally.at1++;
    else {
      tally.misses[`${truth}→${ranking[0]}`] = (tally.misses[`${truth}→${ranking[0]}`] ?? 0) + 1;
      if (explainMisses) {
        const shown = result.ranking.slice(0, Math.max(3, rank + 1)).map((r) => {
          const a = r.evidence.find((e) => e.kind === "anomaly");
          return `${r.service} ${r.score}${a && a.kind === "anomaly" ? ` a=${a.anomaly} t=${a.onset}` : ""}`;
        });
        console.log(`  ${kind} seed ${seed} truth ${truth}: ${shown.join(" | ")}`);
        if (dumpDir) writeFileSync(`${dumpDir}/${kind}-${seed}.json`, JSON.stringify(input));
      }
    }
    if (rank >= 0 && rank < 3) tally.at3++;
  }
  tallies.set(kind, tally);
  const ac = (k: number) => (tally.n > 0 ? (k / tally.n).toFixed(2) : "n/a");
  const misses = Object.entries(tally.misses)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([k, v]) => `${k}×${v}`)
    .join(" ");
  console.log(
    `${kind.padEnd(16)} n=${String(tally.n).padStart(3)} AC@1=${ac(tally.at1)} AC@3=${ac(tally.at3)} naive AC@1=${ac(tally.naiveAt1)}${tally.noTruth ? ` (no root recorded: ${tally.noTruth})` : ""} ${misses}`,
  );
}
const all = [...tallies.values()].reduce(
  (a, t) => ({ n: a.n + t.n, at1: a.at1 + t.at1, at3: a.at3 + t.at3, naiveAt1: a.naiveAt1 + t.naiveAt1 }),
  { n: 0, at1: 0, at3: 0, naiveAt1: 0 },
);
const seconds = (performance.now() - started) / 1000;
const fixed = (k: number, n: number, digits = 2) => (n > 0 ? (k / n).toFixed(digits) : "n/a");
console.log(
  `overall          n=${all.n} AC@1=${fixed(all.at1, all.n, 3)} AC@3=${fixed(all.at3, all.n, 3)} naive AC@1=${fixed(all.naiveAt1, all.n, 3)} in ${seconds.toFixed(1)} s`,
);

if (out) {
  const rows = [...tallies].map(([kind, t]) => {
    return `| ${kind} | ${t.n + t.noTruth} | ${fixed(t.at1, t.n)} | ${fixed(t.at3, t.n)} | ${fixed(t.naiveAt1, t.n)} |`;
  });
  writeFileSync(
    out,
    [
      `| fault kind | incidents | AC@1 | AC@3 | naive AC@1 |`,
      `|---|---|---|---|---|`,
      ...rows,
      `| **overall** | ${all.n} | ${fixed(all.at1, all.n, 3)} | ${fixed(all.at3, all.n, 3)} | ${fixed(all.naiveAt1, all.n, 3)} |`,
      "",
    ].join("\n"),
  );
}
