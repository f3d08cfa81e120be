import { parseTopology, type Topology } from "./topology-schema";

// An online shop. Capacities are sized so that at the weekday peak (1,000 external rps) every
// service runs near half of its capacity: losing a zone (a third of the replicas) leaves most
// services below saturation, while a surge, a cache stampede or a retry storm pushes the
// affected tier past it. The database is sized for a 90% cache hit ratio: with the cache cold it
// receives about 2.4x its normal load, which is past its capacity (the stampede).
const db = (perRequest: number, onMissOf?: string) => ({ service: "database", perRequest, timeoutMs: 500, retries: 1, onMissOf });
const cache = (perRequest: number) => ({ service: "cache", perRequest, timeoutMs: 50, retries: 0, optional: true });

export const defaultTopology: Topology = parseTopology({
  name: "online-shop",
  zones: ["zone-a", "zone-b", "zone-c"],
  nodesPerZone: 2,
  peakRps: 1000,
  services: [
    {
      name: "frontend", tier: "edge", criticality: "critical", replicas: 4, capacityPerReplica: 350, baseLatencyMs: 20,
      trafficShare: 0.7, memoryBaseline: 0.45,
      calls: [
        { service: "gateway", perRequest: 1.5, timeoutMs: 3000, retries: 0 },
        { service: "recommendations", perRequest: 1, timeoutMs: 250, retries: 0, optional: true },
      ],
    },
    {
      name: "gateway", tier: "edge", criticality: "critical", replicas: 6, capacityPerReplica: 450, baseLatencyMs: 5,
      trafficShare: 0.3, memoryBaseline: 0.3,
      calls: [
        { service: "catalog", perRequest: 0.6, timeoutMs: 1000, retries: 1 },
        { service: "cart", perRequest: 0.25, timeoutMs: 1000, retries: 1 },
        { service: "search", perRequest: 0.2, timeoutMs: 1500, retries: 1 },
        { service: "users", perRequest: 0.3, timeoutMs: 1000, retries: 1 },
        { service: "checkout", perRequest: 0.03, timeoutMs: 5000, retries: 0 },
      ],
    },
    {
      name: "catalog", tier: "core", criticality: "high", replicas: 4, capacityPerReplica: 400, baseLatencyMs: 8, poolSize: 20,
      calls: [cache(1), db(1, "cache")],
    },
    {
      name: "cart", tier: "core", criticality: "high", replicas: 3, capacityPerReplica: 230, baseLatencyMs: 6, poolSize: 20,
      calls: [cache(1), db(1), { service: "inventory", perRequest: 0.5, timeoutMs: 800, retries: 1 }],
    },
    {
      name: "search", tier: "core", criticality: "medium", replicas: 2, capacityPerReplica: 270, baseLatencyMs: 25,
      calls: [cache(1)],
    },
    {
      name: "users", tier: "core", criticality: "high", replicas: 3, capacityPerReplica: 270, baseLatencyMs: 5, poolSize: 20,
      calls: [cache(1), db(1, "cache")],
    },
    {
      name: "checkout", tier: "core", criticality: "critical", replicas: 2, capacityPerReplica: 40, baseLatencyMs: 30,
      calls: [
        { service: "cart", perRequest: 1, timeoutMs: 1000, retries: 1 },
        { service: "payment", perRequest: 1, timeoutMs: 3000, retries: 2 },
        { service: "inventory", perRequest: 1, timeoutMs: 800, retries: 1 },
        { service: "users", perRequest: 1, timeoutMs: 1000, retries: 1 },
      ],
    },
    {
      name: "payment", tier: "core", criticality: "critical", replicas: 2, capacityPerReplica: 45, baseLatencyMs: 80, poolSize: 10,
      calls: [db(2)],
    },
    {
      name: "inventory", tier: "core", criticality: "high", replicas: 2, capacityPerReplica: 210, baseLatencyMs: 10, poolSize: 20,
      calls: [db(1)],
    },
    {
      name: "recommendations", tier: "api", criticality: "low", replicas: 3, capacityPerReplica: 470, baseLatencyMs: 40,
      calls: [cache(2)],
    },
    {
      name: "cache", kind: "cache", tier: "data", criticality: "high", version: "redis-7.2", replicas: 3, capacityPerReplica: 3000,
      baseLatencyMs: 0.5, memoryBaseline: 0.6, hitRatio: 0.9, startupMs: 5000,
    },
    {
      name: "database", kind: "database", tier: "data", criticality: "critical", version: "postgres-16.4", replicas: 3,
      capacityPerReplica: 500, baseLatencyMs: 4, memoryBaseline: 0.7, diskBaseline: 0.45, startupMs: 30_000,
    },
  ],
});
