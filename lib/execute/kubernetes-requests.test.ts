import { describe, expect, it } from "vitest";
import {
  cordonNode,
  deploymentFor,
  evictPod,
  kubernetesTargetsSchema,
  listPodsOnNode,
  listReplicaSets,
  objectName,
  restoreTemplate,
  rolloutRestart,
  scaleDeployment,
  selectorString,
} from "./kubernetes-requests";

describe("Kubernetes request builders", () => {
  it("scale: merge patch of the Deployment's scale subresource", () => {
    expect(scaleDeployment("shop", "api", 5)).toEqual({
      method: "PATCH",
      path: "/apis/apps/v1/namespaces/shop/deployments/api/scale",
      contentType: "application/merge-patch+json",
      body: { spec: { replicas: 5 } },
    });
    expect(() => scaleDeployment("shop", "api", -1)).toThrow();
  });

  it("rollout restart: strategic merge patch of the pod template's restartedAt annotation", () => {
    expect(rolloutRestart("shop", "api", "2027-01-15T08:00:00Z")).toEqual({
      method: "PATCH",
      path: "/apis/apps/v1/namespaces/shop/deployments/api",
      contentType: "application/strategic-merge-patch+json",
      body: {
        spec: {
          template: {
            metadata: { annotations: { "kubectl.kubernetes.io/restartedAt": "2027-01-15T08:00:00Z" } },
          },
        },
      },
    });
  });

  it("rollback: JSON patch replacing the template and annotations, as kubectl rollout undo sends", () => {
    const r = restoreTemplate("shop", "api", { spec: { containers: [] } }, { a: "b" });
    expect(r.contentType).toBe("application/json-patch+json");
    expect(r.body).toEqual([
      { op: "replace", path: "/spec/template", value: { spec: { containers: [] } } },
      { op: "replace", path: "/metadata/annotations", value: { a: "b" } },
    ]);
  });

  it("cordon and drain: node merge patch, field-selected pod list, policy/v1 Eviction", () => {
    expect(cordonNode("node-1")).toEqual({
      method: "PATCH",
      path: "/api/v1/nodes/node-1",
      contentType: "application/merge-patch+json",
      body: { spec: { unschedulable: true } },
    });
    expect(listPodsOnNode("node-1").path).toBe("/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-1");
    expect(evictPod("shop", "api-7d9-x")).toEqual({
      method: "POST",
      path: "/api/v1/namespaces/shop/pods/api-7d9-x/eviction",
      contentType: "application/json",
      body: { apiVersion: "policy/v1", kind: "Eviction", metadata: { name: "api-7d9-x", namespace: "shop" } },
    });
  });

  it("writes label selectors in their string form and refuses an empty one", () => {
    const s = {
      matchLabels: { app: "api" },
      matchExpressions: [
        { key: "tier", operator: "In" as const, values: ["a", "b"] },
        { key: "canary", operator: "DoesNotExist" as const },
      ],
    };
    expect(selectorString(s)).toBe("app=api,tier in (a,b),!canary");
    expect(listReplicaSets("shop", { matchLabels: { app: "api" } }).path).toBe(
      "/apis/apps/v1/namespaces/shop/replicasets?labelSelector=app%3Dapi",
    );
    expect(() => selectorString({})).toThrow(/empty/);
  });

  it("maps services to Deployments and refuses names Kubernetes would not accept", () => {
    const targets = kubernetesTargetsSchema.parse({
      namespace: "shop",
      deployments: { payments: { namespace: "pay", name: "payments-v2" } },
    });
    expect(deploymentFor("api", targets)).toEqual({ namespace: "shop", name: "api" });
    expect(deploymentFor("payments", targets)).toEqual({ namespace: "pay", name: "payments-v2" });
    for (const bad of ["API", "a/../b", "", "-a", "a".repeat(254)]) expect(() => objectName(bad)).toThrow();
  });
});
