import { z } from "zod";
import type { ActionKind, PlanAction } from "@/lib/plan/types";
import { canonicalJson } from "./canonical-json";
import { labelSelectorSchema } from "./kubernetes-requests";

// The parts of Kubernetes objects the executor reads, and the decisions it makes from them:
// kept pure so that the choices kubectl makes (which revision is "previous", which pods a
// drain evicts) are tested without a cluster.

const metadata = z.object({
  name: z.string(),
  namespace: z.string().optional(),
  uid: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  ownerReferences: z
    .array(
      z.object({ kind: z.string(), name: z.string(), uid: z.string(), controller: z.boolean().optional() }),
    )
    .optional(),
  creationTimestamp: z.string().optional(),
  deletionTimestamp: z.string().optional(),
});
const template = z.looseObject({
  metadata: z.looseObject({ labels: z.record(z.string(), z.string()).optional() }).optional(),
});

export const deploymentSchema = z.object({
  metadata,
  spec: z.object({
    replicas: z.number().int().optional(),
    selector: labelSelectorSchema,
    template,
    paused: z.boolean().optional(),
  }),
});
export type Deployment = z.infer<typeof deploymentSchema>;

export const replicaSetSchema = z.object({ metadata, spec: z.object({ template }) });
export type ReplicaSet = z.infer<typeof replicaSetSchema>;

export const podSchema = z.object({
  metadata,
  spec: z.object({ nodeName: z.string().optional() }).optional(),
  status: z.object({ phase: z.string().optional() }).optional(),
});
export type Pod = z.infer<typeof podSchema>;

export const listSchema = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

export const revisionAnnotation = "deployment.kubernetes.io/revision";
export const podTemplateHashLabel = "pod-template-hash";

/** Which Kubernetes operation runs a Homeostat action; the others have no Kubernetes meaning. */
export type KubernetesOperation = "scale" | "restart" | "evict-replicas" | "rollback" | "drain";
export function operationFor(action: PlanAction): KubernetesOperation | { unsupported: string } {
  const kind: ActionKind = action.kind;
  switch (kind) {
    case "scale-out":
    case "scale-in":
      return "scale";
    case "restart":
      return action.target.replicas === undefined ? "restart" : "evict-replicas";
    case "rollback":
      return "rollback";
    case "drain-node":
      return action.target.node === undefined ? { unsupported: "drain-node needs target.node" } : "drain";
    case "open-circuit-breaker":
    case "close-circuit-breaker":
    case "failover-zone":
    case "reset-pool":
    case "warm-cache":
    case "degrade":
      return { unsupported: `${kind} has no Kubernetes equivalent here; route it to the webhook executor` };
  }
}

/** Replicas after the action, from the current count (lib/sim semantics: scale-out without a
 * count doubles, scale-in without one removes one); never fewer than one. */
export function scaleTarget(action: PlanAction, current: number): { replicas: number } | { refused: string } {
  const n = action.target.replicas;
  if (action.kind === "scale-out")
    return n === 0 ? { refused: "nothing to add" } : { replicas: current + (n ?? Math.max(current, 1)) };
  const remove = n ?? 1;
  if (remove === 0) return { refused: "nothing to remove" };
  if (remove >= current) return { refused: `cannot remove ${remove} of ${current} replicas` };
  return { replicas: current - remove };
}

const revisionOf = (rs: ReplicaSet): number | null => {
  const v = rs.metadata.annotations?.[revisionAnnotation];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : null;
};

/** The ReplicaSets a Deployment controls (as `kubectl rollout history` sees them). */
export const ownedBy = (d: Deployment, sets: readonly ReplicaSet[]): ReplicaSet[] =>
  sets.filter((rs) =>
    rs.metadata.ownerReferences?.some(
      (o) => o.controller === true && o.kind === "Deployment" && o.uid === d.metadata.uid,
    ),
  );

/** `kubectl rollout undo` with no revision: the second-highest revision among the owned sets. */
export function previousRevision(
  d: Deployment,
  sets: readonly ReplicaSet[],
): ReplicaSet | { refused: string } {
  const ranked = ownedBy(d, sets)
    .map((rs) => ({ rs, rev: revisionOf(rs) }))
    .filter((x): x is { rs: ReplicaSet; rev: number } => x.rev !== null)
    .sort((a, b) => b.rev - a.rev);
  const prev = ranked[1];
  return prev === undefined
    ? { refused: `no rollout history found for deployment ${d.metadata.name}` }
    : prev.rs;
}

/** A pod template without the pod-template-hash label, which the ReplicaSet adds. */
export function templateWithoutHash(t: unknown): unknown {
  const copy = structuredClone(t) as { metadata?: { labels?: Record<string, string> } };
  if (copy.metadata?.labels) delete copy.metadata.labels[podTemplateHashLabel];
  return copy;
}

export const sameTemplate = (a: unknown, b: unknown): boolean =>
  canonicalJson(templateWithoutHash(a)) === canonicalJson(templateWithoutHash(b));

// kubectl copies these from the Deployment rather than from the ReplicaSet it restores.
const keptAnnotations = [
  "kubectl.kubernetes.io/last-applied-configuration",
  revisionAnnotation,
  "deployment.kubernetes.io/revision-history",
  "deployment.kubernetes.io/desired-replicas",
  "deployment.kubernetes.io/max-replicas",
  "deprecated.deployment.rollback.to",
];

/** The Deployment's annotations after restoring `rs`, computed as kubectl does, plus `extra`. */
export function restoredAnnotations(
  d: Deployment,
  rs: ReplicaSet,
  extra: Record<string, string> = {},
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keptAnnotations) {
    const v = d.metadata.annotations?.[k];
    if (v !== undefined) out[k] = v;
  }
  for (const [k, v] of Object.entries(rs.metadata.annotations ?? {}))
    if (!keptAnnotations.includes(k)) out[k] = v;
  return { ...out, ...extra };
}

/** The pods `kubectl drain --ignore-daemonsets` evicts: not DaemonSet-managed, not mirror
 * (static) pods, not already terminating. */
export const evictablePods = (pods: readonly Pod[]): Pod[] =>
  pods.filter(
    (p) =>
      p.metadata.deletionTimestamp === undefined &&
      p.metadata.annotations?.["kubernetes.io/config.mirror"] === undefined &&
      !(p.metadata.ownerReferences ?? []).some((o) => o.controller === true && o.kind === "DaemonSet"),
  );

/** Which `n` running pods of a Deployment a partial restart evicts: the oldest first (name
 * breaks ties so the choice is stable). */
export function podsToRestart(pods: readonly Pod[], n: number): Pod[] {
  return evictablePods(pods)
    .filter((p) => p.status?.phase === undefined || p.status.phase === "Running")
    .sort(
      (a, b) =>
        (a.metadata.creationTimestamp ?? "").localeCompare(b.metadata.creationTimestamp ?? "") ||
        a.metadata.name.localeCompare(b.metadata.name),
    )
    .slice(0, n);
}

/** Recorded on the Deployment before a non-idempotent change, so a retry after a crash
 * repeats the same absolute change instead of adding to it. */
export const actionMarkerAnnotation = "homeostat.io/last-action";
export const actionMarkerSchema = z.object({
  key: z.string(),
  replicas: z.number().int().optional(),
  podTemplateHash: z.string().optional(),
  pods: z.array(z.string()).optional(),
});
export type ActionMarker = z.infer<typeof actionMarkerSchema>;

export function readMarker(d: Deployment, key: string): ActionMarker | null {
  const raw = d.metadata.annotations?.[actionMarkerAnnotation];
  if (raw === undefined) return null;
  try {
    const parsed = actionMarkerSchema.safeParse(JSON.parse(raw));
    return parsed.success && parsed.data.key === key ? parsed.data : null;
  } catch {
    return null;
  }
}
