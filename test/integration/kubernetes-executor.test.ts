import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { idempotencyKeyFor, type ExecContext } from "@/lib/execute/executor-port";
import { sameTemplate, type Deployment, type Pod, type ReplicaSet } from "@/lib/execute/kubernetes-objects";
import { kubernetesTargetsSchema } from "@/lib/execute/kubernetes-requests";
import type { PlanAction } from "@/lib/plan/types";
import {
  createKubernetesTransport,
  kubeconfigConnection,
} from "@/lib/server/execute/executors/kubernetes-connection";
import { createKubernetesExecutor } from "@/lib/server/execute/executors/kubernetes-executor";

// THIS IS A MOCK of the Kubernetes API server, because no cluster can run on this machine.
// It serves only the endpoints the executor uses and checks every request against the shapes
// the Kubernetes API reference documents: method, path, Content-Type (merge, strategic-merge
// or JSON patch), Authorization, and strict body schemas; anything else is recorded as a
// violation (and answered 400/404/415), and each test asserts there were none. It answers as
// the API server does (objects, Status on errors), and imitates the Deployment controller just
// enough to keep ReplicaSet revisions the way `kubectl rollout` sees them.

const token = "test-token";
const uid = "dep-uid-1";

type State = {
  deployments: Map<string, Deployment>;
  replicaSets: ReplicaSet[];
  pods: Pod[];
  nodes: Map<string, { unschedulable: boolean }>;
  pdbBlocked: Set<string>;
  fail: (method: string, path: string) => number | null;
  requests: { method: string; path: string; contentType: string | undefined; body: unknown }[];
  violations: string[];
};
let state: State;
let server: Server;
let serverUrl: string;

const status = (code: number, message: string) => ({
  kind: "Status",
  apiVersion: "v1",
  status: "Failure",
  message,
  code,
});
const annotationsPatch = z.strictObject({
  metadata: z.strictObject({ annotations: z.record(z.string(), z.string().nullable()) }),
});
const restartPatch = z.strictObject({
  spec: z.strictObject({
    template: z.strictObject({ metadata: z.strictObject({ annotations: z.record(z.string(), z.string()) }) }),
  }),
});
const templateJsonPatch = z.tuple([
  z.strictObject({
    op: z.literal("replace"),
    path: z.literal("/spec/template"),
    value: z.looseObject({ metadata: z.looseObject({}), spec: z.looseObject({}) }),
  }),
  z.strictObject({
    op: z.literal("replace"),
    path: z.literal("/metadata/annotations"),
    value: z.record(z.string(), z.string()),
  }),
]);
const scalePatch = z.strictObject({ spec: z.strictObject({ replicas: z.number().int().min(0) }) });
const nodePatch = z.strictObject({ spec: z.strictObject({ unschedulable: z.literal(true) }) });
const eviction = z.strictObject({
  apiVersion: z.literal("policy/v1"),
  kind: z.literal("Eviction"),
  metadata: z.strictObject({ name: z.string(), namespace: z.string() }),
});

const matches = (labels: Record<string, string> | undefined, selector: string) =>
  selector.split(",").every((term) => {
    const [k, v] = term.split("=");
    return k !== undefined && v !== undefined && labels?.[k] === v;
  });

/** The Deployment controller, reduced to revisions: the ReplicaSet whose template matches the
 * new one (or a new ReplicaSet) becomes the highest revision. */
function rollOut(d: Deployment) {
  const owned = state.replicaSets.filter((rs) => rs.metadata.ownerReferences?.[0]?.uid === d.metadata.uid);
  const next =
    1 +
    Math.max(
      0,
      ...owned.map((rs) => Number(rs.metadata.annotations?.["deployment.kubernetes.io/revision"] ?? 0)),
    );
  let rs = owned.find((r) => sameTemplate(r.spec.template, d.spec.template));
  if (!rs) {
    const hash = `h${next}`;
    const template = structuredClone(d.spec.template) as { metadata?: { labels?: Record<string, string> } };
    template.metadata = {
      ...template.metadata,
      labels: { ...template.metadata?.labels, "pod-template-hash": hash },
    };
    rs = {
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        labels: { ...template.metadata.labels },
        annotations: {},
        ownerReferences: [
          { kind: "Deployment", name: d.metadata.name, uid: d.metadata.uid!, controller: true },
        ],
      },
      spec: { template },
    };
    state.replicaSets.push(rs);
  }
  rs.metadata.annotations = { ...rs.metadata.annotations, "deployment.kubernetes.io/revision": String(next) };
  d.metadata.annotations = { ...d.metadata.annotations, "deployment.kubernetes.io/revision": String(next) };
}

function handle(method: string, url: URL, contentType: string | undefined, body: unknown): [number, unknown] {
  const path = url.pathname;
  const violation = (code: number, why: string): [number, unknown] => {
    state.violations.push(`${method} ${path}: ${why}`);
    return [code, status(code, why)];
  };
  const parse = <T>(schema: z.ZodType<T>, wantType: string): T | [number, unknown] => {
    if (contentType !== wantType)
      return violation(415, `expected Content-Type ${wantType}, got ${contentType}`);
    const r = schema.safeParse(body);
    return r.success
      ? r.data
      : violation(422, `body does not match the documented shape: ${r.error.message}`);
  };
  const isError = (x: unknown): x is [number, unknown] =>
    Array.isArray(x) && typeof x[0] === "number" && x.length === 2 && !("op" in (x[1] as object));

  let m = /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/deployments\/([^/]+)(\/scale)?$/.exec(path);
  if (m) {
    const d = state.deployments.get(`${m[1]}/${m[2]}`);
    if (!d) return [404, status(404, `deployments.apps "${m[2]}" not found`)];
    const asObject = () => ({ apiVersion: "apps/v1", kind: "Deployment", ...d });
    if (m[3]) {
      if (method !== "PATCH") return violation(405, "only PATCH of the scale subresource is expected");
      const p = parse(scalePatch, "application/merge-patch+json");
      if (isError(p)) return p;
      d.spec.replicas = p.spec.replicas;
      return [
        200,
        {
          apiVersion: "autoscaling/v1",
          kind: "Scale",
          metadata: { name: d.metadata.name, namespace: m[1] },
          spec: { replicas: p.spec.replicas },
          status: { replicas: p.spec.replicas },
        },
      ];
    }
    if (method === "GET") return [200, asObject()];
    if (method !== "PATCH") return violation(405, "unexpected method");
    if (contentType === "application/merge-patch+json") {
      const p = parse(annotationsPatch, contentType);
      if (isError(p)) return p;
      const next = { ...d.metadata.annotations };
      for (const [k, v] of Object.entries(p.metadata.annotations))
        if (v === null) delete next[k];
        else next[k] = v;
      d.metadata.annotations = next;
      return [200, asObject()];
    }
    if (contentType === "application/strategic-merge-patch+json") {
      const p = parse(restartPatch, contentType);
      if (isError(p)) return p;
      const t = d.spec.template as { metadata?: { annotations?: Record<string, string> } };
      t.metadata = {
        ...t.metadata,
        annotations: { ...t.metadata?.annotations, ...p.spec.template.metadata.annotations },
      };
      rollOut(d);
      return [200, asObject()];
    }
    if (contentType === "application/json-patch+json") {
      const p = parse(templateJsonPatch, contentType);
      if (isError(p)) return p;
      d.spec.template = p[0].value;
      d.metadata.annotations = p[1].value;
      rollOut(d);
      return [200, asObject()];
    }
    return violation(415, `unsupported patch type ${contentType}`);
  }
  m = /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/replicasets$/.exec(path);
  if (m && method === "GET") {
    const sel = url.searchParams.get("labelSelector");
    if (!sel) return violation(400, "listing ReplicaSets without a labelSelector");
    return [
      200,
      {
        apiVersion: "apps/v1",
        kind: "ReplicaSetList",
        items: state.replicaSets.filter((rs) => matches(rs.metadata.labels, sel)),
      },
    ];
  }
  m = /^\/api\/v1\/namespaces\/([^/]+)\/pods$/.exec(path);
  if (m && method === "GET") {
    const sel = url.searchParams.get("labelSelector");
    if (!sel) return violation(400, "listing pods without a labelSelector");
    return [
      200,
      {
        apiVersion: "v1",
        kind: "PodList",
        items: state.pods.filter((p) => p.metadata.namespace === m![1] && matches(p.metadata.labels, sel)),
      },
    ];
  }
  if (path === "/api/v1/pods" && method === "GET") {
    const field = url.searchParams.get("fieldSelector") ?? "";
    const node = /^spec\.nodeName=(.+)$/.exec(field)?.[1];
    if (!node) return violation(400, `expected fieldSelector spec.nodeName=<node>, got "${field}"`);
    return [
      200,
      { apiVersion: "v1", kind: "PodList", items: state.pods.filter((p) => p.spec?.nodeName === node) },
    ];
  }
  m = /^\/api\/v1\/nodes\/([^/]+)$/.exec(path);
  if (m && method === "PATCH") {
    const p = parse(nodePatch, "application/merge-patch+json");
    if (isError(p)) return p;
    const n = state.nodes.get(m[1]!);
    if (!n) return [404, status(404, `nodes "${m[1]}" not found`)];
    n.unschedulable = true;
    return [200, { apiVersion: "v1", kind: "Node", metadata: { name: m[1] }, spec: { unschedulable: true } }];
  }
  m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/eviction$/.exec(path);
  if (m && method === "POST") {
    const p = parse(eviction, "application/json");
    if (isError(p)) return p;
    if (p.metadata.name !== m[2] || p.metadata.namespace !== m[1])
      return violation(400, "Eviction metadata does not name the pod in the path");
    const i = state.pods.findIndex((x) => x.metadata.namespace === m[1] && x.metadata.name === m[2]);
    if (i < 0) return [404, status(404, `pods "${m[2]}" not found`)];
    if (state.pdbBlocked.has(m[2]))
      return [429, status(429, "Cannot evict pod as it would violate the pod's disruption budget.")];
    state.pods.splice(i, 1);
    return [201, { kind: "Status", apiVersion: "v1", status: "Success", code: 201 }];
  }
  return violation(404, "not an endpoint the executor should call");
}

function serve(req: IncomingMessage, res: ServerResponse) {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const url = new URL(req.url ?? "/", "http://x");
    const text = Buffer.concat(chunks).toString("utf8");
    const contentType = req.headers["content-type"];
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      state.violations.push(`${req.method} ${url.pathname}: body is not JSON`);
    }
    state.requests.push({ method: req.method ?? "", path: url.pathname + url.search, contentType, body });
    let reply: [number, unknown];
    const injected = state.fail(req.method ?? "", url.pathname);
    if (req.headers.authorization !== `Bearer ${token}`) reply = [401, status(401, "Unauthorized")];
    else if (injected !== null) reply = [injected, status(injected, "injected failure")];
    else reply = handle(req.method ?? "", url, contentType, body);
    res.writeHead(reply[0], { "Content-Type": "application/json" }).end(JSON.stringify(reply[1]));
  });
}

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

function freshState(): State {
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
  server = createServer(serve);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  state = freshState();
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
