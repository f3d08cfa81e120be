import type { Executor } from "@/lib/execute/executor-port";
import { createSimulatedExecutor } from "@/lib/server/execute/executors/simulated-executor";
import { createWebhookExecutor } from "@/lib/server/execute/executors/webhook-executor";
import { env } from "@/lib/server/env";
import type { SimulatedFleet } from "@/lib/server/monitor/simulated-fleet";

/** The executor approved plans run through, from HOMEOSTAT_EXECUTOR; null when the simulated
 * fleet is chosen but not running (nothing can execute). */
export function chooseExecutor(fleet: SimulatedFleet | null, clock: () => number): Executor | null {
  const e = env();
  if (e.HOMEOSTAT_EXECUTOR === "webhook") {
    return createWebhookExecutor({ url: e.HOMEOSTAT_EXECUTOR_WEBHOOK_URL!, secret: e.HOMEOSTAT_EXECUTOR_WEBHOOK_SECRET!, now: clock });
  }
  return fleet ? createSimulatedExecutor((action) => fleet.remediate(action, clock()), clock) : null;
}
