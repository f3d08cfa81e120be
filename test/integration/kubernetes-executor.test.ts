import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/server/env";
import { chooseExecutor } from "@/lib/server/loop/choose-executor";
import { idempotencyKeyFor, type ExecContext } from "@/lib/execute/executor-port";
import type { Pod, ReplicaSet } from "@/lib/execute/kubernetes-objects";
import { kubernetesTargetsSchema } from "@/lib/execute/kubernetes-requests";
import type { PlanAction } from "@/lib/plan/types";
import {
  createKubernetesTransport,
  kubeconfigConnection,
} from "@/lib/server/execute/executors/kubernetes-connection";
import { createKubernetesExecutor } from "@/lib/server/execute/executors/kubernetes-executor";
import {
  apiToken as token,
  startKubernetesApiMock,
  useMockState,
  type MockState,
} from "./kubernetes-api-mock";

// The Kubernetes API here is A MOCK (./kubernetes-api-mock.ts), because no cluster can run on
// this machine: it checks each request against the API reference's documented shapes and
// records any violation; every test asserts there were none.

const uid = "dep-uid-1";
let state: MockState;
let mock: Awaited<ReturnType<typeof startKubernetesApiMock>>;
let serverUrl: string;

const template = (image: string, hash?: string) => ({
  metadata: { labels: { app: "api", ...(hash ? { "pod-template-hash": hash } : {}) } },
  spec: { containers: [{ name: "api", image }] },
});
const replicaSet = (hash: string, revision: number, image: string, owner = uid): ReplicaSet => ({
  metadata: {
    name: `api-${hash}`,
    labels: { app: "api", "pod-template-hash": hash },
    annotations: { "deployment.kubernetes.io/revision": String(revision) },
    ownerReferences: [{ kind: "Deployment", name: "api", uid: owner, controller: true }],
  },
  spec: { template: template(image, hash) },
});
const pod = (
  name: string,
  node: string,
  extra: Partial<Pod["metadata"]> = {},
  labels: Record<string, string> = { app: "api" },
): Pod => ({
  metadata: {
    name,
    namespace: "shop",
    labels,
    creationTimestamp: `2026-11-0${name.length % 9}T00:00:00Z`,
    ...extra,
  },
  spec: { nodeName: node },
  status: { phase: "Running" },
});

function freshState(): MockState {
  return {
    deployments: new Map([
      [
        "shop/api",
        {
          metadata: {
            name: "api",
            namespace: "shop",
            uid,
            annotations: {
              "deployment.kubernetes.io/revision": "3",
              "kubectl.kubernetes.io/last-applied-configuration": "{}",
            },
          },
          spec: { replicas: 3, selector: { matchLabels: { app: "api" } }, template: template("api:v3") },
        },
      ],
    ]),
    replicaSets: [
      replicaSet("h1", 1, "api:v1"),
      replicaSet("h2", 2, "api:v2"),
      replicaSet("h3", 3, "api:v3"),
      replicaSet("zz", 7, "other:v9", "someone-else"),
    ],
    pods: [
      pod("api-a", "node-1", { creationTimestamp: "2026-11-01T00:00:00Z" }),
      pod("api-b", "node-2", { creationTimestamp: "2026-11-02T00:00:00Z" }),
      pod("api-c", "node-1", { creationTimestamp: "2026-11-03T00:00:00Z" }),
      pod(
        "log-agent",
        "node-1",
        { ownerReferences: [{ kind: "DaemonSet", name: "log-agent", uid: "ds", controller: true }] },
        { app: "log" },
      ),
      pod(
        "static-etcd",
        "node-1",
        { annotations: { "kubernetes.io/config.mirror": "abc" } },
        { app: "etcd" },
      ),
    ],
    nodes: new Map([
      ["node-1", { unschedulable: false }],
      ["node-2", { unschedulable: false }],
    ]),
    pdbBlocked: new Set(),
    fail: () => null,
    requests: [],
    violations: [],
  };
}

beforeAll(async () => {
  mock = await startKubernetesApiMock();
  serverUrl = mock.url;
});
afterAll(() => mock.close());
beforeEach(() => {
  state = freshState();
  useMockState(state);
});

const kubeconfig = () => `
apiVersion: v1
kind: Config
current-context: test
contexts: [{ name: test, context: { cluster: fake, user: bot } }]
clusters: [{ name: fake, cluster: { server: "${serverUrl}" } }]
users: [{ name: bot, user: { token: ${token} } }]
`;
const executor = () =>
  createKubernetesExecutor({
    transport: createKubernetesTransport(kubeconfigConnection(kubeconfig())),
    targets: kubernetesTargetsSchema.parse({ namespace: "shop" }),
    timeoutMs: 2_000,
  });
const claimedAt = Date.parse("2026-11-27T03:00:00.000Z");
const ctx = (step = 0): ExecContext => ({
  planId: "plan-9",
  step,
  phase: "execute",
  idempotencyKey: idempotencyKeyFor("plan-9", step, "execute"),
  fencingToken: 1,
  claimedAt,
  deadline: Date.now() + 30_000,
});
const act = (kind: PlanAction["kind"], target: Partial<PlanAction["target"]> = {}): PlanAction => ({
  kind,
  target: { service: "api", ...target },
  params: {},
});
const calls = () =>
  state.requests.map((r) => `${r.method} ${r.path}${r.contentType ? ` ${r.contentType}` : ""}`);
const deployment = () => state.deployments.get("shop/api")!;

describe("Kubernetes executor against a mock API server", () => {
  it("is what HOMEOSTAT_EXECUTOR=kubernetes runs plans through, with the kubeconfig and namespace it names", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "homeostat-kube-"));
    const file = path.join(dir, "kubeconfig");
    writeFileSync(file, kubeconfig());
    const e = parseEnv({ HOMEOSTAT_EXECUTOR: "kubernetes", HOMEOSTAT_KUBECONFIG: file, HOMEOSTAT_KUBE_NAMESPACE: "shop" });
    const chosen = chooseExecutor(null, Date.now, e);
    expect(chosen).toBe(chooseExecutor(null, Date.now, e));
    expect(await chosen!.execute(act("scale-out", { replicas: 2 }), ctx())).toMatchObject({ status: "applied" });
    expect(deployment().spec.replicas).toBe(5);
    expect(state.violations).toEqual([]);
    rmSync(dir, { recursive: true });
    expect(() => chooseExecutor(null, Date.now, parseEnv({ HOMEOSTAT_EXECUTOR: "kubernetes", HOMEOSTAT_KUBECONFIG: file }))).toThrow(/no such file/);
  });

  it("scales out through the scale subresource, and a re-run with the same key does not add again", async () => {
    expect(await executor().execute(act("scale-out", { replicas: 2 }), ctx())).toMatchObject({
      status: "applied",
    });
    expect(calls()).toEqual([
      "GET /apis/apps/v1/namespaces/shop/deployments/api",
      "PATCH /apis/apps/v1/namespaces/shop/deployments/api application/merge-patch+json",
      "PATCH /apis/apps/v1/namespaces/shop/deployments/api/scale application/merge-patch+json",
    ]);
    expect(state.requests[2]!.body).toEqual({ spec: { replicas: 5 } });
    expect(await executor().execute(act("scale-out", { replicas: 2 }), ctx())).toMatchObject({
      status: "duplicate",
    });
    expect(deployment().spec.replicas).toBe(5);
    expect(state.violations).toEqual([]);
  });

  it("after a failure between recording the target and scaling, the retry scales to the same absolute target", async () => {
    state.fail = (method, path) => (method === "PATCH" && path.endsWith("/scale") ? 503 : null);
    expect(await executor().execute(act("scale-out", { replicas: 2 }), ctx())).toMatchObject({
      status: "failed",
      retryable: true,
    });
    expect(deployment().spec.replicas).toBe(3);
    state.fail = () => null;
    expect(await executor().execute(act("scale-out", { replicas: 2 }), ctx())).toMatchObject({
      status: "applied",
    });
    expect(deployment().spec.replicas).toBe(5);
    expect(state.violations).toEqual([]);
  });

  it("refuses to scale in to zero", async () => {
    expect(await executor().execute(act("scale-in", { replicas: 3 }), ctx())).toMatchObject({
      status: "rejected",
      detail: "cannot remove 3 of 3 replicas",
    });
  });

  it("restarts with a strategic merge patch of restartedAt set to the claim time; the retry is a duplicate", async () => {
    expect(await executor().execute(act("restart"), ctx())).toMatchObject({ status: "applied" });
    const patch = state.requests.find((r) => r.method === "PATCH")!;
    expect(patch.contentType).toBe("application/strategic-merge-patch+json");
    expect(patch.body).toEqual({
      spec: {
        template: {
          metadata: { annotations: { "kubectl.kubernetes.io/restartedAt": "2026-11-27T03:00:00.000Z" } },
        },
      },
    });
    expect(deployment().metadata.annotations?.["deployment.kubernetes.io/revision"]).toBe("4");
    state.requests = [];
    expect(await executor().execute(act("restart"), ctx())).toMatchObject({ status: "duplicate" });
    expect(calls()).toEqual(["GET /apis/apps/v1/namespaces/shop/deployments/api"]);
    expect(state.violations).toEqual([]);
  });

  it("restarts one replica by evicting the oldest pod of the Deployment", async () => {
    expect(await executor().execute(act("restart", { replicas: 1 }), ctx())).toMatchObject({
      status: "applied",
      detail: "restarted api-a by eviction",
    });
    expect(calls()).toContain("GET /api/v1/namespaces/shop/pods?labelSelector=app%3Dapi");
    expect(calls()).toContain("POST /api/v1/namespaces/shop/pods/api-a/eviction application/json");
    expect(state.pods.map((p) => p.metadata.name)).not.toContain("api-a");
    expect(await executor().execute(act("restart", { replicas: 1 }), ctx())).toMatchObject({
      status: "duplicate",
    });
    expect(state.pods.map((p) => p.metadata.name)).toContain("api-b");
    expect(state.violations).toEqual([]);
  });

  it("rolls back to the previous revision with kubectl's JSON patch, once", async () => {
    expect(await executor().execute(act("rollback"), ctx())).toMatchObject({
      status: "applied",
      detail: "shop/api rolled back to ReplicaSet api-h2",
    });
    expect(calls()).toContain("GET /apis/apps/v1/namespaces/shop/replicasets?labelSelector=app%3Dapi");
    const patch = state.requests.find((r) => r.method === "PATCH")!;
    expect(patch.contentType).toBe("application/json-patch+json");
    const [tpl, ann] = patch.body as [{ value: unknown }, { value: Record<string, string> }];
    expect(tpl.value).toEqual(template("api:v2"));
    expect(ann.value["kubectl.kubernetes.io/last-applied-configuration"]).toBe("{}");
    expect(deployment().spec.template).toEqual(template("api:v2"));
    expect(deployment().metadata.annotations?.["deployment.kubernetes.io/revision"]).toBe("4");
    // A retry of the same step must not undo the undo (kubectl rollout undo twice would).
    expect(await executor().execute(act("rollback"), ctx())).toMatchObject({ status: "duplicate" });
    expect(deployment().spec.template).toEqual(template("api:v2"));
    expect(state.violations).toEqual([]);
  });

  it("cordons and drains a node: evicts all but DaemonSet and mirror pods; a PodDisruptionBudget makes it retryable", async () => {
    state.pdbBlocked.add("api-c");
    const first = await executor().execute(act("drain-node", { service: "*", node: "node-1" }), ctx());
    expect(first).toMatchObject({
      status: "failed",
      retryable: true,
      detail: expect.stringMatching(/shop\/api-c/) as unknown,
    });
    expect(state.nodes.get("node-1")?.unschedulable).toBe(true);
    expect(calls()[0]).toBe("PATCH /api/v1/nodes/node-1 application/merge-patch+json");
    expect(calls()[1]).toBe("GET /api/v1/pods?fieldSelector=spec.nodeName%3Dnode-1");
    state.pdbBlocked.clear();
    expect(
      await executor().execute(act("drain-node", { service: "*", node: "node-1" }), ctx()),
    ).toMatchObject({ status: "applied" });
    expect(
      state.pods
        .filter((p) => p.spec?.nodeName === "node-1")
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual(["log-agent", "static-etcd"]);
    expect(state.violations).toEqual([]);
  });

  it("refuses kinds with no Kubernetes meaning without calling the API, and maps API errors", async () => {
    expect(await executor().execute(act("open-circuit-breaker"), ctx())).toMatchObject({
      status: "rejected",
      attempts: 0,
    });
    expect(state.requests).toEqual([]);
    expect(await executor().execute(act("restart", { service: "missing" }), ctx())).toMatchObject({
      status: "rejected",
      detail: expect.stringMatching(/404.*not found/) as unknown,
    });
    state.fail = () => 503;
    expect(await executor().execute(act("restart"), ctx())).toMatchObject({
      status: "failed",
      retryable: true,
    });
    state.fail = () => 403;
    expect(await executor().execute(act("restart"), ctx())).toMatchObject({ status: "rejected" });
  });

  it("sends the kubeconfig's bearer token; a wrong one is refused as 401", async () => {
    const bad = createKubernetesExecutor({
      transport: createKubernetesTransport({ server: serverUrl, token: "wrong" }),
      targets: kubernetesTargetsSchema.parse({ namespace: "shop" }),
    });
    expect(await bad.execute(act("restart"), ctx())).toMatchObject({
      status: "rejected",
      detail: expect.stringMatching(/401/) as unknown,
    });
  });
});
