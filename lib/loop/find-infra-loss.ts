import type { Inventory } from "./inventory";

/** Replicas not ready for this long count as lost: longer than a restart's start-up (the
 * fleet's default is 20 s; a database takes 30 s), so a rolling restart is not a lost node. */
export const lostAfterMs = 45_000;

export type InfraLoss = {
  kind: "node-loss" | "zone-loss";
  zone: string;
  /** The lost node (node-loss), or the zone's lost nodes. */
  nodes: string[];
  /** Services with lost replicas there, with how many. */
  services: { service: string; lost: number; total: number }[];
};

/** Since when each replica has been not ready; ready replicas are dropped. Pure. */
export function updateUnready(unreadySince: Readonly<Record<string, number>>, inventory: Inventory, now: number): Record<string, number> {
  const next: Record<string, number> = {};
  for (const s of inventory.services)
    for (const r of s.replicas) if (!r.ready) next[r.id] = unreadySince[r.id] ?? now;
  return next;
}

/**
 * A lost node or zone: a node whose replicas have all been not ready for `lostAfterMs`, when
 * such nodes together hold replicas of at least two services. Independent restarts rarely line
 * up on one node for that long; a node or zone going away always does. Every node of a zone
 * lost (and the zone has more than one) is a zone loss.
 */
export function findInfraLoss(inventory: Inventory, unreadySince: Readonly<Record<string, number>>, now: number): InfraLoss | null {
  const nodes = new Map<string, { zone: string; replicas: number; lost: number; services: Set<string> }>();
  const lostAt = (id: string) => unreadySince[id] !== undefined && now - unreadySince[id] >= lostAfterMs;
  for (const s of inventory.services)
    for (const r of s.replicas) {
      let node = nodes.get(r.node);
      if (!node) nodes.set(r.node, (node = { zone: r.zone, replicas: 0, lost: 0, services: new Set() }));
      node.replicas += 1;
      if (lostAt(r.id)) {
        node.lost += 1;
        node.services.add(s.name);
      }
    }
  const lostNodes = [...nodes].filter(([, n]) => n.lost > 0 && n.lost === n.replicas).sort(([a], [b]) => a.localeCompare(b));
  if (lostNodes.length === 0) return null;
  const zone = lostNodes[0]![1].zone;
  const inZone = lostNodes.filter(([, n]) => n.zone === zone);
  if (new Set(inZone.flatMap(([, n]) => [...n.services])).size < 2) return null;
  const zoneNodes = [...nodes].filter(([, n]) => n.zone === zone).length;
  const wholeZone = zoneNodes > 1 && inZone.length === zoneNodes;
  const lost = wholeZone ? inZone.map(([node]) => node) : [inZone.find(([, n]) => n.services.size >= 2)?.[0] ?? inZone[0]![0]];
  const services = inventory.services.flatMap((s) => {
    const count = s.replicas.filter((r) => lost.includes(r.node) && lostAt(r.id)).length;
    return count > 0 ? [{ service: s.name, lost: count, total: s.replicas.length }] : [];
  });
  return { kind: wholeZone ? "zone-loss" : "node-loss", zone, nodes: lost, services };
}
