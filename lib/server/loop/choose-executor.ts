import { readFileSync } from "node:fs";
import type { Executor } from "@/lib/execute/executor-port";
import { createKubernetesTransport, inClusterConnection, kubeconfigConnection } from "@/lib/server/execute/executors/kubernetes-connection";
import { createKubernetesExecutor } from "@/lib/server/execute/executors/kubernetes-executor";
import { createSimulatedExecutor } from "@/lib/server/execute/executors/simulated-executor";
import { createWebhookExecutor } from "@/lib/server/execute/executors/webhook-executor";
import { env, type Env } from "@/lib/server/env";
import type { SimulatedFleet } from "@/lib/server/monitor/simulated-fleet";

let kubernetes: { env: Env; executor: Executor } | undefined;

/** The executor approved plans run through, from HOMEOSTAT_EXECUTOR; null when the simulated
 * fleet is chosen but not running (nothing can execute). The Kubernetes connection is read
 * once per environment (its kubeconfig or service account), not on every tick. */
export function chooseExecutor(fleet: SimulatedFleet | null, clock: () => number, e: Env = env()): Executor | null {
  if (e.HOMEOSTAT_EXECUTOR === "webhook") {
    return createWebhookExecutor({ url: e.HOMEOSTAT_EXECUTOR_WEBHOOK_URL!, secret: e.HOMEOSTAT_EXECUTOR_WEBHOOK_SECRET!, now: clock });
  }
  if (e.HOMEOSTAT_EXECUTOR === "kubernetes") {
    if (kubernetes?.env !== e) {
      const connection = e.HOMEOSTAT_KUBECONFIG ? kubeconfigConnection(readFileSync(e.HOMEOSTAT_KUBECONFIG, "utf8"), e.HOMEOSTAT_KUBE_CONTEXT) : inClusterConnection();
      const executor = createKubernetesExecutor({ transport: createKubernetesTransport(connection), targets: { namespace: e.HOMEOSTAT_KUBE_NAMESPACE, deployments: {} }, now: clock });
      kubernetes = { env: e, executor };
    }
    return kubernetes.executor;
  }
  return fleet ? createSimulatedExecutor((action) => fleet.remediate(action, clock()), clock) : null;
}
