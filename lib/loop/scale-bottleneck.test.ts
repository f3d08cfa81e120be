import { describe, expect, it } from "vitest";
import type { PlanState } from "./loop-state";
import type { Inventory } from "./inventory";
import { findBottleneck } from "./scale-bottleneck";
import { seriesKey, type SampleHistory } from "./sample-history";

const inventory = {
  services: [
    { name: "web", calls: [{ service: "db" }, { service: "auth" }] },
    { name: "db", calls: [] },
    { name: "auth", calls: [] },
  ],
} as unknown as Inventory;

const plan: PlanState = {
  id: "p1",
  incidentId: "i1",
  service: "web",
  strategy: "scale-out",
  level: "resource",
  failureClass: "load-surge",
  actions: [{ kind: "scale-out", target: { service: "web", replicas: 2 }, params: {} }],
  ruleId: null,
  proposedAt: 0,
  status: "rolled-back",
  executedAt: 100_000,
  finishedAt: 300_000,
};
const windows = { before: { from: 0, to: 100_000 }, after: { from: 160_000, to: 300_000 } };

/** Saturation of `service` at `before` until the action, `after` from then on, every 5 s. */
function history(levels: Record<string, [number, number]>): SampleHistory {
  const h: SampleHistory = {};
  for (const [service, [before, after]] of Object.entries(levels)) {
    const t = Array.from({ length: 60 }, (_, i) => i * 5_000);
    h[seriesKey(service, "saturation")] = { t, v: t.map((x) => (x < 100_000 ? before : after)) };
  }
  return h;
}

describe("findBottleneck", () => {
  it("names the callees that took the extra load and now run near capacity", () => {
    const b = findBottleneck(plan, inventory, history({ db: [0.6, 1.3], auth: [0.3, 0.35] }), windows, new Set());
    expect(b).toEqual({ callees: [{ service: "db", saturation: 1.3 }], planId: "p1", actions: plan.actions });
  });

  it("finds none when no callee saturated, or the saturated one was already scaled", () => {
    expect(findBottleneck(plan, inventory, history({ db: [0.6, 0.7], auth: [0.3, 0.35] }), windows, new Set())).toBeNull();
    expect(findBottleneck(plan, inventory, history({ db: [0.6, 1.3] }), windows, new Set(["db"]))).toBeNull();
  });

  it("finds none when the callee was saturated before the scale-out already", () => {
    expect(findBottleneck(plan, inventory, history({ db: [1.2, 1.25] }), windows, new Set())).toBeNull();
  });

  it("only follows scale-outs", () => {
    expect(findBottleneck({ ...plan, strategy: "degrade" }, inventory, history({ db: [0.6, 1.3] }), windows, new Set())).toBeNull();
  });
});
