import { layerHistory } from "@/lib/monitor/windows/read-slots";
import { windowNames } from "@/lib/monitor/windows/window-layout";
import { headlineMetrics, type FleetView } from "@/lib/validations/fleet";
import type { MonitorHost } from "./monitor-host";

/** The live view's span: the recent points cover it (the fleet pushes this every tick). */
export const liveHistoryMs = 10 * 60_000;

/** What the fleet page shows: per service, its latest metrics and its headline metrics over
 * the last `historyMs` (raw recent points, older time from the rolling windows' slots).
 * Services come from the store, so pushed and scraped services appear next to simulated ones. */
export function fleetView(host: MonitorHost, nowMs: number, historyMs = liveHistoryMs): FleetView {
  const byService = new Map<string, Record<string, number>>();
  const lastSampleAt = new Map<string, number>();
  for (const { id, key } of host.store.entries()) {
    const last = host.store.last(id);
    if (!last) continue;
    const metrics = byService.get(key.service) ?? {};
    metrics[key.metric] = last.v;
    byService.set(key.service, metrics);
    lastSampleAt.set(key.service, Math.max(lastSampleAt.get(key.service) ?? 0, last.t));
  }
  const sim = host.fleet?.current;
  const order = sim ? sim.services.map((s) => s.name) : [];
  const names = [
    ...order.filter((n) => byService.has(n)),
    ...[...byService.keys()].filter((n) => !order.includes(n)).sort(),
  ];
  const from = nowMs - historyMs;
  const history = (name: string, metric: string): [number, number][] => {
    const recent = host.recent.points(name, metric, from);
    if (historyMs <= liveHistoryMs) return recent;
    const id = host.store.idOf(name, metric);
    return layerHistory([recent, ...windowNames.map((w) => host.store.slotMeans(id, w, nowMs))], from);
  };
  return {
    now: nowMs,
    historyFrom: from,
    source: sim ? "simulated" : "external",
    services: names.map((name) => {
      const spec = sim?.topology.services.find((s) => s.name === name);
      const state = sim?.services.find((s) => s.name === name);
      const metrics = byService.get(name) ?? {};
      return {
        name,
        tier: spec?.tier ?? null,
        replicas: {
          ready: metrics.replicas_ready ?? 0,
          total: state?.replicas.length ?? metrics.replicas_ready ?? 0,
        },
        metrics,
        lastSampleAt: lastSampleAt.get(name) ?? null,
        history: Object.fromEntries(headlineMetrics.map((m) => [m, history(name, m)])),
      };
    }),
  };
}
