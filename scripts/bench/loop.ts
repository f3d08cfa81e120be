// The MAPE-K loop end to end on the simulated fleet, in virtual time:
//   npm run bench:loop [-- --seeds 4] [--kinds memory-leak,bad-deploy] [--warmup-min 30] [--run-min 25]
// For each fault kind and seed: warm the fleet up (5 s steps), inject the fault at a weekday
// 15:00 UTC, tick the loop every 10 s under the autopilot policy (every plan auto-approved),
// apply approved plans to the fleet as the executor would, and verify. Scores each run against
// the fault's ground truth (lib/loop/score-fleet-run.ts) and runs fault-free controls of the
// same length for false positives. Prints a markdown table.
import { faultScenario } from "@/lib/loop/fault-scenarios";
import { runLoopOnFleet } from "@/lib/loop/run-loop-on-fleet";
import { scoreFleetRun, type RunScore } from "@/lib/loop/score-fleet-run";
import { autopilotPolicyYaml } from "@/lib/policy/autopilot-policy";
import { validatePolicy } from "@/lib/policy/validate-policy";
import { deriveSeed } from "@/lib/sim/random";
import { faultKinds, type FaultKind } from "@/lib/sim/fleet-types";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const seeds = Number(arg("--seeds") ?? 4);
const kinds = (arg("--kinds")?.split(",") ?? faultKinds) as FaultKind[];
const warmupMs = Number(arg("--warmup-min") ?? 30) * 60_000;
const runMs = Number(arg("--run-min") ?? 25) * 60_000;
const parsed = validatePolicy(autopilotPolicyYaml);
if (!parsed.ok) throw new Error("autopilot policy invalid");
const policy = parsed.policy;

const quantile = (values: number[], q: number): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
};
const secs = (v: number | null): string => (v === null ? "–" : `${Math.round(v / 1000)} s`);
const rate = (scores: RunScore[], f: (s: RunScore) => boolean): string => `${scores.filter(f).length}/${scores.length}`;

const started = performance.now();
const rows: string[] = [];
const all: RunScore[] = [];
for (const kind of kinds) {
  const scores: RunScore[] = [];
  for (let i = 0; i < seeds; i++) {
    const run = runLoopOnFleet({ seed: deriveSeed(i + 1, kind), fault: faultScenario(kind, i), policy, warmupMs, runMs, stopWhenResolved: true });
    const score = scoreFleetRun(run);
    scores.push(score);
    if (process.argv.includes("--verbose")) process.stderr.write(`${kind} #${i} ${JSON.stringify(faultScenario(kind, i))}\n  ${score.story.join("\n  ")}\n`);
  }
  all.push(...scores);
  const ttd = scores.flatMap((s) => (s.ttd === null ? [] : [s.ttd]));
  const ttr = scores.flatMap((s) => (s.ttr === null ? [] : [s.ttr]));
  rows.push(
    `| ${kind} | ${rate(scores, (s) => s.detected)} | ${secs(quantile(ttd, 0.5))} / ${secs(quantile(ttd, 0.9))} | ${rate(scores, (s) => s.rootCorrect)} | ${rate(scores, (s) => s.rankingTop1)} | ${rate(scores, (s) => s.classCorrect)} | ${rate(scores, (s) => s.planHeals)} | ${rate(scores, (s) => s.ttr !== null)} | ${secs(quantile(ttr, 0.5))} / ${secs(quantile(ttr, 0.9))} | ${rate(scores, (s) => s.mitigated)} | ${(scores.reduce((a, s) => a + s.plans, 0) / scores.length).toFixed(1)} |`,
  );
  process.stderr.write(`${kind} done (${Math.round((performance.now() - started) / 1000)} s)\n`);
}

let flaggedCycles = 0;
let cycles = 0;
let incidents = 0;
let plans = 0;
let warmupIncidents = 0;
for (let i = 0; i < seeds; i++) {
  const run = runLoopOnFleet({ seed: deriveSeed(i + 1, "control"), fault: null, policy, warmupMs, runMs });
  const after = run.cycles.filter((c) => c.at >= run.onset);
  cycles += after.length;
  flaggedCycles += after.filter((c) => c.anomalies.length > 0).length;
  incidents += run.effects.filter((e) => e.effect.type === "open-incident" && e.at >= run.onset).length;
  plans += run.executed.filter((x) => x.at >= run.onset).length;
  warmupIncidents += run.effects.filter((e) => e.effect.type === "open-incident" && e.at < run.onset).length;
}

console.log(`Seeds per kind: ${seeds}; warm-up ${warmupMs / 60_000} min; up to ${runMs / 60_000} min after the onset; tick 10 s, fleet step 5 s; autopilot policy.\n`);
console.log("| fault | detected | MTTD p50 / p90 | root cause | ranking top-1 | class | first plan heals | recovered | MTTR p50 / p90 | ground truth mitigated | plans run |");
console.log("|---|---|---|---|---|---|---|---|---|---|---|");
for (const r of rows) console.log(r);
console.log(`\nFault-free control (${seeds} runs × ${runMs / 60_000} min after the same warm-up): ${flaggedCycles}/${cycles} cycles with an anomaly flagged (${((100 * flaggedCycles) / Math.max(1, cycles)).toFixed(1)}%), ${incidents} incidents opened, ${plans} plans run (and ${warmupIncidents} incidents opened during the warm-ups, after the detectors' first 10 min).`);
console.log(`Overall: detected ${rate(all, (s) => s.detected)}, root cause ${rate(all, (s) => s.rootCorrect)}, first plan heals ${rate(all, (s) => s.planHeals)}, recovered ${rate(all, (s) => s.ttr !== null)}.`);
console.log(`Wall time: ${((performance.now() - started) / 1000).toFixed(1)} s.`);
