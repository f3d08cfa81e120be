// Runs the anomaly ensemble over the Numenta Anomaly Benchmark v1.1 corpus as a stream, writes
// NAB's results layout and scores it with the project's NAB scorer for the three profiles.
//
//   npx tsx scripts/bench/nab.ts --data ../shared/data/nab --out /tmp/nab-results
//
// One configuration for every file (defaultAnomalyConfig); the labels are read only to write
// NAB's `label` column and to score. Throughput counts detector time only (no I/O, no parsing),
// as CPU time of this process (process.cpuUsage: on a shared machine wall time also counts the
// time other processes held the core), with wall time beside it:
// the first pass over the corpus (cold JIT, the scores written) and the best of three more
// passes (steady state). A synthetic fleet (12 services x 11 metrics, daily load curve, seeded
// noise) then times the whole service ensemble, multivariate detector and drivers included.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { defaultAnomalyConfig } from "@/lib/analyze/anomaly/anomaly-config";
import { createSeriesState, stepSeries } from "@/lib/analyze/anomaly/series-detector";
import { createServiceState, scoreServiceTick } from "@/lib/analyze/anomaly/service-detector";
import {
  nabProfileNames,
  nabProfilesSchema,
  nabWindowsSchema,
  parseNabTimestamp,
} from "@/lib/analyze/nab/nab-schemas";
import { parseNabCsv } from "@/lib/analyze/nab/parse-nab-csv";
import { type NabFileScores, scoreNabCorpus } from "@/lib/analyze/nab/score-nab-corpus";
import { z } from "zod";

const { values: args } = parseArgs({
  options: { data: { type: "string", default: "../shared/data/nab" }, out: { type: "string" } },
});
if (!args.out) throw new Error("usage: tsx scripts/bench/nab.ts --data ../shared/data/nab --out DIR");
const dataDir = args.data;
const outDir = args.out;
const readJson = (p: string): unknown => JSON.parse(readFileSync(join(dataDir, p), "utf8"));

const windows = nabWindowsSchema.parse(readJson("labels/combined_windows.json"));
const profiles = nabProfilesSchema.parse(readJson("config/profiles.json"));
const board = z
  .record(z.string(), z.record(z.string(), z.number()))
  .parse(readJson("results/final_results.json"));
const costs = Object.fromEntries(
  nabProfileNames.map((p) => {
    const profile = profiles[p];
    if (!profile) throw new Error(`profiles.json has no ${p}`);
    return [p, profile.CostMatrix];
  }),
) as Record<(typeof nabProfileNames)[number], (typeof profiles)[string]["CostMatrix"]>;

// Upstream stored scores rounded to 12 significant digits; score exactly what is written.
const round12 = (x: number) => Number(x.toPrecision(12));
const pad = (n: number) => String(n).padStart(2, "0");
const stamp = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
};

const files: NabFileScores[] = [];
const corpus: { timestamps: number[]; values: number[] }[] = [];
let samples = 0;
/** Detector time of the first pass: CPU and wall milliseconds. */
const firstPass = { cpu: 0, wall: 0 };
type Timing = { cpu: number; wall: number };
/** Runs `work`, returning its CPU time (user + system) and wall time in ms. */
function timed(work: () => void): Timing {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  work();
  const used = process.cpuUsage(cpu);
  return { cpu: (used.user + used.system) / 1000, wall: performance.now() - wall };
}
const categories = readdirSync(join(dataDir, "data"), { withFileTypes: true }).filter((d) => d.isDirectory());
for (const category of categories.map((d) => d.name).sort()) {
  mkdirSync(join(outDir, category), { recursive: true });
  for (const name of readdirSync(join(dataDir, "data", category))
    .filter((n) => n.endsWith(".csv"))
    .sort()) {
    const path = `${category}/${name}`;
    const csv = parseNabCsv(readFileSync(join(dataDir, "data", path), "utf8"));
    const values = csv.columns.value ?? [];
    const { timestamps } = csv;
    const scores = new Float64Array(values.length);
    const state = createSeriesState(defaultAnomalyConfig);
    const spent = timed(() => {
      for (let i = 0; i < values.length; i++)
        scores[i] = stepSeries(state, defaultAnomalyConfig, timestamps[i] as number, values[i] as number);
    });
    firstPass.cpu += spent.cpu;
    firstPass.wall += spent.wall;
    samples += values.length;
    corpus.push({ timestamps, values });

    const limits = (windows[path] ?? []).map(
      ([a, b]) => [parseNabTimestamp(a), parseNabTimestamp(b)] as const,
    );
    const rounded = Array.from(scores, round12);
    const lines = ["timestamp,value,anomaly_score,label"];
    for (let i = 0; i < values.length; i++) {
      const t = timestamps[i] as number;
      const label = limits.some(([a, b]) => t >= a && t <= b) ? 1 : 0;
      lines.push(`${stamp(t)},${values[i]},${rounded[i]},${label}`);
    }
    writeFileSync(join(outDir, category, `homeostat_${name}`), `${lines.join("\n")}\n`);
    files.push({ path, timestamps, scores: rounded });
  }
}

function timeCorpusPass(): Timing {
  return timed(() => {
    for (const { timestamps, values } of corpus) {
      const state = createSeriesState(defaultAnomalyConfig);
      for (let i = 0; i < values.length; i++)
        stepSeries(state, defaultAnomalyConfig, timestamps[i] as number, values[i] as number);
    }
  });
}
const fastest = (runs: Timing[]) => runs.reduce((a, b) => (b.cpu < a.cpu ? b : a));
const steady = fastest([timeCorpusPass(), timeCorpusPass(), timeCorpusPass()]);

/** mulberry32: seeded, so every run times the same fleet. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function timeFleet(services: number, metrics: number, ticks: number): { samples: number; spent: Timing } {
  const random = rng(42);
  const stepMs = 15_000;
  const values = new Float64Array(ticks * services * metrics);
  for (let k = 0, j = 0; k < ticks; k++) {
    const load = 1 + 0.4 * Math.sin((2 * Math.PI * k * stepMs) / 86_400_000);
    for (let s = 0; s < services; s++)
      for (let m = 0; m < metrics; m++) values[j++] = (10 + m) * load * (1 + 0.05 * (random() - 0.5));
  }
  const states = Array.from({ length: services }, createServiceState);
  const names = Array.from({ length: services }, (_, s) => `svc_${s}`);
  const tick = Array.from({ length: metrics }, (_, m) => ({ metric: `metric_${m}`, v: 0 }));
  const spent = timed(() => {
    for (let k = 0, j = 0; k < ticks; k++) {
      for (let s = 0; s < services; s++) {
        for (const sample of tick) sample.v = values[j++] as number;
        scoreServiceTick(
          states[s] as ReturnType<typeof createServiceState>,
          defaultAnomalyConfig,
          names[s] as string,
          k * stepMs,
          tick,
        );
      }
    }
  });
  return { samples: values.length, spent };
}
const fleet = [timeFleet(12, 11, 8000), timeFleet(12, 11, 8000)];

const results = scoreNabCorpus(files, windows, costs);
console.log(`NAB v1.1, ${files.length} files, ${samples} samples, results in ${outDir}`);
console.log("profile              homeostat  threshold      numenta  ARTime");
for (const r of results) {
  const ref = (d: string) => (board[d]?.[r.profile] ?? Number.NaN).toFixed(2).padStart(7);
  console.log(
    `${r.profile.padEnd(20)} ${r.normalized.toFixed(2).padStart(9)}  ${String(r.threshold).padEnd(14)} ${ref("numenta")} ${ref("ARTime")}`,
  );
}
const rate = (n: number, t: Timing) =>
  `${Math.round(n / (t.cpu / 1000)).toLocaleString("en-US")} samples/CPU-s (${Math.round(n / (t.wall / 1000)).toLocaleString("en-US")} samples/wall-s)`;
console.log(
  `machine: ${cpus()[0]?.model ?? "unknown cpu"} x${cpus().length}, load ${loadavg()[0]?.toFixed(1)}, node ${process.version}; one thread`,
);
console.log(`throughput, series ensemble on NAB, first pass: ${rate(samples, firstPass)}`);
console.log(`throughput, series ensemble on NAB, steady:     ${rate(samples, steady)}`);
const [coldFleet, warmFleet] = fleet as [
  { samples: number; spent: Timing },
  { samples: number; spent: Timing },
];
console.log(
  `throughput, service ensemble (12 services x 11 metrics, multivariate included), first run: ${rate(coldFleet.samples, coldFleet.spent)}`,
);
console.log(`throughput, service ensemble, second run: ${rate(warmFleet.samples, warmFleet.spent)}`);
