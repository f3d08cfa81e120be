// Backtest a draft policy from the shell:
//   npm run backtest -- --policy draft.yaml (--from <time> --to <time> | --cycles recorded.json | --synthetic-week) [--out report.json]
// recorded.json is an array of recorded cycles (lib/policy/recorded-cycle.ts), as exported
// from the console; --synthetic-week replays the generated week used by the tests. An invalid
// policy is refused with each error's path and line; exit code 2 on invalid input.
import { readFileSync, writeFileSync } from "node:fs";
import { z } from "zod";
import { backtestPolicy } from "@/lib/policy/backtest-policy";
import { generateRecordedWeek } from "@/lib/policy/generate-recorded-week";
import { recordedCycleSchema, type RecordedCycle } from "@/lib/policy/recorded-cycle";
import { validatePolicy } from "@/lib/policy/validate-policy";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const policyPath =
  arg("--policy") ??
  fail("usage: --policy draft.yaml (--cycles recorded.json | --synthetic-week) [--out report.json]");
const validation = validatePolicy(readFileSync(policyPath, "utf8"));
if (!validation.ok)
  fail(
    validation.errors
      .map((e) => `${policyPath}:${e.line}:${e.column} ${e.path.join(".") || "(document)"}: ${e.message}`)
      .join("\n"),
  );

const from = arg("--from");
const to = arg("--to");
let report;
if (from !== undefined || to !== undefined) {
  // The cycles recorded in the database (through the running server's socket when it owns
  // the embedded database).
  if (from === undefined || to === undefined || Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to)))
    fail("--from and --to: give both, as RFC 3339 times (2026-11-20T00:00:00Z)");
  const { openCliDatabase } = await import("./lib/cli-database");
  const { backtestStored } = await import("@/lib/server/policies/backtest-stored");
  const db = await openCliDatabase();
  try {
    report = await backtestStored(db.prisma, readFileSync(policyPath, "utf8"), new Date(from), new Date(to));
  } finally {
    await db.close();
  }
}
const cyclesPath = arg("--cycles");
let cycles: RecordedCycle[] = [];
if (report !== undefined) cycles = [];
else if (cyclesPath !== undefined) {
  const parsed = z.array(recordedCycleSchema).safeParse(JSON.parse(readFileSync(cyclesPath, "utf8")));
  if (!parsed.success)
    fail(
      parsed.error.issues
        .slice(0, 20)
        .map((i) => `${cyclesPath}: ${i.path.join(".")}: ${i.message}`)
        .join("\n"),
    );
  cycles = parsed.data;
} else if (process.argv.includes("--synthetic-week")) cycles = generateRecordedWeek();
else fail("give --from/--to (the database), --cycles recorded.json or --synthetic-week");

report ??= backtestPolicy(validation.policy, cycles);
const text = JSON.stringify(report, null, 2);
const out = arg("--out");
if (out !== undefined) writeFileSync(out, `${text}\n`);
else console.log(text);
