// Target tracking as the Kubernetes Horizontal Pod Autoscaler does it
// (https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/, "Algorithm
// details", and pkg/controller/podautoscaler/replica_calculator.go):
//   desiredReplicas = ceil(currentReplicas × currentMetricValue / desiredMetricValue)
// skipped when the ratio is within the tolerance of 1 (0.1 by default); scale-downs are
// stabilized by taking the highest recommendation of the last 300 s; min/max clamp last.

export const hpaDefaults = { tolerance: 0.1, downscaleStabilizationSeconds: 300 } as const;

/** The bare rule: one average metric value over `currentReplicas` pods. */
export function hpaDesiredReplicas(
  currentReplicas: number,
  currentMetric: number,
  targetMetric: number,
  tolerance: number = hpaDefaults.tolerance,
): number {
  const ratio = currentMetric / targetMetric;
  if (Math.abs(1 - ratio) <= tolerance) return currentReplicas;
  return ceilReplicas(currentReplicas * ratio);
}

/**
 * Kubernetes computes on integer milli-units; in floating point 0.07 / 0.01 is a hair above 7,
 * so values within 1e-9 of an integer count as that integer.
 */
const ceilReplicas = (x: number): number => Math.ceil(x - 1e-9);

/** One pod's metric: `value` null when the pod reported none. */
export type PodMetric = { value: number | null; ready: boolean };

/**
 * The rule with the documented handling of missing and not-yet-ready pods: missing pods
 * count as 100% of the target on a scale-down and 0% on a scale-up, not-ready pods as 0% on a
 * scale-up; if that reverses the direction or lands within the tolerance, nothing changes.
 */
export function hpaDesiredReplicasFromPods(
  pods: readonly PodMetric[],
  targetMetric: number,
  tolerance: number = hpaDefaults.tolerance,
): number {
  const current = pods.length;
  const ready = pods.filter((p) => p.ready && p.value !== null).map((p) => p.value as number);
  if (ready.length === 0) return current;
  const missing = pods.filter((p) => p.value === null).length;
  const unready = pods.filter((p) => !p.ready && p.value !== null).length;
  const ratio = sum(ready) / ready.length / targetMetric;
  if (missing === 0 && unready === 0) {
    if (Math.abs(1 - ratio) <= tolerance) return current;
    return ceilReplicas(ratio * ready.length);
  }
  const scaleUp = ratio > 1;
  const filled = [...ready];
  for (let i = 0; i < missing; i++) filled.push(scaleUp ? 0 : targetMetric);
  if (scaleUp) for (let i = 0; i < unready; i++) filled.push(0);
  const newRatio = sum(filled) / filled.length / targetMetric;
  if (Math.abs(1 - newRatio) <= tolerance || (ratio > 1 && newRatio < 1) || (ratio < 1 && newRatio > 1))
    return current;
  const replicas = ceilReplicas(newRatio * filled.length);
  if ((newRatio < 1 && replicas > current) || (newRatio > 1 && replicas < current)) return current;
  return replicas;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

export type Recommendation = { at: number; replicas: number };

export type StabilizedRecommendation = {
  replicas: number;
  /** The raw recommendations to pass to the next call (the window's, plus this one). */
  recommendations: Recommendation[];
};

/**
 * Scale-down stabilization then the min/max clamp. The result is the highest raw
 * recommendation within the window ending at `now` (ms), so a brief dip does not remove
 * replicas that the next minute needs again; scale-ups apply at once.
 */
export function stabilizeRecommendation(
  raw: number,
  previous: readonly Recommendation[],
  now: number,
  bounds: { minReplicas: number; maxReplicas: number },
  windowSeconds: number = hpaDefaults.downscaleStabilizationSeconds,
): StabilizedRecommendation {
  const recommendations = [
    ...previous.filter((r) => r.at > now - windowSeconds * 1000 && r.at <= now),
    { at: now, replicas: raw },
  ];
  const highest = Math.max(...recommendations.map((r) => r.replicas));
  return {
    replicas: Math.min(bounds.maxReplicas, Math.max(bounds.minReplicas, highest)),
    recommendations,
  };
}
