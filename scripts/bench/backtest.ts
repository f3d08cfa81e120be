// Backtest speed over a recorded week of one-minute cycles:
//   npx tsx scripts/bench/backtest.ts [--runs 5]
// Generates the synthetic week of lib/policy/generate-recorded-week.ts twice — as recorded
// (168 incidents, 10,080 cycles) and "noisy" (every cycle also carries an informational
// diagnosis and its candidate plans for each of the 12 services) — and times backtestPolicy
// with the default policy on each. Prints the best and median of the runs.
import { performance } from "node:perf_hooks";
import { backtestPolicy } from "@/lib/policy/backtest-policy";
import { defaultPolicyYaml } from "@/lib/policy/default-policy";
import { generateRecordedWeek } from "@/lib/policy/generate-recorded-week";
import { validatePolicy } from "@/lib/policy/validate-policy";

const i = process.argv.indexOf("--runs");
const runs = i >= 0 ? Number(process.argv[i + 1]) : 5;

const parsed = validatePolicy(defaultPolicyYaml);
if (!parsed.ok) throw new Error("default policy is invalid");
const policy = parsed.policy;

for (const noisy of [false, true]) {
  const week = generateRecordedWeek({ noisy });
  const plans = week.reduce((n, c) => n + c.plans.length, 0);
  const diagnoses = week.reduce((n, c) => n + c.diagnoses.length, 0);
  const times: number[] = [];
  let report = backtestPolicy(policy, week);
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    report = backtestPolicy(policy, week);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  console.log(
    `${noisy ? "noisy   " : "recorded"} ${week.length} cycles, ${diagnoses} diagnoses, ${plans} plans: ` +
      `best ${(times[0] ?? 0).toFixed(0)} ms, median ${median.toFixed(0)} ms ` +
      `(proposed ${report.draft.proposed}, auto ${report.draft.autoExecuted}, blocked ${report.draft.blocked})`,
  );
}
