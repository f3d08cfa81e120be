// Runs a fleet scenario (JSON or YAML) in virtual time and prints what happened: the faults'
// ground truth, the remediations and their results, and each service's worst moments.
//
//   npx tsx scripts/sim.ts run lib/sim/scenarios/cache-stampede.yaml [--seed N] [--json]
//
// A `topology:` path inside the scenario is read relative to the scenario file.
//
//   npm run sim -- history [--days 7] [--seed N] [--tick-seconds 10] [--end 2026-11-27T08:00:00Z]
//
// Fills the app's database (DATABASE_URL, else the embedded one) with that many days of
// simulated history up to now (or --end, which makes a run repeatable), written by the real loop: see scripts/lib/simulate-history.ts.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { runScenario } from "@/lib/sim/run-scenario";
import { parseScenarioText } from "@/lib/sim/scenario-schema";
import { parseTopologyText } from "@/lib/sim/topology-schema";

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { seed: { type: "string" }, json: { type: "boolean", default: false }, days: { type: "string", default: "7" }, "tick-seconds": { type: "string", default: "10" }, end: { type: "string" } },
});
const [command, file] = positionals;
if (command === "history") {
  const { fillHistory } = await import("./lib/fill-history");
  await fillHistory({ days: Number(args.days), seed: args.seed === undefined ? undefined : Number(args.seed), tickMs: Number(args["tick-seconds"]) * 1000, endMs: args.end === undefined ? undefined : Date.parse(args.end) });
  process.exit(0);
}
if (command !== "run" || !file) {
  console.error("usage: tsx scripts/sim.ts run <scenario.yaml> [--seed N] [--json]\n       tsx scripts/sim.ts history [--days 7] [--seed N] [--tick-seconds 10] [--end ISO-TIME]");
  process.exit(2);
}

try {
  const scenario = parseScenarioText(readFileSync(file, "utf8"));
  if (args.seed !== undefined) scenario.seed = Number(args.seed);
  const topology = typeof scenario.topology === "string" ? parseTopologyText(readFileSync(resolve(dirname(file), scenario.topology), "utf8")) : undefined;
  const wallStart = performance.now();
  const run = runScenario(scenario, { topology });
  const wallMs = performance.now() - wallStart;
  const { state: _state, ...report } = run;
  if (args.json) {
    console.log(JSON.stringify({ ...report, wallMs }, null, 2));
  } else {
    printReport(report, wallMs);
  }
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}

function printReport(run: Omit<ReturnType<typeof runScenario>, "state">, wallMs: number): void {
  const at = (ms: number | null) => (ms === null ? "-" : `+${((ms - run.startMs) / 60_000).toFixed(1)}m`);
  const virtualMs = run.endMs - run.startMs;
  console.log(`scenario ${run.name} (seed ${run.seed}): ${(virtualMs / 60_000).toFixed(0)} min virtual from ${new Date(run.startMs).toISOString()}, ${run.steps} steps`);
  console.log(`ran in ${wallMs.toFixed(0)} ms wall: ${Math.round(virtualMs / wallMs).toLocaleString("en-US")}x real time\n`);
  console.log("faults (ground truth):");
  for (const f of run.faults) {
    const target = [f.service, f.zone, f.node].filter(Boolean).join(" / ");
    console.log(`  ${f.id}  ${f.kind.padEnd(16)} ${target.padEnd(20)} onset ${at(f.onsetMs).padEnd(7)} healed by ${f.heals.join("|").padEnd(22)} mitigated ${at(f.mitigatedAtMs)}${f.mitigatedBy ? ` (${f.mitigatedBy})` : ""}`);
  }
  console.log("\nremediations:");
  for (const a of run.actions) {
    const heals = a.result.healedFaultIds.length > 0 ? ` healed ${a.result.healedFaultIds.join(", ")}` : "";
    console.log(`  ${at(a.atMs).padEnd(7)} ${a.action.kind} ${[a.action.target.service, a.action.target.zone, a.action.target.node].filter(Boolean).join(" / ")}: ${a.result.status}${a.result.reason ? ` (${a.result.reason})` : ""}${heals}`);
  }
  console.log("\nservice          peak err  at       peak p99 ms  at       peak sat  mean rps  final err  final p99");
  for (const s of run.services) {
    console.log(
      [
        s.service.padEnd(16),
        `${(s.peakErrorRate * 100).toFixed(1)}%`.padStart(8), at(s.peakErrorAtMs).padEnd(8),
        s.peakP99Ms.toFixed(0).padStart(11), at(s.peakP99AtMs).padEnd(8),
        s.peakSaturation.toFixed(2).padStart(9), s.meanRequestRate.toFixed(0).padStart(9),
        `${(s.finalErrorRate * 100).toFixed(2)}%`.padStart(10), s.finalP99Ms.toFixed(0).padStart(10),
      ].join(" "),
    );
  }
}
