// Memory layout of the rolling windows. Every series keeps, for each window, a ring of time
// slots in flat typed arrays owned by the SeriesStore (no objects per series or per update).
//
// - Stats ring: `statSlots + 1` slots of window/statSlots each (count, sum, min, max, counter
//   increase, span start, first value). A window summary reads the slots that overlap
//   [now - window, now], so a sample leaves a window between `window` and
//   `window × (1 + 1/statSlots)` after its timestamp.
// - Quantile ring: `quantileSlots + 1` slots of window/quantileSlots, each a log-bucket
//   histogram of `bins` buckets plus one bucket for values <= 0 (coarser expiry: up to
//   window × (1 + 1/quantileSlots)).
// Slots are reset lazily when a write lands in a slot whose stored slot number is stale, so an
// update is O(1) whatever the gap since the previous one.

export const windowNames = ["1m", "5m", "15m", "1h", "24h"] as const;
export type WindowName = (typeof windowNames)[number];
export const windowMs: Record<WindowName, number> = { "1m": 60_000, "5m": 300_000, "15m": 900_000, "1h": 3_600_000, "24h": 86_400_000 };

export const levels = windowNames.length;
export const statSlots = 12;
export const statRing = statSlots + 1;
export const quantileSlots = 3;
export const quantileRing = quantileSlots + 1;
/** Log buckets per histogram. A series' buckets cover 64 consecutive powers of gamma; when its
 * values outgrow that range, adjacent buckets merge (gamma squares). Relative error of a
 * quantile is at most sqrt(gamma) - 1: ±1% while the series' values span 3x, ±2% for 10x,
 * ±4% for 100x, ±8% for 10,000x, ±17% for 10^8x. */
export const bins = 64;
export const histWidth = bins + 1;
/** Bucket boundaries are powers of gamma = baseGamma^(2^collapses). */
export const lnBaseGamma = Math.log(1.02);
/** Positive values below this count as zero (keeps bucket keys in int32 range). */
export const tinyValue = 1e-12;

// Stats slot fields, in order.
export const F_SLOT = 0;
export const F_COUNT = 1;
export const F_SUM = 2;
export const F_MIN = 3;
export const F_MAX = 4;
export const F_INC = 5;
export const F_SPAN = 6;
export const F_FIRST = 7;
export const statFields = 8;

export const statsPerSeries = levels * statRing * statFields;
export const qslotsPerSeries = levels * quantileRing;
export const histPerSeries = qslotsPerSeries * histWidth;

export const statSlotMs = windowNames.map((w) => windowMs[w] / statSlots);
export const quantileSlotMs = windowNames.map((w) => windowMs[w] / quantileSlots);

/** Every slot boundary of every window is a multiple of the finest stats slot, so a sample in
 * the same fine slot as the previous one lands in the same slot of every window. */
export const fineSlotMs = statSlotMs[0]!;
if (![...statSlotMs, ...quantileSlotMs].every((ms) => ms % fineSlotMs === 0)) throw new Error("window slots must nest");

/** Bytes held per series (the store's arrays grow by doubling, so allow up to 2x while growing). */
export const bytesPerSeries = (statsPerSeries + qslotsPerSeries + 16) * 8 + histPerSeries * 4;
