import { z } from "zod";

// Pure builders of the Kubernetes API requests the Kubernetes executor sends, in the shapes the
// API reference documents (apps/v1 Deployment, its scale subresource, ReplicaSet, core/v1 Node
// and Pod, policy/v1 Eviction) and with the patch types kubectl uses for the same commands.

export const mergePatch = "application/merge-patch+json";
export const strategicMergePatch = "application/strategic-merge-patch+json";
export const jsonPatch = "application/json-patch+json";

export type KubernetesRequest = {
  method: "GET" | "PATCH" | "POST";
  /** Absolute API path with its query string. */
  path: string;
  contentType?: typeof mergePatch | typeof strategicMergePatch | typeof jsonPatch | "application/json";
  body?: unknown;
};

/** Where a service runs: its Deployment. Defaults: the service's name in `namespace`. */
export const kubernetesTargetsSchema = z.object({
  namespace: z.string().min(1).default("default"),
  deployments: z
    .record(
      z.string(),
      z.object({ namespace: z.string().min(1).optional(), name: z.string().min(1).optional() }),
    )
    .default({}),
});
export type KubernetesTargets = z.infer<typeof kubernetesTargetsSchema>;

// DNS-1123 subdomain: what Kubernetes accepts as an object name. Checking it here also keeps
// a crafted name from reaching into another path.
const dns1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export function objectName(name: string): string {
  if (name.length > 253 || !dns1123.test(name))
    throw new Error(`"${name}" is not a valid Kubernetes object name`);
  return name;
}

export function deploymentFor(
  service: string,
  targets: KubernetesTargets,
): { namespace: string; name: string } {
  const d = targets.deployments[service];
  return { namespace: objectName(d?.namespace ?? targets.namespace), name: objectName(d?.name ?? service) };
}

const deploymentPath = (ns: string, name: string) =>
  `/apis/apps/v1/namespaces/${objectName(ns)}/deployments/${objectName(name)}`;

export const getDeployment = (ns: string, name: string): KubernetesRequest => ({
  method: "GET",
  path: deploymentPath(ns, name),
});

export const getScale = (ns: string, name: string): KubernetesRequest => ({
  method: "GET",
  path: `${deploymentPath(ns, name)}/scale`,
});

/** `kubectl scale deployment/<name> --replicas=N`: a merge patch of the scale subresource. */
export function scaleDeployment(ns: string, name: string, replicas: number): KubernetesRequest {
  if (!Number.isInteger(replicas) || replicas < 0)
    throw new Error(`replicas must be a whole number ≥ 0, got ${replicas}`);
  return {
    method: "PATCH",
    path: `${deploymentPath(ns, name)}/scale`,
    contentType: mergePatch,
    body: { spec: { replicas } },
  };
}

export const restartedAtAnnotation = "kubectl.kubernetes.io/restartedAt";

/** `kubectl rollout restart`: a new pod-template annotation starts a rolling replacement.
 * The same `restartedAt` sent twice changes nothing, which makes the request idempotent. */
export const rolloutRestart = (ns: string, name: string, restartedAt: string): KubernetesRequest => ({
  method: "PATCH",
  path: deploymentPath(ns, name),
  contentType: strategicMergePatch,
  body: { spec: { template: { metadata: { annotations: { [restartedAtAnnotation]: restartedAt } } } } },
});

/** Sets (or, with null, removes) annotations on the Deployment object itself. */
export const annotateDeployment = (
  ns: string,
  name: string,
  annotations: Record<string, string | null>,
): KubernetesRequest => ({
  method: "PATCH",
  path: deploymentPath(ns, name),
  contentType: mergePatch,
  body: { metadata: { annotations } },
});

/** `kubectl rollout undo`'s own request: a JSON patch replacing the pod template with the
 * chosen ReplicaSet's (its pod-template-hash label removed) and the Deployment's annotations. */
export const restoreTemplate = (
  ns: string,
  name: string,
  template: unknown,
  annotations: Record<string, string>,
): KubernetesRequest => ({
  method: "PATCH",
  path: deploymentPath(ns, name),
  contentType: jsonPatch,
  body: [
    { op: "replace", path: "/spec/template", value: template },
    { op: "replace", path: "/metadata/annotations", value: annotations },
  ],
});

export const labelSelectorSchema = z.object({
  matchLabels: z.record(z.string(), z.string()).optional(),
  matchExpressions: z
    .array(
      z.object({
        key: z.string(),
        operator: z.enum(["In", "NotIn", "Exists", "DoesNotExist"]),
        values: z.array(z.string()).optional(),
      }),
    )
    .optional(),
});
export type LabelSelector = z.infer<typeof labelSelectorSchema>;

/** The string form of a LabelSelector, as the `labelSelector` query parameter takes it. */
export function selectorString(s: LabelSelector): string {
  const labels = Object.entries(s.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  const exprs = (s.matchExpressions ?? []).map((e) => {
    const values = (e.values ?? []).join(",");
    switch (e.operator) {
      case "In":
        return `${e.key} in (${values})`;
      case "NotIn":
        return `${e.key} notin (${values})`;
      case "Exists":
        return e.key;
      case "DoesNotExist":
        return `!${e.key}`;
    }
  });
  const all = [...labels, ...exprs];
  // An empty selector would select every object in the namespace.
  if (all.length === 0) throw new Error("refusing an empty label selector");
  return all.join(",");
}

export const listReplicaSets = (ns: string, selector: LabelSelector): KubernetesRequest => ({
  method: "GET",
  path: `/apis/apps/v1/namespaces/${objectName(ns)}/replicasets?labelSelector=${encodeURIComponent(selectorString(selector))}`,
});

export const listPodsBySelector = (ns: string, selector: LabelSelector): KubernetesRequest => ({
  method: "GET",
  path: `/api/v1/namespaces/${objectName(ns)}/pods?labelSelector=${encodeURIComponent(selectorString(selector))}`,
});

/** `kubectl cordon`: marks the node unschedulable. */
export const cordonNode = (node: string): KubernetesRequest => ({
  method: "PATCH",
  path: `/api/v1/nodes/${objectName(node)}`,
  contentType: mergePatch,
  body: { spec: { unschedulable: true } },
});

/** Every pod on the node, in all namespaces (what `kubectl drain` lists). */
export const listPodsOnNode = (node: string): KubernetesRequest => ({
  method: "GET",
  path: `/api/v1/pods?fieldSelector=${encodeURIComponent(`spec.nodeName=${objectName(node)}`)}`,
});

/** An Eviction honours PodDisruptionBudgets (the API answers 429 while one forbids it). */
export const evictPod = (ns: string, name: string): KubernetesRequest => ({
  method: "POST",
  path: `/api/v1/namespaces/${objectName(ns)}/pods/${objectName(name)}/eviction`,
  contentType: "application/json",
  body: { apiVersion: "policy/v1", kind: "Eviction", metadata: { name, namespace: ns } },
});
