import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { sameTemplate, type Deployment, type Pod, type ReplicaSet } from "@/lib/execute/kubernetes-objects";

// THIS IS A MOCK of the Kubernetes API server, because no cluster can run on this machine.
// It serves only the endpoints the executor uses and checks every request against the shapes
// the Kubernetes API reference documents: method, path, Content-Type (merge, strategic-merge
// or JSON patch), Authorization, and strict body schemas; anything else is recorded as a
// violation (and answered 400/404/415), and each test asserts there were none. It answers as
// the API server does (objects, Status on errors), and imitates the Deployment controller just
// enough to keep ReplicaSet revisions the way `kubectl rollout` sees them.

export const apiToken = "test-token";

export type MockState = {
  deployments: Map<string, Deployment>;
  replicaSets: ReplicaSet[];
  pods: Pod[];
  nodes: Map<string, { unschedulable: boolean }>;
  pdbBlocked: Set<string>;
  fail: (method: string, path: string) => number | null;
  requests: { method: string; path: string; contentType: string | undefined; body: unknown }[];
  violations: string[];
};
let state: MockState;

/** The mock serves this state object; the test keeps a reference and mutates it. */
export function useMockState(s: MockState): void {
  state = s;
}

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
    if (req.headers.authorization !== `Bearer ${apiToken}`) reply = [401, status(401, "Unauthorized")];
    else if (injected !== null) reply = [injected, status(injected, "injected failure")];
    else reply = handle(req.method ?? "", url, contentType, body);
    res.writeHead(reply[0], { "Content-Type": "application/json" }).end(JSON.stringify(reply[1]));
  });
}

/** Listens on a loopback port; `close` also drops open connections. */
export async function startKubernetesApiMock(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(serve);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
