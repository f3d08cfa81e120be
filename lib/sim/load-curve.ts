import type { FleetState } from "./fleet-types";
import type { Rng } from "./random";

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
/** Correlation time of the load noise: minutes-scale wander, like real traffic. */
const noiseTauMs = 120_000;
const noiseSd = 0.05;
/** One burst every 30 minutes on average, lasting 30 s to 3 min, +20% to +60%. */
const burstMeanGapMs = 30 * 60_000;

/** Daily × weekly shape in (0, 1]: trough at 04:00 UTC (0.55), peak at 16:00 UTC (1.0); weekend days at 75%. */
export function loadShape(nowMs: number): number {
  const hour = ((nowMs % dayMs) + dayMs) % dayMs / hourMs;
  const daily = 0.55 + 0.45 * ((1 - Math.cos((2 * Math.PI * (hour - 4)) / 24)) / 2);
  const weekday = new Date(nowMs).getUTCDay();
  const weekly = weekday === 0 || weekday === 6 ? 0.75 : 1;
  return daily * weekly;
}

/** Advances noise and bursts by `dtMs` and returns the new load state. Always draws exactly
 * five uniforms, so two fleets on the same seed see the same traffic whatever their faults. */
export function advanceLoad(load: FleetState["load"], peakRps: number, dtMs: number, nowMs: number, rng: Rng): FleetState["load"] {
  const decay = Math.exp(-dtMs / noiseTauMs);
  const noise = load.noise * decay + noiseSd * Math.sqrt(1 - decay * decay) * rng.normal();
  const startDraw = rng.next();
  const factorDraw = rng.next();
  const durationDraw = rng.next();
  let { burstFactor, burstUntilMs } = load;
  if (nowMs >= burstUntilMs) burstFactor = 1;
  if (burstFactor === 1 && startDraw < dtMs / burstMeanGapMs) {
    burstFactor = 1.2 + 0.4 * factorDraw;
    burstUntilMs = nowMs + 30_000 + 150_000 * durationDraw;
  }
  const externalRps = peakRps * loadShape(nowMs) * Math.max(0.2, 1 + noise) * burstFactor;
  return { noise, burstFactor, burstUntilMs, externalRps };
}
