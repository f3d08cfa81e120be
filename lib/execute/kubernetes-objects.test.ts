import { describe, expect, it } from "vitest";
import { actionKinds, type PlanAction } from "@/lib/plan/types";
import {
  evictablePods,
  operationFor,
  podsToRestart,
  previousRevision,
  readMarker,
  restoredAnnotations,
  sameTemplate,
  scaleTarget,
  type Deployment,
  type Pod,
  type ReplicaSet,
} from "./kubernetes-objects";

const deployment: Deployment = {
  metadata: {
    name: "api",
    namespace: "shop",
    uid: "d-1",
    annotations: { "deployment.kubernetes.io/revision": "3", note: "deploy" },
  },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: "api" } },
    template: { metadata: { labels: { app: "api" } }, spec: { image: "v3" } },
  },
};
const rs = (name: string, revision: string, owner = "d-1", image = name): ReplicaSet => ({
  metadata: {
    name,
    annotations: { "deployment.kubernetes.io/revision": revision, "change-cause": image },
    ownerReferences: [{ kind: "Deployment", name: "api", uid: owner, controller: true }],
  },
  spec: { template: { metadata: { labels: { app: "api", "pod-template-hash": name } }, spec: { image } } },
});
const act = (kind: PlanAction["kind"], replicas?: number, node?: string): PlanAction => ({
  kind,
  target: { service: "api", ...(replicas !== undefined ? { replicas } : {}), ...(node ? { node } : {}) },
  params: {},
});

describe("Kubernetes decisions", () => {
  it("maps each Homeostat action kind to an operation or a clear refusal", () => {
    const ops = Object.fromEntries(actionKinds.map((k) => [k, operationFor(act(k, undefined, "n1"))]));
    expect(ops).toMatchObject({
      restart: "restart",
      "scale-out": "scale",
      "scale-in": "scale",
      rollback: "rollback",
      "drain-node": "drain",
    });
    expect(operationFor(act("restart", 1))).toBe("evict-replicas");
    expect(operationFor(act("drain-node"))).toEqual({ unsupported: "drain-node needs target.node" });
    expect(operationFor(act("open-circuit-breaker"))).toEqual({
      unsupported: expect.stringMatching(/no Kubernetes equivalent.*webhook/) as unknown,
    });
  });

  it("scales like the simulated fleet and never to zero", () => {
    expect(scaleTarget(act("scale-out", 2), 3)).toEqual({ replicas: 5 });
    expect(scaleTarget(act("scale-out"), 3)).toEqual({ replicas: 6 });
    expect(scaleTarget(act("scale-in"), 3)).toEqual({ replicas: 2 });
    expect(scaleTarget(act("scale-in", 3), 3)).toEqual({ refused: "cannot remove 3 of 3 replicas" });
  });

  it("picks the second-highest owned revision, ignoring ReplicaSets of other Deployments", () => {
    const sets = [
      rs("a", "1"),
      rs("c", "3"),
      rs("b", "2"),
      rs("x", "9", "other"),
      { ...rs("y", "4"), metadata: { ...rs("y", "4").metadata, annotations: {} } },
    ];
    expect((previousRevision(deployment, sets) as ReplicaSet).metadata.name).toBe("b");
    expect(previousRevision(deployment, [rs("c", "3")])).toEqual({
      refused: "no rollout history found for deployment api",
    });
  });

  it("compares templates without the pod-template-hash label and restores annotations as kubectl does", () => {
    expect(sameTemplate(rs("c", "3", "d-1", "v3").spec.template, deployment.spec.template)).toBe(true);
    expect(sameTemplate(rs("b", "2").spec.template, deployment.spec.template)).toBe(false);
    expect(restoredAnnotations(deployment, rs("b", "2"), { mark: "m" })).toEqual({
      "deployment.kubernetes.io/revision": "3",
      "change-cause": "b",
      mark: "m",
    });
  });

  it("drains what kubectl drain --ignore-daemonsets evicts, and restarts the oldest pods first", () => {
    const pod = (
      name: string,
      extra: Partial<Pod["metadata"]> = {},
      created = "2026-01-01T00:00:00Z",
    ): Pod => ({
      metadata: { name, namespace: "shop", creationTimestamp: created, ...extra },
      status: { phase: "Running" },
    });
    const pods = [
      pod("web-1"),
      pod("ds-1", { ownerReferences: [{ kind: "DaemonSet", name: "ds", uid: "u", controller: true }] }),
      pod("static-1", { annotations: { "kubernetes.io/config.mirror": "x" } }),
      pod("gone-1", { deletionTimestamp: "2026-01-01T00:00:00Z" }),
    ];
    expect(evictablePods(pods).map((p) => p.metadata.name)).toEqual(["web-1"]);
    const replicas = [
      pod("api-c", {}, "2026-01-03T00:00:00Z"),
      pod("api-b", {}, "2026-01-01T00:00:00Z"),
      pod("api-a", {}, "2026-01-01T00:00:00Z"),
    ];
    expect(podsToRestart(replicas, 2).map((p) => p.metadata.name)).toEqual(["api-a", "api-b"]);
  });

  it("reads the retry marker only for the same idempotency key", () => {
    const marked = (v: string): Deployment => ({
      ...deployment,
      metadata: { ...deployment.metadata, annotations: { "homeostat.io/last-action": v } },
    });
    expect(readMarker(marked('{"key":"k1","replicas":5}'), "k1")).toEqual({ key: "k1", replicas: 5 });
    expect(readMarker(marked('{"key":"k1","replicas":5}'), "k2")).toBeNull();
    expect(readMarker(marked("not json"), "k1")).toBeNull();
  });
});
