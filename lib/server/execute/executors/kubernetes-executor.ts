import type { PlanAction } from "@/lib/plan/types";
import type { ExecContext, ExecResult, Executor } from "@/lib/execute/executor-port";
import {
  actionMarkerAnnotation,
  deploymentSchema,
  evictablePods,
  listSchema,
  operationFor,
  ownedBy,
  podSchema,
  podsToRestart,
  podTemplateHashLabel,
  previousRevision,
  readMarker,
  replicaSetSchema,
  restoredAnnotations,
  sameTemplate,
  scaleTarget,
  templateWithoutHash,
  type ActionMarker,
  type Deployment,
} from "@/lib/execute/kubernetes-objects";
import {
  annotateDeployment,
  cordonNode,
  deploymentFor,
  evictPod,
  getDeployment,
  listPodsBySelector,
  listPodsOnNode,
  listReplicaSets,
  restartedAtAnnotation,
  restoreTemplate,
  rolloutRestart,
  scaleDeployment,
  type KubernetesRequest,
  type KubernetesTargets,
} from "@/lib/execute/kubernetes-requests";
import type { KubernetesTransport } from "./kubernetes-connection";

// Runs plan actions against the Kubernetes API. Each operation is safe to repeat with the same
// idempotency key after a crash: a restart sends the same restartedAt (the claim's time); a
// scale or a partial restart first records its absolute target on the Deployment and a retry
// reuses it; a rollback writes its marker in the same patch that restores the template; a
// cordon and an eviction are idempotent in the API itself.

export type KubernetesExecutorOptions = {
  transport: KubernetesTransport;
  targets: KubernetesTargets;
  /** Per request; never beyond the step's deadline. */
  timeoutMs?: number;
  now?: () => number;
};

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const statusMessage = (body: unknown) =>
  typeof body === "object" && body !== null && "message" in body
    ? String(body.message)
    : typeof body === "string"
      ? body.slice(0, 300)
      : "";

function toResult(e: unknown, attempts: number): ExecResult {
  if (e instanceof ApiError) {
    const detail = `Kubernetes API ${e.status}: ${e.message}`;
    // 409 Conflict and 429 (throttled, or a PodDisruptionBudget) pass with time; so do 5xx.
    if (e.status === 409 || e.status === 429 || e.status >= 500)
      return { status: "failed", detail, retryable: true, attempts };
    return { status: "rejected", detail, attempts };
  }
  const err = e as Error;
  const detail =
    err.name === "TimeoutError"
      ? "the Kubernetes API did not answer in time"
      : `Kubernetes API unreachable: ${err.message}`;
  return { status: "failed", detail, retryable: true, attempts };
}

export function createKubernetesExecutor(opts: KubernetesExecutorOptions): Executor {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const now = opts.now ?? Date.now;

  async function execute(action: PlanAction, ctx: ExecContext): Promise<ExecResult> {
    let calls = 0;
    async function call(
      req: KubernetesRequest,
      accept: readonly number[] = [],
    ): Promise<{ status: number; body: unknown }> {
      const remaining = ctx.deadline - now();
      if (remaining <= 0)
        throw Object.assign(new Error("the step's deadline has passed"), { name: "TimeoutError" });
      calls++;
      const res = await opts.transport(req, Math.min(timeoutMs, remaining));
      if ((res.status < 200 || res.status >= 300) && !accept.includes(res.status))
        throw new ApiError(res.status, statusMessage(res.body));
      return res;
    }
    const readDeployment = async (ns: string, name: string) =>
      deploymentSchema.parse((await call(getDeployment(ns, name))).body);
    const mark = (ns: string, name: string, m: ActionMarker) =>
      call(annotateDeployment(ns, name, { [actionMarkerAnnotation]: JSON.stringify(m) }));
    const key = ctx.idempotencyKey;

    const op = operationFor(action);
    if (typeof op !== "string") return { status: "rejected", detail: op.unsupported, attempts: 0 };
    try {
      if (op === "drain") {
        const node = action.target.node!;
        await call(cordonNode(node));
        const pods = evictablePods(
          listSchema(podSchema).parse((await call(listPodsOnNode(node))).body).items,
        );
        const blocked = await evict(
          pods.map((p) => [p.metadata.namespace ?? "default", p.metadata.name] as const),
        );
        if (blocked.length > 0)
          return {
            status: "failed",
            detail: `node ${node} cordoned; a PodDisruptionBudget blocks evicting ${blocked.join(", ")}`,
            retryable: true,
            attempts: calls,
          };
        return {
          status: "applied",
          detail: `node ${node} cordoned, ${pods.length} pod${pods.length === 1 ? "" : "s"} evicted`,
          attempts: calls,
        };
      }

      const { namespace: ns, name } = deploymentFor(action.target.service, opts.targets);
      const d = await readDeployment(ns, name);
      const marker = readMarker(d, key);
      switch (op) {
        case "restart": {
          const at = new Date(ctx.claimedAt).toISOString();
          const current = (d.spec.template.metadata as { annotations?: Record<string, string> } | undefined)
            ?.annotations?.[restartedAtAnnotation];
          if (current === at)
            return {
              status: "duplicate",
              detail: `${ns}/${name} was already restarted at ${at}`,
              attempts: calls,
            };
          await call(rolloutRestart(ns, name, at));
          return { status: "applied", detail: `rollout restart of ${ns}/${name}`, attempts: calls };
        }
        case "scale": {
          let target = marker?.replicas;
          if (target === undefined) {
            const t = scaleTarget(action, d.spec.replicas ?? 1);
            if ("refused" in t) return { status: "rejected", detail: t.refused, attempts: calls };
            target = t.replicas;
            await mark(ns, name, { key, replicas: target });
          } else if (d.spec.replicas === target)
            return {
              status: "duplicate",
              detail: `${ns}/${name} already at ${target} replicas`,
              attempts: calls,
            };
          await call(scaleDeployment(ns, name, target));
          return {
            status: "applied",
            detail: `${ns}/${name} scaled from ${d.spec.replicas ?? 1} to ${target} replicas`,
            attempts: calls,
          };
        }
        case "evict-replicas": {
          let names = marker?.pods;
          if (names === undefined) {
            const pods = listSchema(podSchema).parse(
              (await call(listPodsBySelector(ns, d.spec.selector))).body,
            ).items;
            names = podsToRestart(pods, action.target.replicas ?? 1).map((p) => p.metadata.name);
            if (names.length === 0)
              return {
                status: "rejected",
                detail: `no running pod of ${ns}/${name} to restart`,
                attempts: calls,
              };
            await mark(ns, name, { key, pods: names });
          }
          const blocked = await evict(names.map((n) => [ns, n] as const));
          if (blocked.length > 0)
            return {
              status: "failed",
              detail: `a PodDisruptionBudget blocks evicting ${blocked.join(", ")}`,
              retryable: true,
              attempts: calls,
            };
          return {
            status: marker ? "duplicate" : "applied",
            detail: `restarted ${names.join(", ")} by eviction`,
            attempts: calls,
          };
        }
        case "rollback":
          return await rollback(ns, name, d, marker);
      }
    } catch (e) {
      return toResult(e, calls);
    }

    /** Evicts each pod; a pod already gone (404) counts as evicted. Returns the blocked ones. */
    async function evict(pods: readonly (readonly [string, string])[]): Promise<string[]> {
      const blocked: string[] = [];
      for (const [ns, pod] of pods) {
        const res = await call(evictPod(ns, pod), [404, 429]);
        if (res.status === 429) blocked.push(`${ns}/${pod}`);
      }
      return blocked;
    }

    async function rollback(
      ns: string,
      name: string,
      d: Deployment,
      marker: ActionMarker | null,
    ): Promise<ExecResult> {
      if (d.spec.paused === true)
        return {
          status: "rejected",
          detail: `${ns}/${name} is paused; resume it before rolling back`,
          attempts: calls,
        };
      const sets = ownedBy(
        d,
        listSchema(replicaSetSchema).parse((await call(listReplicaSets(ns, d.spec.selector))).body).items,
      );
      const target =
        marker?.podTemplateHash !== undefined
          ? sets.find((rs) => rs.metadata.labels?.[podTemplateHashLabel] === marker.podTemplateHash)
          : previousRevision(d, sets);
      if (target === undefined)
        return {
          status: "rejected",
          detail: `the ReplicaSet ${marker?.podTemplateHash ?? ""} recorded for this rollback is gone`,
          attempts: calls,
        };
      if ("refused" in target) return { status: "rejected", detail: target.refused, attempts: calls };
      const hash = target.metadata.labels?.[podTemplateHashLabel] ?? target.metadata.name;
      if (sameTemplate(target.spec.template, d.spec.template))
        return {
          status: "duplicate",
          detail: `${ns}/${name} already runs the template of ${target.metadata.name}`,
          attempts: calls,
        };
      const annotations = restoredAnnotations(d, target, {
        [actionMarkerAnnotation]: JSON.stringify({ key: ctx.idempotencyKey, podTemplateHash: hash }),
      });
      await call(restoreTemplate(ns, name, templateWithoutHash(target.spec.template), annotations));
      return {
        status: "applied",
        detail: `${ns}/${name} rolled back to ReplicaSet ${target.metadata.name}`,
        attempts: calls,
      };
    }
  }

  return { name: "kubernetes", execute };
}
