// Adaptive probe intervals: a failing target is probed more and more often (so recovery is
// seen soon), a stable one less and less often (so healthy targets cost little), always
// within [minIntervalMs, maxIntervalMs]. Jitter keeps probes of many targets from lining up.

export type ProbeScheduleConfig = {
  minIntervalMs: number;
  maxIntervalMs: number;
  /** Consecutive successes before the interval starts to grow. */
  growAfter?: number;
  /** Interval multiplier per success once stable (> 1). */
  growFactor?: number;
  /** Interval multiplier per failure (< 1). */
  shrinkFactor?: number;
  /** Relative spread of the delay around the interval, 0..1 (0.1 = ±10 %). */
  jitter?: number;
};

export type ProbeScheduleState = { intervalMs: number; successStreak: number; failureStreak: number };

/** A new target starts at the shortest interval and earns longer ones by staying healthy. */
export function initialProbeSchedule(config: ProbeScheduleConfig): ProbeScheduleState {
  return { intervalMs: config.minIntervalMs, successStreak: 0, failureStreak: 0 };
}

/** The state after one probe outcome and the delay (ms) until the next probe. `random` is
 * uniform in [0, 1) (an injected, seeded source). Failures halve the interval down to the
 * minimum; after `growAfter` (3) successes in a row each success multiplies it by
 * `growFactor` (1.5) up to the maximum. */
export function nextProbeSchedule(
  state: ProbeScheduleState,
  ok: boolean,
  config: ProbeScheduleConfig,
  random: () => number,
): { state: ProbeScheduleState; delayMs: number } {
  const { minIntervalMs: min, maxIntervalMs: max } = config;
  const clamp = (x: number) => Math.min(max, Math.max(min, x));
  let next: ProbeScheduleState;
  if (ok) {
    const successStreak = state.successStreak + 1;
    const grow = successStreak >= (config.growAfter ?? 3);
    next = {
      intervalMs: clamp(grow ? state.intervalMs * (config.growFactor ?? 1.5) : state.intervalMs),
      successStreak,
      failureStreak: 0,
    };
  } else {
    next = {
      intervalMs: clamp(state.intervalMs * (config.shrinkFactor ?? 0.5)),
      successStreak: 0,
      failureStreak: state.failureStreak + 1,
    };
  }
  const spread = config.jitter ?? 0.1;
  const delayMs = Math.round(clamp(next.intervalMs * (1 + spread * (2 * random() - 1))));
  return { state: next, delayMs };
}
