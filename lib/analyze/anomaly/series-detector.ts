import type { AnomalyConfig } from "./anomaly-config";
import {
  type ChangePointState,
  createChangePointState,
  restartChangePoint,
  robustZ,
  startChangePoint,
  stepChangePoint,
} from "./change-point-detector";
import { createDensityState, type DensityState, stepDensity } from "./density-detector";
import {
  createSeasonalState,
  openSeasonalGate,
  type SeasonalState,
  seasonalBucket,
  stepSeasonal,
} from "./seasonal-detector";

// One series' streaming ensemble. Every accepted sample costs O(1) time; the state has a fixed
// size (bounded count tables and per-bucket arrays) and is a plain JSON-serialisable object.
// No field is ever NaN or infinite (sentinels are ±Number.MAX_VALUE), so JSON round-trips it.
// `stepSeries` mutates the state it is given — the caller owns it — so a hot loop allocates
// nothing; `structuredClone` gives a snapshot.
//
// The score is the strongest detector's evidence, and every detector speaks the same scale:
// 1/2 means "by this detector's own account, nothing like this has been seen in this series"
// (a value never seen, a time-of-day value never seen, the surprisal CUSUM at its decision
// level; level and variance shifts are discounted to a warning, see anomaly-config); a value
// also beyond the widest range seen climbs towards 1 with the distance, in units of the
// series' own warm-up range: 0.9 is a new value 2.5 warm-up ranges (on the compressed scale)
// beyond anything seen, whatever the series' units, level or noise. During an alarm's
// hold-off the score may sit below the evidence (see `holdOff`); the evidence is kept as is.

export const seriesDetectors = ["density", "seasonal", "changePoint"] as const;
export type SeriesDetector = (typeof seriesDetectors)[number];

/** Values beyond ±1e100 are treated like NaN: no metric lives there, and ranges and rates of
 * such values overflow to Infinity. */
const maxMagnitude = 1e100;

export type SampleStatus = "warmup" | "scored" | "duplicate" | "invalid";

export type SeriesState = {
  /** Finite samples accepted so far. */
  count: number;
  lastT: number;
  /** Mean step over warm-up: the nominal sampling interval (ms). */
  intervalMs: number;
  firstT: number;
  lo: number;
  hi: number;
  /** Grid step for the value histograms, on the compressed scale; 0 until warm-up ends. */
  binWidth: number;
  origin: number;
  /** Last raw value (a counter's rate needs it). */
  previous: number;
  /** Warm-up steps that did not fall, and that rose. */
  counterSteps: number;
  risingSteps: number;
  /** Range of the per-second rate over warm-up. */
  rateLo: number;
  rateHi: number;
  /** The series is a counter: its per-second rate is scored, not its value. */
  counter: boolean;
  /** Falls of a counter seen after warm-up (restarts). */
  counterResets: number;
  /** Scale of the asinh compression (see `compress`); 0 until warm-up ends. */
  compression: number;
  density: DensityState;
  seasonal: SeasonalState;
  weekly: SeasonalState;
  changePoint: ChangePointState;
  /** Last result, returned again for a duplicate timestamp. */
  score: number;
  evidence: Record<SeriesDetector, number>;
  status: SampleStatus;
  /** Sample count and score of the last alarm, for the hold-off. */
  alarmAt: number;
  alarmScore: number;
  /** Robust z of the last accepted value (input to the multivariate detector); 0 in warm-up. */
  z: number;
};

export function createSeriesState(config: AnomalyConfig): SeriesState {
  return {
    count: 0,
    lastT: -Number.MAX_VALUE,
    intervalMs: Number.MAX_VALUE,
    firstT: 0,
    lo: Number.MAX_VALUE,
    hi: -Number.MAX_VALUE,
    binWidth: 0,
    origin: 0,
    compression: 0,
    previous: 0,
    counterSteps: 0,
    risingSteps: 0,
    rateLo: Number.MAX_VALUE,
    rateHi: -Number.MAX_VALUE,
    counter: false,
    counterResets: 0,
    density: createDensityState(config.tableCapacity),
    seasonal: createSeasonalState(config.tableCapacity, config.seasonal.buckets),
    weekly: createSeasonalState(config.tableCapacity, config.weekly.buckets),
    changePoint: createChangePointState(),
    score: 0,
    evidence: { density: 0, seasonal: 0, changePoint: 0 },
    status: "warmup",
    alarmAt: Number.MIN_SAFE_INTEGER,
    alarmScore: 0,
    z: 0,
  };
}

/**
 * Scores one sample (t in ms, v the value) and learns from it; returns the score in [0, 1).
 * Non-finite values, and values beyond ±1e100, are ignored (score 0, status "invalid"); a
 * timestamp not after the last accepted one is a duplicate or out of order: ignored, the
 * previous result stands.
 */
export function stepSeries(s: SeriesState, config: AnomalyConfig, t: number, v: number): number {
  if (!(Math.abs(v) <= maxMagnitude) || !Number.isFinite(t)) {
    s.status = "invalid";
    s.score = 0;
    s.evidence.density = s.evidence.seasonal = s.evidence.changePoint = 0;
    return 0;
  }
  if (t <= s.lastT) {
    s.status = "duplicate";
    return s.score;
  }
  const step = t - s.lastT;
  s.lastT = t;
  const warm = config.warmupSamples;
  s.count++;
  if (s.count === 1) s.firstT = t;
  if (s.count <= warm) observeWarmup(s, v, step);
  if (s.count === warm) {
    s.intervalMs = (t - s.firstT) / (warm - 1);
    s.counter = s.counterSteps === warm - 1 && s.risingSteps >= 0.9 * (warm - 1);
    if (s.counter) {
      s.lo = s.rateLo;
      s.hi = s.rateHi;
    }
  }
  const raw = v;
  if (s.counter) v = counterRate(s, raw, step);
  s.previous = raw;
  if (s.count < warm) return warmup(s);
  if (s.count === warm) {
    s.compression = config.compression * (s.hi - s.lo || Math.abs(s.hi) || 1);
    const lo = compress(s, s.lo);
    const hi = compress(s, s.hi);
    // A constant warm-up gets a grid of a thousandth of its level: any later movement is news.
    s.binWidth = (hi - lo) / config.binsAcrossWarmup || Math.max(Math.abs(hi) * 1e-3, 1e-9);
    s.origin = lo;
    openSeasonalGate(s.seasonal, config.seasonal, s.intervalMs);
    openSeasonalGate(s.weekly, config.weekly, s.intervalMs);
    startChangePoint(s.changePoint, v, (s.hi - s.lo) / 4);
    const bin = binOf(s, v);
    stepDensity(s.density, bin, config.extensionGain, true);
    stepSeasonal(s.seasonal, config.seasonal, seasonalBucket(t, config.seasonal), bin, config.extensionGain);
    stepSeasonal(s.weekly, config.weekly, seasonalBucket(t, config.weekly), bin, config.extensionGain);
    return warmup(s);
  }
  if (step > config.gapIntervals * s.intervalMs) restartChangePoint(s.changePoint);
  const bin = binOf(s, v);
  const density = stepDensity(s.density, bin, config.extensionGain, false);
  const seasonal = Math.max(
    stepSeasonal(s.seasonal, config.seasonal, seasonalBucket(t, config.seasonal), bin, config.extensionGain),
    stepSeasonal(s.weekly, config.weekly, seasonalBucket(t, config.weekly), bin, config.extensionGain),
  );
  s.z = robustZ(s.changePoint, v, s.binWidth);
  const change = stepChangePoint(
    s.changePoint,
    config.changePoint,
    v,
    s.binWidth,
    s.density.lastCount,
    s.count,
  );
  s.evidence.density = density;
  s.evidence.seasonal = seasonal;
  s.evidence.changePoint = change;
  s.status = "scored";
  s.score = holdOff(s, config.holdOff, Math.max(density, seasonal, change));
  return s.score;
}

/**
 * Warm-up bookkeeping: the value range, and whether the series looks like a counter — it never
 * fell and rose at nine steps in ten (a gauge, even a trending one, has flat or falling steps).
 */
function observeWarmup(s: SeriesState, v: number, step: number): void {
  if (v < s.lo) s.lo = v;
  if (v > s.hi) s.hi = v;
  if (s.count === 1) return;
  const rise = v - s.previous;
  if (rise >= 0) s.counterSteps++;
  if (rise > 0) s.risingSteps++;
  const rate = (rise * 1000) / step;
  if (rate < s.rateLo) s.rateLo = rate;
  if (rate > s.rateHi) s.rateHi = rate;
}

/**
 * A counter is scored by its rate per second, as Prometheus' rate() does: a fall is a reset (a
 * restart), after which the counter's value is what it gained since the reset.
 */
function counterRate(s: SeriesState, v: number, step: number): number {
  let gained = v - s.previous;
  if (gained < 0) {
    gained = v;
    s.counterResets++;
  }
  return (gained * 1000) / step;
}

/**
 * Alert fatigue control: an alarm (score >= level) opens a hold-off in which a score no higher
 * than the alarm's is damped — the same episode is not reported twice, while a stronger
 * development still is. The hold-off grows with the history watched (a share of the samples
 * seen), between `samples` and `maxSamples`.
 */
function holdOff(s: SeriesState, c: AnomalyConfig["holdOff"], score: number): number {
  const span = Math.min(c.maxSamples, Math.max(c.samples, c.share * s.count));
  if (s.count - s.alarmAt < span && score <= s.alarmScore) return score * c.damping;
  if (score >= c.level) {
    s.alarmAt = s.count;
    s.alarmScore = score;
  }
  return score;
}

function warmup(s: SeriesState): number {
  s.status = "warmup";
  s.score = 0;
  return 0;
}

/**
 * c·asinh(v/c), c a multiple of the warm-up range: linear within a few ranges of zero,
 * logarithmic beyond. A series that lives far from zero (a latency around 200 ms, tweet counts)
 * is then binned by ratios, so its bins widen with its level and a heavy upper tail does not
 * scatter over thousands of sparse bins; a series around zero keeps a linear grid.
 */
function compress(s: SeriesState, v: number): number {
  return s.compression * Math.asinh(v / s.compression);
}

function binOf(s: SeriesState, v: number): number {
  return Math.floor((compress(s, v) - s.origin) / s.binWidth);
}
