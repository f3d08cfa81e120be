// Incident list speed with a week of history:
//   npx tsx scripts/bench/incident-filters.ts [--runs 5] [--per-hour 6]
// Seeds a fresh embedded database (PostgreSQL when TEST_DATABASE_URL is set) with a week of
// incidents, `--per-hour` an hour (6: 1,008), each with one or two plans decided by a rule, a
// person or nobody, then times GET /api/v1/incidents's query for each filter (one page of 50).
// Prints the best and median of the runs.
import { performance } from "node:perf_hooks";
import { openDatabase } from "@/lib/server/db/client";
import { listIncidents } from "@/lib/server/incidents/list-incidents";
import { incidentQuerySchema } from "@/lib/validations/incident";
import { recordIncident, type PlanSpec } from "../../test/helpers/incident-history";
import { createTestDatabase } from "../../test/helpers/test-database";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const runs = arg("--runs", 5);
const perHour = arg("--per-hour", 6);

const test = await createTestDatabase({ kind: process.env.TEST_DATABASE_URL ? "postgres" : "pglite" });
const db = await openDatabase(test.target);
try {
  const user = await db.prisma.user.create({ data: { name: "bench-approver", passwordHash: "x", role: "approver" } });
  const mixes: PlanSpec[][] = [
    [{ status: "healed", kind: "auto_approve", decider: "rule:restart-non-critical@1" }],
    [{ status: "healed", kind: "approve", decider: `user:${user.id}` }],
    [{ status: "vetoed", kind: "veto", decider: `user:${user.id}` }, { status: "healed", kind: "auto_approve", decider: "rule:restart-non-critical@1" }],
    [{ status: "expired" }],
    [{ status: "rolled_back", kind: "auto_approve", decider: "rule:restart-non-critical@1" }],
    [],
  ];
  const now = Date.now();
  const total = 7 * 24 * perHour;
  const seeding = performance.now();
  for (let i = 0; i < total; i++) {
    const openedAt = now - 7 * 86_400_000 + (i * 3600_000) / perHour;
    await recordIncident(db.prisma, {
      service: ["cart", "search", "users", "checkout"][i % 4]!,
      openedAt: new Date(openedAt),
      resolvedAt: i === total - 1 ? null : new Date(openedAt + 20 * 60_000),
      plans: mixes[i % mixes.length],
      loopPrefix: `B${i}`,
    });
  }
  console.log(`seeded ${total} incidents in ${((performance.now() - seeding) / 1000).toFixed(0)} s (${test.target.kind})`);
  const queries = ["", "range=24h", "range=7d&outcome=healed", "outcome=no-action", "decider=policy", "decider=bench-approver", "decider=loop", "outcome=vetoed&decider=human&range=7d", "service=cart&outcome=rolled-back"];
  for (const q of queries) {
    const parsed = incidentQuerySchema.parse(Object.fromEntries(new URLSearchParams(q)));
    const times: number[] = [];
    let rows = 0;
    for (let r = 0; r < runs; r++) {
      const t = performance.now();
      rows = (await listIncidents(db.prisma, parsed, new Date(now))).length;
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    console.log(`${(q || "(no filter)").padEnd(40)} ${String(rows).padStart(3)} rows  best ${times[0]!.toFixed(0)} ms, median ${times[Math.floor(times.length / 2)]!.toFixed(0)} ms`);
  }
} finally {
  await db.close();
  await test.dispose();
}
