import { isNode, LineCounter, parseDocument } from "yaml";
import { z } from "zod";

// A fleet topology document (JSON or YAML). Units: rates in requests per second, times in
// milliseconds, memory/disk as fractions of the limit.

export const callSchema = z.object({
  service: z.string().min(1),
  /** Calls made to the callee per request served by the caller. */
  perRequest: z.number().positive().max(100).default(1),
  timeoutMs: z.number().positive().max(600_000).default(1_000),
  retries: z.number().int().min(0).max(10).default(1),
  /** Retries may add at most this fraction of extra calls (Envoy's retry budget defaults to
   * 20% of active requests). Set it high to let a retry storm run away. */
  retryBudget: z.number().min(0).max(10).default(0.2),
  /** A fallback exists (the caller degrades instead of failing when this call fails). */
  optional: z.boolean().default(false),
  /** Name of a cache service: this edge is only taken on that cache's misses. */
  onMissOf: z.string().min(1).optional(),
});
export type Call = z.infer<typeof callSchema>;

export const serviceSpecSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, "lower-case letters, digits and dashes"),
  kind: z.enum(["service", "cache", "database"]).default("service"),
  tier: z.enum(["edge", "api", "core", "data"]).default("core"),
  criticality: z.enum(["critical", "high", "medium", "low"]).default("medium"),
  version: z.string().min(1).default("v1"),
  replicas: z.number().int().min(1).max(1000),
  /** Requests per second one replica serves at full CPU. */
  capacityPerReplica: z.number().positive(),
  /** Own processing time at the median with an idle service, ms. */
  baseLatencyMs: z.number().positive(),
  baseErrorRate: z.number().min(0).max(1).default(0.001),
  /** Fraction of the fleet's external traffic that enters here (entry points only). */
  trafficShare: z.number().min(0).max(1).default(0),
  memoryBaseline: z.number().min(0).max(1).default(0.4),
  diskBaseline: z.number().min(0).max(1).default(0.2),
  /** Connections per replica to pooled (database) callees; 0 = no pool. */
  poolSize: z.number().int().min(0).default(0),
  /** For caches: hit ratio when warm. */
  hitRatio: z.number().min(0).max(1).default(0.9),
  startupMs: z.number().int().min(0).default(20_000),
  calls: z.array(callSchema).default([]),
});
export type ServiceSpec = z.infer<typeof serviceSpecSchema>;

export const topologySchema = z
  .object({
    name: z.string().min(1),
    zones: z.array(z.string().min(1)).min(1),
    nodesPerZone: z.number().int().min(1).max(100).default(2),
    /** External requests per second at the daily peak on a weekday. */
    peakRps: z.number().positive(),
    services: z.array(serviceSpecSchema).min(1),
  })
  .superRefine((topology, ctx) => {
    const names = new Map<string, number>();
    topology.services.forEach((s, i) => {
      if (names.has(s.name)) {
        ctx.addIssue({ code: "custom", path: ["services", i, "name"], message: `duplicate service "${s.name}"` });
      }
      names.set(s.name, i);
    });
    topology.services.forEach((s, i) => {
      s.calls.forEach((c, j) => {
        const callee = names.get(c.service);
        if (callee === undefined || c.service === s.name) {
          ctx.addIssue({
            code: "custom",
            path: ["services", i, "calls", j, "service"],
            message: callee === undefined ? `unknown service "${c.service}"` : "a service cannot call itself",
          });
        }
        const cache = c.onMissOf === undefined ? undefined : topology.services[names.get(c.onMissOf) ?? -1];
        if (c.onMissOf !== undefined && cache?.kind !== "cache") {
          ctx.addIssue({ code: "custom", path: ["services", i, "calls", j, "onMissOf"], message: `"${c.onMissOf}" is not a cache service` });
        }
      });
    });
    if (!topology.services.every((s) => s.calls.every((c) => names.has(c.service)))) return;
    const cycle = findCycle(topology.services);
    if (cycle) ctx.addIssue({ code: "custom", path: ["services"], message: `call cycle: ${cycle.join(" -> ")}` });
  });
export type Topology = z.infer<typeof topologySchema>;

/** Returns one call cycle as a list of names, or null when the call graph is a DAG. */
function findCycle(services: readonly ServiceSpec[]): string[] | null {
  const byName = new Map(services.map((s) => [s.name, s]));
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (name: string): string[] | null => {
    if (state.get(name) === "done") return null;
    if (state.get(name) === "open") return [...stack.slice(stack.indexOf(name)), name];
    state.set(name, "open");
    stack.push(name);
    for (const c of byName.get(name)?.calls ?? []) {
      const found = visit(c.service);
      if (found) return found;
    }
    stack.pop();
    state.set(name, "done");
    return null;
  };
  for (const s of services) {
    const found = visit(s.name);
    if (found) return found;
  }
  return null;
}

/** Formats zod issues as `path.to.field: message` lines, the path naming the offending field. */
export function formatIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join("\n");
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "") || "(root)";
}

/** Parses a JSON or YAML document and validates it; errors say `line N: path: message`, the
 * line of the offending field (or of its nearest existing parent, for a missing field). */
export function parseDocumentText<T extends z.ZodType>(schema: T, text: string, what: string): z.infer<T> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) throw new Error(`${what} is not valid JSON/YAML: ${doc.errors[0]!.message}`);
  const result = schema.safeParse(doc.toJS());
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    let node: unknown = null;
    for (let n = issue.path.length; n >= 0 && !isNode(node); n--) node = doc.getIn(issue.path.slice(0, n), true);
    const line = isNode(node) && node.range ? `line ${lineCounter.linePos(node.range[0]).line}: ` : "";
    return `${line}${formatPath(issue.path)}: ${issue.message}`;
  });
  throw new Error(`invalid ${what}:\n${lines.join("\n")}`);
}

/** Parses a JSON or YAML topology document; throws an Error naming the line and field of each problem. */
export function parseTopologyText(text: string): Topology {
  return parseDocumentText(topologySchema, text, "topology");
}

/** Validates an already-parsed topology; throws an Error naming each bad field. */
export function parseTopology(doc: unknown): Topology {
  const result = topologySchema.safeParse(doc);
  if (!result.success) throw new Error(`invalid topology:\n${formatIssues(result.error)}`);
  return result.data;
}
