import { z } from "zod";

// What the host knows about the fleet besides its metrics: the call graph, where each replica
// runs, whether it is ready, and which version it runs (a Kubernetes API or a service catalog
// answers this in production). Nothing here is ground truth about faults: the loop sees a
// replica that is not ready, never why.

export const inventoryReplicaSchema = z.object({
  id: z.string(),
  zone: z.string(),
  node: z.string(),
  ready: z.boolean(),
  version: z.string(),
});

export const inventoryCallSchema = z.object({
  service: z.string(),
  /** The caller degrades instead of failing when this call fails. */
  optional: z.boolean().default(false),
  /** A cache service: this call is made only on that cache's misses. */
  onMissOf: z.string().optional(),
});

export const inventoryServiceSchema = z.object({
  name: z.string().min(1),
  kind: z.enum(["service", "cache", "database"]).default("service"),
  labels: z.record(z.string(), z.string()).default({}),
  critical: z.boolean().default(false),
  /** Takes external traffic (an ingress, a public API). */
  entry: z.boolean().default(false),
  calls: z.array(inventoryCallSchema).default([]),
  /** The version the service ran before its latest rollout (rollout history). */
  previousVersion: z.string().optional(),
  replicas: z.array(inventoryReplicaSchema),
});

export const inventorySchema = z.object({ services: z.array(inventoryServiceSchema) });
export type Inventory = z.infer<typeof inventorySchema>;
export type InventoryService = z.infer<typeof inventoryServiceSchema>;

/** Caller → callee pairs of the call graph. */
export function inventoryEdges(inventory: Inventory): [string, string][] {
  return inventory.services.flatMap((s) => s.calls.map((c): [string, string] => [s.name, c.service]));
}

export function callersOf(inventory: Inventory, service: string): InventoryService[] {
  return inventory.services.filter((s) => s.calls.some((c) => c.service === service));
}

/** The newest version on the service's replicas that differs from its previous one, if any:
 * a rollout in progress or done. */
export function rolledOutVersion(s: InventoryService): string | undefined {
  if (s.previousVersion === undefined) return undefined;
  return s.replicas.find((r) => r.version !== s.previousVersion)?.version;
}

/** Services that take external traffic: those marked so, else those nobody calls. */
export function entryServices(inventory: Inventory): Set<string> {
  const marked = inventory.services.filter((s) => s.entry).map((s) => s.name);
  if (marked.length > 0) return new Set(marked);
  const called = new Set(inventory.services.flatMap((s) => s.calls.map((c) => c.service)));
  return new Set(inventory.services.filter((s) => !called.has(s.name)).map((s) => s.name));
}
