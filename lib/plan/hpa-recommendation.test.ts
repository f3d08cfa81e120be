import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { autoscalePlan } from "./autoscale-plan";
import {
  hpaDesiredReplicas,
  hpaDesiredReplicasFromPods,
  stabilizeRecommendation,
} from "./hpa-recommendation";
import { makeDiagnosis } from "./make-diagnosis";
import { recommendAutoscale } from "./recommend-autoscale";
import { initialPidState, pidStep, type PidGains } from "./pid-controller";

// Examples from https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/
// and the HorizontalPodAutoscaler walkthrough.
describe("hpaDesiredReplicas (Kubernetes documentation examples)", () => {
  it("doubles the replicas when the metric is 200m against a 100m target", () => {
    expect(hpaDesiredReplicas(3, 200, 100)).toBe(6);
  });
  it("halves them at 50m against 100m", () => {
    expect(hpaDesiredReplicas(4, 50, 100)).toBe(2);
  });
  it("skips scaling within the 0.1 tolerance", () => {
    expect(hpaDesiredReplicas(4, 109, 100)).toBe(4);
    expect(hpaDesiredReplicas(4, 91, 100)).toBe(4);
    expect(hpaDesiredReplicas(4, 111, 100)).toBe(5);
  });
  it("walkthrough: one php-apache pod at 305% CPU against a 50% target becomes 7", () => {
    expect(hpaDesiredReplicas(1, 305, 50)).toBe(7);
  });
});

describe("hpaDesiredReplicasFromPods", () => {
  const pod = (value: number | null, ready = true) => ({ value, ready });
  it("equals the bare rule when every pod reports", () => {
    expect(hpaDesiredReplicasFromPods([pod(200), pod(200), pod(200)], 100)).toBe(6);
  });
  it("counts a missing pod as 100% of the target on a scale-down", () => {
    // Ready average 50 → would halve 4 pods to 2; with the missing pod at 100: (50·3+100)/4 = 62.5 → ceil(0.625·4) = 3.
    expect(hpaDesiredReplicasFromPods([pod(50), pod(50), pod(50), pod(null)], 100)).toBe(3);
  });
  it("counts missing and not-ready pods as 0% on a scale-up", () => {
    // Ready average 200 over 2; plus one missing and one not ready at 0: 400/4 = 100 → within tolerance.
    expect(hpaDesiredReplicasFromPods([pod(200), pod(200), pod(null), pod(300, false)], 100)).toBe(4);
    // Ready 300 each: (600 + 0 + 0)/4 = 150 → ceil(1.5·4) = 6.
    expect(hpaDesiredReplicasFromPods([pod(300), pod(300), pod(null), pod(300, false)], 100)).toBe(6);
  });
  it("does not act when the fill-in reverses the direction", () => {
    // Ready 120 → up; with two missing at 0: 240/4 = 60 → would go down: no change.
    expect(hpaDesiredReplicasFromPods([pod(120), pod(120), pod(null), pod(null)], 100)).toBe(4);
  });
});

describe("stabilizeRecommendation", () => {
  const bounds = { minReplicas: 2, maxReplicas: 10 };
  it("scales down only to the highest recommendation of the last 300 s", () => {
    const t = 1_000_000;
    const prev = [
      { at: t - 240_000, replicas: 9 },
      { at: t - 120_000, replicas: 7 },
    ];
    expect(stabilizeRecommendation(5, prev, t, bounds).replicas).toBe(9);
    const later = stabilizeRecommendation(5, prev, t + 61_000, bounds);
    expect(later.replicas).toBe(7);
    expect(later.recommendations.map((r) => r.replicas)).toEqual([7, 5]);
  });
  it("scales up at once and clamps to min and max", () => {
    expect(stabilizeRecommendation(12, [{ at: 0, replicas: 3 }], 1000, bounds).replicas).toBe(10);
    expect(stabilizeRecommendation(1, [], 1000, bounds).replicas).toBe(2);
  });
  it("never returns fewer replicas than any recommendation in the window, within bounds", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 20 }), (raws) => {
        let recs: { at: number; replicas: number }[] = [];
        raws.forEach((raw, i) => {
          const now = i * 60_000;
          const s = stabilizeRecommendation(raw, recs, now, bounds);
          recs = s.recommendations;
          const windowMax = Math.max(...raws.slice(Math.max(0, i - 4), i + 1));
          expect(s.replicas).toBe(Math.min(10, Math.max(2, windowMax)));
        });
      }),
    );
  });
});

describe("pidStep", () => {
  const gains: PidGains = { kp: 10, ki: 0.1, kd: 0, integralLimit: 100, outputMin: -2, outputMax: 3 };
  it("asks for replicas when load is above the setpoint and clamps the output", () => {
    expect(
      pidStep(initialPidState, { setpoint: 0.6, measurement: 0.7, dtSeconds: 60 }, gains).output,
    ).toBeCloseTo(1 + 0.1 * 6);
    expect(pidStep(initialPidState, { setpoint: 0.6, measurement: 1.5, dtSeconds: 60 }, gains).output).toBe(
      3,
    );
  });
  it("keeps the integral and the output within their limits", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 3, noNaN: true }), { maxLength: 100 }),
        fc.double({ min: 1, max: 120, noNaN: true }),
        (measurements, dt) => {
          let state = initialPidState;
          for (const m of measurements) {
            const step = pidStep(state, { setpoint: 0.6, measurement: m, dtSeconds: dt }, gains);
            expect(Math.abs(step.state.integral)).toBeLessThanOrEqual(gains.integralLimit);
            expect(step.output).toBeGreaterThanOrEqual(gains.outputMin);
            expect(step.output).toBeLessThanOrEqual(gains.outputMax);
            state = step.state;
          }
        },
      ),
    );
  });

  it("does not wind up while saturated", () => {
    let state = initialPidState;
    for (let i = 0; i < 50; i++)
      state = pidStep(state, { setpoint: 0.6, measurement: 1.5, dtSeconds: 60 }, gains).state;
    expect(state.integral).toBe(0);
    const back = pidStep(state, { setpoint: 0.6, measurement: 0.6, dtSeconds: 60 }, gains);
    expect(back.output).toBe(0);
  });
});

describe("autoscalePlan", () => {
  it("is a plan like any other, with the replica delta as its target", () => {
    const d = makeDiagnosis({ failureClass: "load-surge", metrics: { replicas: 3 } });
    const plan = autoscalePlan(d, hpaDesiredReplicas(3, 200, 100), {}, "cpu 200% of target");
    expect(plan).toMatchObject({
      strategy: "scale-out",
      actions: [
        { kind: "scale-out", target: { service: "checkout", replicas: 3 }, params: { from: 3, to: 6 } },
      ],
      cost: 3,
    });
    expect(autoscalePlan(d, 3, {}, "steady")).toBeNull();
    expect(autoscalePlan(d, 2, {}, "idle")).toMatchObject({
      strategy: "scale-in",
      actions: [{ kind: "scale-in", target: { replicas: 1 } }],
    });
  });
});

describe("recommendAutoscale", () => {
  const d = makeDiagnosis({ failureClass: "load-surge", metrics: { replicas: 4 } });
  const base = {
    diagnosis: d,
    bounds: { minReplicas: 2, maxReplicas: 10 },
    previous: [],
    now: 1_000_000,
    stats: {},
  };
  it("turns the HPA rule into a scale-out plan", () => {
    const r = recommendAutoscale({
      ...base,
      metric: { name: "cpu", current: 0.9, target: 0.6 },
      controller: { kind: "hpa" },
    });
    expect(r.replicas).toBe(6);
    expect(r.plan?.actions[0]).toMatchObject({ kind: "scale-out", target: { replicas: 2 } });
  });
  it("holds a scale-down for the stabilization window", () => {
    const previous = [{ at: base.now - 60_000, replicas: 4 }];
    const r = recommendAutoscale({
      ...base,
      previous,
      metric: { name: "cpu", current: 0.3, target: 0.6 },
      controller: { kind: "hpa" },
    });
    expect(r.replicas).toBe(4);
    expect(r.plan).toBeNull();
  });
  it("uses the PID controller's delta when configured", () => {
    const gains: PidGains = { kp: 10, ki: 0, kd: 0, integralLimit: 10, outputMin: -1, outputMax: 2 };
    const r = recommendAutoscale({
      ...base,
      metric: { name: "cpu", current: 0.9, target: 0.6 },
      controller: { kind: "pid", gains, state: initialPidState, dtSeconds: 60 },
    });
    expect(r.replicas).toBe(6);
    expect(r.pidState?.previousError).toBeCloseTo(0.3);
  });
});

describe("hpaDesiredReplicas in floating point", () => {
  it("does not add a replica for rounding noise", () => {
    // 0.07 / 0.01 is 7.000000000000001 in binary floating point.
    expect(hpaDesiredReplicas(1, 0.07, 0.01)).toBe(7);
  });
});
