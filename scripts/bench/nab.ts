// Runs the anomaly ensemble over the Numenta Anomaly Benchmark v1.1 corpus as a stream, writes
// NAB's results layout and scores it with the project's NAB scorer for the three profiles.
//
//   npx tsx scripts/bench/nab.ts --data ../shared/data/nab --out /tmp/nab-results
//
// One configuration for every file (defaultAnomalyConfig); the labels are read only to write
// NAB's `label` column and to score. Throughput counts detector time only (no I/O, no parsing).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { defaultAnomalyConfig } from "@/lib/analyze/anomaly/anomaly-config";
import { createSeriesState, stepSeries } from "@/lib/analyze/anomaly/series-detector";
import { nabProfileNames, nabProfilesSchema, nabWindowsSchema, parseNabTimestamp } from "@/lib/analyze/nab/nab-schemas";
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
const board = z.record(z.string(), z.record(z.string(), z.number())).parse(readJson("results/final_results.json"));
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
let samples = 0;
let detectorMs = 0;
const categories = readdirSync(join(dataDir, "data"), { withFileTypes: true }).filter((d) => d.isDirectory());
for (const category of categories.map((d) => d.name).sort()) {
  mkdirSync(join(outDir, category), { recursive: true });
  for (const name of readdirSync(join(dataDir, "data", category)).filter((n) => n.endsWith(".csv")).sort()) {
    const path = `${category}/${name}`;
    const csv = parseNabCsv(readFileSync(join(dataDir, "data", path), "utf8"));
    const values = csv.columns.value ?? [];
    const { timestamps } = csv;
    const scores = new Float64Array(values.length);
    const state = createSeriesState(defaultAnomalyConfig);
    const started = performance.now();
    for (let i = 0; i < values.length; i++) scores[i] = stepSeries(state, defaultAnomalyConfig, timestamps[i] as number, values[i] as number);
    detectorMs += performance.now() - started;
    samples += values.length;

    const limits = (windows[path] ?? []).map(([a, b]) => [parseNabTimestamp(a), parseNabTimestamp(b)] as const);
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

const results = scoreNabCorpus(files, windows, costs);
console.log(`NAB v1.1, ${files.length} files, ${samples} samples, results in ${outDir}`);
console.log("profile              homeostat  threshold      numenta  ARTime");
for (const r of results) {
  const ref = (d: string) => (board[d]?.[r.profile] ?? Number.NaN).toFixed(2).padStart(7);
  console.log(`${r.profile.padEnd(20)} ${r.normalized.toFixed(2).padStart(9)}  ${String(r.threshold).padEnd(14)} ${ref("numenta")} ${ref("ARTime")}`);
}
console.log(
  `throughput: ${Math.round(samples / (detectorMs / 1000)).toLocaleString("en-US")} samples/s ` +
    `(detector only, one core, ${detectorMs.toFixed(0)} ms; ${cpus()[0]?.model ?? "unknown cpu"}, node ${process.version})`,
);
