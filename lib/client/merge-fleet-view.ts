import type { FleetView } from "@/lib/validations/fleet";

/**
 * A live push (the last 10 minutes) folded into a fleet view fetched for a longer range: the
 * latest values, services and replicas come from the push; each history keeps its older points
 * (before the push's first point) and takes the pushed ones after, and slides its start with
 * time, so the charts stay live without refetching the range.
 */
export function mergeFleetView(old: FleetView, live: FleetView): FleetView {
  const span = old.now - old.historyFrom;
  const from = live.now - span;
  const before = new Map(old.services.map((s) => [s.name, s.history]));
  return {
    ...live,
    historyFrom: Math.min(from, live.historyFrom),
    services: live.services.map((s) => {
      const older = before.get(s.name) ?? {};
      const history = Object.fromEntries(
        Object.entries({ ...older, ...s.history }).map(([metric]) => {
          const pushed = s.history[metric] ?? [];
          const cut = pushed[0]?.[0] ?? Infinity;
          const kept = (older[metric] ?? []).filter(([t]) => t >= from && t < cut);
          return [metric, [...kept, ...pushed]];
        }),
      );
      return { ...s, history };
    }),
  };
}
