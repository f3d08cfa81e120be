// One executor process for the crash test (test/integration/executor-crash.test.ts): it runs
// approved plans through the webhook executor until none is left, and SIGKILLs itself at the
// CRASH_AFTER-th occurrence of the phase named in CRASH_PHASE. Its clock starts at CLOCK_MS,
// so each new process sees the leases of the ones before it as expired.
import { defaultPolicyYaml } from "@/lib/policy/default-policy";
import { validatePolicy } from "@/lib/policy/validate-policy";
import { openDatabase } from "@/lib/server/db/client";
import { createWebhookExecutor } from "@/lib/server/execute/executors/webhook-executor";
import { reconcileExpiredClaims, runApprovedPlans, type ExecutionPhase } from "@/lib/server/loop/run-approved-plans";

const started = Date.now();
const clock = () => Number(process.env.CLOCK_MS) + (Date.now() - started);
const crashPhase = process.env.CRASH_PHASE as ExecutionPhase | undefined;
const crashAfter = Number(process.env.CRASH_AFTER ?? "1");
let seen = 0;
const observe = (phase: ExecutionPhase) => {
  if (phase === crashPhase && ++seen === crashAfter) process.kill(process.pid, "SIGKILL");
};

const policy = validatePolicy(defaultPolicyYaml);
if (!policy.ok) throw new Error("the default policy is invalid");
const db = await openDatabase({ kind: "postgres", url: process.env.DATABASE_URL! });
const executor = createWebhookExecutor({ url: process.env.RECEIVER_URL!, secret: process.env.RECEIVER_SECRET!, now: clock, maxAttempts: 2, backoffMs: 5 });
const options = { observe, leaseMs: 60_000 };
for (;;) {
  const taken = await reconcileExpiredClaims(db.prisma, executor, new Date(clock()), `child-${process.pid}`, options);
  const ran = await runApprovedPlans(db.prisma, executor, policy.policy, [], new Date(clock()), `child-${process.pid}`, options);
  if (taken.length + ran.length === 0) break;
}
await db.close();
