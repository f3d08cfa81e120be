import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { parse } from "yaml";
import { z } from "zod";
import type { KubernetesRequest } from "@/lib/execute/kubernetes-requests";

// How the Kubernetes executor reaches the API server: bearer token or client certificate,
// with the cluster's CA, from a kubeconfig or the in-cluster service account. node:https is
// used rather than fetch because Node 20's fetch cannot take a per-request CA or client cert.

export type KubernetesConnection = {
  server: string;
  token?: string;
  ca?: string;
  cert?: string;
  key?: string;
  insecureSkipTlsVerify?: boolean;
};

export type KubernetesResponse = { status: number; body: unknown };
export type KubernetesTransport = (req: KubernetesRequest, timeoutMs: number) => Promise<KubernetesResponse>;

const serviceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount";

/** The pod's own service account, as client libraries find it inside a cluster. */
export function inClusterConnection(
  env: Readonly<Record<string, string | undefined>> = process.env,
  read: (p: string) => string = (p) => readFileSync(p, "utf8"),
): KubernetesConnection {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT ?? "443";
  if (!host) throw new Error("not inside a Kubernetes pod: KUBERNETES_SERVICE_HOST is not set");
  return {
    server: `https://${host.includes(":") ? `[${host}]` : host}:${port}`,
    token: read(`${serviceAccountDir}/token`).trim(),
    ca: read(`${serviceAccountDir}/ca.crt`),
  };
}

const kubeconfigSchema = z.object({
  "current-context": z.string().optional(),
  contexts: z.array(
    z.object({ name: z.string(), context: z.object({ cluster: z.string(), user: z.string() }) }),
  ),
  clusters: z.array(
    z.object({
      name: z.string(),
      cluster: z.object({
        server: z.string(),
        "certificate-authority-data": z.string().optional(),
        "certificate-authority": z.string().optional(),
        "insecure-skip-tls-verify": z.boolean().optional(),
      }),
    }),
  ),
  users: z.array(
    z.object({
      name: z.string(),
      user: z.looseObject({
        token: z.string().optional(),
        tokenFile: z.string().optional(),
        "client-certificate-data": z.string().optional(),
        "client-key-data": z.string().optional(),
        "client-certificate": z.string().optional(),
        "client-key": z.string().optional(),
      }),
    }),
  ),
});

/** A kubeconfig's context (default: current-context). Exec and auth-provider plugins are not
 * supported: they run other programs; use a service-account token instead. */
export function kubeconfigConnection(
  text: string,
  contextName?: string,
  read: (p: string) => string = (p) => readFileSync(p, "utf8"),
): KubernetesConnection {
  const cfg = kubeconfigSchema.parse(parse(text));
  const name = contextName ?? cfg["current-context"];
  const ctx = cfg.contexts.find((c) => c.name === name)?.context;
  if (!ctx) throw new Error(`kubeconfig has no context "${name ?? ""}"`);
  const cluster = cfg.clusters.find((c) => c.name === ctx.cluster)?.cluster;
  const user = cfg.users.find((u) => u.name === ctx.user)?.user;
  if (!cluster || !user)
    throw new Error(`kubeconfig context "${name ?? ""}" names a missing cluster or user`);
  if ("exec" in user || "auth-provider" in user)
    throw new Error("kubeconfig exec and auth-provider plugins are not supported; use a token");
  const b64 = (s: string | undefined) =>
    s === undefined ? undefined : Buffer.from(s, "base64").toString("utf8");
  const file = (p: string | undefined) => (p === undefined ? undefined : read(p));
  return {
    server: cluster.server,
    token: user.token ?? file(user.tokenFile)?.trim(),
    ca: b64(cluster["certificate-authority-data"]) ?? file(cluster["certificate-authority"]),
    cert: b64(user["client-certificate-data"]) ?? file(user["client-certificate"]),
    key: b64(user["client-key-data"]) ?? file(user["client-key"]),
    insecureSkipTlsVerify: cluster["insecure-skip-tls-verify"],
  };
}

/** Sends one request; a timeout or a network error rejects, any HTTP status resolves. */
export function createKubernetesTransport(conn: KubernetesConnection): KubernetesTransport {
  const base = new URL(conn.server);
  const send = base.protocol === "https:" ? httpsRequest : httpRequest;
  return (req, timeoutMs) =>
    new Promise((resolve, reject) => {
      const url = new URL(base.pathname.replace(/\/$/, "") + req.path, base);
      const body = req.body === undefined ? undefined : JSON.stringify(req.body);
      const r = send(
        url,
        {
          method: req.method,
          headers: {
            Accept: "application/json",
            ...(conn.token ? { Authorization: `Bearer ${conn.token}` } : {}),
            ...(body !== undefined
              ? {
                  "Content-Type": req.contentType ?? "application/json",
                  "Content-Length": Buffer.byteLength(body),
                }
              : {}),
          },
          ca: conn.ca,
          cert: conn.cert,
          key: conn.key,
          rejectUnauthorized: conn.insecureSkipTlsVerify !== true,
          signal: AbortSignal.timeout(timeoutMs),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", reject);
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : null;
            } catch {
              // Not JSON (a proxy's error page): keep the text for the error message.
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      r.on("error", reject);
      r.end(body);
    });
}
